//! What one API call sends: its method, path (built from encoded segments), query, body, its
//! rate-limit bucket and whether it may be repeated. How it is sent lives in `mod.rs`.

use reqwest::Method;

use super::ApiError;

/// One API call. `bucket` names the endpoint (method and path template) for the rate-limit
/// budget; `idempotent` says whether repeating the call after an unknown outcome is harmless
/// (every method but POST, unless a caller says otherwise); `retry_conflicts` says whether a 409
/// means "another write got there first, try again" (Okta answers 409 to overlapping writes on one
/// resource's request conditions) rather than a refusal that repeating cannot change.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub body: Option<serde_json::Value>,
    pub bucket: &'static str,
    pub idempotent: bool,
    pub retry_conflicts: bool,
}

impl Call {
    /// A call of `method` on `path` (built from [`path_segment`]s), counted in `bucket`.
    pub fn new(method: Method, bucket: &'static str, path: impl Into<String>) -> Call {
        Call {
            idempotent: method != Method::POST,
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            bucket,
            retry_conflicts: false,
        }
    }

    /// A GET (see [`Call::new`]).
    pub fn get(bucket: &'static str, path: impl Into<String>) -> Call {
        Call::new(Method::GET, bucket, path)
    }

    /// Retries this call on 409 Conflict (see [`Call::retry_conflicts`]).
    pub fn retrying_conflicts(mut self) -> Call {
        self.retry_conflicts = true;
        self
    }

    /// Sends `body` as the call's JSON body.
    pub fn json(mut self, body: &impl serde::Serialize) -> Result<Call, ApiError> {
        let value = serde_json::to_value(body).map_err(|e| {
            ApiError::Invalid(format!("the request body could not be written ({e})"))
        })?;
        self.body = Some(value);
        Ok(self)
    }

    pub fn query(mut self, key: &str, value: impl Into<String>) -> Call {
        self.query.push((key.to_string(), value.into()));
        self
    }

    /// `METHOD /path`, for messages.
    pub fn endpoint(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// Percent-encodes one path segment (an Okta ID or an ORN such as `orn:okta:idp:…:apps:…`).
/// Every character that could end the segment or start a query or fragment (`/`, `?`, `#`, `%`
/// …) is encoded; an empty value, `.` and `..` are refused, since no encoding stops a URL from
/// reading them as "this" or "the parent" path.
pub fn path_segment(raw: &str) -> Result<String, ApiError> {
    use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~')
        .remove(b':');
    if raw.is_empty() || raw == "." || raw == ".." {
        return Err(ApiError::Invalid(format!(
            "{raw:?} cannot be used as an ID: in a URL it would name another endpoint"
        )));
    }
    Ok(utf8_percent_encode(raw, SEGMENT).to_string())
}

/// `/governance/api/v2/resources/{resourceId}/{what}`: one of a resource's collections
/// (`request-conditions`, `request-sequences`) or its `request-settings`.
pub fn resource_path(resource_id: &str, what: &str) -> Result<String, ApiError> {
    Ok(format!(
        "/governance/api/v2/resources/{}/{what}",
        path_segment(resource_id)?
    ))
}

/// One of a resource's collections (see [`resource_path`]): its path segment, the name its
/// items go by in errors, the rate-limit bucket of its list, and how many pages a list may
/// follow.
#[derive(Debug, Clone, Copy)]
pub struct ResourceCollection {
    pub segment: &'static str,
    pub item_name: &'static str,
    pub list_bucket: &'static str,
    pub max_pages: usize,
}

impl ResourceCollection {
    /// The collection of `resource_id`.
    pub fn path(&self, resource_id: &str) -> Result<String, ApiError> {
        resource_path(resource_id, self.segment)
    }

    /// The item `id` of the collection of `resource_id`.
    pub fn item(&self, resource_id: &str, id: &str) -> Result<String, ApiError> {
        Ok(format!("{}/{}", self.path(resource_id)?, path_segment(id)?))
    }
}
