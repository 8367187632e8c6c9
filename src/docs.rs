//! Generates the registry-layout documentation under `docs/` from the provider's own schema and
//! the files under `examples/`. `make docs` writes it; a test fails when `docs/` is out of date.

use std::collections::BTreeMap;
use std::path::Path;

use tf_provider::schema::{Attribute, AttributeConstraint, AttributeType, Block, NestedBlock};
use tf_provider::{Diagnostics, Provider};

use crate::config::{self, Group, ARGUMENTS};
use crate::provider::OigProvider;

/// Every documentation file: path relative to the repository root, and its content.
pub fn render_all(root: &Path) -> Vec<(String, String)> {
    let provider = OigProvider::new();
    let mut d = Diagnostics::default();
    let mut out = vec![("docs/index.md".to_string(), render_index(root))];
    let resources: BTreeMap<String, _> = Provider::get_resources(&provider, &mut d)
        .unwrap_or_default()
        .into_iter()
        .collect();
    for (name, r) in resources {
        if let Some(schema) = r.schema(&mut d) {
            out.push((
                format!("docs/resources/{name}.md"),
                render_page(root, &name, "Resource", &schema.block),
            ));
        }
    }
    let data_sources: BTreeMap<String, _> = Provider::get_data_sources(&provider, &mut d)
        .unwrap_or_default()
        .into_iter()
        .collect();
    for (name, ds) in data_sources {
        if let Some(schema) = ds.schema(&mut d) {
            out.push((
                format!("docs/data-sources/{name}.md"),
                render_page(root, &name, "Data Source", &schema.block),
            ));
        }
    }
    out
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

fn render_index(root: &Path) -> String {
    let schema = config::schema();
    let mut s = front_matter("Provider: oig", &schema.block.description.content);
    s.push_str("# oig Provider\n\n");
    s.push_str(&schema.block.description.content);
    s.push_str("\n\nIt talks to an Okta org's Identity Governance API (`/governance/api/v1` and `/v2`) or to `oig-emulator`, the local stand-in this project ships for developing and testing modules without a live org.\n\n");
    if let Some(example) = read(root, "examples/provider/provider.tf") {
        s.push_str("## Example Usage\n\n```terraform\n");
        s.push_str(&example);
        s.push_str("\n```\n\n");
    }
    s.push_str(AUTH_SECTION);
    s.push_str(&environment_section());
    s.push_str(&schema_section(&schema.block, "Schema"));
    s
}

/// The environment variable of every argument, and which arguments the configuration takes
/// over as a group.
fn environment_section() -> String {
    let names = |group: Group| {
        let names: Vec<String> = ARGUMENTS
            .iter()
            .filter(|a| a.group == group)
            .map(|a| format!("`{}`", a.name))
            .collect();
        names.join(", ")
    };
    let mut s = format!(
        "\n## Environment variables\n\nEvery argument can come from the environment instead; a value in the configuration wins. Two groups are taken as a whole: when the configuration sets any argument of a group, no argument of that group comes from the environment. The org's address: {}. The credentials: {}.\n\n| Argument | Environment variable |\n| --- | --- |\n",
        names(Group::Org),
        names(Group::Credentials)
    );
    for a in ARGUMENTS {
        s.push_str(&format!("| `{}` | `{}` |\n", a.name, a.env));
    }
    s.push('\n');
    s
}

const AUTH_SECTION: &str = r#"## Authentication

Use exactly one of these; conflicting or missing credentials are reported at plan time.

**API token** (an admin with the `ACCESS_REQUESTS_ADMIN` role):

```terraform
provider "oig" {
  org_name  = "acme"
  base_url  = "okta.com"
  api_token = var.okta_api_token # or OKTA_API_TOKEN
}
```

**OAuth 2.0 service app** (client credentials with a `private_key_jwt` assertion; the app needs
the `okta.accessRequests.condition.*` and `okta.governance.accessRequests.*` scopes):

```terraform
provider "oig" {
  org_name       = "acme"
  client_id      = "0oa1b2c3d4e5f6g7h8i9"
  private_key    = file("service-app.pem") # PEM text or a path; PKCS#1 or PKCS#8
  private_key_id = "kid-1"
  scopes         = ["okta.accessRequests.condition.read", "okta.accessRequests.condition.manage"]
}
```

**Access token** obtained elsewhere (sent as `Bearer`):

```terraform
provider "oig" {
  org_url      = "https://acme.okta.com"
  access_token = var.okta_access_token # or OKTA_ACCESS_TOKEN
}
```

**The local emulator** (`oig-emulator --listen 127.0.0.1:8080 --token dev-token`):

```terraform
provider "oig" {
  org_url   = "http://127.0.0.1:8080" # plain http only to loopback addresses
  api_token = "dev-token"
}
```

Failed calls (5xx, timeouts, dropped connections) are retried up to `max_retries` times; a create
whose outcome is unknown is looked up by its name before it is sent again. A 429 is waited out
until Okta's `X-Rate-Limit-Reset` (up to 5 minutes per call), and `max_api_capacity` keeps the
provider under a share of each rate-limit bucket.
"#;

fn render_page(root: &Path, name: &str, kind: &str, block: &Block) -> String {
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
    s.push_str(&schema_section(block, "Schema"));
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
/// object attribute.
fn schema_section(block: &Block, heading: &str) -> String {
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
            Nested::Object(fields) => {
                s.push_str("Read-Only:\n\n");
                let mut names: Vec<&String> = fields.keys().collect();
                names.sort();
                for n in names {
                    let t = &fields[n];
                    s.push_str(&format!("- `{n}` ({})", type_label(t)));
                    if let Some(inner) = object_fields(t) {
                        let p = format!("{path}.{n}");
                        s.push_str(&format!(
                            " (see [below for nested schema](#{}))",
                            anchor(&p)
                        ));
                        nested.push((p, Nested::Object(inner.clone())));
                    }
                    s.push('\n');
                }
            }
        }
    }
    s
}

enum Nested {
    Block(Block),
    Object(std::collections::HashMap<String, AttributeType>),
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
        line.push_str(&format!(") {}", a.description.content));
        if let Some(fields) = object_fields(&a.attr_type) {
            let p = format!("{prefix}{name}");
            line.push_str(&format!(
                " (see [below for nested schema](#{}))",
                anchor(&p)
            ));
            nested.push((p, Nested::Object(fields.clone())));
        }
        match a.constraint {
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
