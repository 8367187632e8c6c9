//! Data source `oig_request_conditions`: every request condition of a resource (all pages),
//! optionally filtered by status and name. The list endpoint returns conditions without their
//! ID lists; those are read one by one so that every element is complete.

use tf_provider::schema::Schema;
use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use crate::model::condition::{Condition, DurationBlock};
use crate::tf::lifecycle::{data_source, handle};
use crate::tf::object::tf_object;
use crate::tf::value::{known, require_config, string, Plain};
use crate::tf::{diag, ids, validate};

type ConditionData = Condition<Plain<DurationBlock>>;

pub const STATUS_FILTER: &[&str] = &["ACTIVE", "INACTIVE", "INVALID"];

tf_object! {
    pub struct State {
        /// The resource (app) whose conditions to list, as an Okta ID (`0oa…`) or an ORN.
        resource_id: Value<String> => required,
        /// Only conditions with this status: `ACTIVE`, `INACTIVE` or `INVALID`.
        status: Value<String> => optional,
        /// Only the condition with exactly this name.
        name: Value<String> => optional,
        /// The matching conditions, in the API's order, each complete (the API's list leaves out group, team and entitlement bundle IDs, so conditions that have them are read one by one). Each has `resource_id`, `id`, `name`, `description`, `approval_sequence_id`, `priority`, `status`, `requester_settings`, `access_scope_settings`, `access_duration_settings`, `created`, `created_by`, `last_updated` and `last_updated_by`, as in the `oig_request_condition` data source.
        conditions: Value<Vec<Value<ConditionData>>> => computed,
    }
}

pub fn schema() -> Schema {
    State::schema("Lists the request conditions of a resource, following every page, optionally only those with a given status or name. Each element carries `resource_id` and `id`, ready for an `import` block (`id = \"${c.resource_id}/${c.id}\"`).")
}

handle!(RequestConditionsDataSource);

/// The resource ID has the shape of one, and the status filter is one Okta knows.
pub fn validate_config(diags: &mut Diagnostics, config: &State) {
    ids::resource_id_argument(diags, &config.resource_id);
    if let Some(st) = known(&config.status) {
        validate::one_of(
            diags,
            AttributePath::new("status"),
            "status",
            st,
            STATUS_FILTER,
        );
    }
}

// The resource's list comes from the provider process's shared lists (one call per
// resource per process, see `ConditionLists`); the conditions whose ID lists the list
// leaves out are then read one by one.
data_source! {
    impl DataSource for RequestConditionsDataSource {
        state: State,
        schema: schema,
        validate: validate_config,
        read(client, diags, config, data) {
            let resource_id = require_config(
                diags,
                &config.resource_id,
                "resource_id",
                "list request conditions",
            )?
            .to_string();
            let what = || format!("Unable to list the request conditions of resource {resource_id}");
            let all = diag::reported(
                diags,
                what(),
                data.condition_lists()
                    .conditions(&client, &resource_id)
                    .await,
            )?;
            let status = known(&config.status);
            let name = known(&config.name);
            let matching: Vec<_> = all
                .iter()
                .filter(|c| status.is_none_or(|s| c.status == s))
                .filter(|c| name.is_none_or(|n| c.name == n))
                .cloned()
                .collect();
            // The list is sparse (no group, team or bundle IDs): read those conditions in full.
            let complete = diag::reported(
                diags,
                what(),
                client
                    .complete_request_conditions(&resource_id, matching)
                    .await,
            )?;
            let conditions = complete
                .iter()
                .map(|c| {
                    Value::Value(ConditionData::from_api(
                        c,
                        string(resource_id.clone()),
                        &Value::Null,
                    ))
                })
                .collect();
            Some(State {
                conditions: Value::Value(conditions),
                ..config
            })
        }
    }
}
