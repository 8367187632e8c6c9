//! Acceptance tests of the requests v1 resources (`oig_request`, `oig_request_message`) and data
//! sources (`oig_requests`, `oig_request`): the real Terraform CLI against a spawned
//! oig-emulator, asserting Terraform's state and outputs and the emulator's store and log.

mod common;

use std::time::Duration;

use common::{flat, Emulator, Workdir};
use serde_json::{json, Value};

/// Published, fields: TEXT (required), SELECT (Production / Sandbox), DATE-TIME.
const TYPE_FIELDS: &str = "61eb2db568c7c300079fe001";
/// Published, no fields.
const TYPE_PLAIN: &str = "61eb2db568c7c300079fe002";
/// DRAFT: requests against it are 409.
const TYPE_DRAFT: &str = "61eb2db568c7c300079fe003";
const FIELD_TEXT: &str = "05c87fe9-11f6-4d40-a033-b155b39dcdbe";
const FIELD_SELECT: &str = "1c5ef673-8dbb-4b9c-ac76-0b4180116e43";
const FIELD_DATE: &str = "ec9da40d-9c1b-41c6-8016-edfd010b02d2";
const TOKEN_USER: &str = "00uemu00000000000001";
const OTHER_USER: &str = "00uemu00000000000002";
const LIST_PATH: &str = "/governance/api/v1/requests";

/// Files a request through the API, as another client would; returns its ID.
fn seed(emu: &Emulator, subject: &str) -> String {
    let (st, body) = emu.api(
        "POST",
        LIST_PATH,
        Some(json!({"requestTypeId": TYPE_PLAIN, "subject": subject})),
    );
    assert_eq!(st, 201, "{body}");
    body["id"].as_str().unwrap_or_default().to_string()
}

fn set_status(emu: &Emulator, id: &str, status: &str) {
    emu.control(
        "POST",
        &format!("requests/{id}/status"),
        Some(json!({ "status": status })),
    );
}

/// The emulator's requests, in creation order.
fn emu_requests(emu: &Emulator) -> Vec<Value> {
    emu.control("GET", "state", None)["requests"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn emu_messages(emu: &Emulator) -> Vec<Value> {
    emu.control("GET", "state", None)["messages"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The list calls the emulator received: the decoded query pairs of each, and its raw query.
fn list_calls(emu: &Emulator) -> Vec<(Vec<(String, String)>, String)> {
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

fn param<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|x| x.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn output_list(out: &Value, name: &str) -> Vec<String> {
    strings(&out[name]["value"])
}

/// A data source and an output listing the subjects it found.
fn subjects_of(name: &str, body: &str) -> String {
    format!(
        "data \"oig_requests\" \"{name}\" {{\n{body}\n}}\n\noutput \"{name}\" {{\n  value = [for r in data.oig_requests.{name}.requests : r.subject]\n}}\n"
    )
}

#[test]
fn filters_each_combined_raw_and_ordering() {
    let emu = Emulator::start();
    // Okta's timestamps have whole seconds: each step waits for the next second so that every
    // created and lastUpdated time below is distinct.
    let tick = || std::thread::sleep(Duration::from_millis(1010));
    let ids: Vec<String> = (0..6)
        .map(|i| {
            tick();
            seed(&emu, &format!("r{i}"))
        })
        .collect();
    for (i, status) in [(1, "RESOLVED"), (2, "PENDING"), (3, "RESOLVED")] {
        tick();
        set_status(&emu, &ids[i], status);
    }
    // lastUpdated order: r0 r4 r5 (never changed), then r1 r2 r3.
    let updated = |i: usize| -> String {
        emu_requests(&emu)
            .iter()
            .find(|r| r["id"] == ids[i].as_str())
            .and_then(|r| r["lastUpdated"].as_str())
            .unwrap_or_default()
            .to_string()
    };
    let (t0, t1, t3, t5) = (updated(0), updated(1), updated(3), updated(5));
    assert!(t5 < t1, "{t5} {t1}");
    // The same instant as t5 with a +00:00 offset: a '+' and colons that must survive encoding.
    let t5_offset = t5.replace('Z', "+00:00");
    let hcl = [
        subjects_of("open", "  request_status = \"OPEN\""),
        subjects_of("resolved", "  request_status = \"RESOLVED\""),
        subjects_of("after", &format!("  last_updated_after = \"{t5}\"")),
        subjects_of("before", &format!("  last_updated_before = \"{t5_offset}\"")),
        subjects_of(
            "resolved_after_r1",
            &format!("  request_status = \"RESOLVED\"\n  last_updated_after = \"{t1}\""),
        ),
        subjects_of(
            "all_three",
            &format!("  request_status = \"RESOLVED\"\n  last_updated_after = \"{t0}\"\n  last_updated_before = \"{t3}\""),
        ),
        subjects_of(
            "raw",
            &format!("  filter = \"requestStatus eq \\\"PENDING\\\" AND lastUpdated gt \\\"{t5_offset}\\\"\""),
        ),
        subjects_of("by_updated_desc", "  order_by = \"lastUpdated desc\""),
        subjects_of(
            "by_created_desc",
            "  order_by = \"created desc\"\n  max_results = 4",
        ),
    ]
    .join("\n");
    let w = Workdir::new(&emu);
    w.write(&format!("provider \"oig\" {{}}\n\n{hcl}"));
    emu.clear_log();
    w.apply();
    let out = w.output_json();
    let expect = |name: &str, subjects: &[&str]| {
        assert_eq!(
            output_list(&out, name),
            subjects,
            "data.oig_requests.{name}"
        );
    };
    expect("open", &["r0", "r4", "r5"]);
    expect("resolved", &["r1", "r3"]);
    expect("after", &["r1", "r2", "r3"]);
    expect("before", &["r0", "r4"]);
    expect("resolved_after_r1", &["r3"]);
    expect("all_three", &["r1"]);
    expect("raw", &["r2"]);
    expect("by_updated_desc", &["r3", "r2", "r1", "r5", "r4", "r0"]);
    expect("by_created_desc", &["r5", "r4", "r3", "r2"]);

    // What reached the emulator: one call per data source, the filters built as the API
    // documents them and percent-encoded by the provider (quotes, colons, '+', spaces).
    let calls = list_calls(&emu);
    assert_eq!(calls.len(), 9, "{calls:#?}");
    let filters: Vec<String> = calls
        .iter()
        .filter_map(|(pairs, _)| param(pairs, "filter").map(str::to_string))
        .collect();
    for expected in [
        "requestStatus eq \"OPEN\"".to_string(),
        format!("lastUpdated gt \"{t5}\""),
        format!("requestStatus eq \"RESOLVED\" and lastUpdated gt \"{t1}\""),
        format!("requestStatus eq \"PENDING\" AND lastUpdated gt \"{t5_offset}\""),
    ] {
        assert!(
            filters.contains(&expected),
            "{expected} not in {filters:#?}"
        );
    }
    // last_updated_before is applied by the provider (the API documents only gt): no filter.
    assert_eq!(
        calls
            .iter()
            .filter(|(p, _)| param(p, "filter").is_none())
            .count(),
        3,
        "{calls:#?}"
    );
    let raw = calls
        .iter()
        .find(|(p, _)| param(p, "filter").is_some_and(|f| f.contains("PENDING")))
        .map(|(_, raw)| raw.clone())
        .unwrap_or_default();
    assert!(
        raw.contains("%22PENDING%22") && raw.contains("%2B00%3A00%22") && !raw.contains('"'),
        "{raw}"
    );
    assert!(calls
        .iter()
        .all(|(p, _)| param(p, "limit").is_some_and(|l| l == "200" || l == "4")));
    assert!(calls
        .iter()
        .any(|(p, _)| param(p, "orderBy") == Some("lastUpdated desc")));
    // Reading changed nothing.
    assert_eq!(emu_requests(&emu).len(), 6);
    w.assert_plan_clean();
}

#[test]
fn pagination_follows_every_page_up_to_max_results() {
    let emu = Emulator::start();
    for i in 0..450 {
        seed(&emu, &format!("bulk-{i:03}"));
    }
    let in_emu: Vec<String> = emu_requests(&emu)
        .iter()
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(in_emu.len(), 450);
    let w = Workdir::new(&emu);
    w.write(
        r#"provider "oig" {}

data "oig_requests" "all" {}

data "oig_requests" "first200" {
  order_by    = "created desc"
  max_results = 200
}

data "oig_requests" "first201" {
  order_by    = "lastUpdated asc"
  max_results = 201
}

data "oig_requests" "upto450" {
  order_by    = "lastUpdated desc"
  max_results = 450
}

output "all" {
  value = data.oig_requests.all.requests[*].id
}

output "first200" {
  value = data.oig_requests.first200.requests[*].id
}

output "first201" {
  value = data.oig_requests.first201.requests[*].id
}

output "upto450" {
  value = length(data.oig_requests.upto450.requests)
}
"#,
    );
    emu.clear_log();
    w.apply();
    let out = w.output_json();
    assert_eq!(output_list(&out, "all"), in_emu);
    let newest_first: Vec<String> = in_emu.iter().rev().cloned().collect();
    assert_eq!(output_list(&out, "first200"), newest_first[..200]);
    assert_eq!(output_list(&out, "first201"), in_emu[..201]);
    assert_eq!(out["upto450"]["value"], 450);

    // Pages of at most 200, never more than still wanted, each after the previous page's last.
    let calls = list_calls(&emu);
    let limits = |order: Option<&str>| -> Vec<String> {
        calls
            .iter()
            .filter(|(p, _)| param(p, "orderBy") == order)
            .map(|(p, _)| param(p, "limit").unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(limits(None), ["200", "200", "200"]);
    assert_eq!(limits(Some("created desc")), ["200"]);
    assert_eq!(limits(Some("lastUpdated asc")), ["200", "1"]);
    assert_eq!(limits(Some("lastUpdated desc")), ["200", "200", "50"]);
    let afters: Vec<Option<&str>> = calls
        .iter()
        .filter(|(p, _)| param(p, "orderBy").is_none())
        .map(|(p, _)| param(p, "after"))
        .collect();
    assert_eq!(
        afters,
        [None, Some(in_emu[199].as_str()), Some(in_emu[399].as_str())]
    );
    assert_eq!(emu_requests(&emu).len(), 450);
}

#[test]
fn requests_created_with_and_without_requester_refreshed_and_left_on_destroy() {
    let emu = Emulator::start();
    let w = Workdir::new(&emu);
    let hcl = format!(
        r#"provider "oig" {{}}

resource "oig_request" "mine" {{
  request_type_id = "{TYPE_FIELDS}"
  subject         = "Break-glass: INC-1"
  requester_field_values = [
    {{ id = "{FIELD_TEXT}", value = "database failover" }},
    {{ id = "{FIELD_SELECT}", value = "Production" }},
    {{ id = "{FIELD_DATE}", value = "2030-01-01T00:00:00Z" }},
  ]
}}

resource "oig_request" "theirs" {{
  request_type_id    = "{TYPE_PLAIN}"
  subject            = "For a colleague"
  requester_user_ids = ["{OTHER_USER}"]
}}
"#
    );
    w.write(&hcl);
    w.apply();
    let mine = w.state_of("oig_request.mine");
    let theirs = w.state_of("oig_request.theirs");
    assert_eq!(mine["requester_user_ids"], json!([TOKEN_USER]), "{mine}");
    assert_eq!(theirs["requester_user_ids"], json!([OTHER_USER]));
    for s in [&mine, &theirs] {
        assert_eq!(s["request_status"], "OPEN");
        assert_eq!(s["type"], "ACCESS_REQUEST");
        assert_eq!(s["resolved"], Value::Null);
        assert_eq!(s["created_by"], TOKEN_USER);
        assert!(s["permalink_id"].is_number(), "{s}");
        assert_eq!(s["approvals"][0]["status"], "PENDING");
        assert_eq!(s["actions"][0]["action"], "ASSIGN_APP_TO_USER");
    }
    let in_emu = emu_requests(&emu);
    assert_eq!(in_emu.len(), 2);
    let emu_mine = in_emu
        .iter()
        .find(|r| r["id"] == mine["id"])
        .cloned()
        .unwrap_or_default();
    assert_eq!(emu_mine["subject"], "Break-glass: INC-1");
    assert_eq!(emu_mine["requesterUserIds"], json!([TOKEN_USER]));
    let values: Vec<Value> = emu_mine["requesterFieldValues"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|f| f["value"].clone())
        .collect();
    assert_eq!(
        values,
        [
            json!("database failover"),
            json!(["Production"]),
            json!("2030-01-01T00:00:00Z")
        ]
    );
    let emu_theirs = in_emu
        .iter()
        .find(|r| r["id"] == theirs["id"])
        .cloned()
        .unwrap_or_default();
    assert_eq!(emu_theirs["requesterUserIds"], json!([OTHER_USER]));
    w.assert_plan_clean();

    // Progress made in Okta shows after a refresh, without planning any change.
    let id = mine["id"].as_str().unwrap_or_default().to_string();
    set_status(&emu, &id, "RESOLVED");
    w.assert_plan_clean();
    w.ok(&["apply", "-refresh-only", "-auto-approve", "-no-color"]);
    let mine = w.state_of("oig_request.mine");
    assert_eq!(mine["request_status"], "RESOLVED");
    assert!(mine["resolved"].is_string(), "{mine}");

    // A changed subject files a new request: the old one stays in Okta.
    w.write(&hcl.replace("For a colleague", "For a colleague, again"));
    let out = w.apply();
    assert!(
        out.contains("must be replaced") && out.contains("1 added, 0 changed, 1 destroyed"),
        "{out}"
    );
    assert!(
        flat(&out).contains("Okta's API cannot delete requests"),
        "{out}"
    );
    assert_eq!(emu_requests(&emu).len(), 3);

    // Destroy forgets the requests with a warning; Okta keeps them.
    let out = w.ok(&["destroy", "-auto-approve", "-no-color"]);
    let text = flat(&out);
    assert!(
        text.contains("Warning: Request left in Okta")
            && text.contains(&format!(
                "Request {id} was removed from Terraform's state only"
            )),
        "{out}"
    );
    assert_eq!(emu_requests(&emu).len(), 3);
    assert_eq!(w.state_of("oig_request.mine"), Value::Null);
}

#[test]
fn import_a_request_then_plan_clean() {
    let emu = Emulator::start();
    let (st, body) = emu.api(
        "POST",
        LIST_PATH,
        Some(json!({
            "requestTypeId": TYPE_FIELDS,
            "subject": "Filed in the portal",
            "requesterUserIds": [OTHER_USER],
            "requesterFieldValues": [
                {"id": FIELD_TEXT, "value": "needed for the audit"},
                {"id": FIELD_SELECT, "value": ["Sandbox"]}
            ]
        })),
    );
    assert_eq!(st, 201, "{body}");
    let id = body["id"].as_str().unwrap_or_default().to_string();
    emu.clear_log();
    let w = Workdir::new(&emu);
    w.write(&format!(
        r#"provider "oig" {{}}

resource "oig_request" "imported" {{
  request_type_id    = "{TYPE_FIELDS}"
  subject            = "Filed in the portal"
  requester_user_ids = ["{OTHER_USER}"]
  requester_field_values = [
    {{ id = "{FIELD_TEXT}", value = "needed for the audit" }},
    {{ id = "{FIELD_SELECT}", value = "Sandbox" }},
  ]
}}
"#
    ));
    let out = w.ok(&["import", "-no-color", "oig_request.imported", &id]);
    assert!(out.contains("Import successful"), "{out}");
    let s = w.state_of("oig_request.imported");
    assert_eq!(s["id"], id.as_str());
    assert_eq!(s["subject"], "Filed in the portal");
    assert_eq!(
        s["requester_field_values"],
        json!([
            {"id": FIELD_TEXT, "value": "needed for the audit"},
            {"id": FIELD_SELECT, "value": "Sandbox"}
        ])
    );
    w.assert_plan_clean();
    // Import made no request.
    assert_eq!(emu_requests(&emu).len(), 1);
    let log = emu.log();
    assert!(log.iter().all(|e| e["method"] == "GET"), "{log:#?}");

    // A malformed ID is refused before any call.
    let config = std::fs::read_to_string(w.path().join("main.tf")).unwrap_or_default();
    std::fs::write(
        w.path().join("main.tf"),
        config.replace("\"imported\"", "\"other\""),
    )
    .unwrap_or_default();
    let out = w.fails(&["import", "-no-color", "oig_request.other", "12345"]);
    assert!(
        flat(&out).contains("A request is imported by its ID, 24 characters"),
        "{out}"
    );
}

#[test]
fn create_errors_are_clear_and_create_nothing() {
    let emu = Emulator::start();
    let w = Workdir::new(&emu);
    let request = |type_id: &str, extra: &str| {
        format!(
            "provider \"oig\" {{}}\n\nresource \"oig_request\" \"r\" {{\n  request_type_id = \"{type_id}\"\n  subject         = \"needs access\"\n{extra}\n}}\n"
        )
    };
    // A required requester field left out: Okta's 409, named.
    w.write(&request(
        TYPE_FIELDS,
        &format!("  requester_field_values = [{{ id = \"{FIELD_SELECT}\", value = \"Sandbox\" }}]"),
    ));
    let out = flat(&w.fails(&["apply", "-auto-approve", "-no-color"]));
    assert!(
        out.contains(&format!("Unable to create request \"needs access\": requester_field_values do not satisfy request type {TYPE_FIELDS}"))
            && out.contains("HTTP 409")
            && out.contains(&format!("missing {FIELD_TEXT}")),
        "{out}"
    );
    // An unpublished request type.
    w.write(&request(TYPE_DRAFT, ""));
    let out = flat(&w.fails(&["apply", "-auto-approve", "-no-color"]));
    assert!(
        out.contains(&format!("request type {TYPE_DRAFT} is not published"))
            && out.contains("Current status: DRAFT"),
        "{out}"
    );
    // A request type that does not exist.
    let unknown = "0123456789abcdef01234567";
    w.write(&request(unknown, ""));
    let out = flat(&w.fails(&["apply", "-auto-approve", "-no-color"]));
    assert!(
        out.contains(&format!("request type {unknown} does not exist"))
            && out.contains("not found"),
        "{out}"
    );
    // Nothing was created, and nothing is in Terraform's state.
    assert!(emu_requests(&emu).is_empty());
    assert_eq!(w.state_of("oig_request.r"), Value::Null);
    let posts = emu.log().iter().filter(|e| e["method"] == "POST").count();
    assert_eq!(posts, 3, "each failed create is sent once, never repeated");

    // Plan-time checks, before any call.
    emu.clear_log();
    for (extra, type_id, message) in [
        (
            format!("  requester_user_ids = [\"{TOKEN_USER}\", \"{OTHER_USER}\"]"),
            TYPE_PLAIN,
            "requester_user_ids must hold exactly one Okta user ID",
        ),
        (
            "  requester_field_values = [{ id = \"nope\", value = \"x\" }]".to_string(),
            TYPE_PLAIN,
            "requester_field_values[0].id must be the UUID",
        ),
        (
            String::new(),
            "short",
            "request_type_id must be exactly 24 characters long",
        ),
    ] {
        w.write(&request(type_id, &extra));
        let out = flat(&w.fails(&["plan", "-no-color"]));
        assert!(out.contains(message), "{out}");
    }
    w.write(&request(TYPE_PLAIN, "").replace("needs access", &"s".repeat(251)));
    let out = flat(&w.fails(&["plan", "-no-color"]));
    assert!(
        out.contains("subject must be 1 to 250 characters long; got 251 characters"),
        "{out}"
    );
    assert!(emu.log().iter().all(|e| e["method"] == "GET"));
}

#[test]
fn messages_up_to_the_limit_and_one_over_rejected_at_plan() {
    let emu = Emulator::start();
    let id = seed(&emu, "needs context");
    let w = Workdir::new(&emu);
    let long = "m".repeat(4999) + "\n";
    let hcl = |message_hcl: &str| {
        format!(
            r#"provider "oig" {{}}

resource "oig_request_message" "short" {{
  request_id = "{id}"
  message    = <<-EOT
    First line.
    Second line.
  EOT
}}

resource "oig_request_message" "long" {{
  request_id = "{id}"
  message    = {message_hcl}
}}
"#
        )
    };
    w.write(&hcl(&format!("\"{}\\n\"", "m".repeat(4999))));
    w.apply();
    let messages = emu_messages(&emu);
    assert_eq!(messages.len(), 2, "{messages:#?}");
    let texts: Vec<&str> = messages
        .iter()
        .map(|m| m["message"].as_str().unwrap_or_default())
        .collect();
    assert!(texts.contains(&"First line.\nSecond line.\n"), "{texts:?}");
    assert!(texts.contains(&long.as_str()));
    assert!(messages.iter().all(|m| m["requestId"] == id.as_str()));
    let short = w.state_of("oig_request_message.short");
    assert_eq!(short["message"], "First line.\nSecond line.\n");
    assert!(
        short["id"].is_string() && short["created"].is_string(),
        "{short}"
    );
    assert_eq!(short["created_by"], TOKEN_USER);
    w.assert_plan_clean();

    // 5001 characters: refused at plan time with the limit named, nothing sent.
    emu.clear_log();
    w.write(&hcl(&format!("\"{}\"", "m".repeat(5001))));
    let out = flat(&w.fails(&["plan", "-no-color"]));
    assert!(
        out.contains("message must be 1 to 5000 characters long; got 5001 characters"),
        "{out}"
    );
    assert!(emu.log().iter().all(|e| e["method"] != "POST"));
    assert_eq!(emu_messages(&emu).len(), 2);

    // A changed message adds a new one; destroy only forgets them, with a warning.
    w.write(&hcl("\"Updated context.\""));
    let out = w.apply();
    assert!(out.contains("1 added, 0 changed, 1 destroyed"), "{out}");
    assert!(
        flat(&out).contains("Okta's API cannot delete request messages"),
        "{out}"
    );
    assert_eq!(emu_messages(&emu).len(), 3);
    let out = flat(&w.ok(&["destroy", "-auto-approve", "-no-color"]));
    assert!(
        out.contains("Warning: Request message left in Okta") && out.contains(&id),
        "{out}"
    );
    assert_eq!(emu_messages(&emu).len(), 3);
}

#[test]
fn data_sources_from_a_module_output() {
    let emu = Emulator::start();
    let resolved = seed(&emu, "already resolved");
    set_status(&emu, &resolved, "RESOLVED");
    let w = Workdir::new(&emu);
    w.write_module(
        "lookup",
        r#"variable "request_id" {
  type = string
}

variable "status" {
  type = string
}

data "oig_requests" "by_status" {
  request_status = var.status
  order_by       = "created asc"
}

data "oig_request" "one" {
  id = var.request_id
}

output "subjects" {
  value = [for r in data.oig_requests.by_status.requests : r.subject]
}

output "one" {
  value = data.oig_request.one
}
"#,
    );
    w.write(&format!(
        r#"provider "oig" {{}}

resource "oig_request" "new" {{
  request_type_id = "{TYPE_FIELDS}"
  subject         = "from terraform"
  requester_field_values = [
    {{ id = "{FIELD_TEXT}", value = "why" }},
    {{ id = "{FIELD_SELECT}", value = "Sandbox" }},
  ]
}}

module "lookup" {{
  source     = "./modules/lookup"
  request_id = oig_request.new.id
  status     = oig_request.new.request_status
}}

output "open_subjects" {{
  value = module.lookup.subjects
}}

output "one" {{
  value = module.lookup.one
}}
"#
    ));
    w.ok(&["init", "-no-color", "-input=false"]);
    w.apply();
    let out = w.output_json();
    assert_eq!(out["open_subjects"]["value"], json!(["from terraform"]));
    let one = &out["one"]["value"];
    let new_id = w.state_of("oig_request.new")["id"].clone();
    assert_eq!(one["id"], new_id);
    assert_eq!(one["subject"], "from terraform");
    assert_eq!(one["request_type_id"], TYPE_FIELDS);
    assert_eq!(one["requester_user_ids"], json!([TOKEN_USER]));
    assert_eq!(one["request_status"], "OPEN");
    assert_eq!(one["approvals"][0]["status"], "PENDING");
    assert_eq!(one["approvals"][0]["decision"], Value::Null);
    assert_eq!(one["actions"][0]["status"], "PENDING");
    assert_eq!(
        one["requester_field_values"],
        json!([
            {"id": FIELD_TEXT, "prompt": one["requester_field_values"][0]["prompt"], "type": "TEXT", "required": true, "value": "why"},
            {"id": FIELD_SELECT, "prompt": one["requester_field_values"][1]["prompt"], "type": "SELECT", "required": false, "value": "Sandbox"},
            {"id": "ec9da40d-9c1b-41c6-8016-edfd010b02d2", "prompt": one["requester_field_values"][2]["prompt"], "type": "DATE-TIME", "required": false, "value": null}
        ])
    );
    assert!(one["requester_field_values"][0]["prompt"].is_string());
    // The emulator holds the seeded request and the new one; the module read the new one.
    let in_emu = emu_requests(&emu);
    assert_eq!(in_emu.len(), 2);
    assert!(in_emu.iter().any(|r| r["id"] == new_id));
    assert!(emu
        .log()
        .iter()
        .any(|e| e["path"] == format!("{LIST_PATH}/{}", new_id.as_str().unwrap_or_default())));
    w.assert_plan_clean();
}

#[test]
fn an_unanswered_create_is_looked_up_not_repeated() {
    let emu = Emulator::start();
    // The first POST is processed but its answer is lost.
    emu.fault(json!({"method": "POST", "pathPrefix": LIST_PATH, "drop": "after"}));
    let w = Workdir::new(&emu);
    w.write(&format!(
        "provider \"oig\" {{}}\n\nresource \"oig_request\" \"r\" {{\n  request_type_id = \"{TYPE_PLAIN}\"\n  subject         = \"exactly once\"\n}}\n"
    ));
    w.apply();
    let in_emu = emu_requests(&emu);
    assert_eq!(in_emu.len(), 1, "{in_emu:#?}");
    let s = w.state_of("oig_request.r");
    assert_eq!(s["id"], in_emu[0]["id"]);
    assert_eq!(s["request_status"], "OPEN");
    let posts = emu.log().iter().filter(|e| e["method"] == "POST").count();
    assert_eq!(posts, 1);
    w.assert_plan_clean();
}

#[test]
fn list_configuration_errors_at_plan_time() {
    let emu = Emulator::start();
    let w = Workdir::new(&emu);
    for (body, message) in [
        (
            "  filter         = \"requestStatus eq \\\"OPEN\\\"\"\n  request_status = \"OPEN\"",
            "filter cannot be combined with request_status",
        ),
        (
            "  filter             = \"requestStatus eq \\\"OPEN\\\"\"\n  last_updated_after = \"2024-01-01T00:00:00Z\"",
            "filter cannot be combined with last_updated_after",
        ),
        (
            "  request_status = \"CLOSED\"",
            "request_status must be one of \"OPEN\", \"PENDING\", \"RESOLVED\" or \"LOCKED\"; got \"CLOSED\"",
        ),
        (
            "  last_updated_before = \"2024-01-01 00:00\"",
            "last_updated_before must be an RFC 3339 date-time",
        ),
        (
            "  order_by = \"created descending\"",
            "order_by must be one of \"created\", \"created asc\", \"created desc\", \"lastUpdated\", \"lastUpdated asc\" or \"lastUpdated desc\"",
        ),
        (
            "  max_results = 0",
            "max_results must be a whole number of at least 1; got 0",
        ),
        (
            "  max_results = 2.5",
            "max_results must be a whole number of at least 1; got 2.5",
        ),
    ] {
        w.write(&format!(
            "provider \"oig\" {{}}\n\ndata \"oig_requests\" \"x\" {{\n{body}\n}}\n"
        ));
        let out = flat(&w.fails(&["plan", "-no-color"]));
        assert!(out.contains(message), "{message}\n{out}");
    }
    w.write("provider \"oig\" {}\n\ndata \"oig_request\" \"x\" {\n  id = \"abc\"\n}\n");
    let out = flat(&w.fails(&["plan", "-no-color"]));
    assert!(
        out.contains("id must be exactly 24 characters long"),
        "{out}"
    );
    // None of it reached the API.
    assert!(list_calls(&emu).is_empty());
    assert!(emu.log().is_empty(), "{:#?}", emu.log());
}
