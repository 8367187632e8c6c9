//! Live-API fidelity (issue 12): one test per behaviour that Okta's live API shows in the
//! recordings of okta/terraform-provider-okta (VCR cassettes under
//! test/fixtures/vcr/governance/) or that its maintainers report (PR #2784, PR #2786,
//! issue #2633), and the switch that turns it on or off. See emulator/README.md.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::*;
use serde_json::{json, Value};

const ORG: &str = "/governance/api/v2/request-settings";

/// The order of every `valid*` list in a settings body, as one comparable value.
fn orders(settings: &Value) -> Vec<Vec<String>> {
    let lists = [
        &settings["validAccessScopeSettings"],
        &settings["validRequesterSettings"],
        &settings["validAccessDurationSettings"]["supportedTypes"],
        &settings["validRiskSettings"]["supportedTypes"],
        &settings["validRequestOnBehalfOfSettings"],
    ];
    lists.iter().map(|l| strings_of(l, "type")).collect()
}

async fn settings_orders(emu: &Emu, n: usize) -> Vec<Vec<Vec<String>>> {
    let mut out = Vec::new();
    for _ in 0..n {
        let r = emu.get(&settings_path(APP_FULL)).await;
        r.assert_status(200);
        out.push(orders(&r.body));
    }
    out
}

fn sorted(mut v: Vec<Vec<String>>) -> Vec<Vec<String>> {
    for l in &mut v {
        l.sort();
    }
    v
}

fn is_whole_second_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b[19] == b'Z'
        && b[10] == b'T'
        && [4, 7].iter().all(|&i| b[i] == b'-')
        && [13, 16].iter().all(|&i| b[i] == b':')
        && b.iter()
            .enumerate()
            .all(|(i, c)| [4, 7, 10, 13, 16, 19].contains(&i) || c.is_ascii_digit())
}

/// A client that sends `name` to the emulator's loopback address (`*.localhost` does not
/// resolve through the system resolver here), so that the request carries `Host: name:PORT`.
fn client_for(emu: &Emu, name: &str) -> (reqwest::Client, String) {
    let addr: std::net::SocketAddr = emu
        .base
        .trim_start_matches("http://")
        .parse()
        .expect("emulator address");
    let client = reqwest::Client::builder()
        .resolve(name, addr)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    (client, format!("http://{name}:{}", addr.port()))
}

/// GET `path` through `client` on `origin` (a host name that resolves to the emulator), with
/// the API token.
async fn get_on(emu: &Emu, client: &reqwest::Client, origin: &str, path: &str) -> Resp {
    let rb = client
        .get(format!("{origin}{path}"))
        .header("Authorization", format!("SSWS {TOKEN}"));
    emu.send("GET", path, rb).await
}

// 1. valid* lists are shuffled on every response (TestAccRequestSettingResource_basic,
//    TestAccDataSourceOktaRequestSetting_read: consecutive GETs of one resource's settings return
//    validAccessScopeSettings, validRequesterSettings and supportedTypes in changing orders).
#[tokio::test]
async fn valid_lists_come_back_in_changing_orders() {
    let emu = Emu::start_with(&["--seed", "1"]).await;
    let seen = settings_orders(&emu, 12).await;
    let distinct: BTreeSet<_> = seen.iter().cloned().collect();
    assert!(
        distinct.len() > 1,
        "12 GETs returned the valid* lists in one order: {seen:?}"
    );
    // Same members every time, only the order changes.
    let members: BTreeSet<_> = seen.into_iter().map(sorted).collect();
    assert_eq!(members.len(), 1, "{members:?}");
    // Each list on its own changes order (the scope list has 3 items, the others 2).
    for i in [0, 1, 2, 4] {
        let per_list: BTreeSet<_> = distinct.iter().map(|o| o[i].clone()).collect();
        assert!(per_list.len() > 1, "list {i} never changed order");
    }
    // The PATCH response is shuffled too (recorded interaction 2 of TestAccRequestSettingResource_basic).
    let mut patched = BTreeSet::new();
    for _ in 0..8 {
        let p = emu
            .patch_on_behalf_of(APP_FULL, json!({ "allowed": true }))
            .await;
        p.assert_status(200);
        patched.insert(orders(&p.body));
    }
    assert!(patched.len() > 1, "PATCH responses kept one order");
}

#[tokio::test]
async fn seeded_shuffle_is_reproducible_and_ordered_lists_turns_it_off() {
    let a = Emu::start_with(&["--seed", "42"]).await;
    let b = Emu::start_with(&["--seed", "42"]).await;
    let c = Emu::start_with(&["--seed", "43"]).await;
    let (sa, sb, sc) = (
        settings_orders(&a, 8).await,
        settings_orders(&b, 8).await,
        settings_orders(&c, 8).await,
    );
    assert_eq!(sa, sb, "the same seed gives the same orders");
    assert_ne!(sa, sc, "another seed gives other orders");

    // A new seed at run time restarts the sequence.
    a.set_behaviour(json!({ "seed": 42 })).await;
    assert_eq!(settings_orders(&a, 8).await, sa);

    let fixture_order = vec![
        vec!["RESOURCE_DEFAULT", "ENTITLEMENT_BUNDLES", "GROUPS"],
        vec!["EVERYONE", "GROUPS"],
        vec!["ADMIN_FIXED_DURATION", "REQUESTER_SPECIFIED_DURATION"],
        vec!["DEFAULT_SETTING"],
        vec!["EVERYONE", "DIRECT_REPORT"],
    ]
    .into_iter()
    .map(|l| l.into_iter().map(str::to_string).collect::<Vec<_>>())
    .collect::<Vec<_>>();
    let ordered = Emu::start_with(&["--ordered-lists"]).await;
    for o in settings_orders(&ordered, 6).await {
        assert_eq!(o, fixture_order);
    }
    // The same switch at run time.
    a.set_behaviour(json!({ "shuffleLists": false })).await;
    for o in settings_orders(&a, 6).await {
        assert_eq!(o, fixture_order);
    }
}

// 2. On-behalf-of is accepted when validRequestOnBehalfOfSettings is [] (TestAccRequestSettingResource_basic:
//    PATCH {"requestOnBehalfOfSettings":{"allowed":true},…} → 200, echoed, list still []).
#[tokio::test]
async fn on_behalf_of_is_accepted_when_the_valid_list_is_empty() {
    let emu = Emu::start().await;
    let before = emu.get(&settings_path(APP_GROUPS_ONLY)).await;
    assert_eq!(before.body["validRequestOnBehalfOfSettings"], json!([]));
    assert!(before.body.get("requestOnBehalfOfSettings").is_none());
    let p = emu.allow_on_behalf_of(APP_GROUPS_ONLY).await;
    assert_eq!(p.body["validRequestOnBehalfOfSettings"], json!([]));
    let g = emu.get(&settings_path(APP_GROUPS_ONLY)).await;
    assert_eq!(
        g.body["requestOnBehalfOfSettings"],
        json!({ "allowed": true })
    );
    // null clears it: the key is then absent, not null (interaction 5).
    let cleared = emu.patch_on_behalf_of(APP_GROUPS_ONLY, Value::Null).await;
    cleared.assert_status(200);
    assert!(cleared.body.get("requestOnBehalfOfSettings").is_none());
}

// 3. Unset fields absent, timestamps in whole seconds, _links.self.hints = {}, create = 201 + Location
//    (TestAccRequestConditionResource_Status / _basic / _Issue2510 / _Issue2780).
#[tokio::test]
async fn condition_shape_is_the_recorded_one() {
    let emu = Emu::start().await;
    let r = emu
        .post(
            &conditions_path(APP_FULL),
            json!({ "name": "recorded shape", "approvalSequenceId": SEQ_1, "priority": 0,
                    "requesterSettings": { "type": "EVERYONE" },
                    "accessScopeSettings": { "type": "RESOURCE_DEFAULT" } }),
        )
        .await;
    r.assert_status(201);
    let c = &r.body;
    for absent in ["description", "accessDurationSettings"] {
        assert!(c.get(absent).is_none(), "{absent} must be absent: {c}");
    }
    for k in ["created", "lastUpdated"] {
        let t = c[k].as_str().unwrap();
        assert!(is_whole_second_timestamp(t), "{k}: {t}");
    }
    assert_eq!(c["_links"]["self"]["hints"], json!({}));
    let keys: BTreeSet<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    let recorded: BTreeSet<&str> = [
        "requesterSettings",
        "accessScopeSettings",
        "approvalSequenceId",
        "name",
        "id",
        "createdBy",
        "created",
        "lastUpdated",
        "lastUpdatedBy",
        "_links",
        "status",
        "priority",
    ]
    .into_iter()
    .collect();
    assert_eq!(keys, recorded);
    let location = r.header("location").expect("Location header on 201");
    assert_eq!(location, c["_links"]["self"]["href"].as_str().unwrap());
    assert!(location.ends_with(&condition_path(APP_FULL, c["id"].as_str().unwrap())));
    // A GET shows the same object.
    let g = emu
        .get(&condition_path(APP_FULL, c["id"].as_str().unwrap()))
        .await;
    assert_eq!(&g.body, c);
    // The list's own self link has hints too.
    let list = emu.get(&conditions_path(APP_FULL)).await;
    assert_eq!(list.body["_links"]["self"]["hints"], json!({}));
}

// 4. Links on the org's -admin twin (every recorded _links/Location names https://<org>-admin.…
//    while the call went to https://<org>.…).
#[tokio::test]
async fn links_point_at_the_admin_twin_of_the_called_host() {
    let emu = Emu::start().await;
    let (client, origin) = client_for(&emu, "acme.localhost");
    let port = origin.rsplit(':').next().unwrap().to_string();
    let twin = format!("http://acme-admin.localhost:{port}");
    let path = conditions_path(APP_FULL);
    let rb = client
        .post(format!("{origin}{path}"))
        .header("Authorization", format!("SSWS {TOKEN}"))
        .json(&everyone_condition("twin"));
    let r = emu.send("POST", &path, rb).await;
    r.assert_status(201);
    let id = r.body["id"].as_str().unwrap();
    let want = format!("{twin}{}", condition_path(APP_FULL, id));
    assert_eq!(r.header("location").as_deref(), Some(want.as_str()));
    assert_eq!(r.body["_links"]["self"]["href"], want.as_str());
    let list = get_on(&emu, &client, &origin, &path).await;
    assert_eq!(list.body["_links"]["self"]["href"], format!("{twin}{path}"));
    assert_eq!(
        list.body["data"][0]["_links"]["self"]["href"],
        want.as_str()
    );
    // Requests' Link headers and _links too.
    let requests = "/governance/api/v1/requests";
    let l = get_on(&emu, &client, &origin, requests).await;
    assert!(
        l.header("link")
            .unwrap()
            .contains(&format!("<{twin}{requests}")),
        "{:?}",
        l.header("link")
    );

    // An -admin host, an IP literal and plain localhost are left as they are.
    let (admin, admin_origin) = client_for(&emu, "acme-admin.localhost");
    let a = get_on(&emu, &admin, &admin_origin, &path).await;
    assert_eq!(a.body["_links"]["self"]["href"], format!("{twin}{path}"));
    let plain = emu.get(&path).await;
    assert_eq!(
        plain.body["_links"]["self"]["href"],
        format!("{}{path}", emu.base)
    );
    let (lh, lh_origin) = client_for(&emu, "localhost");
    let l = get_on(&emu, &lh, &lh_origin, &path).await;
    assert_eq!(
        l.body["_links"]["self"]["href"],
        format!("{lh_origin}{path}")
    );

    // --same-origin-links: links on the called host.
    let same = Emu::start_with(&["--same-origin-links"]).await;
    let (client, origin) = client_for(&same, "acme.localhost");
    let s = get_on(&same, &client, &origin, &path).await;
    assert_eq!(s.body["_links"]["self"]["href"], format!("{origin}{path}"));

    // --link-origin: every link on that origin, Location included.
    let forced = Emu::start_with(&["--link-origin", "http://evil.localhost:1234"]).await;
    let c = forced
        .post(&conditions_path(APP_FULL), everyone_condition("forced"))
        .await;
    c.assert_status(201);
    assert!(c
        .header("location")
        .unwrap()
        .starts_with("http://evil.localhost:1234/governance/"));
    assert!(c.body["_links"]["self"]["href"]
        .as_str()
        .unwrap()
        .starts_with("http://evil.localhost:1234/governance/"));
    // … and at run time.
    forced
        .set_behaviour(json!({ "linkOrigin": null, "adminTwinLinks": false }))
        .await;
    let c = forced.get(&path).await;
    assert_eq!(
        c.body["_links"]["self"]["href"],
        format!("{}{path}", forced.base)
    );
}

// 9. The list of conditions is the sparse representation (OpenAPI request-condition-sparse).
#[tokio::test]
async fn list_of_conditions_is_sparse_unless_full_lists() {
    let body = json!({
        "name": "groups", "approvalSequenceId": SEQ_1,
        "requesterSettings": { "type": "GROUPS", "groups": [ { "id": GROUP_1 } ] },
        "accessScopeSettings": { "type": "ENTITLEMENT_BUNDLES", "entitlementBundles": [ { "id": BUNDLE_1 } ] },
        "accessDurationSettings": { "type": "ADMIN_FIXED_DURATION", "duration": "P2D" }
    });
    let emu = Emu::start().await;
    let full = emu.create_condition(APP_FULL, body.clone()).await;
    let list = emu.get(&conditions_path(APP_FULL)).await;
    let item = &list.body["data"][0];
    assert_eq!(item["requesterSettings"], json!({ "type": "GROUPS" }));
    assert_eq!(
        item["accessScopeSettings"],
        json!({ "type": "ENTITLEMENT_BUNDLES" })
    );
    assert_eq!(
        item["accessDurationSettings"],
        full["accessDurationSettings"]
    );
    assert_eq!(item["id"], full["id"]);
    // The full object is one GET away.
    let g = emu
        .get(&condition_path(APP_FULL, full["id"].as_str().unwrap()))
        .await;
    assert_eq!(g.body["requesterSettings"]["groups"][0]["id"], GROUP_1);

    let emu = Emu::start_with(&["--full-lists"]).await;
    let full = emu.create_condition(APP_FULL, body).await;
    let list = emu.get(&conditions_path(APP_FULL)).await;
    assert_eq!(list.body["data"][0], full);
    emu.set_behaviour(json!({ "sparseLists": true })).await;
    let list = emu.get(&conditions_path(APP_FULL)).await;
    assert_eq!(
        list.body["data"][0]["requesterSettings"],
        json!({ "type": "GROUPS" })
    );
}

// 10. Org settings' live shape (TestAccRequestSettingOrganization_basic,
//     TestAccDataSourceOktaRequestSettingOrganization_read).
#[tokio::test]
async fn provisioned_org_settings_have_the_live_shape() {
    let emu = Emu::start_with(&["--provisioning-delay-ms", "0"]).await;
    emu.patch(ORG, json!({ "subprocessorsAcknowledged": true }))
        .await
        .assert_status(200);
    let g = emu.get(ORG).await;
    assert_eq!(
        g.body,
        json!({ "subprocessorsAcknowledged": true, "provisioningStatus": "PROVISIONED",
                "requestExperiences": ["CATALOG", "ADMIN_ROLES"], "longTimePastProvisioned": false })
    );
}

// A sequence's compatibleResourceTypes come back in a new order from call to call
// (TestAccDataSourceOktaRequestSequence_read: ["APP","GROUP"], then ["GROUP","APP"] for the
// same sequence; TestAccRequestSequenceResource_basic likewise); `shuffleLists` turns it off.
#[tokio::test]
async fn sequence_resource_types_are_shuffled_unless_ordered() {
    let types = |v: &Value| -> Vec<String> {
        serde_json::from_value(v["compatibleResourceTypes"].clone()).expect("a list of strings")
    };
    let path = sequence_path(APP_FULL, SEQ_1);
    let emu = Emu::start_with(&["--seed", "3"]).await;
    let mut seen = BTreeSet::new();
    for _ in 0..12 {
        let r = emu.get(&path).await;
        r.assert_status(200);
        seen.insert(types(&r.body));
        let list = emu.get(&sequences_path(APP_FULL)).await;
        for s in list.body["data"].as_array().unwrap() {
            seen.insert(types(s));
        }
    }
    let expected: BTreeSet<Vec<String>> = [vec!["APP", "GROUP"], vec!["GROUP", "APP"]]
        .into_iter()
        .map(|l| l.into_iter().map(str::to_string).collect())
        .collect();
    assert_eq!(seen, expected, "both orders, same members");
    emu.set_behaviour(json!({ "shuffleLists": false })).await;
    for _ in 0..6 {
        assert_eq!(types(&emu.get(&path).await.body), vec!["APP", "GROUP"]);
    }
}
