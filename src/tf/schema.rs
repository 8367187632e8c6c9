//! Schema builders. Every attribute states its type, its constraint and a real description:
//! tf-provider's `Default` for an attribute is an `Any` typed attribute described as "empty".

use std::collections::HashMap;

use tf_provider::schema::{
    Attribute, AttributeConstraint, AttributeType, Block, Description, NestedBlock, Schema,
};

fn attr(attr_type: AttributeType, constraint: AttributeConstraint, description: &str) -> Attribute {
    Attribute {
        attr_type,
        description: Description::markdown(description),
        constraint,
        sensitive: false,
        deprecated: false,
    }
}

pub fn required(attr_type: AttributeType, description: &str) -> Attribute {
    attr(attr_type, AttributeConstraint::Required, description)
}

pub fn optional(attr_type: AttributeType, description: &str) -> Attribute {
    attr(attr_type, AttributeConstraint::Optional, description)
}

pub fn optional_computed(attr_type: AttributeType, description: &str) -> Attribute {
    attr(
        attr_type,
        AttributeConstraint::OptionalComputed,
        description,
    )
}

pub fn computed(attr_type: AttributeType, description: &str) -> Attribute {
    attr(attr_type, AttributeConstraint::Computed, description)
}

pub fn sensitive(mut attribute: Attribute) -> Attribute {
    attribute.sensitive = true;
    attribute
}

pub fn string_list() -> AttributeType {
    AttributeType::List(Box::new(AttributeType::String))
}

/// An object type from `(name, type)` pairs.
pub fn object<'a>(fields: impl IntoIterator<Item = (&'a str, AttributeType)>) -> AttributeType {
    AttributeType::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

pub fn block<'a>(
    description: &str,
    attributes: impl IntoIterator<Item = (&'a str, Attribute)>,
    blocks: impl IntoIterator<Item = (&'a str, NestedBlock)>,
) -> Block {
    Block {
        version: 0,
        attributes: attributes
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<HashMap<_, _>>(),
        blocks: blocks
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<HashMap<_, _>>(),
        description: Description::markdown(description),
        deprecated: false,
    }
}

pub fn schema(block: Block) -> Schema {
    Schema { version: 0, block }
}

/// Problems that make a schema unfit for Terraform or for the generated docs: a missing
/// description, an untyped attribute, nested-attribute types (which Terraform rejects next to a
/// type), or a nested block without a description. Returns one line per problem.
pub fn lint(name: &str, block: &Block) -> Vec<String> {
    let mut problems = Vec::new();
    lint_block(name, block, &mut problems);
    problems
}

fn lint_block(path: &str, block: &Block, problems: &mut Vec<String>) {
    if block.description.content.trim().is_empty() || block.description.content == "empty" {
        problems.push(format!("{path}: block has no description"));
    }
    for (name, a) in &block.attributes {
        let p = format!("{path}.{name}");
        let d = a.description.content.trim();
        if d.is_empty() || d == "empty" || d.len() < 12 {
            problems.push(format!("{p}: attribute has no real description"));
        }
        if !type_ok(&a.attr_type) {
            problems.push(format!(
                "{p}: attribute type is Any or a nested-attribute type"
            ));
        }
    }
    for (name, nb) in &block.blocks {
        lint_block(&format!("{path}.{name}"), inner_block(nb), problems);
    }
}

/// The block inside a nested block, whatever its nesting.
pub fn inner_block(nb: &NestedBlock) -> &Block {
    match nb {
        NestedBlock::Single(b)
        | NestedBlock::Optional(b)
        | NestedBlock::List(b)
        | NestedBlock::Set(b)
        | NestedBlock::Map(b)
        | NestedBlock::Group(b) => b,
    }
}

fn type_ok(t: &AttributeType) -> bool {
    match t {
        AttributeType::String | AttributeType::Number | AttributeType::Bool => true,
        AttributeType::List(t) | AttributeType::Set(t) | AttributeType::Map(t) => type_ok(t),
        AttributeType::Object(fields) => fields.values().all(type_ok),
        AttributeType::Tuple(items) => items.iter().all(type_ok),
        AttributeType::Any
        | AttributeType::AttributeSingle(_)
        | AttributeType::AttributeList(_)
        | AttributeType::AttributeSet(_)
        | AttributeType::AttributeMap(_) => false,
    }
}
