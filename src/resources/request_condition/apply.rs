//! Apply-time steps of a request condition after the write itself: reaching the wanted status,
//! the warning when Okta echoes priority 0, and the way to import a condition whose name a
//! create found taken.

use tf_provider::{AttributePath, Diagnostics};

use super::{from_api, State};
use crate::client::conditions::RequestCondition;
use crate::client::{ApiError, Client};
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

/// After a create refused with 400: when the resource already has a condition with this name
/// (names are unique within a resource), how to import it, with its import ID in both forms
/// (CLI and `import` block). `None` when the refusal had another cause or the list cannot say.
pub(super) async fn name_taken_hint(
    client: &Client,
    resource_id: &str,
    name: &str,
    err: &ApiError,
) -> Option<String> {
    if err.status() != Some(400) {
        return None;
    }
    let all = client.list_request_conditions(resource_id).await.ok()?;
    let existing = all.iter().find(|c| c.name == name)?;
    Some(import_hint(resource_id, name, &existing.id))
}

/// The text of [`name_taken_hint`].
fn import_hint(resource_id: &str, name: &str, id: &str) -> String {
    let import_id = format!("{resource_id}/{id}");
    format!(
        "Resource {resource_id} already has a request condition named {name:?}: {id}, import ID \"{import_id}\". To manage it with this configuration, import it instead of creating a new one, either on the command line (with this resource's address):\n\n  terraform import 'oig_request_condition.NAME' '{import_id}'\n\nor with an import block, then plan and apply:\n\n  import {{\n    to = oig_request_condition.NAME\n    id = \"{import_id}\"\n  }}\n\nOtherwise give this condition another name. If this create replaces a condition of the same name (`terraform apply -replace`, or a tainted condition) with `lifecycle {{ create_before_destroy = true }}`, the new condition is created before the old one is deleted, and names are unique within a resource: replace without create_before_destroy, or rename in the same change."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_import_hint_gives_both_forms_with_the_import_id() {
        let text = import_hint("0oa1", "Sales", "rco1");
        assert!(text.contains("import ID \"0oa1/rco1\""), "{text}");
        assert!(
            text.contains("terraform import 'oig_request_condition.NAME' '0oa1/rco1'"),
            "{text}"
        );
        assert!(text.contains("id = \"0oa1/rco1\""), "{text}");
    }
}
