//! An access request as Terraform shows it, shared by the resource `oig_request` and the data
//! sources `oig_request` / `oig_requests`: approvals, actions, the computed fields every
//! representation has, the list's summary, and their converters from the client's models.

use serde::{Deserialize, Serialize};
use tf_provider::schema::AttributeType;
use tf_provider::value::Value;

use crate::client::requests::{Action, Approval, Request};
use crate::tf::schema as s;
use crate::tf::value::{list_from, opt_string, string};

/// An element of `approvals`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApprovalObject {
    pub approval_id: Value<String>,
    pub status: Value<String>,
    pub approver_id: Value<String>,
    pub approver_name: Value<String>,
    pub decision: Value<String>,
    pub decided: Value<String>,
}

/// An element of `actions`.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ActionObject {
    pub action_id: Value<String>,
    pub status: Value<String>,
    pub action: Value<String>,
    pub action_status: Value<String>,
    pub action_attempted: Value<String>,
    pub access_removed: Value<String>,
    pub resource_id: Value<String>,
    pub resource_name: Value<String>,
    pub resource_type: Value<String>,
}

pub type Approvals = Value<Vec<Value<ApprovalObject>>>;
pub type Actions = Value<Vec<Value<ActionObject>>>;

/// Declares a request struct: its own fields, then the computed fields every representation of
/// a request has (`computed_fields()` is their schema), and `set_computed`, which fills them from
/// the API's request. A computed field is added here (and in `computed_fields()`) once for the
/// resource and both data sources. The fields stay flat (not one embedded struct) because the
/// resource's plan rules name each of them.
macro_rules! request_struct {
    ($(#[$m:meta])* pub struct $name:ident { $($(#[$fm:meta])* pub $f:ident: $t:ty,)* }) => {
        $(#[$m])*
        pub struct $name {
            $($(#[$fm])* pub $f: $t,)*
            pub request_status: ::tf_provider::value::Value<String>,
            pub resolved: ::tf_provider::value::Value<String>,
            pub created: ::tf_provider::value::Value<String>,
            pub created_by: ::tf_provider::value::Value<String>,
            pub last_updated: ::tf_provider::value::Value<String>,
            pub last_updated_by: ::tf_provider::value::Value<String>,
            #[serde(rename = "type")]
            pub kind: ::tf_provider::value::Value<String>,
            pub permalink_id: ::tf_provider::value::Value<f64>,
        }

        impl $name {
            /// Sets the computed fields every representation of a request has from the API's
            /// request.
            pub fn set_computed(&mut self, r: &$crate::client::requests::Request) {
                use $crate::tf::value::{opt_string, string};
                self.request_status = string(r.request_status.clone());
                self.resolved = opt_string(r.resolved.as_deref());
                self.created = opt_string(r.created.as_deref());
                self.created_by = opt_string(r.created_by.as_deref());
                self.last_updated = opt_string(r.last_updated.as_deref());
                self.last_updated_by = opt_string(r.last_updated_by.as_deref());
                self.kind = opt_string(r.kind.as_deref());
                self.permalink_id = r
                    .permalink_id
                    .map(|n| ::tf_provider::value::Value::Value(n as f64))
                    .unwrap_or(::tf_provider::value::Value::Null);
            }
        }
    };
}
pub(crate) use request_struct;

request_struct! {
    /// A request as `oig_requests` lists it: the fields of the list endpoint's representation.
    #[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
    #[serde(default)]
    pub struct RequestSummary {
        pub id: Value<String>,
        pub subject: Value<String>,
        pub request_type_id: Value<String>,
        pub requester_user_ids: Value<Vec<Value<String>>>,
    }
}

/// The requester as the data sources show it: a list of one user ID.
pub fn string_list(items: &[String]) -> Value<Vec<Value<String>>> {
    Value::Value(items.iter().map(|s| string(s.clone())).collect())
}

impl RequestSummary {
    /// The fields of the list endpoint's representation of a request.
    pub fn from_api(r: &Request) -> RequestSummary {
        let mut summary = RequestSummary {
            id: string(r.id.clone()),
            subject: string(r.subject.clone()),
            request_type_id: if r.request_type_id.is_empty() {
                Value::Null
            } else {
                string(r.request_type_id.clone())
            },
            requester_user_ids: string_list(&r.requester_user_ids),
            ..RequestSummary::default()
        };
        summary.set_computed(r);
        summary
    }
}

/// The object type of an `approvals` element.
pub fn approval_type() -> AttributeType {
    use AttributeType::String as Str;
    s::object([
        ("approval_id", Str),
        ("status", Str),
        ("approver_id", Str),
        ("approver_name", Str),
        ("decision", Str),
        ("decided", Str),
    ])
}

/// The object type of an `actions` element.
pub fn action_type() -> AttributeType {
    use AttributeType::String as Str;
    s::object([
        ("action_id", Str),
        ("status", Str),
        ("action", Str),
        ("action_status", Str),
        ("action_attempted", Str),
        ("access_removed", Str),
        ("resource_id", Str),
        ("resource_name", Str),
        ("resource_type", Str),
    ])
}

pub const APPROVALS_DESCRIPTION: &str = "The request's approvals, in order: `approval_id`, `status` (`PENDING` or `COMPLETED`) and, once decided, `approver_id`, `approver_name`, `decision` (`APPROVED` or `DENIED`) and `decided` (RFC 3339).";
pub const ACTIONS_DESCRIPTION: &str = "What Okta does to fulfil the request: `action_id`, `status` (`PENDING` or `COMPLETED`), `action` (`ASSIGN_APP_TO_USER`, `ADD_USER_TO_GROUP` or `GRANT_ACCESS_TO_ENTITLEMENT_BUNDLE`) and, once attempted, `action_status` (`SUCCEEDED` or `FAILED`), `action_attempted`, `access_removed` and the `resource_id`, `resource_name` and `resource_type` acted on. Null when the request will never have actions (request types with custom settings).";

/// `(name, type, description)` of `approvals` and `actions`.
pub fn approvals_and_actions() -> [(&'static str, AttributeType, &'static str); 2] {
    [
        (
            "approvals",
            AttributeType::List(Box::new(approval_type())),
            APPROVALS_DESCRIPTION,
        ),
        (
            "actions",
            AttributeType::List(Box::new(action_type())),
            ACTIONS_DESCRIPTION,
        ),
    ]
}

/// The computed fields every request representation has: `(name, type, description)`.
pub fn computed_fields() -> Vec<(&'static str, AttributeType, &'static str)> {
    use AttributeType::{Number, String as Str};
    vec![
        ("request_status", Str, "Where the request is in its lifecycle: `OPEN`, `PENDING`, `RESOLVED` or `LOCKED`."),
        ("resolved", Str, "When the request was resolved (RFC 3339); null while it is not (a reopened request loses it)."),
        ("created", Str, "When the request was created (RFC 3339)."),
        ("created_by", Str, "ID of the user who created the request."),
        ("last_updated", Str, "When the request last changed (RFC 3339)."),
        ("last_updated_by", Str, "ID of the user who last changed the request."),
        ("type", Str, "`ACCESS_REQUEST`, or `CUSTOM` when the request type has custom settings (such requests have no approvals or actions)."),
        ("permalink_id", Number, "The request's permanent number, which always resolves to it."),
    ]
}

/// `(name, type, description)` of the fields the list endpoint returns, `id` first.
pub fn summary_fields() -> Vec<(&'static str, AttributeType, &'static str)> {
    use AttributeType::String as Str;
    let mut fields = vec![
        ("id", Str, "The request's ID (24 hexadecimal characters)."),
        ("subject", Str, "The request's subject line."),
        (
            "request_type_id",
            Str,
            "ID of the request type the request was filed under.",
        ),
        (
            "requester_user_ids",
            s::string_list(),
            "The Okta user ID of the requester (one element).",
        ),
    ];
    fields.extend(computed_fields());
    fields
}

pub fn approvals_from_api(list: &Option<Vec<Approval>>) -> Approvals {
    list_from(list.as_deref(), |a| ApprovalObject {
        approval_id: string(a.approval_id.clone()),
        status: string(a.status.clone()),
        approver_id: opt_string(a.approver_id.as_deref()),
        approver_name: opt_string(a.approver_name.as_deref()),
        decision: opt_string(a.decision.as_deref()),
        decided: opt_string(a.decided.as_deref()),
    })
}

pub fn actions_from_api(list: &Option<Vec<Action>>) -> Actions {
    list_from(list.as_deref(), |a| ActionObject {
        action_id: string(a.action_id.clone()),
        status: string(a.status.clone()),
        action: opt_string(a.action.as_deref()),
        action_status: opt_string(a.action_status.as_deref()),
        action_attempted: opt_string(a.action_attempted.as_deref()),
        access_removed: opt_string(a.access_removed.as_deref()),
        resource_id: opt_string(a.resource_id.as_deref()),
        resource_name: opt_string(a.resource_name.as_deref()),
        resource_type: opt_string(a.resource_type.as_deref()),
    })
}
