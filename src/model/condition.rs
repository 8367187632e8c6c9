//! A request condition as Terraform shows it: the resource `oig_request_condition` and the data
//! sources `oig_request_condition` / `oig_request_conditions` share one struct, [`Condition`],
//! whose duration field is a zero-or-one block in the resource and an object attribute in the
//! data sources. Requester, scope and duration blocks, the allowed types, and the converters
//! from and to the client's models live here.

use serde::{Deserialize, Serialize};
use tf_provider::schema::AttributeType;
use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use crate::client::conditions::{
    AccessDurationSettings, AccessScopeSettings, ConditionInput, IdRef, RequestCondition,
    RequesterSettings,
};
use crate::tf::object::{tf_object, TfType};
use crate::tf::validate;
use crate::tf::value::{
    id_set, known, opt_string, set_strings, string, BlockValue, OptionalBlock, Plain, StringSet,
};

pub const REQUESTER_TYPES: &[&str] = &["EVERYONE", "GROUPS", "TEAMS"];
pub const SCOPE_TYPES: &[&str] = &["RESOURCE_DEFAULT", "GROUPS", "ENTITLEMENT_BUNDLES"];
pub const DURATION_TYPES: &[&str] = &["ADMIN_FIXED_DURATION", "REQUESTER_SPECIFIED_DURATION"];
pub const STATUSES: &[&str] = &["ACTIVE", "INACTIVE"];

/// Every field of a request condition. `D` holds `access_duration_settings`: an
/// [`crate::tf::value::OptionalBlock`] in the resource, a [`crate::tf::value::Plain`] object
/// in the data sources.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Condition<D> {
    pub id: Value<String>,
    pub resource_id: Value<String>,
    pub name: Value<String>,
    pub description: Value<String>,
    pub approval_sequence_id: Value<String>,
    pub priority: Value<f64>,
    pub status: Value<String>,
    pub requester_settings: Value<RequesterBlock>,
    pub access_scope_settings: Value<ScopeBlock>,
    pub access_duration_settings: D,
    pub created: Value<String>,
    pub created_by: Value<String>,
    pub last_updated: Value<String>,
    pub last_updated_by: Value<String>,
}

/// The description of an `ids` block: okta/okta's form, answered with the attribute to write
/// instead (`$instead`).
macro_rules! okta_ids_doc {
    ($instead:literal) => {
        concat!("Not used by this provider: okta/okta's form of the IDs (`ids { id = \"…\" }` blocks in `okta_request_condition`). It is in the schema only so that a configuration copied from okta/okta gets a plan-time error naming the attribute to write instead (", $instead, "); any `ids` block is an error.")
    };
}

tf_object! {
    /// Who may request: `requester_settings`.
    pub struct RequesterBlock: Eq, PartialOrd, Ord {
        /// Who may request: `EVERYONE`, `GROUPS` (members of `group_ids`) or `TEAMS` (members of `team_ids`).
        kind as "type": Value<String> => required,
        /// IDs of the Okta groups (`00g…`) whose members may request. Required when `type` is `GROUPS`, not allowed otherwise.
        group_ids: StringSet => optional,
        /// IDs of the teams whose members may request. Required when `type` is `TEAMS`, not allowed otherwise.
        team_ids: StringSet => optional,
        #[doc = okta_ids_doc!("`group_ids` or `team_ids`")]
        #[serde(skip_serializing_if = "Value::is_null")]
        ids: OktaIds => block(List),
    }
}

tf_object! {
    /// What may be requested: `access_scope_settings`.
    pub struct ScopeBlock: Eq, PartialOrd, Ord {
        /// The access scope: `RESOURCE_DEFAULT`, `GROUPS` (the groups in `group_ids`) or `ENTITLEMENT_BUNDLES` (the bundles in `entitlement_bundle_ids`).
        kind as "type": Value<String> => required,
        /// IDs of the Okta groups (`00g…`) that may be requested. Required when `type` is `GROUPS`, not allowed otherwise.
        group_ids: StringSet => optional,
        /// IDs of the entitlement bundles (`enb…`) that may be requested. Required when `type` is `ENTITLEMENT_BUNDLES`, not allowed otherwise.
        entitlement_bundle_ids: StringSet => optional,
        #[doc = okta_ids_doc!("`group_ids` or `entitlement_bundle_ids`")]
        #[serde(skip_serializing_if = "Value::is_null")]
        ids: OktaIds => block(List),
    }
}

tf_object! {
    /// One `ids { id = "…" }` block, as okta/okta's `okta_request_condition` writes the groups,
    /// teams or entitlement bundles of its requester and access scope settings.
    pub struct OktaId: Eq, PartialOrd, Ord {
        /// An ID in okta/okta's form; always an error here (write it in the attribute the error names).
        id: Value<String> => optional,
    }
}

/// The `ids` blocks of the resource's `requester_settings` and `access_scope_settings`: in the
/// schema only so that a configuration copied from okta/okta is answered with the attribute to
/// write instead (plan-time error), never used otherwise. The resource always holds a list (an
/// empty one when there are none: Terraform wants `[]` for no blocks, not null); the data
/// sources, whose objects have no `ids`, hold null, which is left out when serialized.
pub type OktaIds = Value<Vec<Value<OktaId>>>;

/// Whether a [`Condition`] with duration field `D` is the resource's (blocks, with the `ids`
/// blocks of okta/okta's form) or a data source's (objects without them).
pub trait ConditionForm {
    /// `ids` as read from the API: `[]` for the resource, null (absent) for a data source.
    fn no_okta_ids() -> OktaIds;
}

impl ConditionForm for OptionalBlock<DurationBlock> {
    fn no_okta_ids() -> OktaIds {
        Value::Value(Vec::new())
    }
}

impl ConditionForm for Plain<DurationBlock> {
    fn no_okta_ids() -> OktaIds {
        Value::Null
    }
}

tf_object! {
    /// How long granted access lasts: a condition's `access_duration_settings`, and the risk
    /// settings' `default_setting.access_duration_settings`.
    pub struct DurationBlock: Eq, PartialOrd, Ord {
        /// Who sets the duration: `ADMIN_FIXED_DURATION` (every grant lasts `duration`) or `REQUESTER_SPECIFIED_DURATION` (the requester chooses, up to `duration`).
        kind as "type": Value<String> => required,
        /// An ISO-8601 duration: hours (`PT12H`, at most `PT72H`), days (`P7D`, at most `P90D`) or weeks (`P2W`, at most `P12W`), within the resource's `valid_access_duration_settings`. Sent to Okta as `duration` or `maximumDuration` as the type requires.
        duration: Value<String> => required,
    }
}

impl DurationBlock {
    /// The block for an API duration (null when there is none), whichever field carried it.
    pub fn from_api(d: Option<&AccessDurationSettings>) -> Value<DurationBlock> {
        d.map(|d| {
            Value::Value(DurationBlock {
                kind: string(d.kind.clone()),
                duration: opt_string(d.value()),
            })
        })
        .unwrap_or(Value::Null)
    }

    /// The plan-time checks of a configured block at `path` (named `name` in messages): a known
    /// `type` is one of [`DURATION_TYPES`], a known `duration` is an ISO-8601 duration within
    /// Okta's limits (the resource's own limits are checked against its settings elsewhere).
    pub fn validate(&self, diags: &mut Diagnostics, path: AttributePath, name: &str) {
        if let Some(kind) = known(&self.kind) {
            validate::one_of(
                diags,
                path.clone().attribute("type"),
                &format!("{name}.type"),
                kind,
                DURATION_TYPES,
            );
        }
        if let Some(v) = known(&self.duration) {
            validate::access_duration(
                diags,
                path.attribute("duration"),
                &format!("{name}.duration"),
                v,
                validate::DurationLimits::OKTA,
                "Okta's limit",
            );
        }
    }

    /// The API form, sent as `duration` or `maximumDuration` as the type requires.
    pub fn to_api(&self) -> AccessDurationSettings {
        AccessDurationSettings::new(
            known(&self.kind).unwrap_or_default(),
            known(&self.duration).unwrap_or_default(),
        )
    }
}

/// `(name, type, description)` of every field a condition has besides `resource_id` and `id`,
/// in schema order, as the data sources show them (computed).
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
            RequesterBlock::tf_type(),
            "Who may request: `type` (`EVERYONE`, `GROUPS` or `TEAMS`) with the `group_ids` or `team_ids` it names.",
        ),
        (
            "access_scope_settings",
            ScopeBlock::tf_type(),
            "What may be requested: `type` (`RESOURCE_DEFAULT`, `GROUPS` or `ENTITLEMENT_BUNDLES`) with the `group_ids` or `entitlement_bundle_ids` it names.",
        ),
        (
            "access_duration_settings",
            DurationBlock::tf_type(),
            "How long access lasts: `type` (`ADMIN_FIXED_DURATION` or `REQUESTER_SPECIFIED_DURATION`) and the ISO-8601 `duration` (the fixed or the maximum duration); null when access does not expire.",
        ),
        ("created", Str, "When the condition was created (RFC 3339)."),
        ("created_by", Str, "ID of the user who created the condition."),
        ("last_updated", Str, "When the condition was last updated (RFC 3339)."),
        ("last_updated_by", Str, "ID of the user who last updated the condition."),
    ]
}

fn ids(v: &StringSet) -> Option<Vec<IdRef>> {
    let list: Vec<IdRef> = set_strings(v).into_iter().map(|id| IdRef { id }).collect();
    (!list.is_empty()).then_some(list)
}

fn ref_ids(list: &Option<Vec<IdRef>>) -> StringSet {
    id_set(list.iter().flatten().map(|r| r.id.as_str()))
}

/// The priority for state. Okta may answer 0 whatever priority was written (seen by the
/// official provider's maintainers, okta/terraform-provider-okta#2786), so a 0 from the API
/// where the prior state or plan holds a non-zero priority keeps that priority; any other value
/// (a non-zero one that differs is real drift) is Okta's.
pub fn priority_from_api(api: Option<i64>, prior: &Value<f64>) -> Value<f64> {
    match (api, prior) {
        (Some(0), Value::Value(p)) if *p != 0.0 => Value::Value(*p),
        (Some(n), _) => Value::Value(n as f64),
        (None, _) => Value::Null,
    }
}

/// A condition in the data sources' form is an object attribute (an element of
/// `oig_request_conditions.conditions`): `resource_id`, `id` and [`condition_fields`].
impl TfType for Condition<Plain<DurationBlock>> {
    fn tf_type() -> AttributeType {
        let mut fields = vec![
            ("resource_id", AttributeType::String),
            ("id", AttributeType::String),
        ];
        fields.extend(condition_fields().into_iter().map(|(n, t, _)| (n, t)));
        crate::tf::schema::object(fields)
    }
}

impl<D: BlockValue<DurationBlock> + ConditionForm> Condition<D> {
    /// Terraform's view of the API's representation. `resource_id` is kept as the caller
    /// wrote it (an ORN or an ID: the API does not echo it); `prior_priority` is what the state
    /// or plan holds (see [`priority_from_api`]).
    pub fn from_api(
        c: &RequestCondition,
        resource_id: Value<String>,
        prior_priority: &Value<f64>,
    ) -> Self {
        Condition {
            id: string(c.id.clone()),
            resource_id,
            name: string(c.name.clone()),
            description: opt_string(c.description.as_deref()),
            approval_sequence_id: opt_string(c.approval_sequence_id.as_deref()),
            priority: priority_from_api(c.priority, prior_priority),
            status: string(c.status.clone()),
            requester_settings: c
                .requester_settings
                .as_ref()
                .map(|r| {
                    Value::Value(RequesterBlock {
                        kind: string(r.kind.clone()),
                        group_ids: ref_ids(&r.groups),
                        team_ids: ref_ids(&r.teams),
                        ids: D::no_okta_ids(),
                    })
                })
                .unwrap_or(Value::Null),
            access_scope_settings: c
                .access_scope_settings
                .as_ref()
                .map(|a| {
                    Value::Value(ScopeBlock {
                        kind: string(a.kind.clone()),
                        group_ids: ref_ids(&a.groups),
                        entitlement_bundle_ids: ref_ids(&a.entitlement_bundles),
                        ids: D::no_okta_ids(),
                    })
                })
                .unwrap_or(Value::Null),
            access_duration_settings: D::from(DurationBlock::from_api(
                c.access_duration_settings.as_ref(),
            )),
            created: opt_string(c.created.as_deref()),
            created_by: opt_string(c.created_by.as_deref()),
            last_updated: opt_string(c.last_updated.as_deref()),
            last_updated_by: opt_string(c.last_updated_by.as_deref()),
        }
    }

    /// The API body for these values.
    pub fn to_api(&self) -> ConditionInput {
        let requester = self.requester_settings.as_ref_option();
        let scope = self.access_scope_settings.as_ref_option();
        ConditionInput {
            name: known(&self.name).unwrap_or_default().to_string(),
            description: known(&self.description).map(str::to_string),
            approval_sequence_id: known(&self.approval_sequence_id)
                .unwrap_or_default()
                .to_string(),
            priority: self.priority.as_ref_option().map(|n| *n as i64),
            requester_settings: RequesterSettings {
                kind: requester
                    .and_then(|r| known(&r.kind))
                    .unwrap_or_default()
                    .to_string(),
                groups: requester.and_then(|r| ids(&r.group_ids)),
                teams: requester.and_then(|r| ids(&r.team_ids)),
            },
            access_scope_settings: AccessScopeSettings {
                kind: scope
                    .and_then(|a| known(&a.kind))
                    .unwrap_or_default()
                    .to_string(),
                groups: scope.and_then(|a| ids(&a.group_ids)),
                entitlement_bundles: scope.and_then(|a| ids(&a.entitlement_bundle_ids)),
            },
            access_duration_settings: self
                .access_duration_settings
                .as_ref_option()
                .map(DurationBlock::to_api),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zero_priority_from_the_api_keeps_a_non_zero_prior() {
        let seven = Value::Value(7.0);
        assert_eq!(priority_from_api(Some(0), &seven), seven);
        assert_eq!(priority_from_api(Some(3), &seven), Value::Value(3.0));
        assert_eq!(
            priority_from_api(Some(0), &Value::Value(0.0)),
            Value::Value(0.0)
        );
        assert_eq!(priority_from_api(Some(0), &Value::Null), Value::Value(0.0));
        assert_eq!(
            priority_from_api(Some(0), &Value::Unknown),
            Value::Value(0.0)
        );
        assert_eq!(priority_from_api(None, &seven), Value::Null);
    }
}
