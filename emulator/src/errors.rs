//! Okta error bodies and the error type every handler returns.

use axum::body::Body;
use axum::http::{header, HeaderValue, Response, StatusCode};
use serde_json::{json, Value};

use crate::util::error_id;

/// One entry of `errorCauses`.
#[derive(Debug, Clone)]
pub struct Cause {
    /// The field the cause is about (`""` when there is none).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
    /// Okta's machine-readable reason.
    pub reason: &'static str,
    /// `body`, `query` or `path`.
    pub location_type: &'static str,
}

impl Cause {
    /// A cause in the request body.
    pub fn body(
        field: impl Into<String>,
        message: impl Into<String>,
        reason: &'static str,
    ) -> Self {
        Cause::at("body", field.into(), message.into(), reason)
    }

    /// A cause in the query string.
    pub fn query(
        field: impl Into<String>,
        message: impl Into<String>,
        reason: &'static str,
    ) -> Self {
        Cause::at("query", field.into(), message.into(), reason)
    }

    fn at(
        location_type: &'static str,
        field: String,
        message: String,
        reason: &'static str,
    ) -> Self {
        Cause {
            field,
            message,
            reason,
            location_type,
        }
    }

    fn to_json(&self) -> Value {
        if self.field.is_empty() {
            return json!({ "errorSummary": self.message });
        }
        let location = format!("/{}", self.field.replace(['.', '['], "/").replace(']', ""));
        json!({
            "errorSummary": format!("{}: {}", self.field, self.message),
            "reason": self.reason,
            "location": location,
            "locationType": self.location_type,
            "domain": "governance",
        })
    }
}

/// An API error rendered as an Okta error body.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub summary: String,
    pub causes: Vec<Cause>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, summary: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            summary: summary.into(),
            causes: Vec::new(),
        }
    }

    pub fn with_cause(mut self, cause: Cause) -> Self {
        self.causes.push(cause);
        self
    }

    /// 400 E0000001 with one cause per bad field.
    pub fn validation(causes: Vec<Cause>) -> Self {
        let mut fields: Vec<String> = Vec::new();
        for c in &causes {
            if !c.field.is_empty() && !fields.contains(&c.field) {
                fields.push(c.field.clone());
            }
        }
        let summary = if fields.is_empty() {
            "Api validation failed".to_string()
        } else {
            format!("Api validation failed: {}", fields.join(", "))
        };
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "E0000001",
            summary,
            causes,
        }
    }

    /// 400 E0000001 for a single field.
    pub fn invalid(
        field: impl Into<String>,
        message: impl Into<String>,
        reason: &'static str,
    ) -> Self {
        Self::validation(vec![Cause::body(field, message, reason)])
    }

    /// 404 E0000007.
    pub fn not_found(id: &str, kind: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "E0000007",
            format!("Not found: Resource not found: {id} ({kind})"),
        )
    }

    /// 409 E0000195 with one field-less cause.
    pub fn conflict(summary: impl Into<String>, cause: impl Into<String>) -> Self {
        Self::conflict_with(summary, Cause::body("", cause, "CONFLICT"))
    }

    /// 409 E0000195 `Api validation failed due to conflict: <summary>` with `cause`.
    pub fn conflict_with(summary: impl Into<String>, cause: Cause) -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "E0000195",
            format!("Api validation failed due to conflict: {}", summary.into()),
        )
        .with_cause(cause)
    }

    /// The same error body under another HTTP status.
    pub fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    /// 400 E0000003.
    pub fn malformed() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000003",
            "The request body was not well-formed.",
        )
    }

    /// 401 E0000004.
    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "E0000004",
            "Authentication exception",
        )
    }

    /// 429 E0000047.
    pub fn rate_limited() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            "E0000047",
            "API call exceeded rate limit due to too many requests.",
        )
    }

    /// 400 E0000029 (paging parameters).
    pub fn paging(cause: Cause) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "E0000029",
            "Invalid paging request.",
        )
        .with_cause(cause)
    }

    /// 500 E0000009.
    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "E0000009",
            "Internal Server Error.",
        )
    }

    /// 405 E0000022.
    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "E0000022",
            "The endpoint does not support the provided HTTP method",
        )
    }

    /// An error for an arbitrary status code (used by injected faults).
    pub fn for_status(status: StatusCode) -> Self {
        let (code, summary) = match status.as_u16() {
            400 => ("E0000001", "Api validation failed"),
            401 => ("E0000004", "Authentication exception"),
            403 => (
                "E0000006",
                "You do not have permission to perform the requested action",
            ),
            404 => ("E0000007", "Not found: Resource not found"),
            405 => (
                "E0000022",
                "The endpoint does not support the provided HTTP method",
            ),
            409 => ("E0000195", "Api validation failed due to conflict"),
            429 => (
                "E0000047",
                "API call exceeded rate limit due to too many requests.",
            ),
            503 => ("E0000010", "Service is temporarily unavailable."),
            _ => ("E0000009", "Internal Server Error."),
        };
        Self::new(status, code, summary)
    }

    pub fn body_json(&self) -> Value {
        json!({
            "errorCode": self.code,
            "errorSummary": self.summary,
            "errorLink": self.code,
            "errorId": error_id(),
            "errorCauses": self.causes.iter().map(Cause::to_json).collect::<Vec<_>>(),
        })
    }

    pub fn to_response(&self) -> Response<Body> {
        json_response(self.status, &self.body_json())
    }
}

/// A JSON response with the given status.
pub fn json_response(status: StatusCode, value: &Value) -> Response<Body> {
    let bytes = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
    let mut resp = Response::new(Body::from(bytes));
    *resp.status_mut() = status;
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    resp
}

/// An empty response with the given status.
pub fn empty_response(status: StatusCode) -> Response<Body> {
    let mut resp = Response::new(Body::empty());
    *resp.status_mut() = status;
    resp
}
