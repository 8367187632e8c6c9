//! `lastUpdated` of a condition changes on every write path, as in Okta: PATCH, activate,
//! deactivate, and the approval-sequence deletion that makes it INVALID. Timestamps are whole
//! seconds, so writes within one second must still move it (one second ahead when needed).

mod common;

use common::*;
use serde_json::{json, Value};

fn last_updated(v: &Value) -> String {
    v["lastUpdated"].as_str().expect("lastUpdated").to_string()
}

/// Activates or deactivates (`action`) the condition at `path`, expects 200 and `lastUpdated`
/// moved on from `before`'s (see [`assert_moved`]), and returns the answer's body.
async fn assert_transition_moves(emu: &Emu, path: &str, action: &str, before: &Value) -> Value {
    let r = emu.transition(path, action).await;
    r.assert_status(200);
    assert_moved(emu, path, &last_updated(before), &last_updated(&r.body)).await;
    r.body
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
    assert_transition_moves(&emu, &p, "activate", &c).await;
}

#[tokio::test]
async fn deactivate_changes_last_updated() {
    let emu = Emu::start().await;
    let (p, _) = emu.new_condition("deactivated").await;
    let active = emu.transition(&p, "activate").await;
    active.assert_status(200);
    let r = assert_transition_moves(&emu, &p, "deactivate", &active.body).await;
    // A refused transition (409) is not a write: lastUpdated stays.
    emu.transition(&p, "deactivate").await.assert_status(409);
    assert_eq!(last_updated(&emu.get(&p).await.body), last_updated(&r));
}

#[tokio::test]
async fn approval_sequence_deletion_changes_last_updated() {
    let emu = Emu::start().await;
    let (p, c) = emu.new_condition("invalidated").await;
    let (q, untouched) = emu.new_condition_on("other sequence", SEQ_2).await;
    emu.control("DELETE", &format!("/approval-sequences/{SEQ_1}"), None)
        .await
        .assert_status(200);
    let got = emu.get(&p).await.body;
    assert_eq!(got["status"], "INVALID");
    assert_moved(&emu, &p, &last_updated(&c), &last_updated(&got)).await;
    // A condition on another sequence is not written.
    assert_eq!(
        last_updated(&emu.get(&q).await.body),
        last_updated(&untouched)
    );
}
