//! The few helpers every resource and data source share: schema builders, diagnostics (the one
//! place an [`crate::client::ApiError`] becomes a diagnostic), validation of values, and the
//! configured-client slot ([`provider_data::ProviderData`]), attribute behaviour at plan time
//! ([`plan`]) and the shapes of IDs that go into URL paths ([`ids`]).

pub mod diag;
pub mod ids;
pub mod lifecycle;
pub mod object;
pub mod plan;
pub mod provider_data;
pub mod schema;
pub mod validate;
pub mod value;

pub use provider_data::{PlanSettings, ProviderData};
