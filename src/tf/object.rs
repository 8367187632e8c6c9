//! Terraform objects declared once: [`tf_object!`] writes a state struct (the values Terraform
//! sends and receives) and, from the same lines, its schema — each attribute's type (from the
//! field's Rust type, see [`TfType`]), its constraint and its description (the field's doc
//! comment). A struct used as an object attribute elsewhere (`approvals`, `valid_*`, a data
//! source's `requester_settings`) takes its object type from the same declaration, so a field
//! added to the struct is in the schema and the docs with nothing else to edit.
//!
//! ```ignore
//! tf_object! {
//!     /// An element of `approvals`.   (the block's description, when used as a block)
//!     pub struct ApprovalObject: Eq {  (derives beyond Debug, Default, Clone, PartialEq, serde)
//!         /// The approval's ID.
//!         approval_id: Value<String> => computed,
//!         /// `ADMIN_FIXED_DURATION` or …
//!         kind as "type": Value<String> => required,
//!         /// How long granted access lasts.
//!         duration: OptionalBlock<DurationBlock> => block(Optional),
//!     }
//! }
//! ```
//!
//! A field may carry `#[serde(...)]` after its doc comment (such as `with = "optional_block"`).
//! Constraints: `required`, `optional`, `computed`, `optional_computed`,
//! `block(Single | Optional | List)` for a nested block, and `flatten` for a
//! `#[serde(flatten)]` field whose struct's members stand in its place. A field's doc lines are joined with
//! spaces into its description.

use std::collections::BTreeSet;

use tf_provider::schema::{
    Attribute, AttributeConstraint, AttributeType, Block, Description, NestedBlock,
};
use tf_provider::value::Value;

use crate::tf::schema as s;
use crate::tf::value::{OptionalBlock, Plain};

/// A Rust type that stands for a Terraform type.
pub trait TfType {
    fn tf_type() -> AttributeType;

    /// The block this type stands for when a field declares it a nested block (objects only).
    fn block(_description: &str) -> Option<Block> {
        None
    }

    /// The members a flattened field of this type contributes (objects only).
    fn members() -> Vec<Member> {
        Vec::new()
    }
}

impl TfType for String {
    fn tf_type() -> AttributeType {
        AttributeType::String
    }
}

impl TfType for bool {
    fn tf_type() -> AttributeType {
        AttributeType::Bool
    }
}

impl TfType for f64 {
    fn tf_type() -> AttributeType {
        AttributeType::Number
    }
}

impl<T: TfType> TfType for Vec<Value<T>> {
    fn tf_type() -> AttributeType {
        AttributeType::List(Box::new(T::tf_type()))
    }
    fn block(description: &str) -> Option<Block> {
        T::block(description)
    }
}

impl<T: TfType> TfType for BTreeSet<Value<T>> {
    fn tf_type() -> AttributeType {
        AttributeType::Set(Box::new(T::tf_type()))
    }
    fn block(description: &str) -> Option<Block> {
        T::block(description)
    }
}

/// `Value<T>`, and the wrappers around it, are the type they hold.
macro_rules! transparent_tf_type {
    ($($wrapper:ident),*) => {$(
        impl<T: TfType> TfType for $wrapper<T> {
            fn tf_type() -> AttributeType {
                T::tf_type()
            }
            fn block(description: &str) -> Option<Block> {
                T::block(description)
            }
        }
    )*};
}

transparent_tf_type!(Value, OptionalBlock, Plain);

/// How a nested block nests.
#[derive(Debug, Clone, Copy)]
pub enum Mode {
    Single,
    Optional,
    List,
}

/// A member's place in the schema.
#[derive(Debug, Clone)]
pub enum Kind {
    Attribute(AttributeConstraint),
    Block(Mode),
    /// The members of the field's struct, in its place (the field is `#[serde(flatten)]`).
    Flatten,
}

/// The constraints a [`tf_object!`] field may name.
pub mod kind {
    use super::{Kind, Mode};
    use tf_provider::schema::AttributeConstraint as C;

    pub fn required() -> Kind {
        Kind::Attribute(C::Required)
    }
    pub fn optional() -> Kind {
        Kind::Attribute(C::Optional)
    }
    pub fn computed() -> Kind {
        Kind::Attribute(C::Computed)
    }
    pub fn optional_computed() -> Kind {
        Kind::Attribute(C::OptionalComputed)
    }
    pub fn block(mode: Mode) -> Kind {
        Kind::Block(mode)
    }
    pub fn flatten() -> Kind {
        Kind::Flatten
    }
}

/// One attribute or nested block of an object, as [`tf_object!`] declares it.
pub struct Member {
    pub name: &'static str,
    pub tf_type: AttributeType,
    pub role: Role,
}

pub enum Role {
    Attribute(Attribute),
    Block(NestedBlock),
}

/// The members a field declares: one, with its type from `T` and its description from its doc
/// lines, or a flattened struct's.
pub fn field<T: TfType>(name: &'static str, doc: &[&str], kind: Kind) -> Vec<Member> {
    let description = describe(doc);
    let role = match kind {
        Kind::Flatten => return T::members(),
        Kind::Attribute(constraint) => Role::Attribute(Attribute {
            attr_type: T::tf_type(),
            description: Description::markdown(description),
            constraint,
            sensitive: false,
            deprecated: false,
        }),
        Kind::Block(mode) => Role::Block(nested::<T>(mode, &description)),
    };
    vec![Member {
        name,
        tf_type: T::tf_type(),
        role,
    }]
}

/// The nested block of type `T`. A type that is no object gets an undescribed block, which
/// `schema::lint` (run by a unit test over every schema) reports.
pub fn nested<T: TfType>(mode: Mode, description: &str) -> NestedBlock {
    let block = T::block(description).unwrap_or_else(|| s::block("", [], []));
    match mode {
        Mode::Single => NestedBlock::Single(block),
        Mode::Optional => NestedBlock::Optional(block),
        Mode::List => NestedBlock::List(block),
    }
}

/// A doc comment's lines as one description: each line trimmed, joined with spaces.
pub fn describe(doc: &[&str]) -> String {
    doc.iter()
        .map(|line| line.trim())
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The object type of members, where the struct is an object attribute (a data source's
/// `requester_settings`, an element of `approvals`): its attributes. Nested blocks are left
/// out: they exist only where the struct is a block (the `ids` blocks of okta/okta's shape,
/// which the resource's blocks accept only to answer them with an error), and a field declared
/// a block holds null in the object form, which `skip_serializing_if` leaves out.
pub fn object_type(members: &[Member]) -> AttributeType {
    s::object(
        members
            .iter()
            .filter(|m| matches!(m.role, Role::Attribute(_)))
            .map(|m| (m.name, m.tf_type.clone())),
    )
}

/// The block of members, with the given description.
pub fn block_of(description: &str, members: Vec<Member>) -> Block {
    let mut attributes = Vec::new();
    let mut blocks = Vec::new();
    for m in members {
        match m.role {
            Role::Attribute(a) => attributes.push((m.name, a)),
            Role::Block(b) => blocks.push((m.name, b)),
        }
    }
    s::block(description, attributes, blocks)
}

/// Declares a Terraform object once: the struct and its schema. See the module docs.
macro_rules! tf_object {
    (
        $(#[doc = $sdoc:literal])*
        pub struct $name:ident $(: $($extra:ident),+)? {
            $(
                $(#[doc = $doc:expr])*
                $(#[serde($($serde:tt)*)])*
                $f:ident $(as $attr:literal)? : $t:ty => $kind:ident $(($mode:ident))?,
            )*
        }
    ) => {
        $(#[doc = $sdoc])*
        #[derive(
            Debug, Default, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize
            $($(, $extra)+)?
        )]
        #[serde(default)]
        pub struct $name {
            $(
                $(#[doc = $doc])*
                $(#[serde(rename = $attr)])?
                $(#[serde($($serde)*)])*
                pub $f: $t,
            )*
        }

        impl $name {
            /// The attributes and blocks, in declaration order.
            pub fn members() -> Vec<$crate::tf::object::Member> {
                let mut all = Vec::new();
                $(all.extend($crate::tf::object::field::<$t>(
                    $crate::tf::plan::plan_attr_name!($f $(, $attr)?),
                    &[$($doc),*],
                    $crate::tf::object::kind::$kind($($crate::tf::object::Mode::$mode)?),
                ));)*
                all
            }

            /// The schema of a resource or data source whose state this is.
            #[allow(dead_code)]
            pub fn schema(description: &str) -> ::tf_provider::schema::Schema {
                $crate::tf::schema::schema($crate::tf::object::block_of(
                    description,
                    Self::members(),
                ))
            }
        }

        impl $crate::tf::object::TfType for $name {
            fn tf_type() -> ::tf_provider::schema::AttributeType {
                $crate::tf::object::object_type(&Self::members())
            }
            fn block(
                description: &str,
            ) -> Option<::tf_provider::schema::Block> {
                Some($crate::tf::object::block_of(description, Self::members()))
            }
            fn members() -> Vec<$crate::tf::object::Member> {
                $name::members()
            }
        }
    };
}

pub(crate) use tf_object;

#[cfg(test)]
mod tests {
    use super::*;
    use tf_provider::value::Value;

    tf_object! {
        pub struct Inner: Eq {
            /// The inner kind, a value of
            /// two lines.
            kind as "type": Value<String> => required,
        }
    }

    tf_object! {
        pub struct Outer {
            /// An identifier of the outer object.
            id: Value<String> => computed,
            /// Counted things, for the test.
            count: Value<f64> => optional,
            /// Names as a set, for the test.
            names: Value<BTreeSet<Value<String>>> => optional_computed,
            /// The inner block, zero or one.
            inner: OptionalBlock<Inner> => block(Optional),
            /// Inner objects as an attribute.
            inners: Value<Vec<Value<Inner>>> => computed,
        }
    }

    tf_object! {
        pub struct WithFlattened {
            /// The argument the flattened object is found by.
            key: Value<String> => required,
            #[serde(flatten)]
            inner: Inner => flatten,
        }
    }

    #[test]
    fn a_flattened_field_contributes_its_members() {
        let schema = WithFlattened::schema("An object with a flattened one, for the test.");
        let mut names: Vec<_> = schema.block.attributes.keys().cloned().collect();
        names.sort();
        assert_eq!(names, ["key", "type"]);
        let v = serde_json::to_value(WithFlattened::default()).expect("serializes");
        assert_eq!(v, serde_json::json!({"key": null, "type": null}));
    }

    #[test]
    fn one_declaration_gives_struct_schema_and_object_type() {
        let schema = Outer::schema("The outer object, for the test.");
        let attrs = &schema.block.attributes;
        assert_eq!(attrs["id"].constraint, AttributeConstraint::Computed);
        assert_eq!(attrs["count"].attr_type, AttributeType::Number);
        assert_eq!(
            attrs["names"].attr_type,
            AttributeType::Set(Box::new(AttributeType::String))
        );
        assert_eq!(
            attrs["inners"].attr_type,
            AttributeType::List(Box::new(s::object([("type", AttributeType::String)])))
        );
        assert_eq!(
            attrs["id"].description.content,
            "An identifier of the outer object."
        );
        let NestedBlock::Optional(inner) = &schema.block.blocks["inner"] else {
            panic!("inner should be an optional block");
        };
        assert_eq!(inner.description.content, "The inner block, zero or one.");
        assert_eq!(
            inner.attributes["type"].description.content,
            "The inner kind, a value of two lines."
        );
        assert!(!attrs.contains_key("inner"));
        assert!(s::lint("outer", &schema.block).is_empty());
        // serde uses the attribute names.
        let v = serde_json::to_value(Inner {
            kind: Value::Value("X".into()),
        })
        .expect("serializes");
        assert_eq!(v, serde_json::json!({"type": "X"}));
    }
}
