//! The shared state of a running emulator: what every request handler and control
//! endpoint needs.

use std::sync::atomic::AtomicU64;

use crate::auth::Auth;
use crate::behaviour::Live;
use crate::faults::{Faults, RequestLog};
use crate::ratelimit::RateLimiter;
use crate::store::Db;

/// Everything a request handler needs.
pub struct App {
    pub db: Db,
    pub auth: Auth,
    pub base_url: String,
    pub latency_ms: u64,
    pub provisioning_delay_ms: u64,
    pub limiter: RateLimiter,
    pub faults: Faults,
    pub log: RequestLog,
    pub seq: AtomicU64,
    /// Live-API behaviour switches (shuffles, links, conflicts, …).
    pub live: Live,
}
