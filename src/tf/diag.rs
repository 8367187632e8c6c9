//! Diagnostics. Built field by field (not with `Diagnostic::new`, which appends a backtrace when
//! `RUST_BACKTRACE` is set) so that users never see a stack trace in an error.

use tf_provider::{AttributePath, Diagnostic, Diagnostics};

use std::time::Duration;

use crate::client::error::ErrorCause;
use crate::client::ratelimit::{human, Waited};
use crate::client::ApiError;

fn make(
    summary: impl Into<String>,
    detail: impl Into<String>,
    attribute: AttributePath,
) -> Diagnostic {
    Diagnostic {
        summary: summary.into().into(),
        detail: detail.into().into(),
        attribute,
    }
}

pub fn error(
    diags: &mut Diagnostics,
    summary: impl Into<String>,
    detail: impl Into<String>,
    attribute: AttributePath,
) {
    diags.add_error(make(summary, detail, attribute));
}

pub fn warning(
    diags: &mut Diagnostics,
    summary: impl Into<String>,
    detail: impl Into<String>,
    attribute: AttributePath,
) {
    diags.add_warning(make(summary, detail, attribute));
}

/// The one place an API error becomes a diagnostic. `summary` says what failed and on which
/// object ("Unable to activate request condition rco…"). Each of Okta's `errorCauses` that names
/// a field of the request body is reported on the attribute configured with it, in Terraform's
/// words ("requester_settings.group_ids: 00g… not found"); the rest stay on the block, with
/// Okta's `errorSummary`, those causes, the `errorId` and a hint where one helps.
pub fn api_error(diags: &mut Diagnostics, summary: impl Into<String>, err: &ApiError) {
    let summary = summary.into();
    let (mapped, rest) = match err.okta() {
        Some(body) => fields::split(&body.error_causes),
        None => (Vec::new(), Vec::new()),
    };
    for cause in &mapped {
        let detail = format!(
            "{}: {}\n({} about {}{})",
            cause.hcl,
            cause.message,
            okta_answer(err),
            cause.api_field,
            okta_ids(err)
        );
        diags.add_error(make(summary.clone(), detail, cause.path.clone()));
    }
    if mapped.is_empty() || !rest.is_empty() {
        diags.add_error(make(
            summary,
            detail_with_causes(err, &rest),
            AttributePath::root(),
        ));
    }
}

/// Rate-limit waits shorter than this, in all, go unmentioned: they are part of normal work.
pub const WAIT_WORTH_SAYING: Duration = Duration::from_secs(3);

/// Tells the user what one operation waited for: a warning when its waits for Okta's rate limit
/// add up to [`WAIT_WORTH_SAYING`] or more (how long, on which endpoints, their limits), and
/// one for the calls that succeeded only after retries (how many, over how long, and why).
pub fn waits(diags: &mut Diagnostics, events: &[Waited]) {
    let mut rate: Vec<(String, Duration, Option<u64>, String, bool)> = Vec::new();
    let mut retried = Vec::new();
    for event in events {
        match event {
            Waited::RateLimit {
                endpoint,
                waited,
                limit,
                resets_at,
                after_429,
            } => match rate.iter_mut().find(|r| &r.0 == endpoint) {
                Some(r) => {
                    r.1 += *waited;
                    r.2 = limit.or(r.2);
                    r.3.clone_from(resets_at);
                    r.4 |= *after_429;
                }
                None => rate.push((
                    endpoint.clone(),
                    *waited,
                    *limit,
                    resets_at.clone(),
                    *after_429,
                )),
            },
            Waited::Retried {
                endpoint,
                retries,
                over,
                last_error,
            } => retried.push(format!(
                "{endpoint} succeeded after {} over {}; the last failure: {last_error}",
                plural(*retries, "retry", "retries"),
                human(*over)
            )),
        }
    }
    let total: Duration = rate.iter().map(|r| r.1).sum();
    if total >= WAIT_WORTH_SAYING {
        // "Waited 12 s for Okta's rate limit on GET /… (limit 5 per minute, reset at …)" and why.
        let said: Vec<(String, &str)> = rate
            .iter()
            .map(|(endpoint, waited, limit, resets_at, after_429)| {
                let limit = limit.map_or(String::new(), |l| format!("limit {l} per minute, "));
                let why = if *after_429 {
                    "Okta answered 429 Too Many Requests"
                } else {
                    "the provider's share of the limit (max_api_capacity) was used up"
                };
                let what = format!(
                    "Waited {} for Okta's rate limit on {endpoint} ({limit}reset at {resets_at})",
                    human(*waited)
                );
                (what, why)
            })
            .collect();
        let (summary, mut lines) = match said.as_slice() {
            [(one, why)] => (
                one.clone(),
                vec![format!("The provider waited because {why}.")],
            ),
            _ => (
                format!("Waited {} for Okta's rate limits", human(total)),
                said.iter()
                    .map(|(what, why)| format!("{what}: {why}."))
                    .collect(),
            ),
        };
        lines.push(
            "Other clients of the org share these limits. To spread calls out, lower Terraform's \
             -parallelism or the provider's max_api_capacity."
                .into(),
        );
        warning(diags, summary, lines.join("\n"), AttributePath::root());
    }
    if !retried.is_empty() {
        let count = retried.len();
        warning(
            diags,
            format!(
                "{} to Okta succeeded only after retries",
                plural(count as u32, "call", "calls")
            ),
            retried.join("\n"),
            AttributePath::root(),
        );
    }
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `Okta answered HTTP 400 E0000001`, with the retries that preceded the answer.
fn okta_answer(err: &ApiError) -> String {
    match err {
        ApiError::Status {
            status,
            body,
            retries,
            ..
        } => {
            let code = if body.error_code.is_empty() {
                String::new()
            } else {
                format!(" {}", body.error_code)
            };
            format!("Okta answered HTTP {status}{code}{retries}")
        }
        other => other.to_string(),
    }
}

/// `; errorId oae…; request ID …` for the errors that carry them.
fn okta_ids(err: &ApiError) -> String {
    let mut out = String::new();
    if let ApiError::Status {
        body, request_id, ..
    } = err
    {
        if let Some(id) = body.error_id.as_deref().filter(|s| !s.is_empty()) {
            out.push_str(&format!("; Okta errorId {id}"));
        }
        if let Some(id) = request_id.as_deref().filter(|s| !s.is_empty()) {
            out.push_str(&format!("; Okta request ID {id}"));
        }
    }
    out
}

/// The value of an API call, or `None` with its error reported as [`api_error`] does.
pub fn reported<T>(
    diags: &mut Diagnostics,
    summary: impl Into<String>,
    result: Result<T, ApiError>,
) -> Option<T> {
    result.map_err(|e| api_error(diags, summary, &e)).ok()
}

/// The whole error as text, every cause in Okta's words (for messages that are not a diagnostic
/// of their own).
pub fn api_error_detail(err: &ApiError) -> String {
    let causes = err
        .okta()
        .map(|b| b.error_causes.iter().collect::<Vec<_>>());
    detail_with_causes(err, &causes.unwrap_or_default())
}

fn detail_with_causes(err: &ApiError, causes: &[&ErrorCause]) -> String {
    let mut lines = Vec::new();
    match err {
        ApiError::Status {
            status,
            body,
            request_id,
            ..
        } => {
            let summary = if body.error_summary.is_empty() {
                "(no error summary)"
            } else {
                body.error_summary.as_str()
            };
            lines.push(format!("{}: {summary}", okta_answer(err)));
            for cause in causes.iter().filter(|c| !c.error_summary.is_empty()) {
                lines.push(format!("  - {}", cause.error_summary));
            }
            if let Some(id) = body.error_id.as_deref().filter(|s| !s.is_empty()) {
                lines.push(format!("Okta errorId: {id}"));
            }
            if let Some(id) = request_id.as_deref().filter(|s| !s.is_empty()) {
                lines.push(format!("Okta request ID: {id}"));
            }
            match status {
                401 => lines.push(
                    "The credentials were rejected. Check api_token (OKTA_API_TOKEN), access_token \
                     (OKTA_ACCESS_TOKEN) or the OAuth 2.0 service app (client_id, private_key, private_key_id) \
                     and that the provider points at the right org (org_name / org_url)."
                        .into(),
                ),
                403 => lines.push(
                    "The credentials are valid but not allowed to do this: the admin (or the service app) needs \
                     the ACCESS_REQUESTS_ADMIN role and, for OAuth 2.0, the okta.accessRequests.* / \
                     okta.governance.accessRequests.* scopes."
                        .into(),
                ),
                429 => lines.push(
                    "Okta's rate limit was still exceeded after the provider waited it out for 5 minutes: lower -parallelism or max_api_capacity, or try again when other clients of the org are quieter."
                        .into(),
                ),
                _ => {}
            }
        }
        other => lines.push(other.to_string()),
    }
    lines.join("\n")
}

/// Okta's names for the fields of a request body, and the attributes they are configured with.
mod fields;
