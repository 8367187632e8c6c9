//! Acceptance tests of the requests v1 list data source (`oig_requests`): filters, ordering,
//! pagination, use from a module, and configuration errors at plan. The real Terraform CLI
//! against a spawned oig-emulator (the resources are in `acc_requests.rs`).

mod common;

use std::time::Duration;

use common::requests::*;
use common::{flat, Emulator, Workdir};
use serde_json::{json, Value};

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
fn data_sources_from_a_module_output() {
    let emu = Emulator::start();
    let resolved = seed(&emu, "already resolved");
    set_status(&emu, &resolved, "RESOLVED");
    let w = Workdir::new(&emu);
    w.write_module(
        "lookup",
        &["request_id", "status"],
        r#"data "oig_requests" "by_status" {
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
{}
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
"#,
        field_values(&[(FIELD_TEXT, "why"), (FIELD_SELECT, "Sandbox")]),
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
fn list_configuration_errors_at_plan_time() {
    let (emu, w) = Workdir::with_emulator();
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
