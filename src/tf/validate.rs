//! Plan-time checks of configuration values. Every message names the attribute and the allowed
//! values or limit in its text, and carries the attribute path for Terraform's highlighting.

use tf_provider::{AttributePath, Diagnostics};

use super::diag;

/// `value` must be one of `allowed`.
pub fn one_of(
    diags: &mut Diagnostics,
    path: AttributePath,
    name: &str,
    value: &str,
    allowed: &[&str],
) -> bool {
    if allowed.contains(&value) {
        return true;
    }
    diag::error(
        diags,
        format!("Invalid value for {name}"),
        format!(
            "{name} must be one of {}; got \"{value}\".",
            quoted_list(allowed)
        ),
        path,
    );
    false
}

/// `value` must be exactly `n` characters long (an ID of fixed length).
pub fn exact_length(
    diags: &mut Diagnostics,
    path: AttributePath,
    name: &str,
    value: &str,
    n: usize,
) -> bool {
    let got = value.chars().count();
    if got == n {
        return true;
    }
    diag::error(
        diags,
        format!("Invalid length for {name}"),
        format!("{name} must be exactly {n} characters long; got {got} characters (\"{value}\")."),
        path,
    );
    false
}

/// `value` must be between `min` and `max` characters long.
pub fn length(
    diags: &mut Diagnostics,
    path: AttributePath,
    name: &str,
    value: &str,
    min: usize,
    max: usize,
) -> bool {
    let n = value.chars().count();
    if (min..=max).contains(&n) {
        return true;
    }
    diag::error(
        diags,
        format!("Invalid length for {name}"),
        format!("{name} must be {min} to {max} characters long; got {n} characters."),
        path,
    );
    false
}

/// `value` must be a whole number in `min..=max`.
pub fn whole_number(
    diags: &mut Diagnostics,
    path: AttributePath,
    name: &str,
    value: f64,
    min: i64,
    max: i64,
) -> bool {
    if value.fract() == 0.0 && value >= min as f64 && value <= max as f64 {
        return true;
    }
    diag::error(
        diags,
        format!("Invalid value for {name}"),
        format!("{name} must be a whole number from {min} to {max}; got {value}."),
        path,
    );
    false
}

/// An ISO-8601 duration such as `P2W`, `P7D`, `PT12H` or `P1DT12H`, split into its parts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IsoDuration {
    pub years: u64,
    pub months: u64,
    pub weeks: u64,
    pub days: u64,
    pub hours: u64,
    pub minutes: u64,
    pub seconds: u64,
}

impl IsoDuration {
    pub fn parse(text: &str) -> Option<IsoDuration> {
        let rest = text.strip_prefix('P')?;
        if rest.is_empty() {
            return None;
        }
        let mut d = IsoDuration::default();
        let mut in_time = false;
        let mut number = String::new();
        let mut any = false;
        let mut last_rank = 0u8;
        for c in rest.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            if c == 'T' {
                if in_time || !number.is_empty() {
                    return None;
                }
                in_time = true;
                continue;
            }
            let n: u64 = number.parse().ok()?;
            number.clear();
            let (slot, rank) = match (in_time, c) {
                (false, 'Y') => (&mut d.years, 1),
                (false, 'M') => (&mut d.months, 2),
                (false, 'W') => (&mut d.weeks, 3),
                (false, 'D') => (&mut d.days, 4),
                (true, 'H') => (&mut d.hours, 5),
                (true, 'M') => (&mut d.minutes, 6),
                (true, 'S') => (&mut d.seconds, 7),
                _ => return None,
            };
            if rank <= last_rank {
                return None;
            }
            last_rank = rank;
            *slot = n;
            any = true;
        }
        if !number.is_empty() || !any || (in_time && last_rank < 5) {
            return None;
        }
        Some(d)
    }

    /// Total length in hours, counting a month as 30 days and a year as 365 (only used to
    /// compare with limits, which Okta states in hours, days and weeks).
    pub fn total_hours(&self) -> u64 {
        let days = self.years * 365 + self.months * 30 + self.weeks * 7 + self.days;
        days * 24 + self.hours + self.minutes.div_ceil(60) + self.seconds.div_ceil(3600)
    }
}

/// The longest access duration allowed, per unit: Okta's own limits are 12 weeks, 90 days and
/// 72 hours; a resource's `validAccessDurationSettings` may lower them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DurationLimits {
    pub weeks: f64,
    pub days: f64,
    pub hours: f64,
}

impl DurationLimits {
    pub const OKTA: DurationLimits = DurationLimits {
        weeks: 12.0,
        days: 90.0,
        hours: 72.0,
    };

    pub fn describe(&self) -> String {
        format!(
            "at most {} hours (\"PT{}H\"), {} days (\"P{}D\") or {} weeks (\"P{}W\")",
            self.hours, self.hours, self.days, self.days, self.weeks, self.weeks
        )
    }

    /// Whether `d` fits: each unit within its limit, and the whole no longer than the longest
    /// of the day and week limits.
    pub fn allows(&self, d: &IsoDuration) -> bool {
        let total = (d.weeks * 7 * 24 + d.days * 24 + d.hours) as f64;
        d.weeks as f64 <= self.weeks
            && d.days as f64 <= self.days
            && d.hours as f64 <= self.hours
            && (total <= self.days * 24.0 || total <= self.weeks * 7.0 * 24.0)
    }
}

/// An access duration: ISO-8601, in hours, days or weeks only, and within `limits`. `whose`
/// names what sets the limits in the message ("Okta", "resource 0oa…").
pub fn access_duration(
    diags: &mut Diagnostics,
    path: AttributePath,
    name: &str,
    value: &str,
    limits: DurationLimits,
    whose: &str,
) -> Option<IsoDuration> {
    let parsed = IsoDuration::parse(value)
        .filter(|d| d.years == 0 && d.months == 0 && d.minutes == 0 && d.seconds == 0);
    let Some(d) = parsed else {
        diag::error(
            diags,
            format!("Invalid value for {name}"),
            format!("{name} must be an ISO-8601 duration in hours, days or weeks, such as \"PT12H\", \"P7D\" or \"P2W\"; got \"{value}\"."),
            path,
        );
        return None;
    };
    if d.total_hours() == 0 || !limits.allows(&d) {
        diag::error(
            diags,
            format!("Invalid value for {name}"),
            format!(
                "{name} must be at least one hour and {} ({whose}); got \"{value}\".",
                limits.describe()
            ),
            path,
        );
        return None;
    }
    Some(d)
}

pub fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("\"{s}\"")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// Test support for the crate's input checks: `check` gives `verdict` for every case; a case that
/// does not is named in the failure.
#[cfg(test)]
pub(crate) fn assert_verdict(check: impl Fn(&str) -> bool, verdict: bool, cases: &[&str]) {
    for case in cases {
        assert_eq!(check(case), verdict, "{case:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_durations() {
        assert_eq!(IsoDuration::parse("P2W").map(|d| d.weeks), Some(2));
        assert_eq!(
            IsoDuration::parse("PT12H").map(|d| d.total_hours()),
            Some(12)
        );
        assert_eq!(
            IsoDuration::parse("P1DT12H").map(|d| d.total_hours()),
            Some(36)
        );
        for bad in [
            "", "P", "PT", "2W", "P2", "PW", "P1H", "PT1D", "P1D1W", "p2w", "P1.5D", "P-1D",
        ] {
            assert_eq!(IsoDuration::parse(bad), None, "{bad}");
        }
        let mut d = Diagnostics::default();
        let okta = DurationLimits::OKTA;
        for good in ["PT72H", "P12W", "P90D", "P1DT12H", "P10W6D"] {
            assert!(
                access_duration(
                    &mut d,
                    AttributePath::new("x"),
                    "duration",
                    good,
                    okta,
                    "Okta"
                )
                .is_some(),
                "{good}"
            );
        }
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        for bad in [
            "PT73H", "P13W", "P91D", "P12W7D", "PT0H", "P1M", "PT30M", "soon",
        ] {
            assert!(
                access_duration(
                    &mut d,
                    AttributePath::new("x"),
                    "duration",
                    bad,
                    okta,
                    "Okta"
                )
                .is_none(),
                "{bad}"
            );
        }
        assert_eq!(d.errors.len(), 8);
        assert!(
            d.errors[0].detail.contains(
                "at most 72 hours (\"PT72H\"), 90 days (\"P90D\") or 12 weeks (\"P12W\") (Okta)"
            ),
            "{}",
            d.errors[0].detail
        );
        assert!(d.errors[7].detail.contains("ISO-8601"));
        let small = DurationLimits {
            weeks: 4.0,
            days: 30.0,
            hours: 72.0,
        };
        assert!(access_duration(
            &mut d,
            AttributePath::new("x"),
            "duration",
            "P31D",
            small,
            "resource r"
        )
        .is_none());
        assert!(d.errors[8].detail.contains("30 days"));
    }

    #[test]
    fn messages_name_attribute_and_limits() {
        let mut d = Diagnostics::default();
        assert!(!one_of(
            &mut d,
            AttributePath::new("status"),
            "status",
            "ON",
            &["ACTIVE", "INACTIVE"]
        ));
        assert!(!length(
            &mut d,
            AttributePath::new("name"),
            "name",
            "",
            1,
            255
        ));
        assert!(!whole_number(
            &mut d,
            AttributePath::new("priority"),
            "priority",
            1.5,
            0,
            100
        ));
        assert!(whole_number(
            &mut d,
            AttributePath::new("priority"),
            "priority",
            100.0,
            0,
            100
        ));
        let text: Vec<String> = d.errors.iter().map(|e| e.detail.to_string()).collect();
        assert_eq!(
            text[0],
            "status must be one of \"ACTIVE\" or \"INACTIVE\"; got \"ON\"."
        );
        assert_eq!(
            text[1],
            "name must be 1 to 255 characters long; got 0 characters."
        );
        assert_eq!(
            text[2],
            "priority must be a whole number from 0 to 100; got 1.5."
        );
    }
}
