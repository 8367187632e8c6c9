//! Data source `oig_org_request_settings`: the org's access-request settings.

use serde::{Deserialize, Serialize};
use tf_provider::schema::{AttributeType, Schema};
use tf_provider::value::Value;

use crate::client::settings::OrgRequestSettings;
use crate::tf::lifecycle::{data_source, handle};
use crate::tf::{diag, schema as s};

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    pub subprocessors_acknowledged: Value<bool>,
    pub provisioning_status: Value<String>,
    pub request_experiences: Value<Vec<Value<String>>>,
    pub long_time_past_provisioned: Value<bool>,
}

pub fn schema() -> Schema {
    s::schema(s::block(
        "Reads the org's access-request settings: whether the Access Requests subprocessors were acknowledged, whether the org's Access Requests app is provisioned, and which request experiences it supports.",
        [
            ("subprocessors_acknowledged", s::computed(AttributeType::Bool, "Whether an admin acknowledged the Access Requests subprocessors (required before the org can be provisioned).")),
            ("provisioning_status", s::computed(AttributeType::String, "Provisioning status of the org in Access Requests: `NOT_PROVISIONED`, `PROVISIONED` or `PROVISIONING_FAILED`.")),
            ("request_experiences", s::computed(s::string_list(), "The request experiences the org supports: `ADMIN_ROLES`, `CATALOG`.")),
            ("long_time_past_provisioned", s::computed(AttributeType::Bool, "Whether it has been a long time since the org was provisioned in Access Requests.")),
        ],
        [],
    ))
}

handle!(OrgRequestSettingsDataSource);

data_source! {
    impl DataSource for OrgRequestSettingsDataSource {
        state: State,
        schema: schema,
        read(client, diags, _config) {
            let settings = client.get_org_request_settings().await;
            diag::reported(diags, "Unable to read the org's request settings", settings)
                .map(|s| from_api(&s))
        }
    }
}

pub fn from_api(s: &OrgRequestSettings) -> State {
    State {
        subprocessors_acknowledged: Value::Value(s.subprocessors_acknowledged),
        provisioning_status: Value::Value(s.provisioning_status.clone()),
        request_experiences: Value::Value(
            s.request_experiences
                .iter()
                .cloned()
                .map(Value::Value)
                .collect(),
        ),
        long_time_past_provisioned: Value::Value(s.long_time_past_provisioned),
    }
}
