//! The request pipeline: log, faults, latency, rate limits, auth, dispatch.

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode};
use http_body_util::{BodyExt, Limited};
use serde_json::Value;

use crate::app::App;
use crate::auth::scheme;
use crate::errors::{empty_response, json_response, ApiError};
use crate::faults::LogEntry;
use crate::ratelimit::RateInfo;
use crate::routes::{route, Op};
use crate::util::{http_date, now_ms, rand_alnum};
use crate::{conditions, control, request_list, requests, sequences, settings};

/// Maximum accepted request body.
pub const MAX_BODY: usize = 1024 * 1024;

/// Returned to hyper to close the connection without a response.
#[derive(Debug)]
pub struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DropConnection {}

/// The body of a request, read up to [`MAX_BODY`].
enum ReadBody {
    Ok(Bytes),
    TooLarge,
    Failed,
}

async fn read_body<B>(body: B) -> ReadBody
where
    B: http_body::Body<Data = Bytes>,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    match Limited::new(body, MAX_BODY).collect().await {
        Ok(c) => ReadBody::Ok(c.to_bytes()),
        Err(e) => {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                ReadBody::TooLarge
            } else {
                ReadBody::Failed
            }
        }
    }
}

fn parse_json(headers: &HeaderMap, body: &ReadBody) -> Result<Value, ApiError> {
    let bytes = match body {
        ReadBody::Ok(b) => b,
        _ => return Err(ApiError::malformed()),
    };
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let essence = ct.split(';').next().unwrap_or("").trim();
    if essence != "application/json" && !essence.ends_with("+json") {
        return Err(ApiError::malformed());
    }
    serde_json::from_slice(bytes).map_err(|_| ApiError::malformed())
}

fn set_header(resp: &mut Response<Body>, name: &str, value: &str) {
    if let (Ok(n), Ok(v)) = (
        HeaderName::from_bytes(name.as_bytes()),
        HeaderValue::from_str(value),
    ) {
        resp.headers_mut().insert(n, v);
    }
}

fn add_rate_headers(resp: &mut Response<Body>, info: &RateInfo) {
    set_header(resp, "x-rate-limit-limit", &info.limit.to_string());
    set_header(resp, "x-rate-limit-remaining", &info.remaining.to_string());
    set_header(resp, "x-rate-limit-reset", &info.reset.to_string());
}

/// Entry point for every HTTP request.
pub async fn handle<B>(app: Arc<App>, req: Request<B>) -> Result<Response<Body>, DropConnection>
where
    B: http_body::Body<Data = Bytes>,
    B::Error: std::error::Error + Send + Sync + 'static,
{
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_string();
    if path == "/__emulator" || path.starts_with("/__emulator/") {
        let body = read_body(body).await;
        let bytes = match body {
            ReadBody::Ok(b) => b,
            _ => Bytes::new(),
        };
        let mut resp = control::handle(&app, &parts.method, &path, &bytes);
        set_header(&mut resp, "date", &http_date());
        return Ok(resp);
    }
    let query = parts.uri.query().unwrap_or("").to_string();
    let (op, bucket) = route(&parts.method, &path);
    let (auth_kind, _) = scheme(&parts.headers);
    let seq = app.seq.fetch_add(1, Ordering::SeqCst) + 1;
    let header_str = |k: &str| {
        parts
            .headers
            .get(k)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    app.log.push(LogEntry {
        seq,
        method: parts.method.as_str().to_string(),
        path: path.clone(),
        query: query.clone(),
        status: 0,
        bucket: bucket.clone(),
        time_ms: now_ms(),
        auth: auth_kind.to_string(),
        retry_for: header_str("x-okta-retry-for"),
        retry_count: header_str("x-okta-retry-count"),
        rate_limit_reset: None,
    });

    let fault = app.faults.take(parts.method.as_str(), &path);
    if let Some(f) = &fault {
        if f.latency_ms > 0 {
            tokio::time::sleep(Duration::from_millis(f.latency_ms)).await;
        }
        if f.drop.as_deref() == Some("before") {
            tracing::info!(seq, %path, "fault: dropping connection before processing");
            return Err(DropConnection);
        }
    }
    // A write on a resource's conditions is in flight from here until its response; one
    // that arrives while another is in flight may lose (409, `conflictRate`).
    let write_key = op.condition_write_resource().map(|raw| {
        app.db.read(|s| {
            s.resolve_resource(raw)
                .map(|r| r.id.clone())
                .unwrap_or_else(|| raw.to_string())
        })
    });
    let (conflict, _write_guard) = match &write_key {
        Some(key) => {
            let g = app.live.begin_write(key);
            (g.is_none(), g)
        }
        None => (false, None),
    };
    let body = read_body(body).await;
    if app.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(app.latency_ms)).await;
    }
    let info = app.limiter.hit(&bucket, now_ms() / 1000);
    app.log.set_rate_limit_reset(seq, info.reset);

    let mut resp = if let Some(status) = fault.as_ref().and_then(|f| f.status) {
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut r = ApiError::for_status(status).to_response();
        if status == StatusCode::TOO_MANY_REQUESTS {
            let fake = RateInfo {
                limit: app.limiter.limit(),
                remaining: 0,
                reset: now_ms() / 1000 + 1,
                allowed: false,
            };
            add_rate_headers(&mut r, &fake);
        } else {
            add_rate_headers(&mut r, &info);
        }
        r
    } else {
        let mut r = if !info.allowed {
            ApiError::rate_limited().to_response()
        } else if conflict && app.auth.check(&parts.headers) {
            ApiError::conflict(
                "Request Condition",
                "Another change to the request conditions of this resource is in progress; retry the request",
            )
            .to_response()
        } else {
            dispatch(&app, &op, &path, &parts.headers, &query, &body)
        };
        add_rate_headers(&mut r, &info);
        r
    };
    if let Some(f) = &fault {
        for (k, v) in &f.headers {
            set_header(&mut resp, k, v);
        }
        if f.drop.as_deref() == Some("after") {
            tracing::info!(seq, %path, "fault: dropping connection after processing");
            return Err(DropConnection);
        }
        if f.malformed_body && f.status.is_none() {
            *resp.status_mut() = StatusCode::OK;
            *resp.body_mut() = Body::from(&b"{\"data\": [{\"id\": \"trunc"[..]);
            set_header(&mut resp, "content-type", "application/json");
        }
    }
    set_header(&mut resp, "date", &http_date());
    if !resp.headers().contains_key("x-okta-request-id") {
        set_header(&mut resp, "x-okta-request-id", &rand_alnum(20));
    }
    app.log.set_status(seq, resp.status().as_u16());
    Ok(resp)
}

fn user(app: &App) -> String {
    app.db.read(|s| s.token_user())
}

fn ok(status: StatusCode, v: Result<Value, ApiError>) -> Response<Body> {
    match v {
        Ok(v) => json_response(status, &v),
        Err(e) => e.to_response(),
    }
}

fn dispatch(
    app: &App,
    op: &Op,
    path: &str,
    headers: &HeaderMap,
    query: &str,
    body: &ReadBody,
) -> Response<Body> {
    if *op == Op::Token {
        let bytes = match body {
            ReadBody::Ok(b) => b.clone(),
            _ => return ApiError::malformed().to_response(),
        };
        let mut audiences = vec![format!("{}/oauth2/v1/token", app.base_url)];
        if let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
            audiences.push(format!("http://{host}/oauth2/v1/token"));
        }
        return app.auth.token_endpoint(headers, &bytes, &audiences);
    }
    if *op == Op::NotFound {
        return ApiError::not_found(path, "Path").to_response();
    }
    if !app.auth.check(headers) {
        return ApiError::unauthenticated().to_response();
    }
    if *op == Op::MethodNotAllowed {
        return ApiError::method_not_allowed().to_response();
    }
    let json_body = if op.has_json_body() {
        match parse_json(headers, body) {
            Ok(v) => Some(v),
            Err(e) => return e.to_response(),
        }
    } else {
        None
    };
    let body = json_body.unwrap_or(Value::Null);
    // Links point at the org's -admin twin of the host the client used (like live Okta),
    // or at the host itself, or at a forced origin; without a Host at the bound address.
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        });
    let base_owned = app.live.link_base(host, &app.base_url);
    let base = base_owned.as_str();
    let behaviour = app.live.get();
    let who = user(app);
    match op {
        Op::ListRequests => {
            let q: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect();
            match app.db.read(|s| request_list::list(s, base, &q)) {
                Ok(res) => {
                    let mut r = json_response(StatusCode::OK, &res.body);
                    // One Link header per relation, as Okta sends them.
                    for link in &res.links {
                        if let Ok(v) = HeaderValue::from_str(link) {
                            r.headers_mut().append(header::LINK, v);
                        }
                    }
                    r
                }
                Err(e) => e.to_response(),
            }
        }
        Op::CreateRequest => ok(
            StatusCode::CREATED,
            app.db.write(|s| requests::create(s, base, &body, &who)),
        ),
        Op::GetRequest(id) => ok(StatusCode::OK, app.db.read(|s| requests::get(s, base, id))),
        Op::CreateMessage(id) => ok(
            StatusCode::CREATED,
            app.db
                .write(|s| requests::create_message(s, id, &body, &who)),
        ),
        Op::GetOrgSettings => ok(StatusCode::OK, Ok(app.db.read(settings::get_org))),
        Op::PatchOrgSettings => ok(
            StatusCode::OK,
            app.db
                .write(|s| settings::patch_org(s, &body, app.provisioning_delay_ms)),
        ),
        Op::GetResourceSettings(r) => ok(
            StatusCode::OK,
            app.db.read(|s| settings::get_resource(s, r)).map(|mut v| {
                app.live.shuffle_settings(&mut v);
                v
            }),
        ),
        Op::PatchResourceSettings(r) => ok(
            StatusCode::OK,
            app.db
                .write(|s| settings::patch_resource(s, r, &body))
                .map(|mut v| {
                    app.live.shuffle_settings(&mut v);
                    v
                }),
        ),
        Op::ListConditions(r) => ok(
            StatusCode::OK,
            app.db
                .read(|s| conditions::list(s, base, r, behaviour.sparse_lists)),
        ),
        Op::CreateCondition(r) => {
            match app
                .db
                .write(|s| conditions::create(s, base, r, &body, &who))
            {
                Ok(mut v) => {
                    if behaviour.priority_zero_echo {
                        v["priority"] = Value::from(0);
                    }
                    let mut resp = json_response(StatusCode::CREATED, &v);
                    if let Some(loc) = v["_links"]["self"]["href"].as_str() {
                        set_header(&mut resp, "location", loc);
                    }
                    resp
                }
                Err(e) => e.to_response(),
            }
        }
        Op::GetCondition(r, c) => ok(
            StatusCode::OK,
            app.db.read(|s| conditions::get(s, base, r, c)),
        ),
        Op::PatchCondition(r, c) => ok(
            StatusCode::OK,
            app.db
                .write(|s| conditions::patch(s, base, r, c, &body, &who))
                .map(|mut v| {
                    if behaviour.priority_zero_echo {
                        v["priority"] = Value::from(0);
                    }
                    v
                }),
        ),
        Op::DeleteCondition(r, c) => match app.db.write(|s| conditions::delete(s, r, c)) {
            // PR #2784: live Okta may answer 500 to a DELETE that did delete.
            Ok(_) if behaviour.delete_500 => ApiError::internal().to_response(),
            Ok(status) => empty_response(status),
            Err(e) => e.to_response(),
        },
        Op::ActivateCondition(r, c) => ok(
            StatusCode::OK,
            app.db
                .write(|s| conditions::transition(s, base, r, c, true, &who)),
        ),
        Op::DeactivateCondition(r, c) => ok(
            StatusCode::OK,
            app.db
                .write(|s| conditions::transition(s, base, r, c, false, &who)),
        ),
        Op::ListSequences(r) => ok(
            StatusCode::OK,
            app.db.read(|s| sequences::list(s, base, r)).map(|mut v| {
                app.live.shuffle_sequences(&mut v);
                v
            }),
        ),
        Op::GetSequence(r, q) => ok(
            StatusCode::OK,
            app.db.read(|s| sequences::get(s, base, r, q)).map(|mut v| {
                app.live.shuffle_sequences(&mut v);
                v
            }),
        ),
        Op::Token | Op::NotFound | Op::MethodNotAllowed => ApiError::internal().to_response(),
    }
}
