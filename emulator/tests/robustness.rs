//! Malformed input, routing errors, garbage on the wire, concurrent creates, custom fixtures.

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;

#[tokio::test]
async fn malformed_requests_are_400_and_harmless() {
    let emu = Emu::start().await;
    let org = "/governance/api/v2/request-settings";
    let conditions = conditions_path(APP_FULL);
    let request = json!({ "requestTypeId": RT_PLAIN, "subject": "x" }).to_string();
    let huge = format!(
        "{{\"requestTypeId\":\"{RT_PLAIN}\",\"subject\":\"{}\"}}",
        "x".repeat(1024 * 1024 + 10)
    );
    let json_type = Some("application/json");
    // (what is wrong, method, path, Content-Type, body): each is 400 E0000003.
    type Case<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, Vec<u8>);
    let cases: Vec<Case> = vec![
        (
            "truncated JSON",
            "POST",
            REQUESTS,
            json_type,
            b"{\"requestTypeId\": ".to_vec(),
        ),
        (
            "text/plain",
            "POST",
            REQUESTS,
            Some("text/plain"),
            request.clone().into_bytes(),
        ),
        (
            "no Content-Type",
            "POST",
            REQUESTS,
            None,
            request.into_bytes(),
        ),
        ("empty body", "PATCH", org, json_type, Vec::new()),
        ("over 1 MiB", "POST", REQUESTS, json_type, huge.into_bytes()),
        (
            "not UTF-8",
            "POST",
            &conditions,
            json_type,
            vec![0xff, 0xfe, 0x00, 0x01],
        ),
    ];
    for (what, method, path, content_type, body) in cases {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut rb = emu
            .http
            .request(m, emu.url(path))
            .header("Authorization", format!("SSWS {TOKEN}"))
            .body(body);
        if let Some(t) = content_type {
            rb = rb.header("Content-Type", t);
        }
        let r = emu.send(method, path, rb).await;
        assert_eq!(r.status, 400, "{what}: {}", r.text);
        r.assert_error(400, "E0000003", None);
        assert_eq!(
            r.body["errorSummary"], "The request body was not well-formed.",
            "{what}"
        );
    }
    // The server is still healthy and nothing was stored.
    let list = emu.get(REQUESTS).await;
    list.assert_status(200);
    assert_eq!(list.body["data"], json!([]));
    assert_eq!(
        emu.get(&conditions_path(APP_FULL)).await.body["data"],
        json!([])
    );
}

#[tokio::test]
async fn routing_errors() {
    let emu = Emu::start().await;
    let r = emu.call("PUT", REQUESTS, None).await;
    r.assert_error(405, "E0000022", None);
    let r = emu
        .call("DELETE", "/governance/api/v2/request-settings", None)
        .await;
    r.assert_error(405, "E0000022", None);
    let r = emu
        .http
        .get(emu.url("/api/v1/users"))
        .header("Authorization", format!("SSWS {TOKEN}"))
        .send()
        .await
        .unwrap();
    let r = to_resp(r).await;
    r.assert_error(404, "E0000007", None);
}

#[tokio::test]
async fn custom_fixtures() {
    let dir = std::env::temp_dir().join(format!("oig-emu-fixtures-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("fixtures.json");
    let fixtures = json!({
        "org": { "subprocessorsAcknowledged": true, "provisioningStatus": "PROVISIONED", "requestExperiences": ["ADMIN_ROLES"] },
        "resources": [ { "id": "0oacustom00000000001", "requestSettings": {
            "validAccessScopeSettings": [ { "type": "RESOURCE_DEFAULT" } ],
            "validRequesterSettings": [ { "type": "EVERYONE" } ],
            "validAccessDurationSettings": { "supportedTypes": [] }
        } } ],
        "approvalSequences": [ "aaaaaaaaaaaaaaaaaaaaaaaa", { "id": "bbbbbbbbbbbbbbbbbbbbbbbb" } ],
        "groups": [ "00gcustom00000000001" ],
        "entitlementBundles": [],
        "users": [ "00ucustom00000000001" ],
        "requestTypes": [ { "id": "cccccccccccccccccccccccc", "requesterFields": [
            { "id": "11111111-1111-4111-8111-111111111111", "prompt": "Why?", "type": "TEXT", "required": true }
        ] } ],
        "unknownKey": 1
    });
    std::fs::write(&path, fixtures.to_string()).unwrap();
    let emu = Emu::start_with(&["--fixtures", path.to_str().unwrap()]).await;
    let org = emu.get("/governance/api/v2/request-settings").await;
    assert_eq!(org.body["provisioningStatus"], "PROVISIONED");
    assert_eq!(org.body["requestExperiences"], json!(["ADMIN_ROLES"]));
    let c = emu
        .create_condition(
            "0oacustom00000000001",
            json!({ "name": "c", "approvalSequenceId": "bbbbbbbbbbbbbbbbbbbbbbbb",
                    "requesterSettings": { "type": "EVERYONE" }, "accessScopeSettings": { "type": "RESOURCE_DEFAULT" } }),
        )
        .await;
    assert_eq!(c["createdBy"], "00ucustom00000000001");
    emu.get(&conditions_path(APP_FULL))
        .await
        .assert_error(404, "E0000007", None);
    let r = emu
        .post(
            REQUESTS,
            json!({ "requestTypeId": "cccccccccccccccccccccccc", "subject": "s",
                    "requesterFieldValues": [ { "id": "11111111-1111-4111-8111-111111111111", "value": "because" } ] }),
        )
        .await;
    r.assert_status(201);
    assert_eq!(r.body["requesterUserIds"], json!(["00ucustom00000000001"]));
    // Reset goes back to these fixtures, not the demo org.
    emu.control("POST", "/reset", None).await;
    assert_eq!(
        emu.get(&conditions_path("0oacustom00000000001")).await.body["data"],
        json!([])
    );
    drop(emu);
    // A broken fixtures file makes start-up fail with a message.
    std::fs::write(&path, "{ not json").unwrap();
    assert!(start_error(&["--fixtures", path.to_str().unwrap()]).contains("cannot parse"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn garbage_on_the_wire_does_not_hurt() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let emu = Emu::start().await;
    let addr = emu.base.trim_start_matches("http://").to_string();
    for junk in [
        &b"\x00\x01\x02 not http at all\r\n\r\n"[..],
        &b"GET /governance/api/v1/requests HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n"[..],
        &b"POST /governance/api/v1/requests HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"[..],
        &b"GET /%ff%fe/../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"[..],
    ] {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let _ = s.write_all(junk).await;
        let mut buf = [0u8; 1024];
        let _ = tokio::time::timeout(Duration::from_millis(500), s.read(&mut buf)).await;
    }
    // A half-sent request that is abandoned.
    {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let _ = s
            .write_all(b"POST /governance/api/v1/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"subject\":")
            .await;
    }
    emu.get(REQUESTS).await.assert_status(200);
    assert_eq!(emu.get(REQUESTS).await.body["data"], json!([]));
}

#[tokio::test]
async fn concurrent_creates_keep_names_unique() {
    let emu = Emu::start().await;
    let path = conditions_path(APP_FULL);
    let futs = (0..8).map(|_| emu.post(&path, everyone_condition("race")));
    let results = futures_join(futs.collect()).await;
    let created = results.iter().filter(|r| r.status == 201).count();
    let rejected = results.iter().filter(|r| r.status == 400).count();
    assert_eq!((created, rejected), (1, 7));
    assert_eq!(
        emu.get(&conditions_path(APP_FULL)).await.body["data"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
