//! Resource `oig_resource_request_settings`: a resource's request-on-behalf-of and risk
//! settings. The settings always exist, so create adopts them (no import needed) and remembers,
//! in private state, what they were; destroy puts that back where the API can express it.

use serde::{Deserialize, Serialize};
use tf_provider::schema::Schema;
use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use crate::client::settings::{
    RequestOnBehalfOfSettings, ResourceRequestSettings, ResourceSettingsPatch, RiskSettings,
};
use crate::client::Client;
use crate::model::condition::DurationBlock;
use crate::model::settings::{settings_struct, OnBehalfOfBlock, Valid};
use crate::tf::lifecycle::{handle, resource};
use crate::tf::object::tf_object;
use crate::tf::plan::{self, plan_rules};
use crate::tf::value::{known, optional_block, require, string};
use crate::tf::{diag, ids};

mod checks;
mod convert;
mod removal;

pub use checks::{check_against_valid, validate_config};
pub use convert::{from_api, risk_block, to_patch};

settings_struct! {
    pub struct State {
        /// The resource ID, the same as `resource_id`. Read it, do not set it: okta/okta's `okta_request_setting_resource` names the app with `id`, and a configuration in that shape is told to use `resource_id` instead (an `id` equal to `resource_id`, as `-generate-config-out` writes it, is accepted).
        id: Value<String> => optional_computed,
        /// Required. The resource (app) whose settings to manage, as an Okta ID (`0oa…`) or an ORN. Changing it to another resource manages that resource's settings (replacement); switching between an app's ID and its ORN changes nothing in Okta (an update in place). (Optional in the schema only, so that an okta/okta-shaped `id = "0oa…"` is answered with a message naming `resource_id` instead of Terraform's generic one; the provider's validation requires it.)
        resource_id: Value<String> => optional,
        /// Whether people who may request this resource may also request it for someone else.
        #[serde(with = "optional_block")]
        request_on_behalf_of_settings: Value<OnBehalfOfBlock> => block(Optional),
        /// Risk settings: how requests are handled when a risk is detected. Okta cannot remove risk settings once set.
        #[serde(with = "optional_block")]
        risk_settings: Value<RiskBlock> => block(Optional),
    }
}

plan_rules!(State {
    computed: [
        valid_access_scope_settings,
        valid_requester_settings,
        valid_access_duration_settings,
        valid_risk_settings,
        valid_request_on_behalf_of_settings,
    ],
    optional_computed: [id],
    replace: [resource_id = plan::same_app],
});

tf_object! {
    pub struct RiskBlock: Eq, PartialOrd, Ord {
        /// What happens when a risk is detected for the resource and the requesting user.
        #[serde(with = "optional_block")]
        default_setting: Value<RiskDefaultBlock> => block(Optional),
    }
}

tf_object! {
    pub struct RiskDefaultBlock: Eq, PartialOrd, Ord {
        /// `RESTRICTED` (requests are blocked), `ALLOWED_WITH_OVERRIDES` (allowed, through `approval_sequence_id` and optionally `access_duration_settings`) or `ALLOWED_WITH_NO_OVERRIDES` (allowed, with the matching request condition's settings).
        request_submission_type: Value<String> => required,
        /// The approval sequence (24 characters) for risky requests. Required with `ALLOWED_WITH_OVERRIDES`, not allowed otherwise.
        approval_sequence_id: Value<String> => optional,
        /// Access duration for requests submitted despite a risk (only with `ALLOWED_WITH_OVERRIDES`).
        #[serde(with = "optional_block")]
        access_duration_settings: Value<DurationBlock> => block(Optional),
    }
}

/// What the settings were before Terraform adopted them, kept in private state as the API's
/// JSON. `populate` asks the next read to fill every block from Okta (after an import).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Adopted {
    pub prior_request_on_behalf_of_settings: Option<String>,
    pub prior_risk_settings: Option<String>,
    pub populate: bool,
}

pub type Private = Value<Adopted>;

pub fn schema() -> Schema {
    State::schema("Manages a resource's request settings: request on behalf of, and risk settings. Every resource has settings, so create adopts them (no import needed) and destroy restores what they were before (Okta cannot remove risk settings, so those stay, with a warning, if there were none before). A block left out of the configuration is not managed: Okta's value is kept as it is. Removing a block that was managed restores the value Okta had before Terraform adopted the settings (kept in private state), as destroy does, and the plan warns with that value: Terraform requires a removed block to be planned as gone, so the plan shows it leaving (`allowed = true -> null`), and the warning says what Okta holds afterwards. Risk settings that did not exist before cannot be removed through Okta's API: they stay, with a warning.")
}

handle!(ResourceRequestSettingsResource);

const WHAT: &str = "resource request settings";

resource! {
    impl Resource for ResourceRequestSettingsResource {
        state: State,
        private: Private,
        schema: schema,
        validate: validate_config,

        async fn read(&self, client: Arc<Client>, diags, state, private) {
            let id = if state.resource_id.is_value() {
                &state.resource_id
            } else {
                &state.id
            };
            let resource_id = require(diags, id, WHAT, "resource_id")?.to_string();
            match client.get_resource_request_settings(&resource_id).await {
                Ok(api) => {
                    let populate = private.as_ref_option().is_some_and(|a| a.populate);
                    let mut next = from_api(&api, &resource_id, &state, populate);
                    next.id = string(resource_id);
                    let private = private.map(|a| Adopted {
                        populate: false,
                        ..a
                    });
                    Some((next, private))
                }
                Err(e) if e.is_not_found() => None,
                Err(e) => {
                    diag::api_error(
                        diags,
                        format!("Unable to read the request settings of resource {resource_id}"),
                        &e,
                    );
                    None
                }
            }
        }

        async fn plan_create(&self, diags, proposed, config) {
            let mut planned = plan::plan_create(proposed, &config);
            planned.id = planned.resource_id.clone();
            if let Some(rid) = known(&config.resource_id) {
                if let Some(api) = self.check_against_api(diags, &config, rid).await {
                    planned.set_valid(Valid::from_api(&api));
                }
            }
            Some((planned, Value::Null))
        }

        async fn plan_update(&self, diags, prior, proposed, config, private) {
            let (mut planned, replace) = plan::plan_update(proposed, &prior, &config);
            planned.set_valid(planned.valid().sorted());
            if replace.is_empty() {
                let rid = known(&prior.resource_id).unwrap_or_default();
                removal::warn(diags, &removal::removed_blocks(rid, &prior, &planned, private.as_ref_option()));
            }
            if planned != prior {
                if let Some(rid) = known(&config.resource_id) {
                    self.check_against_api(diags, &config, rid).await;
                }
            }
            Some((planned, private, replace))
        }

        async fn create(&self, client: Arc<Client>, diags, planned, _config, _private) {
            let resource_id = require(diags, &planned.resource_id, WHAT, "resource_id")?.to_string();
            let (before, adopted) = adopt(&client, diags, &resource_id, false).await?;
            tracing::info!(resource_id = %resource_id, "adopting the resource's request settings");
            let patch = to_patch(&planned);
            let after = if patch.is_empty() {
                before
            } else {
                read_or_patch(&client, diags, &resource_id, &patch).await?
            };
            let mut state = from_api(&after, &resource_id, &planned, false);
            state.id = string(resource_id);
            Some((state, Value::Value(adopted)))
        }

        async fn update(&self, client: Arc<Client>, diags, prior, planned, _config, private) {
            let resource_id = require(diags, &prior.resource_id, WHAT, "resource_id")?.to_string();
            let mut patch = to_patch(&planned);
            if planned.request_on_behalf_of_settings == prior.request_on_behalf_of_settings {
                patch.request_on_behalf_of_settings = None;
            }
            if planned.risk_settings == prior.risk_settings {
                patch.risk_settings = None;
            }
            // Dropped blocks go back to what they were before adoption (the plan warned).
            let restore = removal::removed_blocks(&resource_id, &prior, &planned, private.as_ref_option()).patch;
            if restore.request_on_behalf_of_settings.is_some() {
                patch.request_on_behalf_of_settings = restore.request_on_behalf_of_settings;
            }
            if restore.risk_settings.is_some() {
                patch.risk_settings = restore.risk_settings;
            }
            let Some(after) = read_or_patch(&client, diags, &resource_id, &patch).await else {
                return Some((prior, private));
            };
            let mut state = from_api(&after, &resource_id, &planned, false);
            state.id = string(resource_id);
            Some((state, private))
        }

        async fn destroy(&self, client: Arc<Client>, diags, prior, private) {
            let resource_id = require(diags, &prior.resource_id, WHAT, "resource_id")?.to_string();
            let adopted = private.as_ref_option().cloned().unwrap_or_default();
            let mut patch = ResourceSettingsPatch::default();
            if prior.request_on_behalf_of_settings.is_value() {
                let before: Option<RequestOnBehalfOfSettings> = adopted
                    .prior_request_on_behalf_of_settings
                    .as_deref()
                    .and_then(|j| serde_json::from_str(j).ok());
                patch.request_on_behalf_of_settings = Some(before);
            }
            if prior.risk_settings.is_value() {
                match adopted.prior_risk_settings.as_deref().and_then(|j| serde_json::from_str::<RiskSettings>(j).ok()) {
                    Some(before) => patch.risk_settings = Some(before),
                    None => diag::warning(
                        diags,
                        format!("Risk settings of resource {resource_id} left in place"),
                        "The resource had no risk settings before Terraform managed them, and Okta's API cannot remove risk settings: they stay as Terraform last set them. Change them in the Admin Console if needed.",
                        AttributePath::root(),
                    ),
                }
            }
            if patch.is_empty() {
                return Some(());
            }
            tracing::info!(resource_id = %resource_id, "restoring the request settings the resource had before Terraform adopted them");
            match client
                .update_resource_request_settings(&resource_id, &patch)
                .await
            {
                Ok(_) => Some(()),
                Err(e) if e.is_not_found() => Some(()),
                Err(e) => {
                    diag::api_error(
                        diags,
                        format!("Unable to restore the request settings of resource {resource_id}"),
                        &e,
                    );
                    None
                }
            }
        }

        async fn import(&self, diags, id) {
            let resource_id = id.trim();
            if !ids::is_resource_id(resource_id) {
                diag::error(
                    diags,
                    "Invalid import ID",
                    format!(
                        "Resource request settings are imported by the resource ID alone, such as \"0oa1b2c3d4e5f6g7h8i9\": {}",
                        ids::message("resource_id", resource_id, ids::RESOURCE_SHAPE)
                    ),
                    AttributePath::root(),
                );
                return None;
            }
            let client = self.data.client(diags)?;
            // What Okta has now is what destroy will put back.
            let (_, adopted) = adopt(&client, diags, resource_id, true).await?;
            let state = State {
                id: string(resource_id),
                resource_id: string(resource_id),
                ..State::default()
            };
            Some((state, Value::Value(adopted)))
        }
    }
}

/// Reads the settings (when `patch` is empty) or PATCHes them; an API error becomes a
/// diagnostic that says which of the two failed.
async fn read_or_patch(
    client: &Client,
    diags: &mut Diagnostics,
    resource_id: &str,
    patch: &ResourceSettingsPatch,
) -> Option<ResourceRequestSettings> {
    let (verb, result) = if patch.is_empty() {
        (
            "read",
            client.get_resource_request_settings(resource_id).await,
        )
    } else {
        (
            "update",
            client
                .update_resource_request_settings(resource_id, patch)
                .await,
        )
    };
    let summary = format!("Unable to {verb} the request settings of resource {resource_id}");
    diag::reported(diags, summary, result)
}

/// Reads the settings as they are before Terraform manages them, and what to keep of them in
/// private state so that destroy can put them back.
async fn adopt(
    client: &Client,
    diags: &mut Diagnostics,
    resource_id: &str,
    populate: bool,
) -> Option<(ResourceRequestSettings, Adopted)> {
    let before = read_or_patch(
        client,
        diags,
        resource_id,
        &ResourceSettingsPatch::default(),
    )
    .await?;
    let adopted = Adopted {
        prior_request_on_behalf_of_settings: before
            .request_on_behalf_of_settings
            .as_ref()
            .and_then(|v| serde_json::to_string(v).ok()),
        prior_risk_settings: before
            .risk_settings
            .as_ref()
            .and_then(|v| serde_json::to_string(v).ok()),
        populate,
    };
    Some((before, adopted))
}
