//! The checks of a request condition's fields against the store and the resource's
//! request settings (create and PATCH share them).

use serde_json::{json, Map, Value};

use crate::store::Store;
use crate::validate::{given, setting_types, Checker};

/// `requesterSettings`: its type within the resource's `validRequesterSettings`, with the
/// ID list of that type (groups or teams) and no other.
pub fn check_requester(
    c: &mut Checker,
    store: &Store,
    settings: &Value,
    v: &Value,
) -> Option<Value> {
    let field = "requesterSettings";
    let m = c.object(field, v, &["type", "groups", "teams"])?;
    let t = c.required_in(field, m, "type")?;
    let t = c.string(&format!("{field}.type"), t, 1, 64)?;
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
    allowed_by(
        c,
        settings,
        field,
        "validRequesterSettings",
        "requester",
        &t,
    )
    .then_some(out)
}

/// `accessScopeSettings`: its type within the resource's `validAccessScopeSettings`, with
/// the ID list of that type (groups or entitlement bundles) and no other.
pub fn check_scope(c: &mut Checker, store: &Store, settings: &Value, v: &Value) -> Option<Value> {
    let field = "accessScopeSettings";
    let m = c.object(field, v, &["type", "groups", "entitlementBundles"])?;
    let t = c.required_in(field, m, "type")?;
    let t = c.string(&format!("{field}.type"), t, 1, 64)?;
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
    allowed_by(
        c,
        settings,
        field,
        "validAccessScopeSettings",
        "access scope",
        &t,
    )
    .then_some(out)
}

/// Whether type `t` is in the resource's `valid_key` list; records the failure when not.
fn allowed_by(
    c: &mut Checker,
    settings: &Value,
    field: &str,
    valid_key: &str,
    what: &str,
    t: &str,
) -> bool {
    let ok = setting_types(settings, valid_key).iter().any(|x| x == t);
    if !ok {
        c.fail(
            field,
            format!("RequestSettings is invalid for this resource: {what} type {t} is not in {valid_key}"),
            "RESOURCE_SETTINGS",
        );
    }
    ok
}

/// `priority`: an integer 0..=100.
pub fn check_priority(c: &mut Checker, v: &Value) -> Option<i64> {
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

/// `status` is changed by activate/deactivate only.
pub fn reject_status(c: &mut Checker, m: &Map<String, Value>) {
    if m.contains_key("status") {
        c.fail(
            "status",
            "is read-only; use the activate and deactivate operations",
            "UNKNOWN_PROPERTY",
        );
    }
}

/// Records a missing `accessDurationSettings` when the resource requires one.
pub fn require_duration_if_needed(c: &mut Checker, settings: &Value) {
    if duration_required(settings) {
        c.fail(
            "accessDurationSettings",
            "is required by this resource's validAccessDurationSettings",
            "REQUIRED_PROPERTY_MISSING",
        );
    }
}

/// Whether the resource requires `accessDurationSettings`.
fn duration_required(settings: &Value) -> bool {
    settings
        .get("validAccessDurationSettings")
        .and_then(|v| v.get("required"))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// `name`: 1..255 characters, unique among the resource's conditions other than `except`.
pub fn check_name(
    c: &mut Checker,
    store: &Store,
    resource_id: &str,
    except: Option<&str>,
    v: &Value,
) -> Option<String> {
    let n = c.string("name", v, 1, 255)?;
    let taken = store
        .conditions
        .iter()
        .any(|x| x.resource_id == resource_id && Some(x.id.as_str()) != except && x.name == n);
    if taken {
        c.fail(
            "name",
            format!("a request condition named '{n}' already exists for this resource"),
            "UNIQUE_CONSTRAINT",
        );
        return None;
    }
    Some(n)
}

/// `description`: 1..2000 characters when given.
pub fn check_description(c: &mut Checker, m: &Map<String, Value>) -> Option<String> {
    given(m, "description").and_then(|v| c.string("description", v, 1, 2000))
}
