//! Acceptance tests of the requests v1 resources (`oig_request`, `oig_request_message`) and data
//! sources (`oig_requests`, `oig_request`): the real Terraform CLI against a spawned
//! oig-emulator, asserting Terraform's state and outputs and the emulator's store and log. The
//! list data source's filters and paging are in `acc_requests_list.rs`.

mod common;

use common::requests::*;
use common::{flat, Emulator, Workdir};
use serde_json::{json, Value};

#[test]
fn requests_created_with_and_without_requester_refreshed_and_left_on_destroy() {
    let (emu, w) = Workdir::with_emulator();
    let hcl = format!(
        "provider \"oig\" {{}}\n\n{}\n{}",
        request_hcl(
            "mine",
            TYPE_FIELDS,
            "Break-glass: INC-1",
            &field_values(&[
                (FIELD_TEXT, "database failover"),
                (FIELD_SELECT, "Production"),
                (FIELD_DATE, "2030-01-01T00:00:00Z")
            ]),
        ),
        request_hcl(
            "theirs",
            TYPE_PLAIN,
            "For a colleague",
            &format!("  requester_user_ids = [\"{OTHER_USER}\"]"),
        ),
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
        "provider \"oig\" {{}}\n\n{}",
        request_hcl(
            "imported",
            TYPE_FIELDS,
            "Filed in the portal",
            &format!(
                "  requester_user_ids = [\"{OTHER_USER}\"]\n{}",
                field_values(&[
                    (FIELD_TEXT, "needed for the audit"),
                    (FIELD_SELECT, "Sandbox")
                ])
            ),
        )
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
    w.import_fails(
        "oig_request.other",
        "12345",
        "A request is imported by its ID, 24 characters",
    );
}

#[test]
fn create_errors_are_clear_and_create_nothing() {
    let (emu, w) = Workdir::with_emulator();
    let request = |type_id: &str, extra: &str| {
        format!(
            "provider \"oig\" {{}}\n\n{}",
            request_hcl("r", type_id, "needs access", extra)
        )
    };
    let unknown = "0123456789abcdef01234567";
    for (what, type_id, extra, expected) in [
        (
            "a required requester field left out: Okta's 409, named",
            TYPE_FIELDS,
            field_values(&[(FIELD_SELECT, "Sandbox")]),
            vec![
                format!("Unable to create request \"needs access\": requester_field_values do not satisfy request type {TYPE_FIELDS}"),
                "HTTP 409".to_string(),
                format!("missing {FIELD_TEXT}"),
            ],
        ),
        (
            "an unpublished request type",
            TYPE_DRAFT,
            String::new(),
            vec![
                format!("request type {TYPE_DRAFT} is not published"),
                "Current status: DRAFT".to_string(),
            ],
        ),
        (
            "a request type that does not exist",
            unknown,
            String::new(),
            vec![
                format!("request type {unknown} does not exist"),
                "not found".to_string(),
            ],
        ),
    ] {
        w.write(&request(type_id, &extra));
        let out = flat(&w.fails(&["apply", "-auto-approve", "-no-color"]));
        for e in &expected {
            assert!(out.contains(e), "{what}: {e:?} is not in:\n{out}");
        }
    }
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
fn an_unanswered_create_is_looked_up_not_repeated() {
    let emu = Emulator::start();
    // The first POST is processed but its answer is lost.
    emu.fault(json!({"method": "POST", "pathPrefix": LIST_PATH, "drop": "after"}));
    let w = Workdir::new(&emu);
    w.write(&format!(
        "provider \"oig\" {{}}\n\n{}",
        request_hcl("r", TYPE_PLAIN, "exactly once", "")
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
