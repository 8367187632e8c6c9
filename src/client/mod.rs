//! The Okta API client shared by every resource and data source.
//!
//! It knows nothing of Terraform: callers get typed models or an [`ApiError`]. Auth, retries,
//! rate limits, pagination and logging live here and nowhere else.

pub mod auth;
mod call;
pub mod condition_list;
pub mod condition_model;
pub mod conditions;
pub mod error;
pub mod pagination;
pub mod ratelimit;
pub mod requests;
pub mod resolve;
pub mod sequences;
pub mod settings;
pub mod time;

use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Method;
use serde::de::DeserializeOwned;

pub use auth::{Credentials, OAuthCredentials, Secret};
pub use call::{path_segment, resource_path, Call, ResourceCollection};
pub use error::{ApiError, OktaError, Retries};
use ratelimit::{human, jitter, Activity, RateBudget, RateInfo, Waited};

/// The user agent sent with every request.
pub const USER_AGENT: &str = concat!("terraform-provider-oig/", env!("CARGO_PKG_VERSION"));

/// Everything needed to build a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Origin of the org, without a trailing slash: `https://acme.okta.com`.
    pub org_url: String,
    pub credentials: Credentials,
    /// Retries after the first attempt, for 429, 5xx, timeouts and dropped connections.
    pub max_retries: u32,
    /// Time limit of one HTTP attempt.
    pub request_timeout: Duration,
    /// Percentage (1..=100) of each rate-limit bucket this client may use.
    pub max_api_capacity: u8,
}

enum Auth {
    Header(Secret),
    OAuth(Box<auth::TokenSource>),
}

pub struct Client {
    http: reqwest::Client,
    org_url: String,
    auth: Auth,
    pub(crate) max_retries: u32,
    budget: RateBudget,
}

/// Why a failed attempt is retried, each with its own budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RetryKind {
    Failure,
    RateLimited,
    Conflict,
}

/// A successful response: the decoded body and the headers (for pagination).
#[derive(Debug)]
pub struct Response<T> {
    pub body: T,
    pub headers: HeaderMap,
}

/// An object the API names by its `id` (empty when an answer lacked it).
pub trait Identified {
    fn id(&self) -> &str;
}

/// How long to wait before retry number `attempt` (1-based) of a failed call.
pub(crate) fn backoff(attempt: u32) -> Duration {
    let base = Duration::from_millis(200) * 2u32.saturating_pow(attempt.saturating_sub(1).min(6));
    let base = base.min(Duration::from_secs(10));
    base / 2 + jitter(base.as_millis() as u64 / 2 + 1)
}

/// How long to wait before retry number `attempt` (1-based) after a 409 Conflict: exponential
/// with full jitter, so that writers that collided spread out instead of colliding again.
pub(crate) fn conflict_backoff(attempt: u32) -> Duration {
    let base = Duration::from_millis(100) * 2u32.saturating_pow(attempt.saturating_sub(1).min(6));
    let base = base.min(Duration::from_secs(4));
    Duration::from_millis(20) + jitter(base.as_millis() as u64 + 1)
}

/// How long, in all, one call waits out 409 Conflicts before it gives up.
pub const CONFLICT_PATIENCE: Duration = Duration::from_secs(120);

/// How long, in all, one call waits out 429s before it gives up: five of Okta's one-minute
/// rate-limit windows.
pub const RATE_LIMIT_PATIENCE: Duration = Duration::from_secs(300);

impl Client {
    pub fn new(config: ClientConfig) -> Result<Client, String> {
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .timeout(config.request_timeout)
            .connect_timeout(config.request_timeout.min(Duration::from_secs(30)))
            .dns_resolver(Arc::new(resolve::LocalhostAwareResolver))
            // A redirect is an error (see `redirect_error`), never followed: a credential or a
            // client assertion goes nowhere but the configured org.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("the HTTP client could not be built: {e}"))?;
        let org_url = config.org_url.trim_end_matches('/').to_string();
        let auth = match config.credentials {
            Credentials::ApiToken(t) => Auth::Header(Secret::new(format!("SSWS {}", t.expose()))),
            Credentials::AccessToken(t) => {
                Auth::Header(Secret::new(format!("Bearer {}", t.expose())))
            }
            Credentials::OAuth(creds) => {
                Auth::OAuth(Box::new(auth::TokenSource::new(creds, &org_url)?))
            }
        };
        Ok(Client {
            http,
            org_url,
            auth,
            max_retries: config.max_retries,
            budget: RateBudget::new(config.max_api_capacity),
        })
    }

    pub fn org_url(&self) -> &str {
        &self.org_url
    }

    async fn authorization(&self) -> Result<HeaderValue, ApiError> {
        let value = match &self.auth {
            Auth::Header(h) => h.clone(),
            Auth::OAuth(source) => {
                let token = source.token(&self.http).await?;
                Secret::new(format!("Bearer {}", token.expose()))
            }
        };
        let mut header = HeaderValue::from_str(value.expose()).map_err(|_| {
            ApiError::Invalid(
                "the credential contains characters that cannot be sent in an HTTP header".into(),
            )
        })?;
        header.set_sensitive(true);
        Ok(header)
    }

    /// Sends a call whose answer is one object, which must carry its `id`: a 2xx without it is
    /// [`ApiError::without_id`] naming `what`.
    pub(crate) async fn send_identified<T: DeserializeOwned + Identified>(
        &self,
        call: &Call,
        what: &str,
    ) -> Result<T, ApiError> {
        let found: T = self.send(call).await?.body;
        if found.id().is_empty() {
            return Err(ApiError::without_id(what));
        }
        Ok(found)
    }

    /// Sends a call and decodes its JSON body, retrying as the call allows.
    pub async fn send<T: DeserializeOwned>(&self, call: &Call) -> Result<Response<T>, ApiError> {
        // Every retry, for the X-Okta-Retry-Count header.
        let mut attempt: u32 = 0;
        // Retries after failures (5xx, timeouts, dropped connections, bad bodies): at most
        // `max_retries`. A 429 is not a failure but "come back at X-Rate-Limit-Reset", and a 409
        // on a call that allows it is "another write got there first": those waits are bounded
        // by time instead (RATE_LIMIT_PATIENCE, CONFLICT_PATIENCE), so a busy org slows an apply
        // down without failing it. Every wait for a rate-limit window, after a 429 or because
        // the budget is used up, counts against the one RATE_LIMIT_PATIENCE of the call; a wait
        // that would end past it is not started.
        let mut failures: u32 = 0;
        let mut conflicts: u32 = 0;
        let mut rate_limited_for = Duration::ZERO;
        let mut conflicted_for = Duration::ZERO;
        let mut first_request_id: Option<String> = None;
        let mut refreshed_token = false;
        let started = Instant::now();
        // What the caller is told about the retries behind an answer.
        let done = |attempt: u32| Retries {
            count: attempt,
            over: started.elapsed(),
        };
        let mut last_failure: Option<String> = None;
        loop {
            let outcome = self
                .attempt(
                    call,
                    attempt,
                    first_request_id.as_deref(),
                    &mut rate_limited_for,
                )
                .await;
            let (retry, wait, err, kind) = match outcome {
                Ok((status, headers, body)) if (200..300).contains(&status) => {
                    let text: &[u8] = if body.is_empty() { b"null" } else { &body };
                    match serde_json::from_slice::<T>(text) {
                        Ok(body) => {
                            if let (true, Some(last_error)) = (failures > 0, last_failure) {
                                Activity::record(Waited::Retried {
                                    endpoint: call.bucket.to_string(),
                                    retries: attempt,
                                    over: started.elapsed(),
                                    last_error,
                                });
                            }
                            return Ok(Response { body, headers });
                        }
                        Err(e) => {
                            let err = ApiError::Decode {
                                status,
                                message: e.to_string(),
                            };
                            (
                                call.idempotent,
                                backoff(failures + 1),
                                err,
                                RetryKind::Failure,
                            )
                        }
                    }
                }
                Ok((status, headers, _)) if (300..400).contains(&status) => {
                    return Err(redirect_error(call, status, &headers));
                }
                Ok((status, headers, body)) => {
                    let request_id = header_str(&headers, "x-okta-request-id");
                    if first_request_id.is_none() {
                        first_request_id.clone_from(&request_id);
                    }
                    let err = ApiError::from_body(status, &body, request_id);
                    match status {
                        401 if matches!(self.auth, Auth::OAuth(_)) && !refreshed_token => {
                            refreshed_token = true;
                            if let Auth::OAuth(source) = &self.auth {
                                source.invalidate().await;
                            }
                            tracing::debug!("access token rejected: fetching a new one");
                            continue;
                        }
                        429 => {
                            let info = RateInfo::from_headers(&headers);
                            let wait = info
                                .map(|i| i.reset_in)
                                .unwrap_or(Duration::from_secs(1))
                                .max(Duration::from_millis(100))
                                + jitter(500);
                            if rate_limited_for + wait > RATE_LIMIT_PATIENCE {
                                return Err(ApiError::rate_limited(
                                    call.endpoint(),
                                    info.map(|i| i.reset_in).unwrap_or(wait),
                                ));
                            }
                            let resets_at =
                                time::format_rfc3339(std::time::SystemTime::now() + wait);
                            tracing::info!(
                                endpoint = call.bucket,
                                limit = info.map(|i| i.limit).unwrap_or_default(),
                                resets_at = %resets_at,
                                "waiting {} for Okta's rate limit on {}: Okta answered 429 Too Many Requests",
                                human(wait),
                                call.bucket
                            );
                            Activity::record(Waited::RateLimit {
                                endpoint: call.bucket.to_string(),
                                waited: wait,
                                limit: info.map(|i| i.limit),
                                resets_at,
                                after_429: true,
                            });
                            (true, wait, err, RetryKind::RateLimited)
                        }
                        409 if call.retry_conflicts => (
                            true,
                            conflict_backoff(conflicts + 1),
                            err,
                            RetryKind::Conflict,
                        ),
                        500 | 502 | 503 | 504 => (
                            call.idempotent,
                            backoff(failures + 1),
                            err,
                            RetryKind::Failure,
                        ),
                        _ => (false, Duration::ZERO, err, RetryKind::Failure),
                    }
                }
                Err(err @ ApiError::RateLimited { .. }) => return Err(err),
                Err(err) => {
                    let retry = call.idempotent || !err.may_have_reached_server();
                    (retry, backoff(failures + 1), err, RetryKind::Failure)
                }
            };
            let within_limits = match kind {
                RetryKind::RateLimited => rate_limited_for + wait <= RATE_LIMIT_PATIENCE,
                RetryKind::Conflict => conflicted_for + wait <= CONFLICT_PATIENCE,
                RetryKind::Failure => failures < self.max_retries,
            };
            if !retry || !within_limits {
                return Err(err.after(done(attempt)));
            }
            match kind {
                RetryKind::RateLimited => rate_limited_for += wait,
                RetryKind::Conflict => {
                    conflicted_for += wait;
                    conflicts += 1;
                }
                RetryKind::Failure => {
                    failures += 1;
                    last_failure = Some(err.to_string());
                }
            }
            attempt += 1;
            if kind == RetryKind::Conflict {
                tracing::debug!(
                    method = %call.method, path = %call.path, attempt,
                    wait_ms = wait.as_millis() as u64, error = %err,
                    "conflict with another write: retrying API call"
                );
            } else if kind == RetryKind::Failure {
                tracing::warn!(
                    method = %call.method, path = %call.path, attempt, max_retries = self.max_retries,
                    wait_ms = wait.as_millis() as u64, error = %err,
                    "retrying API call"
                );
            }
            tokio::time::sleep(wait).await;
        }
    }

    /// One HTTP exchange: status, headers and the raw body (at most [`MAX_BODY_BYTES`]).
    /// A wait for the rate-limit budget is added to `rate_waited`, and refused when it would
    /// take that past [`RATE_LIMIT_PATIENCE`].
    async fn attempt(
        &self,
        call: &Call,
        attempt: u32,
        retry_for: Option<&str>,
        rate_waited: &mut Duration,
    ) -> Result<(u16, HeaderMap, bytes::Bytes), ApiError> {
        let url = format!("{}{}", self.org_url, call.path);
        let authorization = self.authorization().await?;
        let allowance = RATE_LIMIT_PATIENCE.saturating_sub(*rate_waited);
        match self.budget.acquire(call.bucket, allowance).await {
            Ok(waited) => *rate_waited += waited,
            Err(resets_in) => return Err(ApiError::rate_limited(call.endpoint(), resets_in)),
        }
        let mut req = self
            .http
            .request(call.method.clone(), &url)
            .header(AUTHORIZATION, authorization)
            .header(ACCEPT, "application/json");
        if !call.query.is_empty() {
            req = req.query(&call.query);
        }
        if let Some(body) = &call.body {
            req = req
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_string());
        }
        if attempt > 0 {
            req = req.header("X-Okta-Retry-Count", attempt.to_string());
            if let Some(id) = retry_for {
                req = req.header("X-Okta-Retry-For", id);
            }
        }
        tracing::debug!(method = %call.method, path = %call.path, query = ?call.query, attempt, "API request");
        if let Some(body) = &call.body {
            tracing::trace!(body = %body, "API request body");
        }
        let started = Instant::now();
        let resp = match req.send().await {
            Ok(resp) => resp,
            Err(e) => {
                self.budget.release(call.bucket);
                return Err(transport_error(&e, &call.method, &url));
            }
        };
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        self.budget
            .record(call.bucket, RateInfo::from_headers(&headers));
        let body = read_capped(resp, status)
            .await
            .map_err(|e| e.unwrap_or_else(|e| transport_error(&e, &call.method, &url)))?;
        tracing::debug!(
            method = %call.method, path = %call.path, status,
            elapsed_ms = started.elapsed().as_millis() as u64,
            request_id = header_str(&headers, "x-okta-request-id").unwrap_or_default(),
            "API response"
        );
        tracing::trace!(body = %String::from_utf8_lossy(&body), "API response body");
        Ok((status, headers, body))
    }
}

/// The largest response body the client reads; a larger one is an error, found before it is
/// all in memory.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Reads a response body of at most [`MAX_BODY_BYTES`]. The error is either the client's own
/// (`Ok(ApiError)`: too large) or the transport's (`Err(reqwest::Error)`).
pub(crate) async fn read_capped(
    mut resp: reqwest::Response,
    status: u16,
) -> Result<bytes::Bytes, Result<ApiError, reqwest::Error>> {
    let too_large = || {
        Ok(ApiError::Decode {
            status,
            message: format!(
                "the response body is larger than {} MiB; it was not read",
                MAX_BODY_BYTES / (1024 * 1024)
            ),
        })
    };
    if resp
        .content_length()
        .is_some_and(|n| n > MAX_BODY_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut buf = bytes::BytesMut::new();
    while let Some(chunk) = resp.chunk().await.map_err(Err)? {
        if buf.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large());
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(buf.freeze())
}

/// The error for a 3xx answer: redirects are never followed (a credential or a client
/// assertion must not be sent anywhere but the configured org).
pub(crate) fn redirect_error(call: &Call, status: u16, headers: &HeaderMap) -> ApiError {
    let location = header_str(headers, "location").unwrap_or_else(|| "(no Location)".into());
    ApiError::Invalid(format!(
        "{}: the server answered HTTP {status}, a redirect to {location}; redirects are not \
         followed, so nothing was sent there. Check that org_url (or org_name and base_url) is \
         the org's own address.",
        call.endpoint()
    ))
}

fn header_str(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name)?.to_str().ok().map(str::to_string)
}

fn transport_error(e: &reqwest::Error, method: &Method, url: &str) -> ApiError {
    let timeout = e.is_timeout();
    let connect = e.is_connect();
    let what = if timeout {
        "timed out".to_string()
    } else if connect {
        "could not connect".to_string()
    } else {
        "the connection failed".to_string()
    };
    // The innermost cause says what happened (refused, reset, DNS); it never holds credentials.
    let mut source: Option<&dyn std::error::Error> = Some(e);
    let mut cause = String::new();
    while let Some(s) = source {
        cause = s.to_string();
        source = s.source();
    }
    ApiError::Transport {
        message: format!("{method} {url}: {what} ({cause})"),
        timeout,
        may_have_reached_server: !connect,
        retries: Retries::default(),
    }
}
