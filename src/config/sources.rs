//! Where each argument's value comes from: the configuration, else its environment variable —
//! except that a group ([`Group::Org`], [`Group::Credentials`]) the configuration sets any
//! argument of is taken from the configuration alone. Strings are trimmed, and empty counts as
//! unset on either side.

use tf_provider::value::Value;

use super::arguments::{argument, Argument, Group, ARGUMENTS};
use super::{ProviderConfig, Raw};

/// A number as given, and how messages quote it (`21` from the configuration, `"many"` from the
/// environment).
pub(super) struct GivenNumber {
    pub value: Option<f64>,
    pub shown: String,
}

pub(super) struct Sources<'a> {
    config: &'a ProviderConfig,
    env: &'a dyn Fn(&str) -> Option<String>,
}

fn trimmed(s: &str) -> Option<String> {
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

impl<'a> Sources<'a> {
    pub fn new(config: &'a ProviderConfig, env: &'a dyn Fn(&str) -> Option<String>) -> Self {
        Sources { config, env }
    }

    /// The configured value of `a`, if it holds something.
    fn configured(&self, a: &Argument) -> Option<&'a Raw> {
        match self.config.get(a.name) {
            Value::Value(Raw::Text(s)) if s.trim().is_empty() => None,
            Value::Value(Raw::List(items))
                if !items
                    .iter()
                    .any(|i| i.as_ref_option().is_some_and(|s| !s.trim().is_empty())) =>
            {
                None
            }
            Value::Value(raw) => Some(raw),
            _ => None,
        }
    }

    /// The environment's value of `a`, unless the configuration decides for `a`'s group.
    fn env_value(&self, a: &Argument) -> Option<String> {
        let config_decides = match a.group {
            Group::Own => self.configured(a).is_some(),
            group => ARGUMENTS
                .iter()
                .any(|b| b.group == group && self.configured(b).is_some()),
        };
        if config_decides {
            return None;
        }
        (self.env)(a.env).as_deref().and_then(trimmed)
    }

    /// A string argument.
    pub fn text(&self, name: &str) -> Option<String> {
        let a = argument(name)?;
        match self.configured(a) {
            Some(Raw::Text(s)) => trimmed(s),
            Some(Raw::Number(n)) => Some(n.to_string()),
            Some(Raw::List(_)) => None,
            None => self.env_value(a),
        }
    }

    /// A list argument; from the environment, separated by commas or spaces.
    pub fn list(&self, name: &str) -> Option<Vec<String>> {
        let a = argument(name)?;
        let items: Vec<String> = match self.configured(a) {
            Some(Raw::List(items)) => items
                .iter()
                .filter_map(|i| i.as_ref_option().and_then(|s| trimmed(s)))
                .collect(),
            Some(Raw::Text(s)) => vec![s.trim().to_string()],
            Some(Raw::Number(_)) => Vec::new(),
            None => self
                .env_value(a)?
                .split([',', ' '])
                .filter_map(trimmed)
                .collect(),
        };
        Some(items).filter(|i| !i.is_empty())
    }

    /// A number argument.
    pub fn number(&self, name: &str) -> Option<GivenNumber> {
        let a = argument(name)?;
        match self.configured(a) {
            Some(Raw::Number(n)) => Some(GivenNumber {
                value: Some(*n),
                shown: n.to_string(),
            }),
            Some(Raw::Text(s)) => Some(GivenNumber {
                value: s.trim().parse().ok(),
                shown: s.clone(),
            }),
            Some(Raw::List(_)) => None,
            None => self.env_value(a).map(|s| GivenNumber {
                value: s.parse().ok(),
                shown: format!("\"{s}\""),
            }),
        }
    }
}
