//! The client against a hostile server on loopback (issue 16): answers the emulator cannot give
//! — a rate-limit reset a day ahead, a condition someone else created under our name, a 2xx
//! without the object, redirects, huge bodies, `Link` loops, refused credentials at plan — and,
//! with the real Terraform CLI, private keys that lost their line breaks and the provider's exit
//! when Terraform is killed.

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use terraform_provider_oig::client::conditions::{
    AccessScopeSettings, ConditionInput, RequesterSettings,
};
use terraform_provider_oig::client::requests::{format_rfc3339, RequestInput};
use terraform_provider_oig::client::{
    ApiError, Client, ClientConfig, Credentials, OAuthCredentials, Secret,
};

/// One request as the hostile server read it.
#[derive(Debug, Clone)]
struct Req {
    method: String,
    /// Path and query, as sent.
    target: String,
    body: String,
}

impl Req {
    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

/// What the hostile server does with a request.
enum Reply {
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Closes the connection without answering (after reading the request).
    Drop,
    /// A 200 whose body has no length and goes on for `bytes` bytes.
    Endless { bytes: usize },
    /// Never answers (holds the connection for two minutes).
    Hang,
}

fn reply(status: u16, body: Value) -> Reply {
    Reply::Full {
        status,
        headers: Vec::new(),
        body: body.to_string().into_bytes(),
    }
}

fn with_headers(status: u16, headers: &[(&str, String)], body: Value) -> Reply {
    Reply::Full {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        body: body.to_string().into_bytes(),
    }
}

type Handler = dyn Fn(&Req, usize) -> Reply + Send + Sync;

/// A loopback HTTP/1.1 server answering each request with what its handler says (the handler
/// also gets how many requests came before), one request per connection.
struct Hostile {
    url: String,
    log: Arc<Mutex<Vec<Req>>>,
}

impl Hostile {
    fn start(handler: impl Fn(&Req, usize) -> Reply + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let log: Arc<Mutex<Vec<Req>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let server_log = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let handler = Arc::clone(&handler);
                let log = Arc::clone(&server_log);
                std::thread::spawn(move || serve(stream, &*handler, &log));
            }
        });
        Hostile { url, log }
    }

    fn requests(&self) -> Vec<Req> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

fn serve(mut stream: TcpStream, handler: &Handler, log: &Mutex<Vec<Req>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.lines();
    let mut first = lines.next().unwrap_or("").split_whitespace();
    let method = first.next().unwrap_or("").to_string();
    let target = first.next().unwrap_or("").to_string();
    let length: usize = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let body = String::from_utf8_lossy(&buf[head_end..]).to_string();
    let req = Req {
        method,
        target,
        body,
    };
    let index = {
        let mut log = log.lock().unwrap_or_else(|p| p.into_inner());
        log.push(req.clone());
        log.len() - 1
    };
    let date = httpdate::fmt_http_date(SystemTime::now());
    match handler(&req, index) {
        Reply::Drop => {}
        Reply::Hang => std::thread::sleep(Duration::from_secs(120)),
        Reply::Endless { bytes } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nDate: {date}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes());
            let block = vec![b' '; 64 * 1024];
            let mut sent = 0;
            while sent < bytes {
                if stream.write_all(&block).is_err() {
                    return;
                }
                sent += block.len();
            }
        }
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} Hostile\r\nConnection: close\r\n");
            if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("date")) {
                head.push_str(&format!("Date: {date}\r\n"));
            }
            if !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            {
                head.push_str(&format!("Content-Length: {}\r\n", body.len()));
            }
            head.push_str("Content-Type: application/json\r\n");
            for (k, v) in &headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    }
    let _ = stream.flush();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

const TOKEN: &str = "hostile-test-token-0123456789";

fn client(url: &str) -> Client {
    Client::new(ClientConfig {
        org_url: url.to_string(),
        credentials: Credentials::ApiToken(Secret::new(TOKEN)),
        max_retries: 1,
        request_timeout: Duration::from_secs(5),
        max_api_capacity: 100,
    })
    .expect("client")
}

/// Runs `f` with a time limit, so that a client that waits where it must not fails the test
/// instead of hanging it.
fn within<T>(limit: Duration, f: impl std::future::Future<Output = T>) -> T {
    runtime()
        .block_on(async { tokio::time::timeout(limit, f).await })
        .unwrap_or_else(|_| panic!("still waiting after {limit:?}"))
}

fn epoch_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

const ORG_SETTINGS: &str = "/governance/api/v2/request-settings";
const RESOURCE: &str = "0oaHOSTILE1234567890";
const SEQUENCE: &str = "aaaaaaaaaaaaaaaaaaaaaaaa";
const OTHER_SEQUENCE: &str = "bbbbbbbbbbbbbbbbbbbbbbbb";

fn org_settings() -> Value {
    json!({"subprocessorsAcknowledged": true, "provisioningStatus": "PROVISIONED",
           "requestExperiences": ["CATALOG"], "longTimePastProvisioned": false})
}

fn conditions_path() -> String {
    format!("/governance/api/v2/resources/{RESOURCE}/request-conditions")
}

fn input(name: &str) -> ConditionInput {
    ConditionInput {
        name: name.into(),
        approval_sequence_id: SEQUENCE.into(),
        requester_settings: RequesterSettings {
            kind: "EVERYONE".into(),
            ..Default::default()
        },
        access_scope_settings: AccessScopeSettings {
            kind: "RESOURCE_DEFAULT".into(),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn condition(id: &str, name: &str, sequence: &str, created: SystemTime) -> Value {
    json!({
        "id": id, "name": name, "approvalSequenceId": sequence, "status": "INACTIVE",
        "priority": 0,
        "requesterSettings": {"type": "EVERYONE"},
        "accessScopeSettings": {"type": "RESOURCE_DEFAULT"},
        "created": format_rfc3339(created), "lastUpdated": format_rfc3339(created),
    })
}

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
    let c = client(&server.url);
    let rt = runtime();
    let err = rt
        .block_on(c.get_org_request_settings())
        .expect_err("not followed");
    let text = err.to_string();
    assert!(
        text.contains("302") && text.contains(&elsewhere.url),
        "{text}"
    );
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
    let err = rt
        .block_on(oauth.get_org_request_settings())
        .expect_err("token call redirected");
    let text = err.to_string();
    assert!(
        text.contains("307") && text.contains(&elsewhere.url),
        "{text}"
    );
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

// ---------------------------------------------------------------------------------------------
// With the real Terraform CLI

const SETTINGS_HCL: &str = r#"
provider "oig" {}

data "oig_org_request_settings" "this" {}
"#;

/// OKTA_API_PRIVATE_KEY as CI variables carry it — newlines as a literal `\n`, or as spaces —
/// is read; a broken one fails with a message in our own words that quotes no part of the key.
#[test]
fn private_keys_without_line_breaks_are_read_and_never_printed() {
    use common::{Emulator, Workdir};
    use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
    let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA key");
    let pem = key.to_pkcs8_pem(LineEnding::LF).expect("PEM").to_string();
    let public_pem = key
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .expect("PEM");
    let keys = tempfile::tempdir().expect("temp dir");
    let public_path = keys.path().join("public.pem");
    std::fs::write(&public_path, public_pem).expect("write key");
    let emu = Emulator::start_with(&[
        "--oauth-client-id",
        "0oaservice123",
        "--oauth-public-key",
        &public_path.display().to_string(),
    ]);
    let workdir = |key: &str| {
        let mut w = Workdir::bare();
        w.env("OKTA_ORG_URL", &emu.url)
            .env("OKTA_API_CLIENT_ID", "0oaservice123")
            .env("OKTA_API_PRIVATE_KEY", key);
        w.write(SETTINGS_HCL);
        w
    };
    let literal = pem.trim_end().replace('\n', "\\n");
    let spaces = pem.trim_end().replace('\n', " ");
    for key in [&literal, &spaces] {
        workdir(key).ok(&["plan", "-input=false"]);
    }
    assert!(
        emu.log().iter().any(|e| e["path"] == "/oauth2/v1/token"),
        "the keys were used to get a token"
    );

    // The shape of issue 16's report: literal `\n`, END line lost.
    let broken = literal
        .rsplit_once("\\n-----END")
        .map(|(head, _)| head.to_string())
        .unwrap_or_default();
    let out = workdir(&broken).fails(&["plan", "-input=false"]);
    let text = common::flat(&out);
    assert!(text.contains("Invalid value for private_key"), "{out}");
    assert!(
        text.contains("its -----END PRIVATE KEY----- line is missing"),
        "{out}"
    );
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    for piece in body.as_bytes().chunks(16) {
        let piece = std::str::from_utf8(piece).unwrap_or_default();
        assert!(
            !out.contains(piece),
            "a piece of the key reached the output: {out}"
        );
    }
    assert!(!out.contains("[45, 45"), "no byte list: {out}");
}

/// `kill -9` of Terraform in the middle of a plan: the provider process exits within seconds
/// instead of living on. (Before: seen alive minutes later.)
#[test]
fn the_provider_exits_when_terraform_is_killed() {
    use common::Workdir;
    // A server that never answers keeps the provider busy in a data source read.
    let server = Hostile::start(|_, _| Reply::Hang);
    let mut w = Workdir::bare();
    w.env("OKTA_ORG_URL", &server.url)
        .env("OKTA_API_TOKEN", TOKEN)
        .env("OKTA_REQUEST_TIMEOUT", "600")
        .env("TF_LOG", "off");
    w.write(SETTINGS_HCL);
    let mut terraform = w
        .command(&["plan", "-input=false"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("terraform");
    let tf_pid = terraform.id();
    let deadline = Instant::now() + Duration::from_secs(60);
    while server.requests().is_empty() {
        assert!(
            Instant::now() < deadline,
            "the provider never called the server"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let providers = children_named(tf_pid, "terraform-provi");
    assert!(
        !providers.is_empty(),
        "no provider process under terraform {tf_pid}"
    );
    terraform.kill().expect("kill -9 terraform");
    let _ = terraform.wait();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let alive: Vec<u32> = providers.iter().copied().filter(|p| running(*p)).collect();
        if alive.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "provider processes {alive:?} still alive 10 s after terraform was killed"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Processes whose parent is `parent` and whose name starts with `name` (Linux /proc).
fn children_named(parent: u32, name: &str) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                return false;
            };
            // pid (comm) state ppid …; comm may hold spaces, so split after the last ')'.
            let Some((head, rest)) = stat.rsplit_once(')') else {
                return false;
            };
            let comm = head.split_once('(').map(|(_, c)| c).unwrap_or("");
            let ppid = rest
                .split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<u32>().ok());
            comm.starts_with(name) && ppid == Some(parent)
        })
        .collect()
}

/// Whether `pid` is a live process (a zombie has exited).
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')')
                .map(|(_, rest)| rest.trim_start().to_string())
        })
        .is_some_and(|rest| !rest.starts_with('Z') && !rest.starts_with('X'))
}
