//! Resource request settings between Terraform and the API: the PATCH for the managed blocks,
//! and state from the API's representation.

use tf_provider::value::Value;

use super::{RiskBlock, RiskDefaultBlock, State};
use crate::client::settings::{
    RequestOnBehalfOfSettings, ResourceRequestSettings, ResourceSettingsPatch, RiskDefaultSetting,
    RiskSettings,
};
use crate::model::condition::DurationBlock;
use crate::model::settings::{on_behalf_block, Valid};
use crate::tf::value::{known, opt_string, set_strings, string};

/// The PATCH for the blocks the configuration manages.
pub fn to_patch(s: &State) -> ResourceSettingsPatch {
    let request_on_behalf_of_settings = s.request_on_behalf_of_settings.as_ref_option().map(|o| {
        (o.allowed == Value::Value(true)).then(|| RequestOnBehalfOfSettings {
            allowed: true,
            only_for: Some(set_strings(&o.only_for)).filter(|v| !v.is_empty()),
        })
    });
    let risk_settings = s
        .risk_settings
        .as_ref_option()
        .and_then(|r| r.default_setting.as_ref_option())
        .map(|d| RiskSettings {
            default_setting: RiskDefaultSetting {
                request_submission_type: known(&d.request_submission_type)
                    .unwrap_or_default()
                    .to_string(),
                approval_sequence_id: known(&d.approval_sequence_id).map(str::to_string),
                access_duration_settings: d
                    .access_duration_settings
                    .as_ref_option()
                    .map(DurationBlock::to_api),
                error: None,
            },
        });
    ResourceSettingsPatch {
        request_on_behalf_of_settings,
        risk_settings,
    }
}

pub fn risk_block(api: &RiskSettings) -> RiskBlock {
    let d = &api.default_setting;
    RiskBlock {
        default_setting: Value::Value(RiskDefaultBlock {
            request_submission_type: string(d.request_submission_type.clone()),
            approval_sequence_id: opt_string(d.approval_sequence_id.as_deref()),
            access_duration_settings: DurationBlock::from_api(d.access_duration_settings.as_ref()),
        }),
    }
}

/// State from the API. Only the blocks the prior state manages are filled (or every block when
/// `populate_all`, after an import): a block left out of the configuration stays unmanaged.
pub fn from_api(
    api: &ResourceRequestSettings,
    resource_id: &str,
    prior: &State,
    populate_all: bool,
) -> State {
    let mut s = State {
        id: prior.id.clone(),
        resource_id: match &prior.resource_id {
            Value::Value(r) => string(r.clone()),
            _ => string(resource_id),
        },
        ..State::default()
    };
    if prior.request_on_behalf_of_settings.is_value()
        || (populate_all && api.request_on_behalf_of_settings.is_some())
    {
        s.request_on_behalf_of_settings =
            Value::Value(on_behalf_block(api.request_on_behalf_of_settings.as_ref()));
    }
    if prior.risk_settings.is_value() || populate_all {
        s.risk_settings = api
            .risk_settings
            .as_ref()
            .map(|r| Value::Value(risk_block(r)))
            .unwrap_or(Value::Null);
    }
    s.set_valid(Valid::from_api(api));
    s
}
