//! Terraform resources, one per file.

pub mod org_request_settings;
pub mod request;
pub mod request_condition;
pub mod request_message;
pub mod resource_request_settings;
