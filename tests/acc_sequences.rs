//! Acceptance tests of `oig_request_sequences` and `oig_request_sequence`: the real Terraform
//! CLI against a spawned oig-emulator. Approval sequences are looked up by name so that no
//! configuration needs an ID copied out of the admin console.

mod common;

use common::{assert_contains_all, flat, Emulator, Workdir};
use serde_json::{json, Value};

const APP_FULL: &str = "0oaemufull0000000001";
const SEQ_1: &str = "61eb0f06c462d20007f05101";
const SEQ_2: &str = "61eb0f06c462d20007f05102";
const SEQ_3: &str = "61eb0f06c462d20007f05103";
const DEMO_NAMES: [&str; 3] = [
    "Manager approval",
    "Manager and app owner approval",
    "Business justification and security review",
];

fn config(body: &str) -> String {
    format!("provider \"oig\" {{}}\n{body}")
}

fn by_name(label: &str, resource: &str, name: &str) -> String {
    format!(
        "data \"oig_request_sequence\" \"{label}\" {{\n  resource_id = \"{resource}\"\n  name        = \"{name}\"\n}}\n"
    )
}

/// Looks the sequence `name` of `resource` up by name: the plan must fail with the diagnostic
/// on the attribute (Terraform quotes its line). Returns the plan's output, whitespace folded.
fn lookup_fails(w: &Workdir, resource: &str, name: &str) -> String {
    w.write(&config(&by_name("lookup", resource, name)));
    let text = flat(&w.fails(&["plan", "-no-color", "-input=false"]));
    assert!(text.contains(&format!("name = \"{name}\"")), "{text}");
    text
}

/// The sequences the emulator serves for `resource`, as the API returns them.
fn api_sequences(emu: &Emulator, resource: &str) -> Vec<Value> {
    let (status, body) = emu.api(
        "GET",
        &format!("/governance/api/v2/resources/{resource}/request-sequences"),
        None,
    );
    assert_eq!(status, 200, "{body}");
    body["data"].as_array().cloned().unwrap_or_default()
}

fn sorted_strings(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = v
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|x| x.as_str().map(str::to_string))
        .collect();
    out.sort();
    out
}

#[test]
fn lists_and_reads_by_id_and_by_name() {
    let emu = Emulator::start();
    let w = Workdir::new(&emu);
    w.write(&config(&format!(
        r#"data "oig_request_sequences" "all" {{
  resource_id = "{APP_FULL}"
}}

data "oig_request_sequence" "by_id" {{
  resource_id = "{APP_FULL}"
  id          = "{SEQ_2}"
}}

{}
output "all" {{
  value = data.oig_request_sequences.all.sequences
}}

output "by_id" {{
  value = data.oig_request_sequence.by_id
}}

output "by_name" {{
  value = data.oig_request_sequence.by_name
}}
"#,
        by_name("by_name", APP_FULL, "Manager approval")
    )));
    w.apply();
    let out = w.output_json();

    let all = out["all"]["value"].as_array().cloned().unwrap_or_default();
    let api = api_sequences(&emu, APP_FULL);
    assert_eq!(all.len(), 3, "{all:#?}");
    assert_eq!(all.len(), api.len());
    for (i, (got, want)) in all.iter().zip(api.iter()).enumerate() {
        assert_eq!(got["id"], want["id"], "element {i}");
        assert_eq!(got["name"], want["name"], "element {i}");
        assert_eq!(got["name"], DEMO_NAMES[i], "element {i}");
        assert_eq!(got["description"], want["description"], "element {i}");
        assert_eq!(
            sorted_strings(&got["compatible_resource_types"]),
            vec!["APP", "GROUP"]
        );
        assert!(
            got["link"].as_str().is_some_and(|l| l.ends_with(&format!(
                "/next/sequences/{}",
                want["id"].as_str().unwrap_or("?")
            ))),
            "{got}"
        );
    }
    let ids: Vec<&str> = all.iter().filter_map(|s| s["id"].as_str()).collect();
    assert_eq!(ids, [SEQ_1, SEQ_2, SEQ_3]);

    let by_id = &out["by_id"]["value"];
    assert_eq!(by_id["id"], SEQ_2);
    assert_eq!(by_id["name"], "Manager and app owner approval");
    assert_eq!(by_id["resource_id"], APP_FULL);
    assert!(
        by_id["description"].as_str().is_some_and(|d| !d.is_empty()),
        "{by_id}"
    );

    let found = &out["by_name"]["value"];
    assert_eq!(found["id"], SEQ_1);
    assert_eq!(found["name"], "Manager approval");
    assert_eq!(
        sorted_strings(&found["compatible_resource_types"]),
        vec!["APP", "GROUP"]
    );

    // The emulator shuffles compatibleResourceTypes from call to call, as live Okta does:
    // the set keeps the plan clean.
    w.assert_plan_clean();
    w.assert_plan_clean();
}

#[test]
fn a_name_that_matches_none_is_an_error_on_name_listing_the_names() {
    let (_emu, w) = Workdir::with_emulator();
    let text = lookup_fails(&w, APP_FULL, "manager approval");
    assert_contains_all(
        &text,
        &["No approval sequence with this name", "case included"],
    );
    for name in DEMO_NAMES {
        assert!(
            text.contains(&format!("\"{name}\"")),
            "{name} missing: {text}"
        );
    }
}

#[test]
fn a_name_shared_by_two_sequences_is_an_error_listing_their_ids() {
    const APP: &str = "0oadupnames000000001";
    const DUP_A: &str = "aaaaaaaaaaaaaaaaaaaaaa01";
    const DUP_B: &str = "aaaaaaaaaaaaaaaaaaaaaa02";
    const PLAIN: &str = "aaaaaaaaaaaaaaaaaaaaaa03";
    let fixtures = json!({
        "resources": [{
            "id": APP,
            "requestSettings": {
                "validAccessScopeSettings": [{"type": "RESOURCE_DEFAULT"}],
                "validRequesterSettings": [{"type": "EVERYONE"}],
                "validAccessDurationSettings": {"required": false, "supportedTypes": []}
            }
        }],
        "approvalSequences": [
            {"id": DUP_A, "name": "Security review", "description": "the old one"},
            {"id": DUP_B, "name": "Security review", "compatibleResourceTypes": ["APP"]},
            PLAIN,
            {"id": "aaaaaaaaaaaaaaaaaaaaaa04", "name": "Groups only", "compatibleResourceTypes": ["GROUP"]}
        ],
        "users": ["00uemu00000000000001"]
    });
    let emu = Emulator::with_fixtures(&fixtures, &[]);
    let w = Workdir::new(&emu);

    let text = lookup_fails(&w, APP, "Security review");
    assert_contains_all(
        &text,
        &[
            "Several approval sequences have this name",
            &format!("\"{DUP_A}\", \"{DUP_B}\""),
            "set id",
        ],
    );

    // By ID, either one is read; the list shows only the sequences that serve an app, and a
    // sequence given as a plain ID in the fixtures has the emulator's generated name.
    w.write(&config(&format!(
        r#"data "oig_request_sequence" "b" {{
  resource_id = "{APP}"
  id          = "{DUP_B}"
}}

data "oig_request_sequences" "all" {{
  resource_id = "{APP}"
}}

output "b" {{
  value = data.oig_request_sequence.b
}}

output "names" {{
  value = [for s in data.oig_request_sequences.all.sequences : s.name]
}}
"#
    )));
    w.apply();
    let out = w.output_json();
    assert_eq!(out["b"]["value"]["name"], "Security review");
    assert_eq!(out["b"]["value"]["description"], Value::Null);
    assert_eq!(
        sorted_strings(&out["b"]["value"]["compatible_resource_types"]),
        vec!["APP"]
    );
    assert_eq!(
        out["names"]["value"],
        json!([
            "Security review",
            "Security review",
            format!("Approval sequence {PLAIN}")
        ])
    );
}

#[test]
fn exactly_one_of_id_and_name_is_checked_before_any_call() {
    let emu = Emulator::start();
    let w = Workdir::new(&emu);
    let cases = [
        ("", "Missing id or name"),
        (
            &format!("  id          = \"{SEQ_1}\"\n  name        = \"Manager approval\"\n"),
            "Conflicting id and name",
        ),
        ("  id          = \"../x\"\n", "Invalid id"),
    ];
    for (attrs, summary) in cases {
        w.write(&config(&format!(
            "data \"oig_request_sequence\" \"s\" {{\n  resource_id = \"{APP_FULL}\"\n{attrs}}}\n"
        )));
        emu.clear_log();
        let text = flat(&w.fails(&["validate", "-no-color"]));
        assert!(text.contains(summary), "{summary}: {text}");
        let text = flat(&w.fails(&["plan", "-no-color", "-input=false"]));
        assert!(text.contains(summary), "{summary}: {text}");
        let calls: Vec<Value> = emu
            .log()
            .into_iter()
            .filter(|e| e.to_string().contains("request-sequences"))
            .collect();
        assert!(
            calls.is_empty(),
            "{summary}: no sequence call expected: {calls:#?}"
        );
    }
    // A bad resource_id is caught the same way.
    w.write(&config(&by_name("s", "../etc", "Manager approval")));
    let text = flat(&w.fails(&["validate", "-no-color"]));
    assert!(text.contains("Invalid resource_id"), "{text}");
}

#[test]
fn a_condition_takes_its_approval_sequence_from_the_lookup() {
    let emu = Emulator::start();
    let w = Workdir::new(&emu);
    w.write(&config(&format!(
        r#"{}
resource "oig_request_condition" "everyone" {{
  resource_id          = "{APP_FULL}"
  name                 = "Everyone, approved by the owner"
  approval_sequence_id = data.oig_request_sequence.owner.id
  status               = "ACTIVE"

  requester_settings {{
    type = "EVERYONE"
  }}

  access_scope_settings {{
    type = "RESOURCE_DEFAULT"
  }}
}}
"#,
        by_name("owner", APP_FULL, "Manager and app owner approval")
    )));
    w.apply();
    let state = w.state_of("oig_request_condition.everyone");
    assert_eq!(state["approval_sequence_id"], SEQ_2, "{state}");
    let id = state["id"].as_str().unwrap_or_default();
    let (status, c) = emu.api(
        "GET",
        &format!("/governance/api/v2/resources/{APP_FULL}/request-conditions/{id}"),
        None,
    );
    assert_eq!(status, 200, "{c}");
    assert_eq!(c["approvalSequenceId"], SEQ_2);
    assert_eq!(c["status"], "ACTIVE");
    w.assert_plan_clean();
}
