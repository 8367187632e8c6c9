//! The measured scenarios: N conditions applied, planned and destroyed; single operations; a run
//! against a rate limit. Each has its own emulator and working directory.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use anyhow::{bail, Result};

use crate::procs::{Bins, Emulator, LogEntry};
use crate::results::{ApiCalls, CallRow, RateRun, Sample};
use crate::settings::Settings;
use crate::tf::{Cond, Kind, Op, TfRun, Variant, Workspace};

const TF_TIMEOUT: Duration = Duration::from_secs(900);

fn emulator(bins: &Bins, fixtures: &Path, latency_ms: u64) -> Result<Emulator> {
    let mut extra = Vec::new();
    if latency_ms > 0 {
        extra.push("--latency-ms".to_string());
        extra.push(latency_ms.to_string());
    }
    Emulator::start(&bins.emulator, fixtures, &extra)
}

/// Calls answered other than 2xx.
fn failed(log: &[LogEntry]) -> usize {
    log.iter()
        .filter(|e| !(200..300).contains(&e.status))
        .count()
}

fn sample(run: &TfRun, log: &[LogEntry], emulator_cpu_s: f64, state_bytes: u64) -> Sample {
    let api = ApiCalls::from_log(log);
    Sample {
        wall_s: run.wall_s,
        calls: api.total(),
        api,
        provider_cpu_s: run.providers.cpu_s,
        core_cpu_s: run.core_cpu_s(),
        peak_rss_kb: run.providers.peak_rss_kb,
        provider_processes: run.providers.processes,
        emulator_cpu_s,
        state_bytes,
    }
}

/// The commands a group runs: the floor only needs apply and plan (the targets); its destroy of
/// 1000 would cost as much as ours.
pub fn ops_of(kind: Kind) -> &'static [Op] {
    match kind {
        Kind::Oig => &Op::ALL,
        Kind::Floor => &[Op::Apply, Op::Plan],
    }
}

/// Apply N conditions (INACTIVE) from nothing, plan them unchanged, destroy them (the first
/// `ops`, in that order): one emulator (for the real provider) and one working directory.
pub fn matrix_group(
    bins: &Bins,
    fixtures: &Path,
    latency_ms: u64,
    variant: Variant,
    n: usize,
    ops: &[Op],
) -> Result<Vec<(Op, Sample)>> {
    let emu = match variant.kind {
        Kind::Oig => Some(emulator(bins, fixtures, latency_ms)?),
        Kind::Floor => None,
    };
    let mut ws = Workspace::new(bins, variant.kind, emu.as_ref().map(|e| e.url.as_str()))?;
    if variant.nodelay {
        ws.with_preload(&bins.nodelay);
    }
    ws.write_count(n, "INACTIVE")?;
    let mut out = Vec::new();
    for &op in ops {
        if let Some(e) = &emu {
            e.clear_log()?;
        }
        let cpu_before = emu.as_ref().map(Emulator::cpu_s).unwrap_or(0.0);
        let run = ws.run_ok(op.args(), &[], TF_TIMEOUT)?;
        let emulator_cpu = emu.as_ref().map(Emulator::cpu_s).unwrap_or(0.0) - cpu_before;
        let log = match &emu {
            Some(e) => e.log()?,
            None => Vec::new(),
        };
        if failed(&log) > 0 {
            bail!(
                "{op} of {n} conditions at {latency_ms} ms: {} API calls failed",
                failed(&log)
            );
        }
        out.push((op, sample(&run, &log, emulator_cpu, ws.state_bytes())));
    }
    Ok(out)
}

/// API calls of single operations, each the apply of a saved plan (so the plan's own reads are
/// counted apart), against an emulator without latency.
pub fn calls_per_operation(bins: &Bins, fixtures: &Path) -> Result<Vec<CallRow>> {
    let emu = emulator(bins, fixtures, 0)?;
    let ws = Workspace::new(bins, Kind::Oig, Some(&emu.url))?;
    let t = Duration::from_secs(300);
    let a = |status: &'static str, description: &str| Cond {
        key: "a".into(),
        app: 1,
        name: "bench calls a".into(),
        description: description.into(),
        status,
    };
    let b = |status: &'static str| Cond {
        key: "b".into(),
        app: 2,
        name: "bench calls b".into(),
        description: "second".into(),
        status,
    };
    let mut rows = Vec::new();
    // Plan to a file, then apply the file: the apply's calls are the operation's.
    let mut step = |operation: &'static str,
                    target: usize,
                    conds: &[Cond],
                    plan_args: &[&str]|
     -> Result<()> {
        ws.write_conds(conds)?;
        emu.clear_log()?;
        let mut args = vec!["plan", "-input=false", "-no-color", "-out=bench.tfplan"];
        args.extend_from_slice(plan_args);
        ws.run_ok(&args, &[], t)?;
        let plan = ApiCalls::from_log(&emu.log()?);
        emu.clear_log()?;
        ws.run_ok(
            &["apply", "-input=false", "-no-color", "bench.tfplan"],
            &[],
            t,
        )?;
        rows.push(call_row(operation, target, &emu.log()?, Some(plan)));
        Ok(())
    };
    // Issue 13's create targets: the POST (and the activation for ACTIVE) plus at most one read
    // of the request settings per app the command writes to (plan-time checks in the apply).
    step(
        "create INACTIVE",
        create_target(1, false),
        &[a("INACTIVE", "first")],
        &[],
    )?;
    step(
        "create ACTIVE",
        create_target(1, true),
        &[a("INACTIVE", "first"), b("ACTIVE")],
        &[],
    )?;
    step(
        "update without status change",
        1,
        &[a("INACTIVE", "first, changed"), b("ACTIVE")],
        &[],
    )?;
    step(
        "update with status change",
        2,
        &[a("ACTIVE", "first, changed again"), b("ACTIVE")],
        &[],
    )?;
    step(
        "delete ACTIVE",
        2,
        &[a("ACTIVE", "first, changed again")],
        &["-refresh=false"],
    )?;
    // Refresh of one condition: `apply -refresh-only` of the one that is left.
    emu.clear_log()?;
    let refresh = [
        "apply",
        "-refresh-only",
        "-auto-approve",
        "-input=false",
        "-no-color",
    ];
    ws.run_ok(&refresh, &[], t)?;
    rows.push(call_row("refresh of one condition", 1, &emu.log()?, None));
    Ok(rows)
}

/// The calls issue 13 allows the apply creating one condition in each of `apps` apps: a POST
/// each (and an activation each when ACTIVE), plus at most one settings read per app.
pub fn create_target(apps: usize, active: bool) -> usize {
    let writes = if active { 2 } else { 1 };
    apps * writes + apps
}

fn call_row(
    operation: &'static str,
    target: usize,
    log: &[LogEntry],
    plan: Option<ApiCalls>,
) -> CallRow {
    CallRow {
        operation,
        target,
        met: log.len() <= target && failed(log) == 0,
        calls: log.len(),
        api: ApiCalls::from_log(log),
        plan,
    }
}

/// N conditions (ACTIVE: a create and an activation each, two buckets) against a rate limit.
pub fn rate_limited(
    bins: &Bins,
    fixtures: &Path,
    s: &Settings,
    window_secs: u64,
) -> Result<RateRun> {
    let extra = vec![
        "--rate-limit".to_string(),
        s.rate_limit.to_string(),
        "--rate-limit-window-secs".to_string(),
        window_secs.to_string(),
    ];
    let emu = Emulator::start(&bins.emulator, fixtures, &extra)?;
    let ws = Workspace::new(bins, Kind::Oig, Some(&emu.url))?;
    ws.write_count(s.rate_n, "ACTIVE")?;
    let run = ws.run(Op::Apply.args(), TF_TIMEOUT)?;
    let log = emu.log()?;
    let mut buckets: BTreeMap<String, usize> = BTreeMap::new();
    for e in log.iter().filter(|e| e.status != 429) {
        *buckets.entry(e.bucket.clone()).or_default() += 1;
    }
    let throttled = log.iter().filter(|e| e.status == 429).count();
    Ok(RateRun {
        window_secs,
        wall_s: run.wall_s,
        bound_s: rate_bound_s(&buckets, s.rate_limit, window_secs),
        calls: log.len(),
        throttled,
        other_errors: failed(&log) - throttled,
        exit_ok: run.code == Some(0),
        buckets: buckets.into_iter().collect(),
    })
}

/// Each bucket's calls need ⌈calls ÷ limit⌉ windows; all but the last are waited out.
fn rate_bound_s(buckets: &BTreeMap<String, usize>, limit: usize, window_secs: u64) -> f64 {
    buckets
        .values()
        .map(|&c| (c.div_ceil(limit).saturating_sub(1) as u64 * window_secs) as f64)
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_targets_allow_one_settings_read_per_app() {
        assert_eq!(create_target(1, false), 2);
        assert_eq!(create_target(1, true), 3);
        assert_eq!(create_target(10, true), 30);
    }

    #[test]
    fn rate_bound_is_the_busiest_bucket_s_waited_windows() {
        let b: BTreeMap<String, usize> = [("a".to_string(), 300), ("b".to_string(), 61)].into();
        // 300 calls at 60 per window: 5 windows, 4 waited out.
        assert_eq!(rate_bound_s(&b, 60, 10), 40.0);
        assert_eq!(rate_bound_s(&BTreeMap::new(), 60, 10), 0.0);
    }
}
