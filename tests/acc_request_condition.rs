//! Acceptance tests of `oig_request_condition` and its data sources: the real Terraform CLI
//! against a spawned oig-emulator, asserting Terraform's state and the emulator's.

mod common;

use common::{flat, Emulator, Workdir};
use serde_json::{json, Value};

const APP_FULL: &str = "0oaemufull0000000001";
const APP_GROUPS_ONLY: &str = "0oaemugroups00000002";
const APP_DURATION: &str = "0oaemuduration000003";
const SEQ_1: &str = "61eb0f06c462d20007f05101";
const SEQ_2: &str = "61eb0f06c462d20007f05102";
const GROUP_1: &str = "00gemu00000000000001";
const GROUP_2: &str = "00gemu00000000000002";
const BUNDLE_1: &str = "enbemu00000000000001";

/// A check of the emulator's copy of a condition.
type Check = Box<dyn Fn(&Value)>;

/// The emulator's conditions of `resource`, each read in full (the list is sparse, as live
/// Okta's: requester and scope settings carry their `type` only).
fn conditions(emu: &Emulator, resource: &str) -> Vec<Value> {
    let collection = format!("/governance/api/v2/resources/{resource}/request-conditions");
    let (status, body) = emu.api("GET", &collection, None);
    assert_eq!(status, 200, "{body}");
    body["data"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let id = c["id"].as_str().unwrap_or_default();
            let (status, full) = emu.api("GET", &format!("{collection}/{id}"), None);
            assert_eq!(status, 200, "{full}");
            full
        })
        .collect()
}

fn only_condition(emu: &Emulator, resource: &str) -> Value {
    let all = conditions(emu, resource);
    assert_eq!(all.len(), 1, "expected exactly one condition: {all:#?}");
    all[0].clone()
}

fn condition_hcl(name: &str, body: &str) -> String {
    format!("resource \"oig_request_condition\" \"{name}\" {{\n{body}\n}}\n")
}

fn everyone(resource: &str, name: &str, extra: &str) -> String {
    format!(
        r#"  resource_id          = "{resource}"
  name                 = "{name}"
  approval_sequence_id = "{SEQ_1}"
{extra}
  requester_settings {{
    type = "EVERYONE"
  }}
  access_scope_settings {{
    type = "RESOURCE_DEFAULT"
  }}"#
    )
}

#[test]
fn create_inactive_and_active_then_flip_and_destroy() {
    let emu = Emulator::start();
    let w = Workdir::new(&emu);
    let hcl = |a_status: &str| {
        format!(
            "provider \"oig\" {{}}\n{}{}",
            condition_hcl("a", &everyone(APP_FULL, "default-inactive", "")),
            condition_hcl(
                "b",
                &everyone(APP_FULL, "active", &format!("  status = \"{a_status}\""))
            ),
        )
    };
    w.write(&hcl("ACTIVE"));
    w.apply();
    let a = w.state_of("oig_request_condition.a");
    let b = w.state_of("oig_request_condition.b");
    assert_eq!(a["status"], "INACTIVE");
    assert_eq!(b["status"], "ACTIVE");
    assert!(
        a["id"].as_str().is_some_and(|id| id.starts_with("rco")),
        "{a}"
    );
    assert!(
        a["created"].is_string() && a["created_by"].is_string() && a["last_updated_by"].is_string()
    );
    // Okta gives a new condition the lowest priority: whichever is created second gets 1.
    let mut priorities = [a["priority"].as_f64(), b["priority"].as_f64()];
    priorities.sort_by(|x, y| x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal));
    assert_eq!(priorities, [Some(0.0), Some(1.0)], "{a} {b}");
    let in_emu = conditions(&emu, APP_FULL);
    assert_eq!(in_emu.len(), 2);
    for c in &in_emu {
        let expected = if c["name"] == "active" {
            "ACTIVE"
        } else {
            "INACTIVE"
        };
        assert_eq!(c["status"], expected, "{c}");
    }
    w.assert_plan_clean();

    // Flip b to INACTIVE and back: one call each, in place.
    w.write(&hcl("INACTIVE"));
    let out = w.apply();
    assert!(out.contains("1 changed"), "{out}");
    assert!(conditions(&emu, APP_FULL)
        .iter()
        .all(|c| c["status"] == "INACTIVE"));
    w.write(&hcl("ACTIVE"));
    w.apply();
    assert_eq!(w.state_of("oig_request_condition.b")["status"], "ACTIVE");
    w.assert_plan_clean();

    // Destroying an ACTIVE condition deactivates, then deletes it.
    emu.clear_log();
    w.ok(&["destroy", "-auto-approve", "-no-color"]);
    assert!(conditions(&emu, APP_FULL).is_empty());
    // `METHOD last-path-segment` of each write.
    let calls: Vec<String> = emu
        .writes()
        .iter()
        .map(|c| {
            let (method, path) = c.split_once(' ').unwrap_or((c, ""));
            format!("{method} {}", path.rsplit('/').next().unwrap_or(""))
        })
        .collect();
    assert!(calls.iter().any(|c| c == "POST deactivate"), "{calls:?}");
    assert_eq!(
        calls.iter().filter(|c| c.starts_with("DELETE")).count(),
        2,
        "{calls:?}"
    );
}

#[test]
fn every_requester_scope_and_duration_type() {
    let emu = Emulator::start();
    let w = Workdir::new(&emu);
    let hcl = format!(
        r#"provider "oig" {{}}

resource "oig_request_condition" "groups" {{
  resource_id          = "{APP_GROUPS_ONLY}"
  name                 = "groups to groups, fixed 2 weeks"
  approval_sequence_id = "{SEQ_1}"
  requester_settings {{
    type      = "GROUPS"
    group_ids = ["{GROUP_2}", "{GROUP_1}"]
  }}
  access_scope_settings {{
    type      = "GROUPS"
    group_ids = ["{GROUP_1}"]
  }}
  access_duration_settings {{
    type     = "ADMIN_FIXED_DURATION"
    duration = "P2W"
  }}
}}

resource "oig_request_condition" "bundles" {{
  resource_id          = "{APP_FULL}"
  name                 = "bundles"
  description          = "Entitlement bundles for everyone"
  approval_sequence_id = "{SEQ_2}"
  priority             = 3
  requester_settings {{
    type = "EVERYONE"
  }}
  access_scope_settings {{
    type                   = "ENTITLEMENT_BUNDLES"
    entitlement_bundle_ids = ["{BUNDLE_1}"]
  }}
}}

resource "oig_request_condition" "requester_duration" {{
  resource_id          = "{APP_DURATION}"
  name                 = "requester picks up to 3 days"
  approval_sequence_id = "{SEQ_1}"
  status               = "ACTIVE"
  requester_settings {{
    type = "EVERYONE"
  }}
  access_scope_settings {{
    type = "RESOURCE_DEFAULT"
  }}
  access_duration_settings {{
    type     = "REQUESTER_SPECIFIED_DURATION"
    duration = "P3D"
  }}
}}
"#
    );
    w.write(&hcl);
    w.apply();
    w.assert_plan_clean();

    let g = only_condition(&emu, APP_GROUPS_ONLY);
    assert_eq!(g["requesterSettings"]["type"], "GROUPS");
    let mut ids: Vec<&str> = g["requesterSettings"]["groups"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x["id"].as_str())
        .collect();
    ids.sort();
    assert_eq!(ids, vec![GROUP_1, GROUP_2]);
    assert_eq!(
        g["accessScopeSettings"],
        json!({"type": "GROUPS", "groups": [{"id": GROUP_1}]})
    );
    assert_eq!(g["accessDurationSettings"]["type"], "ADMIN_FIXED_DURATION");
    assert_eq!(g["accessDurationSettings"]["duration"], "P2W");

    let b = only_condition(&emu, APP_FULL);
    assert_eq!(
        b["accessScopeSettings"],
        json!({"type": "ENTITLEMENT_BUNDLES", "entitlementBundles": [{"id": BUNDLE_1}]})
    );
    assert_eq!(b["priority"], 3);
    assert_eq!(b["description"], "Entitlement bundles for everyone");
    assert_eq!(b["approvalSequenceId"], SEQ_2);

    let d = only_condition(&emu, APP_DURATION);
    assert_eq!(
        d["accessDurationSettings"]["type"],
        "REQUESTER_SPECIFIED_DURATION"
    );
    assert_eq!(
        d["accessDurationSettings"]["maximumDuration"], "P3D",
        "sent in the OpenAPI form: {d}"
    );
    assert_eq!(d["status"], "ACTIVE");

    // The order of IDs in a set never makes a diff.
    w.write(&hcl.replace(
        &format!("[\"{GROUP_2}\", \"{GROUP_1}\"]"),
        &format!("[\"{GROUP_1}\", \"{GROUP_2}\"]"),
    ));
    w.assert_plan_clean();
}

#[test]
fn updates_in_place_and_replacements() {
    let emu = Emulator::start();
    let w = Workdir::new(&emu);
    let base = |desc: &str, seq: &str, priority: &str, scope: &str, duration: &str, name: &str| {
        format!(
            r#"provider "oig" {{}}

resource "oig_request_condition" "c" {{
  resource_id          = "{APP_FULL}"
  name                 = "{name}"
  {desc}
  approval_sequence_id = "{seq}"
  {priority}
  requester_settings {{
    type = "EVERYONE"
  }}
  {scope}
  {duration}
}}
"#
        )
    };
    let default_scope = "access_scope_settings {\n    type = \"RESOURCE_DEFAULT\"\n  }";
    let group_scope = format!(
        "access_scope_settings {{\n    type = \"GROUPS\"\n    group_ids = [\"{GROUP_1}\"]\n  }}"
    );
    let duration = "access_duration_settings {\n    type = \"ADMIN_FIXED_DURATION\"\n    duration = \"PT12H\"\n  }";
    w.write(&base(
        "description = \"one\"",
        SEQ_1,
        "",
        default_scope,
        duration,
        "c1",
    ));
    w.apply();
    let id = w.state_of("oig_request_condition.c")["id"].clone();

    // Every in-place change keeps the ID and reaches Okta.
    let steps: Vec<(String, Check)> = vec![
        (
            base(
                "description = \"two\"",
                SEQ_1,
                "",
                default_scope,
                duration,
                "c1",
            ),
            Box::new(|c: &Value| assert_eq!(c["description"], "two")),
        ),
        (
            base(
                "description = \"two\"",
                SEQ_2,
                "",
                default_scope,
                duration,
                "c1",
            ),
            Box::new(|c: &Value| assert_eq!(c["approvalSequenceId"], SEQ_2)),
        ),
        (
            base(
                "description = \"two\"",
                SEQ_2,
                "priority = 7",
                default_scope,
                duration,
                "c1",
            ),
            Box::new(|c: &Value| assert_eq!(c["priority"], 7)),
        ),
        (
            base(
                "description = \"two\"",
                SEQ_2,
                "priority = 7",
                &group_scope,
                duration,
                "c1",
            ),
            Box::new(|c: &Value| assert_eq!(c["accessScopeSettings"]["type"], "GROUPS")),
        ),
        (
            base(
                "description = \"two\"",
                SEQ_2,
                "priority = 7",
                &group_scope,
                "",
                "c1",
            ),
            Box::new(|c: &Value| {
                assert!(
                    c.get("accessDurationSettings").is_none_or(Value::is_null),
                    "duration must be cleared: {c}"
                )
            }),
        ),
    ];
    for (hcl, check) in steps {
        w.write(&hcl);
        let out = w.apply();
        assert!(out.contains("0 added, 1 changed, 0 destroyed"), "{out}");
        assert_eq!(
            w.state_of("oig_request_condition.c")["id"],
            id,
            "an in-place update keeps the ID"
        );
        check(&only_condition(&emu, APP_FULL));
        w.assert_plan_clean();
    }

    // Renaming is done in place (the OpenAPI document: "modifiable on update").
    w.write(&base(
        "description = \"two\"",
        SEQ_2,
        "priority = 7",
        &group_scope,
        "",
        "c2",
    ));
    let out = w.apply();
    assert!(out.contains("0 added, 1 changed, 0 destroyed"), "{out}");
    assert_eq!(
        w.state_of("oig_request_condition.c")["id"],
        id,
        "a rename keeps the ID"
    );
    assert_eq!(only_condition(&emu, APP_FULL)["name"], "c2");
    w.assert_plan_clean();
    // Removing the description replaces the condition.
    w.write(&base("", SEQ_2, "priority = 7", &group_scope, "", "c2"));
    let plan = w.ok(&["plan", "-no-color"]);
    assert!(
        plan.contains("description") && plan.contains("forces replacement"),
        "{plan}"
    );
    w.apply();
    assert!(only_condition(&emu, APP_FULL)
        .get("description")
        .is_none_or(Value::is_null));
    w.assert_plan_clean();

    // Moving to another resource replaces too.
    let moved = base("", SEQ_2, "priority = 7", &group_scope, "", "c2").replace(APP_FULL, APP_GROUPS_ONLY).replace(
        "requester_settings {\n    type = \"EVERYONE\"\n  }",
        &format!("requester_settings {{\n    type = \"GROUPS\"\n    group_ids = [\"{GROUP_2}\"]\n  }}"),
    );
    w.write(&moved);
    let out = w.apply();
    assert!(out.contains("1 added, 0 changed, 1 destroyed"), "{out}");
    assert!(conditions(&emu, APP_FULL).is_empty());
    assert_eq!(conditions(&emu, APP_GROUPS_ONLY).len(), 1);
    w.assert_plan_clean();
}

#[test]
fn drift_is_detected_and_healed() {
    let emu = Emulator::start();
    let mut w = Workdir::new(&emu);
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
    let emu = Emulator::start();
    let mut w = Workdir::new(&emu);
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
    let (st, created) = emu.api(
        "POST",
        &format!("/governance/api/v2/resources/{APP_FULL}/request-conditions"),
        Some(body),
    );
    assert_eq!(st, 201, "{created}");
    let id = created["id"].as_str().unwrap_or_default().to_string();
    let (st, _) = emu.api(
        "POST",
        &format!("/governance/api/v2/resources/{APP_FULL}/request-conditions/{id}/activate"),
        None,
    );
    assert_eq!(st, 200);

    // An import block plus -generate-config-out writes configuration that plans clean.
    let w = Workdir::new(&emu);
    w.write(&format!(
        "provider \"oig\" {{}}\n\nimport {{\n  to = oig_request_condition.imported\n  id = \"{APP_FULL}/{id}\"\n}}\n"
    ));
    w.ok(&["plan", "-no-color", "-generate-config-out=generated.tf"]);
    let generated = std::fs::read_to_string(w.path().join("generated.tf")).unwrap_or_default();
    assert!(
        generated.contains("made by hand") && generated.contains("P5D"),
        "{generated}"
    );
    let out = w.apply();
    assert!(
        out.contains("1 imported, 0 added, 0 changed, 0 destroyed"),
        "{out}"
    );
    w.assert_plan_clean();
    let s = w.state_of("oig_request_condition.imported");
    assert_eq!(s["status"], "ACTIVE");
    assert_eq!(s["access_duration_settings"][0]["duration"], "P5D");

    // terraform import with a malformed ID says what the ID looks like.
    let w2 = Workdir::new(&emu);
    w2.write(&format!(
        "provider \"oig\" {{}}\n{}",
        condition_hcl("x", &everyone(APP_FULL, "x", ""))
    ));
    let out = w2.fails(&[
        "import",
        "-no-color",
        "oig_request_condition.x",
        "just-an-id",
    ]);
    assert!(
        flat(&out).contains("<resource_id>/<request_condition_id>"),
        "{out}"
    );
}

#[test]
fn data_sources_in_a_module() {
    let emu = Emulator::start();
    let w = Workdir::new(&emu);
    w.write_module(
        "lookup",
        r#"variable "resource_id" {
  type = string
}

variable "condition_id" {
  type = string
}

data "oig_request_conditions" "active" {
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
        emu.clear_log();
        let out = w.fails(&["plan", "-no-color", "-input=false"]);
        assert!(
            flat(&out).contains(expected),
            "expected {expected:?} in:\n{out}"
        );
        assert!(
            out.contains("on main.tf line"),
            "the error points at the configuration:\n{out}"
        );
        let writes = emu.writes().len();
        assert_eq!(writes, 0, "no API write for invalid configuration");
    }
}

#[test]
fn teams_requester_settings() {
    let seed = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let fixtures = json!({
        "resources": [{"id": "0oateams000000000001", "requestSettings": {
            "validAccessScopeSettings": [{"type": "RESOURCE_DEFAULT"}],
            "validRequesterSettings": [{"type": "TEAMS"}],
            "validAccessDurationSettings": {"required": false, "supportedTypes": []}
        }}],
        "approvalSequences": [SEQ_1],
        "users": ["00uemu00000000000001"],
        "teams": ["team0000000000000001", "team0000000000000002"]
    });
    let path = seed.path().join("fixtures.json");
    std::fs::write(&path, fixtures.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let emu = Emulator::start_with(&["--fixtures", &path.display().to_string()]);
    let w = Workdir::new(&emu);
    let hcl = |teams: &str| {
        format!(
            "provider \"oig\" {{}}\n{}",
            condition_hcl(
                "t",
                &everyone("0oateams000000000001", "teams", "").replace(
                    "type = \"EVERYONE\"",
                    &format!("type     = \"TEAMS\"\n    team_ids = [{teams}]")
                )
            )
        )
    };
    w.write(&hcl("\"team0000000000000001\""));
    w.apply();
    let c = only_condition(&emu, "0oateams000000000001");
    assert_eq!(
        c["requesterSettings"],
        json!({"type": "TEAMS", "teams": [{"id": "team0000000000000001"}]})
    );
    w.assert_plan_clean();
    w.write(&hcl("\"team0000000000000002\", \"team0000000000000001\""));
    let out = w.apply();
    assert!(out.contains("0 added, 1 changed, 0 destroyed"), "{out}");
    let c = only_condition(&emu, "0oateams000000000001");
    assert_eq!(
        c["requesterSettings"]["teams"].as_array().map(Vec::len),
        Some(2)
    );
    w.assert_plan_clean();
}
