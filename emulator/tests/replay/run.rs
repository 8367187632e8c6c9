//! Replays one recorded scenario against a fresh emulator and reports the differences that
//! its `deliberate` entries do not cover.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::time::Duration;

use serde_json::Value;

use super::common::{Emu, TOKEN};
use super::compare::{
    check_timeline, compare, diff, learn_ids, pattern_covers, show, Diff, Rewrite, Seen,
};
use super::{load_json, replay_dir};

#[derive(Debug)]
struct StepDiff {
    step: usize,
    request: String,
    diff: Diff,
    deliberate: Option<String>,
}

pub struct Deliberate {
    path: String,
    steps: Option<BTreeSet<usize>>,
    why: String,
    used: bool,
}

pub fn deliberate_entries(doc: &Value) -> Vec<Deliberate> {
    doc["deliberate"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|d| {
                    let path = d["path"].as_str().expect("deliberate.path").to_string();
                    let why = d["why"].as_str().expect("deliberate.why").to_string();
                    assert!(!why.trim().is_empty(), "deliberate {path}: no reason given");
                    let steps = match &d["steps"] {
                        Value::Null => None,
                        Value::Array(s) => Some(
                            s.iter()
                                .map(|n| n.as_u64().expect("step") as usize)
                                .collect(),
                        ),
                        other => panic!("deliberate {path}: steps must be a list, not {other}"),
                    };
                    Deliberate {
                        path,
                        steps,
                        why,
                        used: false,
                    }
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The emulator's port, from its base URL (`http://127.0.0.1:PORT`).
fn port_of(base: &str) -> u16 {
    base.rsplit(':')
        .next()
        .and_then(|p| p.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("no port in {base}"))
}

pub async fn replay(file: &str) {
    let doc = load_json(&replay_dir().join(file));
    let scenario = doc["scenario"].as_str().expect("scenario").to_string();
    let recorded_host = doc["recordedHost"].as_str().expect("recordedHost");
    let recorded_admin = doc["recordedAdminOrigin"]
        .as_str()
        .expect("recordedAdminOrigin");
    let label = recorded_host.split('.').next().expect("host label");

    let fixtures = replay_dir().join("fixtures.json");
    let emu = Emu::start_with(&["--fixtures", fixtures.to_str().expect("utf-8 path")]).await;
    let port = port_of(&emu.base);
    // Requests go to the org's own host name, so that links can be checked on its -admin twin.
    let org_host = format!("{label}.localhost");
    let org_origin = format!("http://{org_host}:{port}");
    let admin_origin = format!("http://{label}-admin.localhost:{port}");
    let http = reqwest::Client::builder()
        .resolve(&org_host, SocketAddr::from(([127, 0, 0, 1], port)))
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");

    let mut rw = Rewrite {
        origins: vec![
            (recorded_admin.to_string(), admin_origin.clone()),
            (format!("https://{recorded_host}"), org_origin.clone()),
        ],
        ids: BTreeMap::new(),
    };
    let mut found: Vec<StepDiff> = Vec::new();
    let mut timeline: BTreeMap<String, Seen> = BTreeMap::new();
    let steps = doc["steps"].as_array().expect("steps");
    assert!(!steps.is_empty(), "{file}: no steps");

    for (n, step) in steps.iter().enumerate() {
        let method = step["method"].as_str().expect("method");
        let path = rw.apply(step["path"].as_str().expect("path"));
        let request = format!("{method} {path}");
        let mut rb = http
            .request(
                reqwest::Method::from_bytes(method.as_bytes()).expect("method"),
                format!("{org_origin}{path}"),
            )
            .header("Authorization", format!("SSWS {TOKEN}"))
            .header("Accept", "application/json");
        if let Some(body) = step.get("body") {
            rb = rb.json(body);
        }
        let resp = rb
            .send()
            .await
            .unwrap_or_else(|e| panic!("{scenario} step {n} {request}: {e}"));
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body");
        let mut diffs = Vec::new();

        let want_status = step["status"].as_u64().expect("status") as u16;
        if status != want_status {
            diffs.push(diff(
                "status",
                want_status.to_string(),
                format!("{status} {}", show(&Value::String(text.clone()))),
            ));
        } else {
            let recorded = &step["response"];
            if recorded.is_null() {
                if !text.is_empty() {
                    diffs.push(diff("$", "empty body", show(&Value::String(text.clone()))));
                }
            } else {
                match serde_json::from_str::<Value>(&text) {
                    Err(e) => diffs.push(diff(
                        "$",
                        "a JSON body",
                        format!("not JSON ({e}): {}", show(&Value::String(text.clone()))),
                    )),
                    Ok(body) => {
                        learn_ids(&mut rw, recorded, &body, &mut diffs);
                        compare(&rw, recorded, &body, "$", "", &mut diffs);
                        check_timeline(&mut timeline, n, method, recorded, &body, &mut diffs);
                    }
                }
                let ct = headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                if !ct.starts_with("application/json") {
                    diffs.push(diff("header:Content-Type", "application/json", ct));
                }
            }
            if let Some(loc) = step["headers"].get("Location") {
                assert_eq!(loc["origin"], "admin-twin", "{file}: Location origin");
                let want = format!(
                    "{admin_origin}{}",
                    rw.apply(loc["path"].as_str().expect("Location.path"))
                );
                let got: Vec<&str> = headers
                    .get_all("location")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .collect();
                if got != [want.as_str()] {
                    diffs.push(diff(
                        "header:Location",
                        want,
                        if got.is_empty() {
                            "absent".to_string()
                        } else {
                            got.join(", ")
                        },
                    ));
                }
            }
        }
        for d in diffs {
            found.push(StepDiff {
                step: n,
                request: request.clone(),
                diff: d,
                deliberate: None,
            });
        }
    }

    // Deliberate differences.
    let mut deliberate = deliberate_entries(&doc);
    for f in &mut found {
        if let Some(d) = deliberate.iter_mut().find(|d| {
            pattern_covers(&d.path, &f.diff.path)
                && d.steps.as_ref().is_none_or(|s| s.contains(&f.step))
        }) {
            d.used = true;
            f.deliberate = Some(d.why.clone());
        }
    }

    if let Ok(out) = std::env::var("REPLAY_DIFFS_OUT") {
        let mut lines = String::new();
        for f in &found {
            let _ = writeln!(
                lines,
                "- {scenario} | step {} {} | {} | recorded {} | emulator {}{}",
                f.step,
                f.request,
                f.diff.path,
                f.diff.recorded,
                f.diff.emulator,
                f.deliberate
                    .as_ref()
                    .map(|w| format!(" | deliberate: {w}"))
                    .unwrap_or_default()
            );
        }
        use std::io::Write as _;
        let mut fh = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&out)
            .expect("REPLAY_DIFFS_OUT");
        fh.write_all(lines.as_bytes())
            .expect("write REPLAY_DIFFS_OUT");
    }

    let mut report = String::new();
    for f in found.iter().filter(|f| f.deliberate.is_none()) {
        let _ = writeln!(
            report,
            "  step {} {}\n      {}: recorded {}\n      {}  emulator {}",
            f.step,
            f.request,
            f.diff.path,
            f.diff.recorded,
            " ".repeat(f.diff.path.len()),
            f.diff.emulator
        );
    }
    for f in found.iter().filter(|f| f.deliberate.is_some()) {
        eprintln!(
            "{scenario}: step {} {}: {} differs deliberately ({})",
            f.step,
            f.request,
            f.diff.path,
            f.deliberate.as_deref().unwrap_or("")
        );
    }
    for d in deliberate.iter().filter(|d| !d.used) {
        let _ = writeln!(
            report,
            "  deliberate entry {:?} matched no difference: remove it ({})",
            d.path, d.why
        );
    }
    assert!(
        report.is_empty(),
        "replay of {scenario} ({file}) differs from the recording:\n{report}"
    );
}
