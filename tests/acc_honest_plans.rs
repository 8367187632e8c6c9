//! Plans that say what the apply will do (issue 15, item 4), and okta/okta-shaped
//! configurations told which attribute to use — real Terraform CLI against the emulator.
//!
//! - Removing a settings block restores what Okta had before Terraform adopted the settings,
//!   and the plan's warning says which value that is; the apply then leaves Okta there and the
//!   next plan is clean.
//! - Removing `description` of a condition plans no change (Okta's API cannot clear one): Okta
//!   and the state keep it, nothing is replaced.
//! - `create_before_destroy` on a condition whose `resource_id` changes creates the new
//!   condition in the other resource first (names are unique per resource, so no collision).

mod common;

use common::conditions::{
    condition_hcl, conditions, everyone, only_condition, APP_DURATION, APP_FULL,
};
use common::settings::{settings, settings_hcl, without_risk_settings, SEEDED_APP};
use common::{assert_contains_all, flat, Emulator, Workdir};
use serde_json::json;

fn app_settings_hcl(blocks: &str) -> String {
    settings_hcl(APP_FULL, blocks)
}

const ON_BEHALF: &str =
    "  request_on_behalf_of_settings {\n    allowed  = true\n    only_for = [\"DIRECT_REPORT\"]\n  }\n";
const RISK: &str = "  risk_settings {\n    default_setting {\n      request_submission_type = \"ALLOWED_WITH_NO_OVERRIDES\"\n    }\n  }\n";

/// Plans (it must succeed) and panics unless the output, whitespace folded, says each of
/// `expected`; returns that output.
fn plan_says(w: &Workdir, expected: &[&str]) -> String {
    let out = w.ok(&["plan", "-no-color", "-input=false"]);
    eprintln!("--- plan ---\n{out}");
    let out = flat(&out);
    assert_contains_all(&out, expected);
    out
}

#[test]
fn removing_a_settings_block_restores_the_adopted_value_as_the_plan_says() {
    let emu = Emulator::start();
    let before = settings(&emu, APP_FULL);
    assert!(
        before.get("requestOnBehalfOfSettings").is_none(),
        "{before}"
    );
    assert_eq!(
        before["riskSettings"]["defaultSetting"],
        json!({"requestSubmissionType": "RESTRICTED"})
    );
    let w = Workdir::new(&emu);
    w.write(&app_settings_hcl(&format!("{ON_BEHALF}{RISK}")));
    w.apply();
    assert_eq!(
        settings(&emu, APP_FULL)["requestOnBehalfOfSettings"],
        json!({"allowed": true, "onlyFor": ["DIRECT_REPORT"]})
    );

    // request_on_behalf_of_settings dropped: the plan shows it leaving and says that Okta goes
    // back to what it had before adoption (none: request on behalf of off).
    w.write(&app_settings_hcl(RISK));
    let out = plan_says(
        &w,
        &[
            "1 to change",
            "request_on_behalf_of_settings removed from the configuration",
            "none, so request on behalf of is turned off (allowed = false)",
        ],
    );
    assert!(!out.contains("risk_settings removed"), "{out}");
    w.apply();
    let now = settings(&emu, APP_FULL);
    assert!(
        now.get("requestOnBehalfOfSettings").is_none(),
        "Okta holds what the plan said: {now}"
    );
    assert_eq!(
        now["riskSettings"]["defaultSetting"]["requestSubmissionType"], "ALLOWED_WITH_NO_OVERRIDES",
        "the block still in the configuration is untouched"
    );
    w.assert_plan_clean_for("after removing request_on_behalf_of_settings");
    assert_eq!(
        w.state_of("oig_resource_request_settings.s")["request_on_behalf_of_settings"],
        json!([])
    );

    // risk_settings dropped: back to RESTRICTED, the value before adoption.
    w.write(&app_settings_hcl(""));
    plan_says(
        &w,
        &[
            "risk_settings removed from the configuration",
            "restores the risk settings resource 0oaemufull0000000001 had before Terraform adopted them: request_submission_type = \"RESTRICTED\"",
        ],
    );
    w.apply();
    assert_eq!(
        settings(&emu, APP_FULL)["riskSettings"],
        before["riskSettings"]
    );
    w.assert_plan_clean_for("after removing risk_settings");

    // A block added again is managed again; destroy still restores.
    w.write(&app_settings_hcl(ON_BEHALF));
    w.apply();
    w.assert_plan_clean();
    w.ok(&["destroy", "-auto-approve", "-no-color"]);
    assert!(settings(&emu, APP_FULL)
        .get("requestOnBehalfOfSettings")
        .is_none());
}

#[test]
fn removing_risk_settings_that_okta_cannot_remove_keeps_them_and_says_so() {
    let emu = Emulator::with_fixtures(&without_risk_settings(), &[]);
    let w = Workdir::new(&emu);
    let hcl = |blocks: &str| settings_hcl(SEEDED_APP, blocks);
    w.write(&hcl(RISK));
    w.apply();
    w.write(&hcl(""));
    plan_says(
        &w,
        &[
            "risk_settings removed from the configuration",
            "Okta's API cannot remove risk settings and the resource had none before Terraform adopted them, so the apply leaves them as they are (request_submission_type = \"ALLOWED_WITH_NO_OVERRIDES\")",
        ],
    );
    w.apply();
    assert_eq!(
        settings(&emu, SEEDED_APP)["riskSettings"]["defaultSetting"]["requestSubmissionType"],
        "ALLOWED_WITH_NO_OVERRIDES",
        "Okta holds what the plan said"
    );
    w.assert_plan_clean();
}

fn condition(resource: &str, extra: &str, lifecycle: &str) -> String {
    format!(
        "provider \"oig\" {{}}\n\n{}",
        condition_hcl(
            "c",
            &format!(
                "{}{lifecycle}",
                everyone(resource, "Managers approve", extra)
            )
        )
    )
}

#[test]
fn removing_a_description_keeps_it_without_replacing_the_condition() {
    let (emu, w) = Workdir::with_emulator();
    w.write(&condition(
        APP_FULL,
        "  description          = \"Ask your manager\"",
        "",
    ));
    w.apply();
    let id = w.state_of("oig_request_condition.c")["id"].clone();

    w.write(&condition(APP_FULL, "", ""));
    let out = w.run(&["plan", "-no-color", "-input=false", "-detailed-exitcode"]);
    let text = common::combined(&out);
    eprintln!("--- plan without description ---\n{text}");
    assert_eq!(out.status.code(), Some(0), "no change planned: {text}");
    assert!(!text.contains("must be replaced"), "{text}");
    w.apply();
    let c = only_condition(&emu, APP_FULL);
    assert_eq!(c["description"], "Ask your manager", "Okta keeps it");
    assert_eq!(c["id"], id, "not replaced");
    let state = w.state_of("oig_request_condition.c");
    assert_eq!(
        state["description"], "Ask your manager",
        "state shows what Okta has"
    );

    // Other changes still update in place and leave the description alone.
    w.write(&condition(APP_FULL, "  priority             = 3", ""));
    let out = w.apply();
    assert!(out.contains("0 added, 1 changed, 0 destroyed"), "{out}");
    let c = only_condition(&emu, APP_FULL);
    assert_eq!(
        (c["priority"].clone(), c["description"].clone()),
        (json!(3), json!("Ask your manager"))
    );
    w.assert_plan_clean();

    // A new text updates in place.
    w.write(&condition(
        APP_FULL,
        "  priority             = 3\n  description          = \"Ask Alice\"",
        "",
    ));
    let out = w.apply();
    assert!(out.contains("0 added, 1 changed, 0 destroyed"), "{out}");
    assert_eq!(only_condition(&emu, APP_FULL)["description"], "Ask Alice");
    assert_eq!(only_condition(&emu, APP_FULL)["id"], id);
    w.assert_plan_clean();
}

#[test]
fn create_before_destroy_moves_a_condition_to_another_resource() {
    let (emu, w) = Workdir::with_emulator();
    let duration = "  access_duration_settings {\n    type     = \"REQUESTER_SPECIFIED_DURATION\"\n    duration = \"P7D\"\n  }\n";
    let lifecycle = "\n  lifecycle {\n    create_before_destroy = true\n  }";
    w.write(&condition(APP_FULL, duration, lifecycle));
    w.apply();
    let old = w.state_of("oig_request_condition.c")["id"].clone();

    w.write(&condition(APP_DURATION, duration, lifecycle));
    plan_says(
        &w,
        &["must be replaced", "create replacement and then destroy"],
    );
    let out = w.apply();
    assert!(out.contains("1 added, 0 changed, 1 destroyed"), "{out}");
    assert!(conditions(&emu, APP_FULL).is_empty(), "the old one is gone");
    let moved = only_condition(&emu, APP_DURATION);
    assert_eq!(moved["name"], "Managers approve");
    assert_ne!(moved["id"], old);
    w.assert_plan_clean();

    // The same app written as its ORN is no replacement (which would collide on the name in
    // the same resource): an update in place that changes nothing in Okta.
    let orn = format!("orn:okta:idp:00oemu:apps:workday:{APP_DURATION}");
    w.write(&condition(&orn, duration, lifecycle));
    let out = plan_says(&w, &["update in-place"]);
    assert!(!out.contains("must be replaced"), "{out}");
    let out = w.apply();
    assert!(out.contains("0 added, 1 changed, 0 destroyed"), "{out}");
    assert_eq!(only_condition(&emu, APP_DURATION)["id"], moved["id"]);
    assert_eq!(w.state_of("oig_request_condition.c")["resource_id"], orn);
    w.assert_plan_clean();
}

/// `terraform apply -replace` of a condition with create_before_destroy creates the new one
/// beside the old, in the same resource, with the same name: Okta refuses the duplicate name.
/// The apply fails before anything is destroyed, and the old condition stays.
#[test]
fn forced_replacement_with_create_before_destroy_keeps_the_old_condition() {
    let (emu, w) = Workdir::with_emulator();
    let lifecycle = "\n  lifecycle {\n    create_before_destroy = true\n  }";
    w.write(&condition(APP_FULL, "", lifecycle));
    w.apply();
    let old = w.state_of("oig_request_condition.c")["id"].clone();
    let out = w.fails(&[
        "apply",
        "-auto-approve",
        "-no-color",
        "-replace=oig_request_condition.c",
    ]);
    eprintln!("--- -replace with create_before_destroy ---\n{out}");
    // The error says why (names are unique within a resource) and what to do.
    assert_contains_all(
        &flat(&out),
        &[
            "Unable to create request condition \"Managers approve\"",
            "replace without create_before_destroy, or rename in the same change",
            &format!("/{}", old.as_str().unwrap_or_default()),
        ],
    );
    assert_eq!(
        only_condition(&emu, APP_FULL)["id"],
        old,
        "the old one stays"
    );
    assert_eq!(w.state_of("oig_request_condition.c")["id"], old);
}

#[test]
fn okta_shaped_ids_on_settings_name_the_attribute_to_use() {
    let emu = Emulator::start();
    let w = Workdir::new(&emu);
    w.write(&format!(
        "provider \"oig\" {{}}\n\nresource \"oig_resource_request_settings\" \"s\" {{\n  id = \"{APP_FULL}\"\n}}\n"
    ));
    let out = w.plan_error_in_config(
        &emu,
        &format!("write resource_id = \"{APP_FULL}\" instead of id (okta/okta's id is this provider's resource_id"),
    );
    eprintln!("--- okta-shaped id ---\n{out}");
    assert!(!out.contains("Read-Only"), "{out}");

    w.write(&format!(
        "provider \"oig\" {{}}\n\nresource \"oig_resource_request_settings\" \"s\" {{\n  resource_id = \"{APP_FULL}\"\n  id          = \"{APP_DURATION}\"\n}}\n"
    ));
    w.plan_error_in_config(&emu, "id only repeats resource_id");

    w.write("provider \"oig\" {}\n\nresource \"oig_resource_request_settings\" \"s\" {\n}\n");
    w.plan_rejects(&emu, "The argument \"resource_id\" is required");

    w.write(&format!(
        "provider \"oig\" {{}}\n\ndata \"oig_resource_request_settings\" \"s\" {{\n  id = \"{APP_FULL}\"\n}}\n"
    ));
    w.plan_error_in_config(
        &emu,
        &format!("write resource_id = \"{APP_FULL}\" instead of id"),
    );

    w.write("provider \"oig\" {}\n\nresource \"oig_org_request_settings\" \"org\" {\n  id                         = \"default\"\n  subprocessors_acknowledged = true\n}\n");
    let out = w.plan_error_in_config(
        &emu,
        "Remove id = \"default\": the org has one set of request settings",
    );
    eprintln!("--- okta-shaped org id ---\n{out}");

    // id equal to resource_id (what -generate-config-out writes) is accepted.
    w.write(&format!(
        "provider \"oig\" {{}}\n\nresource \"oig_resource_request_settings\" \"s\" {{\n  resource_id = \"{APP_FULL}\"\n  id          = \"{APP_FULL}\"\n}}\n\nresource \"oig_org_request_settings\" \"org\" {{\n  id = \"org_request_settings\"\n}}\n\ndata \"oig_resource_request_settings\" \"d\" {{\n  resource_id = \"{APP_FULL}\"\n}}\n\noutput \"id\" {{\n  value = data.oig_resource_request_settings.d.id\n}}\n"
    ));
    w.apply();
    assert_eq!(w.output_json()["id"]["value"], APP_FULL);
    w.assert_plan_clean();
}
