//! Data source `oig_org_request_settings`: the org's access-request settings.

use tf_provider::schema::Schema;
use tf_provider::value::Value;

use crate::client::settings::OrgRequestSettings;
use crate::tf::diag;
use crate::tf::lifecycle::{data_source, handle};
use crate::tf::object::tf_object;

tf_object! {
    pub struct State {
        /// Whether an admin acknowledged the Access Requests subprocessors (required before the org can be provisioned).
        subprocessors_acknowledged: Value<bool> => computed,
        /// Provisioning status of the org in Access Requests: `NOT_PROVISIONED`, `PROVISIONED` or `PROVISIONING_FAILED`.
        provisioning_status: Value<String> => computed,
        /// The request experiences the org supports: `ADMIN_ROLES`, `CATALOG`.
        request_experiences: Value<Vec<Value<String>>> => computed,
        /// Whether it has been a long time since the org was provisioned in Access Requests.
        long_time_past_provisioned: Value<bool> => computed,
    }
}

pub fn schema() -> Schema {
    State::schema("Reads the org's access-request settings: whether the Access Requests subprocessors were acknowledged, whether the org's Access Requests app is provisioned, and which request experiences it supports.")
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
