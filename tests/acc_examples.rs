//! Every example under `examples/` passes `terraform fmt -check` and `terraform validate`, and
//! every example that manages or reads objects applies against the emulator's demo org and then
//! plans clean (no perpetual diff). The README's snippets are held to the same standard: its
//! only shell commands are `make demo` and `make test`, the make targets it names exist, its HCL
//! validates with the minimum Terraform and version constraint that the tests use, and what it
//! says about `terraform init` holds.

mod common;

use common::conditions::{create_by_hand, everyone_body, transition_by_hand, APP_FULL};
use common::{example_dirs, Emulator, Workdir};

/// Runs terraform with `args` in `w` and panics unless it succeeds: `failure` (what a failure
/// means, of what) and terraform's output.
fn succeeds(w: &Workdir, args: &[&str], failure: &str) {
    let out = w.run(args);
    assert!(
        out.status.success(),
        "{failure}:\n{}",
        common::combined(&out)
    );
}

#[test]
fn examples_are_formatted_and_valid() {
    let dirs = example_dirs();
    assert!(dirs.len() >= 6, "{dirs:?}");
    for dir in dirs {
        let w = Workdir::bare();
        w.copy_example(&dir);
        succeeds(
            &w,
            &["fmt", "-check", "-diff", "-no-color"],
            &format!("examples/{dir} is not formatted"),
        );
        succeeds(
            &w,
            &["validate", "-no-color"],
            &format!("examples/{dir} does not validate"),
        );
    }
}

/// A condition the data-source examples look up, as an admin would have made it by hand.
fn seed_everyone_condition(emu: &Emulator) {
    let c = create_by_hand(emu, APP_FULL, everyone_body("Everyone: permanent access"));
    let id = c["id"].as_str().unwrap_or_default();
    transition_by_hand(emu, APP_FULL, id, "activate");
}

#[test]
fn examples_apply_against_the_demo_org_and_plan_clean() {
    for dir in example_dirs().into_iter().filter(|d| d != "provider") {
        let emu = Emulator::start();
        if dir.starts_with("data-sources/oig_request_condition") {
            seed_everyone_condition(&emu);
        }
        let w = Workdir::new(&emu);
        w.copy_example(&dir);
        succeeds(
            &w,
            &["apply", "-auto-approve", "-no-color", "-input=false"],
            &format!("examples/{dir} does not apply"),
        );
        w.assert_plan_clean_for(&format!("examples/{dir}"));
    }
}

// ---- README: every shell snippet runs in a test or is gone; its HCL and make targets are real.

fn repo_file(rel: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fenced code blocks of a Markdown text: `(language, body)`.
fn fenced_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start().strip_prefix("```")) {
            (None, Some(lang)) => current = Some((lang.trim().to_string(), String::new())),
            (Some(_), Some(_)) => blocks.extend(current.take()),
            (Some((_, body)), None) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, None) => {}
        }
    }
    blocks
}

/// The README's one value for `key = "…"` in its HCL blocks.
fn readme_hcl_value(key: &str) -> String {
    let readme = repo_file("README.md");
    let values: Vec<String> = fenced_blocks(&readme)
        .into_iter()
        .filter(|(lang, _)| lang == "hcl")
        .flat_map(|(_, body)| {
            body.lines()
                .filter_map(|l| {
                    let rest = l.trim().strip_prefix(key)?.trim_start().strip_prefix('=')?;
                    Some(rest.trim().split('"').nth(1)?.to_string())
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(values.len(), 1, "{key} in the README's HCL: {values:?}");
    values[0].clone()
}

/// The README keeps exactly two shell commands, `make demo` and `make test` (the first is the
/// demo script, the second what CI runs); any other shell snippet must come with a test here.
#[test]
fn readme_shell_snippets_are_the_two_setup_commands() {
    let readme = repo_file("README.md");
    let blocks = fenced_blocks(&readme);
    assert!(
        blocks.iter().any(|(l, _)| l == "hcl"),
        "the README's code blocks were found"
    );
    let commands: Vec<String> = blocks
        .iter()
        .filter(|(lang, _)| !matches!(lang.as_str(), "hcl" | "terraform" | "text"))
        .flat_map(|(_, body)| {
            body.lines()
                .map(|l| l.split('#').next().unwrap_or("").trim().to_string())
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(
        commands,
        ["make demo", "make test"],
        "shell snippets in README.md"
    );
}

/// Every `make <target>` the README names is a target of the Makefile.
#[test]
fn readme_make_targets_exist() {
    let readme = repo_file("README.md");
    let makefile = repo_file("Makefile");
    let targets: Vec<&str> = makefile
        .lines()
        .filter_map(|l| l.split_once(':').map(|(t, _)| t))
        .filter(|t| {
            !t.is_empty()
                && t.chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-' || c == '_')
        })
        .collect();
    let mut named = 0;
    for piece in readme.split("`make ").skip(1) {
        let target = piece.split('`').next().unwrap_or("");
        assert!(
            targets.contains(&target),
            "README names `make {target}`, which the Makefile does not have ({targets:?})"
        );
        named += 1;
    }
    assert!(named >= 5, "README names make targets: {named}");
}

/// The install block: the minimum Terraform is the one `make test-oldest-terraform` runs, the
/// version constraint admits this provider's version, and the block validates.
#[test]
fn readme_install_block_is_what_is_tested() {
    let makefile = repo_file("Makefile");
    let oldest = makefile
        .lines()
        .find_map(|l| l.strip_prefix("OLDEST_TERRAFORM := "))
        .expect("OLDEST_TERRAFORM in the Makefile")
        .trim();
    assert_eq!(readme_hcl_value("required_version"), format!(">= {oldest}"));

    let constraint = readme_hcl_value("version");
    let wanted = constraint.strip_prefix("~> ").expect("a ~> constraint");
    let (major, minor) = wanted.split_once('.').expect("~> MAJOR.MINOR");
    assert_eq!(major, env!("CARGO_PKG_VERSION_MAJOR"), "{constraint}");
    let minor: u64 = minor.parse().expect("minor");
    let ours: u64 = env!("CARGO_PKG_VERSION_MINOR").parse().expect("our minor");
    assert!(
        ours >= minor,
        "{constraint} admits {}",
        env!("CARGO_PKG_VERSION")
    );

    let readme = repo_file("README.md");
    for (_, body) in fenced_blocks(&readme)
        .into_iter()
        .filter(|(lang, _)| lang == "hcl")
    {
        let w = Workdir::bare();
        // The configuration snippet reads its token from a variable the user declares.
        let declared = if body.contains("var.okta_api_token") {
            "variable \"okta_api_token\" {\n  type      = string\n  sensitive = true\n}\n"
        } else {
            ""
        };
        std::fs::write(w.path().join("main.tf"), format!("{body}\n{declared}"))
            .expect("write main.tf");
        succeeds(
            &w,
            &["validate", "-no-color"],
            &format!("README snippet does not validate:\n{body}"),
        );
    }
}

/// What the README says about a module of one's own against the emulator: with the provider
/// in a filesystem mirror (as `make install` leaves it) and no dev_overrides, a plan before
/// `terraform init` fails with "Inconsistent dependency lock file", and after `init` the
/// quickstart plans against the emulator.
#[test]
fn readme_a_module_needs_init_before_it_plans() {
    let (_emu, mut w) = Workdir::with_emulator();
    w.use_mirror_only();
    w.copy_example("quickstart");
    let out = w.fails(&["plan", "-no-color", "-input=false"]);
    assert!(
        common::flat(&out).contains("Inconsistent dependency lock file"),
        "{out}"
    );
    w.ok(&["init", "-no-color", "-input=false"]);
    let plan = w.ok(&["plan", "-no-color", "-input=false"]);
    assert!(plan.contains("Plan: "), "{plan}");
}
