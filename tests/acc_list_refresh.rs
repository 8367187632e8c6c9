//! Refresh of request conditions from each app's list, with the real Terraform CLI against a
//! spawned oig-emulator: a plan of unchanged conditions costs one list per app and no GET, a
//! change of an ID list alone (which the list does not carry) still shows, and a list that
//! fails falls back to one GET per condition.

mod common;

use common::conditions::*;
use common::{assert_contains_all, flat, Emulator, Workdir};
use serde_json::{json, Value};

const LIST: &str = "GET /governance/api/v2/resources/{id}/request-conditions";
const GET: &str = "GET /governance/api/v2/resources/{id}/request-conditions/{id}";
/// The demo org's third group.
const GROUP_3: &str = "00gemu00000000000003";

/// The calls the emulator logged for `bucket` (e.g. [`LIST`]), with their statuses.
fn calls(emu: &Emulator, bucket: &str) -> Vec<u64> {
    emu.log()
        .iter()
        .filter(|e| e["bucket"] == bucket)
        .map(|e| e["status"].as_u64().unwrap_or(0))
        .collect()
}

/// Every call to a request-condition endpoint.
fn condition_calls(emu: &Emulator) -> Vec<Value> {
    emu.log()
        .into_iter()
        .filter(|e| {
            e["bucket"]
                .as_str()
                .is_some_and(|b| b.contains("/request-conditions"))
        })
        .collect()
}

/// `per_app` conditions on each of three apps: everyone on APP_FULL, groups on
/// APP_GROUPS_ONLY, a requester-specified duration on APP_DURATION.
fn three_apps(per_app: usize) -> String {
    format!(
        r#"provider "oig" {{}}
resource "oig_request_condition" "full" {{
  count                = {per_app}
  resource_id          = "{APP_FULL}"
  name                 = "full ${{count.index}}"
  approval_sequence_id = "{SEQ_1}"
  status               = "ACTIVE"
{}
{}
}}
resource "oig_request_condition" "groups" {{
  count                = {per_app}
  resource_id          = "{APP_GROUPS_ONLY}"
  name                 = "groups ${{count.index}}"
  description          = "members of group 1 may request group 2"
  approval_sequence_id = "{SEQ_2}"
{}
{}
}}
resource "oig_request_condition" "duration" {{
  count                = {per_app}
  resource_id          = "{APP_DURATION}"
  name                 = "duration ${{count.index}}"
  approval_sequence_id = "{SEQ_1}"
  priority             = 3
{}
{}
{}
}}
"#,
        requester("EVERYONE", &[]),
        scope("ENTITLEMENT_BUNDLES", &[BUNDLE_1]),
        requester("GROUPS", &[GROUP_1]),
        scope("GROUPS", &[GROUP_2]),
        requester("EVERYONE", &[]),
        scope("RESOURCE_DEFAULT", &[]),
        duration("REQUESTER_SPECIFIED_DURATION", "P7D"),
    )
}

fn id_of(w: &Workdir, address: &str) -> String {
    w.state_of(address)["id"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_plan_of_unchanged_conditions_lists_each_app_once_and_reads_none() {
    const PER_APP: usize = 4;
    const APPS: usize = 3;
    let (emu, w) = Workdir::with_emulator();
    w.write(&three_apps(PER_APP));
    w.apply();
    emu.clear_log();
    w.assert_plan_clean();
    let all = condition_calls(&emu);
    let lists = calls(&emu, LIST);
    let gets = calls(&emu, GET);
    println!(
        "plan of {} unchanged conditions over {APPS} apps: {} condition calls ({} lists, {} GETs); one GET per condition would be {}",
        PER_APP * APPS,
        all.len(),
        lists.len(),
        gets.len(),
        PER_APP * APPS
    );
    // The emulator answers a list in one page: at most R × pages + 1 calls.
    assert!(all.len() <= APPS + 1, "{all:#?}");
    assert_eq!(lists, vec![200; APPS], "{all:#?}");
    assert!(gets.is_empty(), "no condition is read on its own: {all:#?}");
}

#[test]
fn a_change_of_an_id_list_alone_shows_in_the_plan() {
    let (emu, w) = Workdir::with_emulator();
    w.write(&three_apps(1));
    w.apply();
    let groups = id_of(&w, "oig_request_condition.groups[0]");
    let full_id = id_of(&w, "oig_request_condition.full[0]");
    let path = |app: &str, id: &str| format!("{}/{id}", collection(app));

    // The requester's groups, changed by hand: nothing the list carries changes but lastUpdated.
    let before = listed(&emu, APP_GROUPS_ONLY);
    let (st, body) = emu.api(
        "PATCH",
        &path(APP_GROUPS_ONLY, &groups),
        Some(json!({"requesterSettings": {"type": "GROUPS", "groups": [{"id": GROUP_1}, {"id": GROUP_3}]}})),
    );
    assert_eq!(st, 200, "{body}");
    let after = listed(&emu, APP_GROUPS_ONLY);
    let strip = |v: &Value| {
        let mut v = v.clone();
        v.as_object_mut().map(|m| m.remove("lastUpdated"));
        v
    };
    assert_eq!(
        strip(&before[0]),
        strip(&after[0]),
        "the list shows the same condition but for lastUpdated"
    );
    let plan = flat(&w.ok(&["plan", "-no-color"]));
    assert!(plan.contains(&format!("- \"{GROUP_3}\"")), "{plan}");
    assert!(plan.contains("1 to change"), "{plan}");
    w.apply();
    let c = full(&emu, APP_GROUPS_ONLY, &groups);
    assert_eq!(
        c["requesterSettings"]["groups"],
        json!([{ "id": GROUP_1 }]),
        "{c}"
    );

    // The scope's entitlement bundles, changed by hand.
    let (st, body) = emu.api(
        "PATCH",
        &path(APP_FULL, &full_id),
        Some(json!({"accessScopeSettings": {"type": "ENTITLEMENT_BUNDLES", "entitlementBundles": [{"id": BUNDLE_2}]}})),
    );
    assert_eq!(st, 200, "{body}");
    let plan = flat(&w.ok(&["plan", "-no-color"]));
    assert!(plan.contains(&format!("+ \"{BUNDLE_1}\"")), "{plan}");
    assert!(plan.contains(&format!("- \"{BUNDLE_2}\"")), "{plan}");
    w.apply();
    w.assert_plan_clean();
}

#[test]
fn a_failing_list_falls_back_to_reading_each_condition() {
    const PER_APP: usize = 3;
    let (emu, mut w) = Workdir::with_emulator();
    w.env("OKTA_MAX_RETRIES", "1");
    w.write(&three_apps(PER_APP));
    w.apply();
    let changed = id_of(&w, "oig_request_condition.duration[1]");
    let (st, body) = emu.api(
        "PATCH",
        &format!("{}/{changed}", collection(APP_DURATION)),
        Some(json!({"name": "renamed by hand"})),
    );
    assert_eq!(st, 200, "{body}");

    // The list of APP_DURATION fails (its first attempt and its one retry): every condition of
    // that app is read on its own, and the change made by hand shows.
    emu.clear_log();
    emu.fault(json!({
        "method": "GET",
        "pathPrefix": collection(APP_DURATION),
        "status": 503,
        "count": 2
    }));
    let plan = flat(&w.ok(&["plan", "-no-color"]));
    assert!(
        plan.contains("\"renamed by hand\" -> \"duration 1\""),
        "{plan}"
    );
    let log = condition_calls(&emu);
    let of_app = |e: &&Value| e["path"].as_str().is_some_and(|p| p.contains(APP_DURATION));
    let statuses_of_app = |bucket: &str| -> Vec<u64> {
        log.iter()
            .filter(of_app)
            .filter(|e| e["bucket"] == bucket)
            .map(|e| e["status"].as_u64().unwrap_or(0))
            .collect()
    };
    assert_eq!(
        statuses_of_app(LIST),
        vec![503, 503],
        "one failed list, shared: {log:#?}"
    );
    assert_eq!(statuses_of_app(GET), vec![200; PER_APP], "{log:#?}");
    // The other apps were still served by their lists.
    let other_gets = log
        .iter()
        .filter(|e| e["bucket"] == GET)
        .filter(|e| !of_app(e))
        .count();
    assert_eq!(other_gets, 0, "{log:#?}");
    emu.clear_faults();
    w.apply();
    w.assert_plan_clean();
}

/// A condition made outside Terraform (by another client), its ID.
fn made_by_hand(emu: &Emulator, app: &str, name: &str) -> String {
    let body = create_by_hand(
        emu,
        app,
        json!({
            "name": name,
            "approvalSequenceId": SEQ_1,
            "requesterSettings": {"type": "EVERYONE"},
            "accessScopeSettings": {"type": "GROUPS", "groups": [{"id": GROUP_1}]}
        }),
    );
    body["id"].as_str().unwrap_or_default().to_string()
}

#[test]
fn the_condition_data_source_finds_a_condition_by_its_exact_name() {
    let (emu, w) = Workdir::with_emulator();
    let id = made_by_hand(&emu, APP_FULL, "Sales team");
    made_by_hand(&emu, APP_FULL, "Sales team (contractors)");
    let lookup = |by: &str| {
        format!(
            r#"provider "oig" {{}}
data "oig_request_condition" "c" {{
  resource_id = "{APP_FULL}"
  {by}
}}
output "id" {{ value = data.oig_request_condition.c.id }}
output "name" {{ value = data.oig_request_condition.c.name }}
output "groups" {{ value = data.oig_request_condition.c.access_scope_settings.group_ids }}
"#
        )
    };
    w.write(&lookup("name = \"Sales team\""));
    w.apply();
    let out = w.ok(&["output", "-json"]);
    let out: Value = serde_json::from_str(&out).expect("outputs");
    assert_eq!(out["id"]["value"], id.as_str());
    assert_eq!(out["name"]["value"], "Sales team");
    // The full object, with the ID lists the list leaves out.
    assert_eq!(out["groups"]["value"], json!([GROUP_1]));

    // By ID, as before: the name is read.
    w.write(&lookup(&format!("id = \"{id}\"")));
    w.apply();
    let out: Value = serde_json::from_str(&w.ok(&["output", "-json"])).expect("outputs");
    assert_eq!(out["name"]["value"], "Sales team");

    // A name that matches none: the error lists the names there are.
    w.write(&lookup("name = \"sales team\""));
    let text = flat(&w.fails(&["plan", "-no-color"]));
    assert_contains_all(
        &text,
        &[
            "No request condition named \"sales team\"",
            "\"Sales team\", \"Sales team (contractors)\"",
            "data.oig_request_condition.c",
        ],
    );

    // Both, or neither: refused at validation, before any call.
    emu.clear_log();
    w.write(&lookup(&format!("id = \"{id}\"\n  name = \"Sales team\"")));
    let text = flat(&w.fails(&["validate", "-no-color"]));
    assert!(text.contains("Both id and name are set"), "{text}");
    w.write(&lookup(""));
    let text = flat(&w.fails(&["validate", "-no-color"]));
    assert!(text.contains("Neither id nor name is set"), "{text}");
    assert!(emu.log().is_empty(), "{:#?}", emu.log());
}

#[test]
fn a_create_refused_for_a_taken_name_says_how_to_import_the_existing_condition() {
    let (emu, w) = Workdir::with_emulator();
    let id = made_by_hand(&emu, APP_FULL, "Taken");
    w.write(&format!(
        "provider \"oig\" {{}}\n{}",
        condition_hcl("dup", &everyone(APP_FULL, "Taken", ""))
    ));
    let text = flat(&w.fails(&["apply", "-auto-approve", "-no-color", "-input=false"]));
    let import_id = format!("{APP_FULL}/{id}");
    assert_contains_all(
        &text,
        &[
            "Unable to create request condition \"Taken\"",
            &format!("import ID \"{import_id}\""),
            &format!("terraform import 'oig_request_condition.NAME' '{import_id}'"),
            &format!("to = oig_request_condition.NAME id = \"{import_id}\""),
        ],
    );

    // Following the advice: the import block adopts it, and the plan then changes it in place
    // (its scope differs from the configuration's), creating nothing.
    w.write(&format!(
        "provider \"oig\" {{}}\n{}\nimport {{\n  to = oig_request_condition.dup\n  id = \"{import_id}\"\n}}\n",
        condition_hcl("dup", &everyone(APP_FULL, "Taken", ""))
    ));
    let plan = flat(&w.ok(&["plan", "-no-color"]));
    assert!(
        plan.contains("1 to import, 0 to add, 1 to change"),
        "{plan}"
    );
    w.apply();
    w.assert_plan_clean();
    assert_eq!(listed(&emu, APP_FULL).len(), 1);
}
