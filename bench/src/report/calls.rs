//! API calls per single operation, and per plan of N unchanged conditions.

use std::fmt::Write as _;

use super::{met, table_head, Summary};
use crate::results::{ApiCalls, Results};
use std::collections::BTreeMap;

use crate::tf::{Op, Variant, APPS};

/// An endpoint template as the report shows it: the common prefix of an app's paths elided.
pub fn short_endpoint(endpoint: &str) -> String {
    endpoint.replace("/governance/api/v2/resources/{id}", "…")
}

/// `n × \`METHOD endpoint\``, per endpoint, or "none".
pub fn describe(api: &ApiCalls) -> String {
    if api.per_endpoint.is_empty() {
        return "none".into();
    }
    api.per_endpoint
        .iter()
        .map(|(k, &v)| {
            let k = short_endpoint(k);
            if v == 1 {
                format!("`{k}`")
            } else {
                format!("{v} × `{k}`")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn operations(r: &Results, sum: &mut Summary) -> String {
    let mut body = String::new();
    let _ = writeln!(body, "## API calls per operation\n");
    let _ = writeln!(body, "Each operation is the `terraform apply` of a saved plan against an emulator without latency, so the plan's own calls (refresh, plan-time checks) are counted apart; the emulator's request log is cleared before each command.\n");
    table_head(
        &mut body,
        "| Operation | API calls | Target | | Calls made | Calls of the plan before it |",
        "|---|---:|---:|---|---|---:|",
    );
    for c in &r.calls {
        let plan = c
            .plan
            .as_ref()
            .map(|p| p.total().to_string())
            .unwrap_or_else(|| "–".into());
        let _ = writeln!(
            body,
            "| {} | {} | {} | {} | {} | {plan} |",
            c.operation,
            c.calls,
            c.target,
            met(c.met),
            describe(&c.api),
        );
        sum.push(
            format!("API calls: {}", c.operation),
            c.calls.to_string(),
            format!("≤ {}", c.target),
            c.met,
        );
    }
    body
}

/// The list-based refresh target for a plan of unchanged conditions over `apps` apps:
/// R × pages + 1, with each app's pages those of its condition list the plan fetched (at least
/// one: an app whose list was not fetched still needs one page).
pub fn refresh_target(apps: usize, list_pages: &BTreeMap<String, usize>) -> usize {
    let listed: usize = list_pages.values().map(|&p| p.max(1)).sum();
    listed + apps.saturating_sub(list_pages.len()) + 1
}

/// Every run's calls, or the one number when all runs agree.
pub fn show_calls(all: &[usize]) -> String {
    match all.first() {
        None => "n/a".into(),
        Some(first) if all.iter().all(|c| c == first) => first.to_string(),
        Some(_) => format!("{all:?}"),
    }
}

/// The full plan of N unchanged conditions, from the plan runs of the wall-time matrix.
pub fn plan_of_n(r: &Results, sum: &mut Summary) -> String {
    let mut body = String::new();
    let _ = writeln!(body, "\nA full `terraform plan` of N unchanged conditions over {APPS} resources (from the wall-time runs below; target R × pages + 1, with list-based refresh: one list of each app's conditions, every page followed, see \"Refresh from the list\"):\n");
    table_head(
        &mut body,
        "| N | API calls (every run) | Target | |",
        "|---:|---:|---:|---|",
    );
    for &n in &r.settings.sizes {
        let runs = r.samples_any_latency(Variant::OIG, n, Op::Plan);
        let all: Vec<usize> = runs.iter().map(|x| x.calls).collect();
        // Every run against the pages it fetched; shown: the largest of those targets.
        let targets: Vec<usize> = runs
            .iter()
            .map(|x| refresh_target(APPS, &x.api.list_pages))
            .collect();
        let target = targets.iter().copied().max().unwrap_or(APPS + 1);
        let ok = !all.is_empty() && all.iter().zip(&targets).all(|(c, t)| c <= t);
        let shown = show_calls(&all);
        let _ = writeln!(body, "| {n} | {shown} | ≤ {target} | {} |", met(ok));
        sum.push(
            format!("API calls: plan of {n} unchanged"),
            shown,
            format!("≤ {target}"),
            ok,
        );
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn describe_counts_per_endpoint() {
        let mut api = ApiCalls::default();
        assert_eq!(describe(&api), "none");
        api.per_endpoint.insert(
            "GET /governance/api/v2/resources/{id}/request-settings".into(),
            1,
        );
        api.per_endpoint.insert(
            "POST /governance/api/v2/resources/{id}/request-conditions".into(),
            3,
        );
        assert_eq!(
            describe(&api),
            "`GET …/request-settings`, 3 × `POST …/request-conditions`"
        );
    }

    #[test]
    fn refresh_target_counts_pages_per_app() {
        // No list fetched: one page per app, plus one.
        assert_eq!(refresh_target(10, &BTreeMap::new()), 11);
        let pages = BTreeMap::from([("0oa1".to_string(), 2), ("0oa2".to_string(), 1)]);
        assert_eq!(refresh_target(10, &pages), 2 + 1 + 8 + 1);
    }

    #[test]
    fn plan_of_n_checks_every_run() {
        let (text, sum) = testdata::section_of(&testdata::results(), plan_of_n);
        // The synthetic plan of 200 makes 200 GETs in every run (one per condition): over the
        // list-based target of 10 apps × 1 page + 1.
        assert!(
            text.contains("| 200 | 200 | ≤ 11 | **not met** |"),
            "{text}"
        );
        assert!(sum.rows.iter().all(|row| !row.ok));
        let mut listed = testdata::results();
        for &n in &listed.settings.sizes.clone() {
            testdata::set_plan_calls(&mut listed, n, testdata::list_refresh());
        }
        let (text, sum) = testdata::section_of(&listed, plan_of_n);
        assert!(text.contains("| 200 | 11 | ≤ 11 | met |"), "{text}");
        assert!(sum.rows.iter().all(|row| row.ok));
        assert_eq!(show_calls(&[3, 4]), "[3, 4]");
        assert_eq!(show_calls(&[]), "n/a");
    }
}
