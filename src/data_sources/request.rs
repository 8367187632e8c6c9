//! Data source `oig_request`: one access request in its full representation — requester field
//! values, approvals, actions and resolution.

use serde::{Deserialize, Serialize};
use tf_provider::schema::{Attribute, AttributeType, Schema};
use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use crate::client::requests::{FieldValue, Request};
use crate::model::request::{
    actions_from_api, approvals_and_actions, approvals_from_api, summary_fields, Actions,
    Approvals, RequestSummary,
};
use crate::tf::lifecycle::{data_source, handle};
use crate::tf::value::{known, opt_string, require_config, string};
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

/// The state of `oig_request`.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestData {
    pub id: Value<String>,
    pub subject: Value<String>,
    pub request_type_id: Value<String>,
    pub requester_user_ids: Value<Vec<Value<String>>>,
    pub requester_field_values: Value<Vec<Value<FieldValueObject>>>,
    pub approvals: Approvals,
    pub actions: Actions,
    pub request_status: Value<String>,
    pub resolved: Value<String>,
    pub created: Value<String>,
    pub created_by: Value<String>,
    pub last_updated: Value<String>,
    pub last_updated_by: Value<String>,
    #[serde(rename = "type")]
    pub kind: Value<String>,
    pub permalink_id: Value<f64>,
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
        let st = RequestSummary::from_api(r);
        RequestData {
            id: st.id,
            subject: st.subject,
            request_type_id: st.request_type_id,
            requester_user_ids: st.requester_user_ids,
            requester_field_values: match &r.requester_field_values {
                None => Value::Null,
                Some(items) => Value::Value(
                    items
                        .iter()
                        .map(|f| Value::Value(field_value_from_api(f)))
                        .collect(),
                ),
            },
            approvals: approvals_from_api(&r.approvals),
            actions: actions_from_api(&r.actions),
            request_status: st.request_status,
            resolved: st.resolved,
            created: st.created,
            created_by: st.created_by,
            last_updated: st.last_updated,
            last_updated_by: st.last_updated_by,
            kind: st.kind,
            permalink_id: st.permalink_id,
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
    for (name, ty, description) in summary_fields().into_iter().skip(1) {
        attrs.push((name, s::computed(ty, description)));
    }
    attrs.push((
        "requester_field_values",
        s::computed(
            AttributeType::List(Box::new(field_value)),
            "Every requester field of the request type with the requester's answer: `id` (the field's UUID), `prompt`, `type` (`TEXT`, `SELECT` or `DATE-TIME`), `required` and `value` (the text, the date-time or the chosen option; null when unanswered). Null when the request type has no fields.",
        ),
    ));
    for (name, ty, description) in approvals_and_actions() {
        attrs.push((name, s::computed(ty, description)));
    }
    s::schema(s::block(
        "Reads one access request in full: subject, requester and the requester's field values, approvals (status, approver, decision, when decided), actions (status, action, the resource acted on) and resolution.",
        attrs,
        [],
    ))
}

handle!(RequestDataSource);

/// The request ID, when known, has the length and shape of a request ID.
pub fn validate_config(diags: &mut Diagnostics, config: &RequestData) {
    if let Some(id) = known(&config.id) {
        let n = id.chars().count();
        if n != 24 {
            diag::error(
                diags,
                "Invalid length for id",
                format!("id must be exactly 24 characters long (a request ID); got {n} characters (\"{id}\")."),
                AttributePath::new("id"),
            );
        } else {
            ids::check(
                diags,
                AttributePath::new("id"),
                "id",
                id,
                ids::is_request_id,
                ids::REQUEST_SHAPE,
            );
        }
    }
}

data_source! {
    impl DataSource for RequestDataSource {
        state: RequestData,
        schema: schema,
        validate: validate_config,
        read(client, diags, config) {
            let id = require_config(diags, &config.id, "id", "read a request")?;
            let request = client.get_request(id).await;
            diag::reported(diags, format!("Unable to read request {id}"), request)
                .map(|r| RequestData::from_api(&r))
        }
    }
}
