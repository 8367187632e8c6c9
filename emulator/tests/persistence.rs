//! `--state`: atomic saves, reload on restart, and kill -9 in the middle of a burst of writes.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn state_survives_restart_and_fixtures_are_ignored() {
    let dir = temp_dir("restart");
    let state = dir.join("state.json");
    let s = state.to_str().unwrap();
    let emu = Emu::start_with(&["--state", s]).await;
    assert!(state.exists(), "a new state file is written at start-up");
    let (p, _) = emu.new_condition("persisted").await;
    emu.transition(&p, "activate").await.assert_status(200);
    let req = emu.file_request(RT_PLAIN, "kept").await;
    let rid = req.body["id"].as_str().unwrap().to_string();
    emu.control("DELETE", &format!("/approval-sequences/{SEQ_2}"), None)
        .await
        .assert_status(200);
    // The file is valid JSON with the same shape as /__emulator/state.
    let on_disk: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    let live = emu.control("GET", "/state", None).await.body;
    assert_eq!(on_disk["conditions"], live["conditions"]);
    assert_eq!(on_disk["approvalSequences"], live["approvalSequences"]);
    assert_eq!(on_disk["approvalSequences"][1]["id"], SEQ_3);
    assert_eq!(on_disk["approvalSequences"][1]["name"], SEQ_3_NAME);
    drop(emu);

    // Fixtures are ignored when the state file exists.
    let fixtures = dir.join("fixtures.json");
    std::fs::write(
        &fixtures,
        json!({ "resources": [], "users": ["00uother0000000000001"] }).to_string(),
    )
    .unwrap();
    let emu = Emu::start_with(&["--state", s, "--fixtures", fixtures.to_str().unwrap()]).await;
    let got = emu.get(&p).await;
    got.assert_status(200);
    assert_eq!(got.body["status"], "ACTIVE");
    let seqs = emu.get(&sequences_path(APP_FULL)).await;
    let names: Vec<&Value> = seqs.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["name"])
        .collect();
    assert_eq!(names, vec![SEQ_1_NAME, SEQ_3_NAME]);
    emu.get(&format!("/governance/api/v1/requests/{rid}"))
        .await
        .assert_status(200);
    // No temp files are left behind.
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains(".tmp")), "{names:?}");
    drop(emu);
    // A corrupt state file is an error, not a silent reset.
    std::fs::write(&state, "{ truncated").unwrap();
    start_error(&["--state", s]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn kill_9_mid_burst_loses_nothing_acknowledged() {
    let dir = temp_dir("kill9");
    let state = dir.join("state.json");
    let s = state.to_str().unwrap().to_string();
    let mut emu = Emu::start_with(&["--state", &s]).await;
    let acked_conditions: Arc<Mutex<Vec<String>>> = Arc::default();
    let acked_requests: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut tasks = Vec::new();
    for w in 0..4 {
        let http = emu.http.clone();
        let base = emu.base.clone();
        let conds = acked_conditions.clone();
        let reqs = acked_requests.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..10_000 {
                let result = if i % 2 == 0 {
                    http.post(format!("{base}{}", conditions_path(APP_FULL)))
                        .header("Authorization", format!("SSWS {TOKEN}"))
                        .json(&everyone_condition(&format!("burst {w}-{i}")))
                        .send()
                        .await
                } else {
                    http.post(format!("{base}/governance/api/v1/requests"))
                        .header("Authorization", format!("SSWS {TOKEN}"))
                        .json(&json!({ "requestTypeId": RT_PLAIN, "subject": format!("burst {w}-{i}") }))
                        .send()
                        .await
                };
                let Ok(resp) = result else { break };
                if resp.status().as_u16() != 201 {
                    break;
                }
                let Ok(body) = resp.json::<serde_json::Value>().await else { break };
                let id = body["id"].as_str().unwrap_or_default().to_string();
                if i % 2 == 0 {
                    conds.lock().unwrap().push(id);
                } else {
                    reqs.lock().unwrap().push(id);
                }
            }
        }));
    }
    // Let the burst run, then SIGKILL the server mid-flight.
    tokio::time::sleep(Duration::from_millis(700)).await;
    emu.child.start_kill().expect("kill -9");
    let _ = emu.child.wait().await;
    for t in tasks {
        let _ = t.await;
    }
    let conds = acked_conditions.lock().unwrap().clone();
    let reqs = acked_requests.lock().unwrap().clone();
    assert!(
        conds.len() + reqs.len() > 10,
        "burst too small: {} + {}",
        conds.len(),
        reqs.len()
    );
    drop(emu);

    let emu = Emu::start_with(&["--state", &s]).await;
    for id in &conds {
        emu.get(&condition_path(APP_FULL, id))
            .await
            .assert_status(200);
    }
    for id in &reqs {
        emu.get(&format!("/governance/api/v1/requests/{id}"))
            .await
            .assert_status(200);
    }
    // The restarted server keeps working on the recovered state.
    emu.new_condition("after restart").await;
    let _ = std::fs::remove_dir_all(&dir);
}
