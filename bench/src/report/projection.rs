//! The real-org projection (issue 13): what the API calls measured against the emulator cost
//! against Okta's per-endpoint rate limits, next to one call per condition (what `okta/okta`
//! does), and the list-based refresh target.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::calls::{refresh_target, short_endpoint};
use super::{met, table_head, Summary};
use crate::results::{ApiCalls, Results, Sample};
use crate::tf::{Op, Variant, APPS};

/// Okta's management rate limits, calls per minute per endpoint template: a free developer org,
/// and Enterprise.
pub const LIMITS_PER_MINUTE: [usize; 2] = [100, 600];

const GET_CONDITION: &str = "GET /governance/api/v2/resources/{id}/request-conditions/{id}";
const POST_CONDITION: &str = "POST /governance/api/v2/resources/{id}/request-conditions";

/// The commands projected: the plan of N unchanged conditions and the apply that creates them.
const OPS: [Op; 2] = [Op::Plan, Op::Apply];

/// The fewest minutes the calls can take under a limit of `limit` calls per minute per endpoint
/// template: endpoints have separate limits, so the busiest one decides.
pub fn min_minutes(per_endpoint: &BTreeMap<String, usize>, limit: usize) -> f64 {
    per_endpoint
        .values()
        .map(|&c| c as f64 / limit as f64)
        .fold(0.0, f64::max)
}

/// What `okta/okta` calls for the same command and N: a plan refreshes each condition with one
/// GET; an apply creates each (INACTIVE, no priority) with one POST.
pub fn baseline(op: Op, n: usize) -> BTreeMap<String, usize> {
    let endpoint = match op {
        Op::Plan => GET_CONDITION,
        Op::Apply | Op::Destroy => POST_CONDITION,
    };
    BTreeMap::from([(endpoint.to_string(), n)])
}

/// The run with the most API calls, and whether every run made the same number.
fn worst<'a>(runs: &[&'a Sample]) -> Option<(&'a Sample, bool)> {
    let w = runs.iter().copied().max_by_key(|s| s.calls)?;
    Some((w, runs.iter().all(|s| s.calls == w.calls)))
}

fn minutes(m: f64) -> String {
    if m < 0.1 && m > 0.0 {
        format!("{m:.2}")
    } else {
        format!("{m:.1}")
    }
}

fn busiest(api: &BTreeMap<String, usize>) -> String {
    api.iter()
        .max_by_key(|(_, &c)| c)
        .map(|(e, c)| format!("`{}`: {c}", short_endpoint(e)))
        .unwrap_or_else(|| "–".into())
}

pub fn section(r: &Results, sum: &mut Summary) -> String {
    let sizes = &r.settings.projection_sizes;
    if sizes.is_empty() {
        return String::new();
    }
    let mut out = String::new();
    let [dev, ent] = LIMITS_PER_MINUTE;
    let _ = writeln!(out, "\n## Real-org projection\n");
    let _ = writeln!(out, "Against a real org the API calls decide the speed: Okta's management rate limits are counted per endpoint template per minute ({dev} on a free developer org, {ent} on Enterprise). Endpoints have separate limits, so the fewest minutes a command can take is the busiest endpoint's calls ÷ the limit (latency not counted: this is the floor the limit alone imposes). The calls are this run's, counted per endpoint from the emulator's request log, for N conditions over {APPS} apps; where runs differ the one with the most calls is shown. Next to them, one call per condition for the same N, which is what the `okta/okta` provider does: its plan refreshes each condition with one `GET …/request-conditions/{{id}}`, its apply creates each INACTIVE condition with one `POST …/request-conditions`.\n");
    table_head(&mut out, "| Command | API calls | Busiest endpoint | Minimum minutes at {dev} / min | … at {ent} / min | One call per condition: calls | … minutes at {dev} / min | … at {ent} / min |", "|---|---:|---|---:|---:|---:|---:|---:|");
    let mut detail = String::new();
    for &n in sizes {
        for op in OPS {
            let runs = r.samples_any_latency(Variant::OIG, n, op);
            let label = command(op, n);
            let Some((w, same)) = worst(&runs) else {
                let _ = writeln!(out, "| {label} | not measured | | | | | | |");
                continue;
            };
            let base = baseline(op, n);
            let ours = &w.api.per_endpoint;
            let runs_note = if same {
                String::new()
            } else {
                format!(" (most of {} runs)", runs.len())
            };
            let _ = writeln!(
                out,
                "| {label} | {}{runs_note} | {} | {} | {} | {n} | {} | {} |",
                w.calls,
                busiest(ours),
                minutes(min_minutes(ours, dev)),
                minutes(min_minutes(ours, ent)),
                minutes(min_minutes(&base, dev)),
                minutes(min_minutes(&base, ent)),
            );
            let _ = writeln!(detail, "- {label}: {}", per_endpoint(&w.api));
            sum.figure(
                format!("Real org, {label}: minimum minutes at {dev} / {ent} calls per minute per endpoint"),
                format!(
                    "{} / {} (one call per condition: {} / {})",
                    minutes(min_minutes(ours, dev)),
                    minutes(min_minutes(ours, ent)),
                    minutes(min_minutes(&base, dev)),
                    minutes(min_minutes(&base, ent))
                ),
            );
        }
    }
    let _ = write!(out, "\nCalls per endpoint:\n\n{detail}");
    out.push_str(&refresh_targets(r, sum));
    out
}

fn command(op: Op, n: usize) -> String {
    match op {
        Op::Plan => format!("plan of {n} unchanged"),
        Op::Apply => format!("apply creating {n}"),
        Op::Destroy => format!("destroy of {n}"),
    }
}

fn per_endpoint(api: &ApiCalls) -> String {
    api.per_endpoint
        .iter()
        .map(|(e, c)| format!("`{}` {c}", short_endpoint(e)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The target of issue 13: a plan of N unchanged conditions over R apps makes at most
/// R × pages + 1 calls.
fn refresh_targets(r: &Results, sum: &mut Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\nTarget: a plan of N unchanged conditions over R apps makes at most R × pages + 1 API calls (one list of each app's conditions, every page followed, instead of one GET per condition). Pages: the distinct pages of each app's condition list the plan fetched, at least one per app.\n");
    table_head(
        &mut out,
        "| N | R | API calls | Condition-list pages fetched | Target | |",
        "|---:|---:|---:|---:|---:|---|",
    );
    for &n in &r.settings.projection_sizes {
        let runs = r.samples_any_latency(Variant::OIG, n, Op::Plan);
        let Some((w, _)) = worst(&runs) else {
            continue;
        };
        let target = refresh_target(APPS, &w.api.list_pages);
        let pages: usize = w.api.list_pages.values().sum();
        let ok = w.calls <= target;
        let _ = writeln!(
            out,
            "| {n} | {APPS} | {} | {pages} | ≤ {target} | {} |",
            w.calls,
            met(ok)
        );
        sum.push(
            format!("API calls: plan of {n} unchanged over {APPS} apps (list-based refresh)"),
            w.calls.to_string(),
            format!("≤ {target}"),
            ok,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn minutes_follow_the_busiest_endpoint() {
        let calls = BTreeMap::from([
            (GET_CONDITION.to_string(), 1000),
            ("GET /x".to_string(), 10),
        ]);
        assert_eq!(min_minutes(&calls, 100), 10.0);
        assert!((min_minutes(&calls, 600) - 1000.0 / 600.0).abs() < 1e-9);
        assert_eq!(min_minutes(&BTreeMap::new(), 100), 0.0);
    }

    #[test]
    fn baseline_is_one_call_per_condition() {
        assert_eq!(baseline(Op::Plan, 200)[GET_CONDITION], 200);
        assert_eq!(baseline(Op::Apply, 1000)[POST_CONDITION], 1000);
        assert_eq!(min_minutes(&baseline(Op::Plan, 1000), 100), 10.0);
    }

    #[test]
    fn section_shows_one_get_per_condition_as_not_met() {
        let (text, sum) = testdata::section_of(&testdata::results(), section);
        // The synthetic plan of 1000 makes 1000 GETs and 0 lists: 10 min at 100 / min, and
        // the target of 11 calls is not met.
        testdata::assert_has_all(
            &text,
            &[
                "| plan of 1000 unchanged | 1000 | `GET …/request-conditions/{id}`: 1000 | 10.0 | 1.7 | 1000 | 10.0 | 1.7 |",
                "| 1000 | 10 | 1000 | 0 | ≤ 11 | **not met** |",
                "| 200 | 10 | 200 | 0 | ≤ 11 | **not met** |",
            ],
        );
        let row = sum
            .rows
            .iter()
            .find(|r| r.what.contains("plan of 1000 unchanged over 10 apps"))
            .unwrap();
        assert!(!row.ok);
    }

    #[test]
    fn list_based_refresh_meets_the_target() {
        let mut r = testdata::results();
        testdata::set_plan_calls(&mut r, 1000, testdata::list_refresh());
        let (text, _) = testdata::section_of(&r, section);
        testdata::assert_has_all(
            &text,
            &[
                "| 1000 | 10 | 11 | 10 | ≤ 11 | met |",
                "| plan of 1000 unchanged | 11 |",
            ],
        );
    }
}
