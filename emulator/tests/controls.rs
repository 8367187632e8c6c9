//! Auth, rate limits, latency, malformed input, fault injection, request log, reset, state.

mod common;

use std::time::{Duration, Instant};

use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn authentication() {
    let emu = Emu::start().await;
    let url = emu.url(REQUESTS);
    for auth in [
        None,
        Some("SSWS wrong"),
        Some("Bearer wrong"),
        Some(format!("Basic {TOKEN}").as_str()),
        Some(TOKEN),
        Some("SSWS "),
    ] {
        let mut rb = emu.http.get(&url);
        if let Some(a) = auth {
            rb = rb.header("Authorization", a);
        }
        let r = emu.send("GET", REQUESTS, rb).await;
        r.assert_error(401, "E0000004", None);
        assert_eq!(r.body["errorSummary"], "Authentication exception");
        assert_eq!(r.body["errorCauses"], json!([]));
    }
    for auth in [
        format!("SSWS {TOKEN}"),
        format!("Bearer {TOKEN}"),
        format!("ssws {TOKEN}"),
    ] {
        let r = emu
            .send(
                "GET",
                REQUESTS,
                emu.http.get(&url).header("Authorization", auth),
            )
            .await;
        r.assert_status(200);
    }
    // Nothing changes without auth.
    let r = emu
        .send(
            "POST",
            REQUESTS,
            emu.http
                .post(&url)
                .json(&json!({ "requestTypeId": RT_PLAIN, "subject": "x" })),
        )
        .await;
    r.assert_error(401, "E0000004", None);
    assert_eq!(emu.get(REQUESTS).await.body["data"], json!([]));
    // Control endpoints need no auth.
    assert_eq!(emu.control("GET", "/state", None).await.status, 200);
}

#[tokio::test]
async fn rate_limit_headers_without_limit() {
    let emu = Emu::start().await;
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let r = emu.get(REQUESTS).await;
    assert_eq!(r.header("x-rate-limit-limit").unwrap(), "10000");
    assert_eq!(r.header("x-rate-limit-remaining").unwrap(), "9999");
    let reset: i64 = r.header("x-rate-limit-reset").unwrap().parse().unwrap();
    assert!(
        reset > before && reset <= before + 61,
        "reset {reset} vs now {before}"
    );
    assert!(r.header("date").unwrap().ends_with("GMT"));
    let r = emu.get(REQUESTS).await;
    assert_eq!(r.header("x-rate-limit-remaining").unwrap(), "9998");
    // Errors carry the headers too.
    let r = emu
        .get("/governance/api/v1/requests/aaaaaaaaaaaaaaaaaaaaaaaa")
        .await;
    assert_eq!(r.header("x-rate-limit-limit").unwrap(), "10000");
}

#[tokio::test]
async fn rate_limit_429_after_n_per_bucket() {
    let emu = Emu::start_with(&["--rate-limit", "3"]).await;
    for i in 0..3 {
        let r = emu.get(REQUESTS).await;
        r.assert_status(200);
        assert_eq!(r.header("x-rate-limit-limit").unwrap(), "3");
        assert_eq!(
            r.header("x-rate-limit-remaining").unwrap(),
            (2 - i).to_string()
        );
    }
    let r = emu.get(REQUESTS).await;
    r.assert_error(429, "E0000047", None);
    assert_eq!(
        r.body["errorSummary"],
        "API call exceeded rate limit due to too many requests."
    );
    assert_eq!(r.header("x-rate-limit-remaining").unwrap(), "0");
    assert_eq!(r.header("x-rate-limit-limit").unwrap(), "3");
    assert!(r.header("x-rate-limit-reset").is_some());
    // Other buckets are independent; IDs collapse into one bucket.
    emu.get(&conditions_path(APP_FULL)).await.assert_status(200);
    emu.get(&conditions_path(APP_DURATION))
        .await
        .assert_status(200);
    emu.get(&conditions_path(APP_GROUPS_ONLY))
        .await
        .assert_status(200);
    emu.get(&conditions_path(APP_UNSUPPORTED))
        .await
        .assert_error(429, "E0000047", None);
    // POST to the same path is another bucket.
    emu.file_request(RT_PLAIN, "x").await.assert_status(201);
    // A 429 does not change state.
    let log = emu.log().await;
    let buckets: Vec<&str> = log.iter().map(|e| e["bucket"].as_str().unwrap()).collect();
    assert!(buckets.contains(&"GET /governance/api/v2/resources/{id}/request-conditions"));
    assert_eq!(log.iter().filter(|e| e["status"] == 429).count(), 2);
    // Control endpoints are not limited.
    for _ in 0..5 {
        assert_eq!(emu.control("GET", "/log", None).await.status, 200);
    }
}

#[tokio::test]
async fn latency_applies_per_request_and_overlaps() {
    let emu = Emu::start_with(&["--latency-ms", "400"]).await;
    let t = Instant::now();
    emu.get(REQUESTS).await.assert_status(200);
    assert!(t.elapsed() >= Duration::from_millis(400));
    let t = Instant::now();
    let futs = (0..4).map(|_| emu.get(REQUESTS));
    let results = futures_join(futs.collect()).await;
    for r in results {
        r.assert_status(200);
    }
    let e = t.elapsed();
    assert!(e >= Duration::from_millis(400), "{e:?}");
    assert!(
        e < Duration::from_millis(1200),
        "concurrent requests must overlap: {e:?}"
    );
    // Control endpoints are not delayed.
    let t = Instant::now();
    emu.control("GET", "/log", None).await;
    assert!(t.elapsed() < Duration::from_millis(300));
}

#[tokio::test]
async fn fault_status_and_count() {
    let emu = Emu::start().await;
    let f = emu
        .control(
            "POST",
            "/faults",
            Some(json!({ "method": "GET", "pathPrefix": "/governance/api/v1/requests", "status": 503, "count": 2 })),
        )
        .await;
    assert_eq!(f.status, 201, "{}", f.text);
    let listed = emu.control("GET", "/faults", None).await;
    assert_eq!(listed.body.as_array().unwrap().len(), 1);
    assert_eq!(listed.body[0]["count"], 2);
    // POST does not match the method.
    emu.file_request(RT_PLAIN, "x").await.assert_status(201);
    let r = emu.get(REQUESTS).await;
    r.assert_status(503);
    assert!(r.body["errorCode"].is_string());
    assert!(r.header("x-rate-limit-limit").is_some());
    emu.get(REQUESTS).await.assert_status(503);
    emu.get(REQUESTS).await.assert_status(200);
    assert_eq!(emu.control("GET", "/faults", None).await.body, json!([]));

    // 429 faults carry rate-limit headers with a reset one second away; headers can be overridden.
    emu.control(
        "POST",
        "/faults",
        Some(json!({ "pathPrefix": "/governance/", "status": 429 })),
    )
    .await;
    let r = emu.get(REQUESTS).await;
    r.assert_error(429, "E0000047", None);
    assert_eq!(r.header("x-rate-limit-remaining").unwrap(), "0");
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let reset: i64 = r.header("x-rate-limit-reset").unwrap().parse().unwrap();
    assert!((now..=now + 2).contains(&reset), "{reset} vs {now}");
    emu.control(
        "POST",
        "/faults",
        Some(json!({ "pathPrefix": "/governance/", "status": 429, "headers": { "X-Rate-Limit-Reset": "12345", "Retry-After": "0" } })),
    )
    .await;
    let r = emu.get(REQUESTS).await;
    assert_eq!(r.header("x-rate-limit-reset").unwrap(), "12345");
    assert_eq!(r.header("retry-after").unwrap(), "0");

    // Clearing.
    emu.control(
        "POST",
        "/faults",
        Some(json!({ "pathPrefix": "/", "status": 500, "count": 10 })),
    )
    .await;
    emu.control("DELETE", "/faults", None)
        .await
        .assert_status(204);
    emu.get(REQUESTS).await.assert_status(200);
    // Bad fault definitions.
    for bad in [
        json!({}),
        json!({ "pathPrefix": "/", "drop": "sideways" }),
        json!({ "pathPrefix": "/", "status": 42 }),
        json!({ "pathPrefix": "/", "status": 101 }),
        json!({ "pathPrefix": "/", "count": 0 }),
    ] {
        assert_eq!(emu.control("POST", "/faults", Some(bad)).await.status, 400);
    }
}

#[tokio::test]
async fn fault_drops_and_malformed_bodies() {
    let emu = Emu::start().await;
    // Queues one fault on POST /requests, then creates a request past the conformance check.
    let faulted_create = |fault: Value, subject: &'static str| {
        let emu = &emu;
        async move {
            let mut f = json!({ "method": "POST", "pathPrefix": REQUESTS });
            for (k, v) in fault.as_object().unwrap() {
                f[k] = v.clone();
            }
            emu.control("POST", "/faults", Some(f)).await;
            emu.http
                .post(emu.url(REQUESTS))
                .header("Authorization", format!("SSWS {TOKEN}"))
                .json(&json!({ "requestTypeId": RT_PLAIN, "subject": subject }))
                .send()
                .await
        }
    };
    // drop before: no response, no state change.
    let err = faulted_create(json!({ "drop": "before" }), "dropped before").await;
    assert!(err.is_err(), "expected a connection error, got {err:?}");
    assert_eq!(emu.get(REQUESTS).await.body["data"], json!([]));

    // drop after: no response, but the write happened.
    let err = faulted_create(json!({ "drop": "after" }), "dropped after").await;
    assert!(err.is_err(), "expected a connection error, got {err:?}");
    let list = emu.get(REQUESTS).await;
    assert_eq!(list.body["data"].as_array().unwrap().len(), 1);
    assert_eq!(list.body["data"][0]["subject"], "dropped after");

    // malformed body: processed, 200 with invalid JSON.
    let r = faulted_create(json!({ "malformedBody": true }), "malformed")
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let text = r.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    assert_eq!(
        emu.get(REQUESTS).await.body["data"]
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // latency fault.
    emu.control(
        "POST",
        "/faults",
        Some(json!({ "pathPrefix": REQUESTS, "latencyMs": 300 })),
    )
    .await;
    let t = Instant::now();
    emu.get(REQUESTS).await.assert_status(200);
    assert!(t.elapsed() >= Duration::from_millis(300));

    // The log records dropped requests with status 0.
    let log = emu.log().await;
    let statuses: Vec<u64> = log.iter().map(|e| e["status"].as_u64().unwrap()).collect();
    assert_eq!(&statuses[..4], &[0, 200, 0, 200]);
    assert_eq!(log[0]["method"], "POST");
    assert_eq!(log[4]["status"], 200); // malformed body is logged as sent
}

#[tokio::test]
async fn request_log() {
    let emu = Emu::start().await;
    emu.get(&format!("{REQUESTS}?limit=5")).await;
    emu.control("GET", "/state", None).await;
    let _ = emu.http.get(emu.url(REQUESTS)).send().await.unwrap();
    let _ = emu
        .http
        .get(emu.url(REQUESTS))
        .header("Authorization", format!("Bearer {TOKEN}"))
        .header("X-Okta-Retry-For", "abc")
        .header("X-Okta-Retry-Count", "1")
        .send()
        .await
        .unwrap();
    emu.get(&condition_path(APP_FULL, "rcoAAAAAAAAAAAAAAAAA"))
        .await;
    let log = emu.log().await;
    assert_eq!(log.len(), 4, "control endpoints are not logged: {log:#?}");
    let seqs: Vec<u64> = log.iter().map(|e| e["seq"].as_u64().unwrap()).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(log[0]["method"], "GET");
    assert_eq!(log[0]["path"], REQUESTS);
    assert_eq!(log[0]["query"], "limit=5");
    assert_eq!(log[0]["status"], 200);
    assert_eq!(log[0]["auth"], "SSWS");
    assert_eq!(log[0]["bucket"], "GET /governance/api/v1/requests");
    assert!(log[0]["timeMs"].as_i64().unwrap() > 1_600_000_000_000);
    assert_eq!(log[1]["auth"], "none");
    assert_eq!(log[1]["status"], 401);
    assert_eq!(log[1]["query"], "");
    assert_eq!(log[2]["auth"], "Bearer");
    assert_eq!(log[2]["retryFor"], "abc");
    assert_eq!(log[2]["retryCount"], "1");
    assert_eq!(log[3]["status"], 404);
    assert_eq!(
        log[3]["bucket"],
        "GET /governance/api/v2/resources/{id}/request-conditions/{id}"
    );
    emu.control("DELETE", "/log", None).await.assert_status(204);
    assert!(emu.log().await.is_empty());
}

#[tokio::test]
async fn reset_restores_the_demo_org() {
    let emu = Emu::start().await;
    let (_, c) = emu.new_condition("before reset").await;
    emu.control("DELETE", &format!("/approval-sequences/{SEQ_3}"), None)
        .await
        .assert_status(200);
    emu.control(
        "POST",
        "/faults",
        Some(json!({ "pathPrefix": "/x", "status": 500 })),
    )
    .await;
    let r = emu.control("POST", "/reset", None).await;
    assert_eq!(r.status, 200);
    assert!(emu.log().await.is_empty());
    assert_eq!(emu.control("GET", "/faults", None).await.body, json!([]));
    emu.get(&condition_path(APP_FULL, c["id"].as_str().unwrap()))
        .await
        .assert_status(404);
    let state = emu.control("GET", "/state", None).await.body;
    let sequences: Vec<&Value> = state["approvalSequences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["id"])
        .collect();
    assert_eq!(sequences, vec![SEQ_1, SEQ_2, SEQ_3]);
    assert_eq!(state["conditions"], json!([]));
    assert_eq!(state["users"][0], USER_ADMIN);
    assert_eq!(state["resources"].as_array().unwrap().len(), 4);
    assert_eq!(state["org"]["provisioningStatus"], "NOT_PROVISIONED");
}

#[tokio::test]
async fn control_endpoint_errors() {
    let emu = Emu::start().await;
    assert_eq!(emu.control("GET", "/nope", None).await.status, 404);
    assert_eq!(
        emu.control(
            "POST",
            "/requests/aaaaaaaaaaaaaaaaaaaaaaaa/status",
            Some(json!({ "status": "RESOLVED" }))
        )
        .await
        .status,
        404
    );
    let id = emu.file_request(RT_PLAIN, "x").await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(emu.set_request_status(&id, "DONE").await.status, 400);
    assert_eq!(
        emu.control("POST", &format!("/requests/{id}/status"), Some(json!({})))
            .await
            .status,
        400
    );
    let r = emu.set_request_status(&id, "LOCKED").await;
    assert_eq!(r.body["requestStatus"], "LOCKED");
    assert_eq!(r.body["resolved"], Value::Null);
    assert_eq!(emu.control("POST", "/faults", None).await.status, 400);
}
