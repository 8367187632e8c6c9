//! Requests v1: create, get, create message (the list is in `request_list`).

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::errors::{ApiError, Cause};
use crate::records::{AccessRequest, Message};
use crate::store::Store;
use crate::util::{now_ts, parse_ts, rand_hex};
use crate::validate::{body_object, is_hex24, is_uuid_v4, Checker};

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
    let m = body_object(body)?;
    let mut c = Checker::default();
    let request_type = match c.required(m, "requestTypeId") {
        None => None,
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
    let subject = c
        .required(m, "subject")
        .and_then(|v| c.string("subject", v, 1, 250));
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
                let id = match c.required_in(&f, im, "id") {
                    None => continue,
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
                let Some(value) = c.required_in(&f, im, "value") else {
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
        let cause = Cause::body("requestTypeId", msg.clone(), "REQUEST_TYPE_STATE");
        return Err(ApiError::conflict_with(msg, cause));
    }
    if let Some(d) = duplicate {
        let msg = format!("field {d} is provided more than once");
        let cause = Cause::body("requesterFieldValues", msg, "DUPLICATE_VALUE");
        return Err(ApiError::conflict_with("requesterFieldValues", cause));
    }
    let missing: Vec<String> = rt
        .requester_fields
        .iter()
        .filter(|f| f.required && !provided.iter().any(|(id, _)| id == &f.id))
        .map(|f| f.id.clone())
        .collect();
    if !missing.is_empty() {
        // Okta's 400 validation body (E0000001), but with 409.
        let msg = format!(
            "must have all required requesterFields (missing {})",
            missing.join(", ")
        );
        let e = ApiError::invalid("requesterFieldValues", msg, "REQUEST_TYPE_SETTINGS");
        return Err(e.with_status(StatusCode::CONFLICT));
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
    let m = body_object(body)?;
    let mut c = Checker::default();
    let message = c
        .required(m, "message")
        .and_then(|v| c.string("message", v, 1, 5000));
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
