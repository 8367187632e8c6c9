//! terraform-provider-oig: a Terraform provider for Okta Identity Governance access requests.

pub mod client;
pub mod config;
pub mod data_sources;
pub mod docs;
pub mod model;
pub mod provider;
pub mod resources;
pub mod tf;

pub use provider::OigProvider;
