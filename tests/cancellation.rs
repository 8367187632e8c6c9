//! Ctrl-C during a long apply: Terraform stops starting new operations, waits for those in
//! flight, and saves state. Every condition whose create Okta acknowledged is in state; the next
//! apply converges.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Emulator, Workdir};

const APP: &str = "0oaemufull0000000001";

#[test]
fn interrupt_during_apply_loses_nothing() {
    let emu = Emulator::start_with(&["--latency-ms", "300"]);
    let w = Workdir::new(&emu);
    w.write(&format!(
        r#"provider "oig" {{}}

resource "oig_request_condition" "c" {{
  count                = 40
  resource_id          = "{APP}"
  name                 = "interrupted ${{count.index}}"
  approval_sequence_id = "61eb0f06c462d20007f05101"
  status               = "ACTIVE"
  requester_settings {{
    type = "EVERYONE"
  }}
  access_scope_settings {{
    type = "RESOURCE_DEFAULT"
  }}
}}
"#
    ));
    let mut child = w
        .command(&[
            "apply",
            "-auto-approve",
            "-no-color",
            "-input=false",
            "-parallelism=4",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("terraform starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut seen = Vec::new();
    let started = Instant::now();
    // Interrupt once a few creates have completed, as a user pressing Ctrl-C would.
    while let Some(Ok(line)) = lines.next() {
        seen.push(line.clone());
        if line.contains("Creation complete")
            && seen
                .iter()
                .filter(|l| l.contains("Creation complete"))
                .count()
                >= 4
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "apply never made progress:\n{}",
            seen.join("\n")
        );
    }
    let pid = child.id().to_string();
    let kill = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(kill.success());
    seen.extend(lines.map_while(Result::ok));
    let status = child.wait().expect("terraform exits");
    let text = seen.join("\n");
    assert!(
        !status.success(),
        "an interrupted apply exits non-zero:\n{text}"
    );
    assert!(
        text.contains("Interrupt received") || text.contains("Stopping operation"),
        "Terraform saw the interrupt:\n{text}"
    );

    let (_, list) = emu.api(
        "GET",
        &format!("/governance/api/v2/resources/{APP}/request-conditions"),
        None,
    );
    let in_okta: Vec<(String, String)> = list["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["id"].as_str().unwrap_or("").to_string(),
                c["name"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let in_state: Vec<String> = w
        .state_resources()
        .iter()
        .map(|r| r["values"]["id"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(
        !in_okta.is_empty() && in_okta.len() < 40,
        "the interrupt stopped the apply part way ({} created)",
        in_okta.len()
    );
    for (id, name) in &in_okta {
        assert!(
            in_state.contains(id),
            "{name} ({id}) exists in Okta but Terraform lost it"
        );
    }
    println!(
        "created before the interrupt: {}; in state: {}",
        in_okta.len(),
        in_state.len()
    );

    // The next apply finishes the job: 40 conditions, no duplicate.
    w.apply();
    let (_, list) = emu.api(
        "GET",
        &format!("/governance/api/v2/resources/{APP}/request-conditions"),
        None,
    );
    let mut names: Vec<&str> = list["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(names.len(), 40);
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 40, "no duplicates");
    w.assert_plan_clean();
}
