//! Concurrency under rate limits, with the real Terraform CLI: 300 conditions across 10
//! resources at -parallelism=20 complete with zero errors while other clients drain the same
//! buckets (forcing 429s), and `max_api_capacity = 50` keeps the provider under half of every
//! bucket in every window (counted from the emulator's log). Both run with every overlapping
//! write on one resource's conditions answered 409 Conflict, as live Okta may answer them.

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::{Emulator, Workdir, TOKEN};
use serde_json::{json, Value};

const SEQ: &str = "61eb0f06c462d20007f05101";

fn app(i: usize) -> String {
    format!("0oaconc{i:013}")
}

/// Ten apps that allow everyone and the default scope.
fn fixtures() -> Value {
    let resources: Vec<Value> = (0..10)
        .map(|i| {
            json!({"id": app(i), "requestSettings": {
                "validAccessScopeSettings": [{"type": "RESOURCE_DEFAULT"}],
                "validRequesterSettings": [{"type": "EVERYONE"}],
                "validAccessDurationSettings": {"required": false, "maximumDays": 90, "maximumHours": 72, "maximumWeeks": 12, "supportedTypes": []},
                "validRiskSettings": {"supportedTypes": []},
                "validRequestOnBehalfOfSettings": []
            }})
        })
        .collect();
    json!({"resources": resources, "approvalSequences": [SEQ], "users": ["00uconc0000000000001"]})
}

fn many_conditions(n: usize) -> String {
    format!(
        r#"provider "oig" {{}}

locals {{
  apps = [{}]
}}

resource "oig_request_condition" "c" {{
  count                = {n}
  resource_id          = local.apps[count.index % 10]
  name                 = "condition ${{count.index}}"
  approval_sequence_id = "{SEQ}"
  requester_settings {{
    type = "EVERYONE"
  }}
  access_scope_settings {{
    type = "RESOURCE_DEFAULT"
  }}
}}
"#,
        (0..10)
            .map(|i| format!("\"{}\"", app(i)))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn total_conditions(emu: &Emulator) -> usize {
    (0..10)
        .map(|i| {
            let (_, body) = emu.api(
                "GET",
                &format!("/governance/api/v2/resources/{}/request-conditions", app(i)),
                None,
            );
            body["data"].as_array().map(Vec::len).unwrap_or(0)
        })
        .sum()
}

/// Calls of the provider (entries without the `neighbour` marker) per (bucket, window).
fn usage(log: &[Value]) -> BTreeMap<(String, i64), usize> {
    let mut m = BTreeMap::new();
    for e in log {
        if e["query"].as_str().is_some_and(|q| q.contains("neighbour")) {
            continue;
        }
        if let Some(reset) = e["rateLimitReset"].as_i64() {
            *m.entry((e["bucket"].as_str().unwrap_or("").to_string(), reset))
                .or_insert(0) += 1;
        }
    }
    m
}

/// Applies at `-parallelism=20`: whether it succeeded, and its output.
fn apply_parallel(w: &Workdir) -> (bool, String) {
    let out = w.run(&[
        "apply",
        "-auto-approve",
        "-no-color",
        "-input=false",
        "-parallelism=20",
    ]);
    (out.status.success(), common::combined(&out))
}

/// The end of a long output, for a panic message.
fn tail(text: &str) -> &str {
    &text[text.len().saturating_sub(3000)..]
}

#[test]
fn three_hundred_conditions_through_429s_with_no_error() {
    let emu = Emulator::with_fixtures(
        &fixtures(),
        &[
            "--rate-limit",
            "200",
            "--rate-limit-window-secs",
            "3",
            "--conflict-rate",
            "1.0",
            // Writes overlap (and so meet 409s) only while one is in flight: at 0 ms they rarely do.
            "--latency-ms",
            "20",
        ],
    );
    let w = Workdir::new(&emu);
    w.write(&many_conditions(300));

    // Okta also answers 429 when the org's concurrency limit is hit, whatever the bucket says:
    // 63 of those on creates, each with its own reset a second away …
    // (the neighbour only uses app 0, so these are the provider's)
    for i in 1..10 {
        let prefix = format!("/governance/api/v2/resources/{}/request-conditions", app(i));
        emu.fault(json!({"method": "POST", "pathPrefix": prefix, "status": 429, "count": 7}));
    }
    // … while another client of the org drains the create bucket in bursts.
    let stop = Arc::new(AtomicBool::new(false));
    let neighbour = {
        let stop = stop.clone();
        let url = format!(
            "{}/governance/api/v2/resources/{}/request-conditions?neighbour=1",
            emu.ip_url,
            app(0)
        );
        std::thread::spawn(move || {
            let http = reqwest::blocking::Client::new();
            let mut sent = 0u32;
            while !stop.load(Ordering::Relaxed) && sent < 5_000 {
                for _ in 0..60 {
                    let _ = http
                        .post(&url)
                        .header("Authorization", format!("SSWS {TOKEN}"))
                        .json(&json!({}))
                        .send();
                    sent += 1;
                }
                std::thread::sleep(Duration::from_millis(1500));
            }
        })
    };
    let (ok, text) = apply_parallel(&w);
    stop.store(true, Ordering::Relaxed);
    let _ = neighbour.join();
    assert!(
        ok,
        "the apply must complete with no error:\n{}",
        tail(&text)
    );
    assert!(!text.contains("Error:"), "no error surfaced to the user");
    assert_eq!(total_conditions(&emu), 300);

    let log = emu.log();
    let provider_429s = log
        .iter()
        .filter(|e| {
            e["status"] == 429 && !e["query"].as_str().is_some_and(|q| q.contains("neighbour"))
        })
        .count();
    let neighbour_429s = log
        .iter()
        .filter(|e| {
            e["status"] == 429 && e["query"].as_str().is_some_and(|q| q.contains("neighbour"))
        })
        .count();
    println!("429s seen by the provider: {provider_429s}; by the neighbour: {neighbour_429s}; errors surfaced: 0");
    assert!(
        provider_429s >= 63,
        "the provider must actually have run into 429s ({provider_429s})"
    );
    let conflicts = log.iter().filter(|e| e["status"] == 409).count();
    println!("409s seen by the provider: {conflicts}");
    assert!(
        conflicts > 0,
        "the provider must actually have run into 409s"
    );
    let in_state = w.state_resources().len();
    assert_eq!(in_state, 300, "every condition is in state");
}

#[test]
fn max_api_capacity_keeps_the_provider_under_half_of_each_bucket() {
    let limit = 40usize;
    let emu = Emulator::with_fixtures(
        &fixtures(),
        &[
            "--rate-limit",
            &limit.to_string(),
            "--rate-limit-window-secs",
            "2",
            "--conflict-rate",
            "1.0",
        ],
    );
    let mut w = Workdir::new(&emu);
    w.env("OKTA_MAX_API_CAPACITY", "50");
    w.write(&many_conditions(300));
    let (ok, text) = apply_parallel(&w);
    assert!(ok, "{}", tail(&text));
    assert_eq!(total_conditions(&emu), 300);
    let log = emu.log();
    assert_eq!(
        log.iter().filter(|e| e["status"] == 429).count(),
        0,
        "staying under half of the limit means no 429"
    );
    let per_window = usage(&log);
    let busiest = per_window.values().copied().max().unwrap_or(0);
    println!(
        "busiest window: {busiest} calls of {limit} allowed ({} windows)",
        per_window.len()
    );
    for ((bucket, reset), n) in &per_window {
        assert!(
            *n <= limit / 2,
            "{bucket} used {n} of {limit} in the window ending {reset}"
        );
    }
    assert!(
        busiest >= limit / 4,
        "the provider should use most of its share, not crawl ({busiest})"
    );
}
