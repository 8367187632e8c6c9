//! Moving from okta/okta (docs/guides/migrating-from-okta.md), with the real Terraform CLI
//! against the emulator: the oig half of `examples/migrate-from-okta` adopts objects seeded as
//! okta/okta creates them (its request bodies, transcribed from its recorded exchanges) with
//! imports only, writes nothing, leaves every object as it was and then plans clean; and
//! okta/okta's `ids { id = … }` blocks in an `oig_request_condition` are answered with the oig
//! attribute to write instead.
//!
//! okta/okta itself cannot be installed here, so the okta half (`okta.tf`, the `removed`
//! blocks) is only checked for formatting and `destroy = false`, never run.

mod common;

use std::path::{Path, PathBuf};

use common::{flat, Emulator, Workdir};
use serde_json::{json, Value};

const APP: &str = "0oaemufull0000000001";
const SEQ_1: &str = "61eb0f06c462d20007f05101";
const SEQ_2: &str = "61eb0f06c462d20007f05102";

fn example_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/migrate-from-okta")
}

fn conditions_path() -> String {
    format!("/governance/api/v2/resources/{APP}/request-conditions")
}

fn settings_path() -> String {
    format!("/governance/api/v2/resources/{APP}/request-settings")
}

const ORG_SETTINGS: &str = "/governance/api/v2/request-settings";

/// The request conditions, app settings and org settings that the okta/okta configuration of
/// `okta.tf`'s addresses made, sent as okta/okta sends them: a POST with `"priority":0` when the
/// configuration sets none and `description` only when set, an activate for `status = "ACTIVE"`,
/// a PATCH of the app's settings with `accessDurationSettings: null`, and a PATCH of the org's
/// (then the org's provisioning, which that starts, has finished). Returns the conditions' IDs.
fn seed_as_okta_okta_does(emu: &Emulator) -> Vec<String> {
    let bodies = [
        json!({"accessScopeSettings": {"type": "RESOURCE_DEFAULT"}, "approvalSequenceId": SEQ_1,
               "name": "Everyone: permanent access", "priority": 0, "requesterSettings": {"type": "EVERYONE"}}),
        json!({"accessScopeSettings": {"type": "GROUPS", "groups": [{"id": "00gemu00000000000003"}]},
               "accessDurationSettings": {"type": "ADMIN_FIXED_DURATION", "duration": "P2W"},
               "approvalSequenceId": SEQ_2, "description": "Managed by okta/okta until the move to oig/oig",
               "name": "Engineers: two weeks of admin groups", "priority": 0,
               "requesterSettings": {"type": "GROUPS", "groups": [{"id": "00gemu00000000000001"}, {"id": "00gemu00000000000002"}]}}),
        json!({"accessScopeSettings": {"type": "ENTITLEMENT_BUNDLES", "entitlementBundles": [{"id": "enbemu00000000000001"}]},
               "accessDurationSettings": {"type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "PT36H"},
               "approvalSequenceId": SEQ_1, "name": "Bundles: up to 36 hours", "priority": 0,
               "requesterSettings": {"type": "EVERYONE"}}),
    ];
    let mut ids = Vec::new();
    for body in bodies {
        let (st, c) = emu.api("POST", &conditions_path(), Some(body));
        assert_eq!(st, 201, "{c}");
        let id = c["id"].as_str().expect("condition id").to_string();
        if c["name"] == "Everyone: permanent access" {
            let (st, a) = emu.api(
                "POST",
                &format!("{}/{id}/activate", conditions_path()),
                None,
            );
            assert_eq!(st, 200, "{a}");
        }
        ids.push(id);
    }
    let (st, s) = emu.api(
        "PATCH",
        &settings_path(),
        Some(json!({"requestOnBehalfOfSettings": {"allowed": true},
                    "riskSettings": {"defaultSetting": {"accessDurationSettings": null, "approvalSequenceId": SEQ_2,
                                                        "requestSubmissionType": "ALLOWED_WITH_OVERRIDES"}}})),
    );
    assert_eq!(st, 200, "{s}");
    let (st, o) = emu.api(
        "PATCH",
        ORG_SETTINGS,
        Some(json!({"subprocessorsAcknowledged": true})),
    );
    assert_eq!(st, 200, "{o}");
    // The acknowledgement starts the org's provisioning, which the emulator finishes a moment
    // later (as Okta does): an org okta/okta acknowledged is provisioned long before the move.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while emu.api("GET", ORG_SETTINGS, None).1["provisioningStatus"] != "PROVISIONED" {
        assert!(
            std::time::Instant::now() < deadline,
            "the org is provisioned after its acknowledgement"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    ids
}

/// Everything the emulator holds for the migrated objects: each condition as GET returns it
/// (IDs, names, `lastUpdated`, …), the condition list, the app's settings (with the `valid*`
/// lists sorted: the API returns them in a new order on every call) and the org's settings.
fn snapshot(emu: &Emulator, ids: &[String]) -> Value {
    let conditions: Vec<Value> = ids
        .iter()
        .map(|id| {
            let (st, c) = emu.api("GET", &format!("{}/{id}", conditions_path()), None);
            assert_eq!(st, 200, "{c}");
            c
        })
        .collect();
    let list = emu.api("GET", &conditions_path(), None).1["data"].clone();
    let mut settings = emu.api("GET", &settings_path(), None).1;
    sort_type_lists(&mut settings);
    let org = emu.api("GET", ORG_SETTINGS, None).1;
    json!({"conditions": conditions, "list": list, "settings": settings, "org": org})
}

/// Sorts every array of `{ "type": … }` objects (and of strings) inside `v`.
fn sort_type_lists(v: &mut Value) {
    match v {
        Value::Array(items) => {
            items.iter_mut().for_each(sort_type_lists);
            items.sort_by_key(|i| i.to_string());
        }
        Value::Object(map) => map.values_mut().for_each(sort_type_lists),
        _ => {}
    }
}

/// A work dir holding only the oig half of the worked module (`main.tf`).
fn oig_half(emu: &Emulator) -> Workdir {
    let w = Workdir::new(emu);
    std::fs::copy(example_dir().join("main.tf"), w.path().join("main.tf"))
        .expect("copy examples/migrate-from-okta/main.tf");
    w
}

#[test]
fn the_worked_module_adopts_what_okta_okta_made_with_imports_only() {
    let emu = Emulator::start();
    let ids = seed_as_okta_okta_does(&emu);
    let before = snapshot(&emu, &ids);
    let w = oig_half(&emu);

    let plan = w.ok(&["plan", "-no-color", "-input=false"]);
    assert!(
        plan.contains("Plan: 5 to import, 0 to add, 0 to change, 0 to destroy."),
        "the plan must show only imports:\n{plan}"
    );
    for id in &ids {
        assert!(
            plan.contains(&format!("id={APP}/{id}")),
            "{id} is imported:\n{plan}"
        );
    }

    emu.clear_log();
    let out = w.apply();
    assert!(
        out.contains("Apply complete! Resources: 5 imported, 0 added, 0 changed, 0 destroyed."),
        "{out}"
    );
    let writes = emu.writes();
    assert!(writes.is_empty(), "adopting writes nothing: {writes:?}");
    assert_eq!(
        snapshot(&emu, &ids),
        before,
        "every object is exactly as okta/okta left it"
    );

    let outputs = w.output_json();
    let adopted = &outputs["adopted_conditions"]["value"];
    let mut adopted_ids: Vec<&str> = adopted
        .as_object()
        .map(|m| m.values().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    adopted_ids.sort();
    let mut seeded: Vec<&str> = ids.iter().map(String::as_str).collect();
    seeded.sort();
    assert_eq!(adopted_ids, seeded, "the same IDs okta/okta had");

    w.assert_plan_clean_for("the plan after adopting");
}

#[test]
fn the_okta_half_is_formatted_and_destroys_nothing() {
    let text = std::fs::read_to_string(example_dir().join("okta.tf")).expect("read okta.tf");
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    let removed = lines.iter().filter(|l| **l == "removed {").count();
    assert_eq!(
        removed, 5,
        "one removed block per okta/okta resource of the worked module:\n{text}"
    );
    assert_eq!(
        lines.iter().filter(|l| **l == "destroy = false").count(),
        removed,
        "every removed block keeps destroy = false"
    );
    for kind in [
        "okta_request_condition",
        "okta_request_setting_resource",
        "okta_request_setting_organization",
    ] {
        assert!(text.contains(&format!("from = {kind}.")), "{kind}: {text}");
    }
    let w = Workdir::bare();
    std::fs::write(w.path().join("okta.tf"), &text).expect("write okta.tf");
    let out = w.run(&["fmt", "-check", "-diff", "-no-color", "okta.tf"]);
    assert!(
        out.status.success(),
        "okta.tf is not formatted:\n{}",
        common::combined(&out)
    );
}

/// An `oig_request_condition` written with okta/okta's blocks.
fn okta_shaped(requester: &str, scope: &str) -> String {
    format!(
        r#"
resource "oig_request_condition" "copied" {{
  resource_id          = "{APP}"
  name                 = "issue-2510"
  approval_sequence_id = "{SEQ_1}"

  access_scope_settings {{
{scope}
  }}

  requester_settings {{
{requester}
  }}
}}
"#
    )
}

/// `terraform validate` of `hcl`: it fails, and its flattened output is returned.
fn validate_fails(hcl: &str) -> String {
    let w = Workdir::bare();
    w.write(hcl);
    let out = w.fails(&["validate", "-no-color"]);
    assert!(
        !out.contains("are not expected here"),
        "Terraform's own error instead of ours:\n{out}"
    );
    flat(&out)
}

#[test]
fn okta_ids_blocks_are_answered_with_the_attribute_to_write() {
    // okta/okta's shape for groups on both sides (its issue-2510 example).
    let out = validate_fails(&okta_shaped(
        "    type = \"GROUPS\"\n    ids {\n      id = \"00gemu00000000000001\"\n    }\n    ids {\n      id = \"00gemu00000000000002\"\n    }",
        "    type = \"GROUPS\"\n    ids {\n      id = \"00gemu00000000000003\"\n    }",
    ));
    for expected in [
        "Error: Use requester_settings.group_ids instead of ids blocks",
        "group_ids = [\"00gemu00000000000001\", \"00gemu00000000000002\"]",
        "Error: Use access_scope_settings.group_ids instead of ids blocks",
        "group_ids = [\"00gemu00000000000003\"]",
        "okta/okta's form (okta_request_condition)",
    ] {
        assert!(out.contains(expected), "{expected:?} in:\n{out}");
    }
    // Each error shows the line of its first ids block's id, not the resource or the block.
    for first in ["00gemu00000000000001", "00gemu00000000000003"] {
        assert!(
            out.contains(&format!(": id = \"{first}\"")),
            "the source line shown is the first ids block's id {first}:\n{out}"
        );
    }
    // The ids error says it all: no second "missing group_ids" error.
    assert!(
        !out.contains("Missing requester_settings.group_ids"),
        "{out}"
    );

    // Entitlement bundles, and a requester type that takes no IDs.
    let out = validate_fails(&okta_shaped(
        "    type = \"EVERYONE\"\n    ids {\n      id = \"00gemu00000000000001\"\n    }",
        "    type = \"ENTITLEMENT_BUNDLES\"\n    ids {\n      id = \"enbemu00000000000001\"\n    }",
    ));
    for expected in [
        "Error: Use access_scope_settings.entitlement_bundle_ids instead of ids blocks",
        "entitlement_bundle_ids = [\"enbemu00000000000001\"]",
        "Error: Remove the ids blocks: requester_settings.type \"EVERYONE\" takes no IDs",
    ] {
        assert!(out.contains(expected), "{expected:?} in:\n{out}");
    }

    // The type still unknown at validate time: both attributes are named.
    let out = validate_fails(&format!(
        "variable \"kind\" {{\n  type = string\n}}\n{}",
        okta_shaped(
            "    type = var.kind\n    ids {\n      id = \"00gemu00000000000001\"\n    }",
            "    type = \"RESOURCE_DEFAULT\"",
        )
    ));
    assert!(
        out.contains("group_ids (type = \"GROUPS\") or team_ids (type = \"TEAMS\")"),
        "{out}"
    );
}

#[test]
fn the_oig_form_of_the_same_condition_plans_and_applies_clean() {
    // The translation the error proposes, applied: it creates the condition and plans clean, so
    // the `ids` blocks in the schema cost nothing to configurations that do not use them.
    let (emu, w) = Workdir::with_emulator();
    w.write(&format!(
        r#"
provider "oig" {{}}

resource "oig_request_condition" "copied" {{
  resource_id          = "{APP}"
  name                 = "issue-2510"
  approval_sequence_id = "{SEQ_1}"

  access_scope_settings {{
    type      = "GROUPS"
    group_ids = ["00gemu00000000000003"]
  }}

  requester_settings {{
    type      = "GROUPS"
    group_ids = ["00gemu00000000000001", "00gemu00000000000002"]
  }}
}}
"#
    ));
    w.apply();
    let (st, list) = emu.api("GET", &conditions_path(), None);
    assert_eq!(st, 200);
    assert_eq!(list["data"].as_array().map(Vec::len), Some(1), "{list}");
    w.assert_plan_clean();
}
