//! Requests v1: list (filter, orderBy, limit, after), create, get, create message.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::errors::{ApiError, Cause};
use crate::store::{AccessRequest, Message, Store};
use crate::util::{encode_query, now_ts, parse_ts, rand_hex};
use crate::validate::{is_hex24, is_uuid_v4, Checker};

const STATUSES: &[&str] = &["OPEN", "PENDING", "RESOLVED", "LOCKED"];

enum Clause {
    Status(String),
    LastUpdated(String, i64),
}

fn filter_error(msg: impl Into<String>) -> ApiError {
    ApiError::validation(vec![Cause::query("filter", msg, "INVALID_FILTER")])
}

/// Splits on ` and ` (any case) outside double quotes.
fn split_and(s: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut in_quotes = false;
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            in_quotes = !in_quotes;
        }
        if !in_quotes && c.is_whitespace() && i + 4 < chars.len() {
            let word: String = chars[i + 1..i + 4].iter().collect();
            if word.eq_ignore_ascii_case("and") && chars[i + 4].is_whitespace() {
                parts.push(cur.trim().to_string());
                cur.clear();
                i += 5;
                continue;
            }
        }
        cur.push(c);
        i += 1;
    }
    parts.push(cur.trim().to_string());
    parts
}

fn parse_filter(s: &str) -> Result<Vec<Clause>, ApiError> {
    let mut out = Vec::new();
    for part in split_and(s) {
        if part.is_empty() {
            return Err(filter_error("empty filter expression"));
        }
        let mut it = part.splitn(3, char::is_whitespace);
        let attr = it.next().unwrap_or("");
        let op = it.next().unwrap_or("").to_ascii_lowercase();
        let raw = it.next().unwrap_or("").trim();
        let value = raw
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .ok_or_else(|| {
                filter_error(format!(
                    "invalid filter expression '{part}': values must be double-quoted"
                ))
            })?;
        match attr {
            "requestStatus" => {
                if op != "eq" {
                    return Err(filter_error(format!(
                        "operator '{op}' is not supported for requestStatus (use eq)"
                    )));
                }
                if !STATUSES.contains(&value) {
                    return Err(filter_error(format!(
                        "requestStatus must be one of {}, got '{value}'",
                        STATUSES.join(", ")
                    )));
                }
                out.push(Clause::Status(value.to_string()));
            }
            "lastUpdated" => {
                if !["gt", "ge", "lt", "le", "eq"].contains(&op.as_str()) {
                    return Err(filter_error(format!(
                        "operator '{op}' is not supported for lastUpdated"
                    )));
                }
                let t = parse_ts(value).ok_or_else(|| {
                    filter_error(format!("'{value}' is not an ISO 8601 date-time"))
                })?;
                out.push(Clause::LastUpdated(op, t));
            }
            _ => {
                return Err(filter_error(format!(
                    "'{attr}' is not a supported filter property (requestStatus, lastUpdated)"
                )))
            }
        }
    }
    Ok(out)
}

fn matches(r: &AccessRequest, clauses: &[Clause]) -> bool {
    clauses.iter().all(|c| match c {
        Clause::Status(s) => &r.request_status == s,
        Clause::LastUpdated(op, t) => {
            let lu = parse_ts(&r.last_updated).unwrap_or(0);
            match op.as_str() {
                "gt" => lu > *t,
                "ge" => lu >= *t,
                "lt" => lu < *t,
                "le" => lu <= *t,
                _ => lu == *t,
            }
        }
    })
}

/// The list response plus the `Link` header values.
pub struct ListResult {
    pub body: Value,
    pub links: Vec<String>,
}

/// `GET /governance/api/v1/requests`
pub fn list(store: &Store, base: &str, query: &[(String, String)]) -> Result<ListResult, ApiError> {
    let get = |k: &str| {
        query
            .iter()
            .rev()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.clone())
    };
    let limit =
        match get("limit") {
            None => 20,
            Some(s) => match s.trim().parse::<i64>() {
                Ok(n) if (1..=200).contains(&n) => n as usize,
                _ => return Err(ApiError::paging(Cause::query(
                    "limit",
                    "The limit parameter is not a valid. It must be an integer between 1 and 200.",
                    "INVALID_DATA_TYPE",
                ))),
            },
        };
    let (order_field, desc) = match get("orderBy") {
        None => ("created".to_string(), false),
        Some(s) => {
            let mut it = s.split_whitespace();
            let f = it.next().unwrap_or("").to_string();
            let dir = it.next().unwrap_or("asc").to_ascii_lowercase();
            if it.next().is_some()
                || !(f == "created" || f == "lastUpdated")
                || !(dir == "asc" || dir == "desc")
            {
                return Err(ApiError::paging(Cause::query(
                    "orderBy",
                    "Invalid orderBy syntax. Use created or lastUpdated, optionally followed by asc or desc.",
                    "STRING_FORMAT_INVALID",
                )));
            }
            (f, dir == "desc")
        }
    };
    let clauses = match get("filter") {
        None => Vec::new(),
        Some(f) if f.trim().is_empty() => Vec::new(),
        Some(f) => parse_filter(&f)?,
    };
    let mut all: Vec<&AccessRequest> = store.requests.iter().collect();
    let key = |r: &AccessRequest| {
        let t = if order_field == "created" {
            &r.created
        } else {
            &r.last_updated
        };
        (parse_ts(t).unwrap_or(0), r.permalink_id)
    };
    all.sort_by_key(|r| key(r));
    if desc {
        all.reverse();
    }
    let start = match get("after") {
        None => 0,
        Some(a) if a.is_empty() => {
            return Err(ApiError::paging(Cause::query(
                "after",
                "Empty value found for query parameter 'after'",
                "EMPTY_PARAMETER",
            )))
        }
        Some(a) => {
            if !is_hex24(&a) {
                return Err(ApiError::paging(Cause::query(
                    "after",
                    "must match pattern \"^[a-fA-F\\d]{24}$\"",
                    "STRING_FORMAT_INVALID",
                )));
            }
            match all.iter().position(|r| r.id == a) {
                Some(i) => i + 1,
                None => {
                    return Err(ApiError::paging(Cause::query(
                        "after",
                        format!("{a} not found"),
                        "IDENTIFIER_NOT_FOUND",
                    )))
                }
            }
        }
    };
    let matching: Vec<&AccessRequest> = all[start.min(all.len())..]
        .iter()
        .copied()
        .filter(|r| matches(r, &clauses))
        .collect();
    let page: Vec<&AccessRequest> = matching.iter().take(limit).copied().collect();
    let more = matching.len() > limit;

    let mut common: Vec<(&str, String)> = Vec::new();
    if let Some(f) = get("filter") {
        common.push(("filter", f));
    }
    if let Some(o) = get("orderBy") {
        common.push(("orderBy", o));
    }
    let url = |extra: Vec<(&str, String)>| {
        let mut pairs: Vec<(&str, &str)> = common.iter().map(|(k, v)| (*k, v.as_str())).collect();
        for (k, v) in &extra {
            pairs.push((k, v.as_str()));
        }
        format!("{base}/governance/api/v1/requests?{}", encode_query(&pairs))
    };
    let mut self_extra = Vec::new();
    if let Some(a) = get("after") {
        self_extra.push(("after", a));
    }
    self_extra.push(("limit", limit.to_string()));
    let self_url = url(self_extra);
    let mut links_json = json!({ "self": { "href": self_url } });
    let mut links = vec![format!("<{self_url}>; rel=\"self\"")];
    if more {
        if let Some(last) = page.last() {
            let next_url = url(vec![
                ("after", last.id.clone()),
                ("limit", limit.to_string()),
            ]);
            links.push(format!("<{next_url}>; rel=\"next\""));
            if let Some(m) = links_json.as_object_mut() {
                m.insert("next".into(), json!({ "href": next_url }));
            }
        }
    }
    Ok(ListResult {
        body: json!({
            "data": page.iter().map(|r| r.to_sparse(base)).collect::<Vec<_>>(),
            "_links": links_json,
        }),
        links,
    })
}

/// `GET /governance/api/v1/requests/{id}`
pub fn get(store: &Store, base: &str, id: &str) -> Result<Value, ApiError> {
    store
        .requests
        .iter()
        .find(|r| r.id == id)
        .map(|r| r.to_full(base))
        .ok_or_else(|| ApiError::not_found(id, "Request"))
}

/// `POST /governance/api/v1/requests`
pub fn create(store: &mut Store, base: &str, body: &Value, user: &str) -> Result<Value, ApiError> {
    let m = body
        .as_object()
        .ok_or_else(|| ApiError::invalid("body", "must be a JSON object", "INVALID_DATA_TYPE"))?;
    let mut c = Checker::default();
    let request_type = match m.get("requestTypeId") {
        None | Some(Value::Null) => {
            c.fail(
                "requestTypeId",
                "must have required property 'requestTypeId'",
                "REQUIRED_PROPERTY_MISSING",
            );
            None
        }
        Some(v) => match c.string("requestTypeId", v, 24, 24) {
            Some(id) if !is_hex24(&id) && !store.request_types.iter().any(|t| t.id == id) => {
                c.fail(
                    "requestTypeId",
                    "must match pattern \"^[a-fA-F\\d]{24}$\"",
                    "STRING_FORMAT_INVALID",
                );
                None
            }
            Some(id) => match store.request_types.iter().find(|t| t.id == id) {
                Some(t) => Some(t.clone()),
                None => {
                    c.fail(
                        "requestTypeId",
                        format!("{id} not found"),
                        "IDENTIFIER_NOT_FOUND",
                    );
                    None
                }
            },
            None => None,
        },
    };
    let subject = match m.get("subject") {
        None | Some(Value::Null) => {
            c.fail(
                "subject",
                "must have required property 'subject'",
                "REQUIRED_PROPERTY_MISSING",
            );
            None
        }
        Some(v) => c.string("subject", v, 1, 250),
    };
    let requesters = match m.get("requesterUserIds") {
        None | Some(Value::Null) => Some(vec![user.to_string()]),
        Some(Value::Array(items)) => {
            if items.len() != 1 {
                c.fail(
                    "requesterUserIds",
                    "must contain exactly 1 item",
                    if items.is_empty() {
                        "INVALID_ARRAY_LENGTH_UNDER_MIN"
                    } else {
                        "INVALID_ARRAY_LENGTH_OVER_MAX"
                    },
                );
                None
            } else {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let f = format!("requesterUserIds[{i}]");
                    if let Some(id) = c.string(&f, item, 1, 20) {
                        if store.users.contains(&id) {
                            out.push(id);
                        } else {
                            c.fail(f, format!("{id} not found"), "IDENTIFIER_NOT_FOUND");
                        }
                    }
                }
                Some(out)
            }
        }
        Some(_) => {
            c.fail("requesterUserIds", "must be an array", "INVALID_DATA_TYPE");
            None
        }
    };
    // requesterFieldValues: (field id, value) pairs, validated against the request type.
    let mut provided: Vec<(String, Value)> = Vec::new();
    let mut duplicate: Option<String> = None;
    match m.get("requesterFieldValues") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let f = format!("requesterFieldValues[{i}]");
                let Some(im) = item.as_object() else {
                    c.fail(f, "must be an object", "INVALID_DATA_TYPE");
                    continue;
                };
                let id = match im.get("id") {
                    None | Some(Value::Null) => {
                        c.fail(
                            format!("{f}.id"),
                            "must have required property 'id'",
                            "REQUIRED_PROPERTY_MISSING",
                        );
                        continue;
                    }
                    Some(v) => match v.as_str() {
                        Some(s) if is_uuid_v4(s) => s.to_string(),
                        _ => {
                            c.fail(
                                format!("{f}.id"),
                                "must be uuid v4",
                                "STRING_FORMAT_INVALID",
                            );
                            continue;
                        }
                    },
                };
                let Some(value) = im.get("value").filter(|v| !v.is_null()) else {
                    c.fail(
                        format!("{f}.value"),
                        "must have required property 'value'",
                        "REQUIRED_PROPERTY_MISSING",
                    );
                    continue;
                };
                let Some(rt) = &request_type else { continue };
                let Some(field) = rt
                    .requester_fields
                    .iter()
                    .find(|x| x.id.eq_ignore_ascii_case(&id))
                else {
                    c.fail(
                        format!("{f}.id"),
                        format!("{id} not found"),
                        "IDENTIFIER_NOT_FOUND",
                    );
                    continue;
                };
                if let Some(t) = im.get("type") {
                    if t.as_str() != Some(field.kind.as_str()) {
                        c.fail(
                            format!("{f}.type"),
                            format!("must be {} for field {id}", field.kind),
                            "INVALID_ENUM_VALUE",
                        );
                        continue;
                    }
                }
                let fv = format!("{f}.value");
                let normalized = match field.kind.as_str() {
                    "TEXT" => c.string(&fv, value, 1, 1000).map(Value::String),
                    "DATE-TIME" => match value.as_str() {
                        Some(s) if s.chars().count() <= 1000 && parse_ts(s).is_some() => {
                            Some(json!(s))
                        }
                        _ => {
                            c.fail(fv, "must be date-time", "STRING_FORMAT_INVALID");
                            None
                        }
                    },
                    _ => {
                        // SELECT: an array with one option (a bare string is accepted too).
                        let one = match value {
                            Value::String(s) => Some(s.clone()),
                            Value::Array(a) if a.len() == 1 => a[0].as_str().map(str::to_string),
                            _ => None,
                        };
                        match one {
                            None => {
                                c.fail(
                                    fv,
                                    "must be an array with exactly one option value",
                                    "INVALID_DATA_TYPE",
                                );
                                None
                            }
                            Some(s) if s.is_empty() || s.chars().count() > 280 => {
                                c.fail(
                                    fv,
                                    "option values must have 1 to 280 characters",
                                    "INVALID_VALUE",
                                );
                                None
                            }
                            Some(s) => {
                                if field.options.as_ref().is_some_and(|o| !o.contains(&s)) {
                                    c.fail(
                                        fv,
                                        format!(
                                            "must be equal to one of the allowed values: {}",
                                            field.options.clone().unwrap_or_default().join(", ")
                                        ),
                                        "INVALID_ENUM_VALUE",
                                    );
                                    None
                                } else {
                                    Some(json!([s]))
                                }
                            }
                        }
                    }
                };
                if let Some(v) = normalized {
                    if provided.iter().any(|(x, _)| x == &field.id) {
                        duplicate = Some(field.id.clone());
                    } else {
                        provided.push((field.id.clone(), v));
                    }
                }
            }
        }
        Some(_) => c.fail(
            "requesterFieldValues",
            "must be an array",
            "INVALID_DATA_TYPE",
        ),
    }
    if !c.ok() {
        return Err(ApiError::validation(c.causes));
    }
    let (Some(rt), Some(subject), Some(requesters)) = (request_type, subject, requesters) else {
        return Err(ApiError::internal());
    };
    if rt.status != "ACTIVE" {
        let msg = format!(
            "Request type {} must be ACTIVE. Current status: {}",
            rt.id, rt.status
        );
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "E0000195",
            format!("Api validation failed due to conflict: {msg}"),
        )
        .with_cause(Cause::body("requestTypeId", msg, "REQUEST_TYPE_STATE")));
    }
    if let Some(d) = duplicate {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "E0000195",
            "Api validation failed due to conflict: requesterFieldValues",
        )
        .with_cause(Cause::body(
            "requesterFieldValues",
            format!("field {d} is provided more than once"),
            "DUPLICATE_VALUE",
        )));
    }
    let missing: Vec<String> = rt
        .requester_fields
        .iter()
        .filter(|f| f.required && !provided.iter().any(|(id, _)| id == &f.id))
        .map(|f| f.id.clone())
        .collect();
    if !missing.is_empty() {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "E0000001",
            "Api validation failed: requesterFieldValues",
        )
        .with_cause(Cause::body(
            "requesterFieldValues",
            format!(
                "must have all required requesterFields (missing {})",
                missing.join(", ")
            ),
            "REQUEST_TYPE_SETTINGS",
        )));
    }
    let field_values = if rt.requester_fields.is_empty() {
        None
    } else {
        Some(
            rt.requester_fields
                .iter()
                .map(|f| {
                    let value = provided
                        .iter()
                        .find(|(id, _)| id == &f.id)
                        .map(|(_, v)| v.clone())
                        .unwrap_or(Value::Null);
                    json!({
                        "id": f.id,
                        "prompt": f.prompt,
                        "type": f.kind,
                        "required": f.required,
                        "value": value,
                    })
                })
                .collect(),
        )
    };
    let now = now_ts();
    let req = AccessRequest {
        id: rand_hex(24),
        subject,
        request_type_id: rt.id.clone(),
        requester_user_ids: requesters,
        requester_field_values: field_values,
        created: now.clone(),
        created_by: user.to_string(),
        last_updated: now,
        last_updated_by: user.to_string(),
        resolved: None,
        request_status: "OPEN".into(),
        permalink_id: store.next_permalink(),
        approvals: vec![json!({ "status": "PENDING", "approvalId": rand_hex(24) })],
        actions: Some(vec![json!({
            "status": "PENDING",
            "action": "ASSIGN_APP_TO_USER",
            "actionId": rand_hex(24),
        })]),
        kind: "ACCESS_REQUEST".into(),
    };
    let out = req.to_full(base);
    store.requests.push(req);
    Ok(out)
}

/// `POST /governance/api/v1/requests/{id}/messages`
pub fn create_message(
    store: &mut Store,
    id: &str,
    body: &Value,
    user: &str,
) -> Result<Value, ApiError> {
    if !store.requests.iter().any(|r| r.id == id) {
        return Err(ApiError::not_found(id, "Request"));
    }
    let m = body
        .as_object()
        .ok_or_else(|| ApiError::invalid("body", "must be a JSON object", "INVALID_DATA_TYPE"))?;
    let mut c = Checker::default();
    let message = match m.get("message") {
        None | Some(Value::Null) => {
            c.fail(
                "message",
                "must have required property 'message'",
                "REQUIRED_PROPERTY_MISSING",
            );
            None
        }
        Some(v) => c.string("message", v, 1, 5000),
    };
    let Some(message) = message else {
        return Err(ApiError::validation(c.causes));
    };
    let msg = Message {
        id: rand_hex(24),
        request_id: id.to_string(),
        message,
        created: now_ts(),
        created_by: user.to_string(),
    };
    let out = json!({
        "id": msg.id,
        "requestId": msg.request_id,
        "message": msg.message,
        "created": msg.created,
        "createdBy": msg.created_by,
    });
    store.messages.push(msg);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split() {
        assert_eq!(
            split_and("requestStatus eq \"OPEN\" AND lastUpdated gt \"x and y\""),
            vec!["requestStatus eq \"OPEN\"", "lastUpdated gt \"x and y\""]
        );
        assert!(parse_filter(
            "requestStatus eq \"OPEN\" and lastUpdated gt \"2024-01-01T00:00:00Z\""
        )
        .is_ok());
        assert!(parse_filter("requestStatus eq OPEN").is_err());
        assert!(parse_filter("foo eq \"x\"").is_err());
        assert!(parse_filter("requestStatus eq \"NOPE\"").is_err());
    }
}
