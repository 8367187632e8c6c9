//! Terraform resources, one per file.

pub mod org_request_settings;
pub mod request;
pub mod request_condition;
pub mod request_message;
pub mod resource_request_settings;

#[cfg(test)]
mod tests {
    use crate::tf::plan::schema_mismatches;

    /// Every resource's plan rules name the attributes of its schema, and only those.
    #[test]
    fn plan_rules_match_the_schema() {
        let mismatches = [
            schema_mismatches::<super::org_request_settings::State>(
                &super::org_request_settings::schema(),
            ),
            schema_mismatches::<super::request::State>(&super::request::schema()),
            schema_mismatches::<super::request_condition::State>(
                &super::request_condition::schema(),
            ),
            schema_mismatches::<super::request_message::State>(&super::request_message::schema()),
            schema_mismatches::<super::resource_request_settings::State>(
                &super::resource_request_settings::schema(),
            ),
        ];
        assert_eq!(mismatches.concat(), Vec::<String>::new());
    }
}
