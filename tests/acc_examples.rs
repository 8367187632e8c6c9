//! Every example under `examples/` passes `terraform fmt -check` and `terraform validate`, and
//! every example that manages or reads objects applies against the emulator's demo org and then
//! plans clean (no perpetual diff).

mod common;

use common::{example_dirs, Emulator, Workdir};
use serde_json::json;

const APP_FULL: &str = "0oaemufull0000000001";

#[test]
fn examples_are_formatted_and_valid() {
    let dirs = example_dirs();
    assert!(dirs.len() >= 6, "{dirs:?}");
    for dir in dirs {
        let w = Workdir::bare();
        w.copy_example(&dir);
        let out = w.run(&["fmt", "-check", "-diff", "-no-color"]);
        assert!(
            out.status.success(),
            "examples/{dir} is not formatted:\n{}",
            common::combined(&out)
        );
        let out = w.run(&["validate", "-no-color"]);
        assert!(
            out.status.success(),
            "examples/{dir} does not validate:\n{}",
            common::combined(&out)
        );
    }
}

/// A condition the data-source examples look up, as an admin would have made it by hand.
fn seed_everyone_condition(emu: &Emulator) {
    let (st, c) = emu.api(
        "POST",
        &format!("/governance/api/v2/resources/{APP_FULL}/request-conditions"),
        Some(json!({
            "name": "Everyone: permanent access",
            "approvalSequenceId": "61eb0f06c462d20007f05101",
            "requesterSettings": {"type": "EVERYONE"},
            "accessScopeSettings": {"type": "RESOURCE_DEFAULT"}
        })),
    );
    assert_eq!(st, 201, "{c}");
    let id = c["id"].as_str().unwrap_or_default();
    let (st, _) = emu.api(
        "POST",
        &format!("/governance/api/v2/resources/{APP_FULL}/request-conditions/{id}/activate"),
        None,
    );
    assert_eq!(st, 200);
}

#[test]
fn examples_apply_against_the_demo_org_and_plan_clean() {
    for dir in example_dirs().into_iter().filter(|d| d != "provider") {
        let emu = Emulator::start();
        if dir.starts_with("data-sources/oig_request_condition") {
            seed_everyone_condition(&emu);
        }
        let w = Workdir::new(&emu);
        w.copy_example(&dir);
        let out = w.run(&["apply", "-auto-approve", "-no-color", "-input=false"]);
        assert!(
            out.status.success(),
            "examples/{dir} does not apply:\n{}",
            common::combined(&out)
        );
        w.assert_plan_clean_for(&format!("examples/{dir}"));
    }
}
