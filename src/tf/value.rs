//! Glue between Terraform values and plain Rust values.

use std::collections::BTreeSet;
use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Serialize};
use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

/// Serde for a zero-or-one block (`NestedBlock::Optional`, a list of at most one item on the
/// wire) held as `Value<T>`: unknown → Unknown, null or `[]` → Null, `[x]` → x. tf-provider's
/// `serde_as_vec` fails when the block comes from a `dynamic` block whose `for_each` is unknown.
pub mod optional_block {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use tf_provider::value::Value;

    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Value<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Value::Value(v) => [v].serialize(serializer),
            Value::Null => Vec::<T>::new().serialize(serializer),
            Value::Unknown => Value::<Vec<T>>::Unknown.serialize(serializer),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Value<T>, D::Error> {
        match Value::<Vec<Value<T>>>::deserialize(deserializer)? {
            Value::Unknown => Ok(Value::Unknown),
            Value::Null => Ok(Value::Null),
            Value::Value(items) => {
                let mut it = items.into_iter();
                match (it.next(), it.next()) {
                    (None, _) => Ok(Value::Null),
                    (Some(v), None) => Ok(v),
                    (Some(_), Some(_)) => Err(D::Error::custom(
                        "a block that allows at most one item has several",
                    )),
                }
            }
        }
    }
}

pub type StringSet = Value<BTreeSet<Value<String>>>;

/// The string, when it is known and not null (it may be empty: length rules see `""`).
pub fn known(v: &Value<String>) -> Option<&str> {
    v.as_ref_option().map(String::as_str)
}

/// A value that an operation cannot go on without (an ID of the object in state or plan). When
/// it is null or unknown, an error names the attribute and says what is wrong, so that no
/// operation ever stops without a diagnostic.
pub fn require<'a>(
    diags: &mut Diagnostics,
    v: &'a Value<String>,
    what: &str,
    name: &'static str,
) -> Option<&'a str> {
    known_or_error(
        diags,
        v,
        name,
        format!("Incomplete {what}"),
        format!("{name} of this {what} is not known: the operation cannot name the object in Okta. Run `terraform apply -refresh-only`, or remove the object from state and import it again."),
    )
}

/// A data source's argument that its read cannot go on without: an error when it is still
/// unknown ("{name} must be known to {purpose}").
pub fn require_config<'a>(
    diags: &mut Diagnostics,
    v: &'a Value<String>,
    name: &'static str,
    purpose: &str,
) -> Option<&'a str> {
    known_or_error(
        diags,
        v,
        name,
        format!("Missing {name}"),
        format!("{name} must be known to {purpose}."),
    )
}

fn known_or_error<'a>(
    diags: &mut Diagnostics,
    v: &'a Value<String>,
    name: &'static str,
    summary: String,
    detail: String,
) -> Option<&'a str> {
    let found = known(v);
    if found.is_none() {
        crate::tf::diag::error(diags, summary, detail, AttributePath::new(name));
    }
    found
}

/// A zero-or-one block held in a state struct, (de)serialized as [`optional_block`] does. Used
/// where one struct serves both a resource (a block) and a data source (an object attribute):
/// see [`BlockValue`].
#[derive(Debug, Default, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct OptionalBlock<T>(pub Value<T>);

impl<T: Serialize> Serialize for OptionalBlock<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        optional_block::serialize(&self.0, serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OptionalBlock<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        optional_block::deserialize(deserializer).map(OptionalBlock)
    }
}

/// A field that holds a `Value<T>`, as a plain value (an object attribute) or as an
/// [`OptionalBlock`] (a zero-or-one block).
pub trait BlockValue<T>: Deref<Target = Value<T>> + From<Value<T>> {}

/// A [`BlockValue`] wrapper: it derefs to the `Value<T>` it holds and is made from one.
macro_rules! block_value {
    ($wrapper:ident) => {
        impl<T> Deref for $wrapper<T> {
            type Target = Value<T>;
            fn deref(&self) -> &Value<T> {
                &self.0
            }
        }

        impl<T> DerefMut for $wrapper<T> {
            fn deref_mut(&mut self) -> &mut Value<T> {
                &mut self.0
            }
        }

        impl<T> From<Value<T>> for $wrapper<T> {
            fn from(v: Value<T>) -> Self {
                $wrapper(v)
            }
        }

        impl<T> BlockValue<T> for $wrapper<T> {}
    };
}

block_value!(OptionalBlock);

/// A plain value, as an object attribute holds it.
#[derive(Debug, Default, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Plain<T>(pub Value<T>);

block_value!(Plain);

/// A set of strings from API IDs; an empty or absent list is null (the configuration cannot
/// hold an empty set for these, so `[]` from the API must not make a diff).
pub fn id_set<'a>(ids: impl IntoIterator<Item = &'a str>) -> StringSet {
    let set: BTreeSet<Value<String>> = ids
        .into_iter()
        .map(|s| Value::Value(s.to_string()))
        .collect();
    if set.is_empty() {
        Value::Null
    } else {
        Value::Value(set)
    }
}

/// The known strings of a set.
pub fn set_strings(v: &StringSet) -> Vec<String> {
    v.as_ref_option()
        .map(|s| {
            s.iter()
                .filter_map(|x| x.as_ref_option().cloned())
                .collect()
        })
        .unwrap_or_default()
}

/// Whether a set or any of its elements is unknown.
pub fn set_unknown(v: &StringSet) -> bool {
    v.is_unknown()
        || v.as_ref_option()
            .is_some_and(|s| s.iter().any(Value::is_unknown))
}

/// A list attribute of the API's items, each converted by `convert`; null when the API sent no
/// list (an empty list stays empty).
pub fn list_from<T, U>(items: Option<&[T]>, convert: impl Fn(&T) -> U) -> Value<Vec<Value<U>>> {
    match items {
        None => Value::Null,
        Some(items) => Value::Value(items.iter().map(|i| Value::Value(convert(i))).collect()),
    }
}

pub fn string(v: impl Into<String>) -> Value<String> {
    Value::Value(v.into())
}

pub fn opt_string(v: Option<&str>) -> Value<String> {
    v.map(|s| Value::Value(s.to_string()))
        .unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Holder {
        #[serde(with = "optional_block")]
        b: Value<Inner>,
    }
    #[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
    struct Inner {
        x: Value<String>,
    }

    #[test]
    fn optional_block_round_trips() {
        for v in [
            Value::Null,
            Value::Value(Inner { x: string("a") }),
            Value::Unknown,
        ] {
            let h = Holder { b: v };
            let bytes = rmp_serde::to_vec_named(&h).unwrap_or_default();
            let back: Result<Holder, _> = rmp_serde::from_slice(&bytes);
            assert_eq!(back.ok(), Some(h));
        }
        let empty: Result<Holder, _> = serde_json::from_str(r#"{"b": []}"#);
        assert_eq!(empty.ok(), Some(Holder { b: Value::Null }));
        let two: Result<Holder, _> = serde_json::from_str(r#"{"b": [{"x": "a"}, {"x": "b"}]}"#);
        assert!(two.is_err());
    }
}
