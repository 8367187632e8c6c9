//! Data source `oig_resource_request_settings`: everything the API returns about a resource's
//! request settings, including what request conditions of it may contain.

use tf_provider::schema::Schema;
use tf_provider::value::Value;
use tf_provider::Diagnostics;

use crate::client::settings::ResourceRequestSettings;
use crate::model::condition::DurationBlock;
use crate::model::settings::{
    on_behalf_block, resource_id_not_id, settings_struct, OnBehalfOfBlock, Valid,
};
use crate::tf::lifecycle::{data_source, handle};
use crate::tf::object::tf_object;
use crate::tf::value::{opt_string, require_config, string};
use crate::tf::{diag, ids};

settings_struct! {
    pub struct State {
        /// The resource ID, the same as `resource_id`. Read it, do not set it: okta/okta's `okta_request_setting_resource` data source names the app with `id`, and a configuration in that shape is told to use `resource_id` instead.
        id: Value<String> => optional_computed,
        /// Required. The resource (app) whose request settings to read, as an Okta ID (`0oa…`) or an ORN. (Optional in the schema only, so that an okta/okta-shaped `id = "0oa…"` is answered with a message naming `resource_id` instead of Terraform's generic one; the provider's validation requires it.)
        resource_id: Value<String> => optional,
        /// Whether requesters may request on behalf of others (`allowed`) and, if limited, for whom (`only_for`: `DIRECT_REPORT`). `allowed` is false when Okta has no such settings.
        request_on_behalf_of_settings: Value<OnBehalfOfBlock> => computed,
        /// What happens when a risk is detected: `default_setting.request_submission_type` (`RESTRICTED`, `ALLOWED_WITH_OVERRIDES`, `ALLOWED_WITH_NO_OVERRIDES`), its `approval_sequence_id` and `access_duration_settings`, and `error` (`INVALID_SEQUENCE` when the approval sequence was deleted). Null when the resource has none.
        risk_settings: Value<RiskObject> => computed,
    }
}

tf_object! {
    pub struct RiskObject {
        /// What happens when a risk is detected for the resource and the requesting user.
        default_setting: Value<RiskDefaultObject> => computed,
    }
}

tf_object! {
    pub struct RiskDefaultObject {
        /// `RESTRICTED`, `ALLOWED_WITH_OVERRIDES` or `ALLOWED_WITH_NO_OVERRIDES`.
        request_submission_type: Value<String> => computed,
        /// The approval sequence for risky requests (with `ALLOWED_WITH_OVERRIDES`).
        approval_sequence_id: Value<String> => computed,
        /// Access duration for requests submitted despite a risk (with `ALLOWED_WITH_OVERRIDES`).
        access_duration_settings: Value<DurationBlock> => computed,
        /// `INVALID_SEQUENCE` when the approval sequence was deleted; null otherwise.
        error: Value<Vec<Value<String>>> => computed,
    }
}

pub fn schema() -> Schema {
    State::schema("Reads a resource's request settings: request on behalf of, risk settings, and the `valid_*` settings that say what its request conditions may contain.")
}

handle!(ResourceRequestSettingsDataSource);

/// The resource ID, when known, has the shape of one; `id` is not used in its place.
pub fn validate_config(diags: &mut Diagnostics, config: &State) {
    resource_id_not_id(
        diags,
        "oig_resource_request_settings",
        &config.id,
        &config.resource_id,
    );
    ids::resource_id_argument(diags, &config.resource_id);
}

data_source! {
    impl DataSource for ResourceRequestSettingsDataSource {
        state: State,
        schema: schema,
        validate: validate_config,
        read(client, diags, config) {
            let resource_id = require_config(
                diags,
                &config.resource_id,
                "resource_id",
                "read request settings",
            )?;
            let settings = client.get_resource_request_settings(resource_id).await;
            let summary = format!("Unable to read the request settings of resource {resource_id}");
            diag::reported(diags, summary, settings).map(|api| from_api(&api, resource_id))
        }
    }
}

pub fn from_api(api: &ResourceRequestSettings, resource_id: &str) -> State {
    let mut state = State {
        id: string(resource_id),
        resource_id: string(resource_id),
        request_on_behalf_of_settings: Value::Value(on_behalf_block(
            api.request_on_behalf_of_settings.as_ref(),
        )),
        risk_settings: api
            .risk_settings
            .as_ref()
            .map(|r| {
                let d = &r.default_setting;
                Value::Value(RiskObject {
                    default_setting: Value::Value(RiskDefaultObject {
                        request_submission_type: string(d.request_submission_type.clone()),
                        approval_sequence_id: opt_string(d.approval_sequence_id.as_deref()),
                        access_duration_settings: DurationBlock::from_api(
                            d.access_duration_settings.as_ref(),
                        ),
                        error: d
                            .error
                            .as_ref()
                            .map(|e| Value::Value(e.iter().cloned().map(Value::Value).collect()))
                            .unwrap_or(Value::Null),
                    }),
                })
            })
            .unwrap_or(Value::Null),
        ..State::default()
    };
    state.set_valid(Valid::from_api(api));
    state
}
