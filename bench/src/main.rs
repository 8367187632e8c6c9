//! `oig-bench`, run by `make bench`: measures terraform-provider-oig with the real Terraform CLI
//! against `oig-emulator` and writes `docs/performance.md` and `docs/performance.svg`.
//!
//! What it measures is issue 9: API calls per operation, wall time of apply / plan / destroy of N
//! conditions at 0 ms and 200 ms emulator latency (as a ratio to calls × latency ÷ parallelism),
//! CPU of the provider next to Terraform core's, a no-op "floor" provider for comparison, the
//! provider process's start-up, memory and size, and a run against a rate limit.
//!
//! Knobs (environment): `BENCH_REPS` (runs per figure, default 3), `BENCH_SIZES` (default
//! `50,200,1000`), `BENCH_RATE_N` (default 300), `BENCH_RATE_WINDOW_SECS` (default 60),
//! `BENCH_RATE_SHORT_RUNS` (extra rate-limited runs with a 10 s window, default 1; `BENCH_RATE_N=0`
//! skips them all), `BENCH_HANDSHAKES` (default 20), `BENCH_LATENCIES` (default `0,200`),
//! `BENCH_BUDGET_SECS` / `BENCH_BUDGET_200_SECS` (time budgets, default 600 / 330: a group is
//! not repeated when that would overrun them), `BENCH_NODELAY_N` (diagnostic runs, default 200), `BENCH_OUT` (default `docs/performance.md`).

mod procs;
mod report;
mod stats;
mod tf;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use procs::{Bins, Emulator, LogEntry};
use tf::{Cond, Kind, TfRun, Workspace};

pub const PARALLELISM: usize = 10;
const TF_TIMEOUT: Duration = Duration::from_secs(900);
const MAGIC_COOKIE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

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
    pub out: PathBuf,
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
    fn from_env(root: &Path) -> Result<Settings> {
        let sizes = match std::env::var("BENCH_SIZES") {
            Ok(v) if !v.trim().is_empty() => v
                .split(',')
                .map(|s| s.trim().parse::<usize>())
                .collect::<Result<Vec<_>, _>>()
                .context("BENCH_SIZES")?,
            _ => vec![50, 200, 1000],
        };
        Ok(Settings {
            reps: env_num("BENCH_REPS", 3usize)?.max(1),
            sizes,
            rate_n: env_num("BENCH_RATE_N", 300usize)?,
            rate_limit: 60,
            rate_window_secs: env_num("BENCH_RATE_WINDOW_SECS", 60u64)?,
            rate_short_runs: env_num("BENCH_RATE_SHORT_RUNS", 1usize)?,
            rate_short_window_secs: 10,
            handshakes: env_num("BENCH_HANDSHAKES", 20usize)?.max(1),
            budget_secs: env_num("BENCH_BUDGET_SECS", 600.0f64)?,
            budget_200_secs: env_num("BENCH_BUDGET_200_SECS", 330.0f64)?,
            nodelay_n: env_num("BENCH_NODELAY_N", 200usize)?,
            latencies: match std::env::var("BENCH_LATENCIES") {
                Ok(v) if !v.trim().is_empty() => v
                    .split(',')
                    .map(|s| s.trim().parse::<u64>())
                    .collect::<Result<Vec<_>, _>>()
                    .context("BENCH_LATENCIES")?,
                _ => vec![0, 200],
            },
            out: std::env::var_os("BENCH_OUT")
                .map(PathBuf::from)
                .unwrap_or_else(|| root.join("docs/performance.md")),
        })
    }
}

/// One measured Terraform command.
#[derive(Debug, Clone)]
pub struct Sample {
    pub wall_s: f64,
    pub calls: usize,
    pub errors: usize,
    pub provider_cpu_s: f64,
    pub core_cpu_s: f64,
    pub peak_rss_kb: u64,
    pub provider_processes: usize,
    pub emulator_cpu_s: f64,
}

/// (latency ms, provider, N, operation) → samples, one per repetition.
pub type Matrix = BTreeMap<(u64, &'static str, usize, &'static str), Vec<Sample>>;

#[derive(Debug, Clone)]
pub struct CallRow {
    pub operation: &'static str,
    pub target: String,
    pub met: bool,
    pub calls: usize,
    pub detail: String,
    pub plan_calls: Option<usize>,
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

fn main() {
    if let Err(e) = run() {
        eprintln!("oig-bench: {e:#}");
        std::process::exit(1);
    }
}

fn say(start: Instant, msg: impl AsRef<str>) {
    eprintln!("[{:7.1}s] {}", start.elapsed().as_secs_f64(), msg.as_ref());
}

fn run() -> Result<()> {
    let start = Instant::now();
    let bins = Bins::find()?;
    let settings = Settings::from_env(&bins.root)?;
    let mut machine = machine(&bins)?;
    say(
        start,
        format!(
            "terraform: {} ({}); reps {}, sizes {:?}",
            bins.terraform.display(),
            machine.terraform,
            settings.reps,
            settings.sizes
        ),
    );
    let scratch = tempfile::Builder::new().prefix("oig-bench-").tempdir()?;
    let fixtures = scratch.path().join("fixtures.json");
    std::fs::write(&fixtures, serde_json::to_vec_pretty(&tf::fixtures())?)?;

    let mut sections = Vec::new();
    let mut t = Instant::now();

    say(start, "provider process: handshake and size");
    let process = process_facts(&bins, &settings, scratch.path())?;
    sections.push((
        "handshake and binary size".to_string(),
        t.elapsed().as_secs_f64(),
    ));
    t = Instant::now();

    say(start, "API calls per operation");
    let calls = calls_per_operation(&bins, &fixtures)?;
    sections.push((
        "API calls per operation".to_string(),
        t.elapsed().as_secs_f64(),
    ));
    t = Instant::now();

    // The rate-limited runs spend nearly all their time waiting for the next window, so they run
    // next to the 200 ms runs (which also mostly wait); the 0 ms CPU figures run alone afterwards.
    let rate_bins = bins.clone();
    let rate_settings = settings.clone();
    let rate_fixtures = fixtures.clone();
    let rate_thread = std::thread::spawn(move || -> Result<Vec<RateRun>> {
        let mut runs = Vec::new();
        if rate_settings.rate_n == 0 {
            return Ok(runs);
        }
        let mut windows = vec![rate_settings.rate_window_secs];
        windows.extend(std::iter::repeat_n(
            rate_settings.rate_short_window_secs,
            rate_settings.rate_short_runs,
        ));
        for w in windows {
            runs.push(rate_limited(&rate_bins, &rate_fixtures, &rate_settings, w)?);
        }
        Ok(runs)
    });

    let mut matrix = Matrix::new();
    let mut skipped = Vec::new();
    for &latency in settings.latencies.iter().rev() {
        // Repetitions stop early rather than let `make bench` run past its time budget: a block
        // starts another repetition only if one more, as long as the last, still fits.
        let block_budget = if latency > 0 {
            settings.budget_200_secs
        } else {
            (settings.budget_secs - start.elapsed().as_secs_f64()).max(0.0)
        };
        let block_start = Instant::now();
        let mut last: BTreeMap<(usize, &'static str), f64> = BTreeMap::new();
        for rep in 0..settings.reps {
            for &n in &settings.sizes {
                let mut kinds: Vec<(Kind, &'static str)> = vec![(Kind::Oig, "oig")];
                if latency == 0 {
                    kinds.push((Kind::Floor, "floor"));
                }
                if n == settings.nodelay_n {
                    kinds.push((Kind::Oig, "oig+nodelay"));
                    if latency == 0 {
                        kinds.push((Kind::Floor, "floor+nodelay"));
                    }
                }
                for (kind, label) in kinds {
                    // Repeat a group only if, as long as its last run, it still fits the budget.
                    if let Some(d) = last.get(&(n, label)) {
                        if block_start.elapsed().as_secs_f64() + d > block_budget {
                            let msg = format!(
                                "{latency} ms, N = {n}, {label}: {rep} of {} runs (one more, about {d:.0} s, would have passed this block's {block_budget:.0} s budget)",
                                settings.reps
                            );
                            say(start, &msg);
                            skipped.push(msg);
                            continue;
                        }
                    }
                    say(
                        start,
                        format!(
                            "{} ms, rep {}/{}, N={n}, {label}",
                            latency,
                            rep + 1,
                            settings.reps
                        ),
                    );
                    let group_start = Instant::now();
                    let nodelay = label.ends_with("+nodelay");
                    for (op, s) in matrix_group(&bins, &fixtures, latency, kind, n, nodelay)? {
                        eprintln!(
                            "           {op:8} {:7.2}s  calls {:5}  provider cpu {:6.3}s  core cpu {:6.3}s  emulator cpu {:6.3}s  rss {} KiB  procs {}",
                            s.wall_s, s.calls, s.provider_cpu_s, s.core_cpu_s, s.emulator_cpu_s, s.peak_rss_kb, s.provider_processes
                        );
                        matrix.entry((latency, label, n, op)).or_default().push(s);
                    }
                    last.insert((n, label), group_start.elapsed().as_secs_f64());
                }
            }
        }
        sections.push((
            format!("apply / plan / destroy at {latency} ms"),
            t.elapsed().as_secs_f64(),
        ));
        t = Instant::now();
        if latency != 0 && !rate_thread.is_finished() {
            // Let the rate-limited runs finish before the CPU-sensitive 0 ms runs start.
            say(start, "waiting for the rate-limited runs");
            while !rate_thread.is_finished() {
                std::thread::sleep(Duration::from_millis(200));
            }
            sections.push((
                "waiting for the rate-limited runs".to_string(),
                t.elapsed().as_secs_f64(),
            ));
            t = Instant::now();
        }
    }
    let rate = match rate_thread.join() {
        Ok(r) => r?,
        Err(_) => bail!("the rate-limited runs panicked"),
    };
    for r in &rate {
        say(
            start,
            format!(
                "rate-limited (window {} s): {:.1}s vs bound {:.1}s, {} calls, {} throttled, {} other errors",
                r.window_secs, r.wall_s, r.bound_s, r.calls, r.throttled, r.other_errors
            ),
        );
    }

    machine.load_after = read_trim("/proc/loadavg");
    let results = Results {
        settings,
        machine,
        calls,
        matrix,
        rate,
        process,
        sections,
        skipped,
        total_s: start.elapsed().as_secs_f64(),
    };
    let out = results.settings.out.clone();
    report::write(&results, &out)?;
    say(start, format!("wrote {}", out.display()));
    Ok(())
}

fn read_trim(path: &str) -> String {
    std::fs::read_to_string(path)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

fn machine(bins: &Bins) -> Result<Machine> {
    let cpuinfo = read_trim("/proc/cpuinfo");
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let meminfo = read_trim("/proc/meminfo");
    let mem_total = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown".into());
    let out = Command::new(&bins.terraform)
        .arg("version")
        .env("CHECKPOINT_DISABLE", "1")
        .stderr(Stdio::null())
        .output()
        .context("terraform version")?;
    let terraform = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or("unknown")
        .trim()
        .to_string();
    let date = Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    Ok(Machine {
        nproc: std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        model,
        mem_total,
        kernel: read_trim("/proc/sys/kernel/osrelease"),
        terraform,
        load_before: read_trim("/proc/loadavg"),
        load_after: String::new(),
        date,
    })
}

fn emulator(bins: &Bins, fixtures: &Path, latency_ms: u64) -> Result<Emulator> {
    let mut extra = Vec::new();
    if latency_ms > 0 {
        extra.push("--latency-ms".to_string());
        extra.push(latency_ms.to_string());
    }
    Emulator::start(&bins.emulator, fixtures, &extra)
}

fn failed(log: &[LogEntry]) -> usize {
    log.iter()
        .filter(|e| !(200..300).contains(&e.status))
        .count()
}

fn sample(run: &TfRun, log: &[LogEntry], emulator_cpu_s: f64) -> Sample {
    Sample {
        wall_s: run.wall_s,
        calls: log.len(),
        errors: failed(log),
        provider_cpu_s: run.providers.cpu_s,
        core_cpu_s: run.core_cpu_s(),
        peak_rss_kb: run.providers.peak_rss_kb,
        provider_processes: run.providers.processes,
        emulator_cpu_s,
    }
}

const APPLY: &[&str] = &[
    "apply",
    "-auto-approve",
    "-input=false",
    "-no-color",
    "-parallelism=10",
];
const PLAN: &[&str] = &[
    "plan",
    "-input=false",
    "-no-color",
    "-parallelism=10",
    "-detailed-exitcode",
];
const DESTROY: &[&str] = &[
    "destroy",
    "-auto-approve",
    "-input=false",
    "-no-color",
    "-parallelism=10",
];

/// Apply N conditions from nothing, plan them unchanged, destroy them: one emulator (for the
/// real provider) and one working directory for the three.
fn matrix_group(
    bins: &Bins,
    fixtures: &Path,
    latency_ms: u64,
    kind: Kind,
    n: usize,
    nodelay: bool,
) -> Result<Vec<(&'static str, Sample)>> {
    let emu = match kind {
        Kind::Oig => Some(emulator(bins, fixtures, latency_ms)?),
        Kind::Floor => None,
    };
    let mut ws = Workspace::new(bins, kind, emu.as_ref().map(|e| e.url.as_str()))?;
    if nodelay {
        ws.with_preload(&bins.nodelay);
    }
    ws.write_count(n, "INACTIVE")?;
    let mut out = Vec::new();
    // The floor only needs apply and plan (the targets); its destroy of 1000 would cost 45 s a run.
    let ops: &[(&'static str, &[&str])] = match kind {
        Kind::Oig => &[("apply", APPLY), ("plan", PLAN), ("destroy", DESTROY)],
        Kind::Floor => &[("apply", APPLY), ("plan", PLAN)],
    };
    for &(op, args) in ops {
        if let Some(e) = &emu {
            e.clear_log()?;
        }
        let cpu_before = emu.as_ref().map(Emulator::cpu_s).unwrap_or(0.0);
        let run = ws.run_ok(args, &[], TF_TIMEOUT)?;
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
        out.push((op, sample(&run, &log, emulator_cpu)));
    }
    Ok(out)
}

/// `METHOD bucket` for each call, counted.
fn describe_calls(log: &[LogEntry]) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for e in log {
        let short = e
            .bucket
            .split_once(' ')
            .map(|(m, p)| {
                format!(
                    "{m} {}",
                    p.replace("/governance/api/v2/resources/{id}", "…")
                )
            })
            .unwrap_or_else(|| format!("{} {}", e.method, e.path));
        *counts.entry(short).or_default() += 1;
    }
    if counts.is_empty() {
        return "none".into();
    }
    counts
        .into_iter()
        .map(|(k, v)| {
            if v == 1 {
                format!("`{k}`")
            } else {
                format!("{v} × `{k}`")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// API calls of single operations, each the apply of a saved plan (so the plan's own reads are
/// counted apart), against an emulator without latency.
fn calls_per_operation(bins: &Bins, fixtures: &Path) -> Result<Vec<CallRow>> {
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
        let plan_calls = emu.log()?.len();
        emu.clear_log()?;
        ws.run_ok(
            &["apply", "-input=false", "-no-color", "bench.tfplan"],
            &[],
            t,
        )?;
        let log = emu.log()?;
        rows.push(CallRow {
            operation,
            target: target.to_string(),
            met: log.len() <= target && failed(&log) == 0,
            calls: log.len(),
            detail: describe_calls(&log),
            plan_calls: Some(plan_calls),
        });
        Ok(())
    };
    step("create INACTIVE", 1, &[a("INACTIVE", "first")], &[])?;
    step(
        "create ACTIVE",
        2,
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
    ws.run_ok(
        &[
            "apply",
            "-refresh-only",
            "-auto-approve",
            "-input=false",
            "-no-color",
        ],
        &[],
        t,
    )?;
    let log = emu.log()?;
    rows.push(CallRow {
        operation: "refresh of one condition",
        target: "1".into(),
        met: log.len() <= 1 && failed(&log) == 0,
        calls: log.len(),
        detail: describe_calls(&log),
        plan_calls: None,
    });
    Ok(rows)
}

/// N conditions (ACTIVE: a create and an activation each, two buckets) against a rate limit.
fn rate_limited(bins: &Bins, fixtures: &Path, s: &Settings, window_secs: u64) -> Result<RateRun> {
    let extra = vec![
        "--rate-limit".to_string(),
        s.rate_limit.to_string(),
        "--rate-limit-window-secs".to_string(),
        window_secs.to_string(),
    ];
    let emu = Emulator::start(&bins.emulator, fixtures, &extra)?;
    let ws = Workspace::new(bins, Kind::Oig, Some(&emu.url))?;
    ws.write_count(s.rate_n, "ACTIVE")?;
    let run = ws.run(APPLY, TF_TIMEOUT)?;
    let log = emu.log()?;
    let mut buckets: BTreeMap<String, usize> = BTreeMap::new();
    for e in log.iter().filter(|e| e.status != 429) {
        *buckets.entry(e.bucket.clone()).or_default() += 1;
    }
    // Each bucket's calls need ceil(calls / limit) windows; all but the last are waited out.
    let bound_s = buckets
        .values()
        .map(|&c| (c.div_ceil(s.rate_limit).saturating_sub(1) as u64 * window_secs) as f64)
        .fold(0.0, f64::max);
    let throttled = log.iter().filter(|e| e.status == 429).count();
    Ok(RateRun {
        window_secs,
        wall_s: run.wall_s,
        bound_s,
        calls: log.len(),
        throttled,
        other_errors: failed(&log) - throttled,
        exit_ok: run.code == Some(0),
        buckets: buckets.into_iter().collect(),
    })
}

/// Time from starting a provider binary, with the environment Terraform gives it, to its
/// handshake line on stdout.
fn handshake_ms(bin: &Path, client_cert: Option<&str>) -> Result<f64> {
    let mut cmd = Command::new(bin);
    for (k, _) in std::env::vars() {
        if k.starts_with("PLUGIN_") || k.starts_with("TF_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("PLUGIN_PROTOCOL_VERSIONS", "6")
        .env("TF_PLUGIN_MAGIC_COOKIE", MAGIC_COOKIE)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(cert) = client_cert {
        cmd.env("PLUGIN_CLIENT_CERT", cert);
    }
    let started = Instant::now();
    let mut child = cmd
        .spawn()
        .with_context(|| format!("starting {}", bin.display()))?;
    let stdout = child.stdout.take().context("provider stdout")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    let _ = child.kill();
    let _ = child.wait();
    if !line.starts_with("1|6|tcp|") {
        bail!("unexpected handshake line from {}: {line:?}", bin.display());
    }
    Ok(elapsed)
}

fn stripped_size(bin: &Path, scratch: &Path) -> Result<u64> {
    let copy = scratch.join(format!(
        "{}.stripped",
        bin.file_name().and_then(|n| n.to_str()).unwrap_or("bin")
    ));
    std::fs::copy(bin, &copy)?;
    let status = Command::new("strip")
        .arg(&copy)
        .status()
        .context("running strip")?;
    if !status.success() {
        bail!("strip {} failed", copy.display());
    }
    Ok(std::fs::metadata(&copy)?.len())
}

fn process_facts(bins: &Bins, s: &Settings, scratch: &Path) -> Result<ProcessFacts> {
    // Terraform always asks for mTLS (go-plugin's AutoMTLS): a client certificate in
    // PLUGIN_CLIENT_CERT, to which the provider answers with a certificate of its own.
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()])
        .context("generating a client certificate")?
        .cert
        .pem();
    let mut f = ProcessFacts::default();
    // One unmeasured start each, so that the binaries are in the page cache.
    handshake_ms(&bins.provider, Some(&cert))?;
    handshake_ms(&bins.floor, Some(&cert))?;
    for _ in 0..s.handshakes {
        f.handshake_ms
            .push(handshake_ms(&bins.provider, Some(&cert))?);
        f.floor_handshake_ms
            .push(handshake_ms(&bins.floor, Some(&cert))?);
        f.handshake_no_tls_ms
            .push(handshake_ms(&bins.provider, None)?);
    }
    f.size_built = std::fs::metadata(&bins.provider)?.len();
    f.size_stripped = stripped_size(&bins.provider, scratch)?;
    f.floor_size_stripped = stripped_size(&bins.floor, scratch)?;
    Ok(f)
}
