//! `oig-bench`, run by `make bench`: measures terraform-provider-oig with the real Terraform CLI
//! against `oig-emulator` and writes `docs/performance.md` and `docs/performance.svg`.
//!
//! What it measures (issues 9 and 13): API calls per operation, wall time of apply / plan /
//! destroy of N conditions at 0 ms and 200 ms emulator latency (as a ratio to calls × latency ÷
//! parallelism), CPU of the provider next to Terraform core's, a no-op "floor" provider for
//! comparison, the provider process's start-up, memory and size, a run against a rate limit, and
//! the real-org projection: API calls per endpoint of plans and applies of 200 and 1000
//! conditions over 10 apps and the minutes Okta's per-endpoint rate limits impose on them.
//!
//! Knobs (environment): `BENCH_REPS` (runs per figure, default 3), `BENCH_SIZES` (default
//! `50,200,1000`), `BENCH_RATE_N` (default 300), `BENCH_RATE_WINDOW_SECS` (default 60),
//! `BENCH_RATE_SHORT_RUNS` (extra rate-limited runs with a 10 s window, default 1; `BENCH_RATE_N=0`
//! skips them all), `BENCH_HANDSHAKES` (default 20), `BENCH_LATENCIES` (default `0,200`),
//! `BENCH_BUDGET_SECS` / `BENCH_BUDGET_200_SECS` (time budgets, default 600 / 330: a group is
//! not repeated when that would overrun them), `BENCH_NODELAY_N` (diagnostic runs, default 200),
//! `BENCH_PROJECTION_SIZES` (default `200,1000`; sizes not in `BENCH_SIZES` get one extra run at
//! 0 ms; `0` skips the projection), `BENCH_OUT` (default `docs/performance.md`). The Terraform CLI
//! is found as the acceptance tests find it (see `terraform_cli::terraform_bin`).

mod facts;
mod measure;
mod procs;
mod report;
mod results;
mod settings;
mod stats;
mod terraform_cli;
mod tf;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};

use procs::Bins;
use results::{Key, Matrix, RateRun, Results};
use settings::Settings;
use tf::{Op, Variant};

pub const PARALLELISM: usize = 10;

fn main() {
    if let Err(e) = run() {
        eprintln!("oig-bench: {e:#}");
        std::process::exit(1);
    }
}

fn say(start: Instant, msg: impl AsRef<str>) {
    eprintln!("[{:7.1}s] {}", start.elapsed().as_secs_f64(), msg.as_ref());
}

/// Time spent per part of the run, for the report.
struct Clock {
    start: Instant,
    part: Instant,
    sections: Vec<(String, f64)>,
}

impl Clock {
    fn lap(&mut self, name: impl Into<String>) {
        self.sections
            .push((name.into(), self.part.elapsed().as_secs_f64()));
        self.part = Instant::now();
    }
}

fn run() -> Result<()> {
    let start = Instant::now();
    let bins = Bins::find()?;
    let settings = Settings::from_env(&bins.root)?;
    let mut machine = facts::machine(&bins)?;
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
    let mut clock = Clock {
        start,
        part: Instant::now(),
        sections: Vec::new(),
    };

    say(start, "provider process: handshake and size");
    let process = facts::process_facts(&bins, &settings, scratch.path())?;
    clock.lap("handshake and binary size");

    say(start, "API calls per operation");
    let calls = measure::calls_per_operation(&bins, &fixtures)?;
    clock.lap("API calls per operation");

    // The rate-limited runs spend nearly all their time waiting for the next window, so they run
    // next to the 200 ms runs (which also mostly wait); the 0 ms CPU figures run alone afterwards.
    let rate_thread = spawn_rate_limited(&bins, &fixtures, &settings);
    let mut matrix = Matrix::new();
    let mut skipped = Vec::new();
    for &latency in settings.latencies.iter().rev() {
        let block = Block {
            bins: &bins,
            fixtures: &fixtures,
            settings: &settings,
            latency,
        };
        block.run(&mut clock, &mut matrix, &mut skipped)?;
        if latency != 0 && !rate_thread.is_finished() {
            // Let the rate-limited runs finish before the CPU-sensitive 0 ms runs start.
            say(start, "waiting for the rate-limited runs");
            while !rate_thread.is_finished() {
                std::thread::sleep(Duration::from_millis(200));
            }
            clock.lap("waiting for the rate-limited runs");
        }
    }
    let rate = match rate_thread.join() {
        Ok(r) => r?,
        Err(_) => bail!("the rate-limited runs panicked"),
    };
    say_rate(start, &rate);
    if projection_runs(&bins, &fixtures, &settings, &mut matrix, start)? {
        clock.lap("extra runs for the real-org projection");
    }

    machine.load_after = facts::read_trim("/proc/loadavg");
    let results = Results {
        settings,
        machine,
        calls,
        matrix,
        rate,
        process,
        sections: clock.sections,
        skipped,
        total_s: start.elapsed().as_secs_f64(),
    };
    let out = results.settings.out.clone();
    report::write(&results, &out)?;
    say(start, format!("wrote {}", out.display()));
    Ok(())
}

fn say_rate(start: Instant, rate: &[RateRun]) {
    for r in rate {
        say(
            start,
            format!(
                "rate-limited (window {} s): {:.1}s vs bound {:.1}s, {} calls, {} throttled, {} other errors",
                r.window_secs, r.wall_s, r.bound_s, r.calls, r.throttled, r.other_errors
            ),
        );
    }
}

fn spawn_rate_limited(
    bins: &Bins,
    fixtures: &Path,
    settings: &Settings,
) -> JoinHandle<Result<Vec<RateRun>>> {
    let (bins, fixtures, s) = (bins.clone(), fixtures.to_path_buf(), settings.clone());
    std::thread::spawn(move || -> Result<Vec<RateRun>> {
        let mut runs = Vec::new();
        if s.rate_n == 0 {
            return Ok(runs);
        }
        let mut windows = vec![s.rate_window_secs];
        windows.extend(std::iter::repeat_n(
            s.rate_short_window_secs,
            s.rate_short_runs,
        ));
        for w in windows {
            runs.push(measure::rate_limited(&bins, &fixtures, &s, w)?);
        }
        Ok(runs)
    })
}

/// The wall-time runs at one latency: every N, ours (and the floor at 0 ms), with the
/// TCP_NODELAY shim at `nodelay_n`, repeated while the time budget allows.
struct Block<'a> {
    bins: &'a Bins,
    fixtures: &'a PathBuf,
    settings: &'a Settings,
    latency: u64,
}

impl Block<'_> {
    fn variants(&self, n: usize) -> Vec<Variant> {
        let mut v = vec![Variant::OIG];
        if self.latency == 0 {
            v.push(Variant::FLOOR);
        }
        if n == self.settings.nodelay_n {
            v.push(Variant::OIG_NODELAY);
            if self.latency == 0 {
                v.push(Variant::FLOOR_NODELAY);
            }
        }
        v
    }

    fn run(&self, clock: &mut Clock, matrix: &mut Matrix, skipped: &mut Vec<String>) -> Result<()> {
        let (s, latency, start) = (self.settings, self.latency, clock.start);
        // Repetitions stop early rather than let `make bench` run past its time budget: a group
        // starts another repetition only if one more, as long as the last, still fits.
        let budget = if latency > 0 {
            s.budget_200_secs
        } else {
            (s.budget_secs - start.elapsed().as_secs_f64()).max(0.0)
        };
        let block_start = Instant::now();
        let mut last: BTreeMap<(usize, Variant), f64> = BTreeMap::new();
        for rep in 0..s.reps {
            for &n in &s.sizes {
                for variant in self.variants(n) {
                    let label = variant.label();
                    if let Some(d) = last.get(&(n, variant)) {
                        if block_start.elapsed().as_secs_f64() + d > budget {
                            let msg = format!(
                                "{latency} ms, N = {n}, {label}: {rep} of {} runs (one more, about {d:.0} s, would have passed this block's {budget:.0} s budget)",
                                s.reps
                            );
                            say(start, &msg);
                            skipped.push(msg);
                            continue;
                        }
                    }
                    say(
                        start,
                        format!("{latency} ms, rep {}/{}, N={n}, {label}", rep + 1, s.reps),
                    );
                    let group_start = Instant::now();
                    self.group(matrix, variant, n, measure::ops_of(variant.kind))?;
                    last.insert((n, variant), group_start.elapsed().as_secs_f64());
                }
            }
        }
        clock.lap(format!("apply / plan / destroy at {latency} ms"));
        Ok(())
    }

    fn group(&self, matrix: &mut Matrix, variant: Variant, n: usize, ops: &[Op]) -> Result<()> {
        let latency_ms = self.latency;
        for (op, s) in measure::matrix_group(self.bins, self.fixtures, latency_ms, variant, n, ops)?
        {
            eprintln!(
                "           {op:8} {:7.2}s  calls {:5}  provider cpu {:6.3}s  core cpu {:6.3}s  emulator cpu {:6.3}s  rss {} KiB  procs {}",
                s.wall_s, s.calls, s.provider_cpu_s, s.core_cpu_s, s.emulator_cpu_s, s.peak_rss_kb, s.provider_processes
            );
            let key = Key {
                latency_ms,
                variant,
                n,
                op,
            };
            matrix.entry(key).or_default().push(s);
        }
        Ok(())
    }
}

/// The projection needs the apply and plan of each of its sizes over the 10 apps; the wall-time
/// runs usually include them. Sizes they lack get one run at 0 ms. Returns whether any ran.
fn projection_runs(
    bins: &Bins,
    fixtures: &PathBuf,
    s: &Settings,
    matrix: &mut Matrix,
    start: Instant,
) -> Result<bool> {
    let block = Block {
        bins,
        fixtures,
        settings: s,
        latency: 0,
    };
    let mut ran = false;
    for &n in &s.projection_sizes {
        let measured = |op| {
            matrix
                .keys()
                .any(|k| k.variant == Variant::OIG && k.n == n && k.op == op)
        };
        if measured(Op::Apply) && measured(Op::Plan) {
            continue;
        }
        say(start, format!("real-org projection: N={n} at 0 ms"));
        block.group(matrix, Variant::OIG, n, &[Op::Apply, Op::Plan])?;
        ran = true;
    }
    Ok(ran)
}
