//! The demo org's resources, sequences, groups and bundles that request conditions use, and
//! readers of the emulator's conditions, shared by the condition tests.

use serde_json::{json, Value};

use super::Emulator;

pub const APP_FULL: &str = "0oaemufull0000000001";
pub const APP_GROUPS_ONLY: &str = "0oaemugroups00000002";
pub const APP_DURATION: &str = "0oaemuduration000003";
pub const SEQ_1: &str = "61eb0f06c462d20007f05101";
pub const SEQ_2: &str = "61eb0f06c462d20007f05102";
pub const GROUP_1: &str = "00gemu00000000000001";
pub const GROUP_2: &str = "00gemu00000000000002";
pub const BUNDLE_1: &str = "enbemu00000000000001";
pub const BUNDLE_2: &str = "enbemu00000000000002";

/// A check of the emulator's copy of a condition.
pub type Check = Box<dyn Fn(&Value)>;

/// The path of `resource`'s request conditions.
pub fn collection(resource: &str) -> String {
    format!("/governance/api/v2/resources/{resource}/request-conditions")
}

/// The emulator's list of conditions (sparse, as live Okta's: requester and scope settings
/// carry their `type` only).
pub fn listed(emu: &Emulator, resource: &str) -> Vec<Value> {
    let (status, body) = emu.api("GET", &collection(resource), None);
    assert_eq!(status, 200, "{body}");
    body["data"].as_array().cloned().unwrap_or_default()
}

/// One condition of `resource`, read in full.
pub fn full(emu: &Emulator, resource: &str, id: &str) -> Value {
    let (status, body) = emu.api("GET", &format!("{}/{id}", collection(resource)), None);
    assert_eq!(status, 200, "{body}");
    body
}

/// The emulator's conditions of `resource`, each read in full.
pub fn conditions(emu: &Emulator, resource: &str) -> Vec<Value> {
    listed(emu, resource)
        .iter()
        .map(|c| full(emu, resource, c["id"].as_str().unwrap_or_default()))
        .collect()
}

pub fn only_condition(emu: &Emulator, resource: &str) -> Value {
    let all = conditions(emu, resource);
    assert_eq!(all.len(), 1, "expected exactly one condition: {all:#?}");
    all[0].clone()
}

/// The API body of a condition named `name` that everyone may request, for the resource's
/// default scope, approved by [`SEQ_1`].
pub fn everyone_body(name: &str) -> Value {
    json!({
        "name": name,
        "approvalSequenceId": SEQ_1,
        "requesterSettings": {"type": "EVERYONE"},
        "accessScopeSettings": {"type": "RESOURCE_DEFAULT"}
    })
}

/// Creates a condition of `resource` from `body` through the API, as another client (an admin
/// by hand) would; the POST must answer 201. Returns the created condition.
pub fn create_by_hand(emu: &Emulator, resource: &str, body: Value) -> Value {
    let (status, created) = emu.api("POST", &collection(resource), Some(body));
    assert_eq!(status, 201, "{created}");
    created
}

/// Posts `action` (`activate` or `deactivate`) to condition `id` of `resource` through the API,
/// as another client would; it must answer 200.
pub fn transition_by_hand(emu: &Emulator, resource: &str, id: &str, action: &str) {
    let (status, body) = emu.api(
        "POST",
        &format!("{}/{id}/{action}", collection(resource)),
        None,
    );
    assert_eq!(status, 200, "{action} {id}: {body}");
}

pub fn condition_hcl(name: &str, body: &str) -> String {
    format!("resource \"oig_request_condition\" \"{name}\" {{\n{body}\n}}\n")
}

pub fn everyone(resource: &str, name: &str, extra: &str) -> String {
    format!(
        r#"  resource_id          = "{resource}"
  name                 = "{name}"
  approval_sequence_id = "{SEQ_1}"
{extra}
{}
{}"#,
        requester("EVERYONE", &[]),
        scope("RESOURCE_DEFAULT", &[]),
    )
}

/// A condition's `requester_settings` block of type `kind`, with `ids` under the attribute that
/// type takes (see [`settings_block`]).
pub fn requester(kind: &str, ids: &[&str]) -> String {
    settings_block("requester_settings", kind, ids)
}

/// A condition's `access_scope_settings` block of type `kind`, with `ids` under the attribute
/// that type takes (see [`settings_block`]).
pub fn scope(kind: &str, ids: &[&str]) -> String {
    settings_block("access_scope_settings", kind, ids)
}

/// A condition's `access_duration_settings` block.
pub fn duration(kind: &str, duration: &str) -> String {
    format!("  access_duration_settings {{\n    type     = \"{kind}\"\n    duration = \"{duration}\"\n  }}")
}

/// A `block` of type `kind`, listing `ids` (none for `EVERYONE` or `RESOURCE_DEFAULT`) under
/// `group_ids`, `team_ids` or `entitlement_bundle_ids` as the type takes them.
pub fn settings_block(block: &str, kind: &str, ids: &[&str]) -> String {
    let list = match (kind, ids) {
        (_, []) => String::new(),
        ("GROUPS", _) => id_list("group_ids", ids),
        ("TEAMS", _) => id_list("team_ids", ids),
        ("ENTITLEMENT_BUNDLES", _) => id_list("entitlement_bundle_ids", ids),
        _ => panic!("{block} of type {kind} takes no IDs"),
    };
    format!("  {block} {{\n    type = \"{kind}\"\n{list}  }}")
}

fn id_list(attribute: &str, ids: &[&str]) -> String {
    let quoted: Vec<String> = ids.iter().map(|id| format!("\"{id}\"")).collect();
    format!("    {attribute} = [{}]\n", quoted.join(", "))
}
