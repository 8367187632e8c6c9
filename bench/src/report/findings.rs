//! What holds back the missed targets, from this run's numbers only: every sentence here is
//! either computed from the measurements or shown only when the measurements support it.

use std::fmt::Write as _;

use super::calls::short_endpoint;
use super::{
    big_small, bound_s, floor_wall_s, ours_over_floor, ratio_to_bound, stat, table_head,
    CPU_TARGET_MS, RATIO_TARGET,
};
use crate::results::{Results, Sample};
use crate::tf::{Op, Variant, APPS};

const SETTINGS_READ: &str = "GET /governance/api/v2/resources/{id}/request-settings";

/// The median of `f` over the samples, when there are any.
fn median(s: &[Sample], f: impl Fn(&Sample) -> f64) -> Option<f64> {
    let st = stat(s, f);
    (st.n > 0).then_some(st.median)
}

pub fn section(r: &Results) -> String {
    let parts: Vec<(String, String)> = [
        nodelay(r),
        core_growth(r),
        settings_reread(r),
        provider_cpu(r),
        emulator_cpu(r),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut out = String::new();
    let _ = writeln!(out, "\n## What holds back the missed targets\n");
    if parts.is_empty() {
        let _ = writeln!(out, "Nothing this run measured points at a cause.\n");
    }
    for (i, (title, text)) in parts.iter().enumerate() {
        let _ = writeln!(out, "### {}. {title}\n\n{}\n", i + 1, text.trim_end());
    }
    out
}

/// The diagnostic runs under the TCP_NODELAY shim against the same runs as shipped.
fn nodelay(r: &Results) -> Option<(String, String)> {
    let dn = r.settings.nodelay_n;
    let mut out = String::new();
    let mut speedups = Vec::new();
    for &lat in r.settings.latencies.iter().filter(|l| **l > 0) {
        if r.samples(lat, Variant::OIG_NODELAY, dn, Op::Plan)
            .is_empty()
        {
            continue;
        }
        let _ = writeln!(out, "The same runs at N = {dn}, {lat} ms, with the provider started under `liboig_bench_nodelay.so` (bench/src/nodelay.rs, an `LD_PRELOAD` shim that sets `TCP_NODELAY` on every socket the provider accepts; nothing else differs):\n");
        table_head(&mut out, "| Command | Lower bound (s) | Wall as shipped (s) | ÷ bound | Wall with `TCP_NODELAY` (s) | ÷ bound |", "|---|---:|---:|---:|---:|---:|");
        for op in Op::ALL {
            let a = r.samples(lat, Variant::OIG, dn, op);
            let b = r.samples(lat, Variant::OIG_NODELAY, dn, op);
            let _ = writeln!(
                out,
                "| {op} | {} | {} | {} | {} | {} |",
                stat(a, |v| bound_s(v, lat)).show(1),
                stat(a, |v| v.wall_s).show(2),
                ratio_to_bound(a, lat).show(2),
                stat(b, |v| v.wall_s).show(2),
                ratio_to_bound(b, lat).show(2)
            );
            if let (Some(x), Some(y)) = (median(a, |v| v.wall_s), median(b, |v| v.wall_s)) {
                speedups.push((format!("{op} at {lat} ms"), x / y));
            }
        }
        out.push('\n');
    }
    if speedups.is_empty() {
        return None;
    }
    out.push_str(&nodelay_at_zero(r, dn));
    let faster: Vec<String> = speedups
        .iter()
        .filter(|(_, s)| *s > 1.05)
        .map(|(what, s)| format!("{what} {s:.2}×"))
        .collect();
    if faster.is_empty() {
        let _ = writeln!(out, "The shim changes no wall time by more than 5 %: nothing measurable waits on delayed ACKs of the provider's gRPC sockets.\n");
    } else {
        let _ = writeln!(out, "With `TCP_NODELAY` the commands are faster ({}): gRPC responses written in several small frames wait for the peer's delayed ACK (Nagle's algorithm) on sockets without `TCP_NODELAY`. **Change that closes it**: set `TCP_NODELAY` on the sockets the provider accepts.\n", faster.join(", "));
    }
    Some(("`TCP_NODELAY` on the provider's gRPC sockets".into(), out))
}

fn nodelay_at_zero(r: &Results, dn: usize) -> String {
    let mut out = String::new();
    if r.samples(0, Variant::OIG_NODELAY, dn, Op::Plan).is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "At 0 ms, ours ÷ floor, both as shipped and both under the shim (N = {dn}):\n"
    );
    table_head(&mut out, "| Command | Ours (s) | Floor (s) | Ours ÷ floor | Ours with `TCP_NODELAY` (s) | Floor with `TCP_NODELAY` (s) | Ours ÷ floor with `TCP_NODELAY` |", "|---|---:|---:|---:|---:|---:|---:|");
    for op in [Op::Apply, Op::Plan] {
        let o = r.samples(0, Variant::OIG, dn, op);
        let f = r.samples(0, Variant::FLOOR, dn, op);
        let on = r.samples(0, Variant::OIG_NODELAY, dn, op);
        let fnd = r.samples(0, Variant::FLOOR_NODELAY, dn, op);
        let _ = writeln!(
            out,
            "| {op} | {} | {} | {} | {} | {} | {} |",
            stat(o, |v| v.wall_s).show(2),
            stat(f, |v| v.wall_s).show(2),
            ours_over_floor(o, f).show(2),
            stat(on, |v| v.wall_s).show(2),
            stat(fnd, |v| v.wall_s).show(2),
            ours_over_floor(on, fnd).show(2)
        );
    }
    out.push('\n');
    out
}

/// Terraform core's CPU per resource with the floor, at the smallest and the largest N.
fn core_growth(r: &Results) -> Option<(String, String)> {
    let (big, small) = big_small(r);
    if big <= small {
        return None;
    }
    let per = |n: usize| {
        median(r.samples(0, Variant::FLOOR, n, Op::Apply), |v| {
            v.core_cpu_s * 1000.0 / n as f64
        })
    };
    let (a, b) = (per(small)?, per(big)?);
    let growth = b / a;
    let mut out = String::new();
    let _ = write!(out, "With the no-op floor provider, Terraform core's CPU per resource in an apply is {a:.1} ms at N = {small} and {b:.1} ms at N = {big} ({growth:.1}× per resource for {:.0}× the resources)", big as f64 / small as f64);
    if let Some(state) = median(r.samples(0, Variant::FLOOR, big, Op::Apply), |v| {
        v.state_bytes as f64
    }) {
        let _ = write!(
            out,
            "; the state after the apply of {big} is {:.2} MB ({:.1} kB per resource)",
            state / 1e6,
            state / 1e3 / big as f64
        );
    }
    let _ = writeln!(out, ".\n");
    for &lat in r.settings.latencies.iter().filter(|l| **l > 0) {
        for op in Op::ALL {
            let x = r.samples(lat, Variant::OIG, big, op);
            let (Some(wall), Some(bound), Some(core), Some(prov)) = (
                median(x, |v| v.wall_s),
                median(x, |v| bound_s(v, lat)),
                median(x, |v| v.core_cpu_s),
                median(x, |v| v.provider_cpu_s),
            ) else {
                continue;
            };
            let against = match floor_wall_s(r, big, op) {
                Some(floor) => format!("against a bound of {bound:.1} s and the floor's {floor:.1} s (wall ÷ the larger {:.2}, target {RATIO_TARGET}; bound + floor = {:.1} s, so {:.0} % of the floor's time overlapped the calls)", wall / bound.max(floor), bound + floor, ((bound + floor - wall) / floor * 100.0).clamp(0.0, 100.0)),
                None => format!("against a bound of {bound:.1} s (ratio {:.2}, target {RATIO_TARGET}; no floor measured)", wall / bound),
            };
            let _ = writeln!(out, "- {op} of {big} at {lat} ms: {wall:.1} s {against}; Terraform core used {core:.1} s of CPU, the provider {prov:.2} s ({:.0} % of core's).", prov / core * 100.0);
        }
    }
    out.push('\n');
    let title = if growth > 1.5 {
        "Terraform core's cost per resource grows with N"
    } else {
        "Terraform core's cost per resource"
    };
    Some((title.into(), out))
}

/// Single operations over their target whose apply (of a saved plan) reads the resource's
/// settings that the plan before it had read already.
fn settings_reread(r: &Results) -> Option<(String, String)> {
    let rows: Vec<String> = r
        .calls
        .iter()
        .filter(|c| c.calls > c.target)
        .filter_map(|c| {
            let reads = *c.api.per_endpoint.get(SETTINGS_READ)?;
            let planned = *c.plan.as_ref()?.per_endpoint.get(SETTINGS_READ)?;
            Some(format!(
                "{} ({} calls, target {}; {reads} × `{}` in the apply, {planned} in the plan)",
                c.operation,
                c.calls,
                c.target,
                short_endpoint(SETTINGS_READ)
            ))
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let (big, _) = big_small(r);
    let mut out = String::new();
    let _ = writeln!(out, "Over their target, with a read of the resource's request settings in the apply of a saved plan that had read them already: {}.", rows.join("; "));
    let apply = r.samples(0, Variant::OIG, big, Op::Apply);
    let reads = median(apply, |v| {
        v.api.per_endpoint.get(SETTINGS_READ).copied().unwrap_or(0) as f64
    });
    if let (Some(reads), Some(total)) = (reads, median(apply, |v| v.calls as f64)) {
        let _ = writeln!(
            out,
            "In the apply of {big} conditions over {APPS} apps the settings reads are {reads:.0} of {total:.0} calls."
        );
    }
    Some(("The apply repeats the plan's settings read".into(), out))
}

/// Provider CPU as a fixed part per command plus a part per resource, from the smallest and
/// largest N at 0 ms.
fn provider_cpu(r: &Results) -> Option<(String, String)> {
    let (big, small) = big_small(r);
    if big <= small {
        return None;
    }
    let mut out = String::new();
    let mut missed = Vec::new();
    for op in Op::ALL {
        let cpu = |n: usize| {
            median(r.samples(0, Variant::OIG, n, op), |v| {
                v.provider_cpu_s * 1000.0
            })
        };
        let (Some(a), Some(b)) = (cpu(small), cpu(big)) else {
            continue;
        };
        let procs = median(r.samples(0, Variant::OIG, big, op), |v| {
            v.provider_processes as f64
        })
        .unwrap_or(0.0);
        let marginal = (b - a) / (big - small) as f64;
        let fixed = a - marginal * small as f64;
        let _ = writeln!(out, "- {op}: {a:.0} ms of provider CPU at N = {small} and {b:.0} ms at N = {big}, i.e. about {marginal:.2} ms per resource plus {fixed:.0} ms fixed for the command's {procs:.0} provider processes.");
        for &n in &r.settings.sizes {
            let per_op = median(r.samples(0, Variant::OIG, n, op), |v| {
                v.provider_cpu_s * 1000.0 / (n as f64 * op.operations_per_resource())
            });
            if per_op.is_some_and(|c| c > CPU_TARGET_MS) {
                let share = fixed.max(0.0) / (n as f64 * op.operations_per_resource());
                missed.push(format!(
                    "{op} of {n} (fixed part alone: {share:.2} ms per resource operation)"
                ));
            }
        }
    }
    if out.is_empty() {
        return None;
    }
    if !missed.is_empty() {
        let _ = writeln!(
            out,
            "\nOver the {CPU_TARGET_MS} ms target per resource operation: {}.",
            missed.join("; ")
        );
    }
    out.push('\n');
    Some((
        "The provider's CPU: a fixed part per command, then a part per resource".into(),
        out,
    ))
}

/// The emulator's CPU per create, at the smallest and the largest N.
fn emulator_cpu(r: &Results) -> Option<(String, String)> {
    let (big, small) = big_small(r);
    let per = |n: usize| {
        median(r.samples(0, Variant::OIG, n, Op::Apply), |v| {
            v.emulator_cpu_s * 1000.0 / n.max(1) as f64
        })
    };
    let (a, b) = (per(small)?, per(big)?);
    let measured = if big > small {
        let trend = if b > a * 1.2 {
            " (more per create at the larger N)"
        } else {
            ""
        };
        format!("{a:.2} ms at N = {small} and {b:.2} ms at N = {big}{trend}")
    } else {
        format!("{a:.2} ms at N = {small}")
    };
    let text = format!("At 0 ms the emulator's CPU per create is {measured}, and it runs on the same {} cores as Terraform and the provider, so ours ÷ floor at 0 ms includes the emulator's share; against a real org that work is Okta's.\n", r.machine.nproc);
    Some(("The emulator shares the cores".into(), text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn findings_are_computed_from_the_results() {
        let r = testdata::results();
        let text = section(&r);
        testdata::assert_has_all(
            &text,
            &[
                // The synthetic shim runs are 1 ÷ 0.8 = 1.25× faster at 200 ms.
                "With `TCP_NODELAY` the commands are faster",
                // The synthetic floor's core CPU per resource: 2 × 1.05 ms at 50 and 2 × 2 ms
                // at 1000.
                "is 2.1 ms at N = 50 and 4.0 ms at N = 1000",
                "the state after the apply of 1000 is 1.00 MB",
                // The synthetic create INACTIVE reads the settings once more than its target.
                "create INACTIVE (2 calls, target 1; 1 ×",
            ],
        );
        assert!(!text.contains("NaN"), "{text}");
    }

    #[test]
    fn no_nodelay_finding_without_a_difference() {
        let mut r = testdata::results();
        let same: Vec<_> = r
            .matrix
            .iter()
            .filter(|(k, _)| k.variant == Variant::OIG && k.n == r.settings.nodelay_n)
            .map(|(k, v)| (*k, v.clone()))
            .collect();
        for (k, v) in same {
            let key = crate::results::Key {
                variant: Variant::OIG_NODELAY,
                ..k
            };
            r.matrix.insert(key, v);
        }
        let (_, text) = nodelay(&r).unwrap();
        assert!(
            text.contains("changes no wall time by more than 5 %"),
            "{text}"
        );
    }
}
