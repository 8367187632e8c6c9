//! Resource `oig_request_condition`: who may request a resource, at what scope, for how long and
//! through which approval sequence, with its ACTIVE / INACTIVE status.

use tf_provider::schema::{AttributeType, Schema};
use tf_provider::value::{Value, ValueEmpty};
use tf_provider::{AttributePath, Diagnostics};

use crate::client::conditions::RequestCondition;
use crate::client::Client;

use crate::model::condition::{Condition, DurationBlock, RequesterBlock, ScopeBlock};
use crate::tf::lifecycle::{handle, resource};
use crate::tf::object::{self, Mode};
use crate::tf::plan::{self, plan_rules};
use crate::tf::value::{known, require, string, OptionalBlock};
use crate::tf::PlanSettings;
use crate::tf::{diag, schema as s};

mod apply;
mod checks;
mod import_id;

use apply::{name_taken_hint, reach_status, warn_priority_echo};
use import_id::split_import_id;

pub use checks::{check_against_settings, validate_config};

/// The resource's state: a [`Condition`] whose duration is a zero-or-one block.
pub type State = Condition<OptionalBlock<DurationBlock>>;

plan_rules!(State {
    computed: [id, created, created_by],
    on_change: [last_updated, last_updated_by],
    optional_computed: [priority],
    defaults: [status = "INACTIVE"],
    replace: [resource_id = plan::same_app],
    // Okta's API cannot clear a description (1 to 2000 characters, not nullable): removing it
    // from the configuration leaves it in Okta, unmanaged, and the plan shows no change.
    keep_when_removed: [description],
});

pub fn schema() -> Schema {
    use AttributeType::{Number, String as Str};
    s::schema(s::block(
        "A request condition of a resource (an app): who may request it, at what scope, for how long, and through which approval sequence. New conditions are created `INACTIVE` and then activated when `status = \"ACTIVE\"`; on destroy an active condition is deactivated before it is deleted.",
        [
            ("id", s::computed(Str, "The request condition's ID (`rco…`).")),
            ("resource_id", s::required(Str, "The resource (app) the condition belongs to, as an Okta ID (`0oa…`) or an ORN. Moving the condition to another resource replaces it (with `create_before_destroy` the new one is created first: names only need to be unique within a resource); switching between an app's ID and its ORN updates in place.")),
            ("name", s::required(Str, "The condition's name, 1 to 255 characters, unique within the resource. Changing it renames the condition in place (Okta's API allows it on update).")),
            ("description", s::optional_computed(Str, "Human-readable description, 1 to 2000 characters. Okta's API cannot clear a description once set: removing `description` from the configuration leaves Okta's description as it is and stops managing it (the plan shows no change and keeps the value in state); change it to another text to update it in place. Left unset on a new condition, the condition has none.")),
            ("approval_sequence_id", s::required(Str, "ID of the approval sequence (24 characters) that requests through this condition follow.")),
            ("priority", s::optional_computed(Number, "Priority from 0 (highest) to 100; when several conditions match a requester, the highest priority wins. Unset means Okta's default (the lowest priority), which is then shown here. Okta may answer 0 whatever priority was written: the configured priority is then kept (with a warning after the write), and only a different non-zero priority read from Okta shows as a change.")),
            ("status", s::optional_computed(Str, "`ACTIVE` or `INACTIVE` (the default). Okta may report `INVALID` (for example when the approval sequence was deleted); the next apply heals it.")),
            ("created", s::computed(Str, "When the condition was created (RFC 3339).")),
            ("created_by", s::computed(Str, "ID of the user who created the condition.")),
            ("last_updated", s::computed(Str, "When the condition was last updated (RFC 3339).")),
            ("last_updated_by", s::computed(Str, "ID of the user who last updated the condition.")),
        ],
        [
            ("requester_settings", object::nested::<RequesterBlock>(Mode::Single, "Who may request the resource through this condition.")),
            ("access_scope_settings", object::nested::<ScopeBlock>(Mode::Single, "What may be requested: the resource's default access, or specific groups or entitlement bundles.")),
            ("access_duration_settings", object::nested::<DurationBlock>(Mode::Optional, "How long granted access lasts. Omit it for access without an end; removing the block clears the duration in Okta.")),
        ],
    ))
}

handle!(RequestConditionResource);

impl RequestConditionResource {
    /// Checks the configuration against the resource's request settings when its `resource_id`
    /// is known at plan time; otherwise the API checks at apply.
    async fn check_resource_settings(&self, diags: &mut Diagnostics, config: &State) {
        let Some(resource_id) = known(&config.resource_id) else {
            return;
        };
        match self.data.checked_plan_settings(diags, resource_id).await {
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

impl RequestConditionResource {
    /// Whether the state stands as it is, by the resource's list of conditions (taken once per
    /// provider process, see [`ConditionLists`](crate::client::condition_list::ConditionLists)):
    /// only when the list answered after this process's last write to conditions, holds the
    /// condition with a `lastUpdated`, and every field it carries is what state holds. Anything
    /// else (a failed list, the condition missing from it, any difference) is answered by
    /// reading the condition itself.
    async fn stands_by_the_list(
        &self,
        client: &Client,
        resource_id: &str,
        id: &str,
        state: &State,
    ) -> bool {
        let lists = self.data.condition_lists();
        let listing = lists.get(client, resource_id).await;
        let same = listing
            .find(id)
            .and_then(|listed| state_from_list(listed, state))
            .is_some_and(|from_list| from_list == *state);
        same && lists.is_current(&listing)
    }
}

/// The state a condition's list entry gives, or `None` when the entry has no `lastUpdated`.
/// The list leaves out the ID lists (groups, teams, entitlement bundles): they are taken from
/// `prior`, which is sound only together with `lastUpdated`, as Okta moves `lastUpdated` on on
/// every change of a condition. The same holds for `created`, `createdBy` and `lastUpdatedBy`
/// where the list leaves them out (they change only with `lastUpdated`, or never).
fn state_from_list(listed: &RequestCondition, prior: &State) -> Option<State> {
    listed.last_updated.as_ref()?;
    let mut merged = listed.clone();
    let kept = prior.to_api();
    if let Some(r) = merged.requester_settings.as_mut() {
        if r.groups.is_none() && r.teams.is_none() {
            r.groups = kept.requester_settings.groups;
            r.teams = kept.requester_settings.teams;
        }
    }
    if let Some(a) = merged.access_scope_settings.as_mut() {
        if a.groups.is_none() && a.entitlement_bundles.is_none() {
            a.groups = kept.access_scope_settings.groups;
            a.entitlement_bundles = kept.access_scope_settings.entitlement_bundles;
        }
    }
    let or_prior = |listed: &mut Option<String>, prior: &Value<String>| {
        if listed.is_none() {
            *listed = known(prior).map(str::to_string);
        }
    };
    or_prior(&mut merged.created, &prior.created);
    or_prior(&mut merged.created_by, &prior.created_by);
    or_prior(&mut merged.last_updated_by, &prior.last_updated_by);
    Some(from_api(&merged, prior))
}

fn p(name: &'static str) -> AttributePath {
    AttributePath::new(name)
}

/// The resource and condition IDs of a condition in state; an error when either is unknown.
fn state_ids<'a>(diags: &mut Diagnostics, state: &'a State) -> Option<(&'a str, &'a str)> {
    let resource_id = require(
        diags,
        &state.resource_id,
        "request condition",
        "resource_id",
    )?;
    let id = require(diags, &state.id, "request condition", "id")?;
    Some((resource_id, id))
}

/// What the condition is called in messages.
fn describe(state: &State) -> String {
    match (known(&state.id), known(&state.resource_id)) {
        (Some(id), Some(r)) => format!("request condition {id} of resource {r}"),
        _ => format!("request condition \"{}\"", known(&state.name).unwrap_or("")),
    }
}

resource! {
    impl Resource for RequestConditionResource {
        state: State,
        private: ValueEmpty,
        schema: schema,
        validate: validate_config,

        async fn read(&self, client: Arc<Client>, diags, state, private) {
            let (resource_id, id) = state_ids(diags, &state)?;
            if self.stands_by_the_list(&client, resource_id, id, &state).await {
                tracing::debug!(id, "request condition unchanged in its resource's list: state stands without a read");
                return Some((state, private));
            }
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

        async fn plan_create(&self, diags, proposed, config) {
            let planned = plan::plan_create(proposed, &config);
            self.check_resource_settings(diags, &config).await;
            Some((planned, ValueEmpty::default()))
        }

        async fn plan_update(&self, diags, prior, proposed, config, private) {
            let (planned, replace) = plan::plan_update(proposed, &prior, &config);
            if planned != prior {
                self.check_resource_settings(diags, &config).await;
            }
            Some((planned, private, replace))
        }

        async fn create(&self, client: Arc<Client>, diags, planned, _config, private) {
            // Lists taken before or during this write are never used after it.
            let _writing = self.data.condition_lists().writing();
            let resource_id = require(
                diags,
                &planned.resource_id,
                "request condition",
                "resource_id",
            )?
            .to_string();
            let input = planned.to_api();
            let created = match client
                .create_request_condition_once(&resource_id, &input)
                .await
            {
                Ok(c) => c,
                Err(e) => {
                    let summary = format!(
                        "Unable to create request condition \"{}\" of resource {resource_id}",
                        input.name
                    );
                    match name_taken_hint(&client, &resource_id, &input.name, &e).await {
                        Some(hint) => diag::error(
                            diags,
                            summary,
                            format!("{}\n\n{hint}", diag::api_error_detail(&e)),
                            p("name"),
                        ),
                        None => diag::api_error(diags, summary, &e),
                    }
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

        async fn update(&self, client: Arc<Client>, diags, prior, planned, _config, private) {
            // Lists taken before or during this write are never used after it.
            let _writing = self.data.condition_lists().writing();
            let (resource_id, id) = state_ids(diags, &prior)?;
            let wanted = known(&planned.status).unwrap_or("INACTIVE").to_string();
            let mut content_planned = planned.clone();
            content_planned.status = prior.status.clone();
            content_planned.last_updated = prior.last_updated.clone();
            content_planned.last_updated_by = prior.last_updated_by.clone();
            let needs_patch = content_planned != prior || known(&prior.status) == Some("INVALID");
            let mut state = prior.clone();
            if needs_patch {
                match client
                    .update_request_condition(resource_id, id, &planned.to_api())
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

        async fn destroy(&self, client: Arc<Client>, diags, prior, _private) {
            // Lists taken before or during this write are never used after it.
            let _writing = self.data.condition_lists().writing();
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

        async fn import(&self, diags, id) {
            let (resource_id, condition_id) = split_import_id(diags, &id)?;
            let state = State {
                id: string(condition_id),
                resource_id: string(resource_id),
                ..State::default()
            };
            Some((state, ValueEmpty::default()))
        }
    }
}

/// State from the API's representation. `prior` supplies what the API does not echo in the form
/// the user wrote it (the resource ID as an ORN or an ID) and the priority written.
pub fn from_api(c: &RequestCondition, prior: &State) -> State {
    let resource_id = match &prior.resource_id {
        Value::Value(r) => string(r.clone()),
        _ => Value::Null,
    };
    State::from_api(c, resource_id, &prior.priority)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::conditions::{AccessScopeSettings, IdRef, RequesterSettings};

    fn full() -> RequestCondition {
        RequestCondition {
            id: "rco1".into(),
            name: "n".into(),
            approval_sequence_id: Some("61eb0f06c462d20007f05101".into()),
            priority: Some(2),
            status: "ACTIVE".into(),
            requester_settings: Some(RequesterSettings {
                kind: "GROUPS".into(),
                groups: Some(vec![IdRef { id: "00g1".into() }]),
                teams: None,
            }),
            access_scope_settings: Some(AccessScopeSettings {
                kind: "RESOURCE_DEFAULT".into(),
                ..Default::default()
            }),
            created: Some("2025-01-01T00:00:00Z".into()),
            created_by: Some("00u1".into()),
            last_updated: Some("2025-01-02T00:00:00Z".into()),
            last_updated_by: Some("00u1".into()),
            ..Default::default()
        }
    }

    /// The list's sparse form of a condition: its requester and scope carry their type only.
    fn sparse(c: &RequestCondition) -> RequestCondition {
        let mut s = c.clone();
        s.requester_settings = c.requester_settings.as_ref().map(|r| RequesterSettings {
            kind: r.kind.clone(),
            ..Default::default()
        });
        s.access_scope_settings = c
            .access_scope_settings
            .as_ref()
            .map(|a| AccessScopeSettings {
                kind: a.kind.clone(),
                ..Default::default()
            });
        s
    }

    fn state() -> State {
        let prior = State {
            resource_id: string("0oa1".to_string()),
            ..State::default()
        };
        from_api(&full(), &prior)
    }

    #[test]
    fn an_unchanged_list_entry_gives_the_state_back() {
        assert_eq!(state_from_list(&sparse(&full()), &state()), Some(state()));
    }

    #[test]
    fn any_listed_difference_or_no_last_updated_does_not() {
        let changes: [fn(&mut RequestCondition); 6] = [
            |c| c.last_updated = Some("2025-01-03T00:00:00Z".into()),
            |c| c.status = "INACTIVE".into(),
            |c| c.name = "m".into(),
            |c| c.priority = Some(3),
            |c| c.description = Some("d".into()),
            |c| c.requester_settings.as_mut().unwrap().kind = "EVERYONE".into(),
        ];
        for change in changes {
            let mut listed = sparse(&full());
            change(&mut listed);
            assert_ne!(
                state_from_list(&listed, &state()),
                Some(state()),
                "{listed:?}"
            );
        }
        let mut listed = sparse(&full());
        listed.last_updated = None;
        assert_eq!(state_from_list(&listed, &state()), None);
    }
}
