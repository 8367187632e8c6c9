//! Plan-time checks of resource request settings: the configuration alone
//! ([`validate_config`]) and against what the resource supports ([`check_against_valid`]).

use std::collections::BTreeSet;

use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use std::sync::Arc;

use super::{ResourceRequestSettingsResource, State};
use crate::client::settings::ResourceRequestSettings;
use crate::model::settings::{
    check_duration_against, kinds, resource_id_not_id, ON_BEHALF_OF_TYPES, SUBMISSION_TYPES,
};
use crate::tf::value::{known, set_strings};
use crate::tf::PlanSettings;
use crate::tf::{diag, ids, validate};

fn p(name: &'static str) -> AttributePath {
    AttributePath::new(name)
}

pub(super) fn default_path() -> AttributePath {
    p("risk_settings")
        .index(0)
        .attribute("default_setting")
        .index(0)
}

/// Plan-time checks of the configuration alone: the per-type rules of risk settings, enums,
/// lengths and durations.
pub fn validate_config(diags: &mut Diagnostics, c: &State) {
    ids::resource_id_argument(diags, &c.resource_id);
    resource_id_not_id(
        diags,
        "oig_resource_request_settings",
        &c.id,
        &c.resource_id,
    );
    if let Some(o) = c.request_on_behalf_of_settings.as_ref_option() {
        let base = || p("request_on_behalf_of_settings").index(0);
        for v in set_strings(&o.only_for) {
            validate::one_of(
                diags,
                base().attribute("only_for"),
                "request_on_behalf_of_settings.only_for",
                &v,
                ON_BEHALF_OF_TYPES,
            );
        }
        if o.allowed == Value::Value(false) && !o.only_for.is_null() {
            diag::error(
                diags,
                "request_on_behalf_of_settings.only_for is not allowed here",
                "request_on_behalf_of_settings.only_for is only allowed when request_on_behalf_of_settings.allowed is true.",
                base().attribute("only_for"),
            );
        }
        if o.only_for.as_ref_option().is_some_and(BTreeSet::is_empty) {
            diag::error(
                diags,
                "Empty request_on_behalf_of_settings.only_for",
                "request_on_behalf_of_settings.only_for must list at least one of \"DIRECT_REPORT\", or be left out to allow anyone.",
                base().attribute("only_for"),
            );
        }
    }
    if let Some(r) = c.risk_settings.as_ref_option() {
        let Some(d) = r.default_setting.as_ref_option() else {
            if r.default_setting.is_null() {
                diag::error(
                    diags,
                    "Missing risk_settings.default_setting",
                    "risk_settings must contain a default_setting block (with request_submission_type).",
                    p("risk_settings").index(0),
                );
            }
            return;
        };
        let Some(t) = known(&d.request_submission_type) else {
            return;
        };
        let name = "risk_settings.default_setting.request_submission_type";
        if !validate::one_of(
            diags,
            default_path().attribute("request_submission_type"),
            name,
            t,
            SUBMISSION_TYPES,
        ) {
            return;
        }
        if t == "ALLOWED_WITH_OVERRIDES" {
            match &d.approval_sequence_id {
                Value::Null => diag::error(
                    diags,
                    "Missing risk_settings.default_setting.approval_sequence_id",
                    "risk_settings.default_setting.approval_sequence_id is required when request_submission_type is \"ALLOWED_WITH_OVERRIDES\".",
                    default_path().attribute("approval_sequence_id"),
                ),
                Value::Value(a) => {
                    validate::exact_length(
                        diags,
                        default_path().attribute("approval_sequence_id"),
                        "risk_settings.default_setting.approval_sequence_id",
                        a,
                        24,
                    );
                }
                Value::Unknown => {}
            }
            if let Some(ads) = d.access_duration_settings.as_ref_option() {
                ads.validate(
                    diags,
                    default_path()
                        .attribute("access_duration_settings")
                        .index(0),
                    "risk_settings.default_setting.access_duration_settings",
                );
            }
        } else {
            for (attr, set) in [
                ("approval_sequence_id", !d.approval_sequence_id.is_null()),
                (
                    "access_duration_settings",
                    !d.access_duration_settings.is_null(),
                ),
            ] {
                if set {
                    diag::error(
                        diags,
                        format!("risk_settings.default_setting.{attr} is not allowed here"),
                        format!("risk_settings.default_setting.{attr} is only allowed when request_submission_type is \"ALLOWED_WITH_OVERRIDES\"; it is \"{t}\"."),
                        default_path().attribute(attr),
                    );
                }
            }
        }
    }
}

/// Plan-time checks against what the resource supports. `validRequestOnBehalfOfSettings` is not
/// checked: live Okta accepts `{"requestOnBehalfOfSettings": {"allowed": true}}` for a resource
/// whose `validRequestOnBehalfOfSettings` is `[]`, so the list does not limit what may be set.
pub fn check_against_valid(
    diags: &mut Diagnostics,
    c: &State,
    resource_id: &str,
    api: &ResourceRequestSettings,
) {
    if let Some(r) = c.risk_settings.as_ref_option() {
        let supported = api
            .valid_risk_settings
            .as_ref()
            .map(|v| kinds(&v.supported_types))
            .unwrap_or_default();
        if !supported.contains(&"DEFAULT_SETTING") {
            diag::error(
                diags,
                "Risk settings not supported",
                format!("risk_settings cannot be set for resource {resource_id}: its valid_risk_settings.supported_types does not include \"DEFAULT_SETTING\"."),
                p("risk_settings"),
            );
            return;
        }
        let ads = r
            .default_setting
            .as_ref_option()
            .and_then(|d| d.access_duration_settings.as_ref_option());
        if let Some(ads) = ads {
            check_duration_against(
                diags,
                ads,
                default_path()
                    .attribute("access_duration_settings")
                    .index(0),
                "risk_settings.default_setting.access_duration_settings",
                &api.valid_access_duration_settings,
                resource_id,
            );
        }
    }
}

impl ResourceRequestSettingsResource {
    /// Checks the configuration against the resource's `valid_*` settings; returns them.
    pub(super) async fn check_against_api(
        &self,
        diags: &mut Diagnostics,
        config: &State,
        resource_id: &str,
    ) -> Option<Arc<ResourceRequestSettings>> {
        match self.data.checked_plan_settings(diags, resource_id).await? {
            PlanSettings::Known(api) => {
                check_against_valid(diags, config, resource_id, &api);
                Some(api)
            }
            PlanSettings::NotFound(detail) => {
                diag::error(
                    diags,
                    format!("Resource {resource_id} not found"),
                    format!("resource_id names no resource Okta knows.\n{detail}"),
                    p("resource_id"),
                );
                None
            }
            PlanSettings::Unavailable => None,
        }
    }
}
