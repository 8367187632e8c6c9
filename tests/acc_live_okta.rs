//! Acceptance tests of what live Okta does that a tidy API would not (issue 12), each with the
//! real Terraform CLI against an oig-emulator that behaves the same way: `valid*` lists in a new
//! order on every call, on-behalf-of accepted whatever `validRequestOnBehalfOfSettings` says,
//! `priority` echoed as 0, 409 Conflict on overlapping writes, DELETE answering 500 although it
//! deleted, ACTIVE conditions that cannot be deleted, and sparse condition lists. (Links on the
//! org's `-admin` twin are on for the whole suite: see `tests/common/mod.rs`.)

mod common;

use std::collections::BTreeSet;

use common::conditions::{
    self, collection, create_by_hand, everyone, everyone_body, full, listed, requester, scope,
    transition_by_hand, APP_FULL, APP_GROUPS_ONLY, BUNDLE_1, BUNDLE_2, GROUP_1, GROUP_2, SEQ_1,
};
use common::settings::settings;
use common::{flat, Emulator, Workdir};
use serde_json::{json, Value};

fn types(list: &Value) -> Vec<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .map(|t| t["type"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Item 1: the `valid*` lists come back shuffled on every call. A plain
/// `oig_resource_request_settings` (which failed with "Provider produced inconsistent final
/// plan" before) and the data source apply, plan clean again and again, and show the lists
/// sorted.
#[test]
fn shuffled_valid_lists_make_no_inconsistent_plan_and_no_drift() {
    let emu = Emulator::start();
    let behaviour = emu.control("GET", "behaviour", None);
    assert_eq!(
        behaviour["shuffleLists"], true,
        "the emulator shuffles by default"
    );
    let w = Workdir::new(&emu);
    w.write(&format!(
        r#"resource "oig_resource_request_settings" "full" {{
  resource_id = "{APP_FULL}"
}}

resource "oig_resource_request_settings" "groups" {{
  resource_id = "{APP_GROUPS_ONLY}"
  request_on_behalf_of_settings {{
    allowed = false
  }}
}}

data "oig_resource_request_settings" "full" {{
  resource_id = "{APP_FULL}"
}}

output "data_scopes" {{
  value = data.oig_resource_request_settings.full.valid_access_scope_settings
}}
"#
    ));
    for _ in 0..3 {
        w.apply();
    }
    for _ in 0..3 {
        w.assert_plan_clean();
    }
    let s = w.state_of("oig_resource_request_settings.full");
    assert_eq!(
        types(&s["valid_access_scope_settings"]),
        ["ENTITLEMENT_BUNDLES", "GROUPS", "RESOURCE_DEFAULT"]
    );
    assert_eq!(
        types(&s["valid_requester_settings"]),
        ["EVERYONE", "GROUPS"]
    );
    assert_eq!(
        types(&s["valid_access_duration_settings"]["supported_types"]),
        ["ADMIN_FIXED_DURATION", "REQUESTER_SPECIFIED_DURATION"]
    );
    assert_eq!(
        types(&s["valid_request_on_behalf_of_settings"]),
        ["DIRECT_REPORT", "EVERYONE"]
    );
    assert_eq!(
        types(&w.output_json()["data_scopes"]["value"]),
        ["ENTITLEMENT_BUNDLES", "GROUPS", "RESOURCE_DEFAULT"]
    );
    // A refresh-only plan sees no change either (the lists are read in a new order each time).
    let refresh = w.ok(&["plan", "-refresh-only", "-no-color", "-input=false"]);
    assert!(
        refresh.contains("No changes") && !refresh.contains("changed outside of Terraform"),
        "{refresh}"
    );
    w.ok(&["destroy", "-auto-approve", "-no-color", "-input=false"]);
}

/// Item 2: live Okta accepted `{"requestOnBehalfOfSettings":{"allowed":true}}` for a resource
/// whose `validRequestOnBehalfOfSettings` was `[]`; the provider no longer refuses it at plan.
#[test]
fn on_behalf_of_is_allowed_when_the_valid_list_is_empty() {
    let emu = Emulator::start();
    let before = settings(&emu, APP_GROUPS_ONLY);
    assert_eq!(before["validRequestOnBehalfOfSettings"], json!([]));
    let w = Workdir::new(&emu);
    w.write(&format!(
        r#"resource "oig_resource_request_settings" "s" {{
  resource_id = "{APP_GROUPS_ONLY}"
  request_on_behalf_of_settings {{
    allowed = true
  }}
}}
"#
    ));
    w.apply();
    let after = settings(&emu, APP_GROUPS_ONLY);
    assert_eq!(
        after["requestOnBehalfOfSettings"]["allowed"], true,
        "{after}"
    );
    w.assert_plan_clean();
    // Destroy puts back what there was: no request-on-behalf-of settings.
    w.ok(&["destroy", "-auto-approve", "-no-color", "-input=false"]);
    let restored = settings(&emu, APP_GROUPS_ONLY);
    assert!(
        restored["requestOnBehalfOfSettings"].is_null(),
        "{restored}"
    );
}

fn condition_hcl(label: &str, name: &str, extra: &str) -> String {
    conditions::condition_hcl(label, &everyone(APP_FULL, name, extra))
}

/// Item 5: Okta may answer `priority: 0` to a create or PATCH whatever was written. The
/// written priority stays in state (no "inconsistent result after apply"), with one warning
/// per write; a different non-zero priority read from Okta is drift.
#[test]
fn priority_echoed_as_zero_keeps_the_written_priority() {
    let emu = Emulator::start_with(&["--priority-zero-echo"]);
    let w = Workdir::new(&emu);
    w.write(&condition_hcl("c", "prioritised", "  priority = 7"));
    let out = w.apply();
    let warning = "Okta answered priority 0 after priority 7 was written";
    assert_eq!(
        flat(&out).matches(warning).count(),
        1,
        "one warning:\n{out}"
    );
    let s = w.state_of("oig_request_condition.c");
    assert_eq!(s["priority"], 7);
    let id = s["id"].as_str().unwrap_or_default().to_string();
    assert_eq!(full(&emu, APP_FULL, &id)["priority"], 7);
    w.assert_plan_clean();

    // An update is echoed as 0 too.
    w.write(&condition_hcl(
        "c",
        "prioritised",
        "  priority = 9\n  description = \"now 9\"",
    ));
    let out = w.apply();
    assert!(
        flat(&out).contains("Okta answered priority 0 after priority 9 was written"),
        "{out}"
    );
    assert_eq!(w.state_of("oig_request_condition.c")["priority"], 9);
    w.assert_plan_clean();

    // A real change in Okta (another non-zero priority) is drift, healed by the next apply.
    let (status, body) = emu.api(
        "PATCH",
        &format!("{}/{id}", collection(APP_FULL)),
        Some(json!({"priority": 3})),
    );
    assert_eq!(status, 200, "{body}");
    let plan = w.run(&["plan", "-no-color", "-input=false", "-detailed-exitcode"]);
    let text = common::combined(&plan);
    assert_eq!(plan.status.code(), Some(2), "{text}");
    assert!(flat(&text).contains("priority = 3 -> 9"), "{text}");
    w.apply();
    assert_eq!(full(&emu, APP_FULL, &id)["priority"], 9);
}

/// Item 6: 409 Conflict on overlapping writes to one resource's conditions, at the harshest
/// (every overlapping write refused): 50 active conditions on one resource at
/// -parallelism=10 are created, activated and destroyed without an error or a duplicate.
#[test]
fn fifty_conditions_on_one_resource_through_409s() {
    let emu = Emulator::start_with(&["--conflict-rate", "1.0", "--latency-ms", "20"]);
    let w = Workdir::new(&emu);
    w.write(&condition_hcl(
        "c",
        "parallel ${count.index}",
        "  count  = 50\n  status = \"ACTIVE\"",
    ));
    w.ok(&[
        "apply",
        "-auto-approve",
        "-no-color",
        "-input=false",
        "-parallelism=10",
    ]);
    let conflicts = emu.log().iter().filter(|e| e["status"] == 409).count();
    assert!(
        conflicts > 0,
        "the emulator answered no 409: nothing was tested"
    );
    let all = listed(&emu, APP_FULL);
    let names: BTreeSet<&str> = all.iter().filter_map(|c| c["name"].as_str()).collect();
    assert_eq!(all.len(), 50, "no duplicate, none missing: {all:#?}");
    assert_eq!(names.len(), 50);
    assert!(all.iter().all(|c| c["status"] == "ACTIVE"), "{all:#?}");
    w.assert_plan_clean();
    w.ok(&[
        "destroy",
        "-auto-approve",
        "-no-color",
        "-input=false",
        "-parallelism=10",
    ]);
    assert!(listed(&emu, APP_FULL).is_empty());
}

/// Item 7: a DELETE that answers 500 although it deleted. Even with no retries at all, the
/// provider reads the condition, finds it gone and destroy converges.
#[test]
fn delete_answering_500_still_converges() {
    let emu = Emulator::start_with(&["--delete-500"]);
    let mut w = Workdir::new(&emu);
    w.env("OKTA_MAX_RETRIES", "0");
    w.write(&format!(
        "{}{}",
        condition_hcl("a", "deleted with 500", ""),
        condition_hcl("b", "active deleted with 500", "  status = \"ACTIVE\"")
    ));
    w.apply();
    assert_eq!(listed(&emu, APP_FULL).len(), 2);
    emu.clear_log();
    w.ok(&["destroy", "-auto-approve", "-no-color", "-input=false"]);
    let deletes: Vec<Value> = emu
        .log()
        .into_iter()
        .filter(|e| e["method"] == "DELETE")
        .collect();
    assert!(
        deletes.iter().any(|e| e["status"] == 500),
        "the emulator answered no 500: {deletes:?}"
    );
    assert!(listed(&emu, APP_FULL).is_empty());
    let in_state = w.state_resources();
    assert!(in_state.is_empty(), "state is empty: {in_state:?}");
}

/// Item 8: Okta refuses to delete an ACTIVE condition. Destroy deactivates first, and when
/// state does not know the condition is active (activated outside Terraform, destroy without
/// refresh), the refused DELETE is followed by a deactivate and a second DELETE.
#[test]
fn active_conditions_are_deactivated_before_delete() {
    let emu = Emulator::start();
    // The emulator refuses it as live Okta does.
    let created = create_by_hand(&emu, APP_FULL, everyone_body("direct"));
    let direct = created["id"].as_str().unwrap_or_default().to_string();
    transition_by_hand(&emu, APP_FULL, &direct, "activate");
    let (status, _) = emu.api(
        "DELETE",
        &format!("{}/{direct}", collection(APP_FULL)),
        None,
    );
    assert_eq!(status, 409, "an ACTIVE condition cannot be deleted");
    transition_by_hand(&emu, APP_FULL, &direct, "deactivate");
    emu.api(
        "DELETE",
        &format!("{}/{direct}", collection(APP_FULL)),
        None,
    );

    let w = Workdir::new(&emu);
    w.write(&format!(
        "{}{}",
        condition_hcl("active", "active one", "  status = \"ACTIVE\""),
        condition_hcl("inactive", "inactive one", "")
    ));
    w.apply();
    let id_of = |label: &str| {
        w.state_of(&format!("oig_request_condition.{label}"))["id"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let (active_id, inactive_id) = (id_of("active"), id_of("inactive"));
    // Activated behind Terraform's back; destroy without refresh still believes INACTIVE.
    transition_by_hand(&emu, APP_FULL, &inactive_id, "activate");
    emu.clear_log();
    w.ok(&[
        "destroy",
        "-auto-approve",
        "-no-color",
        "-input=false",
        "-refresh=false",
    ]);
    assert!(listed(&emu, APP_FULL).is_empty());
    let calls = emu.writes();
    for id in [&active_id, &inactive_id] {
        let deactivate = calls
            .iter()
            .position(|c| c == &format!("POST {}/{id}/deactivate", collection(APP_FULL)));
        let last_delete = calls
            .iter()
            .rposition(|c| c == &format!("DELETE {}/{id}", collection(APP_FULL)));
        assert!(
            matches!((deactivate, last_delete), (Some(d), Some(del)) if d < del),
            "deactivate before the DELETE that worked for {id}: {calls:#?}"
        );
    }
}

/// Item 9: the list of conditions is sparse (requester and scope settings carry `type` only).
/// `oig_request_conditions` still returns every ID list, complete, with and without filters.
#[test]
fn request_conditions_data_source_returns_every_id_list() {
    let (emu, w) = Workdir::with_emulator();
    w.write(&format!(
        r#"resource "oig_request_condition" "groups" {{
  resource_id          = "{APP_FULL}"
  name                 = "groups for groups"
  approval_sequence_id = "{SEQ_1}"
{}
{}
}}

resource "oig_request_condition" "bundles" {{
  resource_id          = "{APP_FULL}"
  name                 = "bundles for everyone"
  approval_sequence_id = "{SEQ_1}"
  status               = "ACTIVE"
{}
{}
}}

resource "oig_request_condition" "plain" {{
  resource_id          = "{APP_FULL}"
  name                 = "plain"
  approval_sequence_id = "{SEQ_1}"
{}
{}
}}

data "oig_request_conditions" "all" {{
  resource_id = "{APP_FULL}"
  depends_on  = [oig_request_condition.groups, oig_request_condition.bundles, oig_request_condition.plain]
}}

data "oig_request_conditions" "active" {{
  resource_id = "{APP_FULL}"
  status      = "ACTIVE"
  depends_on  = [oig_request_condition.groups, oig_request_condition.bundles, oig_request_condition.plain]
}}

output "all" {{
  value = data.oig_request_conditions.all.conditions
}}

output "active" {{
  value = data.oig_request_conditions.active.conditions
}}
"#,
        requester("GROUPS", &[GROUP_1, GROUP_2]),
        scope("GROUPS", &[GROUP_2]),
        requester("EVERYONE", &[]),
        scope("ENTITLEMENT_BUNDLES", &[BUNDLE_1, BUNDLE_2]),
        requester("EVERYONE", &[]),
        scope("RESOURCE_DEFAULT", &[]),
    ));
    w.apply();
    // The emulator's list really is sparse.
    let sparse = listed(&emu, APP_FULL);
    assert_eq!(sparse.len(), 3);
    assert!(
        sparse
            .iter()
            .all(|c| c["requesterSettings"].get("groups").is_none()
                && c["accessScopeSettings"].get("groups").is_none()
                && c["accessScopeSettings"].get("entitlementBundles").is_none()),
        "{sparse:#?}"
    );
    let out = w.output_json();
    let all = out["all"]["value"].as_array().cloned().unwrap_or_default();
    assert_eq!(all.len(), 3, "{all:#?}");
    let by_name = |name: &str| {
        all.iter()
            .find(|c| c["name"] == name)
            .cloned()
            .unwrap_or(Value::Null)
    };
    let sorted = |v: &Value| {
        let mut ids: Vec<String> = v
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect();
        ids.sort();
        ids
    };
    let g = by_name("groups for groups");
    assert_eq!(g["requester_settings"]["type"], "GROUPS");
    assert_eq!(
        sorted(&g["requester_settings"]["group_ids"]),
        [GROUP_1, GROUP_2]
    );
    assert_eq!(sorted(&g["access_scope_settings"]["group_ids"]), [GROUP_2]);
    let b = by_name("bundles for everyone");
    assert_eq!(
        sorted(&b["access_scope_settings"]["entitlement_bundle_ids"]),
        [BUNDLE_1, BUNDLE_2]
    );
    let p = by_name("plain");
    assert_eq!(p["access_scope_settings"]["type"], "RESOURCE_DEFAULT");
    let active = out["active"]["value"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(active.len(), 1, "{active:#?}");
    assert_eq!(
        sorted(&active[0]["access_scope_settings"]["entitlement_bundle_ids"]),
        [BUNDLE_1, BUNDLE_2]
    );
    w.assert_plan_clean();
}
