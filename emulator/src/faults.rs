//! Injected faults and the request log.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

fn one() -> u32 {
    1
}

/// A queued fault for the next `count` requests matching `method` and `path_prefix`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    #[serde(default)]
    pub method: Option<String>,
    pub path_prefix: String,
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default = "one")]
    pub count: u32,
    #[serde(default)]
    pub latency_ms: u64,
    /// `before` or `after`.
    #[serde(default)]
    pub drop: Option<String>,
    #[serde(default)]
    pub malformed_body: bool,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

impl Fault {
    /// Checks the fields the JSON shape cannot.
    pub fn check(&self) -> Result<(), String> {
        if let Some(d) = &self.drop {
            if d != "before" && d != "after" {
                return Err("drop must be \"before\", \"after\" or null".into());
            }
        }
        if let Some(s) = self.status {
            if !(200..=599).contains(&s) {
                return Err("status must be between 200 and 599".into());
            }
        }
        if self.count == 0 {
            return Err("count must be at least 1".into());
        }
        for (k, v) in &self.headers {
            if axum::http::HeaderName::from_bytes(k.as_bytes()).is_err()
                || axum::http::HeaderValue::from_str(v).is_err()
            {
                return Err(format!("invalid header {k}"));
            }
        }
        Ok(())
    }

    fn matches(&self, method: &str, path: &str) -> bool {
        self.method
            .as_ref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && path.starts_with(&self.path_prefix)
    }
}

/// The queue of pending faults.
#[derive(Default)]
pub struct Faults {
    queue: Mutex<Vec<Fault>>,
}

impl Faults {
    pub fn push(&self, f: Fault) {
        self.queue.lock().unwrap_or_else(|e| e.into_inner()).push(f);
    }

    pub fn clear(&self) {
        self.queue.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    pub fn list(&self) -> Vec<Fault> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Takes one use of the first fault matching the request.
    pub fn take(&self, method: &str, path: &str) -> Option<Fault> {
        let mut q = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        let i = q.iter().position(|f| f.matches(method, path))?;
        let mut out = q[i].clone();
        out.count = 1;
        q[i].count = q[i].count.saturating_sub(1);
        if q[i].count == 0 {
            q.remove(i);
        }
        Some(out)
    }
}

/// One received API request.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    pub seq: u64,
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
    pub bucket: String,
    pub time_ms: i64,
    pub auth: String,
    /// `X-Okta-Retry-For` when the client sent it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_for: Option<String>,
    /// `X-Okta-Retry-Count` when the client sent it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_count: Option<String>,
    /// The rate-limit window the call was counted in (its `X-Rate-Limit-Reset`, epoch
    /// seconds), so a test can count each client's calls per window exactly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate_limit_reset: Option<i64>,
}

/// The request log, in arrival order.
#[derive(Default)]
pub struct RequestLog {
    entries: Mutex<Vec<LogEntry>>,
}

impl RequestLog {
    pub fn push(&self, e: LogEntry) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(e);
    }

    pub fn set_status(&self, seq: u64, status: u16) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = entries.iter_mut().rev().find(|e| e.seq == seq) {
            e.status = status;
        }
    }

    pub fn set_rate_limit_reset(&self, seq: u64, reset: i64) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = entries.iter_mut().rev().find(|e| e.seq == seq) {
            e.rate_limit_reset = Some(reset);
        }
    }

    pub fn list(&self) -> Vec<LogEntry> {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn clear(&self) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }
}
