//! Fixed windows (60 seconds, as Okta's, unless configured shorter) per (method, path
//! template) bucket.

use std::collections::HashMap;
use std::sync::Mutex;

/// What the rate-limit headers report for one call.
#[derive(Debug, Clone, Copy)]
pub struct RateInfo {
    pub limit: u32,
    pub remaining: u32,
    /// Unix epoch seconds when the bucket's window resets.
    pub reset: i64,
    pub allowed: bool,
}

/// Counts calls per bucket.
pub struct RateLimiter {
    limit: Option<u32>,
    window_secs: i64,
    buckets: Mutex<HashMap<String, (i64, u32)>>,
}

const DEFAULT_LIMIT: u32 = 10_000;
impl RateLimiter {
    pub fn new(limit: Option<u32>, window_secs: u32) -> Self {
        RateLimiter {
            limit,
            window_secs: i64::from(window_secs.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one call in `bucket` at `now_s` (epoch seconds).
    pub fn hit(&self, bucket: &str, now_s: i64) -> RateInfo {
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let entry = map
            .entry(bucket.to_string())
            .or_insert((now_s + self.window_secs, 0));
        if now_s >= entry.0 {
            *entry = (now_s + self.window_secs, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        let count = entry.1;
        let allowed = self.limit.is_none() || count <= limit;
        RateInfo {
            limit,
            remaining: limit.saturating_sub(count),
            reset: entry.0,
            allowed,
        }
    }

    /// The configured (or default) limit.
    pub fn limit(&self) -> u32 {
        self.limit.unwrap_or(DEFAULT_LIMIT)
    }

    pub fn clear(&self) {
        self.buckets
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows() {
        let r = RateLimiter::new(Some(2), 60);
        assert!(r.hit("a", 100).allowed);
        let second = r.hit("a", 100);
        assert!(second.allowed);
        assert_eq!(second.remaining, 0);
        assert!(!r.hit("a", 159).allowed);
        assert!(r.hit("b", 159).allowed);
        let fresh = r.hit("a", 160);
        assert!(fresh.allowed);
        assert_eq!(fresh.reset, 220);
        let unlimited = RateLimiter::new(None, 60);
        for _ in 0..20_000 {
            assert!(unlimited.hit("x", 1).allowed);
        }
    }

    #[test]
    fn configurable_window_length() {
        let r = RateLimiter::new(Some(1), 5);
        let first = r.hit("a", 100);
        assert!(first.allowed);
        assert_eq!(first.reset, 105);
        assert!(!r.hit("a", 104).allowed);
        assert!(r.hit("a", 105).allowed);
    }
}
