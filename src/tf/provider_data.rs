//! The configured client as resources and data sources reach it. tf-provider builds resources
//! before `configure` runs and passes `configure` only `&self`, so every resource holds an `Arc`
//! of this slot; the provider fills it. It lives below the resources so that nothing imports
//! `provider.rs`.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use tf_provider::{AttributePath, Diagnostics};

use crate::client::condition_list::ConditionLists;
use crate::client::settings::ResourceRequestSettings;
use crate::client::Client;
use crate::tf::diag;

/// Where the configured client lives. tf-provider builds resources before `configure` runs, so
/// every resource holds an `Arc` of this slot.
#[derive(Default)]
pub struct ProviderData {
    slot: RwLock<Slot>,
    /// Resource request settings fetched for plan-time checks: once per resource per provider
    /// process (one plan or apply), shared by concurrent plans.
    plan_settings: tokio::sync::Mutex<HashMap<String, Arc<tokio::sync::OnceCell<Fetched>>>>,
    /// Each resource's list of request conditions, shared by refreshes and data sources and
    /// made stale by every write to conditions (see [`ConditionLists`]).
    condition_lists: ConditionLists,
}

/// What the plan-time read of a resource's settings gave: settings as resources see them, or
/// a refusal of the credentials (401/403), which is an error at plan, never "unavailable".
#[derive(Clone, Debug)]
enum Fetched {
    Settings(PlanSettings),
    Denied(String),
}

/// A resource's request settings as seen at plan time.
#[derive(Clone, Debug)]
pub enum PlanSettings {
    Known(Arc<ResourceRequestSettings>),
    /// The resource does not exist (404).
    NotFound(String),
    /// They could not be read (an error other than 404, 401 or 403); the API checks at apply
    /// instead.
    Unavailable,
}

/// The summary of the plan-time error when Okta refuses the provider's credentials.
pub const DENIED_SUMMARY: &str = "Okta refused the provider's credentials";

#[derive(Default, Clone)]
enum Slot {
    #[default]
    Unconfigured,
    /// The configuration holds values known only at apply time.
    Deferred,
    Ready(Arc<Client>),
}

impl ProviderData {
    fn set(&self, slot: Slot) {
        *self.slot.write().unwrap_or_else(|p| p.into_inner()) = slot;
    }

    /// The provider's arguments hold values known only at apply time.
    pub fn set_deferred(&self) {
        self.set(Slot::Deferred);
    }

    /// Configuration is complete: resources and data sources get this client from now on.
    pub fn set_ready(&self, client: Client) {
        self.set(Slot::Ready(Arc::new(client)));
    }

    fn get(&self) -> Slot {
        self.slot.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The client, if configuration is complete; `None` while it is deferred (plan with unknown
    /// provider arguments) — callers then skip API calls and leave values unknown.
    pub fn client_if_ready(&self) -> Option<Arc<Client>> {
        match self.get() {
            Slot::Ready(c) => Some(c),
            _ => None,
        }
    }

    /// The request settings of `resource_id` for plan-time checks, fetched at most once per
    /// provider process; `None` when the provider is not configured yet. Credentials that Okta
    /// refuses (401/403) are reported here as `Unavailable`: use
    /// [`ProviderData::checked_plan_settings`] to make them a plan-time error.
    pub async fn plan_settings(&self, resource_id: &str) -> Option<PlanSettings> {
        match self.fetch_plan_settings(resource_id).await? {
            Fetched::Settings(s) => Some(s),
            Fetched::Denied(_) => Some(PlanSettings::Unavailable),
        }
    }

    /// As [`ProviderData::plan_settings`], but a 401 or 403 is an error diagnostic (on
    /// `attribute`) saying that the token or the app is wrong, and `None` is returned: a plan
    /// with credentials Okta refuses fails at plan time, never "Plan: 1 to add".
    pub async fn checked_plan_settings(
        &self,
        diags: &mut Diagnostics,
        resource_id: &str,
    ) -> Option<PlanSettings> {
        match self.fetch_plan_settings(resource_id).await? {
            Fetched::Settings(s) => Some(s),
            Fetched::Denied(detail) => {
                diag::error(diags, DENIED_SUMMARY, detail, AttributePath::root());
                None
            }
        }
    }

    async fn fetch_plan_settings(&self, resource_id: &str) -> Option<Fetched> {
        let client = self.client_if_ready()?;
        let cell = {
            let mut map = self.plan_settings.lock().await;
            map.entry(resource_id.to_string()).or_default().clone()
        };
        let settings = cell
            .get_or_init(|| async {
                match client.get_resource_request_settings(resource_id).await {
                    Ok(s) => Fetched::Settings(PlanSettings::Known(Arc::new(s))),
                    Err(e) if e.is_not_found() => {
                        Fetched::Settings(PlanSettings::NotFound(diag::api_error_detail(&e)))
                    }
                    Err(e) if matches!(e.status(), Some(401 | 403)) => Fetched::Denied(format!(
                        "Reading the request settings of resource {resource_id} at plan time was refused, so nothing can be planned with these credentials.\n{}",
                        diag::api_error_detail(&e)
                    )),
                    Err(e) => {
                        tracing::warn!(resource_id, error = %e, "request settings unavailable at plan time: leaving the checks to the API");
                        Fetched::Settings(PlanSettings::Unavailable)
                    }
                }
            })
            .await;
        Some(settings.clone())
    }

    /// The per-process lists of request conditions.
    pub fn condition_lists(&self) -> &ConditionLists {
        &self.condition_lists
    }

    /// The client, or an error diagnostic saying why there is none.
    pub fn client(&self, diags: &mut Diagnostics) -> Option<Arc<Client>> {
        match self.get() {
            Slot::Ready(c) => Some(c),
            Slot::Deferred => {
                diag::error(
                    diags,
                    "Provider configuration not yet known",
                    "The oig provider's arguments depend on values that are only known after apply, so this cannot be read now. Apply the resources they depend on first (for example with -target).",
                    AttributePath::root(),
                );
                None
            }
            Slot::Unconfigured => {
                diag::error(
                    diags,
                    "Provider not configured",
                    "The oig provider was used before it was configured.",
                    AttributePath::root(),
                );
                None
            }
        }
    }
}
