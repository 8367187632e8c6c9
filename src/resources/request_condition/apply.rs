//! Apply-time steps of a request condition after the write itself: reaching the wanted status,
//! and the warning when Okta echoes priority 0.

use tf_provider::{AttributePath, Diagnostics};

use super::{from_api, State};
use crate::client::conditions::RequestCondition;
use crate::client::Client;
use crate::tf::diag;
use crate::tf::value::{known, opt_string, string};

/// Activates or deactivates until the condition has the wanted status. A failure is reported
/// and the state keeps the condition with its real status, so the next apply converges.
pub(super) async fn reach_status(
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

/// One warning when Okta's answer to a write shows priority 0 although another priority was
/// written: the written priority is kept (see [`crate::model::condition::priority_from_api`]).
pub(super) fn warn_priority_echo(
    diags: &mut Diagnostics,
    answer: &RequestCondition,
    written: &State,
) {
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
            AttributePath::new("priority"),
        );
    }
}
