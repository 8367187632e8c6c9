//! Data source `oig_request_condition`: one request condition of a resource, every field.

use tf_provider::schema::{Attribute, AttributeType, Schema};
use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use crate::client::Client;
use crate::model::condition::{condition_fields, Condition, DurationBlock};
use crate::tf::lifecycle::{data_source, handle};
use crate::tf::value::{known, require_config, string, Plain};
use crate::tf::ProviderData;
use crate::tf::{diag, ids, schema as s};

/// One request condition as data sources show it (also an element of `oig_request_conditions`):
/// every field, the duration as an object attribute.
pub type ConditionData = Condition<Plain<DurationBlock>>;

pub fn schema() -> Schema {
    let mut attrs: Vec<(&str, Attribute)> = vec![
        (
            "resource_id",
            s::required(
                AttributeType::String,
                "The resource (app) the condition belongs to, as an Okta ID (`0oa…`) or an ORN.",
            ),
        ),
        (
            "id",
            s::optional_computed(
                AttributeType::String,
                "The request condition's ID (`rco…`). Give exactly one of `id` and `name`.",
            ),
        ),
        (
            "name",
            s::optional_computed(
                AttributeType::String,
                "The condition's exact name (names are unique within a resource). Give exactly one of `id` and `name`; with `name`, the condition is found in the resource's list of conditions.",
            ),
        ),
    ];
    for (name, ty, description) in condition_fields() {
        if name != "name" {
            attrs.push((name, s::computed(ty, description)));
        }
    }
    s::schema(s::block("Reads one request condition of a resource, by ID or by exact name, with every field: requester, access scope and duration settings, approval sequence, priority and status.", attrs, []))
}

handle!(RequestConditionDataSource);

/// Exactly one of `id` and `name` is given, and the resource and condition IDs, when known,
/// have the shapes Okta gives them.
pub fn validate_config(diags: &mut Diagnostics, config: &ConditionData) {
    let given = |v: &Value<String>| !matches!(v, Value::Null);
    match (given(&config.id), given(&config.name)) {
        (true, true) => diag::error(
            diags,
            "Both id and name are set",
            "Give exactly one of `id` and `name`: the condition is found either by its ID or by its exact name.",
            AttributePath::new("name"),
        ),
        (false, false) => diag::error(
            diags,
            "Neither id nor name is set",
            "Give exactly one of `id` (the condition's ID, `rco…`) and `name` (its exact name within the resource).",
            AttributePath::root(),
        ),
        _ => {}
    }
    ids::resource_id_argument(diags, &config.resource_id);
    ids::okta_id_argument(diags, "id", &config.id, ids::CONDITION_SHAPE);
}

/// At most this many names are shown when a name matches none.
const NAMES_SHOWN: usize = 20;

/// The ID of the condition of `resource_id` named exactly `name`, found in the resource's
/// list (shared by the provider process); an error on `name` when none or several match.
async fn id_by_name(
    data: &ProviderData,
    diags: &mut Diagnostics,
    client: &Client,
    resource_id: &str,
    name: &str,
) -> Option<String> {
    let all = diag::reported(
        diags,
        format!("Unable to list the request conditions of resource {resource_id}"),
        data.condition_lists().conditions(client, resource_id).await,
    )?;
    let found: Vec<&str> = all
        .iter()
        .filter(|c| c.name == name)
        .map(|c| c.id.as_str())
        .collect();
    match found.as_slice() {
        [id] => Some(id.to_string()),
        [] => {
            let mut names: Vec<&str> = all.iter().map(|c| c.name.as_str()).collect();
            names.sort_unstable();
            let detail = if names.is_empty() {
                format!("Resource {resource_id} has no request conditions.")
            } else {
                let more = names.len().saturating_sub(NAMES_SHOWN);
                let shown: Vec<String> = names
                    .iter()
                    .take(NAMES_SHOWN)
                    .map(|n| format!("{n:?}"))
                    .collect();
                format!(
                    "Resource {resource_id} has {} request condition(s), none named {name:?} (names are matched exactly, case included): {}{}.",
                    names.len(),
                    shown.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                )
            };
            diag::error(
                diags,
                format!("No request condition named {name:?}"),
                detail,
                AttributePath::new("name"),
            );
            None
        }
        several => {
            diag::error(
                diags,
                format!("Several request conditions are named {name:?}"),
                format!(
                    "Resource {resource_id} has {} request conditions named {name:?}: {}. Give `id` instead of `name` to choose one.",
                    several.len(),
                    several.join(", ")
                ),
                AttributePath::new("name"),
            );
            None
        }
    }
}

data_source! {
    impl DataSource for RequestConditionDataSource {
        state: ConditionData,
        schema: schema,
        validate: validate_config,
        read(client, diags, config, data) {
            let purpose = "read a request condition";
            let resource_id = require_config(diags, &config.resource_id, "resource_id", purpose)?;
            let id = match known(&config.name) {
                Some(name) if matches!(config.id, Value::Null) => {
                    id_by_name(data, diags, &client, resource_id, name).await?
                }
                _ => require_config(diags, &config.id, "id", purpose)?.to_string(),
            };
            let condition = client.get_request_condition(resource_id, &id).await;
            let summary = format!("Unable to read request condition {id} of resource {resource_id}");
            diag::reported(diags, summary, condition)
                .map(|c| ConditionData::from_api(&c, string(resource_id), &Value::Null))
        }
    }
}
