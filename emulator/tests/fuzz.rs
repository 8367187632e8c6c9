//! Randomized request bodies: mutations of valid bodies (missing keys, wrong types, huge and
//! odd strings, unknown keys, deep nesting) sent to every write endpoint. The emulator answers
//! each with a 2xx or a 4xx Okta error — never a 5xx, never a dropped connection — and keeps
//! serving afterwards.

mod common;

use common::*;
use serde_json::{json, Value};

#[path = "common/fuzz.rs"]
mod fuzz;

use fuzz::{Rng, Vocabulary};

/// Values the API knows (durations, statuses, ID prefixes), odd characters and long strings.
const BODIES: Vocabulary = Vocabulary {
    scalar: |rng| match rng.below(3) {
        0 => json!((rng.next() % 1000) as f64 / 7.0),
        1 => json!(
            [
                "",
                "P",
                "PT99999H",
                "ACTIVE",
                "GROUPS",
                "00g",
                "\u{0}",
                "é🙂",
                "orn:okta:x"
            ][rng.below(9) as usize]
        ),
        _ => json!("x".repeat(rng.below(3000) as usize)),
    },
    key: |rng| ["type", "id", "groups", "name", "duration", "x"][rng.below(6) as usize].into(),
    leaf_odds: 5,
    unknown_key_odds: 4,
};

#[tokio::test]
async fn mutated_bodies_never_hurt_the_server() {
    let emu = Emu::start().await;
    let (target, _) = emu.new_condition("fuzz target").await;
    let seeds: Vec<(&str, String, Value)> = vec![
        (
            "POST",
            conditions_path(APP_FULL),
            json!({"name": "n", "description": "d", "approvalSequenceId": SEQ_1, "priority": 1,
                   "requesterSettings": {"type": "GROUPS", "groups": [{"id": GROUP_1}]},
                   "accessScopeSettings": {"type": "ENTITLEMENT_BUNDLES", "entitlementBundles": [{"id": BUNDLE_1}]},
                   "accessDurationSettings": {"type": "ADMIN_FIXED_DURATION", "duration": "P2D"}}),
        ),
        (
            "PATCH",
            target,
            json!({"description": "d", "approvalSequenceId": SEQ_2, "priority": 3,
                   "requesterSettings": {"type": "EVERYONE"}, "accessScopeSettings": {"type": "RESOURCE_DEFAULT"},
                   "accessDurationSettings": {"type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "PT12H"}}),
        ),
        (
            "PATCH",
            format!("/governance/api/v2/resources/{APP_FULL}/request-settings"),
            json!({"requestOnBehalfOfSettings": {"allowed": true, "onlyFor": ["DIRECT_REPORT"]},
                   "riskSettings": {"defaultSetting": {"requestSubmissionType": "ALLOWED_WITH_OVERRIDES", "approvalSequenceId": SEQ_1,
                                     "accessDurationSettings": {"type": "ADMIN_FIXED_DURATION", "duration": "P1D"}}}}),
        ),
        (
            "PATCH",
            "/governance/api/v2/request-settings".into(),
            json!({"subprocessorsAcknowledged": true}),
        ),
        (
            "POST",
            "/governance/api/v1/requests".into(),
            json!({"requestTypeId": RT_FIELDS, "subject": "s", "requesterUserIds": [USER_2],
                   "requesterFieldValues": [{"id": FIELD_TEXT, "value": "why"}, {"id": FIELD_SELECT, "value": ["Production"]}]}),
        ),
    ];
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut tried = 0;
    for round in 0..250 {
        for (method, path, seed) in &seeds {
            let seed_state = rng.0;
            let body = BODIES.mutate(&mut rng, seed, 0);
            let r = emu.call(method, path, Some(body.clone())).await;
            tried += 1;
            assert!(
                (200..500).contains(&r.status),
                "round {round} (rng state {seed_state:#x}) {method} {path} with {body} got {}: {}",
                r.status,
                r.text
            );
        }
    }
    assert_eq!(tried, 250 * seeds.len());
    emu.get("/governance/api/v2/request-settings")
        .await
        .assert_status(200);
    emu.control("GET", "/state", None).await.assert_status(200);
}
