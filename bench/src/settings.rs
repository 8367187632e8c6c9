//! The bench's knobs, from the environment (see main.rs for the list).

use std::path::{Path, PathBuf};

use anyhow::Result;

#[derive(Debug, Clone)]
pub struct Settings {
    pub reps: usize,
    pub sizes: Vec<usize>,
    pub rate_n: usize,
    pub rate_limit: usize,
    pub rate_window_secs: u64,
    pub rate_short_runs: usize,
    pub rate_short_window_secs: u64,
    pub handshakes: usize,
    pub latencies: Vec<u64>,
    /// Time budget of the whole run, and of the 200 ms block (which the rate-limited runs overlap).
    pub budget_secs: f64,
    pub budget_200_secs: f64,
    /// N of the diagnostic runs with TCP_NODELAY on the provider's gRPC sockets (0: none).
    pub nodelay_n: usize,
    /// N of the real-org projection (plans and applies over the 10 apps); measured at 0 ms when
    /// the wall-time runs do not already cover them.
    pub projection_sizes: Vec<usize>,
    pub out: PathBuf,
}

/// A comma-separated list of numbers, or `default` when unset or empty.
fn env_list<T: std::str::FromStr + Copy>(name: &str, default: &[T]) -> Result<Vec<T>> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v
            .split(',')
            .map(|s| {
                s.trim()
                    .parse::<T>()
                    .map_err(|_| anyhow::anyhow!("{name}={v:?} is not a list of numbers"))
            })
            .collect(),
        _ => Ok(default.to_vec()),
    }
}

fn env_num<T: std::str::FromStr>(name: &str, default: T) -> Result<T> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse()
            .map_err(|_| anyhow::anyhow!("{name}={v:?} is not a number")),
        _ => Ok(default),
    }
}

impl Settings {
    pub fn from_env(root: &Path) -> Result<Settings> {
        Ok(Settings {
            reps: env_num("BENCH_REPS", 3usize)?.max(1),
            sizes: env_list("BENCH_SIZES", &[50, 200, 1000])?,
            rate_n: env_num("BENCH_RATE_N", 300usize)?,
            rate_limit: 60,
            rate_window_secs: env_num("BENCH_RATE_WINDOW_SECS", 60u64)?,
            rate_short_runs: env_num("BENCH_RATE_SHORT_RUNS", 1usize)?,
            rate_short_window_secs: 10,
            handshakes: env_num("BENCH_HANDSHAKES", 20usize)?.max(1),
            budget_secs: env_num("BENCH_BUDGET_SECS", 600.0f64)?,
            budget_200_secs: env_num("BENCH_BUDGET_200_SECS", 330.0f64)?,
            nodelay_n: env_num("BENCH_NODELAY_N", 200usize)?,
            latencies: env_list("BENCH_LATENCIES", &[0, 200])?,
            projection_sizes: env_list("BENCH_PROJECTION_SIZES", &[200, 1000])?
                .into_iter()
                .filter(|n| *n > 0)
                .collect(),
            out: std::env::var_os("BENCH_OUT")
                .map(PathBuf::from)
                .unwrap_or_else(|| root.join("docs/performance.md")),
        })
    }
}
