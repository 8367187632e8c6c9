//! Acceptance tests of the plan-time checks of request conditions against their resource's
//! request settings, and the API as the backstop when the settings cannot be read — real
//! Terraform CLI against the emulator.

mod common;

use common::conditions::{listed, APP_DURATION, APP_FULL, APP_GROUPS_ONLY, SEQ_1};
use common::{flat, Emulator, Workdir};
use serde_json::{json, Value};
fn condition(resource: &str, requester: &str, duration: &str) -> String {
    format!(
        r#"resource "oig_request_condition" "c" {{
  resource_id          = {resource}
  name                 = "checked at plan"
  approval_sequence_id = "{SEQ_1}"
  requester_settings {{
    {requester}
  }}
  access_scope_settings {{
    type = "RESOURCE_DEFAULT"
  }}
  {duration}
}}
"#
    )
}

#[test]
fn conditions_that_violate_resource_settings_fail_at_plan() {
    let emu = Emulator::start();
    let cases: Vec<(String, &str)> = vec![
        (
            condition(&format!("\"{APP_GROUPS_ONLY}\""), "type = \"EVERYONE\"", ""),
            "requester_settings.type \"EVERYONE\" is not allowed for resource 0oaemugroups00000002: it allows \"GROUPS\"",
        ),
        (
            condition(&format!("\"{APP_GROUPS_ONLY}\""), "type = \"GROUPS\"\n    group_ids = [\"00gemu00000000000001\"]", ""),
            "access_scope_settings.type \"RESOURCE_DEFAULT\" is not allowed for resource 0oaemugroups00000002: it allows \"GROUPS\"",
        ),
        (
            condition(&format!("\"{APP_DURATION}\""), "type = \"EVERYONE\"", ""),
            "access_duration_settings is required for resource 0oaemuduration000003: add the block with type \"REQUESTER_SPECIFIED_DURATION\"",
        ),
        (
            condition(
                &format!("\"{APP_DURATION}\""),
                "type = \"EVERYONE\"",
                "access_duration_settings {\n    type = \"ADMIN_FIXED_DURATION\"\n    duration = \"P2D\"\n  }",
            ),
            "access_duration_settings.type \"ADMIN_FIXED_DURATION\" is not allowed for resource 0oaemuduration000003: it allows \"REQUESTER_SPECIFIED_DURATION\"",
        ),
        (
            condition(
                &format!("\"{APP_DURATION}\""),
                "type = \"EVERYONE\"",
                "access_duration_settings {\n    type = \"REQUESTER_SPECIFIED_DURATION\"\n    duration = \"P45D\"\n  }",
            ),
            "at most 72 hours (\"PT72H\"), 30 days (\"P30D\") or 4 weeks (\"P4W\") (the limit of resource 0oaemuduration000003)",
        ),
        (condition("\"0oadoesnotexist00001\"", "type = \"EVERYONE\"", ""), "Resource 0oadoesnotexist00001 not found"),
    ];
    for (hcl, expected) in cases {
        let w = Workdir::new(&emu);
        w.write(&format!("provider \"oig\" {{}}\n{hcl}"));
        w.plan_error_in_config(&emu, expected);
    }

    // Settings are read once per resource per run, however many conditions use them.
    let w = Workdir::new(&emu);
    let many: String = (0..5)
        .map(|i| {
            condition(&format!("\"{APP_FULL}\""), "type = \"EVERYONE\"", "")
                .replace("\"c\"", &format!("\"c{i}\""))
                .replace("checked at plan", &format!("checked {i}"))
        })
        .collect();
    w.write(&format!("provider \"oig\" {{}}\n{many}"));
    emu.clear_log();
    w.ok(&["plan", "-no-color", "-input=false"]);
    let reads = emu
        .log()
        .iter()
        .filter(|e| {
            e["path"]
                .as_str()
                .is_some_and(|p| p.ends_with("/request-settings"))
        })
        .count();
    assert_eq!(
        reads, 1,
        "one settings read for five conditions of one resource"
    );
}

#[test]
fn a_condition_whose_resource_is_unknown_at_plan_plans_without_a_false_error() {
    let (emu, w) = Workdir::with_emulator();
    w.write(&format!(
        "provider \"oig\" {{}}\n\nresource \"terraform_data\" \"app\" {{\n  input = \"{APP_GROUPS_ONLY}\"\n}}\n\n{}",
        condition("terraform_data.app.output", "type = \"EVERYONE\"", "")
    ));
    let plan = w.ok(&["plan", "-no-color", "-input=false"]);
    assert!(plan.contains("2 to add"), "{plan}");
    // Once the ID is known (during apply) the same check runs before anything is written.
    let out = w.fails(&["apply", "-auto-approve", "-no-color", "-input=false"]);
    assert!(
        flat(&out).contains(
            "requester_settings.type \"EVERYONE\" is not allowed for resource 0oaemugroups00000002"
        ),
        "{out}"
    );
    assert_eq!(listed(&emu, APP_GROUPS_ONLY), Vec::<Value>::new());
}

#[test]
fn when_settings_cannot_be_read_the_api_is_the_backstop() {
    let (emu, mut w) = Workdir::with_emulator();
    w.env("OKTA_MAX_RETRIES", "0");
    emu.fault(json!({"method": "GET", "pathPrefix": format!("/governance/api/v2/resources/{APP_GROUPS_ONLY}/request-settings"), "status": 500, "count": 100}));
    w.write(&format!(
        "provider \"oig\" {{}}\n{}",
        condition(&format!("\"{APP_GROUPS_ONLY}\""), "type = \"EVERYONE\"", "")
    ));
    let plan = w.ok(&["plan", "-no-color", "-input=false"]);
    assert!(plan.contains("1 to add"), "no false error at plan: {plan}");
    let out = w.fails(&["apply", "-auto-approve", "-no-color", "-input=false"]);
    assert!(flat(&out).contains("Unable to create request condition \"checked at plan\" of resource 0oaemugroups00000002"), "{out}");
    assert!(
        flat(&out).contains("Okta answered HTTP 400 E0000001"),
        "{out}"
    );
    assert_eq!(listed(&emu, APP_GROUPS_ONLY), Vec::<Value>::new());
}
