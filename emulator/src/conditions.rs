//! Request conditions: list, create, get, PATCH, delete, activate, deactivate.

use axum::http::StatusCode;
use serde_json::{json, Map, Value};

use crate::behaviour::sparse_condition;
use crate::errors::ApiError;
use crate::store::{Condition, Store};
use crate::util::{now_ms, now_ts, rand_alnum};
use crate::validate::{check_access_duration, setting_types, Checker};

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
    Ok(json!({
        "data": data,
        "_links": { "self": {
            "href": format!("{base}/governance/api/v2/resources/{}/request-conditions", res.id),
            "hints": {},
        } },
    }))
}

/// `GET …/request-conditions/{id}`
pub fn get(store: &Store, base: &str, raw_resource: &str, id: &str) -> Result<Value, ApiError> {
    let res = store.resource(raw_resource)?;
    let i = find_index(store, &res.id, id)?;
    Ok(store.conditions[i].to_api(base))
}

fn check_requester(c: &mut Checker, store: &Store, settings: &Value, v: &Value) -> Option<Value> {
    let field = "requesterSettings";
    let m = c.object(field, v, &["type", "groups", "teams"])?;
    let t = match m.get("type") {
        Some(t) => c.string(&format!("{field}.type"), t, 1, 64)?,
        None => {
            c.fail(
                format!("{field}.type"),
                "must have required property 'type'",
                "REQUIRED_PROPERTY_MISSING",
            );
            return None;
        }
    };
    // Each type carries its own ID list and no other.
    let own = match t.as_str() {
        "GROUPS" => Some("groups"),
        "TEAMS" => Some("teams"),
        _ => None,
    };
    if matches!(t.as_str(), "EVERYONE" | "GROUPS" | "TEAMS") {
        for k in ["groups", "teams"] {
            if Some(k) != own && m.contains_key(k) {
                c.fail(
                    format!("{field}.{k}"),
                    format!("is not allowed when type is {t}"),
                    "UNKNOWN_PROPERTY",
                );
                return None;
            }
        }
    }
    let out = match t.as_str() {
        "EVERYONE" => json!({ "type": "EVERYONE" }),
        // TEAMS is in the requester-type enum (validRequesterSettings) though the create schema
        // only shows EVERYONE and GROUPS: accepted, shaped like GROUPS, for resources that list it.
        "TEAMS" => {
            let teams = c.id_objects(
                &format!("{field}.teams"),
                m.get("teams"),
                &store.teams,
                "",
                "team",
            )?;
            json!({ "type": "TEAMS", "teams": teams })
        }
        "GROUPS" => {
            let groups = c.id_objects(
                &format!("{field}.groups"),
                m.get("groups"),
                &store.groups,
                "00g",
                "group",
            )?;
            json!({ "type": "GROUPS", "groups": groups })
        }
        _ => {
            c.fail(
                format!("{field}.type"),
                "must be equal to one of the allowed values: EVERYONE, GROUPS, TEAMS",
                "INVALID_ENUM_VALUE",
            );
            return None;
        }
    };
    if !setting_types(settings, "validRequesterSettings").contains(&t) {
        c.fail(
            field,
            format!("RequestSettings is invalid for this resource: requester type {t} is not in validRequesterSettings"),
            "RESOURCE_SETTINGS",
        );
        return None;
    }
    Some(out)
}

fn check_scope(c: &mut Checker, store: &Store, settings: &Value, v: &Value) -> Option<Value> {
    let field = "accessScopeSettings";
    let m = c.object(field, v, &["type", "groups", "entitlementBundles"])?;
    let t = match m.get("type") {
        Some(t) => c.string(&format!("{field}.type"), t, 1, 64)?,
        None => {
            c.fail(
                format!("{field}.type"),
                "must have required property 'type'",
                "REQUIRED_PROPERTY_MISSING",
            );
            return None;
        }
    };
    let (allowed_key, out) = match t.as_str() {
        "RESOURCE_DEFAULT" => (None, Some(json!({ "type": "RESOURCE_DEFAULT" }))),
        "GROUPS" => {
            let g = c.id_objects(
                &format!("{field}.groups"),
                m.get("groups"),
                &store.groups,
                "00g",
                "group",
            );
            (
                Some("groups"),
                g.map(|g| json!({ "type": "GROUPS", "groups": g })),
            )
        }
        "ENTITLEMENT_BUNDLES" => {
            let b = c.id_objects(
                &format!("{field}.entitlementBundles"),
                m.get("entitlementBundles"),
                &store.entitlement_bundles,
                "enb",
                "entitlement bundle",
            );
            (
                Some("entitlementBundles"),
                b.map(|b| json!({ "type": "ENTITLEMENT_BUNDLES", "entitlementBundles": b })),
            )
        }
        _ => {
            c.fail(
                format!("{field}.type"),
                "must be equal to one of the allowed values: RESOURCE_DEFAULT, ENTITLEMENT_BUNDLES, GROUPS",
                "INVALID_ENUM_VALUE",
            );
            return None;
        }
    };
    for k in ["groups", "entitlementBundles"] {
        if m.contains_key(k) && allowed_key != Some(k) {
            c.fail(
                format!("{field}.{k}"),
                format!("is not allowed when type is {t}"),
                "UNKNOWN_PROPERTY",
            );
            return None;
        }
    }
    let out = out?;
    if !setting_types(settings, "validAccessScopeSettings").contains(&t) {
        c.fail(
            field,
            format!("RequestSettings is invalid for this resource: access scope type {t} is not in validAccessScopeSettings"),
            "RESOURCE_SETTINGS",
        );
        return None;
    }
    Some(out)
}

fn check_priority(c: &mut Checker, v: &Value) -> Option<i64> {
    match v.as_i64() {
        Some(p) if (0..=100).contains(&p) => Some(p),
        Some(_) => {
            c.fail("priority", "must be between 0 and 100", "INVALID_VALUE");
            None
        }
        None => {
            c.fail("priority", "must be an integer", "INVALID_DATA_TYPE");
            None
        }
    }
}

fn body_object(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    body.as_object()
        .ok_or_else(|| ApiError::invalid("body", "must be a JSON object", "INVALID_DATA_TYPE"))
}

fn reject_status(c: &mut Checker, m: &Map<String, Value>) {
    if m.contains_key("status") {
        c.fail(
            "status",
            "is read-only; use the activate and deactivate operations",
            "UNKNOWN_PROPERTY",
        );
    }
}

fn duration_required(settings: &Value) -> bool {
    settings
        .get("validAccessDurationSettings")
        .and_then(|v| v.get("required"))
        .and_then(Value::as_bool)
        .unwrap_or(false)
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

    let name = match m.get("name") {
        Some(v) if !v.is_null() => c.string("name", v, 1, 255),
        _ => {
            c.fail(
                "name",
                "must have required property 'name'",
                "REQUIRED_PROPERTY_MISSING",
            );
            None
        }
    };
    if let Some(n) = &name {
        if store
            .conditions
            .iter()
            .any(|x| x.resource_id == res.id && &x.name == n)
        {
            c.fail(
                "name",
                format!("a request condition named '{n}' already exists for this resource"),
                "UNIQUE_CONSTRAINT",
            );
        }
    }
    let description = match m.get("description") {
        Some(v) if !v.is_null() => c.string("description", v, 1, 2000),
        _ => None,
    };
    let priority = match m.get("priority") {
        Some(v) if !v.is_null() => check_priority(&mut c, v),
        _ => None,
    };
    let seq = match m.get("approvalSequenceId") {
        Some(v) if !v.is_null() => c.approval_sequence(store, "approvalSequenceId", v),
        _ => {
            c.fail(
                "approvalSequenceId",
                "must have required property 'approvalSequenceId'",
                "REQUIRED_PROPERTY_MISSING",
            );
            None
        }
    };
    let requester = match m.get("requesterSettings") {
        Some(v) if !v.is_null() => check_requester(&mut c, store, settings, v),
        _ => {
            c.fail(
                "requesterSettings",
                "must have required property 'requesterSettings'",
                "REQUIRED_PROPERTY_MISSING",
            );
            None
        }
    };
    let scope = match m.get("accessScopeSettings") {
        Some(v) if !v.is_null() => check_scope(&mut c, store, settings, v),
        _ => {
            c.fail(
                "accessScopeSettings",
                "must have required property 'accessScopeSettings'",
                "REQUIRED_PROPERTY_MISSING",
            );
            None
        }
    };
    let duration = match m.get("accessDurationSettings") {
        Some(v) if !v.is_null() => {
            check_access_duration(&mut c, "accessDurationSettings", v, settings)
        }
        _ => {
            if duration_required(settings) {
                c.fail(
                    "accessDurationSettings",
                    "is required by this resource's validAccessDurationSettings",
                    "REQUIRED_PROPERTY_MISSING",
                );
            }
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
    if let Some(v) = m.get("name") {
        if !v.is_null() {
            if let Some(n) = c.string("name", v, 1, 255) {
                if n != existing.name
                    && store
                        .conditions
                        .iter()
                        .any(|x| x.resource_id == res.id && x.id != existing.id && x.name == n)
                {
                    c.fail(
                        "name",
                        format!("a request condition named '{n}' already exists for this resource"),
                        "UNIQUE_CONSTRAINT",
                    );
                } else {
                    next.name = n;
                }
            }
        }
    }
    if let Some(v) = m.get("description") {
        if !v.is_null() {
            next.description = c.string("description", v, 1, 2000).or(next.description);
        }
    }
    if let Some(v) = m.get("priority") {
        if !v.is_null() {
            if let Some(p) = check_priority(&mut c, v) {
                next.priority = p;
            }
        }
    }
    if let Some(v) = m.get("approvalSequenceId") {
        if !v.is_null() {
            if let Some(s) = c.approval_sequence(store, "approvalSequenceId", v) {
                next.approval_sequence_id = Some(s);
            }
        }
    }
    if let Some(v) = m.get("requesterSettings") {
        if !v.is_null() {
            if let Some(r) = check_requester(&mut c, store, settings, v) {
                next.requester_settings = r;
            }
        }
    }
    if let Some(v) = m.get("accessScopeSettings") {
        if !v.is_null() {
            if let Some(s) = check_scope(&mut c, store, settings, v) {
                next.access_scope_settings = s;
            }
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
        if next.access_duration_settings.is_none() && duration_required(settings) {
            c.fail(
                "accessDurationSettings",
                "is required by this resource's validAccessDurationSettings",
                "REQUIRED_PROPERTY_MISSING",
            );
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
