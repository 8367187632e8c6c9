//! The records the store holds and their API representations: org settings, resources,
//! approval sequences, request types, conditions, requests and messages.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::util::next_ts;

/// A list response: `{"data": […], "_links": {"self": {"href": …, "hints": {}}}}`, the
/// envelope of the conditions list as recorded (and of the sequences list); `list` names the
/// resource's list (`request-conditions`, `request-sequences`) for the self link.
pub fn list_envelope(data: Vec<Value>, base: &str, resource_id: &str, list: &str) -> Value {
    let self_href = format!("{base}/governance/api/v2/resources/{resource_id}/{list}");
    json!({
        "data": data,
        "_links": { "self": { "href": self_href, "hints": {} } },
    })
}

/// The resource types a sequence may serve (`compatibleResourceTypes`, the SDK's enum).
pub const SEQUENCE_RESOURCE_TYPES: [&str; 2] = ["APP", "GROUP"];

/// An approval (request) sequence, served by `GET …/resources/{id}/request-sequences`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApprovalSequence {
    pub id: String,
    pub name: String,
    pub description: String,
    pub compatible_resource_types: Vec<String>,
}

impl ApprovalSequence {
    /// A sequence known only by its ID (a plain string in the fixtures, or the control
    /// endpoint without a body): named `Approval sequence <id>`, empty description,
    /// compatible with apps and groups (as every recorded sequence is).
    pub fn from_id(id: &str) -> Self {
        ApprovalSequence {
            id: id.to_string(),
            name: format!("Approval sequence {id}"),
            description: String::new(),
            compatible_resource_types: SEQUENCE_RESOURCE_TYPES.map(String::from).to_vec(),
        }
    }

    /// A sequence from `{ "id", "name"?, "description"?, "compatibleResourceTypes"? }`;
    /// missing keys take the values of [`ApprovalSequence::from_id`].
    pub fn from_json(v: &Value) -> Result<Self, String> {
        let m = v
            .as_object()
            .ok_or("an approval sequence must be an ID or an object")?;
        let id = m
            .get("id")
            .and_then(Value::as_str)
            .ok_or("an approval sequence object needs a string \"id\"")?;
        let mut seq = ApprovalSequence::from_id(id);
        let text = |k: &str| match m.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("approval sequence {id}: {k} must be a string")),
        };
        if let Some(n) = text("name")? {
            seq.name = n;
        }
        if let Some(d) = text("description")? {
            seq.description = d;
        }
        match m.get("compatibleResourceTypes") {
            None | Some(Value::Null) => {}
            Some(Value::Array(a)) => {
                let mut types = Vec::new();
                for t in a {
                    match t.as_str() {
                        Some(t) if SEQUENCE_RESOURCE_TYPES.contains(&t) => types.push(t.to_string()),
                        _ => {
                            return Err(format!(
                                "approval sequence {id}: compatibleResourceTypes items must be APP or GROUP"
                            ))
                        }
                    }
                }
                seq.compatible_resource_types = types;
            }
            Some(_) => {
                return Err(format!(
                    "approval sequence {id}: compatibleResourceTypes must be a list"
                ))
            }
        }
        Ok(seq)
    }
}

fn not_provisioned() -> String {
    "NOT_PROVISIONED".to_string()
}

fn provisioned() -> String {
    "PROVISIONED".to_string()
}

fn active() -> String {
    "ACTIVE".to_string()
}

/// Org request settings plus the emulator's provisioning bookkeeping.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgSettings {
    #[serde(default)]
    pub subprocessors_acknowledged: bool,
    #[serde(default = "not_provisioned")]
    pub provisioning_status: String,
    #[serde(default)]
    pub request_experiences: Vec<String>,
    #[serde(default)]
    pub long_time_past_provisioned: bool,
    /// When a pending provisioning completes (epoch ms); `None` when nothing is pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioning_deadline_ms: Option<i64>,
    /// The status a pending provisioning ends in.
    #[serde(default = "provisioned")]
    pub provisioning_outcome: String,
    /// Overrides `--provisioning-delay-ms` when set by the control endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provisioning_delay_ms: Option<u64>,
}

impl Default for OrgSettings {
    fn default() -> Self {
        OrgSettings {
            subprocessors_acknowledged: false,
            provisioning_status: not_provisioned(),
            request_experiences: Vec::new(),
            long_time_past_provisioned: false,
            provisioning_deadline_ms: None,
            provisioning_outcome: provisioned(),
            provisioning_delay_ms: None,
        }
    }
}

impl OrgSettings {
    /// Completes a pending provisioning whose deadline has passed.
    pub fn settle(&mut self, now: i64) {
        if let Some(deadline) = self.provisioning_deadline_ms {
            if now >= deadline {
                self.provisioning_status = self.provisioning_outcome.clone();
                self.provisioning_deadline_ms = None;
                // A provisioned live org offers both request experiences
                // (TestAccRequestSettingOrganization_basic).
                if self.provisioning_status == "PROVISIONED" && self.request_experiences.is_empty()
                {
                    self.request_experiences = vec!["CATALOG".into(), "ADMIN_ROLES".into()];
                }
            }
        }
    }

    /// The API representation at `now`.
    pub fn to_api(&self, now: i64) -> Value {
        let mut s = self.clone();
        s.settle(now);
        json!({
            "subprocessorsAcknowledged": s.subprocessors_acknowledged,
            "provisioningStatus": s.provisioning_status,
            "requestExperiences": s.request_experiences,
            "longTimePastProvisioned": s.long_time_past_provisioned,
        })
    }
}

/// A requestable resource (an app) and its request settings.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default)]
    pub request_settings: Value,
}

/// A field a requester fills in when creating a request.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequesterField {
    pub id: String,
    #[serde(default)]
    pub prompt: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
}

/// A request type (only what requests need).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestType {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// ACTIVE (published), DRAFT or DISABLED.
    #[serde(default = "active")]
    pub status: String,
    #[serde(default)]
    pub requester_fields: Vec<RequesterField>,
}

/// A request condition.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    pub id: String,
    pub resource_id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default)]
    pub priority: i64,
    pub status: String,
    pub requester_settings: Value,
    pub access_scope_settings: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_duration_settings: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_sequence_id: Option<String>,
    pub created: String,
    pub created_by: String,
    pub last_updated: String,
    pub last_updated_by: String,
}

impl Condition {
    /// Records a write at `now_ms`: `lastUpdated` always changes (see [`next_ts`]).
    pub fn touch(&mut self, now_ms: i64) {
        self.last_updated = next_ts(&self.last_updated, now_ms);
    }

    pub fn to_api(&self, base: &str) -> Value {
        let mut v = json!({
            "id": self.id,
            "name": self.name,
            "priority": self.priority,
            "status": self.status,
            "requesterSettings": self.requester_settings,
            "accessScopeSettings": self.access_scope_settings,
            "created": self.created,
            "createdBy": self.created_by,
            "lastUpdated": self.last_updated,
            "lastUpdatedBy": self.last_updated_by,
            "_links": { "self": {
                "href": format!(
                    "{base}/governance/api/v2/resources/{}/request-conditions/{}",
                    self.resource_id, self.id
                ),
                "hints": {},
            } },
        });
        if let Some(m) = v.as_object_mut() {
            if let Some(d) = &self.description {
                m.insert("description".into(), json!(d));
            }
            if let Some(a) = &self.access_duration_settings {
                m.insert("accessDurationSettings".into(), a.clone());
            }
            if let Some(a) = &self.approval_sequence_id {
                m.insert("approvalSequenceId".into(), json!(a));
            }
        }
        v
    }
}

/// An access request.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessRequest {
    pub id: String,
    pub subject: String,
    pub request_type_id: String,
    pub requester_user_ids: Vec<String>,
    #[serde(default)]
    pub requester_field_values: Option<Vec<Value>>,
    pub created: String,
    pub created_by: String,
    pub last_updated: String,
    pub last_updated_by: String,
    #[serde(default)]
    pub resolved: Option<String>,
    pub request_status: String,
    #[serde(default)]
    pub permalink_id: i64,
    #[serde(default)]
    pub approvals: Vec<Value>,
    #[serde(default)]
    pub actions: Option<Vec<Value>>,
    #[serde(rename = "type", default = "access_request")]
    pub kind: String,
}

fn access_request() -> String {
    "ACCESS_REQUEST".to_string()
}

impl AccessRequest {
    fn links(&self, base: &str) -> Value {
        json!({
            "requestType": {
                "href": format!("{base}/governance/api/v1/request-types/{}", self.request_type_id),
                "type": "application/json",
            },
            "self": {
                "href": format!("{base}/governance/api/v1/requests/{}", self.id),
                "type": "application/json",
            },
        })
    }

    /// The sparse representation used by the list operation.
    pub fn to_sparse(&self, base: &str) -> Value {
        json!({
            "id": self.id,
            "subject": self.subject,
            "requestTypeId": self.request_type_id,
            "requesterUserIds": self.requester_user_ids,
            "created": self.created,
            "createdBy": self.created_by,
            "lastUpdated": self.last_updated,
            "lastUpdatedBy": self.last_updated_by,
            "permalinkId": self.permalink_id,
            "resolved": self.resolved,
            "requestStatus": self.request_status,
            "type": self.kind,
            "_links": self.links(base),
        })
    }

    /// The full representation.
    pub fn to_full(&self, base: &str) -> Value {
        let mut v = self.to_sparse(base);
        if let Some(m) = v.as_object_mut() {
            m.insert(
                "requesterFieldValues".into(),
                json!(self.requester_field_values),
            );
            if self.kind == "ACCESS_REQUEST" {
                m.insert("approvals".into(), json!(self.approvals));
                m.insert("actions".into(), json!(self.actions));
            }
        }
        v
    }
}

/// A message added to a request.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    pub id: String,
    pub request_id: String,
    pub message: String,
    pub created: String,
    pub created_by: String,
}
