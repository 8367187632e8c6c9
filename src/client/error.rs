//! Typed errors of the API client. Nothing here knows about Terraform: `crate::tf::diag` is the one
//! place that turns an [`ApiError`] into a diagnostic.

use serde::Deserialize;

/// Okta's error body: `{errorCode, errorSummary, errorLink, errorId, errorCauses}`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct OktaError {
    pub error_code: String,
    pub error_summary: String,
    pub error_link: Option<String>,
    pub error_id: Option<String>,
    pub error_causes: Vec<ErrorCause>,
}

/// One entry of `errorCauses`. Okta's governance API says where the cause is with `location`
/// (a JSON pointer such as `/requesterUserIds/0`) and `locationType` (`body`, `query`, `path`);
/// other Okta APIs put the field in front of the summary (`entityType: The field … is not
/// valid.`) or name none.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct ErrorCause {
    pub error_summary: String,
    pub reason: Option<String>,
    pub location: Option<String>,
    pub location_type: Option<String>,
}

/// The retries that preceded an error: none, or how many over how long.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Retries {
    pub count: u32,
    pub over: std::time::Duration,
}

impl std::fmt::Display for Retries {
    /// ` (after 5 retries over 5.1 s)`, or nothing when there were none.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.count {
            0 => Ok(()),
            1 => write!(
                f,
                " (after 1 retry over {})",
                super::ratelimit::human(self.over)
            ),
            n => write!(
                f,
                " (after {n} retries over {})",
                super::ratelimit::human(self.over)
            ),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The server answered with an error status.
    #[error("HTTP {status}: {}{retries}", if .body.error_summary.is_empty() { "no error summary" } else { .body.error_summary.as_str() })]
    Status {
        status: u16,
        body: Box<OktaError>,
        /// The response's `X-Okta-Request-Id`, when present.
        request_id: Option<String>,
        /// The retries before this answer.
        retries: Retries,
    },
    /// The request could not be completed (connection refused or dropped, TLS, timeout).
    /// `may_have_reached_server` is false only when the connection was never established.
    #[error("{message}{retries}")]
    Transport {
        message: String,
        timeout: bool,
        may_have_reached_server: bool,
        /// The retries before this failure.
        retries: Retries,
    },
    /// The server answered 2xx but the body was not what the API documents.
    #[error("HTTP {status}: the response body could not be read: {message}")]
    Decode { status: u16, message: String },
    /// Obtaining an OAuth 2.0 access token failed.
    #[error("OAuth 2.0 token request failed: {0}")]
    OAuth(String),
    /// Okta's rate limit for the endpoint is used up until a time further away than one call may
    /// wait (after a 429, or because the provider's share of the bucket is used up).
    #[error("{endpoint}: Okta's rate limit for this endpoint is used up and its window resets at {resets_at} (in {} s), later than the 5 minutes one call may wait for it, so the provider did not wait. Try again after the reset; lower -parallelism or max_api_capacity if other clients share the org's rate limits.", .resets_in.as_secs())]
    RateLimited {
        endpoint: String,
        /// When the window resets, RFC 3339 UTC.
        resets_at: String,
        resets_in: std::time::Duration,
    },
    /// The request was refused by the client itself (e.g. a pagination link to another host).
    #[error("{0}")]
    Invalid(String),
}

impl ApiError {
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Status { status, .. } | ApiError::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    pub fn is_conflict(&self) -> bool {
        self.status() == Some(409)
    }

    /// Okta's body, for `Status` errors.
    pub fn okta(&self) -> Option<&OktaError> {
        match self {
            ApiError::Status { body, .. } => Some(body.as_ref()),
            _ => None,
        }
    }

    /// Whether the request may have changed server state even though no answer came back.
    pub fn may_have_reached_server(&self) -> bool {
        match self {
            ApiError::Transport {
                may_have_reached_server,
                ..
            } => *may_have_reached_server,
            ApiError::Decode { .. } => true,
            ApiError::Status { status, .. } => *status >= 500,
            ApiError::OAuth(_) | ApiError::Invalid(_) | ApiError::RateLimited { .. } => false,
        }
    }

    /// This error, saying that `retries` preceded it (for the errors that can follow a retry).
    pub fn after(mut self, done: Retries) -> ApiError {
        if let ApiError::Status { retries, .. } | ApiError::Transport { retries, .. } = &mut self {
            *retries = done;
        }
        self
    }

    /// The retries that preceded this error.
    pub fn retries(&self) -> Retries {
        match self {
            ApiError::Status { retries, .. } | ApiError::Transport { retries, .. } => *retries,
            _ => Retries::default(),
        }
    }

    /// A 2xx whose object lacks its `id`: `what` ("request condition rco1", "the created
    /// request") came back without one.
    pub fn without_id(what: impl std::fmt::Display) -> ApiError {
        ApiError::Decode {
            status: 200,
            message: format!("{what} came back without an id"),
        }
    }

    /// A [`ApiError::RateLimited`] for `endpoint` whose window resets in `resets_in`.
    pub fn rate_limited(endpoint: String, resets_in: std::time::Duration) -> ApiError {
        let at = std::time::SystemTime::now() + resets_in;
        ApiError::RateLimited {
            endpoint,
            resets_at: super::time::format_rfc3339(at),
            resets_in,
        }
    }

    /// Builds a `Status` error from a response body that may or may not be Okta's JSON.
    pub fn from_body(status: u16, body: &[u8], request_id: Option<String>) -> ApiError {
        let parsed = serde_json::from_slice::<OktaError>(body)
            .ok()
            .filter(|e| !e.error_code.is_empty() || !e.error_summary.is_empty());
        let body = parsed.unwrap_or_else(|| OktaError {
            error_summary: summarize_raw(body),
            ..OktaError::default()
        });
        ApiError::Status {
            status,
            body: Box::new(body),
            request_id,
            retries: Retries::default(),
        }
    }
}

/// A short, printable excerpt of a non-JSON error body.
fn summarize_raw(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let mut out: String = text.chars().take(200).collect();
    if text.chars().count() > 200 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_okta_error_body() {
        let body = br#"{"errorCode":"E0000001","errorSummary":"Api validation failed: name","errorLink":"E0000001","errorId":"oae123","errorCauses":[{"errorSummary":"name: must not be blank"}]}"#;
        let err = ApiError::from_body(400, body, Some("req1".into()));
        let okta = err.okta().cloned().unwrap_or_default();
        assert_eq!(okta.error_code, "E0000001");
        assert_eq!(okta.error_id.as_deref(), Some("oae123"));
        assert_eq!(
            okta.error_causes[0].error_summary,
            "name: must not be blank"
        );
        assert_eq!(err.status(), Some(400));
        assert_eq!(err.to_string(), "HTTP 400: Api validation failed: name");
    }

    #[test]
    fn non_json_body_is_kept_as_summary() {
        let err = ApiError::from_body(502, b"<html>Bad gateway</html>", None);
        assert_eq!(
            err.okta().map(|o| o.error_summary.as_str()),
            Some("<html>Bad gateway</html>")
        );
        assert!(err.may_have_reached_server());
        let empty = ApiError::from_body(503, b"", None);
        assert_eq!(empty.to_string(), "HTTP 503: no error summary");
    }
}
