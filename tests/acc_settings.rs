//! Acceptance tests of request settings: `oig_resource_request_settings`,
//! `oig_org_request_settings`, their data sources, and plan-time checks of request conditions
//! against their resource's settings — real Terraform CLI against the emulator. The plan-time
//! checks of conditions against their resource's settings are in `acc_settings_conditions.rs`.

mod common;

use common::conditions::{APP_DURATION, APP_FULL, APP_GROUPS_ONLY, SEQ_1, SEQ_2};
use common::settings::{patch_settings, settings, settings_hcl, without_risk_settings, SEEDED_APP};
use common::{assert_contains_all, flat, Emulator, Workdir};
use serde_json::{json, Value};
#[test]
fn adopt_update_and_destroy_restores_the_prior_settings() {
    let emu = Emulator::start();
    let before = settings(&emu, APP_FULL);
    assert_eq!(
        before["riskSettings"]["defaultSetting"]["requestSubmissionType"],
        "RESTRICTED"
    );
    assert!(before.get("requestOnBehalfOfSettings").is_none());

    let w = Workdir::new(&emu);
    w.write(&settings_hcl(
        APP_FULL,
        &format!(
            r#"  request_on_behalf_of_settings {{
    allowed  = true
    only_for = ["DIRECT_REPORT"]
  }}
  risk_settings {{
    default_setting {{
      request_submission_type = "ALLOWED_WITH_OVERRIDES"
      approval_sequence_id    = "{SEQ_2}"
      access_duration_settings {{
        type     = "REQUESTER_SPECIFIED_DURATION"
        duration = "P2D"
      }}
    }}
  }}"#
        ),
    ));
    let out = w.apply();
    assert!(out.contains("1 added"), "no import needed: {out}");
    let now = settings(&emu, APP_FULL);
    assert_eq!(
        now["requestOnBehalfOfSettings"],
        json!({"allowed": true, "onlyFor": ["DIRECT_REPORT"]})
    );
    assert_eq!(
        now["riskSettings"]["defaultSetting"],
        json!({"requestSubmissionType": "ALLOWED_WITH_OVERRIDES", "approvalSequenceId": SEQ_2,
               "accessDurationSettings": {"type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "P2D"}})
    );
    let values = w.state_of("oig_resource_request_settings.s");
    assert_eq!(
        values["valid_requester_settings"],
        json!([{"type": "EVERYONE"}, {"type": "GROUPS"}])
    );
    assert_eq!(values["valid_access_duration_settings"]["maximum_days"], 90);
    w.assert_plan_clean();

    // Each submission type in turn, and request on behalf of anyone.
    for (t, extra) in [("ALLOWED_WITH_NO_OVERRIDES", ""), ("RESTRICTED", "")] {
        w.write(&settings_hcl(
            APP_FULL,
            &format!(
                "  request_on_behalf_of_settings {{\n    allowed = true\n  }}\n  risk_settings {{\n    default_setting {{\n      request_submission_type = \"{t}\"{extra}\n    }}\n  }}"
            ),
        ));
        let out = w.apply();
        assert!(out.contains("0 added, 1 changed, 0 destroyed"), "{out}");
        let now = settings(&emu, APP_FULL);
        assert_eq!(
            now["riskSettings"]["defaultSetting"],
            json!({"requestSubmissionType": t})
        );
        assert_eq!(now["requestOnBehalfOfSettings"], json!({"allowed": true}));
        w.assert_plan_clean();
    }

    // allowed = false turns request on behalf of off.
    w.write(&settings_hcl(
        APP_FULL,
        "  request_on_behalf_of_settings {\n    allowed = false\n  }",
    ));
    w.apply();
    assert!(settings(&emu, APP_FULL)
        .get("requestOnBehalfOfSettings")
        .is_none());
    assert_eq!(
        settings(&emu, APP_FULL)["riskSettings"]["defaultSetting"]["requestSubmissionType"],
        "RESTRICTED",
        "a removed block goes back to what it was before adoption (acc_honest_plans tests the plan's warning)"
    );
    w.assert_plan_clean();

    // Destroy puts back what was there before Terraform adopted the settings.
    w.write(&settings_hcl(
        APP_FULL,
        "  request_on_behalf_of_settings {\n    allowed = true\n  }\n  risk_settings {\n    default_setting {\n      request_submission_type = \"ALLOWED_WITH_NO_OVERRIDES\"\n    }\n  }",
    ));
    w.apply();
    w.ok(&["destroy", "-auto-approve", "-no-color"]);
    let after = settings(&emu, APP_FULL);
    assert_eq!(after["riskSettings"], before["riskSettings"]);
    assert!(after.get("requestOnBehalfOfSettings").is_none(), "{after}");
}

#[test]
fn risk_settings_that_cannot_be_removed_stay_with_a_warning() {
    // No demo app supports risk settings without having some, so seed one that has none.
    let emu = Emulator::with_fixtures(&without_risk_settings(), &[]);
    let w = Workdir::new(&emu);
    w.write(&settings_hcl(
        SEEDED_APP,
        "  risk_settings {\n    default_setting {\n      request_submission_type = \"RESTRICTED\"\n    }\n  }",
    ));
    w.apply();
    assert_eq!(
        settings(&emu, SEEDED_APP)["riskSettings"]["defaultSetting"]["requestSubmissionType"],
        "RESTRICTED"
    );
    let out = w.ok(&["destroy", "-auto-approve", "-no-color"]);
    assert!(
        flat(&out).contains(&format!(
            "Risk settings of resource {SEEDED_APP} left in place"
        )),
        "{out}"
    );
    assert!(flat(&out).contains("cannot remove risk settings"), "{out}");
}

#[test]
fn invalid_settings_are_rejected_at_plan_time_without_api_writes() {
    let emu = Emulator::start();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            APP_FULL,
            format!("  risk_settings {{\n    default_setting {{\n      request_submission_type = \"RESTRICTED\"\n      approval_sequence_id = \"{SEQ_1}\"\n    }}\n  }}"),
            "risk_settings.default_setting.approval_sequence_id is only allowed when request_submission_type is \"ALLOWED_WITH_OVERRIDES\"; it is \"RESTRICTED\"",
        ),
        (
            APP_FULL,
            "  risk_settings {\n    default_setting {\n      request_submission_type = \"ALLOWED_WITH_OVERRIDES\"\n    }\n  }".into(),
            "risk_settings.default_setting.approval_sequence_id is required when request_submission_type is \"ALLOWED_WITH_OVERRIDES\"",
        ),
        (
            APP_FULL,
            "  risk_settings {\n    default_setting {\n      request_submission_type = \"MAYBE\"\n    }\n  }".into(),
            "risk_settings.default_setting.request_submission_type must be one of \"RESTRICTED\", \"ALLOWED_WITH_OVERRIDES\" or \"ALLOWED_WITH_NO_OVERRIDES\"",
        ),
        (APP_FULL, "  risk_settings {\n  }".into(), "risk_settings must contain a default_setting block"),
        (
            APP_FULL,
            "  request_on_behalf_of_settings {\n    allowed = false\n    only_for = [\"DIRECT_REPORT\"]\n  }".into(),
            "request_on_behalf_of_settings.only_for is only allowed when request_on_behalf_of_settings.allowed is true",
        ),
        (
            APP_FULL,
            "  request_on_behalf_of_settings {\n    allowed = true\n    only_for = [\"MANAGER\"]\n  }".into(),
            "request_on_behalf_of_settings.only_for must be one of \"DIRECT_REPORT\"; got \"MANAGER\"",
        ),
        (
            APP_GROUPS_ONLY,
            "  risk_settings {\n    default_setting {\n      request_submission_type = \"RESTRICTED\"\n    }\n  }".into(),
            "risk_settings cannot be set for resource 0oaemugroups00000002",
        ),
        (
            APP_FULL,
            format!("  risk_settings {{\n    default_setting {{\n      request_submission_type = \"ALLOWED_WITH_OVERRIDES\"\n      approval_sequence_id = \"{SEQ_1}\"\n      access_duration_settings {{\n        type = \"ADMIN_FIXED_DURATION\"\n        duration = \"P100D\"\n      }}\n    }}\n  }}"),
            "at most 72 hours (\"PT72H\"), 90 days (\"P90D\") or 12 weeks (\"P12W\")",
        ),
    ];
    for (resource, blocks, expected) in cases {
        let w = Workdir::new(&emu);
        w.write(&settings_hcl(resource, &blocks));
        w.plan_rejects(&emu, expected);
    }
}

#[test]
fn org_settings_adopt_and_wait_for_provisioning() {
    let emu = Emulator::start_with(&["--provisioning-delay-ms", "1500"]);
    let w = Workdir::new(&emu);
    w.write("provider \"oig\" {}\n\nresource \"oig_org_request_settings\" \"org\" {\n  subprocessors_acknowledged = true\n  wait_for_provisioning      = true\n  provisioning_timeout       = \"30s\"\n}\n\noutput \"status\" {\n  value = oig_org_request_settings.org.provisioning_status\n}\n");
    let started = std::time::Instant::now();
    w.apply();
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(1400),
        "the apply waited for provisioning"
    );
    assert_eq!(w.output_json()["status"]["value"], "PROVISIONED");
    let (_, org) = emu.api("GET", "/governance/api/v2/request-settings", None);
    assert_eq!(org["provisioningStatus"], "PROVISIONED");
    assert_eq!(org["subprocessorsAcknowledged"], true);
    w.assert_plan_clean();
    let out = w.ok(&["destroy", "-auto-approve", "-no-color"]);
    assert!(
        flat(&out).contains("Org request settings left in place"),
        "{out}"
    );
    let (_, org) = emu.api("GET", "/governance/api/v2/request-settings", None);
    assert_eq!(
        org["subprocessorsAcknowledged"], true,
        "destroy leaves Okta unchanged"
    );
}

#[test]
fn org_provisioning_failure_and_timeout_are_errors() {
    let emu = Emulator::start_with(&["--provisioning-delay-ms", "500"]);
    emu.control(
        "POST",
        "provisioning",
        Some(json!({"outcome": "PROVISIONING_FAILED", "delayMs": 500})),
    );
    let w = Workdir::new(&emu);
    let hcl = |timeout: &str| {
        format!("provider \"oig\" {{}}\n\nresource \"oig_org_request_settings\" \"org\" {{\n  subprocessors_acknowledged = true\n  wait_for_provisioning      = true\n  provisioning_timeout       = \"{timeout}\"\n}}\n")
    };
    w.write(&hcl("30s"));
    let out = w.fails(&["apply", "-auto-approve", "-no-color"]);
    assert!(
        flat(&out).contains("Access Requests provisioning failed"),
        "{out}"
    );
    assert_eq!(
        w.state_of("oig_org_request_settings.org")["provisioning_status"],
        "PROVISIONING_FAILED",
        "the state records what Okta reports"
    );

    let emu2 = Emulator::start_with(&["--provisioning-delay-ms", "600000"]);
    let w2 = Workdir::new(&emu2);
    w2.write(&hcl("2s"));
    let started = std::time::Instant::now();
    let out = w2.fails(&["apply", "-auto-approve", "-no-color"]);
    assert_contains_all(
        &flat(&out),
        &[
            "Timed out waiting for Access Requests provisioning",
            "still NOT_PROVISIONED after 2s",
        ],
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

#[test]
fn import_settings_and_plan_clean() {
    let emu = Emulator::start();
    patch_settings(
        &emu,
        APP_FULL,
        json!({"requestOnBehalfOfSettings": {"allowed": true, "onlyFor": ["DIRECT_REPORT"]}}),
    );
    let w = Workdir::new(&emu);
    w.import_with_generated_config(
        &format!(
            "provider \"oig\" {{}}\n\nimport {{\n  to = oig_resource_request_settings.app\n  id = \"{APP_FULL}\"\n}}\n\nimport {{\n  to = oig_org_request_settings.org\n  id = \"org\"\n}}\n"
        ),
        &["DIRECT_REPORT", "RESTRICTED"],
        2,
    );

    let bad = Workdir::new(&emu);
    bad.write(&settings_hcl(APP_FULL, ""));
    bad.import_fails(
        "oig_resource_request_settings.s",
        "a/b",
        "imported by the resource ID alone",
    );
}

#[test]
fn settings_data_sources_in_a_module() {
    let (_emu, w) = Workdir::with_emulator();
    w.write_module(
        "settings",
        &["resource_id"],
        r#"data "oig_resource_request_settings" "this" {
  resource_id = var.resource_id
}

data "oig_org_request_settings" "org" {}

output "requester_types" {
  value = [for s in data.oig_resource_request_settings.this.valid_requester_settings : s.type]
}

output "max_days" {
  value = data.oig_resource_request_settings.this.valid_access_duration_settings.maximum_days
}

output "risk" {
  value = data.oig_resource_request_settings.this.risk_settings
}

output "on_behalf_types" {
  value = [for s in data.oig_resource_request_settings.this.valid_request_on_behalf_of_settings : s.type]
}

output "org_status" {
  value = data.oig_org_request_settings.org.provisioning_status
}
"#,
    );
    w.write(&format!(
        "provider \"oig\" {{}}\n\nmodule \"duration\" {{\n  source      = \"./modules/settings\"\n  resource_id = \"{APP_DURATION}\"\n}}\n\nmodule \"full\" {{\n  source      = \"./modules/settings\"\n  resource_id = \"{APP_FULL}\"\n}}\n\noutput \"duration\" {{\n  value = module.duration\n}}\n\noutput \"full\" {{\n  value = module.full\n}}\n"
    ));
    w.ok(&["init", "-no-color", "-input=false"]);
    w.apply();
    let out = w.output_json();
    let d = &out["duration"]["value"];
    assert_eq!(d["requester_types"], json!(["EVERYONE", "GROUPS"]));
    assert_eq!(d["max_days"], 30);
    assert_eq!(d["risk"], Value::Null);
    assert_eq!(d["org_status"], "NOT_PROVISIONED");
    let f = &out["full"]["value"];
    assert_eq!(
        f["risk"]["default_setting"]["request_submission_type"],
        "RESTRICTED"
    );
    // Sorted: Okta's order changes from call to call.
    assert_eq!(f["on_behalf_types"], json!(["DIRECT_REPORT", "EVERYONE"]));
    w.assert_plan_clean();
}
