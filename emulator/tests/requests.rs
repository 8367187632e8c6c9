//! Requests v1: create (validation, 409s), get, list (filter, orderBy, limit, after, Link), messages.

mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn create_and_get() {
    let emu = Emu::start().await;
    let r = emu.file_request(RT_PLAIN, "I need access to Workday").await;
    r.assert_status(201);
    let id = r.body["id"].as_str().unwrap();
    assert_eq!(id.len(), 24);
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(r.body["requestStatus"], "OPEN");
    assert_eq!(r.body["resolved"], Value::Null);
    assert_eq!(r.body["requesterUserIds"], json!([USER_ADMIN]));
    assert_eq!(r.body["createdBy"], USER_ADMIN);
    assert_eq!(r.body["requesterFieldValues"], Value::Null);
    assert_eq!(r.body["type"], "ACCESS_REQUEST");
    assert_eq!(r.body["permalinkId"], 1);
    let got = emu.get(&format!("{REQUESTS}/{id}")).await;
    got.assert_status(200);
    assert_eq!(got.body, r.body);

    let other = emu
        .post(
            REQUESTS,
            json!({ "requestTypeId": RT_PLAIN, "subject": "for someone else", "requesterUserIds": [USER_2] }),
        )
        .await;
    other.assert_status(201);
    assert_eq!(other.body["requesterUserIds"], json!([USER_2]));
    assert_eq!(other.body["permalinkId"], 2);

    let missing = emu
        .get(&format!("{REQUESTS}/aaaaaaaaaaaaaaaaaaaaaaaa"))
        .await;
    missing.assert_error(404, "E0000007", None);
    missing.assert_summary_has("aaaaaaaaaaaaaaaaaaaaaaaa");
    emu.get(&format!("{REQUESTS}/not-an-id"))
        .await
        .assert_error(404, "E0000007", None);
}

#[tokio::test]
async fn requester_field_values() {
    let emu = Emu::start().await;
    let body = fields_request(
        "with fields",
        "To fulfill my job duties",
        "Sandbox",
        "2030-05-05T14:15:22Z",
    );
    let r = emu.post(REQUESTS, body).await;
    r.assert_status(201);
    let values = r.body["requesterFieldValues"].as_array().unwrap();
    assert_eq!(values.len(), 3);
    assert_eq!(values[0]["type"], "TEXT");
    assert_eq!(values[0]["required"], true);
    assert_eq!(values[0]["value"], "To fulfill my job duties");
    assert_eq!(values[1]["value"], json!(["Sandbox"]));
    assert_eq!(values[2]["value"], "2030-05-05T14:15:22Z");

    // A bare string for a SELECT field is accepted (page shape); optional fields may be omitted.
    let r = emu
        .post(
            REQUESTS,
            json!({
                "requestTypeId": RT_FIELDS,
                "subject": "select as string",
                "requesterFieldValues": [
                    { "id": FIELD_TEXT, "value": "x" },
                    { "id": FIELD_SELECT, "value": "Production" }
                ]
            }),
        )
        .await;
    r.assert_status(201);
    assert_eq!(
        r.body["requesterFieldValues"][1]["value"],
        json!(["Production"])
    );
    assert_eq!(r.body["requesterFieldValues"][2]["value"], Value::Null);
}

#[tokio::test]
async fn create_validation() {
    let emu = Emu::start().await;
    let ok = json!({ "requestTypeId": RT_FIELDS, "subject": "s",
                     "requesterFieldValues": [ { "id": FIELD_TEXT, "value": "why" } ] });
    let cases: Vec<(Value, &str)> = vec![
        (json!({ "subject": "s" }), "requestTypeId"),
        (json!({ "requestTypeId": RT_PLAIN }), "subject"),
        (
            json!({ "requestTypeId": RT_PLAIN, "subject": "" }),
            "subject",
        ),
        (
            json!({ "requestTypeId": RT_PLAIN, "subject": "s".repeat(251) }),
            "subject",
        ),
        (
            json!({ "requestTypeId": "61eb2db568c7c300079fe0", "subject": "s" }),
            "requestTypeId",
        ),
        (
            json!({ "requestTypeId": "zzeb2db568c7c300079fe001", "subject": "s" }),
            "requestTypeId",
        ),
        (
            json!({ "requestTypeId": "61eb2db568c7c300079fefff", "subject": "s" }),
            "requestTypeId",
        ),
        (
            json!({ "requestTypeId": RT_PLAIN, "subject": "s", "requesterUserIds": [] }),
            "requesterUserIds",
        ),
        (
            json!({ "requestTypeId": RT_PLAIN, "subject": "s", "requesterUserIds": [USER_ADMIN, USER_2] }),
            "requesterUserIds",
        ),
        (
            json!({ "requestTypeId": RT_PLAIN, "subject": "s", "requesterUserIds": ["00u22uiKQa0xXkbdGLNR"] }),
            "requesterUserIds[0]",
        ),
        (
            json!({ "requestTypeId": RT_PLAIN, "subject": "s", "requesterUserIds": "00u22uiKQa0xXkbdGLNR" }),
            "requesterUserIds",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "value": "x" } ] }),
            "requesterFieldValues[0].id",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": "nope", "value": "x" } ] }),
            "requesterFieldValues[0].id",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": "11111111-1111-4111-8111-111111111111", "value": "x" } ] }),
            "requesterFieldValues[0].id",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": FIELD_TEXT } ] }),
            "requesterFieldValues[0].value",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": FIELD_TEXT, "value": "" } ] }),
            "requesterFieldValues[0].value",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": FIELD_TEXT, "value": "x".repeat(1001) } ] }),
            "requesterFieldValues[0].value",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": FIELD_TEXT, "value": "x" }, { "id": FIELD_DATE, "value": "tomorrow" } ] }),
            "requesterFieldValues[1].value",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": FIELD_TEXT, "value": "x" }, { "id": FIELD_SELECT, "value": ["Nope"] } ] }),
            "requesterFieldValues[1].value",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": FIELD_TEXT, "value": "x" }, { "id": FIELD_SELECT, "value": ["Production", "Sandbox"] } ] }),
            "requesterFieldValues[1].value",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": FIELD_TEXT, "value": "x", "type": "SELECT" } ] }),
            "requesterFieldValues[0].type",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": "x" }),
            "requesterFieldValues",
        ),
    ];
    for (body, field) in cases {
        emu.post(REQUESTS, body)
            .await
            .assert_error(400, "E0000001", Some(field));
    }
    emu.post(REQUESTS, json!([ok.clone()]))
        .await
        .assert_error(400, "E0000001", Some("body"));
    emu.post(REQUESTS, ok).await.assert_status(201);
    // Nothing was created by the rejected calls.
    let list = emu.get(REQUESTS).await;
    assert_eq!(list.body["data"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn conflicts_409() {
    let emu = Emu::start().await;
    // Missing required requester field: 409 as the OpenAPI file documents it.
    let r = emu.file_request(RT_FIELDS, "s").await;
    r.assert_error(409, "E0000001", Some("requesterFieldValues"));
    assert!(r.causes()[0].contains("must have all required requesterFields"));
    let r = emu
        .post(
            REQUESTS,
            json!({ "requestTypeId": RT_FIELDS, "subject": "s",
                    "requesterFieldValues": [ { "id": FIELD_SELECT, "value": ["Sandbox"] } ] }),
        )
        .await;
    r.assert_error(409, "E0000001", Some("requesterFieldValues"));
    // Duplicate field ids.
    let r = emu
        .post(
            REQUESTS,
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [
                { "id": FIELD_TEXT, "value": "a" }, { "id": FIELD_TEXT, "value": "b" } ] }),
        )
        .await;
    r.assert_error(409, "E0000195", Some("requesterFieldValues"));
    // Unpublished request type.
    emu.file_request(RT_DRAFT, "s")
        .await
        .assert_error(409, "E0000195", Some("requestTypeId"))
        .assert_summary_has("must be ACTIVE. Current status: DRAFT");
    // Control endpoint publishes / unpublishes.
    set_type_status(&emu, RT_DRAFT, "PUBLISHED")
        .await
        .assert_status(200);
    emu.file_request(RT_DRAFT, "s").await.assert_status(201);
    set_type_status(&emu, RT_PLAIN, "UNPUBLISHED")
        .await
        .assert_status(200);
    emu.file_request(RT_PLAIN, "s")
        .await
        .assert_error(409, "E0000195", Some("requestTypeId"))
        .assert_summary_has("DISABLED");
    set_type_status(&emu, "61eb2db568c7c300079fefff", "PUBLISHED")
        .await
        .assert_status(404);
    set_type_status(&emu, RT_PLAIN, "WHATEVER")
        .await
        .assert_status(400);
}

#[tokio::test]
async fn messages() {
    let emu = Emu::start().await;
    let id = emu.plain_request_id("m").await;
    let p = format!("{REQUESTS}/{id}/messages");
    let r = emu
        .post(&p, json!({ "message": "Contact admin@atko.com\nfor help" }))
        .await;
    r.assert_status(201);
    assert_eq!(r.body["id"].as_str().unwrap().len(), 24);
    emu.post(&p, json!({ "message": "m".repeat(5000) }))
        .await
        .assert_status(201);
    emu.post(&p, json!({ "message": "" }))
        .await
        .assert_error(400, "E0000001", Some("message"));
    emu.post(&p, json!({ "message": "m".repeat(5001) }))
        .await
        .assert_error(400, "E0000001", Some("message"));
    emu.post(&p, json!({}))
        .await
        .assert_error(400, "E0000001", Some("message"));
    emu.post(&p, json!({ "message": 5 }))
        .await
        .assert_error(400, "E0000001", Some("message"));
    emu.post(
        &format!("{REQUESTS}/aaaaaaaaaaaaaaaaaaaaaaaa/messages"),
        json!({ "message": "x" }),
    )
    .await
    .assert_error(404, "E0000007", None);
    let state = emu.control("GET", "/state", None).await;
    assert_eq!(state.body["messages"].as_array().unwrap().len(), 2);
}

/// Publishes or unpublishes a request type through the control API.
async fn set_type_status(emu: &Emu, id: &str, status: &str) -> Resp {
    emu.control(
        "POST",
        &format!("/request-types/{id}/status"),
        Some(json!({ "status": status })),
    )
    .await
}
