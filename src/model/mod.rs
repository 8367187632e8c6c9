//! Terraform shapes shared by several resources and data sources, and their converters from
//! the client's models. Resources and data sources import from here (and from `tf` and
//! `client`), never from each other.

pub mod condition;
pub mod request;
pub mod sequence;
pub mod settings;
