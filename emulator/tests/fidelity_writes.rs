//! Live-API fidelity of condition writes (see fidelity.rs): priority echoed as 0, 409 on
//! overlapping writes, DELETE answering 500 yet deleting, DELETE of an ACTIVE condition refused.

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;

// 5. priority echoed as 0 (PR #2786: "the API always returns 0 for this field, even after a
//    successful PATCH"). Not in any recording (every recorded write sent priority 0), so off by default.
#[tokio::test]
async fn priority_zero_echo_is_a_switch() {
    let plain = Emu::start().await;
    let mut body = everyone_condition("p5");
    body["priority"] = json!(5);
    let c = plain.create_condition(APP_FULL, body.clone()).await;
    assert_eq!(c["priority"], 5, "off by default");

    let emu = Emu::start_with(&["--priority-zero-echo"]).await;
    let c = emu.create_condition(APP_FULL, body).await;
    assert_eq!(c["priority"], 0, "create echoes 0");
    let p = condition_path(APP_FULL, c["id"].as_str().unwrap());
    assert_eq!(
        emu.get(&p).await.body["priority"],
        5,
        "GET shows the stored value"
    );
    let patched = emu.patch(&p, json!({ "priority": 7 })).await;
    patched.assert_status(200);
    assert_eq!(patched.body["priority"], 0, "PATCH echoes 0");
    assert_eq!(emu.get(&p).await.body["priority"], 7);
    // Off at run time.
    emu.set_behaviour(json!({ "priorityZeroEcho": false }))
        .await;
    assert_eq!(
        emu.patch(&p, json!({ "priority": 8 })).await.body["priority"],
        8
    );
}

// 6. 409 on overlapping writes to one resource's conditions (issue #2633; PR #2784 retries 409).
#[tokio::test]
async fn overlapping_condition_writes_get_409_with_the_switch() {
    async fn burst(emu: &Emu, app: &str, n: usize, tag: &str) -> Vec<Resp> {
        let mut tasks = Vec::new();
        for i in 0..n {
            let http = emu.http.clone();
            let url = emu.url(&conditions_path(app));
            let body = everyone_condition(&format!("{tag}-{i}"));
            tasks.push(tokio::spawn(async move {
                let r = http
                    .post(url)
                    .header("Authorization", format!("SSWS {TOKEN}"))
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                to_resp(r).await
            }));
        }
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap());
        }
        out
    }

    // Off by default: every overlapping create succeeds.
    let calm = Emu::start_with(&["--latency-ms", "300"]).await;
    let rs = burst(&calm, APP_FULL, 5, "calm").await;
    assert!(rs.iter().all(|r| r.status == 201));

    // At 1.0 every write that arrives while another is in flight on that resource loses.
    let emu = Emu::start_with(&["--latency-ms", "300", "--conflict-rate", "1.0"]).await;
    let rs = burst(&emu, APP_FULL, 5, "busy").await;
    let ok = rs.iter().filter(|r| r.status == 201).count();
    assert_eq!(
        ok,
        1,
        "one write was first: {:?}",
        rs.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    for r in rs.iter().filter(|r| r.status != 201) {
        r.assert_error(409, "E0000195", None);
        check_conformance("POST", &conditions_path(APP_FULL), r);
    }
    // A loser changed nothing.
    let list = emu.get(&conditions_path(APP_FULL)).await;
    assert_eq!(list.body["data"].as_array().unwrap().len(), 1);
    // Writes on another resource do not overlap, nor writes one after the other.
    let (x, y) = tokio::join!(
        burst(&emu, APP_FULL, 1, "here"),
        burst(&emu, APP_DURATION, 1, "there")
    );
    assert_eq!(x[0].status, 201, "{}", x[0].text);
    assert_eq!(
        y[0].status, 400,
        "reaches validation (needs a duration): {}",
        y[0].text
    );
    let (p, _) = emu.new_condition("sequential").await;
    emu.transition(&p, "activate").await.assert_status(200);
    // Activate/deactivate/PATCH/DELETE count as writes too.
    let deactivate = format!("{p}/deactivate");
    let (a, b) = tokio::join!(emu.post(&deactivate, json!({})), async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        emu.patch(&p, json!({ "description": "late" })).await
    });
    assert_eq!(a.status, 200, "{}", a.text);
    b.assert_error(409, "E0000195", None);
    // 0.0 at run time turns it off again.
    emu.set_behaviour(json!({ "conflictRate": 0.0 })).await;
    let rs = burst(&emu, APP_FULL, 4, "calm-again").await;
    assert!(rs.iter().all(|r| r.status == 201));
}

// 7. DELETE answers 500 yet deletes (PR #2784: "the governance API sometimes returns 500 even
//    when the delete succeeded").
#[tokio::test]
async fn delete_500_still_deletes() {
    let emu = Emu::start_with(&["--delete-500"]).await;
    let (p, _) = emu.new_condition("doomed").await;
    emu.call("DELETE", &p, None)
        .await
        .assert_error(500, "E0000009", None);
    emu.get(&p).await.assert_error(404, "E0000007", None);
    assert_eq!(
        emu.get(&conditions_path(APP_FULL)).await.body["data"],
        json!([])
    );
    // Off: 204 as recorded (TestAccRequestConditionResource_Status, last interaction).
    emu.set_behaviour(json!({ "delete500": false })).await;
    let (p, _) = emu.new_condition("kept quiet").await;
    emu.call("DELETE", &p, None).await.assert_status(204);
}

// 8. Deleting an ACTIVE condition is refused (the official provider deactivates first: "Request
//    conditions must be INACTIVE before they can be deleted"; TestAccRequestConditionResource_Status
//    deactivates before its DELETE).
#[tokio::test]
async fn deleting_an_active_condition_is_refused() {
    let emu = Emu::start().await;
    let (p, _) = emu.new_condition("active").await;
    emu.transition(&p, "activate").await.assert_status(200);
    let d = emu.call("DELETE", &p, None).await;
    d.assert_error(409, "E0000195", None);
    assert_eq!(
        d.body["errorSummary"],
        "Api validation failed due to conflict: Request Condition"
    );
    assert_eq!(emu.get(&p).await.body["status"], "ACTIVE");
    emu.transition(&p, "deactivate").await.assert_status(200);
    emu.call("DELETE", &p, None).await.assert_status(204);
    // An INVALID condition (its sequence deleted) can be deleted: it cannot be deactivated.
    let (p, _) = emu.new_condition("invalid").await;
    emu.control("DELETE", &format!("/approval-sequences/{SEQ_1}"), None)
        .await
        .assert_status(200);
    assert_eq!(emu.get(&p).await.body["status"], "INVALID");
    emu.call("DELETE", &p, None).await.assert_status(204);
}
