//! Request settings v2: the org's settings (`/governance/api/v2/request-settings`) and each
//! resource's (`/governance/api/v2/resources/{resourceId}/request-settings`).

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::conditions::AccessDurationSettings;
use super::{resource_path, ApiError, Call, Client};

/// `org-request-settings` in the OpenAPI document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct OrgRequestSettings {
    pub subprocessors_acknowledged: bool,
    pub provisioning_status: String,
    pub request_experiences: Vec<String>,
    pub long_time_past_provisioned: bool,
}

const ORG_SETTINGS: &str = "/governance/api/v2/request-settings";

impl Client {
    pub async fn get_org_request_settings(&self) -> Result<OrgRequestSettings, ApiError> {
        let call = Call::get("GET /governance/api/v2/request-settings", ORG_SETTINGS);
        settings_object(self.send(&call).await?.body)
    }

    pub async fn update_org_request_settings(
        &self,
        subprocessors_acknowledged: bool,
    ) -> Result<OrgRequestSettings, ApiError> {
        let call = Call::new(
            Method::PATCH,
            "PATCH /governance/api/v2/request-settings",
            ORG_SETTINGS,
        )
        .json(&OrgSettingsPatch {
            subprocessors_acknowledged,
        })?;
        settings_object(self.send(&call).await?.body)
    }
}

/// `{"type": "…"}` items of the `valid*` lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TypeItem {
    #[serde(rename = "type")]
    pub kind: String,
}

/// `valid-access-duration-settings-details`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ValidAccessDurationSettings {
    pub supported_types: Vec<TypeItem>,
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_days: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_hours: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_weeks: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ValidRiskSettings {
    pub supported_types: Vec<TypeItem>,
}

/// `request-on-behalf-of-settings-details`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RequestOnBehalfOfSettings {
    pub allowed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub only_for: Option<Vec<String>>,
}

/// `risk-settings-details`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RiskSettings {
    pub default_setting: RiskDefaultSetting,
}

/// `risk-settings-default-details`: which fields may appear depends on `requestSubmissionType`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RiskDefaultSetting {
    pub request_submission_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval_sequence_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_duration_settings: Option<AccessDurationSettings>,
    /// Read only: `INVALID_SEQUENCE` when the approval sequence was deleted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<Vec<String>>,
}

impl RiskSettings {
    /// The PATCH body form (`risk-settings-patchable`): read-only `error` left out, the
    /// duration in the OpenAPI shape.
    pub fn api_form(&self) -> RiskSettings {
        let d = &self.default_setting;
        RiskSettings {
            default_setting: RiskDefaultSetting {
                request_submission_type: d.request_submission_type.clone(),
                approval_sequence_id: d.approval_sequence_id.clone(),
                access_duration_settings: d
                    .access_duration_settings
                    .as_ref()
                    .map(AccessDurationSettings::api_form),
                error: None,
            },
        }
    }

    /// [`RiskSettings::api_form`] as JSON.
    pub fn to_api(&self) -> Value {
        serde_json::to_value(self.api_form()).unwrap_or(Value::Null)
    }
}

/// `request-settings`: what request conditions of a resource may contain, plus its
/// request-on-behalf-of and risk settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ResourceRequestSettings {
    pub valid_access_scope_settings: Vec<TypeItem>,
    pub valid_requester_settings: Vec<TypeItem>,
    pub valid_access_duration_settings: ValidAccessDurationSettings,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_on_behalf_of_settings: Option<RequestOnBehalfOfSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_risk_settings: Option<ValidRiskSettings>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk_settings: Option<RiskSettings>,
    pub valid_request_on_behalf_of_settings: Vec<TypeItem>,
}

/// What to change with a PATCH; `None` leaves a part as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceSettingsPatch {
    /// `Some(None)` turns request on behalf of off (sent as `null`).
    pub request_on_behalf_of_settings: Option<Option<RequestOnBehalfOfSettings>>,
    pub risk_settings: Option<RiskSettings>,
}

impl ResourceSettingsPatch {
    pub fn is_empty(&self) -> bool {
        self.request_on_behalf_of_settings.is_none() && self.risk_settings.is_none()
    }

    fn body(&self) -> SettingsPatchBody<'_> {
        SettingsPatchBody {
            request_on_behalf_of_settings: self
                .request_on_behalf_of_settings
                .as_ref()
                .map(Option::as_ref),
            risk_settings: self.risk_settings.as_ref().map(RiskSettings::api_form),
        }
    }
}

/// The JSON body of a resource-settings PATCH: only the parts being changed.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SettingsPatchBody<'a> {
    /// `Some(None)` is an explicit `null`.
    #[serde(skip_serializing_if = "Option::is_none")]
    request_on_behalf_of_settings: Option<Option<&'a RequestOnBehalfOfSettings>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    risk_settings: Option<RiskSettings>,
}

/// The JSON body of an org-settings PATCH.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct OrgSettingsPatch {
    subprocessors_acknowledged: bool,
}

fn resource_settings_path(resource_id: &str) -> Result<String, ApiError> {
    resource_path(resource_id, "request-settings")
}

/// Settings from a 2xx body, which must hold an object: an empty one (`{}`) or none at all is
/// an error, never settings made of defaults.
fn settings_object<T: DeserializeOwned>(body: Value) -> Result<T, ApiError> {
    match &body {
        Value::Object(m) if !m.is_empty() => {}
        _ => {
            return Err(ApiError::Decode {
                status: 200,
                message: "the answer holds no settings object".into(),
            })
        }
    }
    serde_json::from_value(body).map_err(|e| ApiError::Decode {
        status: 200,
        message: e.to_string(),
    })
}

impl Client {
    pub async fn get_resource_request_settings(
        &self,
        resource_id: &str,
    ) -> Result<ResourceRequestSettings, ApiError> {
        let call = Call::get(
            "GET /governance/api/v2/resources/{id}/request-settings",
            resource_settings_path(resource_id)?,
        );
        settings_object(self.send(&call).await?.body)
    }

    pub async fn update_resource_request_settings(
        &self,
        resource_id: &str,
        patch: &ResourceSettingsPatch,
    ) -> Result<ResourceRequestSettings, ApiError> {
        let call = Call::new(
            Method::PATCH,
            "PATCH /governance/api/v2/resources/{id}/request-settings",
            resource_settings_path(resource_id)?,
        )
        .json(&patch.body())?;
        settings_object(self.send(&call).await?.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn patch_body_turns_on_behalf_of_off_with_null() {
        let off = ResourceSettingsPatch {
            request_on_behalf_of_settings: Some(None),
            risk_settings: None,
        };
        assert_eq!(
            serde_json::to_value(off.body()).unwrap_or_default(),
            json!({"requestOnBehalfOfSettings": null})
        );
        let risk = ResourceSettingsPatch {
            request_on_behalf_of_settings: None,
            risk_settings: Some(RiskSettings {
                default_setting: RiskDefaultSetting {
                    request_submission_type: "ALLOWED_WITH_OVERRIDES".into(),
                    approval_sequence_id: Some("a".repeat(24)),
                    access_duration_settings: Some(AccessDurationSettings::new(
                        "REQUESTER_SPECIFIED_DURATION",
                        "P2D",
                    )),
                    error: Some(vec!["INVALID_SEQUENCE".into()]),
                },
            }),
        };
        assert_eq!(
            serde_json::to_value(risk.body()).unwrap_or_default(),
            json!({"riskSettings": {"defaultSetting": {
                "requestSubmissionType": "ALLOWED_WITH_OVERRIDES",
                "approvalSequenceId": "a".repeat(24),
                "accessDurationSettings": {"type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "P2D"}
            }}})
        );
    }

    /// Live shapes (recorded by the official provider): the org settings, and resource settings
    /// with request on behalf of allowed while `validRequestOnBehalfOfSettings` is empty.
    #[test]
    fn reads_the_live_shapes() {
        let org: OrgRequestSettings = serde_json::from_value(json!({
            "subprocessorsAcknowledged": true, "provisioningStatus": "PROVISIONED",
            "requestExperiences": ["CATALOG", "ADMIN_ROLES"], "longTimePastProvisioned": false
        }))
        .unwrap_or_default();
        assert_eq!(
            org,
            OrgRequestSettings {
                subprocessors_acknowledged: true,
                provisioning_status: "PROVISIONED".into(),
                request_experiences: vec!["CATALOG".into(), "ADMIN_ROLES".into()],
                long_time_past_provisioned: false,
            }
        );
        let settings: ResourceRequestSettings = serde_json::from_value(json!({
            "validAccessScopeSettings": [{"type": "RESOURCE_DEFAULT"}, {"type": "ENTITLEMENT_BUNDLES"}],
            "validRequesterSettings": [{"type": "GROUPS"}, {"type": "EVERYONE"}],
            "validAccessDurationSettings": {"supportedTypes": [{"type": "REQUESTER_SPECIFIED_DURATION"}, {"type": "ADMIN_FIXED_DURATION"}], "required": false, "maximumDays": 90, "maximumHours": 72, "maximumWeeks": 12},
            "requestOnBehalfOfSettings": {"allowed": true},
            "validRiskSettings": {"supportedTypes": [{"type": "DEFAULT_SETTING"}]},
            "riskSettings": {"defaultSetting": {"requestSubmissionType": "ALLOWED_WITH_OVERRIDES", "approvalSequenceId": "b".repeat(24)}},
            "validRequestOnBehalfOfSettings": []
        }))
        .unwrap_or_default();
        assert_eq!(
            settings.request_on_behalf_of_settings,
            Some(RequestOnBehalfOfSettings {
                allowed: true,
                only_for: None
            })
        );
        assert!(settings.valid_request_on_behalf_of_settings.is_empty());
        assert_eq!(
            settings.valid_access_duration_settings.maximum_days,
            Some(90.0)
        );
        // Unset parts are absent, not null.
        let bare: ResourceRequestSettings = serde_json::from_value(json!({
            "validAccessScopeSettings": [], "validRequesterSettings": [],
            "validAccessDurationSettings": {"supportedTypes": [], "required": false}
        }))
        .unwrap_or_default();
        assert_eq!(bare.request_on_behalf_of_settings, None);
        assert_eq!(bare.risk_settings, None);
    }
}
