//! `lastUpdated` of a condition changes on every write path, as in Okta: PATCH, activate,
//! deactivate, and the approval-sequence deletion that makes it INVALID. Timestamps are whole
//! seconds, so writes within one second must still move it (one second ahead when needed).

mod common;

use common::*;
use serde_json::{json, Value};

fn last_updated(v: &Value) -> String {
    v["lastUpdated"].as_str().expect("lastUpdated").to_string()
}

/// Asserts that `after` is later than `before` and that GET and the list show `after`.
async fn assert_moved(emu: &Emu, path: &str, before: &str, after: &str) {
    assert!(
        after > before,
        "lastUpdated did not move forward: {before} -> {after}"
    );
    assert_eq!(last_updated(&emu.get(path).await.body), after);
    let id = path.rsplit('/').next().unwrap();
    let list = emu.get(&conditions_path(APP_FULL)).await;
    let entry = list.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .cloned()
        .expect("listed");
    assert_eq!(last_updated(&entry), after);
}

#[tokio::test]
async fn patch_changes_last_updated_even_within_one_second() {
    let emu = Emu::start().await;
    let (p, c) = emu.new_condition("patched").await;
    let mut prev = last_updated(&c);
    // Three PATCHes in quick succession: each one's lastUpdated differs from the one before.
    for i in 0..3 {
        let r = emu
            .patch(&p, json!({ "description": format!("edit {i}") }))
            .await;
        r.assert_status(200);
        let now = last_updated(&r.body);
        assert_moved(&emu, &p, &prev, &now).await;
        prev = now;
    }
    // A PATCH that changes nothing is still a write.
    let r = emu.patch(&p, json!({ "description": "edit 2" })).await;
    assert_moved(&emu, &p, &prev, &last_updated(&r.body)).await;
}

#[tokio::test]
async fn activate_changes_last_updated() {
    let emu = Emu::start().await;
    let (p, c) = emu.new_condition("activated").await;
    let r = emu.post(&format!("{p}/activate"), json!({})).await;
    r.assert_status(200);
    assert_moved(&emu, &p, &last_updated(&c), &last_updated(&r.body)).await;
}

#[tokio::test]
async fn deactivate_changes_last_updated() {
    let emu = Emu::start().await;
    let (p, _) = emu.new_condition("deactivated").await;
    let active = emu.post(&format!("{p}/activate"), json!({})).await;
    active.assert_status(200);
    let r = emu.post(&format!("{p}/deactivate"), json!({})).await;
    r.assert_status(200);
    assert_moved(
        &emu,
        &p,
        &last_updated(&active.body),
        &last_updated(&r.body),
    )
    .await;
    // A refused transition (409) is not a write: lastUpdated stays.
    emu.post(&format!("{p}/deactivate"), json!({}))
        .await
        .assert_status(409);
    assert_eq!(last_updated(&emu.get(&p).await.body), last_updated(&r.body));
}

#[tokio::test]
async fn approval_sequence_deletion_changes_last_updated() {
    let emu = Emu::start().await;
    let (p, c) = emu.new_condition("invalidated").await;
    let mut other = everyone_condition("other sequence");
    other["approvalSequenceId"] = json!(SEQ_2);
    let untouched = emu.create_condition(APP_FULL, other).await;
    emu.control("DELETE", &format!("/approval-sequences/{SEQ_1}"), None)
        .await
        .assert_status(200);
    let got = emu.get(&p).await.body;
    assert_eq!(got["status"], "INVALID");
    assert_moved(&emu, &p, &last_updated(&c), &last_updated(&got)).await;
    // A condition on another sequence is not written.
    let q = condition_path(APP_FULL, untouched["id"].as_str().unwrap());
    assert_eq!(
        last_updated(&emu.get(&q).await.body),
        last_updated(&untouched)
    );
}
