//! Resource `oig_resource_request_settings`: a resource's request-on-behalf-of and risk
//! settings. The settings always exist, so create adopts them (no import needed) and remembers,
//! in private state, what they were; destroy puts that back where the API can express it.

use std::collections::BTreeSet;
use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tf_provider::schema::{AttributeType, NestedBlock, Schema};
use tf_provider::value::{Value, ValueEmpty};
use tf_provider::{AttributePath, Diagnostics, Resource};

use crate::client::settings::{
    RequestOnBehalfOfSettings, ResourceRequestSettings, ResourceSettingsPatch, RiskDefaultSetting,
    RiskSettings, TypeItem, ValidAccessDurationSettings,
};
use crate::client::Client;
use crate::resources::request_condition::{DurationBlock, DURATION_TYPES};
use crate::tf::value::{known, opt_string, optional_block, set_strings, string, StringSet};
use crate::tf::{diag, schema as s, validate};
use crate::tf::{PlanSettings, ProviderData};

pub const SUBMISSION_TYPES: &[&str] = &[
    "RESTRICTED",
    "ALLOWED_WITH_OVERRIDES",
    "ALLOWED_WITH_NO_OVERRIDES",
];
pub const ON_BEHALF_OF_TYPES: &[&str] = &["DIRECT_REPORT"];

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub id: Value<String>,
    #[serde(default)]
    pub resource_id: Value<String>,
    #[serde(default, with = "optional_block")]
    pub request_on_behalf_of_settings: Value<OnBehalfOfBlock>,
    #[serde(default, with = "optional_block")]
    pub risk_settings: Value<RiskBlock>,
    #[serde(default)]
    pub valid_access_scope_settings: TypeList,
    #[serde(default)]
    pub valid_requester_settings: TypeList,
    #[serde(default)]
    pub valid_access_duration_settings: Value<ValidDurationObject>,
    #[serde(default)]
    pub valid_risk_settings: Value<ValidRiskObject>,
    #[serde(default)]
    pub valid_request_on_behalf_of_settings: TypeList,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OnBehalfOfBlock {
    #[serde(default)]
    pub allowed: Value<bool>,
    #[serde(default)]
    pub only_for: StringSet,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RiskBlock {
    #[serde(default, with = "optional_block")]
    pub default_setting: Value<RiskDefaultBlock>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RiskDefaultBlock {
    #[serde(default)]
    pub request_submission_type: Value<String>,
    #[serde(default)]
    pub approval_sequence_id: Value<String>,
    #[serde(default, with = "optional_block")]
    pub access_duration_settings: Value<DurationBlock>,
}

/// `{ type = "…" }`, an element of the `valid_*` lists.
#[derive(Debug, Default, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TypeObject {
    #[serde(rename = "type", default)]
    pub kind: Value<String>,
}

pub type TypeList = Value<Vec<Value<TypeObject>>>;

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidDurationObject {
    #[serde(default)]
    pub required: Value<bool>,
    #[serde(default)]
    pub maximum_days: Value<f64>,
    #[serde(default)]
    pub maximum_hours: Value<f64>,
    #[serde(default)]
    pub maximum_weeks: Value<f64>,
    #[serde(default)]
    pub supported_types: TypeList,
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidRiskObject {
    #[serde(default)]
    pub supported_types: TypeList,
}

/// What the settings were before Terraform adopted them, kept in private state as the API's
/// JSON. `populate` asks the next read to fill every block from Okta (after an import).
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Adopted {
    #[serde(default)]
    pub prior_request_on_behalf_of_settings: Option<String>,
    #[serde(default)]
    pub prior_risk_settings: Option<String>,
    #[serde(default)]
    pub populate: bool,
}

pub type Private = Value<Adopted>;

fn type_list_type() -> AttributeType {
    AttributeType::List(Box::new(s::object([("type", AttributeType::String)])))
}

/// The computed `valid_*` attributes, shared with the data source: (name, type, description).
pub fn valid_fields() -> Vec<(&'static str, AttributeType, &'static str)> {
    use AttributeType::{Bool, Number};
    vec![
        ("valid_access_scope_settings", type_list_type(), "The access scope types request conditions of this resource may use, as `{ type = … }` objects: `RESOURCE_DEFAULT`, `GROUPS`, `ENTITLEMENT_BUNDLES`. Sorted by `type` (Okta returns them in no fixed order)."),
        ("valid_requester_settings", type_list_type(), "The requester types request conditions of this resource may use, as `{ type = … }` objects: `EVERYONE`, `GROUPS`, `TEAMS`. Sorted by `type` (Okta returns them in no fixed order)."),
        (
            "valid_access_duration_settings",
            s::object([
                ("required", Bool),
                ("maximum_days", Number),
                ("maximum_hours", Number),
                ("maximum_weeks", Number),
                ("supported_types", type_list_type()),
            ]),
            "The access durations request conditions may set: whether one is `required`, the `maximum_days`, `maximum_hours` and `maximum_weeks` a duration may use, and the `supported_types` (`ADMIN_FIXED_DURATION`, `REQUESTER_SPECIFIED_DURATION`), sorted by `type`.",
        ),
        ("valid_risk_settings", s::object([("supported_types", type_list_type())]), "The risk settings the resource supports: `supported_types` lists `{ type = \"DEFAULT_SETTING\" }` when `risk_settings` may be set (sorted by `type`)."),
        ("valid_request_on_behalf_of_settings", type_list_type(), "Whom requesters may request on behalf of, as `{ type = … }` objects: `EVERYONE` (anyone) and `DIRECT_REPORT`. Sorted by `type` (Okta returns them in no fixed order). Okta accepts `request_on_behalf_of_settings.allowed = true` even when this list is empty."),
    ]
}

pub fn schema() -> Schema {
    use AttributeType::{Bool, String as Str};
    let on_behalf = s::block(
        "Whether people who may request this resource may also request it for someone else.",
        [
            ("allowed", s::required(Bool, "`true` lets requesters request on behalf of others; `false` turns it off (Okta then has no request-on-behalf-of settings).")),
            ("only_for", s::optional(s::string_set(), "Limits whom requesters may request for: `DIRECT_REPORT` (their direct reports). Unset means anyone. Only with `allowed = true`.")),
        ],
        [],
    );
    let duration = s::block(
        "Access duration for requests submitted despite a risk (only with `ALLOWED_WITH_OVERRIDES`).",
        [
            ("type", s::required(Str, "`ADMIN_FIXED_DURATION` or `REQUESTER_SPECIFIED_DURATION`.")),
            ("duration", s::required(Str, "An ISO-8601 duration in hours (`PT12H`), days (`P7D`) or weeks (`P2W`), within the resource's `valid_access_duration_settings`.")),
        ],
        [],
    );
    let default_setting = s::block(
        "What happens when a risk is detected for the resource and the requesting user.",
        [
            ("request_submission_type", s::required(Str, "`RESTRICTED` (requests are blocked), `ALLOWED_WITH_OVERRIDES` (allowed, through `approval_sequence_id` and optionally `access_duration_settings`) or `ALLOWED_WITH_NO_OVERRIDES` (allowed, with the matching request condition's settings).")),
            ("approval_sequence_id", s::optional(Str, "The approval sequence (24 characters) for risky requests. Required with `ALLOWED_WITH_OVERRIDES`, not allowed otherwise.")),
        ],
        [("access_duration_settings", NestedBlock::Optional(duration))],
    );
    let risk = s::block(
        "Risk settings: how requests are handled when a risk is detected. Okta cannot remove risk settings once set.",
        [],
        [("default_setting", NestedBlock::Optional(default_setting))],
    );
    let mut attrs = vec![
        ("id", s::computed(Str, "The resource ID (same as `resource_id`).")),
        ("resource_id", s::required(Str, "The resource (app) whose settings to manage, as an Okta ID (`0oa…`) or an ORN. Changing it manages another resource's settings (replacement).")),
    ];
    for (name, ty, description) in valid_fields() {
        attrs.push((name, s::computed(ty, description)));
    }
    s::schema(s::block(
        "Manages a resource's request settings: request on behalf of, and risk settings. Every resource has settings, so create adopts them (no import needed) and destroy restores what they were before (Okta cannot remove risk settings, so those stay, with a warning, if there were none before). A block left out of the configuration is not managed: Okta's value is kept as it is.",
        attrs,
        [
            ("request_on_behalf_of_settings", NestedBlock::Optional(on_behalf)),
            ("risk_settings", NestedBlock::Optional(risk)),
        ],
    ))
}

pub struct ResourceRequestSettingsResource {
    data: Arc<ProviderData>,
}

impl ResourceRequestSettingsResource {
    pub fn new(data: Arc<ProviderData>) -> Self {
        Self { data }
    }
}

fn p(name: &'static str) -> AttributePath {
    AttributePath::new(name)
}

fn default_path() -> AttributePath {
    p("risk_settings")
        .index(0)
        .attribute("default_setting")
        .index(0)
}

#[async_trait]
impl Resource for ResourceRequestSettingsResource {
    type State<'a> = State;
    type PrivateState<'a> = Private;
    type ProviderMetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: State) -> Option<()> {
        validate_config(diags, &config);
        Some(())
    }

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        state: State,
        private: Private,
        _meta: ValueEmpty,
    ) -> Option<(State, Private)> {
        let client = self.data.client(diags)?;
        let resource_id = known(&state.resource_id).or(known(&state.id))?.to_string();
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

    async fn plan_create<'a>(
        &self,
        diags: &mut Diagnostics,
        proposed: State,
        config: State,
        _meta: ValueEmpty,
    ) -> Option<(State, Private)> {
        let mut planned = proposed;
        planned.id = planned.resource_id.clone();
        let known_settings = match known(&config.resource_id) {
            Some(rid) => self.check_against_api(diags, &config, rid).await,
            None => None,
        };
        match known_settings {
            Some(api) => set_valid(&mut planned, &api),
            None => {
                planned.valid_access_scope_settings = Value::Unknown;
                planned.valid_requester_settings = Value::Unknown;
                planned.valid_access_duration_settings = Value::Unknown;
                planned.valid_risk_settings = Value::Unknown;
                planned.valid_request_on_behalf_of_settings = Value::Unknown;
            }
        }
        Some((planned, Value::Null))
    }

    async fn plan_update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: State,
        proposed: State,
        config: State,
        private: Private,
        _meta: ValueEmpty,
    ) -> Option<(State, Private, Vec<AttributePath>)> {
        let mut planned = proposed;
        planned.id = prior.id.clone();
        planned.valid_access_scope_settings = prior.valid_access_scope_settings.clone();
        planned.valid_requester_settings = prior.valid_requester_settings.clone();
        planned.valid_access_duration_settings = prior.valid_access_duration_settings.clone();
        planned.valid_risk_settings = prior.valid_risk_settings.clone();
        planned.valid_request_on_behalf_of_settings =
            prior.valid_request_on_behalf_of_settings.clone();
        sort_valid(&mut planned);
        let mut replace = Vec::new();
        if planned.resource_id != prior.resource_id {
            replace.push(p("resource_id"));
        }
        if planned != prior {
            if let Some(rid) = known(&config.resource_id) {
                self.check_against_api(diags, &config, rid).await;
            }
        }
        Some((planned, private, replace))
    }

    async fn plan_destroy<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior: State,
        private: Private,
        _meta: ValueEmpty,
    ) -> Option<Private> {
        Some(private)
    }

    async fn create<'a>(
        &self,
        diags: &mut Diagnostics,
        planned: State,
        _config: State,
        _private: Private,
        _meta: ValueEmpty,
    ) -> Option<(State, Private)> {
        let client = self.data.client(diags)?;
        let resource_id = known(&planned.resource_id)?.to_string();
        let (before, adopted) = adopt(&client, diags, &resource_id, false).await?;
        tracing::info!(resource_id = %resource_id, "adopting the resource's request settings");
        let patch = to_patch(&planned);
        let after = if patch.is_empty() {
            before
        } else {
            match client
                .update_resource_request_settings(&resource_id, &patch)
                .await
            {
                Ok(a) => a,
                Err(e) => {
                    diag::api_error(
                        diags,
                        format!("Unable to update the request settings of resource {resource_id}"),
                        &e,
                    );
                    return None;
                }
            }
        };
        let mut state = from_api(&after, &resource_id, &planned, false);
        state.id = string(resource_id);
        Some((state, Value::Value(adopted)))
    }

    async fn update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: State,
        planned: State,
        _config: State,
        private: Private,
        _meta: ValueEmpty,
    ) -> Option<(State, Private)> {
        let client = self.data.client(diags)?;
        let resource_id = known(&prior.resource_id)?.to_string();
        let mut patch = to_patch(&planned);
        if planned.request_on_behalf_of_settings == prior.request_on_behalf_of_settings {
            patch.request_on_behalf_of_settings = None;
        }
        if planned.risk_settings == prior.risk_settings {
            patch.risk_settings = None;
        }
        let after = if patch.is_empty() {
            match client.get_resource_request_settings(&resource_id).await {
                Ok(a) => a,
                Err(e) => {
                    diag::api_error(
                        diags,
                        format!("Unable to read the request settings of resource {resource_id}"),
                        &e,
                    );
                    return Some((prior, private));
                }
            }
        } else {
            match client
                .update_resource_request_settings(&resource_id, &patch)
                .await
            {
                Ok(a) => a,
                Err(e) => {
                    diag::api_error(
                        diags,
                        format!("Unable to update the request settings of resource {resource_id}"),
                        &e,
                    );
                    return Some((prior, private));
                }
            }
        };
        let mut state = from_api(&after, &resource_id, &planned, false);
        state.id = string(resource_id);
        Some((state, private))
    }

    async fn destroy<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: State,
        private: Private,
        _meta: ValueEmpty,
    ) -> Option<()> {
        let client = self.data.client(diags)?;
        let resource_id = known(&prior.resource_id)?.to_string();
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

    async fn import<'a>(&self, diags: &mut Diagnostics, id: String) -> Option<(State, Private)> {
        let resource_id = id.trim();
        if resource_id.is_empty() || resource_id.contains('/') {
            diag::error(
                diags,
                "Invalid import ID",
                format!("Resource request settings are imported by the resource ID alone, such as \"0oa1b2c3d4e5f6g7h8i9\"; got \"{id}\"."),
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

/// Reads the settings as they are before Terraform manages them, and what to keep of them in
/// private state so that destroy can put them back.
async fn adopt(
    client: &Client,
    diags: &mut Diagnostics,
    resource_id: &str,
    populate: bool,
) -> Option<(ResourceRequestSettings, Adopted)> {
    let before = match client.get_resource_request_settings(resource_id).await {
        Ok(b) => b,
        Err(e) => {
            diag::api_error(
                diags,
                format!("Unable to read the request settings of resource {resource_id}"),
                &e,
            );
            return None;
        }
    };
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

impl ResourceRequestSettingsResource {
    /// Checks the configuration against the resource's `valid_*` settings; returns them.
    async fn check_against_api(
        &self,
        diags: &mut Diagnostics,
        config: &State,
        resource_id: &str,
    ) -> Option<Arc<ResourceRequestSettings>> {
        match self.data.plan_settings(resource_id).await? {
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

/// Plan-time checks of the configuration alone: the per-type rules of risk settings, enums,
/// lengths and durations.
pub fn validate_config(diags: &mut Diagnostics, c: &State) {
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
                Value::Value(a) if a.chars().count() != 24 => diag::error(
                    diags,
                    "Invalid length for risk_settings.default_setting.approval_sequence_id",
                    format!("risk_settings.default_setting.approval_sequence_id must be exactly 24 characters long; got {} characters.", a.chars().count()),
                    default_path().attribute("approval_sequence_id"),
                ),
                _ => {}
            }
            if let Some(ads) = d.access_duration_settings.as_ref_option() {
                let base = || {
                    default_path()
                        .attribute("access_duration_settings")
                        .index(0)
                };
                if let Some(k) = known(&ads.kind) {
                    validate::one_of(
                        diags,
                        base().attribute("type"),
                        "risk_settings.default_setting.access_duration_settings.type",
                        k,
                        DURATION_TYPES,
                    );
                }
                if let Some(v) = known(&ads.duration) {
                    validate::access_duration(
                        diags,
                        base().attribute("duration"),
                        "risk_settings.default_setting.access_duration_settings.duration",
                        v,
                        validate::DurationLimits::OKTA,
                        "Okta's limit",
                    );
                }
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

/// The `type` of each `{ "type": … }` item of a `valid*` list, sorted (Okta's order changes from
/// call to call; messages that list them should not).
pub fn kinds(items: &[TypeItem]) -> Vec<&str> {
    let mut k: Vec<&str> = items.iter().map(|t| t.kind.as_str()).collect();
    k.sort_unstable();
    k
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
            let valid = &api.valid_access_duration_settings;
            let base = || {
                default_path()
                    .attribute("access_duration_settings")
                    .index(0)
            };
            if let Some(k) = known(&ads.kind) {
                let types = kinds(&valid.supported_types);
                if !types.contains(&k) {
                    diag::error(
                        diags,
                        "Access duration type not allowed for this resource",
                        format!(
                            "risk_settings.default_setting.access_duration_settings.type \"{k}\" is not allowed for resource {resource_id}: it allows {}.",
                            validate::quoted_list(&types)
                        ),
                        base().attribute("type"),
                    );
                }
            }
            if let Some(v) = known(&ads.duration) {
                validate::access_duration(
                    diags,
                    base().attribute("duration"),
                    "risk_settings.default_setting.access_duration_settings.duration",
                    v,
                    limits_of(valid),
                    &format!("the limit of resource {resource_id}"),
                );
            }
        }
    }
}

/// The duration limits a resource's `validAccessDurationSettings` set, Okta's where it sets none.
pub fn limits_of(valid: &ValidAccessDurationSettings) -> validate::DurationLimits {
    let okta = validate::DurationLimits::OKTA;
    validate::DurationLimits {
        weeks: valid.maximum_weeks.unwrap_or(okta.weeks),
        days: valid.maximum_days.unwrap_or(okta.days),
        hours: valid.maximum_hours.unwrap_or(okta.hours),
    }
}

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

/// A `valid*` list as state holds it: sorted by `type`. Okta returns these lists in a new order
/// on every call; they are sets in meaning, and sorting them here, where API values become
/// Terraform values, keeps plans and state stable.
pub fn type_list(items: &[TypeItem]) -> TypeList {
    let mut kinds: Vec<&str> = items.iter().map(|t| t.kind.as_str()).collect();
    kinds.sort_unstable();
    Value::Value(
        kinds
            .into_iter()
            .map(|k| Value::Value(TypeObject { kind: string(k) }))
            .collect(),
    )
}

/// A `valid*` list from state, sorted as [`type_list`] sorts (state written by an earlier
/// version may hold the API's order).
fn sorted_type_list(list: &TypeList) -> TypeList {
    match list {
        Value::Value(items) => {
            let mut items = items.clone();
            items.sort_by(|a, b| {
                let kind = |v: &Value<TypeObject>| {
                    v.as_ref_option()
                        .and_then(|t| t.kind.as_ref_option())
                        .cloned()
                };
                kind(a).cmp(&kind(b))
            });
            Value::Value(items)
        }
        other => other.clone(),
    }
}

/// The `valid*` attributes of `s` in canonical order.
fn sort_valid(s: &mut State) {
    s.valid_access_scope_settings = sorted_type_list(&s.valid_access_scope_settings);
    s.valid_requester_settings = sorted_type_list(&s.valid_requester_settings);
    s.valid_request_on_behalf_of_settings =
        sorted_type_list(&s.valid_request_on_behalf_of_settings);
    if let Value::Value(d) = &mut s.valid_access_duration_settings {
        d.supported_types = sorted_type_list(&d.supported_types);
    }
    if let Value::Value(r) = &mut s.valid_risk_settings {
        r.supported_types = sorted_type_list(&r.supported_types);
    }
}

pub fn valid_duration_object(v: &ValidAccessDurationSettings) -> ValidDurationObject {
    let num = |n: Option<f64>| n.map(Value::Value).unwrap_or(Value::Null);
    ValidDurationObject {
        required: Value::Value(v.required),
        maximum_days: num(v.maximum_days),
        maximum_hours: num(v.maximum_hours),
        maximum_weeks: num(v.maximum_weeks),
        supported_types: type_list(&v.supported_types),
    }
}

pub fn valid_risk_object(api: &ResourceRequestSettings) -> ValidRiskObject {
    ValidRiskObject {
        supported_types: type_list(
            api.valid_risk_settings
                .as_ref()
                .map(|v| v.supported_types.as_slice())
                .unwrap_or(&[]),
        ),
    }
}

fn set_valid(s: &mut State, api: &ResourceRequestSettings) {
    s.valid_access_scope_settings = type_list(&api.valid_access_scope_settings);
    s.valid_requester_settings = type_list(&api.valid_requester_settings);
    s.valid_access_duration_settings =
        Value::Value(valid_duration_object(&api.valid_access_duration_settings));
    s.valid_risk_settings = Value::Value(valid_risk_object(api));
    s.valid_request_on_behalf_of_settings = type_list(&api.valid_request_on_behalf_of_settings);
}

pub fn on_behalf_block(api: Option<&RequestOnBehalfOfSettings>) -> OnBehalfOfBlock {
    match api {
        Some(o) if o.allowed => OnBehalfOfBlock {
            allowed: Value::Value(true),
            only_for: crate::tf::value::id_set(o.only_for.iter().flatten().map(String::as_str)),
        },
        _ => OnBehalfOfBlock {
            allowed: Value::Value(false),
            only_for: Value::Null,
        },
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
    set_valid(&mut s, api);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(kinds: &[&str]) -> Vec<TypeItem> {
        kinds
            .iter()
            .map(|k| TypeItem {
                kind: k.to_string(),
            })
            .collect()
    }

    /// Okta's `valid*` lists come in any order; state holds them sorted, so two reads in
    /// different orders make the same state.
    #[test]
    fn valid_lists_are_sorted_whatever_the_api_order() {
        let a = type_list(&items(&[
            "RESOURCE_DEFAULT",
            "ENTITLEMENT_BUNDLES",
            "GROUPS",
        ]));
        let b = type_list(&items(&[
            "GROUPS",
            "RESOURCE_DEFAULT",
            "ENTITLEMENT_BUNDLES",
        ]));
        assert_eq!(a, b);
        assert_eq!(
            a,
            type_list(&items(&[
                "ENTITLEMENT_BUNDLES",
                "GROUPS",
                "RESOURCE_DEFAULT"
            ]))
        );
        assert_eq!(
            kinds(&items(&["GROUPS", "EVERYONE"])),
            ["EVERYONE", "GROUPS"]
        );
        // State written in the API's order is put in order by plan_update.
        let mut s = State {
            valid_requester_settings: Value::Value(vec![
                Value::Value(TypeObject {
                    kind: string("GROUPS"),
                }),
                Value::Value(TypeObject {
                    kind: string("EVERYONE"),
                }),
            ]),
            ..State::default()
        };
        sort_valid(&mut s);
        assert_eq!(
            s.valid_requester_settings,
            type_list(&items(&["EVERYONE", "GROUPS"]))
        );
    }
}
