//! "Refresh from the list": how a plan refreshes request conditions with one list per app, why
//! that is safe, and what this run's plans called to do it.

use std::fmt::Write as _;

use super::table_head;
use crate::results::{Results, LIST_CONDITIONS};
use crate::tf::{Op, Variant, APPS};

const GET_CONDITION: &str = "GET /governance/api/v2/resources/{id}/request-conditions/{id}";

pub fn section(r: &Results) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n## Refresh from the list\n");
    let _ = writeln!(out, "A `terraform plan` refreshes every condition in state. Instead of one `GET …/request-conditions/{{id}}` per condition, the provider lists each app's conditions once per provider process (`GET …/request-conditions`, every page followed; concurrent refreshes of the same app wait for that one list, later ones reuse it) and compares each condition's list entry with its state. The list is Okta's sparse form: it carries `name`, `description`, `priority`, `status`, `approvalSequenceId`, `accessDurationSettings`, `created`, `lastUpdated` and the requester and access-scope `type`, but not the group, team or entitlement-bundle IDs.\n");
    let _ = writeln!(out, "- **When the state stands without a GET**: the list holds the condition, its entry has a `lastUpdated`, and the state computed from the entry (with the ID lists taken from state) is exactly the state, so `lastUpdated`, `status` and every listed field match. The ID lists are the one thing the list cannot show; they are trusted only because Okta moves `lastUpdated` on every write to a condition (PATCH, activate, deactivate, and the approval-sequence deletion that makes it `INVALID`), so an out-of-band change of an ID list alone still shows as a new `lastUpdated` in the list. The emulator does the same on each of those paths, and the acceptance tests change only an ID list out of band and see it in the plan. The one case this cannot see: `lastUpdated` has whole seconds, so if Okta left it unchanged for a second write within the same second, a change of an ID list alone made by another client within the second of the write Terraform last saw would stay hidden until the next change of that condition; the emulator, like the issue's reading of Okta, moves `lastUpdated` on for every write, a second ahead of the clock if need be.");
    let _ = writeln!(out, "- **What falls back to today's GET** (404 or `DELETED` → gone from state, `INVALID` → drift): a condition missing from the list (deleted, or on a page the list did not return), an entry without `lastUpdated`, any listed field that differs (including `status`), a state without those fields (right after an import), and every condition of an app whose list failed: a failed list is remembered for the process, so it costs one failed list (with its retries) and then one GET per condition, as before.");
    let _ = writeln!(out, "- **Why the provider's own writes cannot be masked**: every create, update and delete of a condition holds a write mark for its whole duration, which moves the process's write generation on when it starts and when it ends. A list answers only readers of the generation it was started in, checked after the list arrived: a list taken before or during one of the process's writes is never used after that write (a refresh then GETs, a data source lists again). Terraform runs refresh in the plan's own provider process, which writes nothing, and apply in a new process that starts with no lists; so a plan reads what Okta holds when the plan starts, and an apply never answers from a list older than its own writes.");
    let _ = writeln!(out, "- **Data sources**: `oig_request_conditions` takes the same per-process list and still reads in full the conditions whose ID lists it must show; `oig_request_condition` looks a condition up by `name` in that list, then reads it in full.\n");
    let sizes = &r.settings.projection_sizes;
    let mut rows = Vec::new();
    for &n in sizes.iter().chain(r.settings.sizes.iter()) {
        if rows.iter().any(|(m, _)| *m == n) {
            continue;
        }
        let runs = r.samples_any_latency(Variant::OIG, n, Op::Plan);
        let Some(w) = runs.iter().max_by_key(|s| s.calls) else {
            continue;
        };
        let lists = w
            .api
            .per_endpoint
            .get(LIST_CONDITIONS)
            .copied()
            .unwrap_or(0);
        let gets = w.api.per_endpoint.get(GET_CONDITION).copied().unwrap_or(0);
        rows.push((
            n,
            format!("| {n} | {APPS} | {} | {lists} | {gets} | {n} |", w.calls),
        ));
    }
    if !rows.is_empty() {
        rows.sort_by_key(|(n, _)| *n);
        let _ = writeln!(out, "This run's plans of N unchanged conditions over {APPS} apps (the run with the most calls), next to one GET per condition:\n");
        table_head(
            &mut out,
            "| N | Apps | API calls | Condition lists | Condition GETs | One GET per condition |",
            "|---:|---:|---:|---:|---:|---:|",
        );
        for (_, row) in rows {
            let _ = writeln!(out, "{row}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn the_section_explains_the_design_and_shows_the_run_s_calls() {
        let mut r = testdata::results();
        testdata::set_plan_calls(&mut r, 1000, testdata::list_refresh());
        let text = section(&r);
        testdata::assert_has_all(
            &text,
            &[
                "## Refresh from the list",
                "lastUpdated",
                "own writes cannot be masked",
                // The synthetic plan of 1000 with list refresh: 10 lists and a settings read, no
                // GET.
                "| 1000 | 10 | 11 | 10 | 0 | 1000 |",
                // The synthetic plan of 200 as one GET per condition.
                "| 200 | 10 | 200 | 0 | 200 | 200 |",
            ],
        );
    }
}
