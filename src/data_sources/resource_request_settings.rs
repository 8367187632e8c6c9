//! Data source `oig_resource_request_settings`: everything the API returns about a resource's
//! request settings, including what request conditions of it may contain.

use serde::{Deserialize, Serialize};
use tf_provider::schema::{Attribute, AttributeType, Schema};
use tf_provider::value::Value;
use tf_provider::Diagnostics;

use crate::client::settings::ResourceRequestSettings;
use crate::model::condition::DurationBlock;
use crate::model::settings::{
    on_behalf_block, resource_id_not_id, valid_fields, OnBehalfOfBlock, TypeList, Valid,
    ValidDurationObject, ValidRiskObject,
};
use crate::tf::lifecycle::{data_source, handle};
use crate::tf::value::{opt_string, require_config, string};
use crate::tf::{diag, ids, schema as s};

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct State {
    pub id: Value<String>,
    pub resource_id: Value<String>,
    pub request_on_behalf_of_settings: Value<OnBehalfOfBlock>,
    pub risk_settings: Value<RiskObject>,
    pub valid_access_scope_settings: TypeList,
    pub valid_requester_settings: TypeList,
    pub valid_access_duration_settings: Value<ValidDurationObject>,
    pub valid_risk_settings: Value<ValidRiskObject>,
    pub valid_request_on_behalf_of_settings: TypeList,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskObject {
    pub default_setting: Value<RiskDefaultObject>,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskDefaultObject {
    pub request_submission_type: Value<String>,
    pub approval_sequence_id: Value<String>,
    pub access_duration_settings: Value<DurationBlock>,
    pub error: Value<Vec<Value<String>>>,
}

pub fn schema() -> Schema {
    use AttributeType::{Bool, String as Str};
    let mut attrs: Vec<(&str, Attribute)> = vec![
        ("id", s::optional_computed(Str, "The resource ID, the same as `resource_id`. Read it, do not set it: okta/okta's `okta_request_setting_resource` data source names the app with `id`, and a configuration in that shape is told to use `resource_id` instead.")),
        ("resource_id", s::optional(Str, "Required. The resource (app) whose request settings to read, as an Okta ID (`0oa…`) or an ORN. (Optional in the schema only, so that an okta/okta-shaped `id = \"0oa…\"` is answered with a message naming `resource_id` instead of Terraform's generic one; the provider's validation requires it.)")),
        (
            "request_on_behalf_of_settings",
            s::computed(
                s::object([("allowed", Bool), ("only_for", s::string_set())]),
                "Whether requesters may request on behalf of others (`allowed`) and, if limited, for whom (`only_for`: `DIRECT_REPORT`). `allowed` is false when Okta has no such settings.",
            ),
        ),
        (
            "risk_settings",
            s::computed(
                s::object([(
                    "default_setting",
                    s::object([
                        ("request_submission_type", Str),
                        ("approval_sequence_id", Str),
                        ("access_duration_settings", s::object([("type", Str), ("duration", Str)])),
                        ("error", s::string_list()),
                    ]),
                )]),
                "What happens when a risk is detected: `default_setting.request_submission_type` (`RESTRICTED`, `ALLOWED_WITH_OVERRIDES`, `ALLOWED_WITH_NO_OVERRIDES`), its `approval_sequence_id` and `access_duration_settings`, and `error` (`INVALID_SEQUENCE` when the approval sequence was deleted). Null when the resource has none.",
            ),
        ),
    ];
    for (name, ty, description) in valid_fields() {
        attrs.push((name, s::computed(ty, description)));
    }
    s::schema(s::block(
        "Reads a resource's request settings: request on behalf of, risk settings, and the `valid_*` settings that say what its request conditions may contain.",
        attrs,
        [],
    ))
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
    let valid = Valid::from_api(api);
    State {
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
        valid_access_scope_settings: valid.access_scope,
        valid_requester_settings: valid.requester,
        valid_access_duration_settings: valid.access_duration,
        valid_risk_settings: valid.risk,
        valid_request_on_behalf_of_settings: valid.request_on_behalf_of,
    }
}
