//! Requests v1: create (validation, 409s), get, list (filter, orderBy, limit, after, Link), messages.

mod common;

use common::*;
use serde_json::{json, Value};

const REQUESTS: &str = "/governance/api/v1/requests";

async fn create_plain(emu: &Emu, subject: &str) -> Value {
    let r = emu
        .post(
            REQUESTS,
            json!({ "requestTypeId": RT_PLAIN, "subject": subject }),
        )
        .await;
    r.assert_status(201);
    r.body
}

#[tokio::test]
async fn create_and_get() {
    let emu = Emu::start().await;
    let r = emu
        .post(
            REQUESTS,
            json!({ "requestTypeId": RT_PLAIN, "subject": "I need access to Workday" }),
        )
        .await;
    r.assert_status(201);
    let id = r.body["id"].as_str().unwrap();
    assert_eq!(id.len(), 24);
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(r.body["requestStatus"], "OPEN");
    assert_eq!(r.body["resolved"], Value::Null);
    assert_eq!(r.body["requesterUserIds"], json!([USER_ADMIN]));
    assert_eq!(r.body["createdBy"], USER_ADMIN);
    assert_eq!(r.body["requesterFieldValues"], Value::Null);
    assert_eq!(r.body["type"], "ACCESS_REQUEST");
    assert_eq!(r.body["permalinkId"], 1);
    let got = emu.get(&format!("{REQUESTS}/{id}")).await;
    got.assert_status(200);
    assert_eq!(got.body, r.body);

    let other = emu
        .post(
            REQUESTS,
            json!({ "requestTypeId": RT_PLAIN, "subject": "for someone else", "requesterUserIds": [USER_2] }),
        )
        .await;
    other.assert_status(201);
    assert_eq!(other.body["requesterUserIds"], json!([USER_2]));
    assert_eq!(other.body["permalinkId"], 2);

    let missing = emu
        .get(&format!("{REQUESTS}/aaaaaaaaaaaaaaaaaaaaaaaa"))
        .await;
    missing.assert_error(404, "E0000007", None);
    assert!(missing.body["errorSummary"]
        .as_str()
        .unwrap()
        .contains("aaaaaaaaaaaaaaaaaaaaaaaa"));
    emu.get(&format!("{REQUESTS}/not-an-id"))
        .await
        .assert_error(404, "E0000007", None);
}

#[tokio::test]
async fn requester_field_values() {
    let emu = Emu::start().await;
    let r = emu
        .post(
            REQUESTS,
            json!({
                "requestTypeId": RT_FIELDS,
                "subject": "with fields",
                "requesterFieldValues": [
                    { "id": FIELD_TEXT, "value": "To fulfill my job duties" },
                    { "id": FIELD_SELECT, "value": ["Sandbox"] },
                    { "id": FIELD_DATE, "value": "2030-05-05T14:15:22Z" }
                ]
            }),
        )
        .await;
    r.assert_status(201);
    let values = r.body["requesterFieldValues"].as_array().unwrap();
    assert_eq!(values.len(), 3);
    assert_eq!(values[0]["type"], "TEXT");
    assert_eq!(values[0]["required"], true);
    assert_eq!(values[0]["value"], "To fulfill my job duties");
    assert_eq!(values[1]["value"], json!(["Sandbox"]));
    assert_eq!(values[2]["value"], "2030-05-05T14:15:22Z");

    // A bare string for a SELECT field is accepted (page shape); optional fields may be omitted.
    let r = emu
        .post(
            REQUESTS,
            json!({
                "requestTypeId": RT_FIELDS,
                "subject": "select as string",
                "requesterFieldValues": [
                    { "id": FIELD_TEXT, "value": "x" },
                    { "id": FIELD_SELECT, "value": "Production" }
                ]
            }),
        )
        .await;
    r.assert_status(201);
    assert_eq!(
        r.body["requesterFieldValues"][1]["value"],
        json!(["Production"])
    );
    assert_eq!(r.body["requesterFieldValues"][2]["value"], Value::Null);
}

#[tokio::test]
async fn create_validation() {
    let emu = Emu::start().await;
    let ok = json!({ "requestTypeId": RT_FIELDS, "subject": "s",
                     "requesterFieldValues": [ { "id": FIELD_TEXT, "value": "why" } ] });
    let cases: Vec<(Value, &str)> = vec![
        (json!({ "subject": "s" }), "requestTypeId"),
        (json!({ "requestTypeId": RT_PLAIN }), "subject"),
        (
            json!({ "requestTypeId": RT_PLAIN, "subject": "" }),
            "subject",
        ),
        (
            json!({ "requestTypeId": RT_PLAIN, "subject": "s".repeat(251) }),
            "subject",
        ),
        (
            json!({ "requestTypeId": "61eb2db568c7c300079fe0", "subject": "s" }),
            "requestTypeId",
        ),
        (
            json!({ "requestTypeId": "zzeb2db568c7c300079fe001", "subject": "s" }),
            "requestTypeId",
        ),
        (
            json!({ "requestTypeId": "61eb2db568c7c300079fefff", "subject": "s" }),
            "requestTypeId",
        ),
        (
            json!({ "requestTypeId": RT_PLAIN, "subject": "s", "requesterUserIds": [] }),
            "requesterUserIds",
        ),
        (
            json!({ "requestTypeId": RT_PLAIN, "subject": "s", "requesterUserIds": [USER_ADMIN, USER_2] }),
            "requesterUserIds",
        ),
        (
            json!({ "requestTypeId": RT_PLAIN, "subject": "s", "requesterUserIds": ["00u22uiKQa0xXkbdGLNR"] }),
            "requesterUserIds[0]",
        ),
        (
            json!({ "requestTypeId": RT_PLAIN, "subject": "s", "requesterUserIds": "00u22uiKQa0xXkbdGLNR" }),
            "requesterUserIds",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "value": "x" } ] }),
            "requesterFieldValues[0].id",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": "nope", "value": "x" } ] }),
            "requesterFieldValues[0].id",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": "11111111-1111-4111-8111-111111111111", "value": "x" } ] }),
            "requesterFieldValues[0].id",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": FIELD_TEXT } ] }),
            "requesterFieldValues[0].value",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": FIELD_TEXT, "value": "" } ] }),
            "requesterFieldValues[0].value",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": FIELD_TEXT, "value": "x".repeat(1001) } ] }),
            "requesterFieldValues[0].value",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": FIELD_TEXT, "value": "x" }, { "id": FIELD_DATE, "value": "tomorrow" } ] }),
            "requesterFieldValues[1].value",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": FIELD_TEXT, "value": "x" }, { "id": FIELD_SELECT, "value": ["Nope"] } ] }),
            "requesterFieldValues[1].value",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": FIELD_TEXT, "value": "x" }, { "id": FIELD_SELECT, "value": ["Production", "Sandbox"] } ] }),
            "requesterFieldValues[1].value",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [ { "id": FIELD_TEXT, "value": "x", "type": "SELECT" } ] }),
            "requesterFieldValues[0].type",
        ),
        (
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": "x" }),
            "requesterFieldValues",
        ),
    ];
    for (body, field) in cases {
        emu.post(REQUESTS, body)
            .await
            .assert_error(400, "E0000001", Some(field));
    }
    emu.post(REQUESTS, json!([ok.clone()]))
        .await
        .assert_error(400, "E0000001", Some("body"));
    emu.post(REQUESTS, ok).await.assert_status(201);
    // Nothing was created by the rejected calls.
    let list = emu.get(REQUESTS).await;
    assert_eq!(list.body["data"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn conflicts_409() {
    let emu = Emu::start().await;
    // Missing required requester field: 409 as the OpenAPI file documents it.
    let r = emu
        .post(
            REQUESTS,
            json!({ "requestTypeId": RT_FIELDS, "subject": "s" }),
        )
        .await;
    r.assert_error(409, "E0000001", Some("requesterFieldValues"));
    assert!(r.causes()[0].contains("must have all required requesterFields"));
    let r = emu
        .post(
            REQUESTS,
            json!({ "requestTypeId": RT_FIELDS, "subject": "s",
                    "requesterFieldValues": [ { "id": FIELD_SELECT, "value": ["Sandbox"] } ] }),
        )
        .await;
    r.assert_error(409, "E0000001", Some("requesterFieldValues"));
    // Duplicate field ids.
    let r = emu
        .post(
            REQUESTS,
            json!({ "requestTypeId": RT_FIELDS, "subject": "s", "requesterFieldValues": [
                { "id": FIELD_TEXT, "value": "a" }, { "id": FIELD_TEXT, "value": "b" } ] }),
        )
        .await;
    r.assert_error(409, "E0000195", Some("requesterFieldValues"));
    // Unpublished request type.
    let r = emu
        .post(
            REQUESTS,
            json!({ "requestTypeId": RT_DRAFT, "subject": "s" }),
        )
        .await;
    r.assert_error(409, "E0000195", Some("requestTypeId"));
    assert!(r.body["errorSummary"]
        .as_str()
        .unwrap()
        .contains("must be ACTIVE. Current status: DRAFT"));
    // Control endpoint publishes / unpublishes.
    emu.control(
        "POST",
        &format!("/request-types/{RT_DRAFT}/status"),
        Some(json!({ "status": "PUBLISHED" })),
    )
    .await
    .assert_status(200);
    emu.post(
        REQUESTS,
        json!({ "requestTypeId": RT_DRAFT, "subject": "s" }),
    )
    .await
    .assert_status(201);
    emu.control(
        "POST",
        &format!("/request-types/{RT_PLAIN}/status"),
        Some(json!({ "status": "UNPUBLISHED" })),
    )
    .await
    .assert_status(200);
    let r = emu
        .post(
            REQUESTS,
            json!({ "requestTypeId": RT_PLAIN, "subject": "s" }),
        )
        .await;
    r.assert_error(409, "E0000195", Some("requestTypeId"));
    assert!(r.body["errorSummary"]
        .as_str()
        .unwrap()
        .contains("DISABLED"));
    emu.control(
        "POST",
        "/request-types/61eb2db568c7c300079fefff/status",
        Some(json!({ "status": "PUBLISHED" })),
    )
    .await
    .assert_status(404);
    emu.control(
        "POST",
        &format!("/request-types/{RT_PLAIN}/status"),
        Some(json!({ "status": "WHATEVER" })),
    )
    .await
    .assert_status(400);
}

#[tokio::test]
async fn list_pagination_and_links() {
    let emu = Emu::start().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(
            create_plain(&emu, &format!("r{i}")).await["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }
    let all = emu.get(REQUESTS).await;
    all.assert_status(200);
    let got: Vec<&str> = all.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(got, ids.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        all.body["data"][0].get("approvals").is_none(),
        "list items are sparse"
    );
    let link = all.header("link").unwrap();
    assert!(link.contains("rel=\"self\""));
    assert!(!link.contains("rel=\"next\""));

    // Follow the next links with limit=2.
    let mut seen = Vec::new();
    let mut url = format!("{REQUESTS}?limit=2");
    let mut pages = 0;
    loop {
        let page = emu.get(&url).await;
        page.assert_status(200);
        pages += 1;
        for r in page.body["data"].as_array().unwrap() {
            seen.push(r["id"].as_str().unwrap().to_string());
        }
        let link = page.header("link").unwrap_or_default();
        let next = link
            .split(',')
            .find(|l| l.contains("rel=\"next\""))
            .map(|l| {
                l.trim()
                    .trim_start_matches('<')
                    .split('>')
                    .next()
                    .unwrap()
                    .to_string()
            });
        match next {
            Some(n) => {
                assert!(n.starts_with(&emu.base), "full URL: {n}");
                assert!(n.contains("after=") && n.contains("limit=2"));
                assert_eq!(page.body["_links"]["next"]["href"], n.as_str());
                url = n.trim_start_matches(&emu.base).to_string();
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, ids);

    // Ordering.
    let desc = emu.get(&format!("{REQUESTS}?orderBy=created%20desc")).await;
    let got: Vec<String> = desc.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let mut rev = ids.clone();
    rev.reverse();
    assert_eq!(got, rev);
    // Timestamps are whole seconds (as live Okta's): let the update land in a later second.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    emu.control(
        "POST",
        &format!("/requests/{}/status", ids[0]),
        Some(json!({ "status": "PENDING" })),
    )
    .await
    .assert_status(200);
    let by_lu = emu
        .get(&format!("{REQUESTS}?orderBy=lastUpdated%20desc&limit=1"))
        .await;
    assert_eq!(by_lu.body["data"][0]["id"], ids[0].as_str());
    let asc = emu
        .get(&format!("{REQUESTS}?orderBy=lastUpdated%20asc&limit=1"))
        .await;
    assert_eq!(asc.body["data"][0]["id"], ids[1].as_str());
    let plain = emu.get(&format!("{REQUESTS}?orderBy=created")).await;
    assert_eq!(plain.body["data"][0]["id"], ids[0].as_str());

    // Paging parameter errors (E0000029 as the OpenAPI file documents).
    for q in ["limit=0", "limit=201", "limit=abc", "limit=-5"] {
        emu.get(&format!("{REQUESTS}?{q}"))
            .await
            .assert_error(400, "E0000029", Some("limit"));
    }
    emu.get(&format!("{REQUESTS}?limit=200"))
        .await
        .assert_status(200);
    emu.get(&format!("{REQUESTS}?limit=1"))
        .await
        .assert_status(200);
    for q in [
        "orderBy=subject",
        "orderBy=created%20sideways",
        "orderBy=created%20asc%20x",
    ] {
        emu.get(&format!("{REQUESTS}?{q}"))
            .await
            .assert_error(400, "E0000029", Some("orderBy"));
    }
    for q in ["after=", "after=1", "after=ffffffffffffffffffffffff"] {
        emu.get(&format!("{REQUESTS}?{q}"))
            .await
            .assert_error(400, "E0000029", Some("after"));
    }
}

#[tokio::test]
async fn list_filters() {
    let emu = Emu::start().await;
    let a = create_plain(&emu, "a").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Timestamps are whole seconds (as live Okta's): a second apart on each side of the cut.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let cut = chrono_now();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let b = create_plain(&emu, "b").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let c = create_plain(&emu, "c").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let resolved = emu
        .control(
            "POST",
            &format!("/requests/{c}/status"),
            Some(json!({ "status": "RESOLVED" })),
        )
        .await;
    assert_eq!(resolved.body["requestStatus"], "RESOLVED");
    assert!(resolved.body["resolved"].is_string());
    assert_eq!(
        emu.get(&format!("{REQUESTS}/{c}")).await.body["requestStatus"],
        "RESOLVED"
    );

    let ids = |r: &Resp| -> Vec<String> {
        r.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .collect()
    };
    let f = |s: &str| {
        format!(
            "{REQUESTS}?filter={}",
            s.replace(' ', "%20").replace('"', "%22")
        )
    };
    assert_eq!(
        ids(&emu.get(&f("requestStatus eq \"OPEN\"")).await),
        vec![a.clone(), b.clone()]
    );
    assert_eq!(
        ids(&emu.get(&f("requestStatus eq \"RESOLVED\"")).await),
        vec![c.clone()]
    );
    assert_eq!(
        ids(&emu.get(&f(&format!("lastUpdated gt \"{cut}\""))).await),
        vec![b.clone(), c.clone()]
    );
    assert_eq!(
        ids(&emu.get(&f(&format!("lastUpdated ge \"{cut}\""))).await),
        vec![b.clone(), c.clone()]
    );
    assert_eq!(
        ids(&emu.get(&f(&format!("lastUpdated lt \"{cut}\""))).await),
        vec![a.clone()]
    );
    assert_eq!(
        ids(&emu.get(&f(&format!("lastUpdated le \"{cut}\""))).await),
        vec![a.clone()]
    );
    assert!(ids(&emu.get(&f(&format!("lastUpdated eq \"{cut}\""))).await).is_empty());
    assert_eq!(
        ids(&emu
            .get(&f(&format!(
                "requestStatus eq \"OPEN\" AND lastUpdated gt \"{cut}\""
            )))
            .await),
        vec![b.clone()]
    );
    assert_eq!(
        ids(&emu
            .get(&f(&format!(
                "requestStatus eq \"OPEN\" and lastUpdated gt \"{cut}\""
            )))
            .await),
        vec![b.clone()]
    );
    // The next link keeps the filter.
    let page = emu
        .get(&format!("{}&limit=1", f("requestStatus eq \"OPEN\"")))
        .await;
    let link = page.header("link").unwrap();
    assert!(
        link.contains("filter=requestStatus%20eq%20%22OPEN%22"),
        "{link}"
    );
    for bad in [
        "requestStatus eq \"NOPE\"",
        "requestStatus gt \"OPEN\"",
        "subject eq \"a\"",
        "lastUpdated gt \"yesterday\"",
        "lastUpdated gt 2024",
        "requestStatus eq \"OPEN\" AND",
    ] {
        emu.get(&f(bad))
            .await
            .assert_error(400, "E0000001", Some("filter"));
    }
}

fn chrono_now() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    let secs = now.as_secs() as i64;
    let millis = now.subsec_millis();
    // Civil date from days since epoch (Howard Hinnant's algorithm).
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        sod / 3600,
        (sod % 3600) / 60,
        sod % 60
    )
}

#[tokio::test]
async fn messages() {
    let emu = Emu::start().await;
    let id = create_plain(&emu, "m").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let p = format!("{REQUESTS}/{id}/messages");
    let r = emu
        .post(&p, json!({ "message": "Contact admin@atko.com\nfor help" }))
        .await;
    r.assert_status(201);
    assert_eq!(r.body["id"].as_str().unwrap().len(), 24);
    emu.post(&p, json!({ "message": "m".repeat(5000) }))
        .await
        .assert_status(201);
    emu.post(&p, json!({ "message": "" }))
        .await
        .assert_error(400, "E0000001", Some("message"));
    emu.post(&p, json!({ "message": "m".repeat(5001) }))
        .await
        .assert_error(400, "E0000001", Some("message"));
    emu.post(&p, json!({}))
        .await
        .assert_error(400, "E0000001", Some("message"));
    emu.post(&p, json!({ "message": 5 }))
        .await
        .assert_error(400, "E0000001", Some("message"));
    emu.post(
        &format!("{REQUESTS}/aaaaaaaaaaaaaaaaaaaaaaaa/messages"),
        json!({ "message": "x" }),
    )
    .await
    .assert_error(404, "E0000007", None);
    let state = emu.control("GET", "/state", None).await;
    assert_eq!(state.body["messages"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn links_are_separate_headers_on_the_callers_host() {
    let emu = Emu::start().await;
    for i in 0..3 {
        create_plain(&emu, &format!("l{i}")).await;
    }
    let page = emu.get(&format!("{REQUESTS}?limit=2")).await;
    let links: Vec<String> = page
        .headers
        .get_all("link")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    assert_eq!(links.len(), 2, "{links:?}");
    assert!(links[0].ends_with("rel=\"self\""));
    assert!(links[1].ends_with("rel=\"next\""));
    // A client that reached the emulator as "localhost" gets links to localhost.
    let port = emu.base.rsplit(':').next().unwrap().to_string();
    let url = format!("http://localhost:{port}{REQUESTS}?limit=2");
    let r = emu
        .send(
            "GET",
            REQUESTS,
            emu.http
                .get(&url)
                .header("Authorization", format!("SSWS {TOKEN}")),
        )
        .await;
    r.assert_status(200);
    assert!(
        r.header("link").unwrap().contains(&format!(
            "<http://localhost:{port}/governance/api/v1/requests?"
        )),
        "{:?}",
        r.header("link")
    );
    assert!(r.body["data"][0]["_links"]["self"]["href"]
        .as_str()
        .unwrap()
        .starts_with(&format!("http://localhost:{port}/")));
}
