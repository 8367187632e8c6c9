//! Resource `oig_request_condition`: who may request a resource, at what scope, for how long and
//! through which approval sequence, with its ACTIVE / INACTIVE status.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tf_provider::schema::{AttributeType, NestedBlock, Schema};
use tf_provider::value::{Value, ValueEmpty};
use tf_provider::{AttributePath, Diagnostics, Resource};

use crate::client::conditions::{
    AccessDurationSettings, AccessScopeSettings, ConditionInput, IdRef, RequestCondition,
    RequesterSettings,
};
use crate::client::settings::{ResourceRequestSettings, TypeItem};
use crate::client::Client;
use crate::resources::resource_request_settings::{kinds, limits_of};
use crate::tf::value::{
    id_set, known, opt_string, optional_block, set_strings, set_unknown, string, StringSet,
};
use crate::tf::{diag, schema as s, validate};
use crate::tf::{PlanSettings, ProviderData};

pub const REQUESTER_TYPES: &[&str] = &["EVERYONE", "GROUPS", "TEAMS"];
pub const SCOPE_TYPES: &[&str] = &["RESOURCE_DEFAULT", "GROUPS", "ENTITLEMENT_BUNDLES"];
pub const DURATION_TYPES: &[&str] = &["ADMIN_FIXED_DURATION", "REQUESTER_SPECIFIED_DURATION"];
pub const STATUSES: &[&str] = &["ACTIVE", "INACTIVE"];

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub id: Value<String>,
    #[serde(default)]
    pub resource_id: Value<String>,
    #[serde(default)]
    pub name: Value<String>,
    #[serde(default)]
    pub description: Value<String>,
    #[serde(default)]
    pub approval_sequence_id: Value<String>,
    #[serde(default)]
    pub priority: Value<f64>,
    #[serde(default)]
    pub status: Value<String>,
    #[serde(default)]
    pub requester_settings: Value<RequesterBlock>,
    #[serde(default)]
    pub access_scope_settings: Value<ScopeBlock>,
    #[serde(default, with = "optional_block")]
    pub access_duration_settings: Value<DurationBlock>,
    #[serde(default)]
    pub created: Value<String>,
    #[serde(default)]
    pub created_by: Value<String>,
    #[serde(default)]
    pub last_updated: Value<String>,
    #[serde(default)]
    pub last_updated_by: Value<String>,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RequesterBlock {
    #[serde(rename = "type", default)]
    pub kind: Value<String>,
    #[serde(default)]
    pub group_ids: StringSet,
    #[serde(default)]
    pub team_ids: StringSet,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ScopeBlock {
    #[serde(rename = "type", default)]
    pub kind: Value<String>,
    #[serde(default)]
    pub group_ids: StringSet,
    #[serde(default)]
    pub entitlement_bundle_ids: StringSet,
}

#[derive(Debug, Default, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DurationBlock {
    #[serde(rename = "type", default)]
    pub kind: Value<String>,
    #[serde(default)]
    pub duration: Value<String>,
}

impl DurationBlock {
    /// The block for an API duration (null when there is none), whichever field carried it.
    pub fn from_api(d: Option<&AccessDurationSettings>) -> Value<DurationBlock> {
        d.map(|d| {
            Value::Value(DurationBlock {
                kind: string(d.kind.clone()),
                duration: opt_string(d.value()),
            })
        })
        .unwrap_or(Value::Null)
    }

    /// The API form, sent as `duration` or `maximumDuration` as the type requires.
    pub fn to_api(&self) -> AccessDurationSettings {
        AccessDurationSettings::new(
            known(&self.kind).unwrap_or_default(),
            known(&self.duration).unwrap_or_default(),
        )
    }
}

pub fn schema() -> Schema {
    use AttributeType::{Number, String as Str};
    let requester = s::block(
        "Who may request the resource through this condition.",
        [
            ("type", s::required(Str, "Who may request: `EVERYONE`, `GROUPS` (members of `group_ids`) or `TEAMS` (members of `team_ids`).")),
            ("group_ids", s::optional(s::string_set(), "IDs of the Okta groups (`00g…`) whose members may request. Required when `type` is `GROUPS`, not allowed otherwise.")),
            ("team_ids", s::optional(s::string_set(), "IDs of the teams whose members may request. Required when `type` is `TEAMS`, not allowed otherwise.")),
        ],
        [],
    );
    let scope = s::block(
        "What may be requested: the resource's default access, or specific groups or entitlement bundles.",
        [
            ("type", s::required(Str, "The access scope: `RESOURCE_DEFAULT`, `GROUPS` (the groups in `group_ids`) or `ENTITLEMENT_BUNDLES` (the bundles in `entitlement_bundle_ids`).")),
            ("group_ids", s::optional(s::string_set(), "IDs of the Okta groups (`00g…`) that may be requested. Required when `type` is `GROUPS`, not allowed otherwise.")),
            ("entitlement_bundle_ids", s::optional(s::string_set(), "IDs of the entitlement bundles (`enb…`) that may be requested. Required when `type` is `ENTITLEMENT_BUNDLES`, not allowed otherwise.")),
        ],
        [],
    );
    let duration = s::block(
        "How long granted access lasts. Omit it for access without an end; removing the block clears the duration in Okta.",
        [
            ("type", s::required(Str, "Who sets the duration: `ADMIN_FIXED_DURATION` (every grant lasts `duration`) or `REQUESTER_SPECIFIED_DURATION` (the requester chooses, up to `duration`).")),
            ("duration", s::required(Str, "An ISO-8601 duration: hours (`PT12H`, at most `PT72H`), days (`P7D`, at most `P90D`) or weeks (`P2W`, at most `P12W`). Sent to Okta as `duration` or `maximumDuration` as the type requires.")),
        ],
        [],
    );
    s::schema(s::block(
        "A request condition of a resource (an app): who may request it, at what scope, for how long, and through which approval sequence. New conditions are created `INACTIVE` and then activated when `status = \"ACTIVE\"`; on destroy an active condition is deactivated before it is deleted.",
        [
            ("id", s::computed(Str, "The request condition's ID (`rco…`).")),
            ("resource_id", s::required(Str, "The resource (app) the condition belongs to, as an Okta ID (`0oa…`) or an ORN. Changing it replaces the condition.")),
            ("name", s::required(Str, "The condition's name, 1 to 255 characters, unique within the resource. Changing it renames the condition in place (Okta's API allows it on update).")),
            ("description", s::optional(Str, "Human-readable description, 1 to 2000 characters. Okta cannot remove a description once set, so removing it replaces the condition.")),
            ("approval_sequence_id", s::required(Str, "ID of the approval sequence (24 characters) that requests through this condition follow.")),
            ("priority", s::optional_computed(Number, "Priority from 0 (highest) to 100; when several conditions match a requester, the highest priority wins. Unset means Okta's default (the lowest priority), which is then shown here. Okta may answer 0 whatever priority was written: the configured priority is then kept (with a warning after the write), and only a different non-zero priority read from Okta shows as a change.")),
            ("status", s::optional_computed(Str, "`ACTIVE` or `INACTIVE` (the default). Okta may report `INVALID` (for example when the approval sequence was deleted); the next apply heals it.")),
            ("created", s::computed(Str, "When the condition was created (RFC 3339).")),
            ("created_by", s::computed(Str, "ID of the user who created the condition.")),
            ("last_updated", s::computed(Str, "When the condition was last updated (RFC 3339).")),
            ("last_updated_by", s::computed(Str, "ID of the user who last updated the condition.")),
        ],
        [
            ("requester_settings", NestedBlock::Single(requester)),
            ("access_scope_settings", NestedBlock::Single(scope)),
            ("access_duration_settings", NestedBlock::Optional(duration)),
        ],
    ))
}

pub struct RequestConditionResource {
    data: Arc<ProviderData>,
}

impl RequestConditionResource {
    pub fn new(data: Arc<ProviderData>) -> Self {
        Self { data }
    }
}

impl RequestConditionResource {
    /// Checks the configuration against the resource's request settings when its `resource_id`
    /// is known at plan time; otherwise the API checks at apply.
    async fn check_resource_settings(&self, diags: &mut Diagnostics, config: &State) {
        let Some(resource_id) = known(&config.resource_id) else {
            return;
        };
        match self.data.plan_settings(resource_id).await {
            Some(PlanSettings::Known(settings)) => check_against_settings(diags, config, resource_id, &settings),
            Some(PlanSettings::NotFound(detail)) => diag::error(
                diags,
                format!("Resource {resource_id} not found"),
                format!("resource_id names no resource Okta knows (its request settings could not be read).\n{detail}"),
                p("resource_id"),
            ),
            Some(PlanSettings::Unavailable) | None => {}
        }
    }
}

fn p(name: &'static str) -> AttributePath {
    AttributePath::new(name)
}

/// What the condition is called in messages.
fn describe(state: &State) -> String {
    match (known(&state.id), known(&state.resource_id)) {
        (Some(id), Some(r)) => format!("request condition {id} of resource {r}"),
        _ => format!("request condition \"{}\"", known(&state.name).unwrap_or("")),
    }
}

#[async_trait]
impl Resource for RequestConditionResource {
    type State<'a> = State;
    type PrivateState<'a> = ValueEmpty;
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
        private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<(State, ValueEmpty)> {
        let client = self.data.client(diags)?;
        let (Some(resource_id), Some(id)) = (known(&state.resource_id), known(&state.id)) else {
            diag::error(
                diags,
                "Incomplete state",
                "The state of this request condition has no resource_id or id.",
                AttributePath::root(),
            );
            return None;
        };
        match client.get_request_condition(resource_id, id).await {
            Ok(c) if c.status == "DELETED" => {
                tracing::info!(
                    id,
                    "request condition is DELETED in Okta: removing it from state"
                );
                None
            }
            Ok(c) => Some((from_api(&c, &state), private)),
            Err(e) if e.is_not_found() => {
                tracing::info!(
                    id,
                    "request condition no longer exists in Okta: removing it from state"
                );
                None
            }
            Err(e) => {
                diag::api_error(diags, format!("Unable to read {}", describe(&state)), &e);
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
    ) -> Option<(State, ValueEmpty)> {
        let mut planned = proposed;
        planned.id = Value::Unknown;
        planned.created = Value::Unknown;
        planned.created_by = Value::Unknown;
        planned.last_updated = Value::Unknown;
        planned.last_updated_by = Value::Unknown;
        if config.priority.is_null() {
            planned.priority = Value::Unknown;
        }
        if config.status.is_null() {
            planned.status = string("INACTIVE");
        }
        self.check_resource_settings(diags, &config).await;
        Some((planned, ValueEmpty::default()))
    }

    async fn plan_update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: State,
        proposed: State,
        config: State,
        private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<(State, ValueEmpty, Vec<AttributePath>)> {
        let mut planned = proposed;
        planned.id = prior.id.clone();
        planned.created = prior.created.clone();
        planned.created_by = prior.created_by.clone();
        if config.status.is_null() {
            planned.status = string("INACTIVE");
        }
        if config.priority.is_null() {
            planned.priority = prior.priority;
        }
        let mut replace = Vec::new();
        if planned.resource_id != prior.resource_id {
            replace.push(p("resource_id"));
        }
        if planned.description.is_null() && prior.description.is_value() {
            replace.push(p("description"));
        }
        let changed = planned.name != prior.name
            || planned.description != prior.description
            || planned.approval_sequence_id != prior.approval_sequence_id
            || planned.priority != prior.priority
            || planned.status != prior.status
            || planned.requester_settings != prior.requester_settings
            || planned.access_scope_settings != prior.access_scope_settings
            || planned.access_duration_settings != prior.access_duration_settings;
        if changed || !replace.is_empty() {
            planned.last_updated = Value::Unknown;
            planned.last_updated_by = Value::Unknown;
        } else {
            planned.last_updated = prior.last_updated.clone();
            planned.last_updated_by = prior.last_updated_by.clone();
        }
        if planned != prior {
            self.check_resource_settings(diags, &config).await;
        }
        Some((planned, private, replace))
    }

    async fn plan_destroy<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior: State,
        private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<ValueEmpty> {
        Some(private)
    }

    async fn create<'a>(
        &self,
        diags: &mut Diagnostics,
        planned: State,
        _config: State,
        private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<(State, ValueEmpty)> {
        let client = self.data.client(diags)?;
        let resource_id = known(&planned.resource_id)?.to_string();
        let input = to_api(&planned);
        let created = match client
            .create_request_condition_once(&resource_id, &input)
            .await
        {
            Ok(c) => c,
            Err(e) => {
                diag::api_error(
                    diags,
                    format!(
                        "Unable to create request condition \"{}\" of resource {resource_id}",
                        input.name
                    ),
                    &e,
                );
                return None;
            }
        };
        tracing::info!(id = %created.id, resource_id = %resource_id, "request condition created");
        warn_priority_echo(diags, &created, &planned);
        let mut state = from_api(&created, &planned);
        // From here on the condition exists: whatever fails, the state keeps it.
        if known(&planned.status) == Some("ACTIVE") && created.status != "ACTIVE" {
            state = reach_status(&client, diags, state, "ACTIVE").await;
        }
        Some((state, private))
    }

    async fn update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: State,
        planned: State,
        _config: State,
        private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<(State, ValueEmpty)> {
        let client = self.data.client(diags)?;
        let (Some(resource_id), Some(id)) = (known(&prior.resource_id), known(&prior.id)) else {
            diag::error(
                diags,
                "Incomplete state",
                "The state of this request condition has no resource_id or id.",
                AttributePath::root(),
            );
            return None;
        };
        let wanted = known(&planned.status).unwrap_or("INACTIVE").to_string();
        let mut content_planned = planned.clone();
        content_planned.status = prior.status.clone();
        content_planned.last_updated = prior.last_updated.clone();
        content_planned.last_updated_by = prior.last_updated_by.clone();
        let needs_patch = content_planned != prior || known(&prior.status) == Some("INVALID");
        let mut state = prior.clone();
        if needs_patch {
            match client
                .update_request_condition(resource_id, id, &to_api(&planned))
                .await
            {
                Ok(c) => {
                    warn_priority_echo(diags, &c, &planned);
                    state = from_api(&c, &planned);
                }
                Err(e) => {
                    diag::api_error(diags, format!("Unable to update {}", describe(&prior)), &e);
                    return Some((prior, private));
                }
            }
        }
        let current = known(&state.status).unwrap_or("").to_string();
        if current != wanted {
            state = reach_status(&client, diags, state, &wanted).await;
        }
        Some((state, private))
    }

    async fn destroy<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: State,
        _private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<()> {
        let client = self.data.client(diags)?;
        let (Some(resource_id), Some(id)) = (known(&prior.resource_id), known(&prior.id)) else {
            return Some(());
        };
        if known(&prior.status) == Some("ACTIVE") {
            match client.deactivate_request_condition(resource_id, id).await {
                Ok(_) => {}
                Err(e) if e.is_not_found() => return Some(()),
                // Already inactive (changed outside Terraform): deleting is still right.
                Err(e) if e.is_conflict() => {}
                Err(e) => {
                    diag::api_error(
                        diags,
                        format!(
                            "Unable to deactivate {} before deleting it",
                            describe(&prior)
                        ),
                        &e,
                    );
                    return None;
                }
            }
        }
        let mut deleted = client.delete_request_condition(resource_id, id).await;
        if deleted.as_ref().is_err_and(|e| e.is_conflict()) {
            // Okta refuses to delete an ACTIVE condition, and state may not know it is active
            // (activated outside Terraform since the last refresh): deactivate, then delete.
            tracing::info!(
                id,
                "the DELETE was refused: deactivating the request condition first"
            );
            match client.deactivate_request_condition(resource_id, id).await {
                Ok(_) => deleted = client.delete_request_condition(resource_id, id).await,
                Err(e) if e.is_not_found() => return Some(()),
                Err(_) => {}
            }
        }
        match deleted {
            Ok(()) => Some(()),
            Err(e) => {
                diag::api_error(diags, format!("Unable to delete {}", describe(&prior)), &e);
                None
            }
        }
    }

    async fn import<'a>(&self, diags: &mut Diagnostics, id: String) -> Option<(State, ValueEmpty)> {
        let parts: Vec<&str> = id.rsplitn(2, '/').collect();
        let (Some(condition_id), Some(resource_id)) = (parts.first(), parts.get(1)) else {
            diag::error(
                diags,
                "Invalid import ID",
                format!("A request condition is imported as \"<resource_id>/<request_condition_id>\", for example \"0oa1b2c3d4e5f6g7h8i9/rcob0oNGTSWTBKOLGLNR\"; got \"{id}\"."),
                AttributePath::root(),
            );
            return None;
        };
        if resource_id.is_empty() || condition_id.is_empty() {
            diag::error(
                diags,
                "Invalid import ID",
                format!("A request condition is imported as \"<resource_id>/<request_condition_id>\"; got \"{id}\"."),
                AttributePath::root(),
            );
            return None;
        }
        let state = State {
            id: string(*condition_id),
            resource_id: string(*resource_id),
            ..State::default()
        };
        Some((state, ValueEmpty::default()))
    }
}

/// Activates or deactivates until the condition has the wanted status. A failure is reported
/// and the state keeps the condition with its real status, so the next apply converges.
async fn reach_status(
    client: &Client,
    diags: &mut Diagnostics,
    mut state: State,
    wanted: &str,
) -> State {
    let (Some(resource_id), Some(id)) = (
        known(&state.resource_id).map(str::to_string),
        known(&state.id).map(str::to_string),
    ) else {
        return state;
    };
    let result = if wanted == "ACTIVE" {
        client.activate_request_condition(&resource_id, &id).await
    } else {
        client.deactivate_request_condition(&resource_id, &id).await
    };
    let verb = if wanted == "ACTIVE" {
        "activate"
    } else {
        "deactivate"
    };
    match result {
        Ok(c) => {
            state.status = string(c.status.clone());
            state.last_updated = opt_string(c.last_updated.as_deref()).or(state.last_updated);
            state.last_updated_by =
                opt_string(c.last_updated_by.as_deref()).or(state.last_updated_by);
        }
        Err(e) => {
            // A 409 may mean it already is where we want it (an earlier attempt landed): look.
            if e.is_conflict() {
                if let Ok(c) = client.get_request_condition(&resource_id, &id).await {
                    if c.status == wanted {
                        return from_api(&c, &state);
                    }
                    state = from_api(&c, &state);
                }
            }
            diag::api_error(
                diags,
                format!("Unable to {verb} request condition {id} of resource {resource_id}"),
                &e,
            );
        }
    }
    state
}

/// Plan-time checks of what the configuration says; unknown values are skipped.
pub fn validate_config(diags: &mut Diagnostics, c: &State) {
    if let Some(name) = known(&c.name) {
        validate::length(diags, p("name"), "name", name, 1, 255);
    }
    if let Some(d) = known(&c.description) {
        validate::length(diags, p("description"), "description", d, 1, 2000);
    }
    if let Some(a) = known(&c.approval_sequence_id) {
        if a.chars().count() != 24 {
            diag::error(
                diags,
                "Invalid length for approval_sequence_id",
                format!("approval_sequence_id must be exactly 24 characters long; got {} characters (\"{a}\").", a.chars().count()),
                p("approval_sequence_id"),
            );
        }
    }
    if let Some(n) = c.priority.as_ref_option() {
        validate::whole_number(diags, p("priority"), "priority", *n, 0, 100);
    }
    if let Some(st) = known(&c.status) {
        validate::one_of(diags, p("status"), "status", st, STATUSES);
    }
    if let Some(r) = c.requester_settings.as_ref_option() {
        let base = || p("requester_settings");
        if let Some(kind) = known(&r.kind) {
            if validate::one_of(
                diags,
                base().attribute("type"),
                "requester_settings.type",
                kind,
                REQUESTER_TYPES,
            ) {
                ids_for_type(
                    diags,
                    base,
                    "requester_settings",
                    kind,
                    &[
                        ("GROUPS", "group_ids", &r.group_ids),
                        ("TEAMS", "team_ids", &r.team_ids),
                    ],
                );
            }
        }
        check_group_ids(
            diags,
            base().attribute("group_ids"),
            "requester_settings.group_ids",
            &r.group_ids,
        );
    }
    if let Some(a) = c.access_scope_settings.as_ref_option() {
        let base = || p("access_scope_settings");
        if let Some(kind) = known(&a.kind) {
            if validate::one_of(
                diags,
                base().attribute("type"),
                "access_scope_settings.type",
                kind,
                SCOPE_TYPES,
            ) {
                ids_for_type(
                    diags,
                    base,
                    "access_scope_settings",
                    kind,
                    &[
                        ("GROUPS", "group_ids", &a.group_ids),
                        (
                            "ENTITLEMENT_BUNDLES",
                            "entitlement_bundle_ids",
                            &a.entitlement_bundle_ids,
                        ),
                    ],
                );
            }
        }
        check_group_ids(
            diags,
            base().attribute("group_ids"),
            "access_scope_settings.group_ids",
            &a.group_ids,
        );
    }
    if let Some(d) = c.access_duration_settings.as_ref_option() {
        let base = || p("access_duration_settings").index(0);
        if let Some(kind) = known(&d.kind) {
            validate::one_of(
                diags,
                base().attribute("type"),
                "access_duration_settings.type",
                kind,
                DURATION_TYPES,
            );
        }
        if let Some(v) = known(&d.duration) {
            validate::access_duration(
                diags,
                base().attribute("duration"),
                "access_duration_settings.duration",
                v,
                validate::DurationLimits::OKTA,
                "Okta's limit",
            );
        }
    }
}

/// For a block whose `type` selects one ID list: that list is required (non-empty) for its
/// type and not allowed for any other.
fn ids_for_type(
    diags: &mut Diagnostics,
    base: impl Fn() -> AttributePath,
    block: &str,
    kind: &str,
    lists: &[(&str, &'static str, &StringSet)],
) {
    for (for_type, attr, value) in lists {
        let set = !value.is_null();
        let empty = value.as_ref_option().is_some_and(|s| s.is_empty());
        if kind == *for_type && (!set || empty) {
            diag::error(
                diags,
                format!("Missing {block}.{attr}"),
                format!(
                    "{block}.{attr} must list at least one ID when {block}.type is \"{for_type}\"."
                ),
                base().attribute(*attr),
            );
        } else if kind != *for_type && set {
            diag::error(
                diags,
                format!("{block}.{attr} is not allowed here"),
                format!("{block}.{attr} is only allowed when {block}.type is \"{for_type}\"; {block}.type is \"{kind}\"."),
                base().attribute(*attr),
            );
        }
    }
}

/// Okta group IDs are 20 characters: `00g` followed by letters and digits.
fn check_group_ids(diags: &mut Diagnostics, path: AttributePath, name: &str, ids: &StringSet) {
    if set_unknown(ids) {
        return;
    }
    for id in set_strings(ids) {
        let ok = id.len() == 20
            && id.starts_with("00g")
            && id.chars().all(|c| c.is_ascii_alphanumeric());
        if !ok {
            diag::error(
                diags,
                format!("Invalid ID in {name}"),
                format!("{name} holds Okta group IDs: 20 characters starting with \"00g\" (such as \"00g1a2b3c4d5e6f7g8h9\"); got \"{id}\"."),
                path.clone(),
            );
        }
    }
}

/// Plan-time checks against what the resource's request settings allow.
pub fn check_against_settings(
    diags: &mut Diagnostics,
    c: &State,
    resource_id: &str,
    settings: &ResourceRequestSettings,
) {
    let allowed_type = |diags: &mut Diagnostics,
                        path: AttributePath,
                        name: &str,
                        value: &Value<String>,
                        valid: &[TypeItem]| {
        let Some(v) = known(value) else { return };
        let valid = kinds(valid);
        if valid.contains(&v) {
            return;
        }
        let allowed = if valid.is_empty() {
            "it allows none (access requests are not set up for this resource)".to_string()
        } else {
            format!("it allows {}", validate::quoted_list(&valid))
        };
        diag::error(
            diags,
            format!("{name} not allowed for this resource"),
            format!("{name} \"{v}\" is not allowed for resource {resource_id}: {allowed}."),
            path,
        );
    };
    if let Some(r) = c.requester_settings.as_ref_option() {
        allowed_type(
            diags,
            p("requester_settings").attribute("type"),
            "requester_settings.type",
            &r.kind,
            &settings.valid_requester_settings,
        );
    }
    if let Some(a) = c.access_scope_settings.as_ref_option() {
        allowed_type(
            diags,
            p("access_scope_settings").attribute("type"),
            "access_scope_settings.type",
            &a.kind,
            &settings.valid_access_scope_settings,
        );
    }
    let valid = &settings.valid_access_duration_settings;
    match &c.access_duration_settings {
        Value::Null if valid.required => {
            let supported = kinds(&valid.supported_types);
            diag::error(
                diags,
                "Missing access_duration_settings",
                format!(
                    "access_duration_settings is required for resource {resource_id}: add the block with type {}.",
                    validate::quoted_list(&supported)
                ),
                p("access_duration_settings"),
            );
        }
        Value::Value(d) => {
            let base = || p("access_duration_settings").index(0);
            allowed_type(
                diags,
                base().attribute("type"),
                "access_duration_settings.type",
                &d.kind,
                &valid.supported_types,
            );
            if let Some(v) = known(&d.duration) {
                validate::access_duration(
                    diags,
                    base().attribute("duration"),
                    "access_duration_settings.duration",
                    v,
                    limits_of(valid),
                    &format!("the limit of resource {resource_id}"),
                );
            }
        }
        _ => {}
    }
}

fn ids(v: &StringSet) -> Option<Vec<IdRef>> {
    let list: Vec<IdRef> = set_strings(v).into_iter().map(|id| IdRef { id }).collect();
    (!list.is_empty()).then_some(list)
}

/// The API body for the planned state.
pub fn to_api(s: &State) -> ConditionInput {
    let requester = s.requester_settings.as_ref_option();
    let scope = s.access_scope_settings.as_ref_option();
    ConditionInput {
        name: known(&s.name).unwrap_or_default().to_string(),
        description: known(&s.description).map(str::to_string),
        approval_sequence_id: known(&s.approval_sequence_id)
            .unwrap_or_default()
            .to_string(),
        priority: s.priority.as_ref_option().map(|n| *n as i64),
        requester_settings: RequesterSettings {
            kind: requester
                .and_then(|r| known(&r.kind))
                .unwrap_or_default()
                .to_string(),
            groups: requester.and_then(|r| ids(&r.group_ids)),
            teams: requester.and_then(|r| ids(&r.team_ids)),
        },
        access_scope_settings: AccessScopeSettings {
            kind: scope
                .and_then(|a| known(&a.kind))
                .unwrap_or_default()
                .to_string(),
            groups: scope.and_then(|a| ids(&a.group_ids)),
            entitlement_bundles: scope.and_then(|a| ids(&a.entitlement_bundle_ids)),
        },
        access_duration_settings: s
            .access_duration_settings
            .as_ref_option()
            .map(DurationBlock::to_api),
    }
}

fn ref_ids(list: &Option<Vec<IdRef>>) -> StringSet {
    id_set(list.iter().flatten().map(|r| r.id.as_str()))
}

/// The priority for state. Okta may answer 0 whatever priority was written (seen by the
/// official provider's maintainers, okta/terraform-provider-okta#2786), so a 0 from the API
/// where the prior state or plan holds a non-zero priority keeps that priority; any other value
/// (a non-zero one that differs is real drift) is Okta's.
fn priority_from_api(api: Option<i64>, prior: &Value<f64>) -> Value<f64> {
    match (api, prior) {
        (Some(0), Value::Value(p)) if *p != 0.0 => Value::Value(*p),
        (Some(n), _) => Value::Value(n as f64),
        (None, _) => Value::Null,
    }
}

/// One warning when Okta's answer to a write shows priority 0 although another priority was
/// written: the written priority is kept (see [`priority_from_api`]).
fn warn_priority_echo(diags: &mut Diagnostics, answer: &RequestCondition, written: &State) {
    let Some(n) = written.priority.as_ref_option() else {
        return;
    };
    if answer.priority == Some(0) && *n != 0.0 {
        diag::warning(
            diags,
            format!("Okta answered priority 0 after priority {n} was written"),
            format!(
                "Okta's answer for request condition \"{}\" shows priority 0, although priority {n} was sent. Okta is known to answer 0 here whatever was written, so Terraform keeps priority {n} in state. A later read that shows another non-zero priority is reported as a change; one that shows 0 is taken to be the same answer.",
                answer.name
            ),
            p("priority"),
        );
    }
}

/// State from the API's representation. `prior` supplies what the API does not echo in the form
/// the user wrote it (the resource ID as an ORN or an ID).
pub fn from_api(c: &RequestCondition, prior: &State) -> State {
    let resource_id = match &prior.resource_id {
        Value::Value(r) => string(r.clone()),
        _ => Value::Null,
    };
    State {
        id: string(c.id.clone()),
        resource_id,
        name: string(c.name.clone()),
        description: opt_string(c.description.as_deref()),
        approval_sequence_id: opt_string(c.approval_sequence_id.as_deref()),
        priority: priority_from_api(c.priority, &prior.priority),
        status: string(c.status.clone()),
        requester_settings: c
            .requester_settings
            .as_ref()
            .map(|r| {
                Value::Value(RequesterBlock {
                    kind: string(r.kind.clone()),
                    group_ids: ref_ids(&r.groups),
                    team_ids: ref_ids(&r.teams),
                })
            })
            .unwrap_or(Value::Null),
        access_scope_settings: c
            .access_scope_settings
            .as_ref()
            .map(|a| {
                Value::Value(ScopeBlock {
                    kind: string(a.kind.clone()),
                    group_ids: ref_ids(&a.groups),
                    entitlement_bundle_ids: ref_ids(&a.entitlement_bundles),
                })
            })
            .unwrap_or(Value::Null),
        access_duration_settings: DurationBlock::from_api(c.access_duration_settings.as_ref()),
        created: opt_string(c.created.as_deref()),
        created_by: opt_string(c.created_by.as_deref()),
        last_updated: opt_string(c.last_updated.as_deref()),
        last_updated_by: opt_string(c.last_updated_by.as_deref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zero_priority_from_the_api_keeps_a_non_zero_prior() {
        let seven = Value::Value(7.0);
        assert_eq!(priority_from_api(Some(0), &seven), seven);
        assert_eq!(priority_from_api(Some(3), &seven), Value::Value(3.0));
        assert_eq!(
            priority_from_api(Some(0), &Value::Value(0.0)),
            Value::Value(0.0)
        );
        assert_eq!(priority_from_api(Some(0), &Value::Null), Value::Value(0.0));
        assert_eq!(
            priority_from_api(Some(0), &Value::Unknown),
            Value::Value(0.0)
        );
        assert_eq!(priority_from_api(None, &seven), Value::Null);
    }
}
