//! Requests v1: `/governance/api/v1/requests` (list, create, get) and request messages.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::pagination::Pages;
pub use super::time::{format_rfc3339, parse_rfc3339};
use super::time::{server_time_at, CLOCK_SLACK_MS};
use super::{path_segment, ApiError, Call, Client};

/// The most requests one list page may hold (the API's `limit` maximum).
pub const PAGE_LIMIT: usize = 200;

/// A value of a requester field. The API sends text and date-time values as strings and a
/// `SELECT` value as a list holding the one chosen option.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FieldValue {
    pub id: String,
    pub prompt: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub required: Option<bool>,
    pub value: Value,
}

impl FieldValue {
    /// The value as one string: a `SELECT`'s chosen option, or the text / date-time; `None`
    /// when no value was given.
    pub fn text(&self) -> Option<String> {
        match &self.value {
            Value::String(s) => Some(s.clone()),
            Value::Array(items) => {
                let texts: Vec<String> = items
                    .iter()
                    .map(|v| match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    })
                    .collect();
                (!texts.is_empty()).then(|| texts.join(","))
            }
            Value::Null => None,
            other => Some(other.to_string()),
        }
    }
}

/// An approval of a request (pending or completed).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Approval {
    pub approval_id: String,
    pub status: String,
    pub approver_id: Option<String>,
    pub approver_name: Option<String>,
    pub decision: Option<String>,
    pub decided: Option<String>,
}

/// An action taken to fulfil a request (pending or completed).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Action {
    pub action_id: String,
    pub status: String,
    pub action: Option<String>,
    pub action_status: Option<String>,
    pub action_attempted: Option<String>,
    pub access_removed: Option<String>,
    pub resource_id: Option<String>,
    pub resource_name: Option<String>,
    pub resource_type: Option<String>,
}

/// A request as the API returns it: the sparse representation of a list (the last three
/// fields absent) or the full one of a get or create.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Request {
    pub id: String,
    pub subject: String,
    pub request_type_id: String,
    pub requester_user_ids: Vec<String>,
    pub created: Option<String>,
    pub created_by: Option<String>,
    pub last_updated: Option<String>,
    pub last_updated_by: Option<String>,
    pub resolved: Option<String>,
    pub request_status: String,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub permalink_id: Option<i64>,
    pub requester_field_values: Option<Vec<FieldValue>>,
    pub approvals: Option<Vec<Approval>>,
    pub actions: Option<Vec<Action>>,
}

impl super::Identified for Request {
    fn id(&self) -> &str {
        &self.id
    }
}

/// A message added to a request.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RequestMessage {
    pub id: Option<String>,
    pub request_id: Option<String>,
    pub message: Option<String>,
    pub created: Option<String>,
    pub created_by: Option<String>,
}

/// What the provider sends to create a request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestInput {
    pub request_type_id: String,
    pub subject: String,
    /// `(field id, value)` pairs, in the order given.
    pub requester_field_values: Vec<(String, String)>,
    /// Empty: the API takes the user behind the credentials.
    pub requester_user_ids: Vec<String>,
}

/// The JSON body of a request create.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct RequestBody<'a> {
    request_type_id: &'a str,
    subject: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    requester_field_values: Vec<FieldValueBody<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    requester_user_ids: &'a [String],
}

#[derive(Debug, Serialize)]
struct FieldValueBody<'a> {
    id: &'a str,
    value: &'a str,
}

/// The JSON body of a request message.
#[derive(Debug, Serialize)]
struct MessageBody<'a> {
    message: &'a str,
}

impl RequestInput {
    fn body(&self) -> RequestBody<'_> {
        RequestBody {
            request_type_id: &self.request_type_id,
            subject: &self.subject,
            requester_field_values: self
                .requester_field_values
                .iter()
                .map(|(id, value)| FieldValueBody { id, value })
                .collect(),
            requester_user_ids: &self.requester_user_ids,
        }
    }

    /// Whether `r` (a list's sparse representation) may be what this input created.
    fn may_match(&self, r: &Request) -> bool {
        r.subject == self.subject
            && r.request_type_id == self.request_type_id
            && (self.requester_user_ids.is_empty()
                || r.requester_user_ids == self.requester_user_ids)
    }

    /// Whether the full request `r` is what this input would have created: subject, type,
    /// requesters and every requester field value as sent.
    fn matches(&self, r: &Request) -> bool {
        let mut sent: Vec<(String, String)> = self.requester_field_values.clone();
        sent.sort();
        let mut got: Vec<(String, String)> = r
            .requester_field_values
            .iter()
            .flatten()
            .filter_map(|f| f.text().map(|t| (f.id.clone(), t)))
            .collect();
        got.sort();
        self.may_match(r) && sent == got
    }
}

/// Which requests to list. The filter and order are sent as written (the HTTP client
/// percent-encodes them); `last_updated_before` is applied by the provider to every request
/// the API returns, before `max_results` counts it.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub filter: Option<String>,
    pub order_by: Option<String>,
    pub max_results: Option<usize>,
    /// Only requests last updated strictly before this time (epoch milliseconds).
    pub last_updated_before: Option<i64>,
}

const B_LIST: &str = "GET /governance/api/v1/requests";
const B_CREATE: &str = "POST /governance/api/v1/requests";
const B_GET: &str = "GET /governance/api/v1/requests/{id}";
const B_MESSAGE: &str = "POST /governance/api/v1/requests/{id}/messages";

const COLLECTION: &str = "/governance/api/v1/requests";

fn item(id: &str) -> Result<String, ApiError> {
    Ok(format!("{COLLECTION}/{}", path_segment(id)?))
}

/// How far back the look-up after an unanswered create searches, to allow for clock skew.
const CREATE_LOOKBACK: Duration = Duration::from_secs(300);

impl Client {
    /// The requests matching `query`, following every page (`Link: rel="next"` or
    /// `_links.next`, whose URL carries the `after` cursor) until the list ends or
    /// `max_results` requests were collected. Pages hold up to 200 requests.
    pub async fn list_requests(&self, query: &ListQuery) -> Result<Vec<Request>, ApiError> {
        // A page never holds more than is still wanted, unless the provider filters the
        // items itself (then some of them may be dropped).
        let page_size = |have: usize| match query.max_results {
            Some(m) if query.last_updated_before.is_none() => {
                m.saturating_sub(have).clamp(1, PAGE_LIMIT)
            }
            _ => PAGE_LIMIT,
        };
        let mut call = Call::get(B_LIST, COLLECTION);
        if let Some(f) = query.filter.as_deref().filter(|f| !f.trim().is_empty()) {
            call = call.query("filter", f);
        }
        if let Some(o) = query.order_by.as_deref().filter(|o| !o.trim().is_empty()) {
            call = call.query("orderBy", o);
        }
        call = call.query("limit", page_size(0).to_string());
        // With ascending lastUpdated order nothing after the first too-late request can match.
        let ascending_last_updated = query
            .order_by
            .as_deref()
            .is_some_and(|o| o.split_whitespace().collect::<Vec<_>>() == ["lastUpdated", "asc"]);
        let mut pages = Pages::new(call, "request", 100_000);
        let mut all = Vec::new();
        while let Some(items) = pages.next::<Request>(self).await? {
            for r in items {
                if let Some(before) = query.last_updated_before {
                    let updated = r.last_updated.as_deref().and_then(parse_rfc3339);
                    if updated.is_none_or(|t| t >= before) {
                        if ascending_last_updated && updated.is_some() {
                            return Ok(all);
                        }
                        continue;
                    }
                }
                all.push(r);
                if query.max_results.is_some_and(|m| all.len() >= m) {
                    return Ok(all);
                }
            }
            if let Some(next) = pages.next_call() {
                next.query.retain(|(k, _)| k != "limit");
                next.query
                    .push(("limit".into(), page_size(all.len()).to_string()));
            }
        }
        Ok(all)
    }

    /// Creates a request exactly once. Requests cannot be deleted, so a POST that may have
    /// reached Okta without an answer (a dropped connection, a timeout, a 5xx, a 2xx without the
    /// request's `id`) is never simply repeated: the recent requests with the same subject,
    /// request type and requester are read in full, and one is adopted only if every requester
    /// field value is as sent and it was created after the first attempt began by the server's
    /// clock (its `Date` header). Only if there is none is the POST sent again, within the
    /// client's `max_retries`.
    pub async fn create_request_once(&self, input: &RequestInput) -> Result<Request, ApiError> {
        let call = Call::new(Method::POST, B_CREATE, COLLECTION).json(&input.body())?;
        let began = Instant::now();
        let started = SystemTime::now()
            .checked_sub(CREATE_LOOKBACK)
            .unwrap_or(UNIX_EPOCH);
        let since = format_rfc3339(started);
        let mut attempt = 0;
        loop {
            let err = match self.send::<Request>(&call).await {
                Ok(resp) if !resp.body.id.is_empty() => return Ok(resp.body),
                Ok(_) => ApiError::without_id("the created request"),
                Err(e) if !e.may_have_reached_server() => return Err(e),
                Err(e) => e,
            };
            tracing::warn!(error = %err, "creating the request may or may not have worked: looking for it");
            let recent = self
                .list_requests(&ListQuery {
                    filter: Some(format!("lastUpdated gt \"{since}\"")),
                    order_by: Some("created desc".into()),
                    max_results: Some(1000),
                    last_updated_before: None,
                })
                .await?;
            for candidate in recent.iter().filter(|r| input.may_match(r)) {
                let resp = self
                    .send::<Request>(&Call::get(B_GET, item(&candidate.id)?))
                    .await?;
                let began_ms = server_time_at(&resp.headers, began);
                let created_ms = resp.body.created.as_deref().and_then(parse_rfc3339);
                let after =
                    matches!((created_ms, began_ms), (Some(c), Some(b)) if c + CLOCK_SLACK_MS >= b);
                if after && input.matches(&resp.body) && resp.body.id == candidate.id {
                    tracing::info!(id = %candidate.id, "the request was created by the earlier attempt");
                    return Ok(resp.body);
                }
            }
            if attempt >= self.max_retries {
                return Err(err);
            }
            attempt += 1;
            tokio::time::sleep(super::backoff(attempt)).await;
        }
    }

    /// The full representation of a request.
    pub async fn get_request(&self, id: &str) -> Result<Request, ApiError> {
        self.send_identified(&Call::get(B_GET, item(id)?), &format!("request {id}"))
            .await
    }

    /// Adds a message to a request. Not repeated after an unknown outcome: messages have no
    /// way to be looked up, and a duplicate is visible to everyone who can see the request.
    /// The API documents no response body, so the answer may be `None`.
    pub async fn create_request_message(
        &self,
        request_id: &str,
        message: &str,
    ) -> Result<Option<RequestMessage>, ApiError> {
        let call = Call::new(
            Method::POST,
            B_MESSAGE,
            format!("{}/messages", item(request_id)?),
        )
        .json(&MessageBody { message })?;
        Ok(self.send(&call).await?.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn create_body_omits_what_is_not_given() {
        let input = RequestInput {
            request_type_id: "61eb2db568c7c300079fe002".into(),
            subject: "s".into(),
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(input.body()).unwrap_or_default(),
            json!({"requestTypeId": "61eb2db568c7c300079fe002", "subject": "s"})
        );
        let full = RequestInput {
            requester_field_values: vec![("f".into(), "v".into())],
            requester_user_ids: vec!["00u1".into()],
            ..input
        };
        assert_eq!(
            serde_json::to_value(full.body()).unwrap_or_default()["requesterFieldValues"],
            json!([{"id": "f", "value": "v"}])
        );
        assert_eq!(
            serde_json::to_value(full.body()).unwrap_or_default()["requesterUserIds"],
            json!(["00u1"])
        );
    }

    #[test]
    fn select_values_read_as_one_string() {
        let fv: FieldValue =
            serde_json::from_value(json!({"id": "x", "type": "SELECT", "value": ["Sandbox"]}))
                .unwrap_or_default();
        assert_eq!(fv.text().as_deref(), Some("Sandbox"));
        let none: FieldValue =
            serde_json::from_value(json!({"id": "x", "value": null})).unwrap_or_default();
        assert_eq!(none.text(), None);
    }
}
