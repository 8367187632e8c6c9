//! Data source `oig_request_condition`: one request condition of a resource, every field.

use tf_provider::schema::{Attribute, AttributeType, Schema};
use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use crate::model::condition::{condition_fields, Condition, DurationBlock};
use crate::tf::lifecycle::{data_source, handle};
use crate::tf::value::{known, require_config, string, Plain};
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
            s::required(
                AttributeType::String,
                "The request condition's ID (`rco…`).",
            ),
        ),
    ];
    for (name, ty, description) in condition_fields() {
        attrs.push((name, s::computed(ty, description)));
    }
    s::schema(s::block("Reads one request condition of a resource, with every field: requester, access scope and duration settings, approval sequence, priority and status.", attrs, []))
}

handle!(RequestConditionDataSource);

/// The resource and condition IDs, when known, have the shapes Okta gives them.
pub fn validate_config(diags: &mut Diagnostics, config: &ConditionData) {
    if let Some(r) = known(&config.resource_id) {
        ids::resource_id(diags, AttributePath::new("resource_id"), r);
    }
    if let Some(id) = known(&config.id) {
        ids::check(
            diags,
            AttributePath::new("id"),
            "id",
            id,
            ids::is_okta_id,
            ids::CONDITION_SHAPE,
        );
    }
}

data_source! {
    impl DataSource for RequestConditionDataSource {
        state: ConditionData,
        schema: schema,
        validate: validate_config,
        read(client, diags, config) {
            let purpose = "read a request condition";
            let resource_id = require_config(diags, &config.resource_id, "resource_id", purpose)?;
            let id = require_config(diags, &config.id, "id", purpose)?;
            let condition = client.get_request_condition(resource_id, id).await;
            let summary = format!("Unable to read request condition {id} of resource {resource_id}");
            diag::reported(diags, summary, condition)
                .map(|c| ConditionData::from_api(&c, string(resource_id), &Value::Null))
        }
    }
}
