//! Wall time against the latency bound, and against the floor provider with CPU at 0 ms.

use std::fmt::Write as _;

use super::{
    big_small, bound_s, floor_wall_s, met, ours_over_floor, sizes_and_ops, stat, table_head,
    target_bound_s, Summary, CPU_TARGET_MS, FLOOR_TARGET, RATIO_TARGET,
};
use crate::results::Results;
use crate::tf::{Op, Variant, APPS};
use crate::PARALLELISM;

/// Wall time of every N and command at one latency, next to what it cannot beat: calls × latency
/// ÷ parallelism, or the floor provider's wall time (Terraform core's own cost), whichever is larger.
pub fn at_latency(r: &Results, lat: u64, sum: &mut Summary) -> String {
    let mut body = String::new();
    let _ = writeln!(body, "\n## Wall time at {lat} ms latency\n");
    let _ = writeln!(body, "`-parallelism={PARALLELISM}`, N conditions (INACTIVE) over {APPS} resources. Lower bound = API calls × {lat} ms ÷ {PARALLELISM}; the floor is the floor provider's wall time for the same N and command, measured at 0 ms in this run (it calls no API; not measured for destroy). The target (issue 13): wall ≤ {RATIO_TARGET} × the larger of the two. Seconds: median (min–max) of the runs (count in the last column).\n");
    table_head(&mut body, "| N | Command | API calls | Lower bound (s) | Floor (s) | Wall (s) | Wall ÷ max(bound, floor) | Target | | Terraform core CPU (s) | Provider CPU (s) | Runs |", "|---:|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|");
    for (n, op) in sizes_and_ops(r) {
        let x = r.samples(lat, Variant::OIG, n, op);
        let floor = floor_wall_s(r, n, op);
        let ratio = stat(x, |v| v.wall_s / target_bound_s(v, lat, floor));
        let ok = ratio.median <= RATIO_TARGET;
        let _ = writeln!(
            body,
            "| {n} | {op} | {} | {} | {} | {} | {} | ≤ {RATIO_TARGET} | {} | {} | {} | {} |",
            stat(x, |v| v.calls as f64).show(0),
            stat(x, |v| bound_s(v, lat)).show(1),
            floor.map_or_else(|| "n/a".to_string(), |f| format!("{f:.2}")),
            stat(x, |v| v.wall_s).show(2),
            ratio.show(2),
            met(ok),
            stat(x, |v| v.core_cpu_s).show(1),
            stat(x, |v| v.provider_cpu_s).show(2),
            x.len()
        );
        sum.push(
            format!("{op} of {n} at {lat} ms: wall ÷ max(lower bound, floor)"),
            ratio.show(2),
            format!("≤ {RATIO_TARGET}"),
            ok,
        );
    }
    body
}

fn floor_intro(r: &Results) -> String {
    let (big, _) = big_small(r);
    let destroy = stat(r.samples(0, Variant::OIG, big, Op::Destroy), |v| v.wall_s);
    let mut out = String::new();
    let _ = writeln!(out, "\n## At 0 ms latency: against the floor, and CPU\n");
    let _ = writeln!(out, "The floor is `terraform-provider-floor` (bench/src/bin/floor.rs): the same schema and state type on tf-provider 0.2.2, planning the same way, answering every call from memory. Its wall time is Terraform core's (and tf-provider's) cost alone. CPU is user + system time: the provider's is summed over every provider process Terraform starts for the command (recorded on exit by a launcher, `oig-bench-launcher`, that stands in for the binary in `dev_overrides`); Terraform core's is Terraform's own (its `wait4` usage minus the providers'). The emulator runs on the same cores; its CPU is shown too. A resource operation is what the provider does for one resource: a create in the apply, a refresh read in the plan, and in the destroy two (the refresh read, then the delete), so per resource operation = ÷ N, or ÷ 2N for destroy; the per-resource figure is shown as well. The floor's destroy is not measured (no target; ours takes {} s at N = {big}).\n", destroy.show(1));
    out
}

/// Ours ÷ floor and CPU per resource, every N and command at 0 ms.
pub fn against_floor(r: &Results, sum: &mut Summary) -> String {
    let mut body = floor_intro(r);
    table_head(&mut body, "| N | Command | Wall, ours (s) | Wall, floor (s) | Ours ÷ floor | Target | | Provider CPU / resource (ms) | Provider CPU / resource operation (ms) | Target | | Terraform core CPU / resource (ms), ours | … with the floor | Emulator CPU / resource (ms) | Provider processes | Runs |", "|---:|---|---:|---:|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|");
    for (n, op) in sizes_and_ops(r) {
        let ours = r.samples(0, Variant::OIG, n, op);
        let floor = r.samples(0, Variant::FLOOR, n, op);
        let of = ours_over_floor(ours, floor);
        let has_target = op != Op::Destroy;
        let ok_f = of.median <= FLOOR_TARGET;
        let per_resource = |f: fn(&crate::results::Sample) -> f64| {
            move |v: &crate::results::Sample| f(v) * 1000.0 / n as f64
        };
        let cpu = stat(ours, |v| {
            v.provider_cpu_s * 1000.0 / (n as f64 * op.operations_per_resource())
        });
        let ok_c = cpu.median <= CPU_TARGET_MS;
        let (floor_target, floor_met) = if has_target {
            (format!("≤ {FLOOR_TARGET}"), met(ok_f))
        } else {
            ("–".into(), "")
        };
        let _ = writeln!(
            body,
            "| {n} | {op} | {} | {} | {} | {floor_target} | {floor_met} | {} | {} | ≤ {CPU_TARGET_MS} | {} | {} | {} | {} | {} | {} |",
            stat(ours, |v| v.wall_s).show(2),
            stat(floor, |v| v.wall_s).show(2),
            of.show(2),
            stat(ours, per_resource(|v| v.provider_cpu_s)).show(3),
            cpu.show(3),
            met(ok_c),
            stat(ours, per_resource(|v| v.core_cpu_s)).show(2),
            stat(floor, per_resource(|v| v.core_cpu_s)).show(2),
            stat(ours, per_resource(|v| v.emulator_cpu_s)).show(3),
            stat(ours, |v| v.provider_processes as f64).show(0),
            ours.len(),
        );
        if has_target {
            sum.push(
                format!("{op} of {n} at 0 ms: ours ÷ floor"),
                of.show(2),
                format!("≤ {FLOOR_TARGET}"),
                ok_f,
            );
        }
        sum.push(
            format!("{op} of {n} at 0 ms: provider CPU per resource operation (ms)"),
            cpu.show(3),
            format!("≤ {CPU_TARGET_MS}"),
            ok_c,
        );
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn latency_rows_have_bound_and_ratio() {
        let (text, sum) =
            testdata::section_of(&testdata::results(), |r, sum| at_latency(r, 200, sum));
        // Plan of 1000 at 200 ms: 1000 calls, bound 1000 × 0.2 ÷ 10 = 20 s.
        assert!(
            text.contains("| 1000 | plan | 1000 (1000–1000) | 20.0 (20.0–20.0) |"),
            "{text}"
        );
        assert_eq!(sum.rows.len(), 9);
    }

    #[test]
    fn floor_rows_skip_the_floor_target_for_destroy() {
        let (text, sum) = testdata::section_of(&testdata::results(), against_floor);
        assert!(text.contains("| 50 | destroy |"), "{text}");
        // Per N: two ours ÷ floor rows and three CPU rows.
        assert_eq!(sum.rows.len(), 15);
        assert!(!text.contains("n/a | ≤ 1.15"), "{text}");
    }
}
