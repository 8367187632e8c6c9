//! Approval (request) sequences of a resource: list and get.
//!
//! Shapes from live traffic (okta/terraform-provider-okta's
//! `TestAccDataSourceOktaRequestSequence_read` and `TestAccRequestSequenceResource_basic`):
//! `{"id","name","description","compatibleResourceTypes":["APP","GROUP"],"link"}`, where
//! `link` is the admin console page of the sequence (`…/next/sequences/{id}`). No list call
//! is recorded: its envelope (`data` plus `_links.self`, no paging parameters) is Okta's
//! OpenAPI document's (`RequestSequencesList`).

use serde_json::{json, Value};

use crate::errors::ApiError;
use crate::records::{list_envelope, ApprovalSequence, Resource};
use crate::store::Store;
use crate::util::now_ms;

/// The sequence resource type of a resource: groups (`00g…`) are `GROUP`, anything else
/// (apps, `0oa…`) `APP`.
pub fn resource_type(resource_id: &str) -> &'static str {
    if resource_id.starts_with("00g") {
        "GROUP"
    } else {
        "APP"
    }
}

fn serves(seq: &ApprovalSequence, res: &Resource) -> bool {
    let t = resource_type(&res.id);
    seq.compatible_resource_types.iter().any(|x| x == t)
}

fn to_api(seq: &ApprovalSequence, base: &str) -> Value {
    json!({
        "id": seq.id,
        "name": seq.name,
        "description": seq.description,
        "compatibleResourceTypes": seq.compatible_resource_types,
        "link": format!("{base}/next/sequences/{}", seq.id),
    })
}

/// `GET …/resources/{resourceId}/request-sequences`: the sequences compatible with the
/// resource's type, in the order they were added.
pub fn list(store: &Store, base: &str, raw_resource: &str) -> Result<Value, ApiError> {
    let res = store.resource(raw_resource)?;
    let data: Vec<Value> = store
        .approval_sequences
        .iter()
        .filter(|s| serves(s, res))
        .map(|s| to_api(s, base))
        .collect();
    Ok(list_envelope(data, base, &res.id, "request-sequences"))
}

/// `GET …/resources/{resourceId}/request-sequences/{requestSequenceId}`: 404 when the
/// sequence is unknown or does not serve the resource's type.
pub fn get(store: &Store, base: &str, raw_resource: &str, id: &str) -> Result<Value, ApiError> {
    let res = store.resource(raw_resource)?;
    store
        .approval_sequence(id)
        .filter(|s| serves(s, res))
        .map(|s| to_api(s, base))
        .ok_or_else(|| ApiError::not_found(id, "RequestSequence"))
}

/// The sequence a control call `POST /__emulator/approval-sequences/{id}` describes: the body
/// (optional) may give `name`, `description` and `compatibleResourceTypes`.
pub fn from_control(id: &str, body: &Value) -> Result<ApprovalSequence, String> {
    match body {
        Value::Null => Ok(ApprovalSequence::from_id(id)),
        Value::Object(m) => {
            let mut m = m.clone();
            m.insert("id".into(), json!(id));
            ApprovalSequence::from_json(&Value::Object(m))
        }
        _ => Err("the body must be a JSON object".into()),
    }
}

/// Adds the sequence, or replaces the one with its ID; answers `{"created": id, "sequence": …}`.
pub fn put(store: &mut Store, seq: ApprovalSequence) -> Value {
    let out = json!({ "created": seq.id, "sequence": seq });
    match store.approval_sequences.iter_mut().find(|s| s.id == seq.id) {
        Some(existing) => *existing = seq,
        None => store.approval_sequences.push(seq),
    }
    out
}

/// Deletes a sequence as an admin would in the console: conditions using it become
/// `INVALID` without `approvalSequenceId` (a write: their `lastUpdated` changes); a risk
/// setting overriding with it becomes `RESTRICTED` with `error: ["INVALID_SEQUENCE"]`.
pub fn delete(store: &mut Store, id: &str) -> Result<Value, ApiError> {
    let Some(i) = store.approval_sequences.iter().position(|s| s.id == id) else {
        return Err(ApiError::not_found(id, "ApprovalSequence"));
    };
    store.approval_sequences.remove(i);
    let now = now_ms();
    let mut invalidated = Vec::new();
    for c in store.conditions.iter_mut() {
        if c.approval_sequence_id.as_deref() == Some(id) {
            c.approval_sequence_id = None;
            c.status = "INVALID".into();
            c.touch(now);
            invalidated.push(c.id.clone());
        }
    }
    for r in store.resources.iter_mut() {
        let Some(d) = r
            .request_settings
            .get_mut("riskSettings")
            .and_then(|x| x.get_mut("defaultSetting"))
        else {
            continue;
        };
        if d.get("approvalSequenceId").and_then(Value::as_str) == Some(id) {
            let mut next = json!({
                "requestSubmissionType": "RESTRICTED",
                "error": ["INVALID_SEQUENCE"],
            });
            if let (Some(ads), Some(m)) = (
                d.get("accessDurationSettings").cloned(),
                next.as_object_mut(),
            ) {
                m.insert("accessDurationSettings".into(), ads);
            }
            *d = next;
        }
    }
    Ok(json!({ "deleted": id, "invalidatedConditions": invalidated }))
}
