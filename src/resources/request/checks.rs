//! Plan-time checks of a request ([`validate_config`]) and the summary of a failed create.

use tf_provider::{AttributePath, Diagnostics};

use super::State;
use crate::client::requests::RequestInput;
use crate::client::ApiError;
use crate::tf::value::{known, set_unknown};
use crate::tf::{diag, ids, validate};

fn p(name: &'static str) -> AttributePath {
    AttributePath::new(name)
}

/// What a failed create is called: the 409s of the request type and an unknown request type
/// get a summary that says what is wrong; Okta's own words follow in the detail.
pub fn create_error_summary(input: &RequestInput, err: &ApiError) -> String {
    let base = format!("Unable to create request \"{}\"", input.subject);
    let t = &input.request_type_id;
    let Some(okta) = err.okta() else { return base };
    let mut text = okta.error_summary.clone();
    for c in &okta.error_causes {
        text.push('\n');
        text.push_str(&c.error_summary);
    }
    match err.status() {
        Some(409) if text.contains("requesterFieldValues") => format!(
            "{base}: requester_field_values do not satisfy request type {t} (a required field is missing or a field is given twice)"
        ),
        Some(409) if text.contains("must be ACTIVE") || text.contains("Request type") => {
            format!("{base}: request type {t} is not published (only ACTIVE request types accept requests)")
        }
        Some(409) => format!("{base}: request type {t} does not accept it"),
        Some(400) if text.contains("requestTypeId") && text.contains("not found") => {
            format!("{base}: request type {t} does not exist")
        }
        Some(400) if text.contains("requesterUserIds") && text.contains("not found") => {
            format!("{base}: a user in requester_user_ids does not exist")
        }
        _ => base,
    }
}

/// Whether `s` is a UUID in its 8-4-4-4-12 hexadecimal form.
fn is_uuid(s: &str) -> bool {
    let groups: Vec<&str> = s.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, n)| g.len() == n && g.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Plan-time checks of what the configuration says; unknown values are skipped.
pub fn validate_config(diags: &mut Diagnostics, c: &State) {
    if let Some(t) = known(&c.request_type_id) {
        validate::exact_length(diags, p("request_type_id"), "request_type_id", t, 24);
    }
    if let Some(subject) = known(&c.subject) {
        validate::length(diags, p("subject"), "subject", subject, 1, 250);
    }
    if !set_unknown(&c.requester_user_ids) {
        if let Some(set) = c.requester_user_ids.as_ref_option() {
            if set.len() != 1 {
                diag::error(
                    diags,
                    "Invalid requester_user_ids",
                    format!("requester_user_ids must hold exactly one Okta user ID (a request has one requester); got {}. Leave it unset to request for the user behind the provider's credentials.", set.len()),
                    p("requester_user_ids"),
                );
            }
            ids::okta_id_set(
                diags,
                p("requester_user_ids"),
                "requester_user_ids",
                &c.requester_user_ids,
                ids::OktaKind::User,
            );
        }
    }
    if let Some(items) = c.requester_field_values.as_ref_option() {
        let mut seen: Vec<&str> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let Some(item) = item.as_ref_option() else {
                continue;
            };
            let base = || p("requester_field_values").index(i as i64);
            if let Some(id) = known(&item.id) {
                if !is_uuid(id) {
                    diag::error(
                        diags,
                        "Invalid requester field ID",
                        format!("requester_field_values[{i}].id must be the UUID of one of the request type's requester fields (such as \"05c87fe9-11f6-4d40-a033-b155b39dcdbe\"); got \"{id}\"."),
                        base().attribute("id"),
                    );
                } else if seen.iter().any(|s| s.eq_ignore_ascii_case(id)) {
                    diag::error(
                        diags,
                        "Duplicate requester field",
                        format!("requester_field_values answers field {id} more than once; give each field once."),
                        base().attribute("id"),
                    );
                } else {
                    seen.push(id);
                }
            }
            if let Some(v) = known(&item.value) {
                validate::length(
                    diags,
                    base().attribute("value"),
                    &format!("requester_field_values[{i}].value"),
                    v,
                    1,
                    1000,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::field;
    use super::*;
    use crate::tf::value::{id_set, string};
    use tf_provider::value::Value;

    #[test]
    fn validation_names_attribute_and_limit() {
        let mut d = Diagnostics::default();
        let c = State {
            request_type_id: string("short"),
            subject: string(""),
            requester_user_ids: id_set(["00uemu00000000000001", "00uemu00000000000002"]),
            requester_field_values: Value::Value(vec![
                field("05c87fe9-11f6-4d40-a033-b155b39dcdbe", "x"),
                field("05c87fe9-11f6-4d40-a033-b155b39dcdbe", "y"),
                field("not-a-uuid", &"v".repeat(1001)),
            ]),
            ..State::default()
        };
        validate_config(&mut d, &c);
        let text: Vec<String> = d.errors.iter().map(|e| e.detail.to_string()).collect();
        assert_eq!(text.len(), 6, "{text:#?}");
        assert!(text[0].starts_with("request_type_id must be exactly 24 characters"));
        assert_eq!(
            text[1],
            "subject must be 1 to 250 characters long; got 0 characters."
        );
        assert!(text[2].contains("exactly one Okta user ID"));
        assert!(text[3].contains("more than once"));
        assert!(text[4].contains("requester_field_values[2].id must be the UUID"));
        assert_eq!(
            text[5],
            "requester_field_values[2].value must be 1 to 1000 characters long; got 1001 characters."
        );
    }

    #[test]
    fn unknown_values_are_not_checked() {
        let mut d = Diagnostics::default();
        let c = State {
            request_type_id: Value::Unknown,
            subject: Value::Unknown,
            requester_user_ids: Value::Unknown,
            requester_field_values: Value::Value(vec![Value::Unknown]),
            ..State::default()
        };
        validate_config(&mut d, &c);
        assert!(d.errors.is_empty());
    }

    #[test]
    fn create_errors_say_what_is_wrong() {
        let input = RequestInput {
            request_type_id: "61eb2db568c7c300079fe003".into(),
            subject: "s".into(),
            ..Default::default()
        };
        let draft = ApiError::from_body(409, br#"{"errorCode":"E0000195","errorSummary":"Api validation failed due to conflict: Request type 61eb2db568c7c300079fe003 must be ACTIVE. Current status: DRAFT","errorCauses":[]}"#, None);
        assert!(create_error_summary(&input, &draft).contains("is not published"));
        let missing = ApiError::from_body(409, br#"{"errorCode":"E0000001","errorSummary":"Api validation failed: requesterFieldValues","errorCauses":[{"errorSummary":"requesterFieldValues: must have all required requesterFields"}]}"#, None);
        assert!(create_error_summary(&input, &missing).contains("a required field is missing"));
        let unknown = ApiError::from_body(400, br#"{"errorCode":"E0000001","errorSummary":"Api validation failed: requestTypeId","errorCauses":[{"errorSummary":"requestTypeId: 61eb2db568c7c300079fe003 not found"}]}"#, None);
        assert!(create_error_summary(&input, &unknown).ends_with("does not exist"));
    }
}
