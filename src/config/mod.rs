//! The provider's configuration: the provider block as Terraform sends it ([`ProviderConfig`]),
//! the table of its arguments ([`ARGUMENTS`]: schema, docs, environment variables, ranges), and
//! its resolution — configuration plus environment, checked in one pass — into the client's
//! [`ClientConfig`].
//!
//! - `arguments`: the table, and the schema made from it;
//! - `sources`: where each argument's value comes from (configuration, else environment, group
//!   by group);
//! - `resolve`: the one pass that checks every value and builds the client configuration;
//! - `checks`: the checks of single values (org URL, org name, domain, private key).

mod arguments;
mod checks;
mod resolve;
mod sources;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tf_provider::value::Value;

use crate::client::ClientConfig;

pub use arguments::{
    argument, named, schema, Argument, Group, Kind, ARGUMENTS, DEFAULT_BASE_URL, DEFAULT_SCOPES,
    PROVIDER_DESCRIPTION,
};
pub use checks::parse_org_url;

/// The provider block as Terraform sends it: each argument of [`ARGUMENTS`] by name. Secrets are
/// never printed: neither this type nor [`Raw`] has `Debug`.
#[derive(Default, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ProviderConfig(BTreeMap<String, Value<Raw>>);

/// One argument's value, of the type its [`Kind`] gives it in the schema (Terraform converts
/// what the configuration says to that type before the provider sees it).
#[derive(Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Raw {
    Number(f64),
    Text(String),
    List(Vec<Value<String>>),
}

impl ProviderConfig {
    /// The configured value of `name`; null when the block leaves it out.
    pub fn get(&self, name: &str) -> &Value<Raw> {
        static NULL: Value<Raw> = Value::Null;
        self.0.get(name).unwrap_or(&NULL)
    }

    /// The same configuration with `name` set to `value`.
    pub fn with(mut self, name: &str, value: Value<Raw>) -> Self {
        self.0.insert(name.to_string(), value);
        self
    }

    /// Whether any argument is unknown: the configuration depends on values known only at apply.
    pub fn has_unknown(&self) -> bool {
        self.0.values().any(|v| match v {
            Value::Unknown => true,
            Value::Value(Raw::List(items)) => items.iter().any(Value::is_unknown),
            _ => false,
        })
    }
}

/// A problem with the provider configuration, tied to one argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub argument: &'static str,
    pub summary: String,
    pub detail: String,
}

pub(crate) fn problem(
    argument: &'static str,
    summary: impl Into<String>,
    detail: impl Into<String>,
) -> ConfigProblem {
    ConfigProblem {
        argument,
        summary: summary.into(),
        detail: detail.into(),
    }
}

/// When the checks run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// `terraform validate` (and the start of every plan): the configuration alone. A value it
    /// leaves unset is not missing, since it may come from the environment (examples validate
    /// without credentials), and no file is read.
    Validate,
    /// Configuration plus environment, everything the client needs.
    Configure,
}

/// The problems in what the configuration alone says.
pub fn validate(config: &ProviderConfig) -> Vec<ConfigProblem> {
    let no_env = |_: &str| None;
    resolve::run(&sources::Sources::new(config, &no_env), Stage::Validate).1
}

/// Resolves configuration plus environment into a client configuration. Configuration wins over
/// the environment, group by group: if the configuration sets any credential argument, no
/// credential is taken from the environment (and likewise for the org's address).
pub fn resolve(
    config: &ProviderConfig,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<ClientConfig, Vec<ConfigProblem>> {
    match resolve::run(&sources::Sources::new(config, env), Stage::Configure) {
        (Some(client_config), problems) if problems.is_empty() => Ok(client_config),
        (_, problems) => Err(problems),
    }
}
