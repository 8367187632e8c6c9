//! Request conditions: list, create, get, PATCH, delete, activate, deactivate.

use axum::http::StatusCode;
use serde_json::Value;

use crate::behaviour::sparse_condition;
use crate::condition_checks::{
    check_description, check_name, check_priority, check_requester, check_scope, reject_status,
    require_duration_if_needed,
};
use crate::durations::check_access_duration;
use crate::errors::ApiError;
use crate::records::{list_envelope, Condition};
use crate::store::Store;
use crate::util::{now_ms, now_ts, rand_alnum};
use crate::validate::{body_object, given, Checker};

fn find_index(store: &Store, resource_id: &str, id: &str) -> Result<usize, ApiError> {
    store
        .conditions
        .iter()
        .position(|c| c.id == id && c.resource_id == resource_id)
        .ok_or_else(|| ApiError::not_found(id, "RequestCondition"))
}

/// `GET …/request-conditions` (sparse items unless `sparse` is off)
pub fn list(
    store: &Store,
    base: &str,
    raw_resource: &str,
    sparse: bool,
) -> Result<Value, ApiError> {
    let res = store.resource(raw_resource)?;
    let mut items: Vec<&Condition> = store
        .conditions
        .iter()
        .filter(|c| c.resource_id == res.id)
        .collect();
    items.sort_by(|a, b| a.priority.cmp(&b.priority).then(a.created.cmp(&b.created)));
    let data: Vec<Value> = items
        .iter()
        .map(|c| {
            let full = c.to_api(base);
            if sparse {
                sparse_condition(&full)
            } else {
                full
            }
        })
        .collect();
    Ok(list_envelope(data, base, &res.id, "request-conditions"))
}

/// `GET …/request-conditions/{id}`
pub fn get(store: &Store, base: &str, raw_resource: &str, id: &str) -> Result<Value, ApiError> {
    let res = store.resource(raw_resource)?;
    let i = find_index(store, &res.id, id)?;
    Ok(store.conditions[i].to_api(base))
}

/// `POST …/request-conditions`
pub fn create(
    store: &mut Store,
    base: &str,
    raw_resource: &str,
    body: &Value,
    user: &str,
) -> Result<Value, ApiError> {
    let res = store.resource(raw_resource)?.clone();
    let settings = &res.request_settings;
    let m = body_object(body)?;
    let mut c = Checker::default();
    reject_status(&mut c, m);

    let name = c
        .required(m, "name")
        .and_then(|v| check_name(&mut c, store, &res.id, None, v));
    let description = check_description(&mut c, m);
    let priority = given(m, "priority").and_then(|v| check_priority(&mut c, v));
    let seq = c
        .required(m, "approvalSequenceId")
        .and_then(|v| c.approval_sequence(store, "approvalSequenceId", v));
    let requester = c
        .required(m, "requesterSettings")
        .and_then(|v| check_requester(&mut c, store, settings, v));
    let scope = c
        .required(m, "accessScopeSettings")
        .and_then(|v| check_scope(&mut c, store, settings, v));
    let duration = match given(m, "accessDurationSettings") {
        Some(v) => check_access_duration(&mut c, "accessDurationSettings", v, settings),
        None => {
            require_duration_if_needed(&mut c, settings);
            None
        }
    };
    if !c.ok() {
        return Err(ApiError::validation(c.causes));
    }
    let (Some(name), Some(seq), Some(requester), Some(scope)) = (name, seq, requester, scope)
    else {
        return Err(ApiError::internal());
    };
    let now = now_ts();
    let default_priority = store
        .conditions
        .iter()
        .filter(|x| x.resource_id == res.id)
        .map(|x| x.priority.saturating_add(1))
        .max()
        .unwrap_or(0)
        .min(100);
    let cond = Condition {
        id: format!("rco{}", rand_alnum(17)),
        resource_id: res.id.clone(),
        name,
        description,
        priority: priority.unwrap_or(default_priority),
        status: "INACTIVE".into(),
        requester_settings: requester,
        access_scope_settings: scope,
        access_duration_settings: duration,
        approval_sequence_id: Some(seq),
        created: now.clone(),
        created_by: user.to_string(),
        last_updated: now,
        last_updated_by: user.to_string(),
    };
    let out = cond.to_api(base);
    store.conditions.push(cond);
    Ok(out)
}

/// `PATCH …/request-conditions/{id}`
pub fn patch(
    store: &mut Store,
    base: &str,
    raw_resource: &str,
    id: &str,
    body: &Value,
    user: &str,
) -> Result<Value, ApiError> {
    let res = store.resource(raw_resource)?.clone();
    let settings = &res.request_settings;
    let i = find_index(store, &res.id, id)?;
    let existing = store.conditions[i].clone();
    let m = body_object(body)?;
    let mut c = Checker::default();
    reject_status(&mut c, m);

    let mut next = existing.clone();
    // The OpenAPI document says "Modifiable on update" (the reference page says the opposite;
    // the OpenAPI document ranks first and no recording renames): a new name must stay unique.
    if let Some(v) = given(m, "name") {
        if let Some(n) = check_name(&mut c, store, &res.id, Some(&existing.id), v) {
            next.name = n;
        }
    }
    if let Some(d) = check_description(&mut c, m) {
        next.description = Some(d);
    }
    if let Some(p) = given(m, "priority").and_then(|v| check_priority(&mut c, v)) {
        next.priority = p;
    }
    if let Some(v) = given(m, "approvalSequenceId") {
        if let Some(s) = c.approval_sequence(store, "approvalSequenceId", v) {
            next.approval_sequence_id = Some(s);
        }
    }
    if let Some(v) = given(m, "requesterSettings") {
        if let Some(r) = check_requester(&mut c, store, settings, v) {
            next.requester_settings = r;
        }
    }
    if let Some(v) = given(m, "accessScopeSettings") {
        if let Some(s) = check_scope(&mut c, store, settings, v) {
            next.access_scope_settings = s;
        }
    }
    match m.get("accessDurationSettings") {
        Some(Value::Null) => next.access_duration_settings = None,
        Some(v) => {
            if let Some(d) = check_access_duration(&mut c, "accessDurationSettings", v, settings) {
                next.access_duration_settings = Some(d);
            }
        }
        None => {}
    }
    if c.ok() {
        // An update must not leave the condition INVALID.
        if next.approval_sequence_id.is_none() {
            c.fail(
                "approvalSequenceId",
                "must have required property 'approvalSequenceId' (the condition's approval sequence was deleted)",
                "REQUIRED_PROPERTY_MISSING",
            );
        }
        if next.access_duration_settings.is_none() {
            require_duration_if_needed(&mut c, settings);
        }
    }
    if !c.ok() {
        return Err(ApiError::validation(c.causes));
    }
    next.status = if existing.status == "ACTIVE" {
        "ACTIVE"
    } else {
        "INACTIVE"
    }
    .into();
    next.touch(now_ms());
    next.last_updated_by = user.to_string();
    let out = next.to_api(base);
    store.conditions[i] = next;
    Ok(out)
}

/// `DELETE …/request-conditions/{id}`
pub fn delete(store: &mut Store, raw_resource: &str, id: &str) -> Result<StatusCode, ApiError> {
    let res_id = store.resource(raw_resource)?.id.clone();
    let i = find_index(store, &res_id, id)?;
    // Live Okta refuses to delete an ACTIVE condition: it must be deactivated first.
    if store.conditions[i].status == "ACTIVE" {
        return Err(ApiError::conflict(
            "Request Condition",
            "Only Request Condition with status=INACTIVE or INVALID may be deleted",
        ));
    }
    store.conditions.remove(i);
    Ok(StatusCode::NO_CONTENT)
}

/// `POST …/activate` and `POST …/deactivate`
pub fn transition(
    store: &mut Store,
    base: &str,
    raw_resource: &str,
    id: &str,
    activate: bool,
    user: &str,
) -> Result<Value, ApiError> {
    let res_id = store.resource(raw_resource)?.id.clone();
    let i = find_index(store, &res_id, id)?;
    let cond = &mut store.conditions[i];
    let (from, to, msg) = if activate {
        (
            "INACTIVE",
            "ACTIVE",
            "Only Request Condition with status=INACTIVE may be activated",
        )
    } else {
        (
            "ACTIVE",
            "INACTIVE",
            "Only Request Condition with status=ACTIVE may be deactivated",
        )
    };
    if cond.status != from {
        return Err(ApiError::conflict("Request Condition", msg));
    }
    cond.status = to.into();
    cond.touch(now_ms());
    cond.last_updated_by = user.to_string();
    Ok(cond.to_api(base))
}
