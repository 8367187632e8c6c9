//! A token or OAuth app that Okta refuses fails `terraform plan` itself, on every resource that
//! reads the API at plan time — never "Plan: 1 to add" followed by a failed apply.

mod common;

use common::Workdir;

const APP: &str = "0oaemufull0000000001";
const SEQ: &str = "61eb0f06c462d20007f05101";

fn assert_refused_at_plan(hcl: &str, what: &str) {
    let out = Workdir::plan_with_refused_token(hcl, what);
    assert!(
        out.contains("Okta refused the provider's credentials"),
        "{what}: a refused token must fail the plan with a clear error:\n{out}"
    );
    assert!(
        !out.contains("Plan: 1 to add"),
        "{what}: the plan must not pretend to succeed:\n{out}"
    );
}

#[test]
fn a_refused_token_fails_the_plan_of_a_condition() {
    assert_refused_at_plan(
        &format!(
            r#"
resource "oig_request_condition" "c" {{
  resource_id          = "{APP}"
  name                 = "refused"
  approval_sequence_id = "{SEQ}"
  requester_settings {{
    type = "EVERYONE"
  }}
  access_scope_settings {{
    type = "RESOURCE_DEFAULT"
  }}
}}
"#
        ),
        "oig_request_condition",
    );
}

#[test]
fn a_refused_token_fails_the_plan_of_resource_settings() {
    assert_refused_at_plan(
        &format!(
            r#"
resource "oig_resource_request_settings" "s" {{
  resource_id = "{APP}"
}}
"#
        ),
        "oig_resource_request_settings",
    );
}
