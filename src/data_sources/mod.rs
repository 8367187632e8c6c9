//! Terraform data sources, one per file.

pub mod org_request_settings;
