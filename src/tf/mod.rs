//! The few helpers every resource and data source share: schema builders, diagnostics (the one
//! place an [`crate::client::ApiError`] becomes a diagnostic) and validation of values.

pub mod diag;
pub mod schema;
pub mod validate;
pub mod value;
