//! The provider with the real Terraform CLI against hostile input (issue 16): private keys that
//! lost their line breaks, and the provider's exit when Terraform is killed.

mod common;

use std::time::{Duration, Instant};

use common::hostile::{Hostile, Reply, TOKEN};
use common::{Emulator, Workdir, OAUTH_CLIENT_ID};

const SETTINGS_HCL: &str = r#"
provider "oig" {}

data "oig_org_request_settings" "this" {}
"#;

/// OKTA_API_PRIVATE_KEY as CI variables carry it — newlines as a literal `\n`, or as spaces —
/// is read; a broken one fails with a message in our own words that quotes no part of the key.
#[test]
fn private_keys_without_line_breaks_are_read_and_never_printed() {
    let (emu, pem, _keys) = Emulator::start_oauth();
    let workdir = |key: &str| {
        let mut w = Workdir::bare();
        w.env("OKTA_ORG_URL", &emu.url)
            .env("OKTA_API_CLIENT_ID", OAUTH_CLIENT_ID)
            .env("OKTA_API_PRIVATE_KEY", key);
        w.write(SETTINGS_HCL);
        w
    };
    let literal = pem.trim_end().replace('\n', "\\n");
    let spaces = pem.trim_end().replace('\n', " ");
    for key in [&literal, &spaces] {
        workdir(key).ok(&["plan", "-input=false"]);
    }
    assert!(
        emu.log().iter().any(|e| e["path"] == "/oauth2/v1/token"),
        "the keys were used to get a token"
    );

    // The shape of issue 16's report: literal `\n`, END line lost.
    let broken = literal
        .rsplit_once("\\n-----END")
        .map(|(head, _)| head.to_string())
        .unwrap_or_default();
    let out = workdir(&broken).fails(&["plan", "-input=false"]);
    let text = common::flat(&out);
    assert!(text.contains("Invalid value for private_key"), "{out}");
    assert!(
        text.contains("its -----END PRIVATE KEY----- line is missing"),
        "{out}"
    );
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    for piece in body.as_bytes().chunks(16) {
        let piece = std::str::from_utf8(piece).unwrap_or_default();
        assert!(
            !out.contains(piece),
            "a piece of the key reached the output: {out}"
        );
    }
    assert!(!out.contains("[45, 45"), "no byte list: {out}");
}

/// `kill -9` of Terraform in the middle of a plan: the provider process exits within seconds
/// instead of living on. (Before: seen alive minutes later.)
#[test]
fn the_provider_exits_when_terraform_is_killed() {
    // A server that never answers keeps the provider busy in a data source read.
    let server = Hostile::start(|_, _| Reply::Hang);
    let mut w = Workdir::bare();
    w.env("OKTA_ORG_URL", &server.url)
        .env("OKTA_API_TOKEN", TOKEN)
        .env("OKTA_REQUEST_TIMEOUT", "600")
        .env("TF_LOG", "off");
    w.write(SETTINGS_HCL);
    let mut terraform = w
        .command(&["plan", "-input=false"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("terraform");
    let tf_pid = terraform.id();
    let deadline = Instant::now() + Duration::from_secs(60);
    while server.requests().is_empty() {
        assert!(
            Instant::now() < deadline,
            "the provider never called the server"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let providers = children_named(tf_pid, "terraform-provi");
    assert!(
        !providers.is_empty(),
        "no provider process under terraform {tf_pid}"
    );
    terraform.kill().expect("kill -9 terraform");
    let _ = terraform.wait();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let alive: Vec<u32> = providers.iter().copied().filter(|p| running(*p)).collect();
        if alive.is_empty() {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "provider processes {alive:?} still alive 10 s after terraform was killed"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Processes whose parent is `parent` and whose name starts with `name` (Linux /proc).
fn children_named(parent: u32, name: &str) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                return false;
            };
            // pid (comm) state ppid …; comm may hold spaces, so split after the last ')'.
            let Some((head, rest)) = stat.rsplit_once(')') else {
                return false;
            };
            let comm = head.split_once('(').map(|(_, c)| c).unwrap_or("");
            let ppid = rest
                .split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<u32>().ok());
            comm.starts_with(name) && ppid == Some(parent)
        })
        .collect()
}

/// Whether `pid` is a live process (a zombie has exited).
fn running(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|s| {
            s.rsplit_once(')')
                .map(|(_, rest)| rest.trim_start().to_string())
        })
        .is_some_and(|rest| !rest.starts_with('Z') && !rest.starts_with('X'))
}
