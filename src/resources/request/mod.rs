//! Resource `oig_request`: an access request filed as code (for example a break-glass request).
//! A request cannot be edited or deleted through the API: every input change replaces it, and
//! destroy only removes it from Terraform's state, with a warning. Its progress (status,
//! approvals, actions, resolution) is refreshed on every read.

use tf_provider::schema::Schema;
use tf_provider::value::{Value, ValueEmpty};
use tf_provider::AttributePath;

use crate::client::requests::{Request, RequestInput};
use crate::model::request::{
    actions_doc, actions_from_api, approvals_doc, approvals_from_api, request_struct, Actions,
    Approvals,
};
use crate::tf::lifecycle::{handle, resource};
use crate::tf::object::tf_object;
use crate::tf::plan::plan_rules;
use crate::tf::value::{id_set, known, require, set_strings, string, StringSet};
use crate::tf::{diag, ids};

mod checks;

pub use checks::{create_error_summary, validate_config};

request_struct! {
    pub struct State {
        /// The request's ID (24 hexadecimal characters).
        id: Value<String> => computed,
        /// The request type to file the request under (24 characters). It must be published (`ACTIVE`). Changing it files a new request.
        request_type_id: Value<String> => required,
        /// The request's subject line, 1 to 250 characters. Changing it files a new request.
        subject: Value<String> => required,
        /// Answers to the request type's requester fields, as a list of `{ id = "<field UUID>", value = "…" }`. Every required field of the request type must be answered; `value` is 1 to 1000 characters: the text, an RFC 3339 date-time for a `DATE-TIME` field, or the chosen option of a `SELECT` field. Changing it files a new request.
        requester_field_values: Value<Vec<Value<FieldInput>>> => optional,
        /// The user the request is for: a set holding exactly one Okta user ID (`00u…`). Unset means the user behind the provider's credentials, which is then shown here. Changing it files a new request.
        requester_user_ids: StringSet => optional_computed,
        #[doc = approvals_doc!()]
        approvals: Approvals => computed,
        #[doc = actions_doc!()]
        actions: Actions => computed,
    }
}

plan_rules!(State {
    on_change: [
        id,
        request_status,
        resolved,
        created,
        created_by,
        last_updated,
        last_updated_by,
        kind as "type",
        permalink_id,
        approvals,
        actions,
    ],
    optional_computed: [requester_user_ids],
    replace: [request_type_id, subject, requester_field_values, requester_user_ids],
});

tf_object! {
    /// One `{ id, value }` of `requester_field_values`.
    pub struct FieldInput: Eq {
        /// The requester field's ID (a UUID) in the request type.
        id: Value<String> => required,
        /// The answer, 1 to 1000 characters: the text, an RFC 3339 date-time for a `DATE-TIME` field, or the chosen option of a `SELECT` field.
        value: Value<String> => required,
    }
}

pub fn schema() -> Schema {
    State::schema("Files an access request. Okta's API can neither edit nor delete a request: changing any argument files a new request, and destroying the resource only removes it from Terraform's state (with a warning), leaving the request in Okta as it is. The request's progress (`request_status`, `approvals`, `actions`, `resolved`) is refreshed on every plan without ever causing a change. Import with the request ID.")
}

handle!(RequestResource);

resource! {
    impl Resource for RequestResource {
        state: State,
        private: ValueEmpty,
        schema: schema,
        validate: validate_config,
        plan: replace_only,

        async fn read(&self, client: Arc<Client>, diags, state, private) {
            let id = require(diags, &state.id, "request", "id")?;
            match client.get_request(id).await {
                Ok(r) => Some((from_api(&r, &state), private)),
                Err(e) if e.is_not_found() => {
                    tracing::info!(
                        id,
                        "request no longer exists in Okta: removing it from state"
                    );
                    None
                }
                Err(e) => {
                    diag::api_error(diags, format!("Unable to read request {id}"), &e);
                    None
                }
            }
        }

        async fn create(&self, client: Arc<Client>, diags, planned, _config, private) {
            let input = to_api(&planned);
            match client.create_request_once(&input).await {
                Ok(r) => {
                    tracing::info!(id = %r.id, "request created");
                    Some((from_api(&r, &planned), private))
                }
                Err(e) => {
                    diag::api_error(diags, create_error_summary(&input, &e), &e);
                    None
                }
            }
        }

        async fn destroy(&self, diags, prior, _private) {
            let id = known(&prior.id).unwrap_or("(unknown)");
            diag::warning(
                diags,
                "Request left in Okta",
                format!("Request {id} was removed from Terraform's state only: Okta's API cannot delete requests, so it stays in Okta with its current status."),
                AttributePath::root(),
            );
            Some(())
        }

        async fn import(&self, diags, id) {
            if !ids::is_request_id(&id) {
                diag::error(
                    diags,
                    "Invalid import ID",
                    format!(
                        "A request is imported by its ID, 24 characters such as \"61eb06a3c462d20007f0235c\": {}",
                        ids::message("the import ID", &id, ids::REQUEST_SHAPE)
                    ),
                    AttributePath::root(),
                );
                return None;
            }
            let state = State {
                id: string(id),
                ..State::default()
            };
            Some((state, ValueEmpty::default()))
        }
    }
}

/// The API body for the planned state.
pub fn to_api(s: &State) -> RequestInput {
    RequestInput {
        request_type_id: known(&s.request_type_id).unwrap_or_default().to_string(),
        subject: known(&s.subject).unwrap_or_default().to_string(),
        requester_field_values: s
            .requester_field_values
            .as_ref_option()
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_ref_option)
                    .map(|f| {
                        (
                            known(&f.id).unwrap_or_default().to_string(),
                            known(&f.value).unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        requester_user_ids: set_strings(&s.requester_user_ids),
    }
}

/// State from the API's representation. The requester field values are kept as configured
/// (the API adds the fields left unanswered); after an import (`prior` has no request type)
/// they are the answered fields the API reports.
pub fn from_api(r: &Request, prior: &State) -> State {
    let requester_field_values = if prior.request_type_id.is_null() {
        let answered: Vec<Value<FieldInput>> = r
            .requester_field_values
            .iter()
            .flatten()
            .filter_map(|f| {
                f.text().map(|v| {
                    Value::Value(FieldInput {
                        id: string(f.id.clone()),
                        value: string(v),
                    })
                })
            })
            .collect();
        if answered.is_empty() {
            Value::Null
        } else {
            Value::Value(answered)
        }
    } else {
        prior.requester_field_values.clone()
    };
    let mut state = State {
        id: string(r.id.clone()),
        request_type_id: if r.request_type_id.is_empty() {
            prior.request_type_id.clone()
        } else {
            string(r.request_type_id.clone())
        },
        subject: string(r.subject.clone()),
        requester_field_values,
        requester_user_ids: id_set(r.requester_user_ids.iter().map(String::as_str)),
        approvals: approvals_from_api(&r.approvals),
        actions: actions_from_api(&r.actions),
        ..State::default()
    };
    state.set_computed(r);
    state
}

/// A `requester_field_values` item (for tests).
#[cfg(test)]
fn field(id: &str, value: &str) -> Value<FieldInput> {
    Value::Value(FieldInput {
        id: string(id),
        value: string(value),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::requests::FieldValue;

    #[test]
    fn import_takes_answered_fields_and_read_keeps_configured_ones() {
        let r = Request {
            id: "a".repeat(24),
            subject: "s".into(),
            request_type_id: "t".repeat(24),
            requester_user_ids: vec!["00uemu00000000000001".into()],
            request_status: "OPEN".into(),
            requester_field_values: Some(vec![
                FieldValue {
                    id: "f1".into(),
                    value: serde_json::json!("text"),
                    ..Default::default()
                },
                FieldValue {
                    id: "f2".into(),
                    value: serde_json::json!(["Sandbox"]),
                    ..Default::default()
                },
                FieldValue {
                    id: "f3".into(),
                    ..Default::default()
                },
            ]),
            ..Default::default()
        };
        let imported = from_api(&r, &State::default());
        assert_eq!(
            imported.requester_field_values,
            Value::Value(vec![field("f1", "text"), field("f2", "Sandbox")])
        );
        assert_eq!(imported.approvals, Value::Null);
        let configured = State {
            request_type_id: string("t".repeat(24)),
            requester_field_values: Value::Null,
            ..State::default()
        };
        assert_eq!(
            from_api(&r, &configured).requester_field_values,
            Value::Null
        );
    }
}
