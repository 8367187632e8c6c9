//! Test-only control endpoints under `/__emulator/` (no auth, not logged, not rate limited).

use axum::body::Body;
use axum::http::{Method, Response, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::app::App;
use crate::errors::{empty_response, json_response, ApiError};
use crate::faults::Fault;
use crate::util::{now_ms, now_ts, percent_decode};
use crate::{request_list, sequences};

fn bad(msg: impl Into<String>) -> Response<Body> {
    ApiError::invalid("body", msg, "INVALID_VALUE").to_response()
}

fn parse<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| format!("invalid control request: {e}"))
}

fn result(r: Result<Value, ApiError>) -> Response<Body> {
    match r {
        Ok(v) => json_response(StatusCode::OK, &v),
        Err(e) => e.to_response(),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Provisioning {
    #[serde(default)]
    outcome: Option<String>,
    #[serde(default)]
    delay_ms: Option<u64>,
}

#[derive(Deserialize)]
struct StatusBody {
    status: String,
}

/// The status a `{"status": …}` control body asks for, as `known` names it; for a body that is
/// not one, or a status `known` does not name, why it is refused (`expected`).
fn wanted_status(
    body: &[u8],
    known: impl Fn(&str) -> Option<&'static str>,
    expected: &str,
) -> Result<&'static str, String> {
    let b: StatusBody = parse(body)?;
    known(&b.status).ok_or_else(|| expected.to_string())
}

/// The item of `items` whose ID (`id_of`) is `id`; a 404 naming `kind` when there is none.
fn find_mut<'a, T>(
    items: &'a mut [T],
    id: &str,
    kind: &str,
    id_of: impl Fn(&T) -> &String,
) -> Result<&'a mut T, ApiError> {
    items
        .iter_mut()
        .find(|t| id_of(t) == id)
        .ok_or_else(|| ApiError::not_found(id, kind))
}

/// Handles `/__emulator/*`.
pub fn handle(app: &App, method: &Method, path: &str, body: &[u8]) -> Response<Body> {
    let segs: Vec<String> = path
        .trim_end_matches('/')
        .split('/')
        .skip(2)
        .map(percent_decode)
        .collect();
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    match (method.clone(), s.as_slice()) {
        (Method::GET, ["faults"]) => json_response(StatusCode::OK, &json!(app.faults.list())),
        (Method::POST, ["faults"]) => {
            let f: Fault = match parse(body) {
                Ok(f) => f,
                Err(e) => return bad(e),
            };
            if let Err(e) = f.check() {
                return bad(e);
            }
            app.faults.push(f.clone());
            json_response(StatusCode::CREATED, &json!(f))
        }
        (Method::DELETE, ["faults"]) => {
            app.faults.clear();
            empty_response(StatusCode::NO_CONTENT)
        }
        (Method::GET, ["log"]) => json_response(StatusCode::OK, &json!(app.log.list())),
        (Method::DELETE, ["log"]) => {
            app.log.clear();
            empty_response(StatusCode::NO_CONTENT)
        }
        (Method::GET, ["state"]) => {
            json_response(StatusCode::OK, &app.db.read(|s| s.to_json(now_ms())))
        }
        (Method::GET, ["behaviour"]) => json_response(StatusCode::OK, &json!(app.live.get())),
        (Method::PATCH, ["behaviour"]) => {
            let v: Value = match parse(body) {
                Ok(v) => v,
                Err(e) => return bad(e),
            };
            match app.live.patch(&v) {
                Ok(b) => json_response(StatusCode::OK, &json!(b)),
                Err(e) => bad(e),
            }
        }
        (Method::POST, ["reset"]) => match app.db.reset() {
            Ok(()) => {
                app.live.reset();
                app.log.clear();
                app.faults.clear();
                app.limiter.clear();
                json_response(StatusCode::OK, &json!({ "reset": true }))
            }
            Err(e) => e.to_response(),
        },
        (Method::DELETE, ["approval-sequences", id]) => {
            result(app.db.write(|s| sequences::delete(s, id)))
        }
        (Method::POST, ["approval-sequences", id]) => {
            let given: Value = if body.iter().all(u8::is_ascii_whitespace) {
                Value::Null
            } else {
                match parse(body) {
                    Ok(v) => v,
                    Err(e) => return bad(e),
                }
            };
            let seq = match sequences::from_control(id, &given) {
                Ok(seq) => seq,
                Err(e) => return bad(e),
            };
            result(app.db.write(|s| Ok(sequences::put(s, seq))))
        }
        (Method::POST, ["provisioning"]) => {
            let p: Provisioning = match parse(body) {
                Ok(p) => p,
                Err(e) => return bad(e),
            };
            if let Some(o) = &p.outcome {
                if o != "PROVISIONED" && o != "PROVISIONING_FAILED" {
                    return bad("outcome must be PROVISIONED or PROVISIONING_FAILED");
                }
            }
            result(app.db.write(|s| {
                let now = now_ms();
                if let Some(o) = p.outcome {
                    s.org.provisioning_outcome = o;
                }
                if let Some(d) = p.delay_ms {
                    s.org.provisioning_delay_ms = Some(d);
                    if s.org.provisioning_deadline_ms.is_some() {
                        s.org.provisioning_deadline_ms =
                            Some(now.saturating_add(i64::try_from(d).unwrap_or(i64::MAX)));
                    }
                }
                s.org.settle(now);
                Ok(json!({
                    "outcome": s.org.provisioning_outcome,
                    "delayMs": s.org.provisioning_delay_ms.unwrap_or(app.provisioning_delay_ms),
                    "settings": s.org.to_api(now),
                }))
            }))
        }
        (Method::POST, ["requests", id, "status"]) => {
            let known = |s: &str| request_list::STATUSES.iter().copied().find(|&k| k == s);
            let status = match wanted_status(
                body,
                known,
                "status must be OPEN, PENDING, RESOLVED or LOCKED",
            ) {
                Ok(status) => status,
                Err(why) => return bad(why),
            };
            let id = id.to_string();
            let base = app.base_url.clone();
            result(app.db.write(|s| {
                let r = find_mut(&mut s.requests, &id, "Request", |r| &r.id)?;
                let now = now_ts();
                r.request_status = status.to_string();
                r.resolved = if status == "RESOLVED" {
                    Some(now.clone())
                } else {
                    None
                };
                r.last_updated = now;
                Ok(r.to_full(&base))
            }))
        }
        (Method::POST, ["request-types", id, "status"]) => {
            let known = |s: &str| match s {
                "PUBLISHED" | "ACTIVE" => Some("ACTIVE"),
                "UNPUBLISHED" | "DISABLED" => Some("DISABLED"),
                "DRAFT" => Some("DRAFT"),
                _ => None,
            };
            let status = match wanted_status(
                body,
                known,
                "status must be PUBLISHED, UNPUBLISHED, ACTIVE, DRAFT or DISABLED",
            ) {
                Ok(status) => status,
                Err(why) => return bad(why),
            };
            let id = id.to_string();
            result(app.db.write(|s| {
                let t = find_mut(&mut s.request_types, &id, "RequestType", |t| &t.id)?;
                t.status = status.to_string();
                Ok(json!(t))
            }))
        }
        _ => ApiError::not_found(path, "ControlEndpoint").to_response(),
    }
}
