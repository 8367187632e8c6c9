//! Day-one experience: the adoption recipe, the quickstart against an emulator restarted from its
//! state file, `terraform init` from a filesystem mirror (no dev_overrides) with the version from
//! Cargo.toml, and the release layout the registry expects.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use common::{Emulator, Workdir, TOKEN};
use serde_json::json;

const APP: &str = "0oaemufull0000000001";
const VERSION: &str = env!("CARGO_PKG_VERSION");

#[test]
fn adopting_every_existing_condition_in_one_plan() {
    let emu = Emulator::start();
    let path = format!("/governance/api/v2/resources/{APP}/request-conditions");
    let bodies = [
        json!({"name": "Everyone", "description": "made by hand", "approvalSequenceId": "61eb0f06c462d20007f05101",
               "requesterSettings": {"type": "EVERYONE"}, "accessScopeSettings": {"type": "RESOURCE_DEFAULT"}}),
        json!({"name": "Engineers", "approvalSequenceId": "61eb0f06c462d20007f05102", "priority": 4,
               "requesterSettings": {"type": "GROUPS", "groups": [{"id": "00gemu00000000000001"}, {"id": "00gemu00000000000002"}]},
               "accessScopeSettings": {"type": "GROUPS", "groups": [{"id": "00gemu00000000000003"}]},
               "accessDurationSettings": {"type": "ADMIN_FIXED_DURATION", "duration": "P2W"}}),
        json!({"name": "Bundles", "approvalSequenceId": "61eb0f06c462d20007f05101",
               "requesterSettings": {"type": "EVERYONE"}, "accessScopeSettings": {"type": "ENTITLEMENT_BUNDLES", "entitlementBundles": [{"id": "enbemu00000000000001"}]},
               "accessDurationSettings": {"type": "REQUESTER_SPECIFIED_DURATION", "maximumDuration": "PT36H"}}),
    ];
    for b in bodies {
        let (st, c) = emu.api("POST", &path, Some(b));
        assert_eq!(st, 201, "{c}");
        if c["name"] == "Everyone" {
            let (st, _) = emu.api(
                "POST",
                &format!("{path}/{}/activate", c["id"].as_str().unwrap_or("")),
                None,
            );
            assert_eq!(st, 200);
        }
    }
    let before = emu.api("GET", &path, None).1;
    let w = Workdir::new(&emu);
    w.copy_example("adopt-existing");
    let plan = w.ok(&["plan", "-no-color", "-input=false"]);
    assert!(
        plan.contains("Plan: 3 to import, 0 to add, 0 to change, 0 to destroy."),
        "{plan}"
    );
    emu.clear_log();
    w.apply();
    assert!(
        emu.log().iter().all(|e| e["method"] == "GET"),
        "adopting writes nothing to Okta"
    );
    assert_eq!(emu.api("GET", &path, None).1["data"], before["data"]);
    w.assert_plan_clean();
    assert_eq!(
        w.output_json()["adopted"]["value"]
            .as_object()
            .map(|m| m.len()),
        Some(3)
    );
}

fn start_emulator(state: &Path) -> (std::process::Child, String) {
    let mut child = Command::new(common::emulator_bin())
        .args(["--listen", "127.0.0.1:0", "--token", TOKEN, "--state"])
        .arg(state)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("emulator starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .expect("listening line")
        .replace("127.0.0.1", common::ORG_HOST);
    (child, url)
}

#[test]
fn the_quickstart_survives_an_emulator_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = dir.path().join("emulator.json");
    let (mut first, url) = start_emulator(&state);
    let mut w = Workdir::bare();
    w.env("OKTA_ORG_URL", &url).env("OKTA_API_TOKEN", TOKEN);
    w.copy_example("quickstart");
    w.apply();
    let _ = first.kill();
    let _ = first.wait();

    // A new process on another port, from the same state file: nothing to change.
    let (mut second, url) = start_emulator(&state);
    w.env("OKTA_ORG_URL", &url);
    let out = w.run(&["plan", "-no-color", "-detailed-exitcode"]);
    let _ = second.kill();
    let _ = second.wait();
    assert_eq!(out.status.code(), Some(0), "{}", common::combined(&out));
}

#[test]
fn init_from_a_filesystem_mirror_reports_the_cargo_version() {
    let (_emu, mut w) = Workdir::with_emulator();
    w.use_mirror_only();
    w.write("provider \"oig\" {}\n\ndata \"oig_org_request_settings\" \"org\" {}\n");
    let init = w.ok(&["init", "-no-color", "-input=false"]);
    assert!(
        init.contains(&format!("Installed oig/oig v{VERSION}")),
        "{init}"
    );
    let version = w.ok(&["version"]);
    assert!(
        version.contains(&format!(
            "provider registry.terraform.io/oig/oig v{VERSION}"
        )),
        "{version}"
    );
    w.apply();
}

#[test]
fn release_layout_matches_the_registry() {
    let dist = tempfile::tempdir().expect("temp dir");
    let out = Command::new("bash")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/release.sh"))
        .env(
            "RELEASE_BINARY",
            env!("CARGO_BIN_EXE_terraform-provider-oig"),
        )
        .env("RELEASE_DIST", dist.path())
        .output()
        .expect("release.sh");
    assert!(out.status.success(), "{}", common::combined(&out));
    let platform = common::platform();
    let zip = dist
        .path()
        .join(format!("terraform-provider-oig_{VERSION}_{platform}.zip"));
    let manifest = dist
        .path()
        .join(format!("terraform-provider-oig_{VERSION}_manifest.json"));
    let sums = dist
        .path()
        .join(format!("terraform-provider-oig_{VERSION}_SHA256SUMS"));
    for f in [&zip, &manifest, &sums] {
        assert!(f.is_file(), "{} missing", f.display());
    }
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap_or_default())
            .expect("manifest JSON");
    assert_eq!(m["metadata"]["protocol_versions"], json!(["6.0"]));
    let check = Command::new("sha256sum")
        .arg("-c")
        .arg(&sums)
        .current_dir(dist.path())
        .output()
        .expect("sha256sum");
    assert!(check.status.success(), "{}", common::combined(&check));
    let list = Command::new("python3")
        .args(["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print([(i.filename, oct(i.external_attr >> 16)) for i in z.infolist()])"])
        .arg(&zip)
        .output()
        .expect("python3");
    let listing = String::from_utf8_lossy(&list.stdout);
    assert!(
        listing.contains(&format!(
            "('terraform-provider-oig_v{VERSION}', '0o100755')"
        )),
        "{listing}"
    );
}
