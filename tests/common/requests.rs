//! The requests v1 fixtures of the demo org, and readers of the emulator's requests, messages
//! and list calls, shared by the `acc_requests*` tests.

use serde_json::{json, Value};

use super::Emulator;

/// Published, fields: TEXT (required), SELECT (Production / Sandbox), DATE-TIME.
pub const TYPE_FIELDS: &str = "61eb2db568c7c300079fe001";
/// Published, no fields.
pub const TYPE_PLAIN: &str = "61eb2db568c7c300079fe002";
/// DRAFT: requests against it are 409.
pub const TYPE_DRAFT: &str = "61eb2db568c7c300079fe003";
pub const FIELD_TEXT: &str = "05c87fe9-11f6-4d40-a033-b155b39dcdbe";
pub const FIELD_SELECT: &str = "1c5ef673-8dbb-4b9c-ac76-0b4180116e43";
pub const FIELD_DATE: &str = "ec9da40d-9c1b-41c6-8016-edfd010b02d2";
pub const TOKEN_USER: &str = "00uemu00000000000001";
pub const OTHER_USER: &str = "00uemu00000000000002";
pub const LIST_PATH: &str = "/governance/api/v1/requests";

/// Files a request through the API, as another client would; returns its ID.
pub fn seed(emu: &Emulator, subject: &str) -> String {
    let (st, body) = emu.api(
        "POST",
        LIST_PATH,
        Some(json!({"requestTypeId": TYPE_PLAIN, "subject": subject})),
    );
    assert_eq!(st, 201, "{body}");
    body["id"].as_str().unwrap_or_default().to_string()
}

pub fn set_status(emu: &Emulator, id: &str, status: &str) {
    emu.control(
        "POST",
        &format!("requests/{id}/status"),
        Some(json!({ "status": status })),
    );
}

/// The emulator's requests, in creation order.
pub fn emu_requests(emu: &Emulator) -> Vec<Value> {
    emu.control("GET", "state", None)["requests"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

pub fn emu_messages(emu: &Emulator) -> Vec<Value> {
    emu.control("GET", "state", None)["messages"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The list calls the emulator received: the decoded query pairs of each, and its raw query.
pub fn list_calls(emu: &Emulator) -> Vec<(Vec<(String, String)>, String)> {
    emu.log()
        .iter()
        .filter(|e| e["method"] == "GET" && e["path"] == LIST_PATH)
        .map(|e| {
            let raw = e["query"].as_str().unwrap_or_default().to_string();
            let pairs = url::form_urlencoded::parse(raw.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect();
            (pairs, raw)
        })
        .collect()
}

pub fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|x| x.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

pub fn output_list(out: &Value, name: &str) -> Vec<String> {
    strings(&out[name]["value"])
}

/// An `oig_request` resource `label` of the request type `type_id` about `subject`, with the
/// `extra` attribute lines (such as [`field_values`]).
pub fn request_hcl(label: &str, type_id: &str, subject: &str, extra: &str) -> String {
    format!(
        "resource \"oig_request\" \"{label}\" {{\n  request_type_id = \"{type_id}\"\n  subject         = \"{subject}\"\n{extra}\n}}\n"
    )
}

/// A request's `requester_field_values` attribute: one `{ id, value }` object per field.
pub fn field_values(values: &[(&str, &str)]) -> String {
    let items: Vec<String> = values
        .iter()
        .map(|(id, value)| format!("    {{ id = \"{id}\", value = \"{value}\" }},\n"))
        .collect();
    format!("  requester_field_values = [\n{}  ]", items.concat())
}

/// A data source and an output listing the subjects it found.
pub fn subjects_of(name: &str, body: &str) -> String {
    format!(
        "data \"oig_requests\" \"{name}\" {{\n{body}\n}}\n\noutput \"{name}\" {{\n  value = [for r in data.oig_requests.{name}.requests : r.subject]\n}}\n"
    )
}
