//! API errors in Terraform's words, through the real Terraform CLI: a cause that Okta reports on
//! a field of the request body is shown on the attribute configured with it (the source line
//! Terraform highlights, the diagnostic's text), not on the resource block in the API's names.

mod common;

use common::conditions::{condition_hcl, everyone, APP_FULL, GROUP_1, SEQ_1};
use common::{assert_contains_all, flat, Workdir};
use serde_json::Value;

const MISSING_GROUP: &str = "00gnotthere000000001";
const MISSING_BUNDLE: &str = "enbnotthere000000001";

fn config() -> String {
    format!(
        r#"resource "oig_request_condition" "group" {{
  resource_id          = "{APP_FULL}"
  name                 = "wrong group"
  approval_sequence_id = "{SEQ_1}"
  requester_settings {{
    type      = "GROUPS"
    group_ids = ["{MISSING_GROUP}"]
  }}
  access_scope_settings {{
    type = "RESOURCE_DEFAULT"
  }}
}}

resource "oig_request_condition" "bundle" {{
  resource_id          = "{APP_FULL}"
  name                 = "wrong bundle"
  approval_sequence_id = "{SEQ_1}"
  requester_settings {{
    type      = "GROUPS"
    group_ids = ["{GROUP_1}"]
  }}
  access_scope_settings {{
    type                   = "ENTITLEMENT_BUNDLES"
    entitlement_bundle_ids = ["{MISSING_BUNDLE}"]
  }}
}}
"#
    )
}

/// The line of `main.tf` (1-based) that contains `needle`.
fn line_of(w: &Workdir, needle: &str) -> usize {
    let text = std::fs::read_to_string(w.path().join("main.tf")).expect("main.tf");
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} not in main.tf"))
}

/// The error diagnostics of a `terraform … -json` run.
fn error_diagnostics(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["type"] == "diagnostic" && v["diagnostic"]["severity"] == "error")
        .map(|v| v["diagnostic"].clone())
        .collect()
}

#[test]
fn unknown_ids_are_reported_on_their_attributes() {
    let (_emu, w) = Workdir::with_emulator();
    w.write(&config());

    // The human output: Terraform shows the attribute's line, and the text names the attribute.
    let group_line = line_of(&w, MISSING_GROUP);
    let bundle_line = line_of(&w, MISSING_BUNDLE);
    let text = w.fails(&["apply", "-auto-approve", "-no-color", "-input=false"]);
    let flat_text = flat(&text);
    assert!(
        flat_text.contains(&format!(
            "with oig_request_condition.group, on main.tf line {group_line}, in resource \"oig_request_condition\" \"group\": {group_line}: group_ids = [\"{MISSING_GROUP}\"]"
        )),
        "the error must point at requester_settings.group_ids:\n{text}"
    );
    assert!(
        flat_text.contains(&format!(
            "requester_settings.group_ids: {MISSING_GROUP} not found"
        )),
        "the text must name the attribute, not Okta's field:\n{text}"
    );
    // The bundle's cause likewise; Okta's own name of the field stays, for a support case, but
    // not as the headline.
    assert_contains_all(
        &flat_text,
        &[
            &format!("access_scope_settings.entitlement_bundle_ids: {MISSING_BUNDLE} not found"),
            "about requesterSettings.groups[0].id",
        ],
    );

    // The machine-readable output: each diagnostic's address and the source range it points at.
    let out = w.run(&[
        "apply",
        "-auto-approve",
        "-no-color",
        "-input=false",
        "-json",
    ]);
    assert!(!out.status.success());
    let diags = error_diagnostics(&out.stdout);
    for (address, line, attribute, detail) in [
        (
            "oig_request_condition.group",
            group_line,
            "group_ids",
            format!("requester_settings.group_ids: {MISSING_GROUP} not found"),
        ),
        (
            "oig_request_condition.bundle",
            bundle_line,
            "entitlement_bundle_ids",
            format!("access_scope_settings.entitlement_bundle_ids: {MISSING_BUNDLE} not found"),
        ),
    ] {
        let d = diags
            .iter()
            .find(|d| d["address"] == address)
            .unwrap_or_else(|| panic!("no error for {address} in {diags:#?}"));
        assert_eq!(d["range"]["start"]["line"], line, "{address}: {d:#}");
        let code = d["snippet"]["code"].as_str().unwrap_or_default();
        assert!(code.contains(attribute), "{address}: {d:#}");
        let said = d["detail"].as_str().unwrap_or_default();
        assert!(said.starts_with(&detail), "{address}: {d:#}");
    }
    // One diagnostic per cause: nothing left over on the block.
    assert_eq!(diags.len(), 2, "{diags:#?}");
}

#[test]
fn an_error_without_a_field_stays_on_the_block() {
    let (emu, w) = Workdir::with_emulator();
    w.write(&condition_hcl("x", &everyone(APP_FULL, "on the block", "")));
    // A 403 names no field: the error stays on the resource block, in Okta's words.
    emu.fault(serde_json::json!({
        "method": "POST",
        "pathPrefix": common::conditions::collection(APP_FULL),
        "count": 10,
        "status": 403
    }));
    let line = line_of(&w, "resource \"oig_request_condition\" \"x\"");
    let text = w.fails(&["apply", "-auto-approve", "-no-color", "-input=false"]);
    assert_contains_all(
        &flat(&text),
        &[
            &format!("on main.tf line {line}, in resource \"oig_request_condition\" \"x\": {line}: resource \"oig_request_condition\" \"x\" {{"),
            "Okta answered HTTP 403 E0000006",
        ],
    );
}
