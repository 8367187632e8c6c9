//! The client against a hostile server on loopback (issue 16): answers the emulator cannot give
//! — a rate-limit reset a day ahead, a condition someone else created under our name, a 2xx
//! without the object, redirects, huge bodies, `Link` loops, refused credentials at plan. The
//! cases with the real Terraform CLI are in `hostile_cli.rs`, the server in `common/hostile.rs`.

mod common;

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::client::runtime;
use common::hostile::*;
use serde_json::json;
use terraform_provider_oig::client::requests::{format_rfc3339, RequestInput};
use terraform_provider_oig::client::{
    ApiError, Client, ClientConfig, Credentials, OAuthCredentials, Secret,
};

// ---------------------------------------------------------------------------------------------
// Bounded waits

fn rate_headers(remaining: u64, reset: u64) -> Vec<(&'static str, String)> {
    vec![
        ("X-Rate-Limit-Limit", "10".into()),
        ("X-Rate-Limit-Remaining", remaining.to_string()),
        ("X-Rate-Limit-Reset", reset.to_string()),
    ]
}

/// A 429 whose window resets in a day is not waited for: the call fails at once, naming the
/// endpoint and when the window resets. (Before: a 65 s wait, again and again, for 5 minutes.)
#[test]
fn a_429_with_a_reset_a_day_ahead_fails_at_once() {
    let reset = epoch_now() + 86_400;
    let server = Hostile::start(move |_, _| {
        with_headers(
            429,
            &rate_headers(0, reset),
            json!({"errorCode": "E0000047", "errorSummary": "API call exceeded rate limit due to too many requests."}),
        )
    });
    let c = client(&server.url);
    let started = Instant::now();
    let err = within(Duration::from_secs(20), c.get_org_request_settings()).expect_err("must fail");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let text = err.to_string();
    let day = format_rfc3339(UNIX_EPOCH + Duration::from_secs(reset));
    assert!(matches!(err, ApiError::RateLimited { .. }), "{err:?}");
    assert!(
        text.contains("GET /governance/api/v2/request-settings"),
        "{text}"
    );
    assert!(text.contains(&day[..13]), "names the reset ({day}): {text}");
    assert!(text.contains("5 minutes"), "{text}");
    assert_eq!(server.requests().len(), 1);
}

/// A 200 with `X-Rate-Limit-Remaining: 0` and a reset a day ahead: the next call fails at once
/// instead of waiting for the window. (Before: a wait with no bound at all.)
#[test]
fn a_used_up_budget_with_a_reset_a_day_ahead_fails_at_once() {
    let reset = epoch_now() + 86_400;
    let server =
        Hostile::start(move |_, _| with_headers(200, &rate_headers(0, reset), org_settings()));
    let c = client(&server.url);
    let rt = runtime();
    rt.block_on(c.get_org_request_settings())
        .expect("first call");
    let started = Instant::now();
    let err = rt
        .block_on(async {
            tokio::time::timeout(Duration::from_secs(20), c.get_org_request_settings()).await
        })
        .unwrap_or_else(|_| panic!("still waiting for the window after 20 s"))
        .expect_err("must fail");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let text = err.to_string();
    assert!(
        text.contains("GET /governance/api/v2/request-settings"),
        "{text}"
    );
    assert!(text.contains("window resets at"), "{text}");
    assert_eq!(server.requests().len(), 1, "the second call was never sent");
}

// ---------------------------------------------------------------------------------------------
// Adoption after an uncertain create

/// The POST's connection drops; a condition of the same name is there. It is adopted only if
/// every field is as sent and it was created after the create began (server clock): another
/// workspace's condition is an error naming it and its import ID.
#[test]
fn a_condition_found_by_name_is_adopted_only_if_it_is_ours() {
    let cases: [(&str, Option<&str>); 3] = [
        // Ours: same fields, created now.
        ("now", None),
        // Another workspace's, with another approval sequence.
        ("other-sequence", Some("approval_sequence_id")),
        // Same fields, but created an hour before this create began.
        ("an-hour-ago", Some("created")),
    ];
    for (case, refusal) in cases {
        let server = Hostile::start(move |req, _| {
            let created = if case == "an-hour-ago" {
                SystemTime::now() - Duration::from_secs(3600)
            } else {
                SystemTime::now()
            };
            let sequence = if case == "other-sequence" {
                OTHER_SEQUENCE
            } else {
                SEQUENCE
            };
            let full = condition("rcoFOUND1234567890ab", "mine", sequence, created);
            match (req.method.as_str(), req.path()) {
                ("POST", _) => Reply::Drop,
                ("GET", p) if p == conditions_path() => {
                    // The list is sparse: no approval sequence, type only.
                    reply(
                        200,
                        json!({"data": [{"id": "rcoFOUND1234567890ab", "name": "mine", "status": "INACTIVE",
                        "requesterSettings": {"type": "EVERYONE"}, "accessScopeSettings": {"type": "RESOURCE_DEFAULT"}}]}),
                    )
                }
                ("GET", _) => reply(200, full),
                _ => reply(404, json!({})),
            }
        });
        let c = client(&server.url);
        let result = runtime().block_on(c.create_request_condition_once(RESOURCE, &input("mine")));
        match refusal {
            None => {
                let found = result.unwrap_or_else(|e| panic!("{case}: {e}"));
                assert_eq!(found.id, "rcoFOUND1234567890ab");
            }
            Some(why) => {
                let text = result.expect_err(case).to_string();
                assert!(text.contains("rcoFOUND1234567890ab"), "{case}: {text}");
                assert!(
                    text.contains(&format!("{RESOURCE}/rcoFOUND1234567890ab")),
                    "{case}: names the import ID: {text}"
                );
                assert!(text.contains(why), "{case}: {text}");
                assert!(text.contains("not adopted"), "{case}: {text}");
            }
        }
        // The candidate was read in full (the list is sparse) before deciding.
        assert!(
            server
                .requests()
                .iter()
                .any(|r| r.method == "GET" && r.path().ends_with("/rcoFOUND1234567890ab")),
            "{case}"
        );
    }
}

/// A request with the same subject created a minute before the create began is someone else's:
/// not adopted, the POST is sent again. (Before: anything created in the last 5 minutes with
/// the same subject was taken.)
#[test]
fn a_request_created_before_the_attempt_is_not_adopted() {
    const TYPE: &str = "61eb2db568c7c300079fe002";
    let earlier = SystemTime::now() - Duration::from_secs(60);
    let server = Hostile::start(move |req, _| {
        let old = json!({"id": "old-request", "subject": "s", "requestTypeId": TYPE,
            "requesterUserIds": ["00u1"], "requestStatus": "SUBMITTED",
            "created": format_rfc3339(earlier), "lastUpdated": format_rfc3339(earlier)});
        match (req.method.as_str(), req.path()) {
            ("POST", _) if !req.body.contains("\"subject\":\"s\"") => reply(400, json!({})),
            ("POST", _) => {
                static POSTS: std::sync::atomic::AtomicUsize =
                    std::sync::atomic::AtomicUsize::new(0);
                if POSTS.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                    Reply::Drop
                } else {
                    let now = format_rfc3339(SystemTime::now());
                    reply(
                        201,
                        json!({"id": "new-request", "subject": "s", "requestTypeId": TYPE,
                        "requesterUserIds": ["00u1"], "requestStatus": "SUBMITTED", "created": now, "lastUpdated": now}),
                    )
                }
            }
            ("GET", "/governance/api/v1/requests") => reply(200, json!({"data": [old]})),
            ("GET", _) => reply(200, old),
            _ => reply(404, json!({})),
        }
    });
    let c = client(&server.url);
    let created = runtime()
        .block_on(c.create_request_once(&RequestInput {
            request_type_id: TYPE.into(),
            subject: "s".into(),
            ..Default::default()
        }))
        .expect("created");
    assert_eq!(created.id, "new-request");
    let posts = server
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 2);
}

// ---------------------------------------------------------------------------------------------
// Path segments

/// `.`, `..` and empty IDs are refused before anything is sent; `/`, `?` and `#` are encoded
/// into the one segment. (Before: `..` called the parent endpoint.)
#[test]
fn ids_never_change_which_endpoint_is_called() {
    let server =
        Hostile::start(|_, _| reply(200, condition("x", "x", SEQUENCE, SystemTime::now())));
    let c = client(&server.url);
    let rt = runtime();
    for (resource, id) in [
        (RESOURCE, ".."),
        (RESOURCE, "."),
        ("..", "rco1"),
        (".", "rco1"),
        (RESOURCE, ""),
    ] {
        let err = rt
            .block_on(c.get_request_condition(resource, id))
            .expect_err("refused");
        assert!(err.to_string().contains("cannot be used as an ID"), "{err}");
    }
    assert!(rt.block_on(c.get_resource_request_settings("..")).is_err());
    assert!(rt.block_on(c.get_request("..")).is_err());
    assert!(rt
        .block_on(c.delete_request_condition(RESOURCE, ".."))
        .is_err());
    assert!(server.requests().is_empty(), "{:?}", server.requests());
    let _ = rt.block_on(c.get_request_condition(RESOURCE, "a/b?c#d"));
    let sent = server.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].target,
        format!("{}/a%2Fb%3Fc%23d", conditions_path())
    );
}

// ---------------------------------------------------------------------------------------------
// Responses

/// A 2xx without the object is an error, handled like an uncertain outcome: never a condition
/// or request with no ID. (Before: `201 {}` was a created condition with `id = ""`.)
#[test]
fn a_2xx_without_the_object_is_never_success() {
    let server = Hostile::start(|req, _| match (req.method.as_str(), req.path()) {
        ("POST", _) => reply(201, json!({})),
        ("GET", p) if p == conditions_path() || p == "/governance/api/v1/requests" => {
            reply(200, json!({"data": []}))
        }
        _ => reply(200, json!({})),
    });
    let c = client(&server.url);
    let rt = runtime();
    let err = rt
        .block_on(c.create_request_condition_once(RESOURCE, &input("mine")))
        .expect_err("no id is no condition");
    assert!(err.to_string().contains("without an id"), "{err}");
    let sent = server.requests();
    assert!(
        sent.iter()
            .any(|r| r.method == "GET" && r.path() == conditions_path()),
        "looked up by name like an uncertain outcome: {sent:?}"
    );
    assert!(rt
        .block_on(c.get_request_condition(RESOURCE, "rco1"))
        .is_err());
    assert!(rt.block_on(c.get_request("req1")).is_err());
    assert!(rt.block_on(c.get_org_request_settings()).is_err());
    assert!(rt
        .block_on(c.get_resource_request_settings(RESOURCE))
        .is_err());
    assert!(rt
        .block_on(c.create_request_once(&RequestInput {
            request_type_id: "t".into(),
            subject: "s".into(),
            ..Default::default()
        }))
        .is_err());
}

/// 3xx answers are not followed — on API calls and on the OAuth token call, whose client
/// assertion must never reach another host. The error names the `Location`.
#[test]
fn redirects_are_never_followed() {
    let elsewhere = Hostile::start(|_, _| reply(200, org_settings()));
    let target = elsewhere.url.clone();
    let server = Hostile::start(move |req, _| {
        let status = if req.method == "POST" { 307 } else { 302 };
        with_headers(
            status,
            &[("Location", format!("{target}{}", req.target))],
            json!({}),
        )
    });
    let rt = runtime();
    // Reading the org settings through `c` fails with an error that names the redirect's
    // `status` and where it pointed.
    let not_followed = |c: &Client, status: &str| {
        let err = rt
            .block_on(c.get_org_request_settings())
            .expect_err("redirect followed");
        let text = err.to_string();
        assert!(
            text.contains(status) && text.contains(&elsewhere.url),
            "{text}"
        );
        text
    };
    let c = client(&server.url);
    not_followed(&c, "302");
    let err = rt
        .block_on(c.create_request_condition_once(RESOURCE, &input("mine")))
        .expect_err("not followed");
    assert!(err.to_string().contains("307"), "{err}");

    use rsa::pkcs8::{EncodePrivateKey, LineEnding};
    let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA key");
    let pem = key.to_pkcs8_pem(LineEnding::LF).expect("PEM").to_string();
    let oauth = Client::new(ClientConfig {
        org_url: server.url.clone(),
        credentials: Credentials::OAuth(OAuthCredentials {
            client_id: "0oaservice".into(),
            private_key_pem: Secret::new(pem),
            private_key_id: None,
            scopes: vec!["okta.accessRequests.catalog.read".into()],
        }),
        max_retries: 1,
        request_timeout: Duration::from_secs(5),
        max_api_capacity: 100,
    })
    .expect("client");
    // The token call is the one redirected.
    let text = not_followed(&oauth, "307");
    assert!(!text.contains("eyJ"), "no assertion in the message: {text}");
    assert!(
        elsewhere.requests().is_empty(),
        "nothing, and no client assertion, reached the other host: {:?}",
        elsewhere.requests()
    );
}

/// A body over 16 MiB is an error, found without reading it all: announced by its length, or
/// sent without one.
#[test]
fn bodies_over_the_cap_are_refused() {
    let server = Hostile::start(|req, _| {
        if req.path() == ORG_SETTINGS {
            Reply::Full {
                status: 200,
                headers: vec![("Content-Length".into(), "524288000".into())],
                body: b"{".to_vec(),
            }
        } else {
            Reply::Endless {
                bytes: 20 * 1024 * 1024,
            }
        }
    });
    let c = client(&server.url);
    let started = Instant::now();
    let err = within(Duration::from_secs(30), c.get_org_request_settings()).expect_err("too large");
    assert!(err.to_string().contains("larger than 16 MiB"), "{err}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let err = within(
        Duration::from_secs(60),
        c.get_resource_request_settings(RESOURCE),
    )
    .expect_err("too large");
    assert!(err.to_string().contains("larger than 16 MiB"), "{err}");
}

/// A `Link` back to a page already read is an error at once. (Before: followed 10,000 times.)
#[test]
fn a_link_loop_is_an_error_at_once() {
    let server = Hostile::start(|req, _| {
        with_headers(
            200,
            &[(
                "Link",
                format!("<{}?after=same&limit=20>; rel=\"next\"", req.path()),
            )],
            json!({"data": [{"id": "rco1", "name": "one"}]}),
        )
    });
    let c = client(&server.url);
    let err =
        within(Duration::from_secs(30), c.list_request_conditions(RESOURCE)).expect_err("loop");
    assert!(err.to_string().contains("page already read"), "{err}");
    assert_eq!(
        server.requests().len(),
        2,
        "the first page and the one it links to"
    );
}

// ---------------------------------------------------------------------------------------------
// Credentials at plan

/// A 401 on the plan-time settings read is an error diagnostic saying the credentials are
/// wrong, not "unavailable" (which let `terraform plan` say "Plan: 1 to add").
#[test]
fn refused_credentials_at_plan_are_an_error() {
    use terraform_provider_oig::tf::provider_data::{PlanSettings, ProviderData, DENIED_SUMMARY};
    for status in [401, 403] {
        let server = Hostile::start(move |_, _| {
            reply(
                status,
                json!({"errorCode": "E0000011", "errorSummary": "Invalid token provided"}),
            )
        });
        let data = ProviderData::default();
        data.set_ready(client(&server.url));
        let rt = runtime();
        let mut diags = tf_provider::Diagnostics::default();
        let settings = rt.block_on(data.checked_plan_settings(&mut diags, RESOURCE));
        assert!(settings.is_none());
        assert_eq!(diags.errors.len(), 1, "{status}");
        assert_eq!(diags.errors[0].summary, DENIED_SUMMARY);
        let detail = &diags.errors[0].detail;
        assert!(detail.contains(&format!("HTTP {status}")), "{detail}");
        assert!(detail.contains("credentials"), "{detail}");
        assert!(!detail.contains(TOKEN), "{detail}");
        // The older call still answers, for callers that leave the checks to the API.
        let plain = rt.block_on(data.plan_settings(RESOURCE));
        assert!(matches!(plain, Some(PlanSettings::Unavailable)));
    }
}
