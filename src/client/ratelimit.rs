//! A rate-limit budget shared by every call of one client.
//!
//! Okta reports, on every response, the bucket's `X-Rate-Limit-Limit`, what is left of it
//! (`X-Rate-Limit-Remaining`) and when the window resets (`X-Rate-Limit-Reset`, epoch seconds, to
//! be read against the response's `Date` so that clock skew does not matter). The budget keeps
//! that per bucket, counts the calls in flight, and makes a caller wait for the next window
//! before the provider would use more than `max_api_capacity` percent of a bucket.
//!
//! What a caller waited for (rate-limit windows, retries) is recorded in the [`Activity`] of
//! the operation it runs in, so that the caller can tell its user; the client itself knows
//! nothing of how that is shown.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;

use reqwest::header::HeaderMap;

#[derive(Debug, Default, Clone, Copy)]
struct Bucket {
    limit: Option<u64>,
    remaining: u64,
    reset_at: Option<Instant>,
    in_flight: u64,
}

/// What a response said about its bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateInfo {
    pub limit: u64,
    pub remaining: u64,
    /// Time until the window resets, measured against the server's own clock.
    pub reset_in: Duration,
}

impl RateInfo {
    pub fn from_headers(headers: &HeaderMap) -> Option<RateInfo> {
        let num =
            |name: &str| -> Option<u64> { headers.get(name)?.to_str().ok()?.trim().parse().ok() };
        let limit = num("x-rate-limit-limit")?;
        let remaining = num("x-rate-limit-remaining")?;
        let reset = num("x-rate-limit-reset")?;
        let server_now = headers
            .get("date")
            .and_then(|d| d.to_str().ok())
            .and_then(|d| httpdate::parse_http_date(d).ok())
            .unwrap_or_else(SystemTime::now)
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Some(RateInfo {
            limit,
            remaining,
            reset_in: Duration::from_secs(reset.saturating_sub(server_now)),
        })
    }
}

/// Something the client waited for during one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waited {
    /// A wait for an endpoint's rate-limit window: the provider's share of the bucket was used
    /// up (`after_429` false) or Okta answered 429 Too Many Requests (`after_429` true).
    RateLimit {
        /// The endpoint's bucket: `METHOD /path/{id}/template`.
        endpoint: String,
        waited: Duration,
        /// `X-Rate-Limit-Limit`: calls per window (Okta's windows are one minute).
        limit: Option<u64>,
        /// When the window reset (or was to reset), RFC 3339 UTC.
        resets_at: String,
        after_429: bool,
    },
    /// A call that succeeded after retrying failures (5xx, timeouts, dropped connections).
    Retried {
        endpoint: String,
        retries: u32,
        /// From the first attempt to the answer that succeeded.
        over: Duration,
        /// The last failure before the success.
        last_error: String,
    },
}

/// The waits of one operation (a Terraform plan, apply, read…), shared by every call made in
/// it: [`Activity::scope`] runs a future with this recorder as the current one, and every
/// call made inside records what it waited for. Calls made outside any scope record nothing.
#[derive(Debug, Clone, Default)]
pub struct Activity(Arc<Mutex<Vec<Waited>>>);

tokio::task_local! {
    static CURRENT: Activity;
}

impl Activity {
    /// Runs `fut` with this recorder as the current one.
    pub async fn scope<F: Future>(&self, fut: F) -> F::Output {
        CURRENT.scope(self.clone(), fut).await
    }

    /// The recorder of the operation the current task runs in, if any: a task spawned for part
    /// of an operation runs its future inside `current().scope(…)` to be counted with it.
    pub fn current() -> Option<Activity> {
        CURRENT.try_with(Activity::clone).ok()
    }

    /// `fut`, to be counted with the current operation wherever it runs: wrap the future of a
    /// task spawned for part of an operation (`tasks.spawn(Activity::carry(async move { … }))`),
    /// since a spawned task does not inherit the task-local recorder.
    pub fn carry<F: Future>(fut: F) -> impl Future<Output = F::Output> {
        let current = Activity::current();
        async move {
            match current {
                Some(activity) => activity.scope(fut).await,
                None => fut.await,
            }
        }
    }

    /// What was recorded so far, in order.
    pub fn events(&self) -> Vec<Waited> {
        self.lock().clone()
    }

    /// Records `event` in the current operation's recorder, if there is one.
    pub fn record(event: Waited) {
        let _ = CURRENT.try_with(|a| a.lock().push(event));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Waited>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// `12 s`, `1.5 s` or `250 ms`: a duration as a user reads it.
pub fn human(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms < 10_000 {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        format!("{} s", (ms + 500) / 1000)
    }
}

pub struct RateBudget {
    capacity_pct: u64,
    buckets: Mutex<HashMap<&'static str, Bucket>>,
}

/// Longest single wait for a window to reset; Okta's windows are one minute.
const MAX_WINDOW_WAIT: Duration = Duration::from_secs(65);

impl RateBudget {
    pub fn new(capacity_pct: u8) -> Self {
        RateBudget {
            capacity_pct: u64::from(capacity_pct.clamp(1, 100)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Waits until a call in `bucket` fits in the budget, then counts it as in flight, and
    /// returns how long it waited. A wait is only started when the window resets within what
    /// is left of `allowance`; otherwise nothing is counted and the time until the reset is the
    /// error. Every successful `acquire` must be followed by exactly one `record` or `release`.
    pub async fn acquire(
        &self,
        bucket: &'static str,
        allowance: Duration,
    ) -> Result<Duration, Duration> {
        let mut waited = Duration::ZERO;
        let mut limit_seen = None;
        loop {
            let wait = {
                let mut map = self.lock();
                let b = map.entry(bucket).or_default();
                let now = Instant::now();
                if let (Some(limit), Some(reset_at)) = (b.limit, b.reset_at) {
                    if now >= reset_at {
                        b.remaining = limit;
                        b.reset_at = None;
                    }
                }
                let fits = match b.limit {
                    None => true,
                    Some(limit) => {
                        let allowed = (limit * self.capacity_pct / 100).max(1);
                        limit.saturating_sub(b.remaining) + b.in_flight < allowed
                    }
                };
                if fits {
                    b.in_flight += 1;
                    if !waited.is_zero() {
                        Activity::record(Waited::RateLimit {
                            endpoint: bucket.to_string(),
                            waited,
                            limit: limit_seen,
                            resets_at: super::time::format_rfc3339(SystemTime::now()),
                            after_429: false,
                        });
                    }
                    return Ok(waited);
                }
                limit_seen = b.limit;
                let until_reset = b
                    .reset_at
                    .map(|r| r.saturating_duration_since(now))
                    .unwrap_or(Duration::from_millis(250));
                if waited + until_reset > allowance {
                    return Err(until_reset);
                }
                until_reset.min(MAX_WINDOW_WAIT) + jitter(250)
            };
            tracing::info!(
                endpoint = bucket,
                limit = limit_seen.unwrap_or_default(),
                resets_at = %super::time::format_rfc3339(SystemTime::now() + wait),
                "waiting {} for Okta's rate limit on {bucket}: the provider's share of it is used up until the window resets",
                human(wait)
            );
            tokio::time::sleep(wait).await;
            waited += wait;
        }
    }

    /// Records what a response said about the bucket and ends the call.
    pub fn record(&self, bucket: &'static str, info: Option<RateInfo>) {
        let mut map = self.lock();
        let b = map.entry(bucket).or_default();
        b.in_flight = b.in_flight.saturating_sub(1);
        let Some(info) = info else { return };
        let reset_at = Instant::now() + info.reset_in;
        let new_window = match b.reset_at {
            None => true,
            Some(current) => reset_at > current + Duration::from_millis(1500),
        };
        b.limit = Some(info.limit);
        if new_window {
            b.remaining = info.remaining;
            b.reset_at = Some(reset_at);
        } else {
            b.remaining = b.remaining.min(info.remaining);
        }
    }

    /// Ends a call that got no response.
    pub fn release(&self, bucket: &'static str) {
        self.record(bucket, None);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<&'static str, Bucket>> {
        // A panic while holding this lock cannot leave a bucket half-written in a way that
        // matters (every field is a plain number), so a poisoned lock is simply reused.
        self.buckets.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A random duration in `[0, max_ms)`, for spreading out retries of concurrent calls.
pub fn jitter(max_ms: u64) -> Duration {
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut x = STATE.fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed) ^ seed;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    Duration::from_millis(if max_ms == 0 { 0 } else { x % max_ms })
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(limit: u64, remaining: u64, reset_in: u64) -> HeaderMap {
        let now = SystemTime::now();
        let reset = now
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0)
            + reset_in;
        let mut h = HeaderMap::new();
        let mut put = |k: &'static str, v: String| {
            if let Ok(v) = HeaderValue::from_str(&v) {
                h.insert(k, v);
            }
        };
        put("x-rate-limit-limit", limit.to_string());
        put("x-rate-limit-remaining", remaining.to_string());
        put("x-rate-limit-reset", reset.to_string());
        put("date", httpdate::fmt_http_date(now));
        h
    }

    #[test]
    fn reads_headers_against_server_date() {
        let info = RateInfo::from_headers(&headers(100, 40, 30));
        let info = info.unwrap_or(RateInfo {
            limit: 0,
            remaining: 0,
            reset_in: Duration::ZERO,
        });
        assert_eq!(info.limit, 100);
        assert_eq!(info.remaining, 40);
        assert!(
            info.reset_in >= Duration::from_secs(29) && info.reset_in <= Duration::from_secs(31)
        );
        assert!(RateInfo::from_headers(&HeaderMap::new()).is_none());
    }

    const LONG: Duration = Duration::from_secs(300);

    /// A budget of `capacity_pct` % on `bucket` after one call whose answer said `limit`,
    /// `remaining` and a reset in `reset_in` seconds.
    async fn budget_after_one_call(
        capacity_pct: u8,
        bucket: &'static str,
        (limit, remaining, reset_in): (u64, u64, u64),
    ) -> RateBudget {
        let budget = RateBudget::new(capacity_pct);
        let _ = budget.acquire(bucket, LONG).await;
        budget.record(
            bucket,
            RateInfo::from_headers(&headers(limit, remaining, reset_in)),
        );
        budget
    }

    fn retried(n: u32) -> Waited {
        Waited::Retried {
            endpoint: "GET /x".into(),
            retries: n,
            over: Duration::from_secs(1),
            last_error: "HTTP 503".into(),
        }
    }

    #[tokio::test]
    async fn waits_are_recorded_in_the_operation_they_happen_in() {
        // Outside any operation nothing is kept.
        Activity::record(retried(1));
        let activity = Activity::default();
        let other = Activity::default();
        activity
            .scope(async {
                Activity::record(retried(2));
                // A task spawned for part of the operation is counted with it when carried.
                let carried = tokio::spawn(Activity::carry(async { Activity::record(retried(3)) }));
                let _ = carried.await;
                // One that is not carried records nothing.
                let lost = tokio::spawn(async { Activity::record(retried(4)) });
                let _ = lost.await;
            })
            .await;
        other.scope(async { Activity::record(retried(5)) }).await;
        assert_eq!(activity.events(), vec![retried(2), retried(3)]);
        assert_eq!(other.events(), vec![retried(5)]);
    }

    #[tokio::test(start_paused = true)]
    async fn a_budget_wait_is_recorded_with_its_limit() {
        let activity = Activity::default();
        activity
            .scope(async {
                let budget = budget_after_one_call(100, "GET /b", (5, 0, 10)).await;
                let _ = budget.acquire("GET /b", LONG).await;
            })
            .await;
        let events = activity.events();
        assert!(
            matches!(
                events.as_slice(),
                [Waited::RateLimit { endpoint, waited, limit: Some(5), after_429: false, .. }]
                    if endpoint == "GET /b" && *waited >= Duration::from_secs(9)
            ),
            "{events:?}"
        );
    }

    #[test]
    fn durations_read_as_a_user_reads_them() {
        assert_eq!(human(Duration::from_millis(250)), "250 ms");
        assert_eq!(human(Duration::from_millis(5_140)), "5.1 s");
        assert_eq!(human(Duration::from_millis(12_400)), "12 s");
    }

    #[tokio::test(start_paused = true)]
    async fn a_window_further_away_than_the_allowance_is_not_waited_for() {
        // Used up, and the window resets in a day: no wait is started.
        let budget = budget_after_one_call(100, "b", (10, 0, 86_400)).await;
        let start = tokio::time::Instant::now();
        let refused = budget.acquire("b", LONG).await;
        assert!(start.elapsed() < Duration::from_secs(1));
        let until = refused.expect_err("refused");
        assert!(until > Duration::from_secs(86_000), "{until:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn waits_for_the_window_when_the_share_is_used() {
        // 10 per window, 5 already used: at 50 % nothing more may go until the reset.
        let budget = budget_after_one_call(50, "b", (10, 5, 20)).await;
        let start = tokio::time::Instant::now();
        let waited = budget.acquire("b", LONG).await.unwrap_or_default();
        assert!(waited >= Duration::from_secs(19), "{waited:?}");
        assert!(
            start.elapsed() >= Duration::from_secs(19),
            "waited {:?}",
            start.elapsed()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn in_flight_calls_count_against_the_share() {
        let budget = budget_after_one_call(50, "b", (10, 9, 60)).await;
        // 1 used; 4 more fit in a 50 % share of 10.
        for _ in 0..4 {
            let _ = budget.acquire("b", LONG).await;
        }
        let start = tokio::time::Instant::now();
        budget.release("b");
        let _ = budget.acquire("b", LONG).await;
        assert!(start.elapsed() < Duration::from_secs(1));
        let blocked = tokio::time::timeout(Duration::from_secs(5), budget.acquire("b", LONG)).await;
        assert!(blocked.is_err(), "a sixth call must wait for the window");
    }
}
