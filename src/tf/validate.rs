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

/// Okta's absolute limits on an access duration: 72 hours (`PT72H`), 90 days (`P90D`) or 12
/// weeks (`P12W`), whichever unit the duration is written in.
pub fn access_duration(
    diags: &mut Diagnostics,
    path: AttributePath,
    name: &str,
    value: &str,
) -> Option<IsoDuration> {
    let Some(d) = IsoDuration::parse(value) else {
        diag::error(
            diags,
            format!("Invalid value for {name}"),
            format!("{name} must be an ISO-8601 duration such as \"PT12H\" (hours), \"P7D\" (days) or \"P2W\" (weeks); got \"{value}\"."),
            path,
        );
        return None;
    };
    let too_long = (d.years > 0 || d.months > 0)
        || d.weeks > 12
        || d.total_hours() > 90 * 24
        || (d.weeks == 0 && d.days == 0 && d.hours > 72);
    if too_long || d.total_hours() == 0 {
        diag::error(
            diags,
            format!("Invalid value for {name}"),
            format!("{name} must be at least one hour and at most 72 hours (\"PT72H\"), 90 days (\"P90D\") or 12 weeks (\"P12W\"); got \"{value}\"."),
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
        assert!(access_duration(&mut d, AttributePath::new("x"), "duration", "PT72H").is_some());
        assert!(access_duration(&mut d, AttributePath::new("x"), "duration", "P12W").is_some());
        assert!(access_duration(&mut d, AttributePath::new("x"), "duration", "P90D").is_some());
        assert!(d.errors.is_empty());
        for bad in ["PT73H", "P13W", "P91D", "P1M", "PT0H", "soon"] {
            assert!(
                access_duration(&mut d, AttributePath::new("x"), "duration", bad).is_none(),
                "{bad}"
            );
        }
        assert_eq!(d.errors.len(), 6);
        assert!(d.errors[0].detail.contains("72 hours"));
        assert!(d.errors[5].detail.contains("ISO-8601"));
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
