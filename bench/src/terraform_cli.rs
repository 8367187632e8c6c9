//! Where the Terraform CLI is found: the same order and variable as the acceptance-test harness
//! (tests/common/mod.rs) and scripts/install-tools.sh.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

/// The variable that names the Terraform CLI, for the bench as for the acceptance tests.
pub const TERRAFORM_VAR: &str = "OIG_TERRAFORM";

/// The Terraform CLI, found the same way as the acceptance-test harness
/// (tests/common/mod.rs, `terraform_bin`) and scripts/install-tools.sh: `OIG_TERRAFORM` if set,
/// else `terraform` or `tofu` on PATH, else `.tools/bin/terraform`. Change all three together.
pub fn terraform_bin(root: &Path) -> Result<PathBuf> {
    find_terraform(
        std::env::var_os(TERRAFORM_VAR),
        std::env::var_os("PATH"),
        root,
    )
}

fn find_terraform(
    named: Option<std::ffi::OsString>,
    path: Option<std::ffi::OsString>,
    root: &Path,
) -> Result<PathBuf> {
    if let Some(p) = named.filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(p));
    }
    for name in ["terraform", "tofu"] {
        for dir in path.iter().flat_map(std::env::split_paths) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    let local = root.join(".tools/bin/terraform");
    if local.is_file() {
        return Ok(local);
    }
    bail!("no Terraform CLI found: run `make tools` (or set {TERRAFORM_VAR})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terraform_is_found_in_the_harness_order() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b, root) = (
            dir.path().join("a"),
            dir.path().join("b"),
            dir.path().join("r"),
        );
        for d in [&a, &b, &root.join(".tools/bin")] {
            std::fs::create_dir_all(d).unwrap();
        }
        let path = std::env::join_paths([&a, &b]).unwrap();
        // Nothing anywhere: an error that names the variable.
        let err = find_terraform(None, Some(path.clone()), &root).unwrap_err();
        assert!(err.to_string().contains(TERRAFORM_VAR));
        // .tools/bin last.
        std::fs::write(root.join(".tools/bin/terraform"), "").unwrap();
        assert_eq!(
            find_terraform(None, Some(path.clone()), &root).unwrap(),
            root.join(".tools/bin/terraform")
        );
        // tofu on PATH before .tools/bin, terraform on PATH before tofu.
        std::fs::write(a.join("tofu"), "").unwrap();
        assert_eq!(
            find_terraform(None, Some(path.clone()), &root).unwrap(),
            a.join("tofu")
        );
        std::fs::write(b.join("terraform"), "").unwrap();
        assert_eq!(
            find_terraform(None, Some(path.clone()), &root).unwrap(),
            b.join("terraform")
        );
        // The variable first; empty counts as unset.
        let named = Some(std::ffi::OsString::from("/opt/tf"));
        assert_eq!(
            find_terraform(named, Some(path.clone()), &root).unwrap(),
            PathBuf::from("/opt/tf")
        );
        assert_eq!(
            find_terraform(Some("".into()), Some(path), &root).unwrap(),
            b.join("terraform")
        );
    }
}
