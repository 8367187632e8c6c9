//! An approval sequence as the sequence data sources show it, from the client's model.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use tf_provider::value::Value;

use crate::client::sequences::RequestSequence;
use crate::tf::value::{opt_string, string, StringSet};

/// One approval sequence: an element of `oig_request_sequences.sequences`, and the computed
/// part of `oig_request_sequence`.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sequence {
    #[serde(default)]
    pub id: Value<String>,
    #[serde(default)]
    pub name: Value<String>,
    #[serde(default)]
    pub description: Value<String>,
    /// A set: the API lists the types in a new order on every call.
    #[serde(default)]
    pub compatible_resource_types: StringSet,
    #[serde(default)]
    pub link: Value<String>,
}

impl Sequence {
    pub fn from_api(seq: &RequestSequence) -> Self {
        let types: BTreeSet<Value<String>> = seq
            .compatible_resource_types
            .iter()
            .map(|t| string(t.as_str()))
            .collect();
        Sequence {
            id: string(seq.id.as_str()),
            name: string(seq.name.as_str()),
            description: opt_string(Some(seq.description.as_str()).filter(|d| !d.is_empty())),
            compatible_resource_types: Value::Value(types),
            link: opt_string(Some(seq.link.as_str()).filter(|l| !l.is_empty())),
        }
    }
}
