//! ISO-8601 durations and the access-duration settings of conditions and risk settings.

use serde_json::Value;

use crate::validate::{setting_types, Checker};

/// A parsed ISO-8601 duration.
#[derive(Debug, Default, PartialEq)]
pub struct Duration {
    pub years: u64,
    pub months: u64,
    pub weeks: u64,
    pub days: u64,
    pub hours: u64,
    pub minutes: u64,
    pub seconds: u64,
}

/// Parses `P[nY][nM][nW][nD][T[nH][nM][nS]]` (integer components).
pub fn parse_duration(s: &str) -> Option<Duration> {
    let rest = s.strip_prefix('P')?;
    if rest.is_empty() {
        return None;
    }
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => {
            if t.is_empty() {
                return None;
            }
            (d, Some(t))
        }
        None => (rest, None),
    };
    let mut d = Duration::default();
    let mut parse_part = |part: &str, units: &[char], in_time: bool| -> Option<()> {
        let mut num = String::new();
        let mut last_unit_pos: i32 = -1;
        for c in part.chars() {
            if c.is_ascii_digit() {
                num.push(c);
                continue;
            }
            let pos = units.iter().position(|u| *u == c)? as i32;
            if num.is_empty() || pos <= last_unit_pos {
                return None;
            }
            last_unit_pos = pos;
            let n: u64 = num.parse().ok()?;
            num.clear();
            match (in_time, c) {
                (false, 'Y') => d.years = n,
                (false, 'M') => d.months = n,
                (false, 'W') => d.weeks = n,
                (false, 'D') => d.days = n,
                (true, 'H') => d.hours = n,
                (true, 'M') => d.minutes = n,
                (true, 'S') => d.seconds = n,
                _ => return None,
            }
        }
        if num.is_empty() {
            Some(())
        } else {
            None
        }
    };
    parse_part(date, &['Y', 'M', 'W', 'D'], false)?;
    if let Some(t) = time {
        parse_part(t, &['H', 'M', 'S'], true)?;
    }
    Some(d)
}

fn limit(settings: &Value, key: &str, absolute: f64) -> f64 {
    settings
        .get(key)
        .and_then(Value::as_f64)
        .map(|v| v.min(absolute))
        .unwrap_or(absolute)
}

/// Checks a duration string against the resource's `validAccessDurationSettings`.
pub fn check_duration(c: &mut Checker, field: &str, v: &Value, valid: &Value) -> Option<String> {
    let s = c.string(field, v, 1, 64)?;
    let Some(d) = parse_duration(&s) else {
        c.fail(
            field,
            format!("{s} is not an ISO-8601 duration (for example PT24H, P7D or P2W)"),
            "STRING_FORMAT_INVALID",
        );
        return None;
    };
    if d.years > 0 || d.months > 0 || d.minutes > 0 || d.seconds > 0 {
        c.fail(
            field,
            "access durations must be expressed in hours, days or weeks",
            "STRING_FORMAT_INVALID",
        );
        return None;
    }
    if d.weeks == 0 && d.days == 0 && d.hours == 0 {
        c.fail(field, "duration must be greater than zero", "INVALID_VALUE");
        return None;
    }
    let max_w = limit(valid, "maximumWeeks", 12.0);
    let max_d = limit(valid, "maximumDays", 90.0);
    let max_h = limit(valid, "maximumHours", 72.0);
    let before = c.causes.len();
    if d.weeks as f64 > max_w {
        c.fail(
            field,
            format!("Maximum weeks for access duration is {max_w} weeks."),
            "INVALID_VALUE",
        );
    }
    if d.days as f64 > max_d {
        c.fail(
            field,
            format!("Maximum days for access duration is {max_d} days."),
            "INVALID_VALUE",
        );
    }
    if d.hours as f64 > max_h {
        c.fail(
            field,
            format!("Maximum hours for access duration is {max_h} hours."),
            "INVALID_VALUE",
        );
    }
    let total_hours = d
        .weeks
        .saturating_mul(7 * 24)
        .saturating_add(d.days.saturating_mul(24))
        .saturating_add(d.hours) as f64;
    if c.causes.len() == before && total_hours > max_d * 24.0 && total_hours > max_w * 7.0 * 24.0 {
        c.fail(
            field,
            format!("Maximum access duration is {max_d} days."),
            "INVALID_VALUE",
        );
    }
    if c.causes.len() == before {
        Some(s)
    } else {
        None
    }
}

/// Validates an `accessDurationSettings` object against the resource's settings.
pub fn check_access_duration(
    c: &mut Checker,
    field: &str,
    v: &Value,
    resource_settings: &Value,
) -> Option<Value> {
    let valid = resource_settings
        .get("validAccessDurationSettings")
        .cloned()
        .unwrap_or(Value::Null);
    let m = c.object(field, v, &["type", "duration", "maximumDuration"])?;
    let t = c.present(field, "type", m.get("type"))?;
    let t = c.string(&format!("{field}.type"), t, 1, 64)?;
    let (key, other) = match t.as_str() {
        "ADMIN_FIXED_DURATION" => ("duration", "maximumDuration"),
        "REQUESTER_SPECIFIED_DURATION" => ("maximumDuration", "duration"),
        _ => {
            c.fail(
                format!("{field}.type"),
                "must be equal to one of the allowed values: ADMIN_FIXED_DURATION, REQUESTER_SPECIFIED_DURATION",
                "INVALID_ENUM_VALUE",
            );
            return None;
        }
    };
    // The reference pages send a requester-specified maximum as `duration`; the OpenAPI file as
    // `maximumDuration`. Both are accepted on input (not both at once); output follows the
    // OpenAPI file.
    let pages_shape = t == "REQUESTER_SPECIFIED_DURATION"
        && !m.contains_key("maximumDuration")
        && m.contains_key("duration");
    if m.contains_key(other) && !pages_shape {
        c.fail(
            format!("{field}.{other}"),
            format!("is not allowed when type is {t}"),
            "UNKNOWN_PROPERTY",
        );
        return None;
    }
    let key = if pages_shape { "duration" } else { key };
    let supported = setting_types(&valid, "supportedTypes");
    if !supported.contains(&t) {
        c.fail(
            format!("{field}.type"),
            format!(
                "{t} is not supported by this resource (supported: {})",
                supported.join(", ")
            ),
            "RESOURCE_SETTINGS",
        );
        return None;
    }
    let dv = c.present(field, key, m.get(key))?;
    let d = check_duration(c, &format!("{field}.{key}"), dv, &valid)?;
    let out_key = if t == "REQUESTER_SPECIFIED_DURATION" {
        "maximumDuration"
    } else {
        "duration"
    };
    Some(serde_json::json!({ "type": t, out_key: d }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("P2W").map(|d| d.weeks), Some(2));
        assert_eq!(parse_duration("PT24H").map(|d| d.hours), Some(24));
        assert_eq!(
            parse_duration("P1DT12H").map(|d| (d.days, d.hours)),
            Some((1, 12))
        );
        assert!(parse_duration("P").is_none());
        assert!(parse_duration("PT").is_none());
        assert!(parse_duration("5D").is_none());
        assert!(parse_duration("P5H").is_none());
        assert!(parse_duration("PD").is_none());
        assert!(parse_duration("P1D2W").is_none());
        assert!(parse_duration("P1.5D").is_none());
        let valid = json!({"maximumDays": 30, "maximumWeeks": 4, "maximumHours": 72});
        let mut c = Checker::default();
        assert!(check_duration(&mut c, "d", &json!("P30D"), &valid).is_some());
        assert!(check_duration(&mut c, "d", &json!("P31D"), &valid).is_none());
        assert!(check_duration(&mut c, "d", &json!("P5W"), &valid).is_none());
        assert!(check_duration(&mut c, "d", &json!("PT73H"), &valid).is_none());
        assert!(check_duration(&mut c, "d", &json!("P0D"), &valid).is_none());
        assert!(check_duration(&mut c, "d", &json!("P99999999999999999W"), &valid).is_none());
        assert!(check_duration(&mut c, "d", &json!("P99999999999999999999999D"), &valid).is_none());
    }
}
