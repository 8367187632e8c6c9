//! Terraform resources, one per file.

pub mod request_condition;
