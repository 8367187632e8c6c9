//! Org request settings and resource request settings.

use serde_json::{json, Map, Value};

use crate::durations::check_access_duration;
use crate::errors::ApiError;
use crate::store::Store;
use crate::util::now_ms;
use crate::validate::{body_object, setting_types, Checker};

/// `GET /governance/api/v2/request-settings`
pub fn get_org(store: &Store) -> Value {
    store.org.to_api(now_ms())
}

/// `PATCH /governance/api/v2/request-settings`
pub fn patch_org(
    store: &mut Store,
    body: &Value,
    default_delay_ms: u64,
) -> Result<Value, ApiError> {
    let m = body_object(body)?;
    let ack = match m.get("subprocessorsAcknowledged") {
        None | Some(Value::Null) => {
            return Err(ApiError::invalid(
                "subprocessorsAcknowledged",
                "must have required property 'subprocessorsAcknowledged'",
                "REQUIRED_PROPERTY_MISSING",
            ))
        }
        Some(v) => v.as_bool().ok_or_else(|| {
            ApiError::invalid(
                "subprocessorsAcknowledged",
                "must be a boolean",
                "INVALID_DATA_TYPE",
            )
        })?,
    };
    let now = now_ms();
    let org = &mut store.org;
    org.settle(now);
    if ack {
        let pending = org.provisioning_deadline_ms.is_some();
        let needs_start = !org.subprocessors_acknowledged
            || (org.provisioning_status != "PROVISIONED" && !pending);
        org.subprocessors_acknowledged = true;
        if needs_start && org.provisioning_status != "PROVISIONED" {
            let delay = org.provisioning_delay_ms.unwrap_or(default_delay_ms);
            org.provisioning_status = "NOT_PROVISIONED".into();
            org.provisioning_deadline_ms =
                Some(now.saturating_add(i64::try_from(delay).unwrap_or(i64::MAX)));
            org.settle(now);
        }
    } else if org.subprocessors_acknowledged {
        return Err(ApiError::invalid(
            "subprocessorsAcknowledged",
            "cannot be set back to false once the subprocessors have been acknowledged",
            "INVALID_VALUE",
        ));
    }
    Ok(org.to_api(now))
}

/// `GET /governance/api/v2/resources/{id}/request-settings`
pub fn get_resource(store: &Store, raw: &str) -> Result<Value, ApiError> {
    store.resource(raw).map(|r| r.request_settings.clone())
}

/// `requestOnBehalfOfSettings` of a PATCH. Only its shape is checked: live Okta accepted
/// `{"allowed": true}` for a resource whose `validRequestOnBehalfOfSettings` is `[]`
/// (TestAccRequestSettingResource_basic), so the resource's valid list is not enforced.
fn check_on_behalf_of(c: &mut Checker, v: &Value) -> Option<Value> {
    let field = "requestOnBehalfOfSettings";
    let m = c.object(field, v, &["allowed", "onlyFor"])?;
    match m.get("allowed") {
        None | Some(Value::Null) => {
            c.fail(
                format!("{field}.allowed"),
                "must have required property 'allowed'",
                "REQUIRED_PROPERTY_MISSING",
            );
            return None;
        }
        Some(Value::Bool(true)) => {}
        Some(Value::Bool(false)) => {
            c.fail(
                format!("{field}.allowed"),
                "can only be true; set requestOnBehalfOfSettings to null to turn request on behalf of off",
                "INVALID_VALUE",
            );
            return None;
        }
        Some(_) => {
            c.fail(
                format!("{field}.allowed"),
                "must be a boolean",
                "INVALID_DATA_TYPE",
            );
            return None;
        }
    }
    match m.get("onlyFor") {
        None | Some(Value::Null) => Some(json!({ "allowed": true })),
        Some(Value::Array(items)) => {
            if items.is_empty() {
                c.fail(
                    format!("{field}.onlyFor"),
                    "must NOT have fewer than 1 items",
                    "INVALID_ARRAY_LENGTH_UNDER_MIN",
                );
                return None;
            }
            let mut out: Vec<String> = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let f = format!("{field}.onlyFor[{i}]");
                match item.as_str() {
                    Some("DIRECT_REPORT") => {
                        if out.iter().any(|x| x == "DIRECT_REPORT") {
                            c.fail(f, "duplicate value DIRECT_REPORT", "DUPLICATE_VALUE");
                        } else {
                            out.push("DIRECT_REPORT".into());
                        }
                    }
                    _ => c.fail(
                        f,
                        "must be equal to one of the allowed values: DIRECT_REPORT",
                        "INVALID_ENUM_VALUE",
                    ),
                }
            }
            if c.ok() {
                Some(json!({ "allowed": true, "onlyFor": out }))
            } else {
                None
            }
        }
        Some(_) => {
            c.fail(
                format!("{field}.onlyFor"),
                "must be an array",
                "INVALID_DATA_TYPE",
            );
            None
        }
    }
}

fn check_risk(c: &mut Checker, store: &Store, settings: &Value, v: &Value) -> Option<Value> {
    let field = "riskSettings";
    let m = c.object(field, v, &["defaultSetting"])?;
    let supported = settings
        .get("validRiskSettings")
        .map(|r| setting_types(r, "supportedTypes"))
        .unwrap_or_default();
    if !supported.iter().any(|t| t == "DEFAULT_SETTING") {
        c.fail(
            field,
            "risk settings are not supported for this resource",
            "RESOURCE_SETTINGS",
        );
        return None;
    }
    let d = c.present(field, "defaultSetting", m.get("defaultSetting"))?;
    let f = format!("{field}.defaultSetting");
    let dm = c.object(
        &f,
        d,
        &[
            "requestSubmissionType",
            "approvalSequenceId",
            "accessDurationSettings",
        ],
    )?;
    let t = c.present(&f, "requestSubmissionType", dm.get("requestSubmissionType"))?;
    let t = c.string(&format!("{f}.requestSubmissionType"), t, 1, 64)?;
    match t.as_str() {
        "ALLOWED_WITH_OVERRIDES" => {
            let seq = match dm.get("approvalSequenceId") {
                Some(v) if !v.is_null() => {
                    c.approval_sequence(store, &format!("{f}.approvalSequenceId"), v)
                }
                _ => {
                    c.fail(
                        format!("{f}.approvalSequenceId"),
                        "must have required property 'approvalSequenceId' when requestSubmissionType is ALLOWED_WITH_OVERRIDES",
                        "REQUIRED_PROPERTY_MISSING",
                    );
                    None
                }
            };
            let ads = match dm.get("accessDurationSettings") {
                None | Some(Value::Null) => None,
                Some(v) => Some(check_access_duration(
                    c,
                    &format!("{f}.accessDurationSettings"),
                    v,
                    settings,
                )?),
            };
            let seq = seq?;
            let mut out = Map::new();
            out.insert("requestSubmissionType".into(), json!(t));
            out.insert("approvalSequenceId".into(), json!(seq));
            if let Some(a) = ads {
                out.insert("accessDurationSettings".into(), a);
            }
            Some(json!({ "defaultSetting": out }))
        }
        "ALLOWED_WITH_NO_OVERRIDES" | "RESTRICTED" => {
            for k in ["approvalSequenceId", "accessDurationSettings"] {
                if dm.get(k).is_some_and(|v| !v.is_null()) {
                    c.fail(
                        format!("{f}.{k}"),
                        format!("is only allowed when requestSubmissionType is ALLOWED_WITH_OVERRIDES, not {t}"),
                        "UNKNOWN_PROPERTY",
                    );
                }
            }
            if c.ok() {
                Some(json!({ "defaultSetting": { "requestSubmissionType": t } }))
            } else {
                None
            }
        }
        _ => {
            c.fail(
                format!("{f}.requestSubmissionType"),
                "must be equal to one of the allowed values: ALLOWED_WITH_NO_OVERRIDES, ALLOWED_WITH_OVERRIDES, RESTRICTED",
                "INVALID_ENUM_VALUE",
            );
            None
        }
    }
}

/// `PATCH /governance/api/v2/resources/{id}/request-settings`
pub fn patch_resource(store: &mut Store, raw: &str, body: &Value) -> Result<Value, ApiError> {
    let idx = {
        let id = store.resource(raw)?.id.clone();
        store
            .resources
            .iter()
            .position(|r| r.id == id)
            .ok_or_else(ApiError::internal)?
    };
    let settings = store.resources[idx].request_settings.clone();
    let m = body_object(body)?;
    let mut c = Checker::default();
    for k in m.keys() {
        if k != "requestOnBehalfOfSettings" && k != "riskSettings" {
            c.fail(
                k.clone(),
                "Request settings has invalid properties",
                "UNKNOWN_PROPERTY",
            );
        }
    }
    if !m.contains_key("requestOnBehalfOfSettings") && !m.contains_key("riskSettings") {
        c.fail(
            "requestOnBehalfOfSettings",
            "Request settings is missing required fields: requestOnBehalfOfSettings or riskSettings",
            "REQUIRED_PROPERTY_MISSING",
        );
    }
    let robo = match m.get("requestOnBehalfOfSettings") {
        None => None,
        Some(Value::Null) => Some(Value::Null),
        Some(v) => check_on_behalf_of(&mut c, v),
    };
    let risk = match m.get("riskSettings") {
        None => None,
        Some(Value::Null) => {
            c.fail("riskSettings", "must be an object", "INVALID_DATA_TYPE");
            None
        }
        Some(v) => check_risk(&mut c, store, &settings, v),
    };
    if !c.ok() {
        return Err(ApiError::validation(c.causes));
    }
    let rs = &mut store.resources[idx].request_settings;
    if let Some(obj) = rs.as_object_mut() {
        match robo {
            Some(Value::Null) => {
                obj.remove("requestOnBehalfOfSettings");
            }
            Some(v) => {
                obj.insert("requestOnBehalfOfSettings".into(), v);
            }
            None => {}
        }
        if let Some(r) = risk {
            obj.insert("riskSettings".into(), r);
        }
    }
    Ok(rs.clone())
}
