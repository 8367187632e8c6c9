//! The API client against a spawned oig-emulator: retries, rate limits, dropped connections,
//! rejected credentials and OAuth 2.0.

mod common;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::client::{client, config, runtime, statuses};
use common::{Emulator, OAUTH_CLIENT_ID, TOKEN};
use reqwest::Method;
use serde_json::{json, Value};
use terraform_provider_oig::client::{
    ApiError, Call, Client, Credentials, OAuthCredentials, Secret,
};
use terraform_provider_oig::tf::diag::api_error_detail;

const ORG_SETTINGS: &str = "/governance/api/v2/request-settings";

#[test]
fn a_503_twice_then_200_succeeds() {
    let emu = Emulator::start();
    emu.fault(json!({"method": "GET", "pathPrefix": ORG_SETTINGS, "status": 503, "count": 2}));
    let c = client(&emu);
    let settings = runtime().block_on(c.get_org_request_settings());
    assert!(settings.is_ok(), "{settings:?}");
    assert_eq!(statuses(&emu, ORG_SETTINGS), vec![503, 503, 200]);
    // Retries say they are retries, and of which failed request.
    let log = emu.log();
    assert!(log[0]
        .get("retryCount")
        .is_none_or(serde_json::Value::is_null));
    assert_eq!(log[1]["retryCount"], "1");
    assert_eq!(log[2]["retryCount"], "2");
    assert!(
        log[1]["retryFor"].as_str().is_some_and(|s| !s.is_empty()),
        "{log:?}"
    );
    assert_eq!(
        log[1]["retryFor"], log[2]["retryFor"],
        "both retries name the first failure"
    );
}

#[test]
fn a_500_that_outlasts_the_retries_is_an_error() {
    let emu = Emulator::start();
    emu.fault(json!({"method": "GET", "pathPrefix": ORG_SETTINGS, "status": 500, "count": 10}));
    let mut cfg = config(&emu, Credentials::ApiToken(Secret::new(TOKEN)));
    cfg.max_retries = 2;
    let c = Client::new(cfg).expect("client");
    let err = runtime()
        .block_on(c.get_org_request_settings())
        .expect_err("must fail");
    assert_eq!(err.status(), Some(500));
    assert_eq!(
        statuses(&emu, ORG_SETTINGS),
        vec![500, 500, 500],
        "1 attempt + 2 retries"
    );
}

#[test]
fn a_429_is_waited_out_until_the_reset() {
    let emu = Emulator::start();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    emu.fault(json!({
        "method": "GET", "pathPrefix": ORG_SETTINGS, "status": 429, "count": 1,
        "headers": {"X-Rate-Limit-Limit": "10", "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Reset": (now + 3).to_string()}
    }));
    let c = client(&emu);
    let started = Instant::now();
    let settings = runtime().block_on(c.get_org_request_settings());
    assert!(settings.is_ok(), "{settings:?}");
    // The reset was 2 to 3 s away (whole seconds); the client must not come back before it.
    assert!(
        started.elapsed() >= Duration::from_millis(1800),
        "retried after {:?}",
        started.elapsed()
    );
    assert_eq!(statuses(&emu, ORG_SETTINGS), vec![429, 200]);
}

#[test]
fn a_post_whose_connection_dropped_after_processing_is_not_repeated() {
    let emu = Emulator::start();
    let resource = first_resource_with_everyone(&emu);
    let path = format!("/governance/api/v2/resources/{resource}/request-conditions");
    emu.fault(json!({"method": "POST", "pathPrefix": path, "drop": "after", "count": 1}));
    let sequence = first_approval_sequence(&emu);
    let body = json!({
        "name": "dropped-after",
        "approvalSequenceId": sequence,
        "requesterSettings": {"type": "EVERYONE"},
        "accessScopeSettings": {"type": "RESOURCE_DEFAULT"}
    });
    let c = client(&emu);
    let call = Call::new(
        Method::POST,
        "POST /governance/api/v2/resources/{id}/request-conditions",
        path.clone(),
    )
    .json(&body)
    .expect("body");
    let result = runtime().block_on(c.send::<Value>(&call));
    match result {
        Err(e @ ApiError::Transport { .. }) => assert!(e.may_have_reached_server()),
        other => panic!("expected a transport error, got {other:?}"),
    }
    let posts = emu
        .log()
        .iter()
        .filter(|e| e["method"] == "POST" && e["path"].as_str() == Some(path.as_str()))
        .count();
    assert_eq!(posts, 1, "the POST must not be sent again blindly");
    let (_, list) = emu.api("GET", &path, None);
    let named = list["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["name"] == "dropped-after")
        .count();
    assert_eq!(named, 1, "exactly one condition exists: {list}");
}

#[test]
fn rejected_credentials_say_so() {
    let emu = Emulator::start();
    let c = Client::new(config(
        &emu,
        Credentials::ApiToken(Secret::new("wrong-token")),
    ))
    .expect("client");
    let err = runtime()
        .block_on(c.get_org_request_settings())
        .expect_err("must fail");
    assert_eq!(err.status(), Some(401));
    let detail = api_error_detail(&err);
    assert!(detail.contains("E0000004"), "{detail}");
    assert!(detail.contains("The credentials were rejected"), "{detail}");
    assert_eq!(
        statuses(&emu, ORG_SETTINGS),
        vec![401],
        "a 401 is not retried"
    );
}

#[test]
fn oauth_client_credentials_get_a_token_and_use_it_as_bearer() {
    let (emu, private_pem, _keys) = Emulator::start_oauth();

    let creds = |client_id: &str| {
        Credentials::OAuth(OAuthCredentials {
            client_id: client_id.to_string(),
            private_key_pem: Secret::new(private_pem.clone()),
            private_key_id: Some("kid-1".into()),
            scopes: vec!["okta.accessRequests.condition.read".into()],
        })
    };
    let c = Client::new(config(&emu, creds(OAUTH_CLIENT_ID))).expect("client");
    let rt = runtime();
    assert!(rt.block_on(c.get_org_request_settings()).is_ok());
    assert!(rt.block_on(c.get_org_request_settings()).is_ok());
    let log = emu.log();
    let api: Vec<&Value> = log
        .iter()
        .filter(|e| e["path"].as_str() == Some(ORG_SETTINGS))
        .collect();
    assert_eq!(api.len(), 2);
    assert!(
        api.iter()
            .all(|e| e["auth"] == "Bearer" && e["status"] == 200),
        "{api:?}"
    );

    // A client ID the emulator does not know gets no token, and a clear error.
    let bad = Client::new(config(&emu, creds("0oaunknown"))).expect("client");
    let err = rt
        .block_on(bad.get_org_request_settings())
        .expect_err("must fail");
    assert!(matches!(err, ApiError::OAuth(_)), "{err:?}");
    assert!(err.to_string().contains("client_id"), "{err}");
}

fn first_approval_sequence(emu: &Emulator) -> String {
    let state = emu.control("GET", "state", None);
    state["approvalSequences"][0]
        .as_str()
        .or_else(|| state["approvalSequences"][0]["id"].as_str())
        .expect("an approval sequence in the demo org")
        .to_string()
}

/// A demo-org resource that allows EVERYONE requesters and RESOURCE_DEFAULT scope.
fn first_resource_with_everyone(emu: &Emulator) -> String {
    let state = emu.control("GET", "state", None);
    let resources = state["resources"].as_array().cloned().unwrap_or_default();
    for r in resources {
        let s = &r["requestSettings"];
        let everyone = s["validRequesterSettings"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|v| v["type"] == "EVERYONE");
        let default_scope = s["validAccessScopeSettings"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|v| v["type"] == "RESOURCE_DEFAULT");
        let no_duration = !s["validAccessDurationSettings"]["required"]
            .as_bool()
            .unwrap_or(false);
        if everyone && default_scope && no_duration {
            return r["id"].as_str().expect("resource id").to_string();
        }
    }
    panic!("no suitable resource in the demo org");
}
