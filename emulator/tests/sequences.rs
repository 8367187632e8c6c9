//! Approval sequences per resource: `GET …/resources/{id}/request-sequences` and
//! `…/request-sequences/{id}`, the fixtures' two forms, and the control endpoints.

mod common;

use common::*;
use serde_json::{json, Value};

const SEQ_PLAIN: &str = "aaaaaaaaaaaaaaaaaaaaaaa1";
const SEQ_NAMED: &str = "bbbbbbbbbbbbbbbbbbbbbbb2";
const SEQ_GROUPS: &str = "ccccccccccccccccccccccc3";
const SEQ_NAME_ONLY: &str = "ddddddddddddddddddddddd4";
const APP: &str = "0oaseqs0000000000001";

fn ids(list: &Value) -> Vec<String> {
    strings_of(&list["data"], "id")
}

#[tokio::test]
async fn demo_org_lists_its_named_sequences() {
    let emu = Emu::start_with(&["--ordered-lists"]).await;
    let list = emu.get(&sequences_path(APP_FULL)).await;
    list.assert_status(200);
    assert_eq!(ids(&list.body), vec![SEQ_1, SEQ_2, SEQ_3]);
    assert_eq!(
        strings_of(&list.body["data"], "name"),
        vec![SEQ_1_NAME, SEQ_2_NAME, SEQ_3_NAME]
    );
    for s in list.body["data"].as_array().unwrap() {
        assert!(!s["description"].as_str().unwrap().is_empty(), "{s}");
        assert_eq!(s["compatibleResourceTypes"], json!(["APP", "GROUP"]));
        assert_eq!(
            s["link"],
            format!("{}/next/sequences/{}", emu.base, s["id"].as_str().unwrap())
        );
        let keys: Vec<&String> = s.as_object().unwrap().keys().collect();
        assert_eq!(
            keys.len(),
            5,
            "id, name, description, compatibleResourceTypes, link: {s}"
        );
    }
    assert_eq!(
        list.body["_links"]["self"]["href"],
        format!("{}{}", emu.base, sequences_path(APP_FULL))
    );
    // Every app of the demo org is served the same sequences.
    for app in [APP_GROUPS_ONLY, APP_DURATION, APP_UNSUPPORTED] {
        assert_eq!(
            ids(&emu.get(&sequences_path(app)).await.body),
            vec![SEQ_1, SEQ_2, SEQ_3]
        );
    }
}

#[tokio::test]
async fn get_one_matches_its_list_entry() {
    let emu = Emu::start_with(&["--ordered-lists"]).await;
    let list = emu.get(&sequences_path(APP_FULL)).await;
    for entry in list.body["data"].as_array().unwrap() {
        let id = entry["id"].as_str().unwrap();
        let one = emu.get(&sequence_path(APP_FULL, id)).await;
        one.assert_status(200);
        assert_eq!(&one.body, entry);
    }
    // By ORN too, percent-encoded or not.
    let orn = format!("orn:okta:idp:00o1:apps:salesforce:{APP_FULL}");
    let one = emu.get(&sequence_path(&orn, SEQ_2)).await;
    one.assert_status(200);
    assert_eq!(one.body["name"], SEQ_2_NAME);
    let encoded = orn.replace(':', "%3A");
    emu.get(&sequences_path(&encoded)).await.assert_status(200);
}

#[tokio::test]
async fn unknown_sequence_or_resource_is_404() {
    let emu = Emu::start().await;
    emu.get(&sequence_path(APP_FULL, "ffffffffffffffffffffffff"))
        .await
        .assert_error(404, "E0000007", None);
    let r = emu.get(&sequence_path("0oanope0000000000000", SEQ_1)).await;
    r.assert_error(404, "E0000007", None);
    r.assert_summary_has("0oanope0000000000000");
    emu.get(&sequences_path("0oanope0000000000000"))
        .await
        .assert_error(404, "E0000007", None);
    // Read-only paths.
    emu.post(&sequences_path(APP_FULL), json!({ "name": "x" }))
        .await
        .assert_error(405, "E0000022", None);
    emu.call("DELETE", &sequence_path(APP_FULL, SEQ_1), None)
        .await
        .assert_error(405, "E0000022", None);
    // Unauthenticated.
    let path = sequences_path(APP_FULL);
    emu.send("GET", &path, emu.http.get(emu.url(&path)))
        .await
        .assert_error(401, "E0000004", None);
}

fn fixtures() -> Value {
    json!({
        "resources": [ { "id": APP, "requestSettings": {
            "validAccessScopeSettings": [ { "type": "RESOURCE_DEFAULT" } ],
            "validRequesterSettings": [ { "type": "EVERYONE" } ]
        } } ],
        "approvalSequences": [
            SEQ_PLAIN,
            { "id": SEQ_NAMED, "name": "Two approvers", "description": "Manager, then owner",
              "compatibleResourceTypes": ["GROUP", "APP"] },
            { "id": SEQ_GROUPS, "name": "Groups only", "description": "",
              "compatibleResourceTypes": ["GROUP"] },
            { "id": SEQ_NAME_ONLY, "name": "Just a name" }
        ],
        "users": [ "00useqs0000000000001" ]
    })
}

#[tokio::test]
async fn fixtures_give_sequences_as_ids_or_objects() {
    let path = temp_file("sequences-fixtures.json", &fixtures());
    let emu = Emu::start_with(&["--fixtures", path.to_str().unwrap(), "--ordered-lists"]).await;
    let list = emu.get(&sequences_path(APP)).await;
    list.assert_status(200);
    // A GROUP-only sequence is not served to an app.
    assert_eq!(ids(&list.body), vec![SEQ_PLAIN, SEQ_NAMED, SEQ_NAME_ONLY]);
    assert_eq!(
        list.body["data"][0],
        json!({
            "id": SEQ_PLAIN,
            "name": format!("Approval sequence {SEQ_PLAIN}"),
            "description": "",
            "compatibleResourceTypes": ["APP", "GROUP"],
            "link": format!("{}/next/sequences/{SEQ_PLAIN}", emu.base),
        })
    );
    assert_eq!(list.body["data"][1]["name"], "Two approvers");
    assert_eq!(list.body["data"][1]["description"], "Manager, then owner");
    assert_eq!(
        list.body["data"][1]["compatibleResourceTypes"],
        json!(["GROUP", "APP"])
    );
    assert_eq!(list.body["data"][2]["name"], "Just a name");
    assert_eq!(list.body["data"][2]["description"], "");
    emu.get(&sequence_path(APP, SEQ_GROUPS))
        .await
        .assert_error(404, "E0000007", None);
    // Both forms are approval sequences a condition may use.
    for (i, seq) in [SEQ_PLAIN, SEQ_NAMED].iter().enumerate() {
        emu.create_condition(
            APP,
            json!({ "name": format!("c{i}"), "approvalSequenceId": seq,
                    "requesterSettings": { "type": "EVERYONE" },
                    "accessScopeSettings": { "type": "RESOURCE_DEFAULT" } }),
        )
        .await;
    }
    // The state holds the object form.
    let state = emu.control("GET", "/state", None).await.body;
    assert_eq!(state["approvalSequences"][0]["id"], SEQ_PLAIN);
    assert_eq!(state["approvalSequences"][1]["name"], "Two approvers");

    // A bad sequence object stops the start with a message.
    let mut bad = fixtures();
    bad["approvalSequences"] = json!([ { "id": SEQ_NAMED, "compatibleResourceTypes": ["USER"] } ]);
    let bad = temp_file("sequences-bad.json", &bad);
    assert!(start_error(&["--fixtures", bad.to_str().unwrap()]).contains("compatibleResourceTypes"));
}

#[tokio::test]
async fn deleting_a_sequence_removes_it_and_adding_one_serves_it() {
    let emu = Emu::start().await;
    emu.control("DELETE", &format!("/approval-sequences/{SEQ_2}"), None)
        .await
        .assert_status(200);
    assert_eq!(
        ids(&emu.get(&sequences_path(APP_FULL)).await.body),
        vec![SEQ_1, SEQ_3]
    );
    emu.get(&sequence_path(APP_FULL, SEQ_2))
        .await
        .assert_error(404, "E0000007", None);

    // Added without a body: the generated name; with one: its name and description.
    let plain = "eeeeeeeeeeeeeeeeeeeeeee5";
    emu.control("POST", &format!("/approval-sequences/{plain}"), None)
        .await
        .assert_status(200);
    let got = emu.get(&sequence_path(APP_FULL, plain)).await;
    got.assert_status(200);
    assert_eq!(got.body["name"], format!("Approval sequence {plain}"));
    let r = emu
        .control(
            "POST",
            &format!("/approval-sequences/{plain}"),
            Some(json!({ "name": "Renamed", "description": "Now with a name",
                         "compatibleResourceTypes": ["APP"] })),
        )
        .await;
    r.assert_status(200);
    let got = emu.get(&sequence_path(APP_FULL, plain)).await;
    assert_eq!(got.body["name"], "Renamed");
    assert_eq!(got.body["description"], "Now with a name");
    assert_eq!(got.body["compatibleResourceTypes"], json!(["APP"]));
    assert_eq!(
        ids(&emu.get(&sequences_path(APP_FULL)).await.body),
        vec![SEQ_1, SEQ_3, plain]
    );
    // A wrong body is refused and changes nothing.
    emu.control(
        "POST",
        &format!("/approval-sequences/{plain}"),
        Some(json!({ "compatibleResourceTypes": ["NOPE"] })),
    )
    .await
    .assert_status(400);
    assert_eq!(
        emu.get(&sequence_path(APP_FULL, plain)).await.body["name"],
        "Renamed"
    );
    // Reset brings the demo org's sequences back.
    emu.control("POST", "/reset", None).await.assert_status(200);
    assert_eq!(
        ids(&emu.get(&sequences_path(APP_FULL)).await.body),
        vec![SEQ_1, SEQ_2, SEQ_3]
    );
}
