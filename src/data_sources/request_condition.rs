//! Data source `oig_request_condition`: one request condition of a resource, every field.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tf_provider::schema::{Attribute, AttributeType, Schema};
use tf_provider::value::{Value, ValueEmpty};
use tf_provider::{AttributePath, DataSource, Diagnostics};

use crate::client::conditions::RequestCondition;
use crate::resources::request_condition::{self as rc, DurationBlock, RequesterBlock, ScopeBlock};
use crate::tf::value::{known, string};
use crate::tf::ProviderData;
use crate::tf::{diag, schema as s};

/// One request condition as data sources show it (also an element of `oig_request_conditions`).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConditionData {
    #[serde(default)]
    pub resource_id: Value<String>,
    #[serde(default)]
    pub id: Value<String>,
    #[serde(default)]
    pub name: Value<String>,
    #[serde(default)]
    pub description: Value<String>,
    #[serde(default)]
    pub approval_sequence_id: Value<String>,
    #[serde(default)]
    pub priority: Value<f64>,
    #[serde(default)]
    pub status: Value<String>,
    #[serde(default)]
    pub requester_settings: Value<RequesterBlock>,
    #[serde(default)]
    pub access_scope_settings: Value<ScopeBlock>,
    #[serde(default)]
    pub access_duration_settings: Value<DurationBlock>,
    #[serde(default)]
    pub created: Value<String>,
    #[serde(default)]
    pub created_by: Value<String>,
    #[serde(default)]
    pub last_updated: Value<String>,
    #[serde(default)]
    pub last_updated_by: Value<String>,
}

impl ConditionData {
    pub fn from_api(c: &RequestCondition, resource_id: &str) -> ConditionData {
        let prior = rc::State {
            resource_id: string(resource_id),
            ..Default::default()
        };
        let st = rc::from_api(c, &prior);
        ConditionData {
            resource_id: st.resource_id,
            id: st.id,
            name: st.name,
            description: st.description,
            approval_sequence_id: st.approval_sequence_id,
            priority: st.priority,
            status: st.status,
            requester_settings: st.requester_settings,
            access_scope_settings: st.access_scope_settings,
            access_duration_settings: st.access_duration_settings,
            created: st.created,
            created_by: st.created_by,
            last_updated: st.last_updated,
            last_updated_by: st.last_updated_by,
        }
    }
}

/// `(name, type, description)` of every computed field of a condition, in schema order.
pub fn condition_fields() -> Vec<(&'static str, AttributeType, &'static str)> {
    use AttributeType::{Number, String as Str};
    vec![
        ("name", Str, "The condition's name, unique within the resource."),
        ("description", Str, "Human-readable description; null when the condition has none."),
        ("approval_sequence_id", Str, "ID of the approval sequence requests follow; null when the sequence was deleted (the condition is then `INVALID`)."),
        ("priority", Number, "Priority from 0 (highest) to 100."),
        ("status", Str, "`ACTIVE`, `INACTIVE`, `INVALID` or `DELETED`."),
        (
            "requester_settings",
            s::object([("type", Str), ("group_ids", s::string_set()), ("team_ids", s::string_set())]),
            "Who may request: `type` (`EVERYONE`, `GROUPS` or `TEAMS`) with the `group_ids` or `team_ids` it names.",
        ),
        (
            "access_scope_settings",
            s::object([("type", Str), ("group_ids", s::string_set()), ("entitlement_bundle_ids", s::string_set())]),
            "What may be requested: `type` (`RESOURCE_DEFAULT`, `GROUPS` or `ENTITLEMENT_BUNDLES`) with the `group_ids` or `entitlement_bundle_ids` it names.",
        ),
        (
            "access_duration_settings",
            s::object([("type", Str), ("duration", Str)]),
            "How long access lasts: `type` (`ADMIN_FIXED_DURATION` or `REQUESTER_SPECIFIED_DURATION`) and the ISO-8601 `duration` (the fixed or the maximum duration); null when access does not expire.",
        ),
        ("created", Str, "When the condition was created (RFC 3339)."),
        ("created_by", Str, "ID of the user who created the condition."),
        ("last_updated", Str, "When the condition was last updated (RFC 3339)."),
        ("last_updated_by", Str, "ID of the user who last updated the condition."),
    ]
}

pub fn schema() -> Schema {
    let mut attrs: Vec<(&str, Attribute)> = vec![
        (
            "resource_id",
            s::required(
                AttributeType::String,
                "The resource (app) the condition belongs to, as an Okta ID (`0oa…`) or an ORN.",
            ),
        ),
        (
            "id",
            s::required(
                AttributeType::String,
                "The request condition's ID (`rco…`).",
            ),
        ),
    ];
    for (name, ty, description) in condition_fields() {
        attrs.push((name, s::computed(ty, description)));
    }
    s::schema(s::block("Reads one request condition of a resource, with every field: requester, access scope and duration settings, approval sequence, priority and status.", attrs, []))
}

pub struct RequestConditionDataSource {
    data: Arc<ProviderData>,
}

impl RequestConditionDataSource {
    pub fn new(data: Arc<ProviderData>) -> Self {
        Self { data }
    }
}

#[async_trait]
impl DataSource for RequestConditionDataSource {
    type State<'a> = ConditionData;
    type ProviderMetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(schema())
    }

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        config: ConditionData,
        _meta: ValueEmpty,
    ) -> Option<ConditionData> {
        let client = self.data.client(diags)?;
        let (Some(resource_id), Some(id)) = (known(&config.resource_id), known(&config.id)) else {
            diag::error(
                diags,
                "Missing resource_id or id",
                "Both resource_id and id must be known to read a request condition.",
                AttributePath::root(),
            );
            return None;
        };
        match client.get_request_condition(resource_id, id).await {
            Ok(c) => Some(ConditionData::from_api(&c, resource_id)),
            Err(e) => {
                diag::api_error(
                    diags,
                    format!("Unable to read request condition {id} of resource {resource_id}"),
                    &e,
                );
                None
            }
        }
    }
}
