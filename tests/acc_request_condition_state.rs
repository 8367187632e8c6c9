//! Acceptance tests of `oig_request_condition` and its data sources, with the real Terraform
//! CLI against a spawned oig-emulator: drift healed, a failed activation kept in state,
//! import with generated config, the data sources in a module, and plan-time errors.

mod common;

use common::conditions::*;
use common::{flat, Emulator, Workdir};
use serde_json::json;

#[test]
fn drift_is_detected_and_healed() {
    let (emu, mut w) = Workdir::with_emulator();
    w.env("OKTA_MAX_RETRIES", "1");
    let hcl = |seq: &str| {
        format!(
            "provider \"oig\" {{}}\n{}",
            condition_hcl(
                "c",
                &everyone(
                    APP_FULL,
                    "drifty",
                    "  description = \"managed\"\n  status = \"ACTIVE\""
                )
                .replace(SEQ_1, seq)
            )
        )
    };
    w.write(&hcl(SEQ_1));
    w.apply();
    let id = w.state_of("oig_request_condition.c")["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let path = format!("/governance/api/v2/resources/{APP_FULL}/request-conditions/{id}");

    // An out-of-band change shows as drift and the apply puts it back.
    let (st, _) = emu.api(
        "PATCH",
        &path,
        Some(json!({"description": "changed by hand"})),
    );
    assert_eq!(st, 200);
    let plan = w.ok(&["plan", "-no-color"]);
    assert!(
        plan.contains("\"changed by hand\" -> \"managed\""),
        "{plan}"
    );
    w.apply();
    assert_eq!(only_condition(&emu, APP_FULL)["description"], "managed");

    // Deactivated by hand: the apply activates it again.
    let (st, _) = emu.api("POST", &format!("{path}/deactivate"), None);
    assert_eq!(st, 200);
    let plan = w.ok(&["plan", "-no-color"]);
    assert!(plan.contains("\"INACTIVE\" -> \"ACTIVE\""), "{plan}");
    w.apply();
    assert_eq!(only_condition(&emu, APP_FULL)["status"], "ACTIVE");
    w.assert_plan_clean();

    // Its approval sequence deleted: INVALID shows as drift; pointing it at another heals it.
    emu.control("DELETE", &format!("approval-sequences/{SEQ_1}"), None);
    let c = only_condition(&emu, APP_FULL);
    assert_eq!(c["status"], "INVALID");
    let plan = w.ok(&["plan", "-no-color"]);
    assert!(plan.contains("\"INVALID\" -> \"ACTIVE\""), "{plan}");
    w.write(&hcl(SEQ_2));
    w.apply();
    let c = only_condition(&emu, APP_FULL);
    assert_eq!(c["status"], "ACTIVE");
    assert_eq!(c["approvalSequenceId"], SEQ_2);
    w.assert_plan_clean();

    // Deleted by hand: it leaves state and the apply creates it again.
    let (st, _) = emu.api("POST", &format!("{path}/deactivate"), None);
    assert_eq!(st, 200);
    let (st, _) = emu.api("DELETE", &path, None);
    assert_eq!(st, 204);
    let plan = w.ok(&["plan", "-no-color"]);
    assert!(plan.contains("1 to add"), "{plan}");
    w.apply();
    let c = only_condition(&emu, APP_FULL);
    assert_ne!(c["id"], id.as_str());
    assert_eq!(c["status"], "ACTIVE");
    w.assert_plan_clean();
}

#[test]
fn a_failed_activation_keeps_the_created_condition_in_state() {
    let (emu, mut w) = Workdir::with_emulator();
    w.env("OKTA_MAX_RETRIES", "1");
    w.write(&format!(
        "provider \"oig\" {{}}\n{}",
        condition_hcl(
            "c",
            &everyone(APP_FULL, "activate fails", "  status = \"ACTIVE\"")
        )
    ));
    emu.fault(json!({"method": "POST", "pathPrefix": format!("/governance/api/v2/resources/{APP_FULL}/request-conditions/rco"), "status": 500, "count": 5}));
    let out = w.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(
        flat(&out).contains("Unable to activate request condition"),
        "{out}"
    );
    let c = only_condition(&emu, APP_FULL);
    assert_eq!(c["status"], "INACTIVE");
    let s = w.state_of("oig_request_condition.c");
    assert_eq!(s["id"], c["id"], "the created condition is in state");
    assert_eq!(s["status"], "INACTIVE", "with its real status");

    // Terraform taints a resource whose create reported an error, so the next apply replaces
    // it: the condition it knows about is deleted, never orphaned, and one ACTIVE remains.
    emu.control("DELETE", "faults", None);
    let plan = w.ok(&["plan", "-no-color"]);
    assert!(plan.contains("is tainted, so must be replaced"), "{plan}");
    w.apply();
    let c2 = only_condition(&emu, APP_FULL);
    assert_eq!(c2["status"], "ACTIVE");
    assert_eq!(w.state_of("oig_request_condition.c")["id"], c2["id"]);
    w.assert_plan_clean();
}

#[test]
fn import_and_generated_config_plan_clean() {
    let emu = Emulator::start();
    let body = json!({
        "name": "made by hand",
        "description": "imported",
        "approvalSequenceId": SEQ_1,
        "priority": 2,
        "requesterSettings": {"type": "GROUPS", "groups": [{"id": GROUP_1}, {"id": GROUP_2}]},
        "accessScopeSettings": {"type": "RESOURCE_DEFAULT"},
        "accessDurationSettings": {"type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "P5D"}
    });
    let created = create_by_hand(&emu, APP_FULL, body);
    let id = created["id"].as_str().unwrap_or_default().to_string();
    transition_by_hand(&emu, APP_FULL, &id, "activate");

    // An import block plus -generate-config-out writes configuration that plans clean.
    let w = Workdir::new(&emu);
    w.import_with_generated_config(
        &format!(
            "provider \"oig\" {{}}\n\nimport {{\n  to = oig_request_condition.imported\n  id = \"{APP_FULL}/{id}\"\n}}\n"
        ),
        &["made by hand", "P5D"],
        1,
    );
    let s = w.state_of("oig_request_condition.imported");
    assert_eq!(s["status"], "ACTIVE");
    assert_eq!(s["access_duration_settings"][0]["duration"], "P5D");

    // terraform import with a malformed ID says what the ID looks like.
    let w2 = Workdir::new(&emu);
    w2.write(&format!(
        "provider \"oig\" {{}}\n{}",
        condition_hcl("x", &everyone(APP_FULL, "x", ""))
    ));
    w2.import_fails(
        "oig_request_condition.x",
        "just-an-id",
        "<resource_id>/<request_condition_id>",
    );
}

#[test]
fn data_sources_in_a_module() {
    let (_emu, w) = Workdir::with_emulator();
    w.write_module(
        "lookup",
        &["resource_id", "condition_id"],
        r#"data "oig_request_conditions" "active" {
  resource_id = var.resource_id
  status      = "ACTIVE"
}

data "oig_request_condition" "one" {
  resource_id = var.resource_id
  id          = var.condition_id
}

output "active_names" {
  value = sort([for c in data.oig_request_conditions.active.conditions : c.name])
}

output "one" {
  value = data.oig_request_condition.one
}
"#,
    );
    let hcl = format!(
        r#"provider "oig" {{}}
{}
{}
module "lookup" {{
  source       = "./modules/lookup"
  resource_id  = oig_request_condition.a.resource_id
  condition_id = oig_request_condition.b.id
  # Read the list after the conditions reach their status, not at plan time.
  depends_on = [oig_request_condition.a]
}}

output "active_names" {{
  value = module.lookup.active_names
}}

output "one" {{
  value = module.lookup.one
}}
"#,
        condition_hcl("a", &everyone(APP_FULL, "alpha", "  status = \"ACTIVE\"")),
        condition_hcl(
            "b",
            &everyone(APP_FULL, "beta", "  description = \"with duration\"")
                .replace("  access_scope_settings {", "  access_duration_settings {\n    type = \"ADMIN_FIXED_DURATION\"\n    duration = \"P7D\"\n  }\n  access_scope_settings {")
        ),
    );
    w.write(&hcl);
    w.ok(&["init", "-no-color", "-input=false"]);
    w.apply();
    let out = w.output_json();
    assert_eq!(out["active_names"]["value"], json!(["alpha"]));
    let one = &out["one"]["value"];
    assert_eq!(one["name"], "beta");
    assert_eq!(one["description"], "with duration");
    assert_eq!(one["approval_sequence_id"], SEQ_1);
    assert_eq!(one["status"], "INACTIVE");
    assert_eq!(
        one["access_duration_settings"],
        json!({"type": "ADMIN_FIXED_DURATION", "duration": "P7D"})
    );
    assert_eq!(one["requester_settings"]["type"], "EVERYONE");
    w.assert_plan_clean();
}

#[test]
fn invalid_configuration_fails_at_plan_with_the_attribute_named() {
    let emu = Emulator::start();
    let cases: Vec<(String, &str)> = vec![
        (everyone(APP_FULL, "x", "  status = \"ON\""), "status must be one of \"ACTIVE\" or \"INACTIVE\"; got \"ON\""),
        (everyone(APP_FULL, "x", "  priority = 101"), "priority must be a whole number from 0 to 100; got 101"),
        (everyone(APP_FULL, "x", "  priority = 1.5"), "priority must be a whole number from 0 to 100; got 1.5"),
        (everyone(APP_FULL, "x", "").replace(SEQ_1, "short"), "approval_sequence_id must be exactly 24 characters long"),
        (everyone(APP_FULL, "", ""), "name must be 1 to 255 characters long; got 0"),
        (everyone(APP_FULL, &"n".repeat(256), ""), "name must be 1 to 255 characters long; got 256"),
        (everyone(APP_FULL, "x", "  description = \"\""), "description must be 1 to 2000 characters long"),
        (
            everyone(APP_FULL, "x", "").replace("type = \"EVERYONE\"", "type = \"SOMEONE\""),
            "requester_settings.type must be one of \"EVERYONE\", \"GROUPS\" or \"TEAMS\"",
        ),
        (
            everyone(APP_FULL, "x", "").replace("type = \"EVERYONE\"", "type = \"GROUPS\""),
            "requester_settings.group_ids must list at least one ID when requester_settings.type is \"GROUPS\"",
        ),
        (
            everyone(APP_FULL, "x", "").replace("type = \"EVERYONE\"", &format!("type = \"EVERYONE\"\n    group_ids = [\"{GROUP_1}\"]")),
            "requester_settings.group_ids is only allowed when requester_settings.type is \"GROUPS\"",
        ),
        (
            everyone(APP_FULL, "x", "").replace("type = \"RESOURCE_DEFAULT\"", "type = \"ENTITLEMENT_BUNDLES\""),
            "access_scope_settings.entitlement_bundle_ids must list at least one ID",
        ),
        (
            everyone(APP_FULL, "x", "").replace("type = \"RESOURCE_DEFAULT\"", "type = \"GROUPS\"\n    group_ids = [\"not-a-group\"]"),
            "access_scope_settings.group_ids holds Okta group IDs",
        ),
        (
            everyone(APP_FULL, "x", "  access_duration_settings {\n    type = \"FOREVER\"\n    duration = \"P1D\"\n  }"),
            "access_duration_settings.type must be one of \"ADMIN_FIXED_DURATION\" or \"REQUESTER_SPECIFIED_DURATION\"",
        ),
        (
            everyone(APP_FULL, "x", "  access_duration_settings {\n    type = \"ADMIN_FIXED_DURATION\"\n    duration = \"2 weeks\"\n  }"),
            "access_duration_settings.duration must be an ISO-8601 duration",
        ),
        (
            everyone(APP_FULL, "x", "  access_duration_settings {\n    type = \"ADMIN_FIXED_DURATION\"\n    duration = \"P13W\"\n  }"),
            "at most 72 hours (\"PT72H\"), 90 days (\"P90D\") or 12 weeks (\"P12W\") (Okta's limit); got \"P13W\"",
        ),
    ];
    for (body, expected) in cases {
        let w = Workdir::new(&emu);
        w.write(&format!(
            "provider \"oig\" {{}}\n{}",
            condition_hcl("bad", &body)
        ));
        w.plan_error_in_config(&emu, expected);
    }
}
