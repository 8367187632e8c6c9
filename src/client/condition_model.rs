//! Request conditions v2 as the API reads and writes them: the models, the create/update
//! body, and what makes a found condition "the one this input would have created".

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A reference to another Okta object: `{"id": "00g…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdRef {
    pub id: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RequesterSettings {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<IdRef>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub teams: Option<Vec<IdRef>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AccessScopeSettings {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<IdRef>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entitlement_bundles: Option<Vec<IdRef>>,
}

/// Access duration: the OpenAPI file sends `duration` for `ADMIN_FIXED_DURATION` and
/// `maximumDuration` for `REQUESTER_SPECIFIED_DURATION`; the reference pages show `duration` for
/// both. Both are read; [`AccessDurationSettings::to_api`] writes the OpenAPI form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AccessDurationSettings {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_duration: Option<String>,
}

pub const ADMIN_FIXED_DURATION: &str = "ADMIN_FIXED_DURATION";
pub const REQUESTER_SPECIFIED_DURATION: &str = "REQUESTER_SPECIFIED_DURATION";

impl AccessDurationSettings {
    /// The duration, whichever field carried it.
    pub fn value(&self) -> Option<&str> {
        match self.kind.as_str() {
            REQUESTER_SPECIFIED_DURATION => self
                .maximum_duration
                .as_deref()
                .or(self.duration.as_deref()),
            _ => self
                .duration
                .as_deref()
                .or(self.maximum_duration.as_deref()),
        }
    }

    pub fn new(kind: &str, duration: &str) -> Self {
        AccessDurationSettings {
            kind: kind.to_string(),
            duration: Some(duration.to_string()),
            maximum_duration: None,
        }
    }

    /// The form the provider writes: the duration in the field the OpenAPI file names for the
    /// type (`maximumDuration` for `REQUESTER_SPECIFIED_DURATION`, else `duration`).
    pub fn api_form(&self) -> AccessDurationSettings {
        let value = self.value().map(str::to_string);
        let requester = self.kind == REQUESTER_SPECIFIED_DURATION;
        AccessDurationSettings {
            kind: self.kind.clone(),
            duration: if requester { None } else { value.clone() },
            maximum_duration: if requester { value } else { None },
        }
    }

    /// [`AccessDurationSettings::api_form`] as JSON.
    pub fn to_api(&self) -> Value {
        serde_json::to_value(self.api_form()).unwrap_or(Value::Null)
    }
}

/// A request condition as the API returns it (full or sparse representation).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RequestCondition {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub approval_sequence_id: Option<String>,
    pub priority: Option<i64>,
    pub status: String,
    pub requester_settings: Option<RequesterSettings>,
    pub access_scope_settings: Option<AccessScopeSettings>,
    pub access_duration_settings: Option<AccessDurationSettings>,
    pub created: Option<String>,
    pub created_by: Option<String>,
    pub last_updated: Option<String>,
    pub last_updated_by: Option<String>,
}

impl super::Identified for RequestCondition {
    fn id(&self) -> &str {
        &self.id
    }
}

impl RequestCondition {
    /// Whether this is the sparse representation the list endpoint returns: a requester or
    /// access scope type that selects IDs (groups, teams, entitlement bundles) without them.
    pub fn lacks_id_lists(&self) -> bool {
        let requester = match &self.requester_settings {
            None => true,
            Some(r) => r.kind != "EVERYONE" && is_empty(&r.groups) && is_empty(&r.teams),
        };
        let scope = match &self.access_scope_settings {
            None => true,
            Some(a) => {
                a.kind != "RESOURCE_DEFAULT"
                    && is_empty(&a.groups)
                    && is_empty(&a.entitlement_bundles)
            }
        };
        requester || scope
    }
}

fn is_empty(ids: &Option<Vec<IdRef>>) -> bool {
    ids.as_ref().is_none_or(Vec::is_empty)
}

/// What the provider sends on create and update.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConditionInput {
    pub name: String,
    pub description: Option<String>,
    pub approval_sequence_id: String,
    pub priority: Option<i64>,
    pub requester_settings: RequesterSettings,
    pub access_scope_settings: AccessScopeSettings,
    pub access_duration_settings: Option<AccessDurationSettings>,
}

/// The JSON body of a create (POST) or update (PATCH).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ConditionBody<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    approval_sequence_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    priority: Option<i64>,
    requester_settings: &'a RequesterSettings,
    access_scope_settings: &'a AccessScopeSettings,
    /// `Some(None)` is an explicit `null` (PATCH clears the duration with it).
    #[serde(skip_serializing_if = "Option::is_none")]
    access_duration_settings: Option<Option<AccessDurationSettings>>,
}

impl ConditionInput {
    /// The plainest condition a resource accepts: everyone may request, at the resource's
    /// default scope, with no duration, through `sequence`.
    pub fn everyone(name: &str, sequence: &str) -> ConditionInput {
        ConditionInput {
            name: name.to_string(),
            approval_sequence_id: sequence.to_string(),
            requester_settings: RequesterSettings {
                kind: "EVERYONE".into(),
                ..Default::default()
            },
            access_scope_settings: AccessScopeSettings {
                kind: "RESOURCE_DEFAULT".into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    pub(crate) fn body(&self, create: bool) -> ConditionBody<'_> {
        // The name on update too: Okta's OpenAPI says it is "modifiable on update", and live
        // Okta accepts it in a PATCH (the official provider always sends it).
        let duration = self
            .access_duration_settings
            .as_ref()
            .map(AccessDurationSettings::api_form);
        ConditionBody {
            name: &self.name,
            description: self.description.as_deref(),
            approval_sequence_id: &self.approval_sequence_id,
            priority: self.priority,
            requester_settings: &self.requester_settings,
            access_scope_settings: &self.access_scope_settings,
            // On create an unset duration is simply absent.
            access_duration_settings: match duration {
                Some(d) => Some(Some(d)),
                None if create => None,
                None => Some(None),
            },
        }
    }

    /// The fields in which `c` differs from what this input sends (empty: it is what this
    /// input would have created). Okta may echo `priority` 0 whatever was written
    /// (okta/terraform-provider-okta#2786), so 0 matches any priority.
    pub fn differences(&self, c: &RequestCondition) -> Vec<&'static str> {
        let mut out = Vec::new();
        let text = |o: Option<&str>| o.unwrap_or("").to_string();
        if c.name != self.name {
            out.push("name");
        }
        if text(c.description.as_deref()) != text(self.description.as_deref()) {
            out.push("description");
        }
        if c.approval_sequence_id.as_deref() != Some(self.approval_sequence_id.as_str()) {
            out.push("approval_sequence_id");
        }
        if let Some(p) = self.priority {
            if c.priority != Some(p) && c.priority != Some(0) {
                out.push("priority");
            }
        }
        let ids = |v: &Option<Vec<IdRef>>| {
            let mut ids: Vec<String> = v.iter().flatten().map(|r| r.id.clone()).collect();
            ids.sort();
            ids.dedup();
            ids
        };
        let want = &self.requester_settings;
        match &c.requester_settings {
            Some(r)
                if r.kind == want.kind
                    && ids(&r.groups) == ids(&want.groups)
                    && ids(&r.teams) == ids(&want.teams) => {}
            _ => out.push("requester_settings"),
        }
        let want = &self.access_scope_settings;
        match &c.access_scope_settings {
            Some(a)
                if a.kind == want.kind
                    && ids(&a.groups) == ids(&want.groups)
                    && ids(&a.entitlement_bundles) == ids(&want.entitlement_bundles) => {}
            _ => out.push("access_scope_settings"),
        }
        let same_duration = match (&self.access_duration_settings, &c.access_duration_settings) {
            (None, None) => true,
            (Some(w), Some(g)) => w.kind == g.kind && w.value() == g.value(),
            _ => false,
        };
        if !same_duration {
            out.push("access_duration_settings");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_both_duration_shapes() {
        let page: AccessDurationSettings = serde_json::from_value(
            json!({"type": "REQUESTER_SPECIFIED_DURATION", "duration": "P2W"}),
        )
        .unwrap_or_default();
        assert_eq!(page.value(), Some("P2W"));
        let openapi: AccessDurationSettings = serde_json::from_value(
            json!({"type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "P3D"}),
        )
        .unwrap_or_default();
        assert_eq!(openapi.value(), Some("P3D"));
        assert_eq!(
            openapi.to_api(),
            json!({"type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "P3D"})
        );
        let fixed = AccessDurationSettings::new(ADMIN_FIXED_DURATION, "PT12H");
        assert_eq!(
            fixed.to_api(),
            json!({"type": "ADMIN_FIXED_DURATION", "duration": "PT12H"})
        );
    }

    #[test]
    fn patch_clears_duration_with_null_and_sends_the_name() {
        let input = ConditionInput::everyone("n", &"a".repeat(24));
        let patch = serde_json::to_value(input.body(false)).unwrap_or_default();
        assert_eq!(patch["name"], "n");
        assert_eq!(patch["accessDurationSettings"], Value::Null);
        let create = serde_json::to_value(input.body(true)).unwrap_or_default();
        assert_eq!(create["name"], "n");
        assert!(create.get("accessDurationSettings").is_none());
        assert_eq!(create["requesterSettings"], json!({"type": "EVERYONE"}));
    }

    /// The shape live Okta answers with (recorded by the official provider): no `description`
    /// or `accessDurationSettings` when unset, whole-second timestamps, links on the `-admin`
    /// host with `hints: {}`, `priority` last.
    #[test]
    fn reads_the_live_shape() {
        let body = json!({
            "requesterSettings": {"type": "GROUPS", "groups": [{"id": "00g1a2b3c4d5e6f7g8h9"}]},
            "accessScopeSettings": {"type": "RESOURCE_DEFAULT"},
            "approvalSequenceId": "a".repeat(24),
            "name": "live",
            "id": "rco1a2b3c4d5e6f7g8h9",
            "createdBy": "00u1a2b3c4d5e6f7g8h9",
            "created": "2025-09-17T18:23:59Z",
            "lastUpdated": "2025-09-17T18:24:04Z",
            "lastUpdatedBy": "00u1a2b3c4d5e6f7g8h9",
            "_links": {"self": {"href": "https://acme-admin.okta.com/governance/api/v2/resources/0oa1/request-conditions/rco1a2b3c4d5e6f7g8h9", "hints": {}}},
            "status": "INACTIVE",
            "priority": 0
        });
        let c: RequestCondition = serde_json::from_value(body).unwrap_or_default();
        assert_eq!(c.id, "rco1a2b3c4d5e6f7g8h9");
        assert_eq!(c.description, None);
        assert_eq!(c.access_duration_settings, None);
        assert_eq!(c.created.as_deref(), Some("2025-09-17T18:23:59Z"));
        assert_eq!(c.priority, Some(0));
        assert!(!c.lacks_id_lists());
        // The list's sparse form of the same condition.
        let sparse: RequestCondition = serde_json::from_value(json!({
            "id": "rco1a2b3c4d5e6f7g8h9", "name": "live", "status": "INACTIVE", "priority": 0,
            "requesterSettings": {"type": "GROUPS"}, "accessScopeSettings": {"type": "RESOURCE_DEFAULT"}
        }))
        .unwrap_or_default();
        assert!(sparse.lacks_id_lists());
        let everyone: RequestCondition = serde_json::from_value(json!({
            "id": "rco1", "requesterSettings": {"type": "EVERYONE"}, "accessScopeSettings": {"type": "RESOURCE_DEFAULT"}
        }))
        .unwrap_or_default();
        assert!(!everyone.lacks_id_lists());
    }
}
