//! The OpenAPI check: every API response the tests receive is validated against the schema
//! facts in `emulator/api/access-requests-schema.json` for its operation and status.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use serde_json::{json, Map, Value};

use super::Resp;

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
