//! Data source `oig_request`: one access request in its full representation — requester field
//! values, approvals, actions and resolution.

use serde::{Deserialize, Serialize};
use tf_provider::schema::{Attribute, AttributeType, Schema};
use tf_provider::value::Value;
use tf_provider::Diagnostics;

use crate::client::requests::{FieldValue, Request};
use crate::model::request::{
    actions_from_api, approvals_and_actions, approvals_from_api, summary_fields, Actions,
    Approvals, RequestSummary,
};
use crate::tf::lifecycle::{data_source, handle};
use crate::tf::value::{list_from, opt_string, require_config, string};
use crate::tf::{diag, ids, schema as s};

/// One answered (or unanswered) requester field of a request.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FieldValueObject {
    pub id: Value<String>,
    pub prompt: Value<String>,
    #[serde(rename = "type")]
    pub kind: Value<String>,
    pub required: Value<bool>,
    pub value: Value<String>,
}

/// The state of `oig_request`: the list's summary of a request and the fields only the full
/// representation has.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestData {
    #[serde(flatten)]
    pub summary: RequestSummary,
    pub requester_field_values: Value<Vec<Value<FieldValueObject>>>,
    pub approvals: Approvals,
    pub actions: Actions,
}

fn field_value_from_api(f: &FieldValue) -> FieldValueObject {
    FieldValueObject {
        id: string(f.id.clone()),
        prompt: opt_string(f.prompt.as_deref()),
        kind: opt_string(f.kind.as_deref()),
        required: f.required.map(Value::Value).unwrap_or(Value::Null),
        value: f.text().map(string).unwrap_or(Value::Null),
    }
}

impl RequestData {
    pub fn from_api(r: &Request) -> RequestData {
        RequestData {
            summary: RequestSummary::from_api(r),
            requester_field_values: list_from(
                r.requester_field_values.as_deref(),
                field_value_from_api,
            ),
            approvals: approvals_from_api(&r.approvals),
            actions: actions_from_api(&r.actions),
        }
    }
}

pub fn schema() -> Schema {
    use AttributeType::{Bool, String as Str};
    let field_value = s::object([
        ("id", Str),
        ("prompt", Str),
        ("type", Str),
        ("required", Bool),
        ("value", Str),
    ]);
    let mut attrs: Vec<(&str, Attribute)> =
        vec![("id", s::required(Str, "The request's ID (24 characters)."))];
    attrs.extend(s::all_computed(summary_fields().into_iter().skip(1)));
    attrs.push((
        "requester_field_values",
        s::computed(
            AttributeType::List(Box::new(field_value)),
            "Every requester field of the request type with the requester's answer: `id` (the field's UUID), `prompt`, `type` (`TEXT`, `SELECT` or `DATE-TIME`), `required` and `value` (the text, the date-time or the chosen option; null when unanswered). Null when the request type has no fields.",
        ),
    ));
    attrs.extend(s::all_computed(approvals_and_actions()));
    s::schema(s::block(
        "Reads one access request in full: subject, requester and the requester's field values, approvals (status, approver, decision, when decided), actions (status, action, the resource acted on) and resolution.",
        attrs,
        [],
    ))
}

handle!(RequestDataSource);

/// The request ID, when known, has the length and shape of a request ID.
pub fn validate_config(diags: &mut Diagnostics, config: &RequestData) {
    ids::request_id_argument(diags, "id", &config.summary.id);
}

data_source! {
    impl DataSource for RequestDataSource {
        state: RequestData,
        schema: schema,
        validate: validate_config,
        read(client, diags, config) {
            let id = require_config(diags, &config.summary.id, "id", "read a request")?;
            let request = client.get_request(id).await;
            diag::reported(diags, format!("Unable to read request {id}"), request)
                .map(|r| RequestData::from_api(&r))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The summary is flattened into the state: Terraform's msgpack object (every attribute at
    /// the top, unknown ones as msgpack extensions) still decodes and encodes field for field.
    #[test]
    fn flattened_summary_round_trips_through_msgpack() {
        let mut state = RequestData {
            summary: RequestSummary {
                id: string("a".repeat(24)),
                subject: Value::Unknown,
                ..RequestSummary::default()
            },
            approvals: Value::Unknown,
            ..RequestData::default()
        };
        state.summary.request_status = string("OPEN");
        state.summary.permalink_id = Value::Unknown;
        let bytes = rmp_serde::to_vec_named(&state).unwrap();
        let map: std::collections::BTreeMap<String, serde::de::IgnoredAny> =
            rmp_serde::from_slice(&bytes).unwrap();
        assert!(map.contains_key("request_status") && map.contains_key("type"));
        assert!(!map.contains_key("summary"));
        assert_eq!(rmp_serde::from_slice::<RequestData>(&bytes).unwrap(), state);
    }
}
