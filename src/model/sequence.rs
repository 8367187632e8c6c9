//! An approval sequence as the sequence data sources show it, from the client's model.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use tf_provider::value::Value;

use crate::client::sequences::RequestSequence;
use crate::tf::value::{opt_string, string, StringSet};

/// One approval sequence: an element of `oig_request_sequences.sequences`, and the computed
/// part of `oig_request_sequence`.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Sequence {
    pub id: Value<String>,
    pub name: Value<String>,
    pub description: Value<String>,
    /// A set: the API lists the types in a new order on every call.
    pub compatible_resource_types: StringSet,
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
