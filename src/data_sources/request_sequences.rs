//! Data source `oig_request_sequences`: every approval sequence that can serve a resource
//! (all pages), so that a configuration can name a sequence instead of copying its ID.

use tf_provider::schema::Schema;
use tf_provider::value::Value;
use tf_provider::Diagnostics;

use crate::model::sequence::Sequence;
use crate::tf::lifecycle::{data_source, handle};
use crate::tf::object::tf_object;
use crate::tf::value::{list_from, require_config};
use crate::tf::{diag, ids};

tf_object! {
    pub struct State {
        /// The resource (app) whose approval sequences to list, as an Okta ID (`0oa…`) or an ORN.
        resource_id: Value<String> => required,
        /// The approval sequences, in the API's order. Each has `id` (the value for a condition's `approval_sequence_id`), `name`, `description` (null when the sequence has none), `compatible_resource_types` (`APP`, `GROUP`) and `link` (the sequence's page in the admin console).
        sequences: Value<Vec<Value<Sequence>>> => computed,
    }
}

pub fn schema() -> Schema {
    State::schema("Lists the approval sequences that can serve a resource's access requests (all pages), so that a request condition can take its `approval_sequence_id` from a sequence's name instead of an ID copied from the admin console. To pick one sequence by name, with an error when the name matches none or several, use `oig_request_sequence`.")
}

handle!(RequestSequencesDataSource);

/// The resource ID's shape.
fn validate_config(diags: &mut Diagnostics, config: &State) {
    ids::resource_id_argument(diags, &config.resource_id);
}

data_source! {
    impl DataSource for RequestSequencesDataSource {
        state: State,
        schema: schema,
        validate: validate_config,
        read(client, diags, config) {
            let resource_id = require_config(
                diags,
                &config.resource_id,
                "resource_id",
                "list approval sequences",
            )?;
            let all = diag::reported(
                diags,
                format!("Unable to list the approval sequences of resource {resource_id}"),
                client.list_request_sequences(resource_id).await,
            )?;
            Some(State {
                sequences: list_from(Some(&all), Sequence::from_api),
                ..config
            })
        }
    }
}
