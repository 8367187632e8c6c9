//! The live-API switches (see fidelity.rs): GET/PATCH /__emulator/behaviour, the fixtures'
//! "behaviour" key, the flags, reset, and the in-process `Config`.

mod common;

use common::*;
use serde_json::{json, Value};

// The switches: GET/PATCH /__emulator/behaviour, the fixtures' "behaviour" key, reset.
#[tokio::test]
async fn behaviour_switches_from_fixtures_flags_and_control_endpoint() {
    let emu = Emu::start().await;
    let b = emu.control("GET", "/behaviour", None).await;
    b.assert_status(200);
    assert_eq!(
        b.body,
        json!({ "shuffleLists": true, "seed": null, "sparseLists": true, "linkOrigin": null,
                "adminTwinLinks": true, "priorityZeroEcho": false, "conflictRate": 0.0,
                "delete500": false })
    );
    let p = emu
        .control(
            "PATCH",
            "/behaviour",
            Some(json!({ "delete500": true, "conflictRate": 0.25 })),
        )
        .await;
    p.assert_status(200);
    assert_eq!(p.body["delete500"], true);
    assert_eq!(p.body["conflictRate"], 0.25);
    assert_eq!(p.body["shuffleLists"], true);
    for bad in [
        json!({ "nope": true }),
        json!({ "conflictRate": 2 }),
        json!({ "linkOrigin": "not a url" }),
        json!({ "shuffleLists": "yes" }),
    ] {
        emu.control("PATCH", "/behaviour", Some(bad))
            .await
            .assert_status(400);
    }
    emu.control("POST", "/reset", None).await.assert_status(200);
    assert_eq!(
        emu.control("GET", "/behaviour", None).await.body["delete500"],
        false
    );

    // A fixtures file with a "behaviour" key; flags win over it.
    let path = temp_file(
        "behaviour.json",
        &json!({
            "behaviour": { "shuffleLists": false, "sparseLists": false, "seed": 9 },
            "resources": [ { "id": "0oafixture0000000001", "requestSettings": {
                "validAccessScopeSettings": [ { "type": "RESOURCE_DEFAULT" }, { "type": "GROUPS" } ],
                "validRequesterSettings": [ { "type": "EVERYONE" }, { "type": "GROUPS" } ] } } ]
        }),
    );
    let f = Emu::start_with(&["--fixtures", path.to_str().unwrap(), "--delete-500"]).await;
    let b = f.control("GET", "/behaviour", None).await.body;
    assert_eq!(b["shuffleLists"], false);
    assert_eq!(b["sparseLists"], false);
    assert_eq!(b["seed"], 9);
    assert_eq!(b["delete500"], true);
    for _ in 0..5 {
        let s = f.get(&settings_path("0oafixture0000000001")).await;
        assert_eq!(
            s.body["validAccessScopeSettings"],
            json!([ { "type": "RESOURCE_DEFAULT" }, { "type": "GROUPS" } ])
        );
    }
    // A bad "behaviour" key stops the start with a message.
    let bad = temp_file(
        "bad-behaviour.json",
        &json!({ "behaviour": { "shuffle": 1 } }),
    );
    assert!(start_error(&["--fixtures", bad.to_str().unwrap()]).contains("shuffle"));
}

// The same switches through the in-process `Config`.
#[tokio::test]
async fn in_process_config_sets_the_switches() {
    let server = oig_emulator::start(oig_emulator::Config {
        token: TOKEN.into(),
        ordered_lists: true,
        seed: Some(5),
        full_lists: true,
        link_origin: Some("http://evil.localhost:1234/".into()),
        same_origin_links: true,
        priority_zero_echo: true,
        conflict_rate: Some(0.5),
        delete_500: true,
        ..oig_emulator::Config::default()
    })
    .await
    .expect("start");
    let b: Value = reqwest::get(format!("{}/__emulator/behaviour", server.base_url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        b,
        json!({ "shuffleLists": false, "seed": 5, "sparseLists": false,
                "linkOrigin": "http://evil.localhost:1234", "adminTwinLinks": false,
                "priorityZeroEcho": true, "conflictRate": 0.5, "delete500": true })
    );
    let bad = oig_emulator::start(oig_emulator::Config {
        token: TOKEN.into(),
        conflict_rate: Some(1.5),
        ..oig_emulator::Config::default()
    })
    .await;
    assert!(bad.is_err());
    let bad = oig_emulator::start(oig_emulator::Config {
        token: TOKEN.into(),
        link_origin: Some("evil.localhost".into()),
        ..oig_emulator::Config::default()
    })
    .await;
    assert!(bad.is_err());
}
