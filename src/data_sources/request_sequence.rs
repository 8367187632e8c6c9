//! Data source `oig_request_sequence`: one approval sequence of a resource, by `id` or by its
//! exact `name`. A name that matches no sequence, or several, is an error on `name` that lists
//! what exists, never a silent pick.

use tf_provider::schema::Schema;
use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use crate::client::sequences::RequestSequence;
use crate::model::sequence::Sequence;
use crate::tf::lifecycle::{data_source, handle};
use crate::tf::object::tf_object;
use crate::tf::value::{require_config, string};
use crate::tf::{diag, ids};

/// What an approval sequence ID looks like (24 letters and digits on live orgs).
const SEQUENCE_SHAPE: &str =
    "an approval sequence ID (letters and digits, such as \"61eb0f06c462d20007f05101\")";

tf_object! {
    /// The state of `oig_request_sequence`: the resource asked about and the sequence found.
    pub struct State {
        /// The resource (app) the sequence must be able to serve, as an Okta ID (`0oa…`) or an ORN.
        resource_id: Value<String> => required,
        #[serde(flatten)]
        sequence: Sequence => flatten,
    }
}

pub fn schema() -> Schema {
    State::schema("Reads one approval sequence of a resource, by `id` or by its exact `name`, so that a request condition's `approval_sequence_id` can come from the sequence's name instead of an ID copied from the admin console. Give exactly one of `id` and `name`. A name that matches no sequence is an error listing the names that exist; a name that several sequences share is an error listing their IDs (use `id` then).")
}

handle!(RequestSequenceDataSource);

/// The one sequence named exactly `name`, or an error on `name` that lists the names that
/// exist (none matched) or the IDs that share it (several matched).
fn by_name(
    diags: &mut Diagnostics,
    all: &[RequestSequence],
    resource_id: &str,
    name: &str,
) -> Option<RequestSequence> {
    let matching: Vec<&RequestSequence> = all.iter().filter(|s| s.name == name).collect();
    match matching.as_slice() {
        [one] => Some((*one).clone()),
        [] => {
            let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
            let existing = if names.is_empty() {
                "it has none".to_string()
            } else {
                format!("the names that exist are {}", quoted(&names))
            };
            diag::error(
                diags,
                "No approval sequence with this name",
                format!(
                    "name: no approval sequence of resource {resource_id} is named \"{}\" (names match exactly, case included); {existing}.",
                    name.escape_debug()
                ),
                AttributePath::new("name"),
            );
            None
        }
        several => {
            let ids: Vec<&str> = several.iter().map(|s| s.id.as_str()).collect();
            diag::error(
                diags,
                "Several approval sequences have this name",
                format!(
                    "name: {} approval sequences of resource {resource_id} are named \"{}\" (IDs {}); set id to the one you mean instead of name.",
                    several.len(),
                    name.escape_debug(),
                    quoted(&ids)
                ),
                AttributePath::new("name"),
            );
            None
        }
    }
}

fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("\"{}\"", s.escape_debug()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The resource ID's shape, and exactly one of `id` and `name`.
fn validate_config(diags: &mut Diagnostics, config: &State) {
    ids::resource_id_argument(diags, &config.resource_id);
    match (config.sequence.id.is_null(), config.sequence.name.is_null()) {
        (true, true) => diag::error(
            diags,
            "Missing id or name",
            "Give exactly one of id (the approval sequence's ID) and name (its exact name); neither is set.",
            AttributePath::root(),
        ),
        (false, false) => diag::error(
            diags,
            "Conflicting id and name",
            "Give exactly one of id and name, not both: the sequence is looked up by one of them and the other is read from Okta.",
            AttributePath::new("name"),
        ),
        _ => {}
    }
    ids::okta_id_argument(diags, "id", &config.sequence.id, SEQUENCE_SHAPE);
}

data_source! {
    impl DataSource for RequestSequenceDataSource {
        state: State,
        schema: schema,
        validate: validate_config,
        read(client, diags, config) {
            let purpose = "read an approval sequence";
            let resource_id = require_config(diags, &config.resource_id, "resource_id", purpose)?;
            let seq = if config.sequence.id.is_null() {
                let name = require_config(diags, &config.sequence.name, "name", purpose)?;
                let all = diag::reported(
                    diags,
                    format!("Unable to list the approval sequences of resource {resource_id}"),
                    client.list_request_sequences(resource_id).await,
                )?;
                by_name(diags, &all, resource_id, name)?
            } else {
                let id = require_config(diags, &config.sequence.id, "id", purpose)?;
                diag::reported(
                    diags,
                    format!("Unable to read approval sequence {id} of resource {resource_id}"),
                    client.get_request_sequence(resource_id, id).await,
                )?
            };
            Some(State {
                resource_id: string(resource_id),
                sequence: Sequence::from_api(&seq),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(id: &str, name: &str) -> RequestSequence {
        RequestSequence {
            id: id.into(),
            name: name.into(),
            ..RequestSequence::default()
        }
    }

    fn details(diags: &Diagnostics) -> String {
        diags
            .errors
            .iter()
            .map(|d| d.detail.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn a_name_finds_exactly_one_or_says_what_exists() {
        let all = [seq("a1", "One"), seq("b2", "Two"), seq("c3", "Two")];
        let mut diags = Diagnostics::default();
        assert_eq!(
            by_name(&mut diags, &all, "0oa1", "One").map(|s| s.id),
            Some("a1".to_string())
        );
        assert!(diags.errors.is_empty());

        assert!(by_name(&mut diags, &all, "0oa1", "one").is_none());
        let text = details(&diags);
        assert!(text.contains("\"One\", \"Two\", \"Two\""), "{text}");

        let mut diags = Diagnostics::default();
        assert!(by_name(&mut diags, &all, "0oa1", "Two").is_none());
        let text = details(&diags);
        assert!(text.contains("\"b2\", \"c3\""), "{text}");
    }
}
