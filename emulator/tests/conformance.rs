//! The OpenAPI check itself: it must reject wrong shapes, and a full tour of the API
//! (every operation, success and error statuses) must conform.
//! Every other test file runs the same check on every API response it receives
//! (see `common::check_conformance`).

mod common;

use common::*;
use serde_json::json;

#[test]
fn the_check_rejects_wrong_shapes() {
    let cond = "/governance/api/v2/resources/0oa1/request-conditions/rcoAAAAAAAAAAAAAAAAA";
    assert!(!conformance_errors("GET", cond, 200, &json!({ "id": 5 })).is_empty());
    assert!(!conformance_errors(
        "GET",
        cond,
        200,
        &json!({
            "id": "rcoAAAAAAAAAAAAAAAAA", "name": "n", "priority": 0, "status": "PROVISIONING",
            "requesterSettings": { "type": "EVERYONE" }, "accessScopeSettings": { "type": "RESOURCE_DEFAULT" },
            "created": "2024-01-01T00:00:00.000Z", "createdBy": USER_ADMIN,
            "lastUpdated": "2024-01-01T00:00:00.000Z", "lastUpdatedBy": USER_ADMIN,
            "_links": { "self": { "href": "x" } }
        })
    )
    .is_empty());
    assert!(!conformance_errors(
        "GET",
        "/governance/api/v2/request-settings",
        200,
        &json!({ "subprocessorsAcknowledged": true, "provisioningStatus": "PROVISIONING",
                 "requestExperiences": [], "longTimePastProvisioned": false })
    )
    .is_empty());
    assert!(!conformance_errors(
        "GET",
        "/governance/api/v1/requests",
        400,
        &json!({ "errorCode": 1 })
    )
    .is_empty());
    assert!(conformance_errors(
        "GET",
        "/governance/api/v1/requests",
        400,
        &json!({ "errorCode": "E0000001", "errorSummary": "x", "errorId": "oae1", "errorCauses": [] })
    )
    .is_empty());
    assert!(!conformance_errors("GET", "/not/in/spec", 200, &json!({})).is_empty());
    // A request sequence needs id, name, description and link; types are APP or GROUP.
    let seq = "/governance/api/v2/resources/0oa1/request-sequences/61eb0f06c462d20007f05101";
    let good = json!({ "id": "61eb0f06c462d20007f05101", "name": "n", "description": "",
                       "compatibleResourceTypes": ["APP", "GROUP"], "link": "https://x/next/sequences/1" });
    assert!(conformance_errors("GET", seq, 200, &good).is_empty());
    let mut no_link = good.clone();
    no_link.as_object_mut().unwrap().remove("link");
    assert!(!conformance_errors("GET", seq, 200, &no_link).is_empty());
    let mut bad_type = good.clone();
    bad_type["compatibleResourceTypes"] = json!(["USER"]);
    assert!(!conformance_errors("GET", seq, 200, &bad_type).is_empty());
    let list = "/governance/api/v2/resources/0oa1/request-sequences";
    assert!(conformance_errors(
        "GET",
        list,
        200,
        &json!({ "data": [good], "_links": { "self": { "href": "h" } } })
    )
    .is_empty());
    assert!(!conformance_errors("GET", list, 200, &json!({ "data": [no_link] })).is_empty());
}

#[tokio::test]
async fn tour_of_every_operation_conforms() {
    let emu = Emu::start_with(&["--provisioning-delay-ms", "0"]).await;
    // Org settings.
    emu.get("/governance/api/v2/request-settings")
        .await
        .assert_status(200);
    emu.patch(
        "/governance/api/v2/request-settings",
        json!({ "subprocessorsAcknowledged": true }),
    )
    .await
    .assert_status(200);
    emu.patch("/governance/api/v2/request-settings", json!({}))
        .await
        .assert_status(400);
    // Resource settings for each demo app.
    for app in [APP_FULL, APP_GROUPS_ONLY, APP_DURATION, APP_UNSUPPORTED] {
        emu.get(&format!(
            "/governance/api/v2/resources/{app}/request-settings"
        ))
        .await
        .assert_status(200);
    }
    let full = format!("/governance/api/v2/resources/{APP_FULL}/request-settings");
    emu.patch(
        &full,
        json!({
            "requestOnBehalfOfSettings": { "allowed": true, "onlyFor": ["DIRECT_REPORT"] },
            "riskSettings": { "defaultSetting": {
                "requestSubmissionType": "ALLOWED_WITH_OVERRIDES",
                "approvalSequenceId": SEQ_2,
                "accessDurationSettings": { "type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "P2W" }
            } }
        }),
    )
    .await
    .assert_status(200);
    emu.patch(&full, json!({ "severity": 1 }))
        .await
        .assert_status(400);
    emu.get("/governance/api/v2/resources/0oanope0000000000000/request-settings")
        .await
        .assert_status(404);
    // Conditions of every shape.
    let shapes = [
        json!({ "type": "RESOURCE_DEFAULT" }),
        json!({ "type": "GROUPS", "groups": [ { "id": GROUP_1 } ] }),
        json!({ "type": "ENTITLEMENT_BUNDLES", "entitlementBundles": [ { "id": BUNDLE_1 } ] }),
    ];
    let mut ids = Vec::new();
    for (i, scope) in shapes.iter().enumerate() {
        let c = emu
            .create_condition(
                APP_FULL,
                json!({
                    "name": format!("shape {i}"),
                    "description": "d",
                    "approvalSequenceId": SEQ_1,
                    "requesterSettings": if i == 1 { json!({ "type": "GROUPS", "groups": [ { "id": GROUP_2 } ] }) } else { json!({ "type": "EVERYONE" }) },
                    "accessScopeSettings": scope,
                    "accessDurationSettings": if i == 2 {
                        json!({ "type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "PT4H" })
                    } else {
                        json!({ "type": "ADMIN_FIXED_DURATION", "duration": "P2W" })
                    },
                }),
            )
            .await;
        ids.push(c["id"].as_str().unwrap().to_string());
    }
    let p0 = condition_path(APP_FULL, &ids[0]);
    emu.transition(&p0, "activate").await.assert_status(200);
    emu.transition(&p0, "activate").await.assert_status(409);
    emu.transition(&p0, "deactivate").await.assert_status(200);
    emu.transition(&p0, "deactivate").await.assert_status(409);
    emu.patch(&p0, json!({ "priority": 9 }))
        .await
        .assert_status(200);
    emu.patch(&p0, json!({ "priority": 900 }))
        .await
        .assert_status(400);
    emu.post(&conditions_path(APP_FULL), json!({}))
        .await
        .assert_status(400);
    // Approval sequences.
    emu.get(&sequences_path(APP_FULL)).await.assert_status(200);
    emu.get(&sequence_path(APP_FULL, SEQ_2))
        .await
        .assert_status(200);
    emu.get(&sequence_path(APP_FULL, "ffffffffffffffffffffffff"))
        .await
        .assert_status(404);
    emu.get(&sequences_path("0oanope0000000000000"))
        .await
        .assert_status(404);
    emu.control("DELETE", &format!("/approval-sequences/{SEQ_1}"), None)
        .await;
    emu.get(&conditions_path(APP_FULL)).await.assert_status(200);
    emu.get(&p0).await.assert_status(200);
    emu.call("DELETE", &p0, None).await.assert_status(204);
    emu.get(&p0).await.assert_status(404);
    // Requests.
    let mut body = fields_request("tour", "because", "Production", "2030-01-01T00:00:00Z");
    body["requesterUserIds"] = json!([USER_2]);
    let r = emu.post("/governance/api/v1/requests", body).await;
    r.assert_status(201);
    let rid = r.body["id"].as_str().unwrap().to_string();
    emu.file_request(RT_PLAIN, "plain").await.assert_status(201);
    emu.file_request(RT_DRAFT, "x").await.assert_status(409);
    emu.file_request(RT_FIELDS, "x").await.assert_status(409);
    emu.post("/governance/api/v1/requests", json!({ "subject": "" }))
        .await
        .assert_status(400);
    emu.get(&format!("/governance/api/v1/requests/{rid}"))
        .await
        .assert_status(200);
    emu.set_request_status(&rid, "RESOLVED")
        .await
        .assert_status(200);
    let reads = [
        (format!("/governance/api/v1/requests/{rid}"), 200),
        (
            "/governance/api/v1/requests/aaaaaaaaaaaaaaaaaaaaaaaa".into(),
            404,
        ),
        ("/governance/api/v1/requests?limit=1".into(), 200),
        ("/governance/api/v1/requests?limit=0".into(), 400),
        (
            "/governance/api/v1/requests?filter=requestStatus%20eq%20%22RESOLVED%22".into(),
            200,
        ),
    ];
    for (path, status) in reads {
        let r = emu.get(&path).await;
        assert_eq!(r.status, status, "GET {path}; body: {}", r.text);
    }
    emu.post(
        &format!("/governance/api/v1/requests/{rid}/messages"),
        json!({ "message": "hello" }),
    )
    .await
    .assert_status(201);
    // Auth, rate-limit and routing errors are Okta error bodies too.
    let unauth = emu
        .send(
            "GET",
            "/governance/api/v1/requests",
            emu.http.get(emu.url("/governance/api/v1/requests")),
        )
        .await;
    unauth.assert_error(401, "E0000004", None);
    emu.call("PUT", "/governance/api/v1/requests", None)
        .await
        .assert_status(405);
}
