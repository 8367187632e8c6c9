//! Terraform data sources, one per file.

pub mod org_request_settings;
pub mod request;
pub mod request_condition;
pub mod request_conditions;
pub mod request_sequence;
pub mod request_sequences;
pub mod requests;
pub mod resource_request_settings;
