//! What one bench run measured: the input of the report.

use std::collections::BTreeMap;

use crate::procs::LogEntry;
use crate::settings::Settings;
use crate::tf::{Op, Variant};

/// The rate-limit bucket of the list of an app's conditions, as the emulator names it.
pub const LIST_CONDITIONS: &str = "GET /governance/api/v2/resources/{id}/request-conditions";

/// The API calls of one Terraform command, from the emulator's request log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiCalls {
    /// Calls per endpoint template (the emulator's rate-limit bucket, `METHOD /path/{id}`; Okta
    /// counts its rate limits per endpoint template too).
    pub per_endpoint: BTreeMap<String, usize>,
    /// Per app, the distinct pages of its condition list that were fetched (distinct query
    /// strings of `GET …/resources/{id}/request-conditions`).
    pub list_pages: BTreeMap<String, usize>,
}

impl ApiCalls {
    pub fn from_log(log: &[LogEntry]) -> ApiCalls {
        let mut per_endpoint: BTreeMap<String, usize> = BTreeMap::new();
        let mut pages: BTreeMap<String, std::collections::BTreeSet<&str>> = BTreeMap::new();
        for e in log {
            let endpoint = if e.bucket.is_empty() {
                format!("{} {}", e.method, e.path)
            } else {
                e.bucket.clone()
            };
            if endpoint == LIST_CONDITIONS {
                let app = e
                    .path
                    .split('/')
                    .skip_while(|s| *s != "resources")
                    .nth(1)
                    .unwrap_or("")
                    .to_string();
                pages.entry(app).or_default().insert(e.query.as_str());
            }
            *per_endpoint.entry(endpoint).or_default() += 1;
        }
        ApiCalls {
            per_endpoint,
            list_pages: pages.into_iter().map(|(k, v)| (k, v.len())).collect(),
        }
    }

    pub fn total(&self) -> usize {
        self.per_endpoint.values().sum()
    }
}

/// One measured Terraform command.
#[derive(Debug, Clone, Default)]
pub struct Sample {
    pub wall_s: f64,
    pub calls: usize,
    pub api: ApiCalls,
    pub provider_cpu_s: f64,
    pub core_cpu_s: f64,
    pub peak_rss_kb: u64,
    pub provider_processes: usize,
    pub emulator_cpu_s: f64,
    /// Size of terraform.tfstate after the command.
    pub state_bytes: u64,
}

/// Which figure a sample belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub latency_ms: u64,
    pub variant: Variant,
    pub n: usize,
    pub op: Op,
}

/// Samples per figure, one per repetition.
pub type Matrix = BTreeMap<Key, Vec<Sample>>;

/// API calls of one single operation (the apply of a saved plan).
#[derive(Debug, Clone)]
pub struct CallRow {
    pub operation: &'static str,
    pub target: usize,
    pub met: bool,
    pub calls: usize,
    pub api: ApiCalls,
    /// The calls of the plan that was saved for it (none for the refresh).
    pub plan: Option<ApiCalls>,
}

#[derive(Debug, Clone)]
pub struct RateRun {
    pub window_secs: u64,
    pub wall_s: f64,
    pub bound_s: f64,
    pub calls: usize,
    pub throttled: usize,
    pub other_errors: usize,
    pub exit_ok: bool,
    pub buckets: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Default)]
pub struct ProcessFacts {
    pub handshake_ms: Vec<f64>,
    pub handshake_no_tls_ms: Vec<f64>,
    pub floor_handshake_ms: Vec<f64>,
    pub size_stripped: u64,
    pub size_built: u64,
    pub floor_size_stripped: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Machine {
    pub nproc: usize,
    pub model: String,
    pub mem_total: String,
    pub kernel: String,
    pub terraform: String,
    pub load_before: String,
    pub load_after: String,
    pub date: String,
}

pub struct Results {
    pub settings: Settings,
    pub machine: Machine,
    pub calls: Vec<CallRow>,
    pub matrix: Matrix,
    pub rate: Vec<RateRun>,
    pub process: ProcessFacts,
    pub sections: Vec<(String, f64)>,
    pub skipped: Vec<String>,
    pub total_s: f64,
}

impl Results {
    /// The samples of one figure (empty when it was not measured).
    pub fn samples(&self, latency_ms: u64, variant: Variant, n: usize, op: Op) -> &[Sample] {
        self.matrix
            .get(&Key {
                latency_ms,
                variant,
                n,
                op,
            })
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The samples of `variant`, N and `op` at every latency measured.
    pub fn samples_any_latency(&self, variant: Variant, n: usize, op: Op) -> Vec<&Sample> {
        self.matrix
            .iter()
            .filter(|(k, _)| k.variant == variant && k.n == n && k.op == op)
            .flat_map(|(_, v)| v.iter())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(method: &str, path: &str, query: &str, bucket: &str) -> LogEntry {
        LogEntry {
            method: method.into(),
            path: path.into(),
            query: query.into(),
            status: 200,
            bucket: bucket.into(),
        }
    }

    #[test]
    fn calls_per_endpoint_and_list_pages() {
        let get = "GET /governance/api/v2/resources/{id}/request-conditions/{id}";
        let log = vec![
            entry(
                "GET",
                "/governance/api/v2/resources/0oa1/request-conditions/rco1",
                "",
                get,
            ),
            entry(
                "GET",
                "/governance/api/v2/resources/0oa1/request-conditions/rco2",
                "",
                get,
            ),
            entry(
                "GET",
                "/governance/api/v2/resources/0oa1/request-conditions",
                "",
                LIST_CONDITIONS,
            ),
            entry(
                "GET",
                "/governance/api/v2/resources/0oa1/request-conditions",
                "after=rco9",
                LIST_CONDITIONS,
            ),
            // The same page twice counts once.
            entry(
                "GET",
                "/governance/api/v2/resources/0oa1/request-conditions",
                "after=rco9",
                LIST_CONDITIONS,
            ),
            entry(
                "GET",
                "/governance/api/v2/resources/0oa2/request-conditions",
                "",
                LIST_CONDITIONS,
            ),
        ];
        let c = ApiCalls::from_log(&log);
        assert_eq!(c.total(), 6);
        assert_eq!(c.per_endpoint[get], 2);
        assert_eq!(c.per_endpoint[LIST_CONDITIONS], 4);
        assert_eq!(c.list_pages["0oa1"], 2);
        assert_eq!(c.list_pages["0oa2"], 1);
    }
}
