//! Resource `oig_request_message`: a message added to an access request. Messages can be
//! created only: any change adds a new message, and destroy only removes it from Terraform's
//! state, with a warning (the API cannot edit, read back or delete a message).

use tf_provider::schema::Schema;
use tf_provider::value::{Value, ValueEmpty};
use tf_provider::{AttributePath, Diagnostics};

use crate::client::requests::RequestMessage;
use crate::tf::lifecycle::{handle, resource};
use crate::tf::object::tf_object;
use crate::tf::plan::plan_rules;
use crate::tf::value::{known, opt_string, require};
use crate::tf::{diag, ids, validate};

/// The API's limit on a message's length, in characters.
pub const MAX_MESSAGE: usize = 5000;

tf_object! {
    pub struct State {
        /// The message's ID, as Okta returns it (null if Okta answers without one).
        id: Value<String> => computed,
        /// ID of the request to add the message to (24 characters). Changing it adds a new message.
        request_id: Value<String> => required,
        /// The message, 1 to 5000 characters; newlines are kept (use a heredoc or `\n`). Changing it adds a new message.
        message: Value<String> => required,
        /// When the message was added (RFC 3339).
        created: Value<String> => computed,
        /// ID of the user who added the message.
        created_by: Value<String> => computed,
    }
}

plan_rules!(State {
    on_change: [id, created, created_by],
    replace: [request_id, message],
});

pub fn schema() -> Schema {
    State::schema("Adds a message to an access request, to give it context. The message is authored by the user behind the provider's credentials and shown as \"Sent via API\" to everyone who can see the request. Okta's API can neither edit nor delete a message: changing an argument adds a new message, and destroying the resource only removes it from Terraform's state (with a warning). It cannot be imported.")
}

handle!(RequestMessageResource);

fn p(name: &'static str) -> AttributePath {
    AttributePath::new(name)
}

resource! {
    impl Resource for RequestMessageResource {
        state: State,
        private: ValueEmpty,
        schema: schema,
        validate: validate_config,
        plan: replace_only,

        async fn read(&self, _diags, state, private) {
            // The API has no way to read a message back: what was created is what there is.
            Some((state, private))
        }

        async fn create(&self, client: Arc<Client>, diags, planned, _config, private) {
            let request_id =
                require(diags, &planned.request_id, "request message", "request_id")?.to_string();
            let message = require(diags, &planned.message, "request message", "message")?.to_string();
            match client.create_request_message(&request_id, &message).await {
                Ok(m) => Some((from_api(&m, &planned), private)),
                Err(e) => {
                    diag::api_error(
                        diags,
                        format!("Unable to add a message to request {request_id}"),
                        &e,
                    );
                    None
                }
            }
        }

        async fn destroy(&self, diags, prior, _private) {
            let request = known(&prior.request_id).unwrap_or("(unknown)");
            diag::warning(
                diags,
                "Request message left in Okta",
                format!("The message was removed from Terraform's state only: Okta's API cannot delete request messages, so it stays on request {request}."),
                AttributePath::root(),
            );
            Some(())
        }

        async fn import(&self, diags, _id) {
            diag::error(
                diags,
                "Import not supported",
                "oig_request_message cannot be imported: Okta's API has no way to read a request message back.",
                AttributePath::root(),
            );
            None
        }
    }
}

/// Plan-time checks of what the configuration says; unknown values are skipped.
pub fn validate_config(diags: &mut Diagnostics, c: &State) {
    ids::request_id_argument(diags, "request_id", &c.request_id);
    if let Some(m) = known(&c.message) {
        validate::length(diags, p("message"), "message", m, 1, MAX_MESSAGE);
    }
}

/// State from the API's answer; the message itself is kept exactly as configured.
pub fn from_api(m: &Option<RequestMessage>, planned: &State) -> State {
    let m = m.clone().unwrap_or_default();
    State {
        id: opt_string(m.id.as_deref()),
        request_id: planned.request_id.clone(),
        message: planned.message.clone(),
        created: opt_string(m.created.as_deref()),
        created_by: opt_string(m.created_by.as_deref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::value::string;

    #[test]
    fn message_length_limit_is_named() {
        let mut d = Diagnostics::default();
        for (len, ok) in [(0, false), (1, true), (5000, true), (5001, false)] {
            let before = d.errors.len();
            validate_config(
                &mut d,
                &State {
                    request_id: string("a".repeat(24)),
                    message: string("\n".repeat(len)),
                    ..State::default()
                },
            );
            assert_eq!(d.errors.len() == before, ok, "{len}");
        }
        assert_eq!(
            d.errors[1].detail.to_string(),
            "message must be 1 to 5000 characters long; got 5001 characters."
        );
    }

    #[test]
    fn message_kept_as_configured_and_empty_answer_tolerated() {
        let planned = State {
            request_id: string("a".repeat(24)),
            message: string("line 1\nline 2"),
            ..State::default()
        };
        let s = from_api(&None, &planned);
        assert_eq!(s.message, planned.message);
        assert_eq!(s.id, Value::Null);
    }
}
