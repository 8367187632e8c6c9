//! Shared test harness: spawns the emulator binary and checks every API response
//! against the schema facts of Okta's OpenAPI document (`emulator/api/access-requests-schema.json`).

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use serde_json::{json, Map, Value};
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

/// A minimal valid condition for the everything-allowed app.
pub fn everyone_condition(name: &str) -> Value {
    json!({
        "name": name,
        "approvalSequenceId": SEQ_1,
        "requesterSettings": { "type": "EVERYONE" },
        "accessScopeSettings": { "type": "RESOURCE_DEFAULT" },
    })
}

// ---------------------------------------------------------------------------
// OpenAPI conformance
// ---------------------------------------------------------------------------

struct Spec {
    paths: Map<String, Value>,
    definitions: Value,
    cache: Mutex<HashMap<String, std::sync::Arc<jsonschema::Validator>>>,
}

/// The schema facts kept in the repository (see `emulator/api/README.md` for their origin).
pub fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("api/access-requests-schema.json")
}

/// OpenAPI 3.0 schema → JSON Schema (draft 7): refs, nullable, vendor keys.
pub fn convert(v: &Value) -> Value {
    match v {
        Value::Array(a) => Value::Array(a.iter().map(convert).collect()),
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, val) in m {
                if k == "discriminator" || k == "example" || k == "examples" || k.starts_with("x-")
                {
                    continue;
                }
                if k == "nullable" || k == "readOnly" || k == "writeOnly" || k == "deprecated" {
                    continue;
                }
                if k == "$ref" {
                    if let Some(s) = val.as_str() {
                        out.insert(
                            k.clone(),
                            json!(s.replace("#/components/schemas/", "#/definitions/")),
                        );
                        continue;
                    }
                }
                if k == "properties" || k == "definitions" {
                    // Property names are keys, not keywords: convert only the values.
                    let mut props = Map::new();
                    if let Some(pm) = val.as_object() {
                        for (pk, pv) in pm {
                            props.insert(pk.clone(), convert(pv));
                        }
                    }
                    out.insert(k.clone(), Value::Object(props));
                    continue;
                }
                out.insert(k.clone(), convert(val));
            }
            if m.get("nullable").and_then(Value::as_bool) == Some(true) {
                let composite = ["oneOf", "anyOf", "allOf", "$ref"]
                    .iter()
                    .any(|k| out.contains_key(*k));
                if composite {
                    return json!({ "anyOf": [Value::Object(out), { "type": "null" }] });
                }
                if let Some(t) = out.get("type").cloned() {
                    out.insert("type".into(), json!([t, "null"]));
                }
                if let Some(Value::Array(e)) = out.get_mut("enum") {
                    e.push(Value::Null);
                }
            }
            Value::Object(out)
        }
        other => other.clone(),
    }
}

fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| {
        let text = std::fs::read_to_string(spec_path()).expect("read the API schema facts");
        let doc: Value = serde_json::from_str(&text).expect("parse the API schema facts");
        let schemas = doc["components"]["schemas"].clone();
        let mut defs = Map::new();
        if let Some(m) = schemas.as_object() {
            for (k, v) in m {
                defs.insert(k.clone(), convert(v));
            }
        }
        Spec {
            paths: doc["paths"].as_object().cloned().unwrap_or_default(),
            definitions: Value::Object(defs),
            cache: Mutex::new(HashMap::new()),
        }
    })
}

fn template_matches(template: &str, path: &str) -> bool {
    let t: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    t.len() == p.len()
        && t.iter()
            .zip(p.iter())
            .all(|(a, b)| (a.starts_with('{') && a.ends_with('}') && !b.is_empty()) || a == b)
}

/// The response schema the OpenAPI file gives for this operation and status.
/// `Ok(None)` means the status is documented without a body.
pub fn response_schema(method: &str, path: &str, status: u16) -> Result<Option<Value>, String> {
    let s = spec();
    let path_only = path.split('?').next().unwrap_or(path);
    let Some((template, item)) = s.paths.iter().find(|(t, _)| template_matches(t, path_only))
    else {
        return Err(format!("{path_only} is not in the OpenAPI file"));
    };
    let op = &item[method.to_ascii_lowercase()];
    if op.is_null() {
        return if status >= 400 {
            Ok(Some(json!({ "$ref": "#/components/schemas/error" })))
        } else {
            Err(format!("{method} {template} is not in the OpenAPI file"))
        };
    }
    let resp = &op["responses"][status.to_string()];
    if resp.is_null() {
        if status >= 400 {
            return Ok(Some(json!({ "$ref": "#/components/schemas/error" })));
        }
        return Err(format!(
            "{method} {template}: status {status} is not documented"
        ));
    }
    let schema = &resp["schema"];
    if schema.is_null() {
        return Ok(None);
    }
    Ok(Some(schema.clone()))
}

/// Validates `body` against the schema for `method path status`; returns the errors.
pub fn conformance_errors(method: &str, path: &str, status: u16, body: &Value) -> Vec<String> {
    let schema = match response_schema(method, path, status) {
        Ok(Some(s)) => s,
        Ok(None) => return Vec::new(),
        Err(e) => return vec![e],
    };
    let key = serde_json::to_string(&schema).unwrap_or_default();
    let s = spec();
    let validator = {
        let mut cache = s.cache.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(key)
            .or_insert_with(|| {
                let mut root = convert(&schema).as_object().cloned().unwrap_or_default();
                root.insert("definitions".into(), s.definitions.clone());
                std::sync::Arc::new(
                    jsonschema::options()
                        .with_draft(jsonschema::Draft::Draft7)
                        .should_validate_formats(true)
                        .build(&Value::Object(root))
                        .expect("compile response schema"),
                )
            })
            .clone()
    };
    validator
        .iter_errors(body)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect()
}

/// Panics when an API response does not match the OpenAPI file or lacks the standard headers.
pub fn check_conformance(method: &str, path: &str, r: &Resp) {
    if path.starts_with("/oauth2/") || path.starts_with("/__emulator") {
        return;
    }
    for h in [
        "x-rate-limit-limit",
        "x-rate-limit-remaining",
        "x-rate-limit-reset",
        "date",
        "x-okta-request-id",
    ] {
        assert!(
            r.headers.contains_key(h),
            "{method} {path}: missing {h} header"
        );
    }
    if r.text.is_empty() {
        match response_schema(method, path, r.status) {
            Ok(None) => return,
            Ok(Some(_)) if r.status == 204 => return,
            other => panic!(
                "{method} {path} -> {}: empty body but the OpenAPI file expects {other:?}",
                r.status
            ),
        }
    }
    assert!(
        !r.body.is_null(),
        "{method} {path} -> {}: body is not JSON: {}",
        r.status,
        r.text
    );
    let errors = conformance_errors(method, path, r.status, &r.body);
    assert!(
        errors.is_empty(),
        "{method} {path} -> {} does not match the OpenAPI file: {errors:#?}\nbody: {}",
        r.status,
        r.text
    );
}
