//! Request settings v2: the org's settings (`/governance/api/v2/request-settings`).

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::{ApiError, Call, Client};

/// `org-request-settings` in the OpenAPI document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrgRequestSettings {
    #[serde(default)]
    pub subprocessors_acknowledged: bool,
    #[serde(default)]
    pub provisioning_status: String,
    #[serde(default)]
    pub request_experiences: Vec<String>,
    #[serde(default)]
    pub long_time_past_provisioned: bool,
}

const ORG_SETTINGS: &str = "/governance/api/v2/request-settings";

impl Client {
    pub async fn get_org_request_settings(&self) -> Result<OrgRequestSettings, ApiError> {
        let call = Call::get("GET /governance/api/v2/request-settings", ORG_SETTINGS);
        Ok(self.send(&call).await?.body)
    }

    pub async fn update_org_request_settings(
        &self,
        subprocessors_acknowledged: bool,
    ) -> Result<OrgRequestSettings, ApiError> {
        let call = Call::get("PATCH /governance/api/v2/request-settings", ORG_SETTINGS).with_body(
            Method::PATCH,
            serde_json::json!({ "subprocessorsAcknowledged": subprocessors_acknowledged }),
        );
        Ok(self.send(&call).await?.body)
    }
}
