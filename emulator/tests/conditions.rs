//! Request conditions: every operation, validation rule and state transition.

mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn create_get_list_patch_delete_round_trip() {
    let emu = Emu::start().await;
    let created = emu
        .create_condition(
            APP_FULL,
            json!({
                "name": "Application | Fixed | Groups",
                "description": "thirty days for two groups",
                "approvalSequenceId": SEQ_1,
                "requesterSettings": { "type": "GROUPS", "groups": [ { "id": GROUP_1 }, { "id": GROUP_2 } ] },
                "accessScopeSettings": { "type": "ENTITLEMENT_BUNDLES", "entitlementBundles": [ { "id": BUNDLE_1 } ] },
                "accessDurationSettings": { "type": "ADMIN_FIXED_DURATION", "duration": "P30D" },
                "priority": 3
            }),
        )
        .await;
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 20);
    assert!(id.starts_with("rco"));
    assert!(id[3..].chars().all(|c| c.is_ascii_alphanumeric()));
    assert_eq!(created["status"], "INACTIVE");
    assert_eq!(created["priority"], 3);
    assert_eq!(created["createdBy"], USER_ADMIN);
    assert_eq!(created["requesterSettings"]["groups"][1]["id"], GROUP_2);
    let ts = created["created"].as_str().unwrap();
    assert!(
        ts.ends_with('Z') && ts.len() == 20,
        "RFC 3339 in whole seconds, as live Okta: {ts}"
    );
    assert!(created["_links"]["self"]["href"]
        .as_str()
        .unwrap()
        .ends_with(&condition_path(APP_FULL, &id)));

    let got = emu.get(&condition_path(APP_FULL, &id)).await;
    got.assert_status(200);
    assert_eq!(got.body, created);

    let list = emu.get(&conditions_path(APP_FULL)).await;
    list.assert_status(200);
    assert_eq!(list.body["data"].as_array().unwrap().len(), 1);
    assert_eq!(list.body["data"][0]["id"], id.as_str());
    assert!(list.body["_links"]["self"]["href"].is_string());
    // The list is sparse: settings carry their type only.
    assert_eq!(
        list.body["data"][0]["requesterSettings"],
        json!({ "type": "GROUPS" })
    );

    let patched = emu
        .patch(
            &condition_path(APP_FULL, &id),
            json!({
                "name": "Application | Fixed | Groups",
                "description": "changed",
                "priority": 7,
                "approvalSequenceId": SEQ_2,
                "accessDurationSettings": null
            }),
        )
        .await;
    patched.assert_status(200);
    assert_eq!(patched.body["description"], "changed");
    assert_eq!(patched.body["priority"], 7);
    assert_eq!(patched.body["approvalSequenceId"], SEQ_2);
    assert!(patched.body.get("accessDurationSettings").is_none());
    assert_eq!(patched.body["status"], "INACTIVE");
    assert_eq!(patched.body["created"], created["created"]);

    emu.call("DELETE", &condition_path(APP_FULL, &id), None)
        .await
        .assert_status(204);
    emu.get(&condition_path(APP_FULL, &id))
        .await
        .assert_error(404, "E0000007", None);
    emu.call("DELETE", &condition_path(APP_FULL, &id), None)
        .await
        .assert_error(404, "E0000007", None);
    let list = emu.get(&conditions_path(APP_FULL)).await;
    assert_eq!(list.body["data"], json!([]));
}

#[tokio::test]
async fn orn_resource_ids_are_accepted() {
    let emu = Emu::start().await;
    let orn = format!("orn:okta:idp:00o1234567890abcdefg:apps:salesforce:{APP_FULL}");
    let created = emu
        .create_condition(&orn, everyone_condition("via orn"))
        .await;
    let id = created["id"].as_str().unwrap();
    emu.get(&condition_path(APP_FULL, id))
        .await
        .assert_status(200);
    emu.get(&condition_path(&orn, id)).await.assert_status(200);
    emu.get(&format!(
        "/governance/api/v2/resources/{orn}/request-settings"
    ))
    .await
    .assert_status(200);
    let unknown = "orn:okta:idp:00o1234567890abcdefg:apps:salesforce:0oaunknown0000000000";
    emu.get(&conditions_path(unknown))
        .await
        .assert_error(404, "E0000007", None);
}

#[tokio::test]
async fn unknown_resource_and_condition_are_404() {
    let emu = Emu::start().await;
    let r = emu.get(&conditions_path("0oanotthere000000000")).await;
    r.assert_error(404, "E0000007", None);
    assert_eq!(
        r.body["errorSummary"],
        "Not found: Resource not found: 0oanotthere000000000 (Resource)"
    );
    emu.post(
        &conditions_path("0oanotthere000000000"),
        everyone_condition("x"),
    )
    .await
    .assert_error(404, "E0000007", None);
    let missing = condition_path(APP_FULL, "rcoAAAAAAAAAAAAAAAAA");
    emu.get(&missing).await.assert_error(404, "E0000007", None);
    emu.patch(&missing, json!({ "priority": 1 }))
        .await
        .assert_error(404, "E0000007", None);
    assert_status_changes_fail(&emu, &missing, 404, "E0000007").await;
    // A condition is only found under its own resource.
    let (_, c) = emu.new_condition("mine").await;
    emu.get(&condition_path(APP_DURATION, c["id"].as_str().unwrap()))
        .await
        .assert_error(404, "E0000007", None);
}

#[tokio::test]
async fn state_machine_activate_deactivate() {
    let emu = Emu::start().await;
    let (p, _) = emu.new_condition("sm").await;

    let d = emu.transition(&p, "deactivate").await;
    d.assert_error(409, "E0000195", None);
    assert_eq!(
        d.body["errorSummary"],
        "Api validation failed due to conflict: Request Condition"
    );
    assert_eq!(
        d.causes(),
        vec!["Only Request Condition with status=ACTIVE may be deactivated".to_string()]
    );

    let a = emu.call("POST", &format!("{p}/activate"), None).await;
    a.assert_status(200);
    assert_eq!(a.body["status"], "ACTIVE");

    let again = emu.transition(&p, "activate").await;
    again.assert_error(409, "E0000195", None);
    assert_eq!(
        again.causes(),
        vec!["Only Request Condition with status=INACTIVE may be activated".to_string()]
    );

    // PATCH keeps ACTIVE.
    let patched = emu
        .patch(&p, json!({ "description": "still active" }))
        .await;
    patched.assert_status(200);
    assert_eq!(patched.body["status"], "ACTIVE");

    let d = emu.transition(&p, "deactivate").await;
    d.assert_status(200);
    assert_eq!(d.body["status"], "INACTIVE");
    let patched = emu.patch(&p, json!({ "priority": 2 })).await;
    assert_eq!(patched.body["status"], "INACTIVE");

    // Deleting an ACTIVE condition is refused, as live Okta does; INACTIVE deletes.
    emu.transition(&p, "activate").await.assert_status(200);
    emu.call("DELETE", &p, None)
        .await
        .assert_error(409, "E0000195", None);
    emu.transition(&p, "deactivate").await.assert_status(200);
    emu.call("DELETE", &p, None).await.assert_status(204);
}

#[tokio::test]
async fn approval_sequence_deletion_makes_conditions_invalid() {
    let emu = Emu::start().await;
    let (p1, _) = emu.new_condition("uses seq 1").await;
    let (p2, _) = emu.new_condition_on("uses seq 2", SEQ_2).await;
    emu.transition(&p1, "activate").await.assert_status(200);

    let del = emu
        .control("DELETE", &format!("/approval-sequences/{SEQ_1}"), None)
        .await;
    assert_eq!(del.status, 200, "{}", del.text);
    emu.control("DELETE", &format!("/approval-sequences/{SEQ_1}"), None)
        .await
        .assert_status(404);

    let got = emu.get(&p1).await;
    got.assert_status(200);
    assert_eq!(got.body["status"], "INVALID");
    assert!(got.body.get("approvalSequenceId").is_none());
    let list = emu.get(&conditions_path(APP_FULL)).await;
    let statuses = strings_of(&list.body["data"], "status");
    assert!(statuses.contains(&"INVALID".into()) && statuses.contains(&"INACTIVE".into()));
    assert_eq!(emu.get(&p2).await.body["status"], "INACTIVE");

    // INVALID cannot be activated or deactivated.
    assert_status_changes_fail(&emu, &p1, 409, "E0000195").await;
    // An update that would leave it INVALID is rejected ...
    emu.patch(&p1, json!({ "description": "x" }))
        .await
        .assert_error(400, "E0000001", Some("approvalSequenceId"));
    // ... the deleted sequence can no longer be used ...
    emu.patch(&p1, json!({ "approvalSequenceId": SEQ_1 }))
        .await
        .assert_error(400, "E0000001", Some("approvalSequenceId"));
    emu.post(
        &conditions_path(APP_FULL),
        everyone_condition("new with deleted seq"),
    )
    .await
    .assert_error(400, "E0000001", Some("approvalSequenceId"));
    // ... and a valid sequence heals it to INACTIVE.
    let healed = emu.patch(&p1, json!({ "approvalSequenceId": SEQ_3 })).await;
    healed.assert_status(200);
    assert_eq!(healed.body["status"], "INACTIVE");
    assert_eq!(healed.body["approvalSequenceId"], SEQ_3);
}

#[tokio::test]
async fn required_fields_on_create() {
    let emu = Emu::start().await;
    let r = emu.post(&conditions_path(APP_FULL), json!({})).await;
    r.assert_error(400, "E0000001", Some("name"));
    for f in [
        "approvalSequenceId",
        "requesterSettings",
        "accessScopeSettings",
    ] {
        r.assert_error(400, "E0000001", Some(f));
    }
    assert_eq!(r.causes().len(), 4, "{:?}", r.causes());
    for field in [
        "name",
        "approvalSequenceId",
        "requesterSettings",
        "accessScopeSettings",
    ] {
        let mut body = everyone_condition("req");
        body.as_object_mut().unwrap().remove(field);
        emu.post(&conditions_path(APP_FULL), body)
            .await
            .assert_error(400, "E0000001", Some(field));
    }
    let mut t = everyone_condition("missing type");
    t["requesterSettings"] = json!({});
    emu.post(&conditions_path(APP_FULL), t).await.assert_error(
        400,
        "E0000001",
        Some("requesterSettings.type"),
    );
}

#[tokio::test]
async fn lengths_and_ranges() {
    let emu = Emu::start().await;
    let cases: Vec<(&str, Value, &str)> = vec![
        ("name", json!(""), "name"),
        ("name", json!("n".repeat(256)), "name"),
        ("name", json!(12), "name"),
        ("description", json!(""), "description"),
        ("description", json!("d".repeat(2001)), "description"),
        ("priority", json!(-1), "priority"),
        ("priority", json!(101), "priority"),
        ("priority", json!(1.5), "priority"),
        ("priority", json!("1"), "priority"),
        (
            "approvalSequenceId",
            json!("61eb0f06c462d20007f051"),
            "approvalSequenceId",
        ),
        (
            "approvalSequenceId",
            json!("61eb0f06c462d20007f0510199"),
            "approvalSequenceId",
        ),
        (
            "approvalSequenceId",
            json!("ffffffffffffffffffffffff"),
            "approvalSequenceId",
        ),
    ];
    for (field, value, named) in cases {
        let mut body = everyone_condition(&format!("case {field}"));
        body[field] = value.clone();
        emu.post(&conditions_path(APP_FULL), body)
            .await
            .assert_error(400, "E0000001", Some(named));
    }
    // The OpenAPI file accepts names up to 255 characters (the page says 50).
    let long = "n".repeat(255);
    let (_, c) = emu.new_condition(&long).await;
    assert_eq!(c["name"], long.as_str());
    // Boundaries that are accepted.
    let mut b = everyone_condition("prio 100");
    b["priority"] = json!(100);
    b["description"] = json!("d".repeat(2000));
    emu.create_condition(APP_FULL, b).await;
    let mut b = everyone_condition("prio 0");
    b["priority"] = json!(0);
    emu.create_condition(APP_FULL, b).await;
}

#[tokio::test]
async fn default_priority_is_lowest() {
    let emu = Emu::start().await;
    let (_, a) = emu.new_condition("first").await;
    let (_, b) = emu.new_condition("second").await;
    assert_eq!(a["priority"], 0);
    assert_eq!(b["priority"], 1);
}

#[tokio::test]
async fn name_unique_per_resource_and_changeable() {
    let emu = Emu::start().await;
    let (_, c) = emu.new_condition("unique").await;
    emu.post(&conditions_path(APP_FULL), everyone_condition("unique"))
        .await
        .assert_error(400, "E0000001", Some("name"));
    // Same name on another resource is fine.
    let mut other = everyone_condition("unique");
    other["accessDurationSettings"] =
        json!({ "type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "P7D" });
    emu.create_condition(APP_DURATION, other).await;
    let p = condition_path(APP_FULL, c["id"].as_str().unwrap());
    emu.patch(&p, json!({ "name": "unique" }))
        .await
        .assert_status(200);
    // The OpenAPI document: "Writable unique key on create. Modifiable on update."
    let r = emu.patch(&p, json!({ "name": "renamed" })).await;
    r.assert_status(200);
    assert_eq!(r.body["name"], "renamed");
    assert_eq!(emu.get(&p).await.body["name"], "renamed");
    // … and stays unique.
    emu.new_condition("taken").await;
    emu.patch(&p, json!({ "name": "taken" }))
        .await
        .assert_error(400, "E0000001", Some("name"));
    assert_eq!(emu.get(&p).await.body["name"], "renamed");
}

#[tokio::test]
async fn status_is_read_only() {
    let emu = Emu::start().await;
    let mut body = everyone_condition("with status");
    body["status"] = json!("ACTIVE");
    emu.post(&conditions_path(APP_FULL), body)
        .await
        .assert_error(400, "E0000001", Some("status"));
    let (p, _) = emu.new_condition("s").await;
    emu.patch(&p, json!({ "status": "ACTIVE" }))
        .await
        .assert_error(400, "E0000001", Some("status"));
}

/// Activating and deactivating the condition at `item` both fail with `status` and `code`.
async fn assert_status_changes_fail(emu: &Emu, item: &str, status: u16, code: &str) {
    for verb in ["activate", "deactivate"] {
        emu.post(&format!("{item}/{verb}"), json!({}))
            .await
            .assert_error(status, code, None);
    }
}
