//! The acceptance-test harness: a real Terraform CLI, the freshly built provider through
//! `dev_overrides`, and an `oig-emulator` of its own per test, each in its own temp dir so that
//! tests run in parallel safely.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

pub mod client;
pub mod conditions;
mod emulator;
pub mod faults;
pub mod hostile;
pub mod requests;
pub mod settings;
mod workdir;

#[allow(unused_imports)]
pub use emulator::{Emulator, OAUTH_CLIENT_ID, ORG_HOST};
#[allow(unused_imports)]
pub use workdir::Workdir;

/// A provider block and the org settings data source, shown as the output `settings`.
pub const SETTINGS_HCL: &str = r#"
provider "oig" {}

data "oig_org_request_settings" "this" {}

output "settings" {
  value = data.oig_org_request_settings.this
}
"#;

pub const TOKEN: &str = "00test-token-aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v";

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// The emulator binary, built once per test run (it is another package of the workspace, so
/// cargo does not build it for this package's tests on its own).
pub fn emulator_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "-p",
                "oig-emulator",
                "--bin",
                "oig-emulator",
            ])
            .current_dir(workspace_root())
            .status()
            .expect("cargo build of oig-emulator could not start");
        assert!(status.success(), "building oig-emulator failed");
        target_dir().join("debug").join("oig-emulator")
    })
}

/// The Terraform CLI: `OIG_TERRAFORM` if set, else `terraform` or `tofu` on PATH, else the
/// project's own install (`.tools/bin/terraform`, made by `make tools`).
pub fn terraform_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("OIG_TERRAFORM").filter(|p| !p.is_empty()) {
            return PathBuf::from(p);
        }
        for name in ["terraform", "tofu"] {
            if let Some(paths) = std::env::var_os("PATH") {
                for dir in std::env::split_paths(&paths) {
                    let candidate = dir.join(name);
                    if candidate.is_file() {
                        return candidate;
                    }
                }
            }
        }
        let local = workspace_root().join(".tools/bin/terraform");
        assert!(
            local.is_file(),
            "no Terraform CLI found: run `make tools` (or set OIG_TERRAFORM)"
        );
        local
    })
}

/// Panics if `log` holds any of `secrets`, or any 16-character piece of one (a secret cut or
/// wrapped in the log still counts).
pub fn assert_no_secrets(log: &str, secrets: &[String], what: &str) {
    for secret in secrets {
        let chars: Vec<char> = secret.chars().filter(|c| !c.is_whitespace()).collect();
        let pieces: Vec<String> = if chars.len() <= 16 {
            vec![chars.iter().collect()]
        } else {
            chars
                .windows(16)
                .step_by(8)
                .map(|w| w.iter().collect())
                .collect()
        };
        for piece in pieces {
            assert!(
                !log.contains(&piece),
                "{what}: a secret leaked into the trace log ({}…)",
                &piece[..4]
            );
        }
    }
}

pub fn combined(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Terraform's name of this machine's platform: `linux_amd64`, `darwin_arm64`, …
pub fn platform() -> String {
    format!(
        "{}_{}",
        std::env::consts::OS,
        match std::env::consts::ARCH {
            "x86_64" => "amd64",
            "aarch64" => "arm64",
            other => other,
        }
    )
}

/// Panics unless `text` contains each of `expected`, naming the one it lacks.
pub fn assert_contains_all(text: &str, expected: &[&str]) {
    for e in expected {
        assert!(text.contains(e), "{e:?} is not in:\n{text}");
    }
}

/// Terraform wraps diagnostics at 78 columns: compare text with whitespace runs collapsed.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The example directories under `examples/`, relative to it.
pub fn example_dirs() -> Vec<String> {
    let root = workspace_root().join("examples");
    let mut out = Vec::new();
    for group in ["resources", "data-sources"] {
        if let Ok(entries) = std::fs::read_dir(root.join(group)) {
            for e in entries.flatten() {
                out.push(format!("{group}/{}", e.file_name().to_string_lossy()));
            }
        }
    }
    out.push("provider".into());
    out.push("quickstart".into());
    out.push("adopt-existing".into());
    out.sort();
    out
}
