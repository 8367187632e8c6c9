//! Data source `oig_request`: one access request in its full representation — requester field
//! values, approvals, actions and resolution.

use serde::{Deserialize, Serialize};
use tf_provider::schema::Schema;
use tf_provider::value::Value;
use tf_provider::Diagnostics;

use crate::client::requests::{FieldValue, Request};
use crate::model::request::{
    actions_doc, actions_from_api, approvals_doc, approvals_from_api, Actions, Approvals,
    RequestSummary,
};
use crate::tf::lifecycle::{data_source, handle};
use crate::tf::object::{self, tf_object};
use crate::tf::value::{list_from, opt_string, require_config, string};
use crate::tf::{diag, ids, schema as s};

tf_object! {
    /// One answered (or unanswered) requester field of a request.
    pub struct FieldValueObject {
        /// The requester field's ID (a UUID) in the request type.
        id: Value<String> => computed,
        /// The field's prompt, as the request type shows it.
        prompt: Value<String> => computed,
        /// The field's type: `TEXT`, `SELECT` or `DATE-TIME`.
        kind as "type": Value<String> => computed,
        /// Whether the request type requires an answer.
        required: Value<bool> => computed,
        /// The answer: the text, the date-time or the chosen option; null when unanswered.
        value: Value<String> => computed,
    }
}

tf_object! {
    /// The fields only the full representation of a request has.
    pub struct RequestDetail {
        /// Every requester field of the request type with the requester's answer: `id` (the field's UUID), `prompt`, `type` (`TEXT`, `SELECT` or `DATE-TIME`), `required` and `value` (the text, the date-time or the chosen option; null when unanswered). Null when the request type has no fields.
        requester_field_values: Value<Vec<Value<FieldValueObject>>> => computed,
        #[doc = approvals_doc!()]
        approvals: Approvals => computed,
        #[doc = actions_doc!()]
        actions: Actions => computed,
    }
}

/// The state of `oig_request`: the list's summary of a request and the fields only the full
/// representation has.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestData {
    #[serde(flatten)]
    pub summary: RequestSummary,
    #[serde(flatten)]
    pub detail: RequestDetail,
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
            detail: RequestDetail {
                requester_field_values: list_from(
                    r.requester_field_values.as_deref(),
                    field_value_from_api,
                ),
                approvals: approvals_from_api(&r.approvals),
                actions: actions_from_api(&r.actions),
            },
        }
    }
}

/// The summary's members (`id` required: it names the request to read), then the detail's.
pub fn schema() -> Schema {
    let mut members = RequestSummary::members();
    members.splice(
        0..1,
        object::field::<Value<String>>(
            "id",
            &["The request's ID (24 characters)."],
            object::kind::required(),
        ),
    );
    members.extend(RequestDetail::members());
    s::schema(object::block_of(
        "Reads one access request in full: subject, requester and the requester's field values, approvals (status, approver, decision, when decided), actions (status, action, the resource acted on) and resolution.",
        members,
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
            detail: RequestDetail {
                approvals: Value::Unknown,
                ..RequestDetail::default()
            },
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
