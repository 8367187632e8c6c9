//! Acceptance tests of `oig_request_condition` and its data sources: the real Terraform CLI
//! against a spawned oig-emulator, asserting Terraform's state and the emulator's: create,
//! every settings type, updates and replacements. Drift, import, data sources and plan-time
//! errors are in `acc_request_condition_state.rs`.

mod common;

use common::conditions::*;
use common::{Emulator, Workdir};
use serde_json::{json, Value};

#[test]
fn create_inactive_and_active_then_flip_and_destroy() {
    let (emu, w) = Workdir::with_emulator();
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
    let (emu, w) = Workdir::with_emulator();
    let hcl = format!(
        r#"provider "oig" {{}}

resource "oig_request_condition" "groups" {{
  resource_id          = "{APP_GROUPS_ONLY}"
  name                 = "groups to groups, fixed 2 weeks"
  approval_sequence_id = "{SEQ_1}"
{}
{}
{}
}}

resource "oig_request_condition" "bundles" {{
  resource_id          = "{APP_FULL}"
  name                 = "bundles"
  description          = "Entitlement bundles for everyone"
  approval_sequence_id = "{SEQ_2}"
  priority             = 3
{}
{}
}}

resource "oig_request_condition" "requester_duration" {{
  resource_id          = "{APP_DURATION}"
  name                 = "requester picks up to 3 days"
  approval_sequence_id = "{SEQ_1}"
  status               = "ACTIVE"
{}
{}
{}
}}
"#,
        requester("GROUPS", &[GROUP_2, GROUP_1]),
        scope("GROUPS", &[GROUP_1]),
        duration("ADMIN_FIXED_DURATION", "P2W"),
        requester("EVERYONE", &[]),
        scope("ENTITLEMENT_BUNDLES", &[BUNDLE_1]),
        requester("EVERYONE", &[]),
        scope("RESOURCE_DEFAULT", &[]),
        duration("REQUESTER_SPECIFIED_DURATION", "P3D"),
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
    /// The condition's configurable parts, as HCL lines (empty: not set).
    #[derive(Clone, Copy)]
    struct Condition<'a> {
        desc: &'a str,
        seq: &'a str,
        priority: &'a str,
        scope: &'a str,
        duration: &'a str,
        name: &'a str,
    }
    impl Condition<'_> {
        fn hcl(&self) -> String {
            let Condition {
                desc,
                seq,
                priority,
                scope,
                duration,
                name,
            } = self;
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
        }
    }

    let (emu, w) = Workdir::with_emulator();
    let group_scope = format!(
        "access_scope_settings {{\n    type = \"GROUPS\"\n    group_ids = [\"{GROUP_1}\"]\n  }}"
    );
    let first = Condition {
        desc: "description = \"one\"",
        seq: SEQ_1,
        priority: "",
        scope: "access_scope_settings {\n    type = \"RESOURCE_DEFAULT\"\n  }",
        duration: "access_duration_settings {\n    type = \"ADMIN_FIXED_DURATION\"\n    duration = \"PT12H\"\n  }",
        name: "c1",
    };
    w.write(&first.hcl());
    w.apply();
    let id = w.state_of("oig_request_condition.c")["id"].clone();

    // Every in-place change keeps the ID and reaches Okta. Each step changes one part of the
    // step before; the value it sets must show at a JSON pointer into Okta's condition (null:
    // absent).
    let description = Condition {
        desc: "description = \"two\"",
        ..first
    };
    let sequence = Condition {
        seq: SEQ_2,
        ..description
    };
    let priority = Condition {
        priority: "priority = 7",
        ..sequence
    };
    let scope = Condition {
        scope: &group_scope,
        ..priority
    };
    let no_duration = Condition {
        duration: "",
        ..scope
    };
    // Renaming is done in place too (the OpenAPI document: "modifiable on update").
    let renamed = Condition {
        name: "c2",
        ..no_duration
    };
    let steps = [
        ("description", description, "/description", json!("two")),
        (
            "approval sequence",
            sequence,
            "/approvalSequenceId",
            json!(SEQ_2),
        ),
        ("priority", priority, "/priority", json!(7)),
        ("scope", scope, "/accessScopeSettings/type", json!("GROUPS")),
        (
            "duration removed",
            no_duration,
            "/accessDurationSettings",
            Value::Null,
        ),
        ("rename", renamed, "/name", json!("c2")),
    ];
    for (what, condition, pointer, expected) in steps {
        w.write(&condition.hcl());
        let out = w.apply();
        assert!(
            out.contains("0 added, 1 changed, 0 destroyed"),
            "{what}: {out}"
        );
        assert_eq!(
            w.state_of("oig_request_condition.c")["id"],
            id,
            "{what}: an in-place update keeps the ID"
        );
        let c = only_condition(&emu, APP_FULL);
        assert_eq!(
            c.pointer(pointer).unwrap_or(&Value::Null),
            &expected,
            "{what}: {pointer} in {c}"
        );
        w.assert_plan_clean_for(what);
    }
    // Removing the description changes nothing: Okta cannot clear one, so it stays, no longer
    // managed (acc_honest_plans tests this in full).
    let undescribed = Condition {
        desc: "",
        ..renamed
    };
    w.write(&undescribed.hcl());
    w.assert_plan_clean_for("removing the description");
    assert_eq!(only_condition(&emu, APP_FULL)["description"], "two");

    // Moving to another resource replaces too.
    let groups_requester = format!(
        "requester_settings {{\n    type = \"GROUPS\"\n    group_ids = [\"{GROUP_2}\"]\n  }}"
    );
    let moved = undescribed
        .hcl()
        .replace(APP_FULL, APP_GROUPS_ONLY)
        .replace(
            "requester_settings {\n    type = \"EVERYONE\"\n  }",
            &groups_requester,
        );
    w.write(&moved);
    let out = w.apply();
    assert!(out.contains("1 added, 0 changed, 1 destroyed"), "{out}");
    assert!(conditions(&emu, APP_FULL).is_empty());
    assert_eq!(conditions(&emu, APP_GROUPS_ONLY).len(), 1);
    w.assert_plan_clean();
}

#[test]
fn teams_requester_settings() {
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
    let emu = Emulator::with_fixtures(&fixtures, &[]);
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
