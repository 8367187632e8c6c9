//! Shared test harness: spawns the emulator binary and checks every API response
//! against the schema facts of Okta's OpenAPI document (`emulator/api/access-requests-schema.json`).

#![allow(dead_code)]

mod conformance;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

pub use conformance::*;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, ChildStdout, Command};

pub const TOKEN: &str = "test-token-123";

// The demo org's IDs (documented in the README), from the crate itself.
#[allow(unused_imports)]
pub use oig_emulator::fixtures::{
    APP_DURATION, APP_FULL, APP_GROUPS_ONLY, APP_UNSUPPORTED, BUNDLE_1, FIELD_DATE, FIELD_SELECT,
    FIELD_TEXT, GROUP_1, GROUP_2, RT_DRAFT, RT_FIELDS, RT_PLAIN, SEQ_1, SEQ_1_NAME, SEQ_2,
    SEQ_2_NAME, SEQ_3, SEQ_3_NAME, USER_2, USER_ADMIN,
};

/// A response as the tests see it.
#[derive(Debug, Clone)]
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub body: Value,
}

impl Resp {
    /// A header's value; several headers of that name are joined with ", ".
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        if values.is_empty() {
            None
        } else {
            Some(values.join(", "))
        }
    }

    pub fn assert_status(&self, status: u16) -> &Self {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.text
        );
        self
    }

    /// Asserts an Okta error body with `code` and, when given, a cause naming `field`.
    pub fn assert_error(&self, status: u16, code: &str, field: Option<&str>) -> &Self {
        self.assert_status(status);
        assert_eq!(self.body["errorCode"], code, "body: {}", self.text);
        assert_eq!(self.body["errorLink"], code, "body: {}", self.text);
        assert!(
            self.body["errorId"]
                .as_str()
                .is_some_and(|s| s.starts_with("oae")),
            "errorId: {}",
            self.text
        );
        assert!(self.body["errorSummary"].is_string());
        assert!(self.body["errorCauses"].is_array());
        if let Some(f) = field {
            let causes = self.body["errorCauses"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert!(
                causes.iter().any(|c| c["errorSummary"]
                    .as_str()
                    .is_some_and(|s| s.starts_with(&format!("{f}:")))),
                "no errorCauses entry names {f}: {}",
                self.text
            );
            assert!(
                code != "E0000001"
                    || self.body["errorSummary"]
                        .as_str()
                        .is_some_and(|s| s.contains(f)),
                "errorSummary does not name {f}: {}",
                self.text
            );
        }
        self
    }

    /// Asserts that the error summary contains `part`.
    pub fn assert_summary_has(&self, part: &str) -> &Self {
        let summary = self.body["errorSummary"].as_str().expect("errorSummary");
        assert!(
            summary.contains(part),
            "errorSummary lacks {part:?}: {}",
            self.text
        );
        self
    }

    pub fn causes(&self) -> Vec<String> {
        self.body["errorCauses"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| c["errorSummary"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// A spawned emulator process (killed on drop).
pub struct Emu {
    pub base: String,
    pub child: Child,
    _stdout: BufReader<ChildStdout>,
    pub http: reqwest::Client,
}

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_oig-emulator")
}

/// The string `key` of every item of `list` (a JSON array), e.g. the IDs of a page's `data`.
pub fn strings_of(list: &Value, key: &str) -> Vec<String> {
    list.as_array()
        .expect("a JSON list")
        .iter()
        .map(|x| x[key].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Awaits all `futs` concurrently on this task and returns their responses in order.
pub async fn futures_join<F: std::future::Future<Output = Resp>>(futs: Vec<F>) -> Vec<Resp> {
    let mut out = Vec::new();
    // Poll all futures concurrently on this task.
    let mut pinned: Vec<std::pin::Pin<Box<F>>> = futs.into_iter().map(Box::pin).collect();
    let mut done: Vec<Option<Resp>> = (0..pinned.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if done[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(r) => done[i] = Some(r),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    for d in done {
        out.push(d.expect("done"));
    }
    out
}

/// Runs the binary with `args` (and the test token), expects it to refuse to start, and
/// returns what it wrote to stderr.
pub fn start_error(args: &[&str]) -> String {
    let out = std::process::Command::new(bin())
        .args(["--token", TOKEN])
        .args(args)
        .output()
        .expect("run the emulator");
    assert!(!out.status.success(), "the emulator started with {args:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

impl Emu {
    pub async fn start() -> Emu {
        Self::start_with(&[]).await
    }

    pub async fn start_with(extra: &[&str]) -> Emu {
        let mut cmd = Command::new(bin());
        cmd.args(["--listen", "127.0.0.1:0", "--token", TOKEN])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true);
        let mut child = cmd.spawn().expect("spawn emulator");
        let stdout = child.stdout.take().expect("stdout");
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        tokio::time::timeout(Duration::from_secs(20), reader.read_line(&mut line))
            .await
            .expect("emulator did not print its address in time")
            .expect("read stdout");
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_string();
        Emu {
            base,
            child,
            _stdout: reader,
            http: reqwest::Client::builder()
                .timeout(Duration::from_secs(30))
                .build()
                .expect("client"),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Authenticated API call with SSWS; the response is checked against the OpenAPI file.
    pub async fn call(&self, method: &str, path: &str, body: Option<Value>) -> Resp {
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut rb = self
            .http
            .request(m, self.url(path))
            .header("Authorization", format!("SSWS {TOKEN}"));
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        self.send(method, path, rb).await
    }

    /// Sends a prepared API request and checks the response against the OpenAPI file.
    pub async fn send(&self, method: &str, path: &str, rb: reqwest::RequestBuilder) -> Resp {
        let resp = rb.send().await.expect("request failed");
        let r = to_resp(resp).await;
        check_conformance(method, path, &r);
        r
    }

    pub async fn get(&self, path: &str) -> Resp {
        self.call("GET", path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Resp {
        self.call("POST", path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Resp {
        self.call("PATCH", path, Some(body)).await
    }

    /// A control endpoint call (no auth, no conformance check).
    pub async fn control(&self, method: &str, path: &str, body: Option<Value>) -> Resp {
        let m = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut rb = self
            .http
            .request(m, self.url(&format!("/__emulator{path}")));
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        to_resp(rb.send().await.expect("control request failed")).await
    }

    /// Changes the emulator's behaviour switches at run time, and expects it to accept them.
    pub async fn set_behaviour(&self, switches: Value) {
        self.control("PATCH", "/behaviour", Some(switches))
            .await
            .assert_status(200);
    }

    pub async fn log(&self) -> Vec<Value> {
        self.control("GET", "/log", None)
            .await
            .body
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// PATCHes the resource's `requestOnBehalfOfSettings` to `value` (`null` removes it).
    pub async fn patch_on_behalf_of(&self, resource: &str, value: Value) -> Resp {
        self.patch(
            &settings_path(resource),
            json!({ "requestOnBehalfOfSettings": value }),
        )
        .await
    }

    /// PATCHes the resource's `requestOnBehalfOfSettings` to `{"allowed": true}`, expects 200
    /// and the setting echoed, and returns the response.
    pub async fn allow_on_behalf_of(&self, resource: &str) -> Resp {
        let p = self
            .patch_on_behalf_of(resource, json!({ "allowed": true }))
            .await;
        p.assert_status(200);
        assert_eq!(
            p.body["requestOnBehalfOfSettings"],
            json!({ "allowed": true })
        );
        p
    }

    /// POSTs `action` (`activate`, `deactivate`) to the condition at `path`.
    pub async fn transition(&self, path: &str, action: &str) -> Resp {
        self.post(&format!("{path}/{action}"), json!({})).await
    }

    /// Files a request of type `request_type_id` with `subject` and no field values.
    pub async fn file_request(&self, request_type_id: &str, subject: &str) -> Resp {
        self.post(
            REQUESTS,
            json!({ "requestTypeId": request_type_id, "subject": subject }),
        )
        .await
    }

    /// Creates a request of the plain (field-less) request type and returns its body (asserts 201).
    pub async fn create_plain(&self, subject: &str) -> Value {
        let r = self.file_request(RT_PLAIN, subject).await;
        r.assert_status(201);
        r.body
    }

    /// Creates a request of the plain request type and returns its ID.
    pub async fn plain_request_id(&self, subject: &str) -> String {
        self.create_plain(subject).await["id"]
            .as_str()
            .expect("id")
            .to_string()
    }

    /// Sets a request's status through the control endpoint (a stand-in for approvers).
    pub async fn set_request_status(&self, id: &str, status: &str) -> Resp {
        self.control(
            "POST",
            &format!("/requests/{id}/status"),
            Some(json!({ "status": status })),
        )
        .await
    }

    /// Creates an EVERYONE / RESOURCE_DEFAULT condition named `name` on the everything-allowed
    /// demo app; returns its path and body.
    pub async fn new_condition(&self, name: &str) -> (String, Value) {
        self.new_condition_on(name, SEQ_1).await
    }

    /// [`Emu::new_condition`] with approval sequence `sequence`.
    pub async fn new_condition_on(&self, name: &str, sequence: &str) -> (String, Value) {
        let c = self
            .create_condition(APP_FULL, everyone_condition_on(name, sequence))
            .await;
        let path = condition_path(APP_FULL, c["id"].as_str().expect("id"));
        (path, c)
    }

    /// Creates a condition on `resource` and returns its body (asserts 201).
    pub async fn create_condition(&self, resource: &str, body: Value) -> Value {
        let r = self.post(&conditions_path(resource), body).await;
        r.assert_status(201);
        r.body
    }
}

pub async fn to_resp(resp: reqwest::Response) -> Resp {
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let text = resp.text().await.expect("body");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::Null)
    };
    Resp {
        status,
        headers,
        text,
        body,
    }
}

fn process_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("oig-emu-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// An empty directory under the system's temp dir for this test process and `name`.
pub fn temp_dir(name: &str) -> PathBuf {
    let _ = std::fs::remove_dir_all(process_dir(name));
    process_dir(name)
}

/// Writes `content` as JSON to `name` (unique per test) in this process's temp directory.
pub fn temp_file(name: &str, content: &Value) -> PathBuf {
    let path = process_dir("files").join(name);
    std::fs::write(&path, content.to_string()).expect("write temp file");
    path
}

pub const REQUESTS: &str = "/governance/api/v1/requests";

pub fn conditions_path(resource: &str) -> String {
    format!("/governance/api/v2/resources/{resource}/request-conditions")
}

pub fn condition_path(resource: &str, id: &str) -> String {
    format!("/governance/api/v2/resources/{resource}/request-conditions/{id}")
}

pub fn settings_path(resource: &str) -> String {
    format!("/governance/api/v2/resources/{resource}/request-settings")
}

pub fn sequences_path(resource: &str) -> String {
    format!("/governance/api/v2/resources/{resource}/request-sequences")
}

pub fn sequence_path(resource: &str, id: &str) -> String {
    format!("/governance/api/v2/resources/{resource}/request-sequences/{id}")
}

/// A request of the type with requester fields, with `text`, `select` (one option) and `date`
/// as the values of its three fields.
pub fn fields_request(subject: &str, text: &str, select: &str, date: &str) -> Value {
    json!({
        "requestTypeId": RT_FIELDS,
        "subject": subject,
        "requesterFieldValues": [
            { "id": FIELD_TEXT, "value": text },
            { "id": FIELD_SELECT, "value": [select] },
            { "id": FIELD_DATE, "value": date }
        ]
    })
}

/// A minimal valid condition for the everything-allowed app.
pub fn everyone_condition(name: &str) -> Value {
    everyone_condition_on(name, SEQ_1)
}

/// [`everyone_condition`] with approval sequence `sequence`.
pub fn everyone_condition_on(name: &str, sequence: &str) -> Value {
    json!({
        "name": name,
        "approvalSequenceId": sequence,
        "requesterSettings": { "type": "EVERYONE" },
        "accessScopeSettings": { "type": "RESOURCE_DEFAULT" },
    })
}
