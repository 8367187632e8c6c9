//! Requests v1 list: filter, orderBy, limit, after, and the Link headers.

mod common;

use common::*;

#[tokio::test]
async fn list_pagination_and_links() {
    let emu = Emu::start().await;
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(
            emu.create_plain(&format!("r{i}")).await["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
    }
    let all = emu.get(REQUESTS).await;
    all.assert_status(200);
    assert_eq!(strings_of(&all.body["data"], "id"), ids);
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
    let got = strings_of(&desc.body["data"], "id");
    let mut rev = ids.clone();
    rev.reverse();
    assert_eq!(got, rev);
    // Timestamps are whole seconds (as live Okta's): let the update land in a later second.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    emu.set_request_status(&ids[0], "PENDING")
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
    let a = emu.plain_request_id("a").await;
    // Timestamps are whole seconds (as live Okta's): a second apart on each side of the cut.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let cut = chrono_now();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let b = emu.plain_request_id("b").await;
    let c = emu.plain_request_id("c").await;
    let resolved = emu.set_request_status(&c, "RESOLVED").await;
    assert_eq!(resolved.body["requestStatus"], "RESOLVED");
    assert!(resolved.body["resolved"].is_string());
    assert_eq!(
        emu.get(&format!("{REQUESTS}/{c}")).await.body["requestStatus"],
        "RESOLVED"
    );

    let ids = |r: &Resp| strings_of(&r.body["data"], "id");
    let f = |s: &str| {
        format!(
            "{REQUESTS}?filter={}",
            s.replace(' ', "%20").replace('"', "%22")
        )
    };
    let cases: Vec<(String, Vec<String>)> = vec![
        (
            "requestStatus eq \"OPEN\"".into(),
            vec![a.clone(), b.clone()],
        ),
        ("requestStatus eq \"RESOLVED\"".into(), vec![c.clone()]),
        (
            format!("lastUpdated gt \"{cut}\""),
            vec![b.clone(), c.clone()],
        ),
        (
            format!("lastUpdated ge \"{cut}\""),
            vec![b.clone(), c.clone()],
        ),
        (format!("lastUpdated lt \"{cut}\""), vec![a.clone()]),
        (format!("lastUpdated le \"{cut}\""), vec![a.clone()]),
        (format!("lastUpdated eq \"{cut}\""), vec![]),
        (
            format!("requestStatus eq \"OPEN\" AND lastUpdated gt \"{cut}\""),
            vec![b.clone()],
        ),
        (
            format!("requestStatus eq \"OPEN\" and lastUpdated gt \"{cut}\""),
            vec![b.clone()],
        ),
    ];
    for (filter, expected) in cases {
        assert_eq!(ids(&emu.get(&f(&filter)).await), expected, "{filter}");
    }
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
async fn links_are_separate_headers_on_the_callers_host() {
    let emu = Emu::start().await;
    for i in 0..3 {
        emu.create_plain(&format!("l{i}")).await;
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
