//! Requests v1: `/governance/api/v1/requests` (list, create, get) and request messages.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::conditions::{server_time_at, CLOCK_SLACK_MS};
use super::pagination::Pages;
use super::{path_segment, ApiError, Call, Client};

/// The most requests one list page may hold (the API's `limit` maximum).
pub const PAGE_LIMIT: usize = 200;

/// A value of a requester field. The API sends text and date-time values as strings and a
/// `SELECT` value as a list holding the one chosen option.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldValue {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub prompt: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub required: Option<bool>,
    #[serde(default)]
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
#[serde(rename_all = "camelCase")]
pub struct Approval {
    #[serde(default)]
    pub approval_id: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub approver_id: Option<String>,
    #[serde(default)]
    pub approver_name: Option<String>,
    #[serde(default)]
    pub decision: Option<String>,
    #[serde(default)]
    pub decided: Option<String>,
}

/// An action taken to fulfil a request (pending or completed).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    #[serde(default)]
    pub action_id: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub action_status: Option<String>,
    #[serde(default)]
    pub action_attempted: Option<String>,
    #[serde(default)]
    pub access_removed: Option<String>,
    #[serde(default)]
    pub resource_id: Option<String>,
    #[serde(default)]
    pub resource_name: Option<String>,
    #[serde(default)]
    pub resource_type: Option<String>,
}

/// A request as the API returns it: the sparse representation of a list (the last three
/// fields absent) or the full one of a get or create.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Request {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub request_type_id: String,
    #[serde(default)]
    pub requester_user_ids: Vec<String>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
    pub created_by: Option<String>,
    #[serde(default)]
    pub last_updated: Option<String>,
    #[serde(default)]
    pub last_updated_by: Option<String>,
    #[serde(default)]
    pub resolved: Option<String>,
    #[serde(default)]
    pub request_status: String,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub permalink_id: Option<i64>,
    #[serde(default)]
    pub requester_field_values: Option<Vec<FieldValue>>,
    #[serde(default)]
    pub approvals: Option<Vec<Approval>>,
    #[serde(default)]
    pub actions: Option<Vec<Action>>,
}

/// A message added to a request.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestMessage {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub request_id: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub created: Option<String>,
    #[serde(default)]
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
                Ok(_) => ApiError::Decode {
                    status: 200,
                    message: "the created request came back without an id".into(),
                },
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
        let found: Request = self.send(&Call::get(B_GET, item(id)?)).await?.body;
        if found.id.is_empty() {
            return Err(ApiError::Decode {
                status: 200,
                message: format!("request {id} came back without an id"),
            });
        }
        Ok(found)
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

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn digits(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// An RFC 3339 date-time (`2024-05-24T14:15:22Z`, `2024-05-24T14:15:22.123+02:00`) as epoch
/// milliseconds; `None` when it is not one.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() < 20 || !s.is_ascii() {
        return None;
    }
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' {
        return None;
    }
    if b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (digits(&s[0..4])?, digits(&s[5..7])?, digits(&s[8..10])?);
    let (h, mi, sec) = (
        digits(&s[11..13])?,
        digits(&s[14..16])?,
        digits(&s[17..19])?,
    );
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&mo) || d < 1 || d > month_days[(mo - 1) as usize] {
        return None;
    }
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = &s[19..];
    let mut millis = 0;
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        let first3: String = frac[..n].chars().chain("00".chars()).take(3).collect();
        millis = digits(&first3)?;
        rest = &frac[n..];
    }
    let offset_min = match rest {
        "Z" | "z" => 0,
        _ => {
            let ob = rest.as_bytes();
            if ob.len() != 6 || !matches!(ob[0], b'+' | b'-') || ob[3] != b':' {
                return None;
            }
            let (oh, om) = (digits(&rest[1..3])?, digits(&rest[4..6])?);
            if oh > 23 || om > 59 {
                return None;
            }
            let sign = if ob[0] == b'-' { -1 } else { 1 };
            sign * (oh * 60 + om)
        }
    };
    let secs = days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset_min * 60;
    Some(secs * 1000 + millis)
}

/// A time as RFC 3339 in UTC, to the second: `2024-05-24T14:15:22Z`.
pub fn format_rfc3339(t: SystemTime) -> String {
    let secs = t
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rfc3339_round_trips_and_rejects_garbage() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:01Z"), Some(1000));
        assert_eq!(parse_rfc3339("1970-01-01T00:00:01.5Z"), Some(1500));
        assert_eq!(
            parse_rfc3339("2022-05-24T16:15:22+02:00"),
            parse_rfc3339("2022-05-24T14:15:22Z")
        );
        assert_eq!(parse_rfc3339("2024-02-29T00:00:00Z").map(|_| ()), Some(()));
        for bad in [
            "",
            "2022-05-24",
            "2022-05-24 14:15:22Z",
            "2022-05-24T14:15:22",
            "2022-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2022-05-24T24:00:00Z",
            "2022-05-24T14:15:22.Z",
            "2022-05-24T14:15:22+2:00",
            "yesterday at noon please",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
        let t = UNIX_EPOCH + Duration::from_secs(1_653_401_722);
        assert_eq!(format_rfc3339(t), "2022-05-24T14:15:22Z");
        assert_eq!(parse_rfc3339(&format_rfc3339(t)), Some(1_653_401_722_000));
    }

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
