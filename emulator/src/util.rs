//! Small helpers: clocks, timestamps and random identifiers.

use chrono::{DateTime, SecondsFormat, TimeZone, Utc};
use rand::Rng;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// RFC 3339 UTC timestamp in whole seconds, as live Okta writes them, e.g.
/// `2025-09-17T18:23:59Z` (TestAccRequestConditionResource_basic).
pub fn ts(ms: i64) -> String {
    match Utc.timestamp_millis_opt(ms).single() {
        Some(t) => t.to_rfc3339_opts(SecondsFormat::Secs, true),
        None => "1970-01-01T00:00:00Z".to_string(),
    }
}

/// The current time as an RFC 3339 timestamp.
pub fn now_ts() -> String {
    ts(now_ms())
}

/// The `lastUpdated` of a write at `now_ms` to an object last updated at `previous`: now in
/// whole seconds, or one second after `previous` when that is not earlier. Timestamps are whole
/// seconds, and every write must change `lastUpdated` (clients compare it to detect changes),
/// so a second write within the same second moves it one second ahead of the clock.
pub fn next_ts(previous: &str, now_ms: i64) -> String {
    let now = now_ms.div_euclid(1000);
    match parse_ts(previous).map(|p| p.div_euclid(1000)) {
        Some(prev) if prev >= now => ts(prev.saturating_add(1).saturating_mul(1000)),
        _ => ts(now.saturating_mul(1000)),
    }
}

/// Parses an RFC 3339 / ISO 8601 date-time into epoch milliseconds.
pub fn parse_ts(s: &str) -> Option<i64> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|d| d.with_timezone(&Utc).timestamp_millis())
}

/// HTTP `Date` header value (IMF-fixdate).
pub fn http_date() -> String {
    Utc::now().format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

const ALNUM: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const HEX: &[u8] = b"0123456789abcdef";

fn random_from(alphabet: &[u8], n: usize) -> String {
    let mut rng = rand::thread_rng();
    (0..n)
        .map(|_| {
            let i = rng.gen_range(0..alphabet.len());
            char::from(alphabet[i])
        })
        .collect()
}

/// `n` random ASCII alphanumerics.
pub fn rand_alnum(n: usize) -> String {
    random_from(ALNUM, n)
}

/// `n` random lowercase hex digits.
pub fn rand_hex(n: usize) -> String {
    random_from(HEX, n)
}

/// An Okta-style error id: `oae` followed by random characters.
pub fn error_id() -> String {
    format!("oae{}", rand_alnum(22))
}

/// Percent-decodes one path segment (invalid sequences are kept as they are).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hi = (bytes[i + 1] as char).to_digit(16);
            let lo = (bytes[i + 2] as char).to_digit(16);
            if let (Some(h), Some(l)) = (hi, lo) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes a query string from key/value pairs.
pub fn encode_query(pairs: &[(&str, &str)]) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        ser.append_pair(k, v);
    }
    ser.finish().replace('+', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_have_no_millis() {
        assert_eq!(ts(0), "1970-01-01T00:00:00Z");
        assert_eq!(ts(1_999), "1970-01-01T00:00:01Z");
        assert_eq!(parse_ts("1970-01-01T00:00:01Z"), Some(1000));
    }

    #[test]
    fn next_ts_always_moves_forward() {
        // A later second: the clock.
        assert_eq!(
            next_ts("1970-01-01T00:00:01Z", 5_400),
            "1970-01-01T00:00:05Z"
        );
        // The same second, or a previous bump ahead of the clock: one second later.
        assert_eq!(
            next_ts("1970-01-01T00:00:05Z", 5_999),
            "1970-01-01T00:00:06Z"
        );
        assert_eq!(
            next_ts("1970-01-01T00:00:07Z", 5_000),
            "1970-01-01T00:00:08Z"
        );
        // Unparseable: the clock.
        assert_eq!(next_ts("garbage", 5_000), "1970-01-01T00:00:05Z");
    }

    #[test]
    fn decode() {
        assert_eq!(percent_decode("orn%3Aokta"), "orn:okta");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%41"), "A");
    }
}
