//! Request conditions: validation of requester, access-scope and access-duration settings
//! against the resource's request settings, on create and on PATCH.

mod common;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn requester_settings_validation() {
    let emu = Emu::start().await;
    let cases: Vec<(Value, &str)> = vec![
        (json!({ "type": "TEAMS" }), "requesterSettings.teams"),
        (
            json!({ "type": "TEAMS", "teams": [ { "id": "team0000000000000001" } ] }),
            "requesterSettings.teams[0].id",
        ),
        (
            json!({ "type": "EVERYONE", "teams": [ { "id": "team0000000000000001" } ] }),
            "requesterSettings.teams",
        ),
        (json!({ "type": "NOBODY" }), "requesterSettings.type"),
        (json!({ "type": "GROUPS" }), "requesterSettings.groups"),
        (
            json!({ "type": "GROUPS", "groups": [] }),
            "requesterSettings.groups",
        ),
        (
            json!({ "type": "GROUPS", "groups": [ { "id": "00gemu00000000000009" } ] }),
            "requesterSettings.groups[0].id",
        ),
        (
            json!({ "type": "GROUPS", "groups": [ { "id": "00gshort" } ] }),
            "requesterSettings.groups[0].id",
        ),
        (
            json!({ "type": "GROUPS", "groups": [ { "id": GROUP_1 }, { "id": GROUP_1 } ] }),
            "requesterSettings.groups[1].id",
        ),
        (
            json!({ "type": "GROUPS", "groups": [ {} ] }),
            "requesterSettings.groups[0].id",
        ),
        (
            json!({ "type": "EVERYONE", "groups": [ { "id": GROUP_1 } ] }),
            "requesterSettings.groups",
        ),
        (
            json!({ "type": "EVERYONE", "extra": 1 }),
            "requesterSettings.extra",
        ),
        (json!("EVERYONE"), "requesterSettings"),
    ];
    for (rs, field) in cases {
        let mut body = everyone_condition("rs");
        body["requesterSettings"] = rs.clone();
        let r = emu.post(&conditions_path(APP_FULL), body).await;
        r.assert_error(400, "E0000001", Some(field));
    }
    // Type not allowed by the resource's validRequesterSettings.
    let body = json!({
        "name": "everyone on groups-only app",
        "approvalSequenceId": SEQ_1,
        "requesterSettings": { "type": "EVERYONE" },
        "accessScopeSettings": { "type": "GROUPS", "groups": [ { "id": GROUP_1 } ] },
    });
    let r = emu.post(&conditions_path(APP_GROUPS_ONLY), body).await;
    r.assert_error(400, "E0000001", Some("requesterSettings"));
    assert!(r.causes()[0].contains("RequestSettings is invalid for this resource"));
}

#[tokio::test]
async fn access_scope_settings_validation() {
    let emu = Emu::start().await;
    let cases: Vec<(Value, &str)> = vec![
        (json!({ "type": "EVERYTHING" }), "accessScopeSettings.type"),
        (json!({ "type": "GROUPS" }), "accessScopeSettings.groups"),
        (
            json!({ "type": "GROUPS", "groups": [ { "id": "00gemu00000000000009" } ] }),
            "accessScopeSettings.groups[0].id",
        ),
        (
            json!({ "type": "ENTITLEMENT_BUNDLES" }),
            "accessScopeSettings.entitlementBundles",
        ),
        (
            json!({ "type": "ENTITLEMENT_BUNDLES", "entitlementBundles": [] }),
            "accessScopeSettings.entitlementBundles",
        ),
        (
            json!({ "type": "ENTITLEMENT_BUNDLES", "entitlementBundles": [ { "id": "enbemu00000000000099" } ] }),
            "accessScopeSettings.entitlementBundles[0].id",
        ),
        (
            json!({ "type": "RESOURCE_DEFAULT", "groups": [ { "id": GROUP_1 } ] }),
            "accessScopeSettings.groups",
        ),
        (
            json!({ "type": "GROUPS", "groups": [ { "id": GROUP_1 } ], "entitlementBundles": [ { "id": BUNDLE_1 } ] }),
            "accessScopeSettings.entitlementBundles",
        ),
    ];
    for (scope, field) in cases {
        let mut body = everyone_condition("scope");
        body["accessScopeSettings"] = scope.clone();
        emu.post(&conditions_path(APP_FULL), body)
            .await
            .assert_error(400, "E0000001", Some(field));
    }
    // Scope type outside validAccessScopeSettings.
    let body = json!({
        "name": "default on groups-only app",
        "approvalSequenceId": SEQ_1,
        "requesterSettings": { "type": "GROUPS", "groups": [ { "id": GROUP_1 } ] },
        "accessScopeSettings": { "type": "RESOURCE_DEFAULT" },
    });
    emu.post(&conditions_path(APP_GROUPS_ONLY), body.clone())
        .await
        .assert_error(400, "E0000001", Some("accessScopeSettings"));
    let mut ok = body;
    ok["accessScopeSettings"] = json!({ "type": "GROUPS", "groups": [ { "id": GROUP_2 } ] });
    emu.create_condition(APP_GROUPS_ONLY, ok).await;
    // The unsupported app accepts nothing.
    emu.post(
        &conditions_path(APP_UNSUPPORTED),
        everyone_condition("nope"),
    )
    .await
    .assert_error(400, "E0000001", Some("requesterSettings"));
}

#[tokio::test]
async fn access_duration_settings_validation() {
    let emu = Emu::start().await;
    let mut cases: Vec<(Value, &str)> = vec![
        (json!({ "type": "FOREVER" }), "accessDurationSettings.type"),
        (json!({ "duration": "P1D" }), "accessDurationSettings.type"),
        (
            json!({ "type": "ADMIN_FIXED_DURATION" }),
            "accessDurationSettings.duration",
        ),
        (
            json!({ "type": "ADMIN_FIXED_DURATION", "maximumDuration": "P1D" }),
            "accessDurationSettings.maximumDuration",
        ),
        (
            json!({ "type": "REQUESTER_SPECIFIED_DURATION" }),
            "accessDurationSettings.maximumDuration",
        ),
        (
            json!({ "type": "ADMIN_FIXED_DURATION", "duration": "P1D", "x": 1 }),
            "accessDurationSettings.x",
        ),
    ];
    // Fixed durations that are not ISO 8601 days, weeks or hours (or not a string), or are zero
    // or over the app's limits (90 days, 72 hours, 12 weeks).
    for duration in [
        json!("30 days"),
        json!("P5H"),
        json!("P1M"),
        json!("PT30M"),
        json!("P0D"),
        json!("P91D"),
        json!("PT73H"),
        json!("P13W"),
        json!(5),
    ] {
        cases.push((
            json!({ "type": "ADMIN_FIXED_DURATION", "duration": duration }),
            "accessDurationSettings.duration",
        ));
    }
    for (ads, field) in cases {
        let mut body = everyone_condition("ads");
        body["accessDurationSettings"] = ads.clone();
        let r = emu.post(&conditions_path(APP_FULL), body).await;
        r.assert_error(400, "E0000001", Some(field));
    }
    let r = {
        let mut body = everyone_condition("weeks");
        body["accessDurationSettings"] =
            json!({ "type": "ADMIN_FIXED_DURATION", "duration": "P13W" });
        emu.post(&conditions_path(APP_FULL), body).await
    };
    assert!(r.causes()[0].contains("Maximum weeks for access duration is 12 weeks."));

    for (i, d) in ["PT72H", "P90D", "P12W", "PT24H", "P7D", "P2W"]
        .iter()
        .enumerate()
    {
        let mut body = everyone_condition(&format!("ok {i}"));
        body["accessDurationSettings"] = json!({ "type": "ADMIN_FIXED_DURATION", "duration": d });
        let c = emu.create_condition(APP_FULL, body).await;
        assert_eq!(c["accessDurationSettings"]["duration"], *d);
    }

    // The duration app: requester-specified only, at most P30D / P4W, and required.
    let base = json!({
        "name": "dur",
        "approvalSequenceId": SEQ_1,
        "requesterSettings": { "type": "EVERYONE" },
        "accessScopeSettings": { "type": "RESOURCE_DEFAULT" },
    });
    emu.post(&conditions_path(APP_DURATION), base.clone())
        .await
        .assert_error(400, "E0000001", Some("accessDurationSettings"));
    let mut fixed = base.clone();
    fixed["accessDurationSettings"] = json!({ "type": "ADMIN_FIXED_DURATION", "duration": "P1D" });
    emu.post(&conditions_path(APP_DURATION), fixed)
        .await
        .assert_error(400, "E0000001", Some("accessDurationSettings.type"));
    for bad in ["P31D", "P5W"] {
        let mut b = base.clone();
        b["accessDurationSettings"] =
            json!({ "type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": bad });
        emu.post(&conditions_path(APP_DURATION), b)
            .await
            .assert_error(
                400,
                "E0000001",
                Some("accessDurationSettings.maximumDuration"),
            );
    }
    let mut good = base.clone();
    good["accessDurationSettings"] =
        json!({ "type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "P30D" });
    let c = emu.create_condition(APP_DURATION, good).await;
    // Removing a required duration on PATCH is rejected.
    let p = condition_path(APP_DURATION, c["id"].as_str().unwrap());
    emu.patch(&p, json!({ "accessDurationSettings": null }))
        .await
        .assert_error(400, "E0000001", Some("accessDurationSettings"));
    let changed = emu
        .patch(
            &p,
            json!({ "accessDurationSettings": { "type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "P4W" } }),
        )
        .await;
    changed.assert_status(200);
    assert_eq!(
        changed.body["accessDurationSettings"]["maximumDuration"],
        "P4W"
    );
    // Groups-only app supports only admin-fixed durations.
    let mut g = json!({
        "name": "g",
        "approvalSequenceId": SEQ_1,
        "requesterSettings": { "type": "GROUPS", "groups": [ { "id": GROUP_1 } ] },
        "accessScopeSettings": { "type": "GROUPS", "groups": [ { "id": GROUP_1 } ] },
        "accessDurationSettings": { "type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "P1D" },
    });
    emu.post(&conditions_path(APP_GROUPS_ONLY), g.clone())
        .await
        .assert_error(400, "E0000001", Some("accessDurationSettings.type"));
    g["accessDurationSettings"] = json!({ "type": "ADMIN_FIXED_DURATION", "duration": "PT8H" });
    emu.create_condition(APP_GROUPS_ONLY, g).await;
}

#[tokio::test]
async fn patch_validates_like_create() {
    let emu = Emu::start().await;
    let (p, c) = emu.new_condition("patch me").await;
    let cases: Vec<(Value, &str)> = vec![
        (json!({ "priority": 101 }), "priority"),
        (json!({ "description": "" }), "description"),
        (
            json!({ "approvalSequenceId": "short" }),
            "approvalSequenceId",
        ),
        (
            json!({ "approvalSequenceId": "ffffffffffffffffffffffff" }),
            "approvalSequenceId",
        ),
        (
            json!({ "requesterSettings": { "type": "GROUPS", "groups": [ { "id": "00gemu00000000000009" } ] } }),
            "requesterSettings.groups[0].id",
        ),
        (
            json!({ "accessScopeSettings": { "type": "ENTITLEMENT_BUNDLES", "entitlementBundles": [] } }),
            "accessScopeSettings.entitlementBundles",
        ),
        (
            json!({ "accessDurationSettings": { "type": "ADMIN_FIXED_DURATION", "duration": "P99D" } }),
            "accessDurationSettings.duration",
        ),
    ];
    for (body, field) in cases {
        emu.patch(&p, body)
            .await
            .assert_error(400, "E0000001", Some(field));
    }
    // Nothing changed after the rejected updates.
    let after = emu.get(&p).await;
    assert_eq!(after.body, c);
    // A good PATCH changes settings.
    let ok = emu
        .patch(
            &p,
            json!({
                "requesterSettings": { "type": "GROUPS", "groups": [ { "id": GROUP_1 } ] },
                "accessScopeSettings": { "type": "GROUPS", "groups": [ { "id": GROUP_2 } ] },
                "accessDurationSettings": { "type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "PT12H" }
            }),
        )
        .await;
    ok.assert_status(200);
    assert_eq!(ok.body["requesterSettings"]["type"], "GROUPS");
    assert_eq!(ok.body["accessScopeSettings"]["groups"][0]["id"], GROUP_2);
    emu.patch(&p, json!([1, 2]))
        .await
        .assert_error(400, "E0000001", Some("body"));
}

#[tokio::test]
async fn requester_specified_duration_in_the_reference_pages_shape() {
    let emu = Emu::start().await;
    // The pages send the maximum as `duration`; the OpenAPI file as `maximumDuration`.
    let mut body = everyone_condition("pages shape");
    body["accessDurationSettings"] =
        json!({ "type": "REQUESTER_SPECIFIED_DURATION", "duration": "P3D" });
    let r = emu.post(&conditions_path(APP_FULL), body).await;
    r.assert_status(201);
    assert_eq!(
        r.body["accessDurationSettings"],
        json!({ "type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "P3D" })
    );
    let mut both = everyone_condition("both shapes");
    both["accessDurationSettings"] = json!({ "type": "REQUESTER_SPECIFIED_DURATION", "duration": "P3D", "maximumDuration": "P3D" });
    emu.post(&conditions_path(APP_FULL), both)
        .await
        .assert_error(400, "E0000001", Some("accessDurationSettings.duration"));
}
