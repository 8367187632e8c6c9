//! docs/ is generated from the provider's schema and examples/ (`make docs`): this fails when
//! it is out of date, or holds a page for something the provider no longer has.

use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn docs_are_up_to_date() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = terraform_provider_oig::docs::render_all(root);
    let mut stale = Vec::new();
    for (rel, content) in &pages {
        if std::fs::read_to_string(root.join(rel)).ok().as_deref() != Some(content.as_str()) {
            stale.push(rel.clone());
        }
    }
    assert!(
        stale.is_empty(),
        "docs/ is out of date, run `make docs`: {stale:?}"
    );

    let generated: BTreeSet<&str> = pages.iter().map(|(rel, _)| rel.as_str()).collect();
    for dir in ["docs/resources", "docs/data-sources"] {
        for entry in std::fs::read_dir(root.join(dir))
            .into_iter()
            .flatten()
            .flatten()
        {
            let rel = format!("{dir}/{}", entry.file_name().to_string_lossy());
            assert!(
                generated.contains(rel.as_str()),
                "{rel} documents nothing the provider has: remove it"
            );
        }
    }
}

#[test]
fn every_page_has_front_matter_example_and_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (rel, content) in terraform_provider_oig::docs::render_all(root) {
        assert!(
            content.starts_with("---\npage_title: "),
            "{rel}: front matter"
        );
        assert!(
            content.contains("## Example Usage\n\n```terraform\n"),
            "{rel}: example from examples/"
        );
        assert!(content.contains("## Schema"), "{rel}: schema section");
        if let Some(name) = rel
            .strip_prefix("docs/resources/")
            .and_then(|n| n.strip_suffix(".md"))
        {
            // Every resource that can be imported documents how (oig_request_message cannot:
            // messages are create-only).
            let import_sh = root.join(format!("examples/resources/oig_{name}/import.sh"));
            assert_eq!(
                content.contains("## Import"),
                import_sh.is_file(),
                "{rel}: import section from import.sh"
            );
            if name != "request_message" {
                assert!(
                    import_sh.is_file(),
                    "{rel}: examples/resources/oig_{name}/import.sh is missing"
                );
            }
        }
    }
}

/// Every attribute, block and nested field — including the fields of object-typed attributes,
/// which carry no description of their own — is described in the docs.
#[test]
fn every_nested_attribute_is_described() {
    let missing = terraform_provider_oig::docs::missing_descriptions();
    assert!(
        missing.is_empty(),
        "described nowhere (give the attribute a description, or the object field a doc comment in its tf_object! declaration, or an entry in OBJECT_FIELDS of src/docs/fields.rs):\n{}",
        missing.join("\n")
    );
}
