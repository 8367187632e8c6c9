//! Data source `oig_requests`: the access requests matching a filter, in a chosen order,
//! following every page up to an optional `max_results`.

use tf_provider::schema::Schema;
use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use crate::client::requests::{parse_rfc3339, ListQuery};
use crate::model::request::RequestSummary;
use crate::tf::lifecycle::{data_source, handle};
use crate::tf::object::tf_object;
use crate::tf::value::{known, list_from};
use crate::tf::{diag, validate};

/// `requestStatus` values (`request-request-status` in the OpenAPI file).
pub const REQUEST_STATUSES: &[&str] = &["OPEN", "PENDING", "RESOLVED", "LOCKED"];
/// The `orderBy` values the API accepts.
pub const ORDER_BY: &[&str] = &[
    "created",
    "created asc",
    "created desc",
    "lastUpdated",
    "lastUpdated asc",
    "lastUpdated desc",
];

tf_object! {
    pub struct State {
        /// Only requests with this status: `OPEN`, `PENDING`, `RESOLVED` or `LOCKED`. Cannot be combined with `filter`.
        request_status: Value<String> => optional,
        /// Only requests last updated strictly after this RFC 3339 date-time (such as `2024-05-24T14:15:22Z`). Cannot be combined with `filter`.
        last_updated_after: Value<String> => optional,
        /// Only requests last updated strictly before this RFC 3339 date-time. Okta's filter offers only `gt` on `lastUpdated`, so the provider applies this bound to the requests it reads. Cannot be combined with `filter`.
        last_updated_before: Value<String> => optional,
        /// A raw SCIM filter expression for anything the structured attributes do not cover, such as `requestStatus eq "RESOLVED" and lastUpdated gt "2024-05-24T14:15:22Z"`. Cannot be combined with `request_status`, `last_updated_after` or `last_updated_before`.
        filter: Value<String> => optional,
        /// The order, in the API's form: `created` or `lastUpdated`, optionally followed by ` asc` or ` desc` (such as `"created desc"`). Okta's default is `created asc`.
        order_by: Value<String> => optional,
        /// The most requests to return: a whole number of at least 1. Unset returns every matching request.
        max_results: Value<f64> => optional,
        /// The matching requests in the API's order, as the list endpoint returns them: `id`, `subject`, `request_type_id`, `requester_user_ids`, `request_status`, `resolved`, `created`, `created_by`, `last_updated`, `last_updated_by`, `type` and `permalink_id`. Use the `oig_request` data source for a request's approvals, actions and field values.
        requests: Value<Vec<Value<RequestSummary>>> => computed,
    }
}

pub fn schema() -> Schema {
    State::schema("Lists access requests, following every page (200 per page) until the list ends or `max_results` are found. Narrow the list with `request_status` and `last_updated_after` / `last_updated_before` (combined with AND), or with a raw SCIM `filter` — not both. Values are sent percent-encoded by the provider: write them as they are.")
}

handle!(RequestsDataSource);

fn p(name: &'static str) -> AttributePath {
    AttributePath::new(name)
}

data_source! {
    impl DataSource for RequestsDataSource {
        state: State,
        schema: schema,
        validate: validate_config,
        read(client, diags, config) {
            let query = to_query(&config);
            match client.list_requests(&query).await {
                Ok(list) => Some(State {
                    requests: list_from(Some(&list), RequestSummary::from_api),
                    ..config
                }),
                Err(e) => {
                    let what = query
                        .filter
                        .as_deref()
                        .map(|f| format!(" matching {f}"))
                        .unwrap_or_default();
                    diag::api_error(diags, format!("Unable to list requests{what}"), &e);
                    None
                }
            }
        }
    }
}

/// Plan-time checks of what the configuration says; unknown values are skipped.
pub fn validate_config(diags: &mut Diagnostics, c: &State) {
    if let Some(st) = known(&c.request_status) {
        validate::one_of(
            diags,
            p("request_status"),
            "request_status",
            st,
            REQUEST_STATUSES,
        );
    }
    let mut bounds = [None, None];
    for (i, (name, v)) in [
        ("last_updated_after", &c.last_updated_after),
        ("last_updated_before", &c.last_updated_before),
    ]
    .into_iter()
    .enumerate()
    {
        let Some(text) = known(v) else { continue };
        match parse_rfc3339(text) {
            Some(t) => bounds[i] = Some(t),
            None => diag::error(
                diags,
                format!("Invalid value for {name}"),
                format!("{name} must be an RFC 3339 date-time such as \"2024-05-24T14:15:22Z\" or \"2024-05-24T16:15:22+02:00\"; got \"{text}\"."),
                p(name),
            ),
        }
    }
    if let [Some(after), Some(before)] = bounds {
        if after >= before {
            diag::error(
                diags,
                "Empty time range",
                "last_updated_after must be earlier than last_updated_before: no request can match both.",
                p("last_updated_before"),
            );
        }
    }
    if !c.filter.is_null() {
        let structured: Vec<&str> = [
            ("request_status", &c.request_status),
            ("last_updated_after", &c.last_updated_after),
            ("last_updated_before", &c.last_updated_before),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(n, _)| n)
        .collect();
        if !structured.is_empty() {
            diag::error(
                diags,
                "Conflicting filters",
                format!(
                    "filter cannot be combined with {}: give either a raw SCIM filter or the structured attributes (request_status, last_updated_after, last_updated_before), not both.",
                    structured.join(" and ")
                ),
                p("filter"),
            );
        }
        if known(&c.filter).is_some_and(|f| f.trim().is_empty()) {
            diag::error(
                diags,
                "Invalid value for filter",
                "filter must not be empty: leave it unset to list every request.",
                p("filter"),
            );
        }
    }
    if let Some(o) = known(&c.order_by) {
        validate::one_of(diags, p("order_by"), "order_by", o, ORDER_BY);
    }
    if let Some(n) = c.max_results.as_ref_option() {
        if n.fract() != 0.0 || *n < 1.0 || *n > 1e15 {
            diag::error(
                diags,
                "Invalid value for max_results",
                format!("max_results must be a whole number of at least 1; got {n}."),
                p("max_results"),
            );
        }
    }
}

/// The SCIM filter for the structured attributes, joined with `and`.
pub fn structured_filter(c: &State) -> Option<String> {
    let mut clauses = Vec::new();
    if let Some(st) = known(&c.request_status) {
        clauses.push(format!("requestStatus eq \"{st}\""));
    }
    if let Some(after) = known(&c.last_updated_after) {
        clauses.push(format!("lastUpdated gt \"{after}\""));
    }
    (!clauses.is_empty()).then(|| clauses.join(" and "))
}

/// The list call for the configuration.
pub fn to_query(c: &State) -> ListQuery {
    ListQuery {
        filter: known(&c.filter)
            .map(str::to_string)
            .or_else(|| structured_filter(c)),
        order_by: known(&c.order_by).map(str::to_string),
        max_results: c.max_results.as_ref_option().map(|n| *n as usize),
        last_updated_before: known(&c.last_updated_before).and_then(parse_rfc3339),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::value::string;

    #[test]
    fn structured_attributes_become_one_scim_filter() {
        let c = State {
            request_status: string("RESOLVED"),
            last_updated_after: string("2022-05-24T14:15:22Z"),
            last_updated_before: string("2022-05-25T00:00:00Z"),
            ..State::default()
        };
        let q = to_query(&c);
        assert_eq!(
            q.filter.as_deref(),
            Some("requestStatus eq \"RESOLVED\" and lastUpdated gt \"2022-05-24T14:15:22Z\"")
        );
        assert_eq!(q.last_updated_before, parse_rfc3339("2022-05-25T00:00:00Z"));
        let raw = State {
            filter: string("requestStatus eq \"OPEN\""),
            max_results: Value::Value(3.0),
            ..State::default()
        };
        let q = to_query(&raw);
        assert_eq!(q.filter.as_deref(), Some("requestStatus eq \"OPEN\""));
        assert_eq!(q.max_results, Some(3));
        assert_eq!(to_query(&State::default()).filter, None);
    }

    #[test]
    fn validation_messages_name_attributes_and_allowed_values() {
        let mut d = Diagnostics::default();
        validate_config(
            &mut d,
            &State {
                request_status: string("CLOSED"),
                last_updated_after: string("2024-05-24"),
                filter: string("x"),
                order_by: string("created descending"),
                max_results: Value::Value(0.0),
                ..State::default()
            },
        );
        let text: Vec<String> = d.errors.iter().map(|e| e.detail.to_string()).collect();
        assert_eq!(text.len(), 5, "{text:#?}");
        assert_eq!(
            text[0],
            "request_status must be one of \"OPEN\", \"PENDING\", \"RESOLVED\" or \"LOCKED\"; got \"CLOSED\"."
        );
        assert!(text[1].starts_with("last_updated_after must be an RFC 3339 date-time"));
        assert!(text[2]
            .starts_with("filter cannot be combined with request_status and last_updated_after"));
        assert!(text[3].starts_with("order_by must be one of \"created\""));
        assert_eq!(
            text[4],
            "max_results must be a whole number of at least 1; got 0."
        );
        let mut d = Diagnostics::default();
        validate_config(
            &mut d,
            &State {
                last_updated_after: string("2024-05-25T00:00:00Z"),
                last_updated_before: string("2024-05-24T00:00:00Z"),
                ..State::default()
            },
        );
        assert_eq!(d.errors.len(), 1);
        assert!(d.errors[0].detail.contains("must be earlier than"));
    }
}
