//! docs/performance.md and docs/performance.svg, written from one bench run. One function per
//! section; every figure and every finding comes from this run's measurements.

mod calls;
mod findings;
mod process;
mod projection;
mod refresh;
mod svg;
mod timing;

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;

use crate::results::{Results, Sample};
use crate::stats::Stat;
use crate::tf::{Op, Variant};
use crate::PARALLELISM;

pub const RATIO_TARGET: f64 = 1.2;
pub const FLOOR_TARGET: f64 = 1.15;
pub const CPU_TARGET_MS: f64 = 1.0;
pub const HANDSHAKE_TARGET_MS: f64 = 50.0;
pub const RSS_TARGET_MB: f64 = 40.0;
pub const RATE_TARGET: f64 = 1.15;

/// A markdown table's header row and its alignment row.
fn table_head(out: &mut String, head: &str, align: &str) {
    let _ = writeln!(out, "{head}\n{align}");
}

/// Every (N, command) of the run, N outermost: the rows of the per-command tables.
fn sizes_and_ops(r: &Results) -> impl Iterator<Item = (usize, Op)> + '_ {
    r.settings
        .sizes
        .iter()
        .flat_map(|&n| Op::ALL.into_iter().map(move |op| (n, op)))
}

fn met(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "**not met**"
    }
}

fn stat(s: &[Sample], f: impl Fn(&Sample) -> f64) -> Stat {
    Stat::of(&s.iter().map(f).collect::<Vec<_>>())
}

/// The lower bound of a run at `latency_ms`: calls × latency ÷ parallelism.
fn bound_s(s: &Sample, latency_ms: u64) -> f64 {
    s.calls as f64 * latency_ms as f64 / 1000.0 / PARALLELISM as f64
}

/// The floor provider's median wall time for this N and command, measured at 0 ms in the same
/// run (it makes no API calls, so latency does not change it); `None` where it is not measured
/// (destroy).
fn floor_wall_s(r: &Results, n: usize, op: Op) -> Option<f64> {
    let floor = r.samples(0, Variant::FLOOR, n, op);
    (!floor.is_empty()).then(|| stat(floor, |v| v.wall_s).median)
}

/// What a run at `latency_ms` cannot beat (issue 13): the latency bound or Terraform core's own
/// cost (the floor's wall time), whichever is larger.
fn target_bound_s(s: &Sample, latency_ms: u64, floor: Option<f64>) -> f64 {
    bound_s(s, latency_ms).max(floor.unwrap_or(0.0))
}

/// Wall time ÷ lower bound, per run.
fn ratio_to_bound(s: &[Sample], latency_ms: u64) -> Stat {
    stat(s, |x| x.wall_s / bound_s(x, latency_ms))
}

/// Ours ÷ floor, pairing the runs of the same repetition.
fn ours_over_floor(ours: &[Sample], floor: &[Sample]) -> Stat {
    Stat::of(
        &ours
            .iter()
            .zip(floor)
            .map(|(o, f)| o.wall_s / f.wall_s)
            .collect::<Vec<_>>(),
    )
}

/// The largest and smallest N of the wall-time runs.
fn big_small(r: &Results) -> (usize, usize) {
    let s = &r.settings.sizes;
    (
        s.iter().copied().max().unwrap_or(0),
        s.iter().copied().min().unwrap_or(0),
    )
}

/// The rows of the summary table: every target the report checks.
#[derive(Default)]
struct Summary {
    rows: Vec<SummaryRow>,
}

struct SummaryRow {
    what: String,
    measured: String,
    /// `None`: a figure shown without a target.
    target: Option<String>,
    ok: bool,
}

impl Summary {
    fn push(
        &mut self,
        what: impl Into<String>,
        measured: impl Into<String>,
        target: impl Into<String>,
        ok: bool,
    ) {
        self.rows.push(SummaryRow {
            what: what.into(),
            measured: measured.into(),
            target: Some(target.into()),
            ok,
        });
    }

    fn figure(&mut self, what: impl Into<String>, measured: impl Into<String>) {
        self.rows.push(SummaryRow {
            what: what.into(),
            measured: measured.into(),
            target: None,
            ok: true,
        });
    }
}

pub fn write(r: &Results, out: &Path) -> Result<()> {
    let svg_path = out.with_extension("svg");
    let svg_name = svg_path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("performance.svg")
        .to_string();
    std::fs::write(&svg_path, svg::svg(r))?;
    std::fs::write(out, markdown(r, &svg_name))?;
    Ok(())
}

/// The whole document: header, summary, method, then the sections in the order they are built
/// (each adds its targets to the summary).
fn markdown(r: &Results, svg_name: &str) -> String {
    let mut sum = Summary::default();
    let mut body = String::new();
    body.push_str(&calls::operations(r, &mut sum));
    body.push_str(&calls::plan_of_n(r, &mut sum));
    body.push_str(&projection::section(r, &mut sum));
    body.push_str(&refresh::section(r));
    for &lat in r.settings.latencies.iter().filter(|l| **l > 0) {
        body.push_str(&timing::at_latency(r, lat, &mut sum));
    }
    body.push_str(&timing::against_floor(r, &mut sum));
    body.push_str(&process::provider_process(r, &mut sum));
    body.push_str(&process::rate_limited(r, &mut sum));

    let mut doc = header(r);
    doc.push_str(&summary(&sum, svg_name));
    doc.push_str(&method(r));
    doc.push_str(&body);
    doc.push_str(&findings::section(r));
    doc
}

fn header(r: &Results) -> String {
    let mut doc = String::new();
    let _ = writeln!(doc, "# Performance\n");
    let _ = writeln!(doc, "<!-- Written by `make bench` (bench/, package `oig-bench`) on {}. Do not edit: run `make bench` again. -->\n", r.machine.date);
    let _ = writeln!(doc, "How fast terraform-provider-oig is next to what the API allows and next to Terraform core, measured with the real Terraform CLI against `oig-emulator` (issues 9 and 13), and what that means against a real Okta org. Every figure is the median of the runs, with min and max in brackets.\n");
    doc
}

fn summary(sum: &Summary, svg_name: &str) -> String {
    let mut doc = String::new();
    let _ = writeln!(doc, "## Summary\n");
    let targets = sum.rows.iter().filter(|x| x.target.is_some());
    let met_count = targets.clone().filter(|x| x.ok).count();
    let _ = writeln!(doc, "{met_count} of {} targets met.\n", targets.count());
    table_head(
        &mut doc,
        "| Figure | Measured | Target | |",
        "|---|---:|---:|---|",
    );
    for row in &sum.rows {
        let (target, verdict) = match &row.target {
            Some(t) => (t.as_str(), met(row.ok)),
            None => ("–", ""),
        };
        let _ = writeln!(
            doc,
            "| {} | {} | {target} | {verdict} |",
            row.what, row.measured
        );
    }
    let _ = writeln!(doc, "\n![Wall time ÷ lower bound at each latency (as shipped and with TCP_NODELAY), ours ÷ floor and CPU per resource at 0 ms]({svg_name})\n");
    doc
}

fn method(r: &Results) -> String {
    let (s, m) = (&r.settings, &r.machine);
    let mut doc = String::new();
    let _ = writeln!(doc, "## Machine and method\n");
    let _ = writeln!(
        doc,
        "- {} CPUs ({}), {} memory, Linux {}; {}.",
        m.nproc, m.model, m.mem_total, m.kernel, m.terraform
    );
    let _ = writeln!(doc, "- Load average before the run: {}; after: {}. Other work on the machine adds noise, mostly to the 0 ms CPU and floor figures.", m.load_before, m.load_after);
    let _ = writeln!(doc, "- Release builds of the provider, the emulator and the bench (`cargo build --release -p terraform-provider-oig -p oig-emulator`, then `-p oig-bench` on its own so that its dependencies' features do not change the provider binary); Terraform uses them through `dev_overrides` in a `TF_CLI_CONFIG_FILE`, so no `terraform init`.");
    let _ = writeln!(doc, "- Every group of measurements has its own emulator process, seeded with {} apps that allow EVERYONE / RESOURCE_DEFAULT (a fixtures file the bench writes), and its own working directory. N conditions are one `count` resource spread round-robin over the apps.", crate::tf::APPS);
    let _ = writeln!(doc, "- API calls come from the emulator's request log (`GET /__emulator/log`), cleared before each command.");
    let _ = writeln!(doc, "- Repetitions: up to {} runs per figure (the Runs columns say how many were made; apply, then plan, then destroy, for each N in {:?}, at latencies {:?} ms from the highest down, with the floor after each of ours at 0 ms); {} handshakes; rate-limited: one run with a {} s window and {} with a {} s window. The rate-limited runs (nearly all waiting for the next window) run alongside the runs with latency (nearly all waiting for the emulator), and the 0 ms runs, whose CPU figures are sensitive to other load, run alone afterwards.", s.reps, s.sizes, s.latencies, s.handshakes, s.rate_window_secs, s.rate_short_runs, s.rate_short_window_secs);
    for note in &r.skipped {
        let _ = writeln!(doc, "- Cut short to stay within the time budget: {note}.");
    }
    let _ = write!(doc, "- Time spent:");
    for (name, secs) in &r.sections {
        let _ = write!(doc, " {name} {secs:.0} s;");
    }
    let _ = writeln!(doc, " total {:.0} s (plus the build).\n", r.total_s);
    doc
}

#[cfg(test)]
pub(crate) mod testdata;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_only_rows_with_a_target() {
        let mut sum = Summary::default();
        sum.push("a", "1", "≤ 1", true);
        sum.push("b", "3", "≤ 2", false);
        sum.figure("c", "10.0");
        let text = summary(&sum, "x.svg");
        assert!(text.contains("1 of 2 targets met."), "{text}");
        assert!(text.contains("| b | 3 | ≤ 2 | **not met** |"), "{text}");
        assert!(text.contains("| c | 10.0 | – |  |"), "{text}");
    }

    #[test]
    fn whole_report_renders_from_synthetic_results() {
        let r = testdata::results();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("performance.md");
        write(&r, &out).unwrap();
        let md = std::fs::read_to_string(&out).unwrap();
        let svg = std::fs::read_to_string(out.with_extension("svg")).unwrap();
        for heading in [
            "## Summary",
            "## Machine and method",
            "## API calls per operation",
            "## Real-org projection",
            "## Refresh from the list",
            "## Wall time at 200 ms latency",
            "## At 0 ms latency: against the floor, and CPU",
            "## The provider process",
            "## Rate-limited run",
            "## What holds back the missed targets",
        ] {
            assert!(md.contains(heading), "missing {heading}");
        }
        assert!(!md.contains("NaN"), "{md}");
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        if let Some(dir) = std::env::var_os("OIG_BENCH_REPORT_DIR") {
            // To look at it: OIG_BENCH_REPORT_DIR=/tmp/x cargo test -p oig-bench whole_report
            let dir = std::path::PathBuf::from(dir);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("performance.md"), &md).unwrap();
            std::fs::write(dir.join("performance.svg"), &svg).unwrap();
        }
    }
}
