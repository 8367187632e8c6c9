//! Org request settings (provisioning) and resource request settings.

mod common;

use std::time::Duration;

use common::*;
use serde_json::{json, Value};

const ORG: &str = "/governance/api/v2/request-settings";

#[tokio::test]
async fn org_settings_provisioning_flow() {
    let emu = Emu::start_with(&["--provisioning-delay-ms", "1000"]).await;
    let g = emu.get(ORG).await;
    g.assert_status(200);
    assert_eq!(
        g.body,
        json!({ "subprocessorsAcknowledged": false, "provisioningStatus": "NOT_PROVISIONED",
                "requestExperiences": [], "longTimePastProvisioned": false })
    );
    // Un-acknowledged stays un-acknowledged.
    let p = emu
        .patch(ORG, json!({ "subprocessorsAcknowledged": false }))
        .await;
    p.assert_status(200);
    assert_eq!(p.body["subprocessorsAcknowledged"], false);

    let p = emu
        .patch(ORG, json!({ "subprocessorsAcknowledged": true }))
        .await;
    p.assert_status(200);
    assert_eq!(p.body["subprocessorsAcknowledged"], true);
    // Acknowledged but not provisioned yet (the API has no PROVISIONING status).
    assert_eq!(p.body["provisioningStatus"], "NOT_PROVISIONED");
    assert_eq!(
        emu.get(ORG).await.body["provisioningStatus"],
        "NOT_PROVISIONED"
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let g = emu.get(ORG).await;
    assert_eq!(g.body["provisioningStatus"], "PROVISIONED");
    assert_eq!(g.body["subprocessorsAcknowledged"], true);
    // Acknowledging again is a no-op; revoking is rejected.
    let again = emu
        .patch(ORG, json!({ "subprocessorsAcknowledged": true }))
        .await;
    assert_eq!(again.body["provisioningStatus"], "PROVISIONED");
    emu.patch(ORG, json!({ "subprocessorsAcknowledged": false }))
        .await
        .assert_error(400, "E0000001", Some("subprocessorsAcknowledged"));
    let state = emu.control("GET", "/state", None).await;
    assert_eq!(state.body["org"]["provisioningStatus"], "PROVISIONED");
}

#[tokio::test]
async fn org_settings_provisioning_failure_and_retry() {
    let emu = Emu::start_with(&["--provisioning-delay-ms", "0"]).await;
    let c = emu
        .control(
            "POST",
            "/provisioning",
            Some(json!({ "outcome": "PROVISIONING_FAILED", "delayMs": 1000 })),
        )
        .await;
    assert_eq!(c.status, 200, "{}", c.text);
    emu.patch(ORG, json!({ "subprocessorsAcknowledged": true }))
        .await
        .assert_status(200);
    assert_eq!(
        emu.get(ORG).await.body["provisioningStatus"],
        "NOT_PROVISIONED"
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(
        emu.get(ORG).await.body["provisioningStatus"],
        "PROVISIONING_FAILED"
    );
    // Retry after switching the outcome.
    emu.control(
        "POST",
        "/provisioning",
        Some(json!({ "outcome": "PROVISIONED", "delayMs": 0 })),
    )
    .await
    .assert_status(200);
    let p = emu
        .patch(ORG, json!({ "subprocessorsAcknowledged": true }))
        .await;
    assert_eq!(p.body["provisioningStatus"], "PROVISIONED");
    emu.control("POST", "/provisioning", Some(json!({ "outcome": "MAYBE" })))
        .await
        .assert_status(400);
}

#[tokio::test]
async fn org_settings_validation() {
    let emu = Emu::start().await;
    emu.patch(ORG, json!({})).await.assert_error(
        400,
        "E0000001",
        Some("subprocessorsAcknowledged"),
    );
    emu.patch(ORG, json!({ "subprocessorsAcknowledged": "yes" }))
        .await
        .assert_error(400, "E0000001", Some("subprocessorsAcknowledged"));
    emu.patch(ORG, json!(true))
        .await
        .assert_error(400, "E0000001", Some("body"));
    assert_eq!(emu.get(ORG).await.body["subprocessorsAcknowledged"], false);
}

#[tokio::test]
async fn resource_settings_get() {
    let emu = Emu::start().await;
    let full = emu.get(&settings_path(APP_FULL)).await;
    full.assert_status(200);
    // The valid* lists come back in any order (live Okta shuffles them): compare sorted.
    let types = |v: &Value, k: &str| -> Vec<String> {
        let mut t = strings_of(&v[k], "type");
        t.sort();
        t
    };
    assert_eq!(
        types(&full.body, "validAccessScopeSettings"),
        ["ENTITLEMENT_BUNDLES", "GROUPS", "RESOURCE_DEFAULT"]
    );
    assert_eq!(
        types(&full.body, "validRequesterSettings"),
        ["EVERYONE", "GROUPS"]
    );
    let groups = emu.get(&settings_path(APP_GROUPS_ONLY)).await;
    assert_eq!(types(&groups.body, "validRequesterSettings"), ["GROUPS"]);
    assert_eq!(types(&groups.body, "validAccessScopeSettings"), ["GROUPS"]);
    let dur = emu.get(&settings_path(APP_DURATION)).await;
    assert_eq!(dur.body["validAccessDurationSettings"]["required"], true);
    assert_eq!(dur.body["validAccessDurationSettings"]["maximumDays"], 30);
    let none = emu.get(&settings_path(APP_UNSUPPORTED)).await;
    assert_eq!(none.body["validRequesterSettings"], json!([]));
    emu.get(&settings_path("0oanope0000000000000"))
        .await
        .assert_error(404, "E0000007", None);
    emu.patch(
        &settings_path("0oanope0000000000000"),
        json!({ "requestOnBehalfOfSettings": null }),
    )
    .await
    .assert_error(404, "E0000007", None);
}

#[tokio::test]
async fn resource_settings_request_on_behalf_of() {
    let emu = Emu::start().await;
    emu.allow_on_behalf_of(APP_FULL).await;
    let p = emu
        .patch_on_behalf_of(
            APP_FULL,
            json!({ "allowed": true, "onlyFor": ["DIRECT_REPORT"] }),
        )
        .await;
    assert_eq!(
        p.body["requestOnBehalfOfSettings"]["onlyFor"],
        json!(["DIRECT_REPORT"])
    );
    assert_eq!(
        without_order(&emu.get(&settings_path(APP_FULL)).await.body),
        without_order(&p.body)
    );
    let p = emu.patch_on_behalf_of(APP_FULL, Value::Null).await;
    p.assert_status(200);
    assert!(p.body.get("requestOnBehalfOfSettings").is_none());

    let cases: Vec<(Value, &str)> = vec![
        (
            json!({ "onlyFor": ["DIRECT_REPORT"] }),
            "requestOnBehalfOfSettings.allowed",
        ),
        (
            json!({ "allowed": false }),
            "requestOnBehalfOfSettings.allowed",
        ),
        (
            json!({ "allowed": "yes" }),
            "requestOnBehalfOfSettings.allowed",
        ),
        (
            json!({ "allowed": true, "onlyFor": [] }),
            "requestOnBehalfOfSettings.onlyFor",
        ),
        (
            json!({ "allowed": true, "onlyFor": ["MANAGER"] }),
            "requestOnBehalfOfSettings.onlyFor[0]",
        ),
        (
            json!({ "allowed": true, "onlyFor": "DIRECT_REPORT" }),
            "requestOnBehalfOfSettings.onlyFor",
        ),
        (
            json!({ "allowed": true, "who": 1 }),
            "requestOnBehalfOfSettings.who",
        ),
    ];
    for (robo, field) in cases {
        emu.patch(
            &settings_path(APP_FULL),
            json!({ "requestOnBehalfOfSettings": robo }),
        )
        .await
        .assert_error(400, "E0000001", Some(field));
    }
    // Live Okta does not hold the PATCH to validRequestOnBehalfOfSettings: {"allowed": true}
    // was accepted and echoed where that list is [] (TestAccRequestSettingResource_basic).
    let p = emu.allow_on_behalf_of(APP_GROUPS_ONLY).await;
    assert_eq!(p.body["validRequestOnBehalfOfSettings"], json!([]));
    emu.patch_on_behalf_of(
        APP_DURATION,
        json!({ "allowed": true, "onlyFor": ["DIRECT_REPORT"] }),
    )
    .await
    .assert_status(200);
    emu.patch_on_behalf_of(APP_DURATION, json!({ "allowed": true }))
        .await
        .assert_status(200);
    // Unknown and missing properties.
    emu.patch(&settings_path(APP_FULL), json!({ "severity": "HIGH" }))
        .await
        .assert_error(400, "E0000001", Some("severity"));
    emu.patch(&settings_path(APP_FULL), json!({}))
        .await
        .assert_error(400, "E0000001", Some("requestOnBehalfOfSettings"));
}

#[tokio::test]
async fn resource_settings_risk() {
    let emu = Emu::start().await;
    let r = emu.get(&settings_path(APP_FULL)).await;
    assert_eq!(
        r.body["riskSettings"]["defaultSetting"]["requestSubmissionType"],
        "RESTRICTED"
    );
    for t in ["ALLOWED_WITH_NO_OVERRIDES", "RESTRICTED"] {
        let p = emu
            .patch(
                &settings_path(APP_FULL),
                json!({ "riskSettings": { "defaultSetting": { "requestSubmissionType": t } } }),
            )
            .await;
        p.assert_status(200);
        assert_eq!(
            p.body["riskSettings"],
            json!({ "defaultSetting": { "requestSubmissionType": t } })
        );
    }
    let p = emu
        .patch(
            &settings_path(APP_FULL),
            json!({ "riskSettings": { "defaultSetting": {
                "requestSubmissionType": "ALLOWED_WITH_OVERRIDES",
                "approvalSequenceId": SEQ_2,
                "accessDurationSettings": { "type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "P2W" }
            } } }),
        )
        .await;
    p.assert_status(200);
    assert_eq!(
        p.body["riskSettings"]["defaultSetting"]["approvalSequenceId"],
        SEQ_2
    );
    let p = emu
        .patch(
            &settings_path(APP_FULL),
            json!({ "riskSettings": { "defaultSetting": {
                "requestSubmissionType": "ALLOWED_WITH_OVERRIDES", "approvalSequenceId": SEQ_2, "accessDurationSettings": null
            } } }),
        )
        .await;
    p.assert_status(200);
    assert!(p.body["riskSettings"]["defaultSetting"]
        .get("accessDurationSettings")
        .is_none());

    let d = "riskSettings.defaultSetting";
    let cases: Vec<(Value, String)> = vec![
        (json!({}), d.to_string()),
        (
            json!({ "defaultSetting": {} }),
            format!("{d}.requestSubmissionType"),
        ),
        (
            json!({ "defaultSetting": { "requestSubmissionType": "SOMETIMES" } }),
            format!("{d}.requestSubmissionType"),
        ),
        (
            json!({ "defaultSetting": { "requestSubmissionType": "ALLOWED_WITH_OVERRIDES" } }),
            format!("{d}.approvalSequenceId"),
        ),
        (
            json!({ "defaultSetting": { "requestSubmissionType": "ALLOWED_WITH_OVERRIDES", "approvalSequenceId": "short" } }),
            format!("{d}.approvalSequenceId"),
        ),
        (
            json!({ "defaultSetting": { "requestSubmissionType": "ALLOWED_WITH_OVERRIDES", "approvalSequenceId": "ffffffffffffffffffffffff" } }),
            format!("{d}.approvalSequenceId"),
        ),
        (
            json!({ "defaultSetting": { "requestSubmissionType": "ALLOWED_WITH_OVERRIDES", "approvalSequenceId": SEQ_1,
            "accessDurationSettings": { "type": "ADMIN_FIXED_DURATION", "duration": "P13W" } } }),
            format!("{d}.accessDurationSettings.duration"),
        ),
        (
            json!({ "defaultSetting": { "requestSubmissionType": "RESTRICTED", "approvalSequenceId": SEQ_1 } }),
            format!("{d}.approvalSequenceId"),
        ),
        (
            json!({ "defaultSetting": { "requestSubmissionType": "ALLOWED_WITH_NO_OVERRIDES",
            "accessDurationSettings": { "type": "ADMIN_FIXED_DURATION", "duration": "P1D" } } }),
            format!("{d}.accessDurationSettings"),
        ),
        (
            json!({ "defaultSetting": { "requestSubmissionType": "RESTRICTED", "severity": 1 } }),
            format!("{d}.severity"),
        ),
    ];
    for (risk, field) in cases {
        emu.patch(&settings_path(APP_FULL), json!({ "riskSettings": risk }))
            .await
            .assert_error(400, "E0000001", Some(&field));
    }
    emu.patch(&settings_path(APP_FULL), json!({ "riskSettings": null }))
        .await
        .assert_error(400, "E0000001", Some("riskSettings"));
    // Resources without DEFAULT_SETTING support reject risk settings.
    emu.patch(
        &settings_path(APP_GROUPS_ONLY),
        json!({ "riskSettings": { "defaultSetting": { "requestSubmissionType": "RESTRICTED" } } }),
    )
    .await
    .assert_error(400, "E0000001", Some("riskSettings"));

    // Deleting the override's approval sequence turns the setting into an error state.
    emu.control("DELETE", &format!("/approval-sequences/{SEQ_2}"), None)
        .await
        .assert_status(200);
    let r = emu.get(&settings_path(APP_FULL)).await;
    r.assert_status(200);
    assert_eq!(
        r.body["riskSettings"]["defaultSetting"]["requestSubmissionType"],
        "RESTRICTED"
    );
    assert_eq!(
        r.body["riskSettings"]["defaultSetting"]["error"],
        json!(["INVALID_SEQUENCE"])
    );
}

/// The settings with every `valid*` list sorted (live Okta returns them in any order).
fn without_order(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), without_order(x)))
                .collect(),
        ),
        Value::Array(a) => {
            let mut items: Vec<Value> = a.iter().map(without_order).collect();
            items.sort_by_key(|x| x.to_string());
            Value::Array(items)
        }
        other => other.clone(),
    }
}
