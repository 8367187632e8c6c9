//! Resource `oig_org_request_settings`: the org's access-request settings, a singleton that
//! always exists. Create adopts it (a PATCH, no import needed); with `wait_for_provisioning`,
//! the apply waits until Okta has provisioned the org's Access Requests app. Destroy leaves
//! Okta as it is (the acknowledgement cannot be taken back) and says so.

use std::time::Duration;

use tf_provider::schema::Schema;
use tf_provider::value::{Value, ValueEmpty};
use tf_provider::{AttributePath, Diagnostics};

use crate::client::settings::OrgRequestSettings;
use crate::client::Client;
use crate::tf::diag;
use crate::tf::lifecycle::{handle, resource};
use crate::tf::object::tf_object;
use crate::tf::plan::{self, plan_rules, PlanRules};
use crate::tf::value::{known, string};

/// The ID of the singleton in state.
pub const SINGLETON_ID: &str = "org_request_settings";
pub const DEFAULT_PROVISIONING_TIMEOUT: &str = "10m";

tf_object! {
    pub struct State {
        /// Always `org_request_settings`: the org has one set of request settings. Read it, do not set it: okta/okta's `okta_request_setting_organization` requires an `id` (such as `"default"`), this resource needs none, and a configuration in that shape is told to remove it (`id = "org_request_settings"`, as `-generate-config-out` writes it, is accepted).
        id: Value<String> => optional_computed,
        /// Whether the Access Requests subprocessors are acknowledged. Setting it to `true` starts provisioning; Okta does not allow setting it back to `false`. Unset leaves Okta's value as it is.
        subprocessors_acknowledged: Value<bool> => optional_computed,
        /// When `true`, the apply that acknowledges the subprocessors (or finds provisioning still in progress) waits until `provisioning_status` is `PROVISIONED`, failing on `PROVISIONING_FAILED` or after `provisioning_timeout`. Default: `false`.
        wait_for_provisioning: Value<bool> => optional,
        /// How long `wait_for_provisioning` waits, as a duration such as `90s`, `10m` or `1h`. Default: `10m`.
        provisioning_timeout: Value<String> => optional,
        /// Provisioning status of the org in Access Requests: `NOT_PROVISIONED`, `PROVISIONED` or `PROVISIONING_FAILED`.
        provisioning_status: Value<String> => computed,
        /// The request experiences the org supports: `ADMIN_ROLES`, `CATALOG`.
        request_experiences: Value<Vec<Value<String>>> => computed,
        /// Whether it has been a long time since the org was provisioned in Access Requests.
        long_time_past_provisioned: Value<bool> => computed,
    }
}

plan_rules!(State {
    on_change: [
        provisioning_status,
        request_experiences,
        long_time_past_provisioned
    ],
    optional_computed: [id, subprocessors_acknowledged],
});

pub fn schema() -> Schema {
    State::schema("Manages the org's access-request settings (a singleton: create adopts it, no import needed). Acknowledging the Access Requests subprocessors starts the provisioning of the org's Access Requests app; with `wait_for_provisioning` the apply waits for it to finish. Destroy leaves the settings in Okta as they are (an acknowledgement cannot be taken back) and warns about it.")
}

handle!(OrgRequestSettingsResource);

/// Parses `90s`, `10m`, `1h30m`, `2h`.
pub fn parse_timeout(text: &str) -> Option<Duration> {
    let mut total = 0u64;
    let mut number = String::new();
    let mut any = false;
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: u64 = number.parse().ok()?;
        number.clear();
        total += n * match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            _ => return None,
        };
        any = true;
    }
    (any && number.is_empty() && total > 0).then(|| Duration::from_secs(total))
}

/// The provisioning timeout parses, and is set only where it has an effect (a warning). An
/// okta/okta-shaped `id` is rejected with what to write instead.
pub fn validate_config(diags: &mut Diagnostics, config: &State) {
    match &config.id {
        Value::Null => {}
        Value::Value(id) if id == SINGLETON_ID => {}
        id => diag::error(
            diags,
            "oig_org_request_settings takes no id",
            format!(
                "Remove id{}: the org has one set of request settings, so oig_org_request_settings needs no ID (okta/okta's okta_request_setting_organization requires one; this provider sets id to \"{SINGLETON_ID}\" itself).",
                known(id).map(|v| format!(" = \"{v}\"")).unwrap_or_default()
            ),
            AttributePath::new("id"),
        ),
    }
    if let Some(t) = known(&config.provisioning_timeout) {
        if parse_timeout(t).is_none() {
            diag::error(
                diags,
                "Invalid value for provisioning_timeout",
                format!("provisioning_timeout must be a duration such as \"90s\", \"10m\" or \"1h30m\" (units s, m, h); got \"{t}\"."),
                AttributePath::new("provisioning_timeout"),
            );
        }
    }
    if config.provisioning_timeout.is_value() && config.wait_for_provisioning != Value::Value(true)
    {
        diag::warning(
            diags,
            "provisioning_timeout has no effect",
            "provisioning_timeout only applies with wait_for_provisioning = true.",
            AttributePath::new("provisioning_timeout"),
        );
    }
}

fn timeout_of(s: &State) -> Duration {
    known(&s.provisioning_timeout)
        .and_then(parse_timeout)
        .or_else(|| parse_timeout(DEFAULT_PROVISIONING_TIMEOUT))
        .unwrap_or(Duration::from_secs(600))
}

resource! {
    impl Resource for OrgRequestSettingsResource {
        state: State,
        private: ValueEmpty,
        schema: schema,
        validate: validate_config,

        async fn read(&self, client: Arc<Client>, diags, state, private) {
            match client.get_org_request_settings().await {
                Ok(api) => Some((from_api(&api, &state), private)),
                Err(e) => {
                    diag::api_error(diags, "Unable to read the org's request settings", &e);
                    None
                }
            }
        }

        async fn plan_create(&self, _diags, proposed, config) {
            let mut planned = plan::plan_create(proposed, &config);
            planned.id = string(SINGLETON_ID);
            Some((planned, ValueEmpty::default()))
        }

        async fn plan_update(&self, _diags, prior, proposed, config, private) {
            let mut planned = proposed;
            State::on_update(&mut planned, &prior, &config);
            // The provisioning fields move only when the apply acknowledges or waits.
            let acknowledging = planned.subprocessors_acknowledged != prior.subprocessors_acknowledged;
            let waiting = planned.wait_for_provisioning == Value::Value(true)
                && known(&prior.provisioning_status) != Some("PROVISIONED");
            if acknowledging || waiting {
                State::mark_changed(&mut planned);
            }
            Some((planned, private, vec![]))
        }

        async fn create(&self, client: Arc<Client>, diags, planned, _config, private) {
            tracing::info!("adopting the org's request settings");
            self.apply(&client, diags, planned, None)
                .await
                .map(|s| (s, private))
        }

        async fn update(&self, client: Arc<Client>, diags, prior, planned, _config, private) {
            match self.apply(&client, diags, planned, Some(&prior)).await {
                Some(s) => Some((s, private)),
                None => Some((prior, private)),
            }
        }

        async fn destroy(&self, diags, _prior, _private) {
            diag::warning(
                diags,
                "Org request settings left in place",
                "oig_org_request_settings was removed from Terraform's state only: Okta's org request settings stay as they are (an acknowledgement of the subprocessors cannot be taken back).",
                AttributePath::root(),
            );
            Some(())
        }

        async fn import(&self, _diags, _id) {
            let state = State {
                id: string(SINGLETON_ID),
                ..State::default()
            };
            Some((state, ValueEmpty::default()))
        }
    }
}

impl OrgRequestSettingsResource {
    /// PATCHes what changed, then waits for provisioning when asked to. `None` only when
    /// nothing reached Okta.
    async fn apply(
        &self,
        client: &Client,
        diags: &mut Diagnostics,
        planned: State,
        prior: Option<&State>,
    ) -> Option<State> {
        let mut api = match planned.subprocessors_acknowledged.as_ref_option() {
            Some(ack)
                if prior.is_none_or(|p| p.subprocessors_acknowledged != Value::Value(*ack)) =>
            {
                match client.update_org_request_settings(*ack).await {
                    Ok(api) => api,
                    Err(e) => {
                        diag::api_error(diags, "Unable to update the org's request settings", &e);
                        return None;
                    }
                }
            }
            _ => match client.get_org_request_settings().await {
                Ok(api) => api,
                Err(e) => {
                    diag::api_error(diags, "Unable to read the org's request settings", &e);
                    return None;
                }
            },
        };
        if planned.wait_for_provisioning == Value::Value(true) && api.subprocessors_acknowledged {
            api = wait_for_provisioning(client, diags, api, timeout_of(&planned)).await;
        }
        Some(from_api(&api, &planned))
    }
}

/// Polls with backoff (1 s doubling to 15 s) until the org is PROVISIONED; PROVISIONING_FAILED
/// and the timeout are errors. Returns the last settings seen either way.
async fn wait_for_provisioning(
    client: &Client,
    diags: &mut Diagnostics,
    mut api: OrgRequestSettings,
    timeout: Duration,
) -> OrgRequestSettings {
    let started = tokio::time::Instant::now();
    let mut delay = Duration::from_secs(1);
    loop {
        match api.provisioning_status.as_str() {
            "PROVISIONED" => {
                tracing::info!(
                    elapsed_s = started.elapsed().as_secs(),
                    "the org's Access Requests app is provisioned"
                );
                return api;
            }
            "PROVISIONING_FAILED" => {
                diag::error(
                    diags,
                    "Access Requests provisioning failed",
                    "Okta reports provisioning_status PROVISIONING_FAILED for the org's Access Requests app. Check the Identity Governance settings in the Admin Console or contact Okta support, then apply again.",
                    AttributePath::new("provisioning_status"),
                );
                return api;
            }
            status => {
                let elapsed = started.elapsed();
                if elapsed >= timeout {
                    diag::error(
                        diags,
                        "Timed out waiting for Access Requests provisioning",
                        format!(
                            "provisioning_status is still {status} after {}s (provisioning_timeout). Provisioning goes on in Okta: apply again later, or raise provisioning_timeout.",
                            timeout.as_secs()
                        ),
                        AttributePath::new("provisioning_timeout"),
                    );
                    return api;
                }
                tracing::info!(
                    status,
                    elapsed_s = elapsed.as_secs(),
                    "waiting for the org's Access Requests app to be provisioned"
                );
                tokio::time::sleep(delay.min(timeout - elapsed)).await;
                delay = (delay * 2).min(Duration::from_secs(15));
            }
        }
        match client.get_org_request_settings().await {
            Ok(next) => api = next,
            Err(e) => {
                diag::api_error(
                    diags,
                    "Unable to read the org's request settings while waiting for provisioning",
                    &e,
                );
                return api;
            }
        }
    }
}

pub fn from_api(api: &OrgRequestSettings, prior: &State) -> State {
    State {
        id: string(SINGLETON_ID),
        subprocessors_acknowledged: Value::Value(api.subprocessors_acknowledged),
        wait_for_provisioning: prior.wait_for_provisioning,
        provisioning_timeout: prior.provisioning_timeout.clone(),
        provisioning_status: string(api.provisioning_status.clone()),
        request_experiences: Value::Value(
            api.request_experiences
                .iter()
                .cloned()
                .map(Value::Value)
                .collect(),
        ),
        long_time_past_provisioned: Value::Value(api.long_time_past_provisioned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts() {
        assert_eq!(parse_timeout("90s"), Some(Duration::from_secs(90)));
        assert_eq!(parse_timeout("1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_timeout("10m"), Some(Duration::from_secs(600)));
        for bad in ["", "10", "m", "5d", "0s", "1.5h"] {
            assert_eq!(parse_timeout(bad), None, "{bad}");
        }
    }
}
