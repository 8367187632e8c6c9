//! An approval sequence as the sequence data sources show it, from the client's model.

use std::collections::BTreeSet;

use tf_provider::value::Value;

use crate::client::sequences::RequestSequence;
use crate::tf::object::tf_object;
use crate::tf::value::{opt_string, string, StringSet};

tf_object! {
    /// One approval sequence: an element of `oig_request_sequences.sequences`, and the computed
    /// part of `oig_request_sequence` (whose `id` and `name` are optional: give one to find it).
    pub struct Sequence {
        /// The approval sequence's ID: the value for a request condition's `approval_sequence_id`. Give it to read that sequence, or leave it out and give `name`.
        id: Value<String> => optional_computed,
        /// The approval sequence's name, as the admin console shows it. Give it (matched exactly, case included) to find the sequence, or leave it out and give `id`.
        name: Value<String> => optional_computed,
        /// The sequence's description; null when it has none.
        description: Value<String> => computed,
        /// The resource types the sequence can serve: `APP`, `GROUP` (a set: Okta lists them in
        /// a new order on every call).
        compatible_resource_types: StringSet => computed,
        /// The sequence's page in the admin console.
        link: Value<String> => computed,
    }
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
