//! A small synthetic `Results` for the report's tests: plausible shapes, round numbers.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::Summary;
use crate::results::{
    ApiCalls, CallRow, Key, Machine, Matrix, ProcessFacts, RateRun, Results, Sample,
    LIST_CONDITIONS,
};
use crate::settings::Settings;
use crate::tf::{Kind, Op, Variant, APPS};

const SETTINGS_GET: &str = "GET /governance/api/v2/resources/{id}/request-settings";
const GET: &str = "GET /governance/api/v2/resources/{id}/request-conditions/{id}";
const POST: &str = "POST /governance/api/v2/resources/{id}/request-conditions";
const DELETE: &str = "DELETE /governance/api/v2/resources/{id}/request-conditions/{id}";

fn api(parts: &[(&str, usize)]) -> ApiCalls {
    ApiCalls {
        per_endpoint: parts
            .iter()
            .filter(|(_, c)| *c > 0)
            .map(|(e, c)| (e.to_string(), *c))
            .collect(),
        list_pages: BTreeMap::new(),
    }
}

/// What the provider calls today (one GET per condition on refresh).
fn calls_of(op: Op, n: usize) -> ApiCalls {
    match op {
        Op::Apply => api(&[(POST, n), (SETTINGS_GET, APPS)]),
        Op::Plan => api(&[(GET, n)]),
        Op::Destroy => api(&[(GET, n), (DELETE, n)]),
    }
}

/// A plan that lists each app's conditions once (one page each) and reads one settings object.
pub fn list_refresh() -> ApiCalls {
    let mut a = api(&[
        (LIST_CONDITIONS, APPS),
        ("GET /governance/api/v2/request-settings", 1),
    ]);
    a.list_pages = (1..=APPS).map(|i| (format!("0oa{i}"), 1)).collect();
    a
}

/// A section's text and the summary rows it added, built from `r` on a fresh summary.
pub(super) fn section_of(
    r: &Results,
    build: impl FnOnce(&Results, &mut Summary) -> String,
) -> (String, Summary) {
    let mut sum = Summary::default();
    let text = build(r, &mut sum);
    (text, sum)
}

/// Asserts that `text` has every one of `parts`; a failure names the missing part.
pub fn assert_has_all(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
}

/// Replaces the calls of every plan of `n` conditions by `calls`.
pub fn set_plan_calls(r: &mut Results, n: usize, calls: ApiCalls) {
    for (k, v) in r.matrix.iter_mut() {
        if k.n == n && k.op == Op::Plan && k.variant == Variant::OIG {
            for s in v.iter_mut() {
                s.calls = calls.total();
                s.api = calls.clone();
            }
        }
    }
}

fn sample(variant: Variant, latency_ms: u64, n: usize, op: Op, rep: usize) -> Sample {
    let api = match variant.kind {
        Kind::Oig => calls_of(op, n),
        Kind::Floor => ApiCalls::default(),
    };
    let calls = api.total();
    let bound = calls as f64 * latency_ms as f64 / 1000.0 / 10.0;
    let core = 0.002 * n as f64 * (1.0 + n as f64 / 1000.0);
    let provider = match variant.kind {
        Kind::Oig => 0.05 + 0.0008 * n as f64 * op.operations_per_resource(),
        Kind::Floor => 0.03 + 0.0002 * n as f64,
    };
    let nodelay = if variant.nodelay { 0.8 } else { 1.0 };
    let wall = (bound * 1.4 * nodelay).max(core * 1.1) + 0.5 + rep as f64 * 0.1;
    Sample {
        wall_s: wall,
        calls,
        api,
        provider_cpu_s: provider,
        core_cpu_s: core,
        peak_rss_kb: 11_000 + n as u64,
        provider_processes: 3,
        emulator_cpu_s: 0.0002 * n as f64,
        state_bytes: 1000 * n as u64,
    }
}

fn matrix(s: &Settings) -> Matrix {
    let mut m = Matrix::new();
    for &latency_ms in &s.latencies {
        for &n in &s.sizes {
            let mut variants = vec![Variant::OIG];
            if latency_ms == 0 {
                variants.push(Variant::FLOOR);
            }
            if n == s.nodelay_n {
                variants.push(Variant::OIG_NODELAY);
                if latency_ms == 0 {
                    variants.push(Variant::FLOOR_NODELAY);
                }
            }
            for variant in variants {
                let ops: &[Op] = match variant.kind {
                    Kind::Oig => &Op::ALL,
                    Kind::Floor => &[Op::Apply, Op::Plan],
                };
                for &op in ops {
                    let key = Key {
                        latency_ms,
                        variant,
                        n,
                        op,
                    };
                    let runs = (0..s.reps)
                        .map(|rep| sample(variant, latency_ms, n, op, rep))
                        .collect();
                    m.insert(key, runs);
                }
            }
        }
    }
    m
}

fn call_row(
    operation: &'static str,
    target: usize,
    parts: &[(&str, usize)],
    plan: Option<&[(&str, usize)]>,
) -> CallRow {
    let calls = api(parts);
    CallRow {
        operation,
        target,
        met: calls.total() <= target,
        calls: calls.total(),
        api: calls,
        plan: plan.map(api),
    }
}

fn call_rows() -> Vec<CallRow> {
    vec![
        call_row(
            "create INACTIVE",
            1,
            &[(SETTINGS_GET, 1), (POST, 1)],
            Some(&[(SETTINGS_GET, 1)]),
        ),
        call_row("refresh of one condition", 1, &[(GET, 1)], None),
    ]
}

pub fn results() -> Results {
    let settings = Settings {
        reps: 2,
        sizes: vec![50, 200, 1000],
        rate_n: 300,
        rate_limit: 60,
        rate_window_secs: 60,
        rate_short_runs: 1,
        rate_short_window_secs: 10,
        handshakes: 3,
        latencies: vec![0, 200],
        budget_secs: 600.0,
        budget_200_secs: 330.0,
        nodelay_n: 200,
        projection_sizes: vec![200, 1000],
        out: PathBuf::from("performance.md"),
    };
    let rate = |window_secs| RateRun {
        window_secs,
        wall_s: 4.1 * window_secs as f64,
        bound_s: 4.0 * window_secs as f64,
        calls: 600,
        throttled: 0,
        other_errors: 0,
        exit_ok: true,
        buckets: vec![(POST.to_string(), 300)],
    };
    Results {
        matrix: matrix(&settings),
        settings,
        machine: Machine {
            nproc: 2,
            model: "test CPU".into(),
            terraform: "Terraform v1.11.4".into(),
            ..Machine::default()
        },
        calls: call_rows(),
        rate: vec![rate(60), rate(10)],
        process: ProcessFacts {
            handshake_ms: vec![4.0, 5.0, 3.0],
            handshake_no_tls_ms: vec![2.0, 2.0, 2.5],
            floor_handshake_ms: vec![3.0, 3.5, 3.0],
            size_stripped: 10_000_000,
            size_built: 12_000_000,
            floor_size_stripped: 8_000_000,
        },
        sections: vec![("everything".into(), 1.0)],
        skipped: Vec::new(),
        total_s: 1.0,
    }
}
