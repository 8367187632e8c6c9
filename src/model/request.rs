//! An access request as Terraform shows it, shared by the resource `oig_request` and the data
//! sources `oig_request` / `oig_requests`: approvals, actions, the computed fields every
//! representation has, the list's summary, and their converters from the client's models.

use tf_provider::value::Value;

use crate::client::requests::{Action, Approval, Request};
use crate::tf::object::tf_object;
use crate::tf::value::{list_from, opt_string, string};

tf_object! {
    /// An element of `approvals`.
    pub struct ApprovalObject: Eq {
        /// The approval's ID.
        approval_id: Value<String> => computed,
        /// `PENDING` or `COMPLETED`.
        status: Value<String> => computed,
        /// Once decided: ID of the user who decided.
        approver_id: Value<String> => computed,
        /// Once decided: name of the user who decided.
        approver_name: Value<String> => computed,
        /// Once decided: `APPROVED` or `DENIED`.
        decision: Value<String> => computed,
        /// When the approval was decided (RFC 3339).
        decided: Value<String> => computed,
    }
}

tf_object! {
    /// An element of `actions`.
    pub struct ActionObject: Eq {
        /// The action's ID.
        action_id: Value<String> => computed,
        /// `PENDING` or `COMPLETED`.
        status: Value<String> => computed,
        /// What Okta does: `ASSIGN_APP_TO_USER`, `ADD_USER_TO_GROUP` or `GRANT_ACCESS_TO_ENTITLEMENT_BUNDLE`.
        action: Value<String> => computed,
        /// Once attempted: `SUCCEEDED` or `FAILED`.
        action_status: Value<String> => computed,
        /// When the action was attempted (RFC 3339).
        action_attempted: Value<String> => computed,
        /// When the access granted by the action was removed (RFC 3339), if it was.
        access_removed: Value<String> => computed,
        /// ID of the resource (app, group or entitlement bundle) acted on.
        resource_id: Value<String> => computed,
        /// Name of the resource acted on.
        resource_name: Value<String> => computed,
        /// Type of the resource acted on.
        resource_type: Value<String> => computed,
    }
}

pub type Approvals = Value<Vec<Value<ApprovalObject>>>;
pub type Actions = Value<Vec<Value<ActionObject>>>;

/// Declares a request struct with [`tf_object!`]: its own fields, then the computed fields every
/// representation of a request has, and `set_computed`, which fills them from the API's request.
/// A computed field is added here once for the resource and both data sources. The fields stay
/// flat (not one embedded struct) because the resource's plan rules name each of them.
macro_rules! request_struct {
    ($(#[doc = $sdoc:literal])* pub struct $name:ident { $($fields:tt)* }) => {
        $crate::tf::object::tf_object! {
            $(#[doc = $sdoc])*
            pub struct $name {
                $($fields)*
                /// Where the request is in its lifecycle: `OPEN`, `PENDING`, `RESOLVED` or `LOCKED`.
                request_status: ::tf_provider::value::Value<String> => computed,
                /// When the request was resolved (RFC 3339); null while it is not (a reopened request loses it).
                resolved: ::tf_provider::value::Value<String> => computed,
                /// When the request was created (RFC 3339).
                created: ::tf_provider::value::Value<String> => computed,
                /// ID of the user who created the request.
                created_by: ::tf_provider::value::Value<String> => computed,
                /// When the request last changed (RFC 3339).
                last_updated: ::tf_provider::value::Value<String> => computed,
                /// ID of the user who last changed the request.
                last_updated_by: ::tf_provider::value::Value<String> => computed,
                /// `ACCESS_REQUEST`, or `CUSTOM` when the request type has custom settings (such requests have no approvals or actions).
                kind as "type": ::tf_provider::value::Value<String> => computed,
                /// The request's permanent number, which always resolves to it.
                permalink_id: ::tf_provider::value::Value<f64> => computed,
            }
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
    pub struct RequestSummary {
        /// The request's ID (24 hexadecimal characters).
        id: Value<String> => computed,
        /// The request's subject line.
        subject: Value<String> => computed,
        /// ID of the request type the request was filed under.
        request_type_id: Value<String> => computed,
        /// The Okta user ID of the requester (one element).
        requester_user_ids: Value<Vec<Value<String>>> => computed,
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

/// The description of `approvals`, in the resource and the data source.
macro_rules! approvals_doc {
    () => {
        "The request's approvals, in order: `approval_id`, `status` (`PENDING` or `COMPLETED`) and, once decided, `approver_id`, `approver_name`, `decision` (`APPROVED` or `DENIED`) and `decided` (RFC 3339)."
    };
}
pub(crate) use approvals_doc;

/// The description of `actions`, in the resource and the data source.
macro_rules! actions_doc {
    () => {
        "What Okta does to fulfil the request: `action_id`, `status` (`PENDING` or `COMPLETED`), `action` (`ASSIGN_APP_TO_USER`, `ADD_USER_TO_GROUP` or `GRANT_ACCESS_TO_ENTITLEMENT_BUNDLE`) and, once attempted, `action_status` (`SUCCEEDED` or `FAILED`), `action_attempted`, `access_removed` and the `resource_id`, `resource_name` and `resource_type` acted on. Null when the request will never have actions (request types with custom settings)."
    };
}
pub(crate) use actions_doc;

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
