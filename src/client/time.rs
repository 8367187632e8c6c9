//! Time as the API writes it: RFC 3339 timestamps, and the server's clock read from a
//! response's `Date` header (so that comparisons never depend on this machine's clock).

use std::time::{Instant, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;

/// How far a server timestamp (whole seconds) may lie before the server time an attempt was
/// seen to begin and still count as after it.
pub const CLOCK_SLACK_MS: i64 = 2_000;

/// The server's clock (epoch milliseconds) at the moment `began`, from a response's `Date`
/// header received now: the server's "now" minus the time elapsed here since `began`.
pub fn server_time_at(headers: &HeaderMap, began: Instant) -> Option<i64> {
    let date = headers.get("date")?.to_str().ok()?;
    let now = httpdate::parse_http_date(date).ok()?;
    let at = now.checked_sub(began.elapsed())?;
    Some(at.duration_since(UNIX_EPOCH).ok()?.as_millis() as i64)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// An RFC 3339 date-time (`2024-05-24T14:15:22Z`, `2024-05-24T14:15:22.123+02:00`) as epoch
/// milliseconds; `None` when it is not one.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || !s.is_ascii() {
        return None;
    }
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' {
        return None;
    }
    if b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (digits(&s[0..4])?, digits(&s[5..7])?, digits(&s[8..10])?);
    let (h, mi, sec) = (
        digits(&s[11..13])?,
        digits(&s[14..16])?,
        digits(&s[17..19])?,
    );
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&mo) || d < 1 || d > month_days[(mo - 1) as usize] {
        return None;
    }
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        let first3: String = frac[..n].chars().chain("00".chars()).take(3).collect();
        millis = digits(&first3)?;
        rest = &frac[n..];
    }
    let offset_min = match rest {
        "Z" | "z" => 0,
        _ => {
            let ob = rest.as_bytes();
            if ob.len() != 6 || !matches!(ob[0], b'+' | b'-') || ob[3] != b':' {
                return None;
            }
            let (oh, om) = (digits(&rest[1..3])?, digits(&rest[4..6])?);
            if oh > 23 || om > 59 {
                return None;
            }
            let sign = if ob[0] == b'-' { -1 } else { 1 };
            sign * (oh * 60 + om)
        }
    };
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset_min * 60;
    Some(secs * 1000 + millis)
}

/// A time as RFC 3339 in UTC, to the second: `2024-05-24T14:15:22Z`.
pub fn format_rfc3339(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn rfc3339_round_trips_and_rejects_garbage() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:01.5Z"), Some(1500));
        assert_eq!(
            parse_rfc3339("2022-05-24T16:15:22+02:00"),
            parse_rfc3339("2022-05-24T14:15:22Z")
        );
        assert_eq!(parse_rfc3339("2024-02-29T00:00:00Z").map(|_| ()), Some(()));
        for bad in [
            "",
            "2022-05-24",
            "2022-05-24 14:15:22Z",
            "2022-05-24T14:15:22",
            "2022-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2022-05-24T24:00:00Z",
            "2022-05-24T14:15:22.Z",
            "2022-05-24T14:15:22+2:00",
            "yesterday at noon please",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        let t = UNIX_EPOCH + Duration::from_secs(1_653_401_722);
        assert_eq!(format_rfc3339(t), "2022-05-24T14:15:22Z");
        assert_eq!(parse_rfc3339(&format_rfc3339(t)), Some(1_653_401_722_000));
    }
}
