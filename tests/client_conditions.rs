//! The API client against live Okta's behaviour, reproduced by a spawned oig-emulator (issue
//! 12): admin-host page links, live shapes, sparse lists, 409 conflicts and deletes that answer
//! 500.

mod common;

use common::client::{client, config, runtime, statuses_of};
use common::conditions::{
    collection, create_by_hand, everyone_body, APP_FULL, BUNDLE_1, GROUP_1, GROUP_2, SEQ_1,
};
use common::{Emulator, TOKEN};
use serde_json::{json, Value};
use terraform_provider_oig::client::conditions::{
    AccessScopeSettings, ConditionInput, IdRef, RequesterSettings,
};
use terraform_provider_oig::client::{ApiError, Call, Client, Credentials, Secret};

const TYPE_PLAIN: &str = "61eb2db568c7c300079fe002";

fn input(name: &str) -> ConditionInput {
    ConditionInput::everyone(name, SEQ_1)
}

fn groups_input(name: &str) -> ConditionInput {
    ConditionInput {
        requester_settings: RequesterSettings {
            kind: "GROUPS".into(),
            groups: Some(vec![
                IdRef { id: GROUP_1.into() },
                IdRef { id: GROUP_2.into() },
            ]),
            teams: None,
        },
        access_scope_settings: AccessScopeSettings {
            kind: "ENTITLEMENT_BUNDLES".into(),
            groups: None,
            entitlement_bundles: Some(vec![IdRef {
                id: BUNDLE_1.into(),
            }]),
        },
        ..input(name)
    }
}

/// Item 4: live Okta writes next-page links on the org's `-admin` host. The client, configured
/// with `http://acme.localhost:PORT` (resolved to loopback by the client itself), follows links
/// on `acme-admin.localhost` and refuses links to any other host.
#[test]
fn next_page_links_on_the_admin_twin_are_followed_and_other_hosts_refused() {
    use terraform_provider_oig::client::pagination::next_link;
    let emu = Emulator::start();
    assert!(emu.url.starts_with("http://acme.localhost:"), "{}", emu.url);
    // More than one page of 200.
    for i in 0..205 {
        let (status, body) = emu.api(
            "POST",
            "/governance/api/v1/requests",
            Some(json!({"requestTypeId": TYPE_PLAIN, "subject": format!("request {i}")})),
        );
        assert_eq!(status, 201, "{body}");
    }
    let c = client(&emu);
    let rt = runtime();
    // The emulator, like live Okta, links to the -admin twin of the host that was called.
    let first = rt
        .block_on(
            c.send::<Value>(
                &Call::get(
                    "GET /governance/api/v1/requests",
                    "/governance/api/v1/requests",
                )
                .query("limit", "200"),
            ),
        )
        .expect("first page");
    let next = next_link(&first.headers).unwrap_or_default();
    let host = url::Url::parse(&next)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string));
    assert_eq!(host.as_deref(), Some("acme-admin.localhost"), "{next}");
    assert_eq!(first.body["_links"]["next"]["href"], next.as_str());

    emu.clear_log();
    let all = rt
        .block_on(c.list_requests(&Default::default()))
        .expect("every page");
    assert_eq!(all.len(), 205);
    let ids: std::collections::BTreeSet<&str> = all.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 205);
    let pages = emu
        .log()
        .iter()
        .filter(|e| e["method"] == "GET" && e["path"] == "/governance/api/v1/requests")
        .count();
    assert_eq!(pages, 2, "the second page came through the twin's link");

    // Links to another host are not followed.
    let evil = format!("http://evil.localhost:{}", emu.addr.port());
    emu.control("PATCH", "behaviour", Some(json!({"linkOrigin": evil})));
    let err = rt
        .block_on(c.list_requests(&Default::default()))
        .expect_err("a link to another host is refused");
    assert!(err.to_string().contains("another host"), "{err}");
}

/// Item 3: the live shapes decode: unset fields absent, whole-second timestamps,
/// `_links.self.hints` `{}`, 201 with a `Location` on the `-admin` host, and the org settings'
/// live shape.
#[test]
fn live_shapes_are_read() {
    let emu = Emulator::start_with(&["--provisioning-delay-ms", "0"]);
    let created = create_by_hand(&emu, APP_FULL, everyone_body("live shape"));
    assert!(created.get("description").is_none(), "{created}");
    assert!(created.get("accessDurationSettings").is_none(), "{created}");
    assert_eq!(created["_links"]["self"]["hints"], json!({}));
    let created_at = created["created"].as_str().unwrap_or_default();
    assert_eq!(created_at.len(), 20, "no milliseconds: {created_at}");
    let create_log = emu.log();
    let post = create_log
        .iter()
        .rev()
        .find(|e| e["method"] == "POST")
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(post["status"], 201);

    let c = client(&emu);
    let rt = runtime();
    let id = created["id"].as_str().unwrap_or_default();
    let read = rt
        .block_on(c.get_request_condition(APP_FULL, id))
        .expect("decodes");
    assert_eq!(read.description, None);
    assert_eq!(read.access_duration_settings, None);
    assert_eq!(read.created.as_deref(), Some(created_at));
    // Create through the client: 201 + Location is success.
    let made = rt
        .block_on(c.create_request_condition_once(APP_FULL, &input("made by the client")))
        .expect("created");
    assert!(made.id.starts_with("rco"), "{made:?}");

    rt.block_on(c.update_org_request_settings(true))
        .expect("acknowledged");
    let org = rt
        .block_on(c.get_org_request_settings())
        .expect("org settings");
    assert_eq!(
        org,
        terraform_provider_oig::client::settings::OrgRequestSettings {
            subprocessors_acknowledged: true,
            provisioning_status: "PROVISIONED".into(),
            request_experiences: vec!["CATALOG".into(), "ADMIN_ROLES".into()],
            long_time_past_provisioned: false,
        }
    );
    let settings = rt
        .block_on(c.get_resource_request_settings(APP_FULL))
        .expect("settings");
    assert_eq!(settings.valid_access_scope_settings.len(), 3);
}

/// Item 9 (client side): the list is sparse; the complete list reads those conditions whose
/// types select IDs in full. And a create retried after an uncertain attempt, found by name in
/// the sparse list, returns the full condition (its ID lists included).
#[test]
fn sparse_lists_are_completed_and_a_found_create_is_read_in_full() {
    let emu = Emulator::start();
    let c = std::sync::Arc::new(client(&emu));
    let rt = runtime();
    rt.block_on(c.create_request_condition_once(APP_FULL, &groups_input("with ids")))
        .expect("created");
    rt.block_on(c.create_request_condition_once(APP_FULL, &input("without ids")))
        .expect("created");
    let sparse = rt
        .block_on(c.list_request_conditions(APP_FULL))
        .expect("list");
    assert_eq!(sparse.len(), 2);
    let with = sparse
        .iter()
        .find(|x| x.name == "with ids")
        .cloned()
        .unwrap_or_default();
    assert!(
        with.lacks_id_lists(),
        "the emulator lists sparse objects: {with:?}"
    );
    emu.clear_log();
    let complete = rt
        .block_on(c.list_request_conditions_complete(APP_FULL))
        .expect("complete list");
    let with = complete
        .iter()
        .find(|x| x.name == "with ids")
        .cloned()
        .unwrap_or_default();
    let ids = |v: &Option<Vec<IdRef>>| {
        let mut ids: Vec<String> = v.iter().flatten().map(|r| r.id.clone()).collect();
        ids.sort();
        ids
    };
    assert_eq!(
        ids(&with.requester_settings.clone().unwrap_or_default().groups),
        [GROUP_1, GROUP_2]
    );
    assert_eq!(
        ids(&with
            .access_scope_settings
            .clone()
            .unwrap_or_default()
            .entitlement_bundles),
        [BUNDLE_1]
    );
    // Only the condition that needed it was read again.
    let gets = emu
        .log()
        .iter()
        .filter(|e| {
            e["method"] == "GET"
                && e["path"]
                    .as_str()
                    .is_some_and(|p| p.contains("/request-conditions/"))
        })
        .count();
    assert_eq!(gets, 1);

    // A POST whose connection drops after Okta processed it: found by name, read in full.
    emu.fault(
        json!({"method": "POST", "pathPrefix": collection(APP_FULL), "drop": "after", "count": 1}),
    );
    let found = rt
        .block_on(c.create_request_condition_once(APP_FULL, &groups_input("dropped")))
        .expect("found");
    assert_eq!(
        ids(&found.requester_settings.clone().unwrap_or_default().groups),
        [GROUP_1, GROUP_2],
        "{found:?}"
    );
    let named = rt
        .block_on(c.list_request_conditions(APP_FULL))
        .expect("list")
        .iter()
        .filter(|x| x.name == "dropped")
        .count();
    assert_eq!(named, 1);
}

/// Item 6 (client side): 409 Conflict is retried on create, update, activate, deactivate and
/// delete; a 409 that means "already there" ends the transition without another POST.
#[test]
fn conflicts_are_retried_on_every_condition_write() {
    let emu = Emulator::start();
    let c = client(&emu);
    let rt = runtime();
    let collection = collection(APP_FULL);
    emu.fault(json!({"method": "POST", "pathPrefix": collection, "status": 409, "count": 2}));
    let made = rt
        .block_on(c.create_request_condition_once(APP_FULL, &input("conflicted")))
        .expect("created after two 409s");
    assert_eq!(statuses_of(&emu, "POST", &collection), [409, 409, 201]);
    let item = format!("{collection}/{}", made.id);
    emu.fault(json!({"method": "PATCH", "pathPrefix": item, "status": 409, "count": 2}));
    let mut changed = input("conflicted");
    changed.description = Some("changed".into());
    rt.block_on(c.update_request_condition(APP_FULL, &made.id, &changed))
        .expect("updated after two 409s");
    assert_eq!(statuses_of(&emu, "PATCH", &item), [409, 409, 200]);
    for verb in ["activate", "deactivate"] {
        let path = format!("{item}/{verb}");
        emu.fault(json!({"method": "POST", "pathPrefix": path, "status": 409, "count": 2}));
        let result = if verb == "activate" {
            rt.block_on(c.activate_request_condition(APP_FULL, &made.id))
        } else {
            rt.block_on(c.deactivate_request_condition(APP_FULL, &made.id))
        };
        let after = result.unwrap_or_else(|e| panic!("{verb} after two 409s: {e}"));
        assert_eq!(
            after.status,
            if verb == "activate" {
                "ACTIVE"
            } else {
                "INACTIVE"
            }
        );
        assert_eq!(statuses_of(&emu, "POST", &path), [409, 409, 200], "{verb}");
    }
    // Deactivating an INACTIVE condition: Okta's 409 means it already is; no retry.
    emu.clear_log();
    let again = rt
        .block_on(c.deactivate_request_condition(APP_FULL, &made.id))
        .expect("already inactive");
    assert_eq!(again.status, "INACTIVE");
    assert_eq!(
        statuses_of(&emu, "POST", &format!("{item}/deactivate")),
        [409]
    );
    emu.fault(json!({"method": "DELETE", "pathPrefix": item, "status": 409, "count": 2}));
    rt.block_on(c.delete_request_condition(APP_FULL, &made.id))
        .expect("deleted after two 409s");
    assert_eq!(statuses_of(&emu, "DELETE", &item), [409, 409, 204]);
}

/// One client call of a concurrent test.
type Task = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>> + Send>>;

/// Item 6 (client side, concurrent): every overlapping write on one resource refused with
/// 409; twenty creates at once, then activations, updates, deactivations and deletes at once,
/// all succeed, with no duplicate.
#[test]
fn overlapping_writes_on_one_resource_all_succeed() {
    let emu = Emulator::start_with(&["--conflict-rate", "1.0", "--latency-ms", "20"]);
    let c = std::sync::Arc::new(client(&emu));
    let rt = runtime();
    let all_at_once = |f: &dyn Fn(usize) -> Task| {
        rt.block_on(async {
            let mut set = tokio::task::JoinSet::new();
            for i in 0..20 {
                set.spawn(f(i));
            }
            let mut errors = Vec::new();
            while let Some(r) = set.join_next().await {
                if let Ok(Err(e)) = r {
                    errors.push(e.to_string());
                }
            }
            errors
        })
    };
    let ids = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let errors = all_at_once(&|i| {
        let (c, ids) = (c.clone(), ids.clone());
        Box::pin(async move {
            let made = c
                .create_request_condition_once(APP_FULL, &input(&format!("parallel {i}")))
                .await?;
            ids.lock()
                .unwrap_or_else(|p| p.into_inner())
                .push((i, made.id));
            Ok(())
        })
    });
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        emu.log().iter().any(|e| e["status"] == 409),
        "the emulator answered no 409: nothing was tested"
    );
    // By name index: condition `i` is "parallel {i}".
    let mut ids: Vec<(usize, String)> = ids.lock().unwrap_or_else(|p| p.into_inner()).clone();
    ids.sort();
    let ids: Vec<String> = ids.into_iter().map(|(_, id)| id).collect();
    let listed = rt
        .block_on(c.list_request_conditions(APP_FULL))
        .expect("list");
    assert_eq!(listed.len(), 20, "no duplicate");
    for step in ["activate", "update", "deactivate", "delete"] {
        let errors = all_at_once(&|i| {
            let (c, id) = (c.clone(), ids[i].clone());
            let step = step.to_string();
            Box::pin(async move {
                match step.as_str() {
                    "activate" => c
                        .activate_request_condition(APP_FULL, &id)
                        .await
                        .map(|_| ()),
                    "update" => {
                        let mut changed = input(&format!("parallel {i}"));
                        changed.description = Some("changed".into());
                        c.update_request_condition(APP_FULL, &id, &changed)
                            .await
                            .map(|_| ())
                    }
                    "deactivate" => c
                        .deactivate_request_condition(APP_FULL, &id)
                        .await
                        .map(|_| ()),
                    _ => c.delete_request_condition(APP_FULL, &id).await,
                }
            })
        });
        assert!(errors.is_empty(), "{step}: {errors:?}");
    }
    assert!(rt
        .block_on(c.list_request_conditions(APP_FULL))
        .expect("list")
        .is_empty());
}

/// Item 7 (client side): a DELETE that answers 500 although it deleted is a success, even
/// without retries: the condition is read and found gone.
#[test]
fn a_delete_that_answers_500_but_deleted_is_a_success() {
    let emu = Emulator::start_with(&["--delete-500"]);
    let mut cfg = config(&emu, Credentials::ApiToken(Secret::new(TOKEN)));
    cfg.max_retries = 0;
    let c = Client::new(cfg).expect("client");
    let rt = runtime();
    let made = rt
        .block_on(c.create_request_condition_once(APP_FULL, &input("deleted with 500")))
        .expect("created");
    rt.block_on(c.delete_request_condition(APP_FULL, &made.id))
        .expect("the DELETE's 500 is looked into");
    let item = format!("{}/{}", collection(APP_FULL), made.id);
    assert_eq!(statuses_of(&emu, "DELETE", &item), [500]);
    assert_eq!(statuses_of(&emu, "GET", &item), [404]);
    // An ACTIVE condition's refused DELETE stays an error (the caller deactivates first).
    let active = rt
        .block_on(c.create_request_condition_once(APP_FULL, &input("active")))
        .expect("created");
    rt.block_on(c.activate_request_condition(APP_FULL, &active.id))
        .expect("activated");
    let err = rt
        .block_on(c.delete_request_condition(APP_FULL, &active.id))
        .expect_err("ACTIVE cannot be deleted");
    assert_eq!(err.status(), Some(409));
}

/// Issue 13: concurrent readers of one resource's list share one list call (with 50 ms of
/// latency, so that they overlap), later readers reuse it, and a write of this process makes
/// every list taken before or during it stale: the next reader lists again and sees the write.
#[test]
fn condition_lists_are_shared_per_process_and_never_outlive_a_write() {
    use std::sync::Arc;
    use terraform_provider_oig::client::condition_list::ConditionLists;
    let emu = Emulator::start_with(&["--latency-ms", "50"]);
    let c = Arc::new(client(&emu));
    let rt = runtime();
    rt.block_on(c.create_request_condition_once(APP_FULL, &input("first")))
        .expect("create");
    let lists = Arc::new(ConditionLists::default());
    emu.clear_log();
    let listings = rt.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..8 {
            let (c, lists) = (Arc::clone(&c), Arc::clone(&lists));
            tasks.spawn(async move { lists.get(&c, APP_FULL).await });
        }
        let mut all = Vec::new();
        while let Some(l) = tasks.join_next().await {
            all.push(l.expect("task"));
        }
        all
    });
    let list_path = collection(APP_FULL);
    assert_eq!(
        statuses_of(&emu, "GET", &list_path),
        vec![200],
        "one list for 8 readers"
    );
    assert!(listings.iter().all(|l| lists.is_current(l)));
    assert!(listings
        .iter()
        .all(|l| l.conditions.as_ref().is_ok_and(|v| v.len() == 1)));
    let again = rt.block_on(lists.get(&c, APP_FULL));
    assert_eq!(statuses_of(&emu, "GET", &list_path).len(), 1, "reused");

    // A write: every list taken before it is stale, and the next reader lists again.
    let written = {
        let _writing = lists.writing();
        rt.block_on(c.create_request_condition_once(APP_FULL, &input("second")))
            .expect("create")
    };
    assert!(!lists.is_current(&again));
    let after = rt.block_on(lists.get(&c, APP_FULL));
    assert!(lists.is_current(&after));
    assert_eq!(statuses_of(&emu, "GET", &list_path).len(), 2);
    assert!(
        after.find(&written.id).is_some(),
        "the new list holds the write"
    );
    let all = rt
        .block_on(lists.conditions(&c, APP_FULL))
        .expect("conditions");
    assert_eq!(all.len(), 2);
    assert_eq!(
        statuses_of(&emu, "GET", &list_path).len(),
        2,
        "still shared"
    );

    // A list that fails is shared as a failure (one list, with its retries), not repeated by
    // every reader; a data-source reader then lists on its own.
    let lists = ConditionLists::default();
    emu.clear_log();
    emu.fault(json!({"method": "GET", "pathPrefix": list_path, "status": 400, "count": 1}));
    let failed = rt.block_on(lists.get(&c, APP_FULL));
    assert!(failed.conditions.is_err());
    assert!(rt.block_on(lists.get(&c, APP_FULL)).conditions.is_err());
    assert_eq!(statuses_of(&emu, "GET", &list_path), vec![400]);
    let own = rt
        .block_on(lists.conditions(&c, APP_FULL))
        .expect("its own list");
    assert_eq!(own.len(), 2);
}
