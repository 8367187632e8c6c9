//! Diagnostics. Built field by field (not with `Diagnostic::new`, which appends a backtrace when
//! `RUST_BACKTRACE` is set) so that users never see a stack trace in an error.

use tf_provider::{AttributePath, Diagnostic, Diagnostics};

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
/// object ("Unable to activate request condition rco…"); the detail carries Okta's
/// `errorSummary`, every `errorCauses[].errorSummary`, the `errorId` and a hint where one helps.
pub fn api_error(diags: &mut Diagnostics, summary: impl Into<String>, err: &ApiError) {
    diags.add_error(make(summary, api_error_detail(err), AttributePath::root()));
}

/// The value of an API call, or `None` with its error reported as [`api_error`] does.
pub fn reported<T>(
    diags: &mut Diagnostics,
    summary: impl Into<String>,
    result: Result<T, ApiError>,
) -> Option<T> {
    result.map_err(|e| api_error(diags, summary, &e)).ok()
}

pub fn api_error_detail(err: &ApiError) -> String {
    let mut lines = Vec::new();
    match err {
        ApiError::Status {
            status,
            body,
            request_id,
        } => {
            let code = if body.error_code.is_empty() {
                String::new()
            } else {
                format!(" {}", body.error_code)
            };
            let summary = if body.error_summary.is_empty() {
                "(no error summary)"
            } else {
                body.error_summary.as_str()
            };
            lines.push(format!("Okta answered HTTP {status}{code}: {summary}"));
            for cause in body
                .error_causes
                .iter()
                .filter(|c| !c.error_summary.is_empty())
            {
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
