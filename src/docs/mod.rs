//! Generates the registry-layout documentation under `docs/` from the provider's own schema and
//! the files under `examples/`. `make docs` writes it; a test fails when `docs/` is out of date.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use tf_provider::schema::{Attribute, AttributeConstraint, AttributeType, Block, NestedBlock};
use tf_provider::{Diagnostics, Provider};

use crate::provider::OigProvider;
use crate::tf::schema::inner_block;

mod fields;
mod index;

use fields::{declared_description, OBJECT_FIELDS};
use index::render_index;

/// Every resource's and data source's schema, by kind ("Resource" / "Data Source") and name.
struct Schemas {
    resources: BTreeMap<String, Block>,
    data_sources: BTreeMap<String, Block>,
}

impl Schemas {
    fn of_provider() -> Schemas {
        let provider = OigProvider::new();
        let mut d = Diagnostics::default();
        let resources = Provider::get_resources(&provider, &mut d)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(name, r)| Some((name, r.schema(&mut d)?.block)))
            .collect();
        let data_sources = Provider::get_data_sources(&provider, &mut d)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(name, ds)| Some((name, ds.schema(&mut d)?.block)))
            .collect();
        Schemas {
            resources,
            data_sources,
        }
    }

    /// The description of the field at `path` (dot-separated) of an object-typed attribute of
    /// `name`'s schema. An object type carries no descriptions of its own, so they come from
    /// where the same field is an attribute with one: the resource or data source of the same
    /// name, or of the singular name for a list data source (`request_conditions.conditions.x`
    /// is `request_condition`'s `x`), then [`OBJECT_FIELDS`], then the doc comment of the field in the
    /// declared object of the same type (`object`: the fields of the object that holds it).
    fn field_description(
        &self,
        name: &str,
        path: &str,
        object: &HashMap<String, AttributeType>,
    ) -> Option<String> {
        let singular = name.strip_suffix('s').unwrap_or(name);
        let tail = path.split_once('.').map(|(_, t)| t);
        // The same path in the same name; the path inside the list in the singular name.
        let mut candidates = vec![(name, path)];
        if let (true, Some(tail)) = (singular != name, tail) {
            candidates.push((singular, tail));
        }
        for (n, p) in candidates {
            for block in [self.resources.get(n), self.data_sources.get(n)]
                .into_iter()
                .flatten()
            {
                if let Some(d) = described_at(block, p) {
                    return Some(d);
                }
            }
        }
        let mut segments = path.rsplit('.');
        let field = segments.next()?;
        let parent = segments.next()?;
        let key = format!("{parent}.{field}");
        OBJECT_FIELDS
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, d)| d.to_string())
            .or_else(|| declared_description(object, field))
    }
}

/// The non-empty description of the attribute or block at `path` through nested blocks of
/// `block`.
fn described_at(block: &Block, path: &str) -> Option<String> {
    let (first, rest) = match path.split_once('.') {
        Some((f, r)) => (f, Some(r)),
        None => (path, None),
    };
    let inner = block.blocks.get(first).map(inner_block);
    match rest {
        None => block
            .attributes
            .get(first)
            .map(|a| a.description.content.clone())
            .or_else(|| inner.map(|b| b.description.content.clone()))
            .filter(|d| !d.trim().is_empty()),
        Some(rest) => described_at(inner?, rest),
    }
}

/// Every documentation file: path relative to the repository root, and its content.
pub fn render_all(root: &Path) -> Vec<(String, String)> {
    let schemas = Schemas::of_provider();
    let mut out = vec![("docs/index.md".to_string(), render_index(root, &schemas))];
    for (name, block) in &schemas.resources {
        out.push((
            format!("docs/resources/{name}.md"),
            render_page(root, &schemas, name, "Resource", block),
        ));
    }
    for (name, block) in &schemas.data_sources {
        out.push((
            format!("docs/data-sources/{name}.md"),
            render_page(root, &schemas, name, "Data Source", block),
        ));
    }
    out
}

/// Every attribute, nested attribute, object field and block of every page that the generated
/// docs would show without a description (`page: path`), and every entry of [`OBJECT_FIELDS`]
/// that describes nothing. Empty when the docs describe everything.
pub fn missing_descriptions() -> Vec<String> {
    let schemas = Schemas::of_provider();
    let mut missing = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    let pages = schemas
        .resources
        .iter()
        .map(|(n, b)| (format!("resource oig_{n}"), n, b))
        .chain(
            schemas
                .data_sources
                .iter()
                .map(|(n, b)| (format!("data source oig_{n}"), n, b)),
        );
    for (page, name, block) in pages {
        let mut items = Vec::new();
        collect_items(block, "", &mut items);
        for (path, description, object) in items {
            let object_field = object.is_some();
            let found = match &object {
                Some(object) => schemas.field_description(name, &path, object),
                None => Some(description).filter(|d| !d.trim().is_empty()),
            };
            match found {
                Some(d) if object_field => {
                    used.insert(d);
                }
                Some(_) => {}
                None => missing.push(format!("{page}: {path}")),
            }
        }
    }
    for (key, d) in OBJECT_FIELDS {
        if !used.contains(*d) {
            missing.push(format!("OBJECT_FIELDS entry {key} describes no field"));
        }
    }
    missing
}

/// (path, description, the object that holds it if it is an object field) of every attribute,
/// block and object field.
type Item = (String, String, Option<HashMap<String, AttributeType>>);

fn collect_items(block: &Block, prefix: &str, out: &mut Vec<Item>) {
    for (name, a) in &block.attributes {
        let path = format!("{prefix}{name}");
        out.push((path.clone(), a.description.content.clone(), None));
        collect_fields(&a.attr_type, &path, out);
    }
    for (name, nb) in &block.blocks {
        let b = inner_block(nb);
        let path = format!("{prefix}{name}");
        out.push((path.clone(), b.description.content.clone(), None));
        collect_items(b, &format!("{path}."), out);
    }
}

fn collect_fields(t: &AttributeType, path: &str, out: &mut Vec<Item>) {
    if let Some(fields) = object_fields(t) {
        for (n, ft) in fields {
            let p = format!("{path}.{n}");
            out.push((p.clone(), String::new(), Some(fields.clone())));
            collect_fields(ft, &p, out);
        }
    }
}

fn read(root: &Path, rel: &str) -> Option<String> {
    std::fs::read_to_string(root.join(rel))
        .ok()
        .map(|s| s.trim_end().to_string())
}

fn front_matter(title: &str, description: &str) -> String {
    let first = first_sentence(description);
    format!("---\npage_title: \"{title}\"\nsubcategory: \"\"\ndescription: |-\n  {first}\n---\n\n")
}

fn first_sentence(text: &str) -> String {
    let text = text.replace('\n', " ");
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text,
    }
}

fn render_page(root: &Path, schemas: &Schemas, name: &str, kind: &str, block: &Block) -> String {
    let type_name = format!("oig_{name}");
    let mut s = front_matter(
        &format!("{type_name} {kind} - terraform-provider-oig"),
        &block.description.content,
    );
    s.push_str(&format!(
        "# {type_name} ({kind})\n\n{}\n\n",
        block.description.content
    ));
    let dir = if kind == "Resource" {
        "resources"
    } else {
        "data-sources"
    };
    let file = if kind == "Resource" {
        "resource.tf"
    } else {
        "data-source.tf"
    };
    if let Some(example) = read(root, &format!("examples/{dir}/{type_name}/{file}")) {
        s.push_str("## Example Usage\n\n```terraform\n");
        s.push_str(&example);
        s.push_str("\n```\n\n");
    }
    s.push_str(&schema_section(schemas, name, block, "Schema"));
    if kind == "Resource" {
        if let Some(import) = read(root, &format!("examples/{dir}/{type_name}/import.sh")) {
            s.push_str(&import_section(&import));
        }
    }
    s
}

/// The Import section: an `import` block (Terraform 1.5 and later) made from each
/// `terraform import ADDRESS ID` line of the example's `import.sh`, then the CLI form itself, so
/// the two can never disagree.
fn import_section(import_sh: &str) -> String {
    let blocks: Vec<String> = import_sh
        .lines()
        .filter_map(|l| l.trim().strip_prefix("terraform import "))
        .filter_map(|rest| rest.split_once(' '))
        .map(|(to, id)| format!("import {{\n  to = {to}\n  id = \"{}\"\n}}", id.trim()))
        .collect();
    let mut s = String::from("\n## Import\n\n");
    if !blocks.is_empty() {
        s.push_str("In Terraform 1.5 and later, use an `import` block:\n\n```terraform\n");
        s.push_str(&blocks.join("\n\n"));
        s.push_str("\n```\n\nOr use the `terraform import` command:\n\n");
    } else {
        s.push_str("Import is supported using the following syntax:\n\n");
    }
    s.push_str("```shell\n");
    s.push_str(import_sh);
    s.push_str("\n```\n");
    s
}

fn type_label(t: &AttributeType) -> String {
    match t {
        AttributeType::String => "String".into(),
        AttributeType::Number => "Number".into(),
        AttributeType::Bool => "Boolean".into(),
        AttributeType::List(inner) => format!("List of {}", type_label(inner)),
        AttributeType::Set(inner) => format!("Set of {}", type_label(inner)),
        AttributeType::Map(inner) => format!("Map of {}", type_label(inner)),
        AttributeType::Object(_) => "Object".into(),
        _ => "Dynamic".into(),
    }
}

/// The object type inside an attribute type (`Object`, `List of Object`), if any.
fn object_fields(t: &AttributeType) -> Option<&std::collections::HashMap<String, AttributeType>> {
    match t {
        AttributeType::Object(fields) => Some(fields),
        AttributeType::List(inner) | AttributeType::Set(inner) | AttributeType::Map(inner) => {
            object_fields(inner)
        }
        _ => None,
    }
}

fn anchor(path: &str) -> String {
    format!("nestedschema--{}", path.replace('.', "--"))
}

/// The Required / Optional / Read-Only lists of a block, then one section per nested block or
/// object attribute. `name` is the resource's or data source's, for the descriptions of
/// object fields ([`Schemas::field_description`]).
fn schema_section(schemas: &Schemas, name: &str, block: &Block, heading: &str) -> String {
    let mut s = format!("## {heading}\n\n");
    let mut nested: Vec<(String, Nested)> = Vec::new();
    s.push_str(&block_lists(block, "", &mut nested));
    while !nested.is_empty() {
        let (path, item) = nested.remove(0);
        s.push_str(&format!(
            "\n<a id=\"{}\"></a>\n### Nested Schema for `{path}`\n\n",
            anchor(&path)
        ));
        match item {
            Nested::Block(b) => {
                let mut more = Vec::new();
                s.push_str(&block_lists(&b, &format!("{path}."), &mut more));
                nested.extend(more);
            }
            Nested::Object(fields, of) => {
                // An object's fields are all set together: the user writes every one of them
                // when the object is an argument, and Okta sets them when it is read-only.
                s.push_str(match of.constraint {
                    AttributeConstraint::Computed => "Read-Only:\n\n",
                    _ => "Required (each object sets every field):\n\n",
                });
                let mut names: Vec<&String> = fields.keys().collect();
                names.sort();
                for n in names {
                    let t = &fields[n];
                    let p = format!("{path}.{n}");
                    s.push_str(&format!("- `{n}` ({}", type_label(t)));
                    if of.sensitive {
                        s.push_str(", Sensitive");
                    }
                    s.push(')');
                    if let Some(d) = schemas.field_description(name, &p, &fields) {
                        s.push(' ');
                        s.push_str(&d);
                    }
                    if let Some(inner) = object_fields(t) {
                        s.push_str(&format!(
                            " (see [below for nested schema](#{}))",
                            anchor(&p)
                        ));
                        nested.push((p, Nested::Object(inner.clone(), of.clone())));
                    }
                    s.push('\n');
                }
            }
        }
    }
    s
}

/// What an object attribute is: its constraint and sensitivity hold for each of its fields.
#[derive(Clone)]
struct ObjectOf {
    constraint: AttributeConstraint,
    sensitive: bool,
}

/// The start of the description of an argument that the schema marks optional and the
/// resource's validation requires (see `block_lists`).
pub const REQUIRED_BY_VALIDATION: &str = "Required. ";

enum Nested {
    Block(Block),
    Object(std::collections::HashMap<String, AttributeType>, ObjectOf),
}

fn block_lists(block: &Block, prefix: &str, nested: &mut Vec<(String, Nested)>) -> String {
    let mut required = Vec::new();
    let mut optional = Vec::new();
    let mut read_only = Vec::new();
    let mut names: Vec<&String> = block.attributes.keys().collect();
    names.sort();
    for name in names {
        let a: &Attribute = &block.attributes[name];
        let mut line = format!("- `{name}` ({}", type_label(&a.attr_type));
        if a.sensitive {
            line.push_str(", Sensitive");
        }
        // An argument optional in the schema only so that `validate` can explain its absence
        // (an okta/okta-shaped configuration) says so with a leading "Required. ": it is listed
        // where users look for it.
        let required_by_validation = a.constraint == AttributeConstraint::Optional
            && a.description.content.starts_with(REQUIRED_BY_VALIDATION);
        let description = a
            .description
            .content
            .strip_prefix(REQUIRED_BY_VALIDATION)
            .unwrap_or(&a.description.content);
        line.push_str(&format!(") {description}"));
        if let Some(fields) = object_fields(&a.attr_type) {
            let p = format!("{prefix}{name}");
            line.push_str(&format!(
                " (see [below for nested schema](#{}))",
                anchor(&p)
            ));
            let of = ObjectOf {
                constraint: a.constraint.clone(),
                sensitive: a.sensitive,
            };
            nested.push((p, Nested::Object(fields.clone(), of)));
        }
        match a.constraint {
            _ if required_by_validation => required.push(line),
            AttributeConstraint::Required => required.push(line),
            AttributeConstraint::Optional | AttributeConstraint::OptionalComputed => {
                optional.push(line)
            }
            AttributeConstraint::Computed => read_only.push(line),
        }
    }
    let mut block_names: Vec<&String> = block.blocks.keys().collect();
    block_names.sort();
    for name in block_names {
        let (inner, label, is_required) = match &block.blocks[name] {
            NestedBlock::Single(b) => (b, "Block, Required", true),
            NestedBlock::Optional(b) => (b, "Block List, Max: 1", false),
            NestedBlock::List(b) => (b, "Block List", false),
            NestedBlock::Set(b) => (b, "Block Set", false),
            NestedBlock::Map(b) => (b, "Block Map", false),
            NestedBlock::Group(b) => (b, "Block", false),
        };
        let p = format!("{prefix}{name}");
        let line = format!(
            "- `{name}` ({label}) {} (see [below for nested schema](#{}))",
            inner.description.content,
            anchor(&p)
        );
        nested.push((p, Nested::Block(inner.clone())));
        if is_required {
            required.push(line);
        } else {
            optional.push(line);
        }
    }
    let mut s = String::new();
    for (title, lines) in [
        ("Required", required),
        ("Optional", optional),
        ("Read-Only", read_only),
    ] {
        if !lines.is_empty() {
            s.push_str(&format!("### {title}\n\n{}\n\n", lines.join("\n")));
        }
    }
    // Inside nested sections the titles are plain paragraphs, as the registry renders them.
    if !prefix.is_empty() {
        s = s
            .replace("### Required", "Required:")
            .replace("### Optional", "Optional:")
            .replace("### Read-Only", "Read-Only:");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::import_section;

    #[test]
    fn the_import_block_is_made_from_the_cli_line() {
        let s = import_section(
            "# A request condition is imported as <resource_id>/<request_condition_id>.\nterraform import oig_request_condition.everyone 0oa1/rco2",
        );
        assert!(s.contains(
            "```terraform\nimport {\n  to = oig_request_condition.everyone\n  id = \"0oa1/rco2\"\n}\n```"
        ));
        assert!(s.contains("```shell\n# A request condition"));
        let plain = import_section("# nothing to import by command");
        assert!(!plain.contains("import {"));
    }
}
