//! Replay suite: exchanges recorded against live Okta orgs, replayed against the emulator.
//!
//! Each `tests/replay/*.json` scenario holds, in order, the requests a recorded test sent and
//! the responses live Okta gave (transcribed from okta/terraform-provider-okta's VCR
//! cassettes, see `tests/replay/README.md`). Every scenario starts its own emulator seeded
//! with `tests/replay/fixtures.json`, sends each recorded request and compares:
//!
//! * the status code;
//! * the body's keys, recursively: a key live Okta omits must be absent (a `null` in its
//!   place is a difference), a key live Okta sends must be present;
//! * lists without regard to order (live Okta shuffles the `valid*` lists);
//! * values, except those the server generates: `created` / `lastUpdated` are checked for
//!   their format only (`2025-09-17T18:23:59Z`, no fraction of a second); `id`,
//!   `createdBy` and `lastUpdatedBy` are mapped from the recorded value to the emulator's the
//!   first time they are seen, and must stay consistent afterwards; later paths, links and
//!   headers use the emulator's IDs;
//! * links: the recorded `-admin` origin stands for the emulator's `-admin` twin of the host
//!   the request was sent to (requests go to `<org>.localhost:PORT`, so links are expected on
//!   `http://<org>-admin.localhost:PORT`); a recorded `Location` must be present with the same
//!   path on that origin;
//! * a JSON body comes with a JSON content type, a recorded empty body (204) stays empty.
//!
//! A difference listed in the scenario's `deliberate` entries is reported but does not fail
//! the test; a `deliberate` entry that matches no difference fails it (the list stays honest).
//! With `REPLAY_DIFFS_OUT=<file>` every difference found is appended to that file as one line.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{Emu, TOKEN};
use serde_json::{json, Value};

fn replay_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/replay")
}

fn load_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("cannot parse {}: {e}", path.display()))
}

// ---------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------

/// One difference between the recording and the emulator.
#[derive(Debug, Clone, PartialEq)]
struct Diff {
    path: String,
    recorded: String,
    emulator: String,
}

fn diff(path: &str, recorded: impl Into<String>, emulator: impl Into<String>) -> Diff {
    Diff {
        path: path.to_string(),
        recorded: recorded.into(),
        emulator: emulator.into(),
    }
}

fn show(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 300 {
        format!(
            "{}…",
            &s[..s.char_indices().nth(300).map_or(s.len(), |(i, _)| i)]
        )
    } else {
        s
    }
}

/// Keys whose values the server generates and that are compared by format only.
const TIMESTAMP_KEYS: &[&str] = &["created", "lastUpdated"];
/// Keys whose recorded value is mapped to the emulator's value on first sight.
const MAPPED_KEYS: &[&str] = &["id", "createdBy", "lastUpdatedBy"];

/// `2025-09-17T18:23:59Z`: seconds precision, UTC designator, nothing else.
fn is_okta_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b'T',
            13 | 16 => *c == b':',
            19 => *c == b'Z',
            _ => c.is_ascii_digit(),
        })
}

/// What turns recorded values into the values expected from the emulator.
#[derive(Debug, Default, Clone)]
struct Rewrite {
    /// Recorded string → emulator string: origins first, then IDs.
    origins: Vec<(String, String)>,
    ids: BTreeMap<String, String>,
}

impl Rewrite {
    fn apply(&self, s: &str) -> String {
        let mut out = s.to_string();
        for (from, to) in &self.origins {
            out = out.replace(from, to);
        }
        for (from, to) in &self.ids {
            out = out.replace(from, to);
        }
        out
    }
}

fn join_key(path: &str, key: &str) -> String {
    format!("{path}.{key}")
}

/// Compares a recorded JSON value with the emulator's; appends the differences to `out`.
fn compare(rw: &Rewrite, rec: &Value, emu: &Value, path: &str, key: &str, out: &mut Vec<Diff>) {
    match (rec, emu) {
        (Value::Object(r), Value::Object(e)) => {
            for (k, rv) in r {
                let p = join_key(path, k);
                match e.get(k) {
                    None => out.push(diff(&p, show(rv), "absent")),
                    Some(ev) => compare(rw, rv, ev, &p, k, out),
                }
            }
            for (k, ev) in e {
                if !r.contains_key(k) {
                    out.push(diff(&join_key(path, k), "absent", show(ev)));
                }
            }
        }
        (Value::Array(r), Value::Array(e)) => compare_unordered(rw, r, e, path, key, out),
        (Value::String(r), Value::String(e)) if TIMESTAMP_KEYS.contains(&key) => {
            if !is_okta_timestamp(e) {
                out.push(diff(
                    path,
                    format!("timestamp like {r:?} (seconds, Z)"),
                    format!("{e:?}"),
                ));
            }
        }
        (Value::String(r), Value::String(e)) => {
            let want = rw.apply(r);
            if &want != e {
                out.push(diff(path, format!("{want:?}"), format!("{e:?}")));
            }
        }
        (r, e) => {
            // Numbers, booleans, null, or different JSON types.
            if r != e {
                out.push(diff(path, show(r), show(e)));
            }
        }
    }
}

/// Lists are compared as multisets: each recorded element must match one emulator element.
fn compare_unordered(
    rw: &Rewrite,
    rec: &[Value],
    emu: &[Value],
    path: &str,
    key: &str,
    out: &mut Vec<Diff>,
) {
    let mut used = vec![false; emu.len()];
    let mut unmatched_rec = Vec::new();
    for (i, rv) in rec.iter().enumerate() {
        let found = (0..emu.len()).find(|&j| {
            if used[j] {
                return false;
            }
            let mut d = Vec::new();
            compare(rw, rv, &emu[j], "", key, &mut d);
            d.is_empty()
        });
        match found {
            Some(j) => used[j] = true,
            None => unmatched_rec.push(i),
        }
    }
    let unmatched_emu: Vec<usize> = (0..emu.len()).filter(|&j| !used[j]).collect();
    if unmatched_rec.len() == unmatched_emu.len() {
        // Same count on both sides: pair them up and show the detailed differences.
        for (&i, &j) in unmatched_rec.iter().zip(&unmatched_emu) {
            compare(rw, &rec[i], &emu[j], &format!("{path}[{i}]"), key, out);
        }
        return;
    }
    for &i in &unmatched_rec {
        out.push(diff(
            &format!("{path}[{i}]"),
            show(&rec[i]),
            "no matching element",
        ));
    }
    for &j in &unmatched_emu {
        out.push(diff(&format!("{path}[{j}]"), "absent", show(&emu[j])));
    }
}

/// Learns the mapping from recorded generated values to the emulator's (top level only).
fn learn_ids(rw: &mut Rewrite, rec: &Value, emu: &Value, out: &mut Vec<Diff>) {
    for key in MAPPED_KEYS {
        let (Some(r), Some(e)) = (
            rec.get(*key).and_then(Value::as_str),
            emu.get(*key).and_then(Value::as_str),
        ) else {
            continue;
        };
        if rw.ids.contains_key(r) {
            continue;
        }
        if *key == "id" && rw.ids.iter().any(|(from, to)| to == e && from != r) {
            out.push(diff(
                &format!("$.{key}"),
                format!("a new ID (recorded {r:?} is new)"),
                format!("{e:?}, already given to an earlier object"),
            ));
            continue;
        }
        rw.ids.insert(r.to_string(), e.to_string());
    }
}

/// The last observation of one object (by the emulator's ID) in a scenario.
#[derive(Debug, Clone)]
struct Seen {
    step: usize,
    rec_last: String,
    emu_created: String,
    emu_last: String,
}

/// Timestamps across steps, as the recording shows them: `created` never changes, a read
/// does not move `lastUpdated` (the recording shows the same value as the step before), a
/// write never moves it back, and `created <= lastUpdated`. (Seconds precision: a write
/// within the same second may legitimately leave `lastUpdated` unchanged.)
fn check_timeline(
    timeline: &mut BTreeMap<String, Seen>,
    step: usize,
    method: &str,
    rec: &Value,
    emu: &Value,
    out: &mut Vec<Diff>,
) {
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let (Some(id), Some(rec_last), Some(emu_created), Some(emu_last)) = (
        s(emu, "id"),
        s(rec, "lastUpdated"),
        s(emu, "created"),
        s(emu, "lastUpdated"),
    ) else {
        return;
    };
    if emu_created > emu_last {
        out.push(diff(
            "$.lastUpdated",
            "not before created",
            format!("{emu_last:?} < created {emu_created:?}"),
        ));
    }
    if let Some(prev) = timeline.get(&id) {
        if emu_created != prev.emu_created {
            out.push(diff(
                "$.created",
                format!(
                    "unchanged since step {} ({:?})",
                    prev.step, prev.emu_created
                ),
                format!("{emu_created:?}"),
            ));
        }
        if method == "GET" && rec_last == prev.rec_last && emu_last != prev.emu_last {
            out.push(diff(
                "$.lastUpdated",
                format!(
                    "unchanged by a read since step {} ({:?})",
                    prev.step, prev.emu_last
                ),
                format!("{emu_last:?}"),
            ));
        }
        if rec_last >= prev.rec_last && emu_last < prev.emu_last {
            out.push(diff(
                "$.lastUpdated",
                format!("not before step {}'s {:?}", prev.step, prev.emu_last),
                format!("{emu_last:?}"),
            ));
        }
    }
    timeline.insert(
        id,
        Seen {
            step,
            rec_last,
            emu_created,
            emu_last,
        },
    );
}

/// Does a deliberate-difference pattern cover this diff path?
/// `[*]` matches any index; a pattern also covers everything below it.
fn pattern_covers(pattern: &str, path: &str) -> bool {
    fn matches_at(p: &[u8], s: &[u8]) -> Option<usize> {
        // Returns how much of `s` the whole pattern consumed.
        let (mut i, mut j) = (0, 0);
        while i < p.len() {
            if p[i..].starts_with(b"[*]") {
                if j >= s.len() || s[j] != b'[' {
                    return None;
                }
                let close = s[j..].iter().position(|&c| c == b']')?;
                i += 3;
                j += close + 1;
            } else {
                if j >= s.len() || p[i] != s[j] {
                    return None;
                }
                i += 1;
                j += 1;
            }
        }
        Some(j)
    }
    match matches_at(pattern.as_bytes(), path.as_bytes()) {
        Some(n) if n == path.len() => true,
        Some(n) => matches!(path.as_bytes()[n], b'.' | b'['),
        None => false,
    }
}

// ---------------------------------------------------------------------------
// Replay
// ---------------------------------------------------------------------------

#[derive(Debug)]
struct StepDiff {
    step: usize,
    request: String,
    diff: Diff,
    deliberate: Option<String>,
}

struct Deliberate {
    path: String,
    steps: Option<BTreeSet<usize>>,
    why: String,
    used: bool,
}

fn deliberate_entries(doc: &Value) -> Vec<Deliberate> {
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

async fn replay(file: &str) {
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

// ---------------------------------------------------------------------------
// Scenarios: one test each
// ---------------------------------------------------------------------------

/// Every scenario file, and the test that replays it.
const SCENARIOS: &[&str] = &[
    "condition_basic.oie-00.json",
    "condition_basic.classic-00.json",
    "condition_status.oie-00.json",
    "condition_issue2510.oie-00.json",
    "condition_issue2510.classic-00.json",
    "condition_issue2780.oie-00.json",
    "condition_data_source_read.oie-00.json",
    "resource_settings_basic.oie-00.json",
    "resource_settings_data_source_read.oie-00.json",
    "org_settings_basic.oie-00.json",
    "org_settings_data_source_read.oie-00.json",
];

#[tokio::test]
async fn condition_basic_oie() {
    replay(SCENARIOS[0]).await;
}

#[tokio::test]
async fn condition_basic_classic() {
    replay(SCENARIOS[1]).await;
}

#[tokio::test]
async fn condition_status_changes() {
    replay(SCENARIOS[2]).await;
}

#[tokio::test]
async fn condition_groups_issue2510_oie() {
    replay(SCENARIOS[3]).await;
}

#[tokio::test]
async fn condition_groups_issue2510_classic() {
    replay(SCENARIOS[4]).await;
}

#[tokio::test]
async fn condition_moved_to_another_resource_issue2780() {
    replay(SCENARIOS[5]).await;
}

#[tokio::test]
async fn condition_data_source_read() {
    replay(SCENARIOS[6]).await;
}

#[tokio::test]
async fn resource_settings_adopt_change_clear() {
    replay(SCENARIOS[7]).await;
}

#[tokio::test]
async fn resource_settings_data_source_read() {
    replay(SCENARIOS[8]).await;
}

#[tokio::test]
async fn org_settings_resource_read() {
    replay(SCENARIOS[9]).await;
}

#[tokio::test]
async fn org_settings_data_source_read() {
    replay(SCENARIOS[10]).await;
}

/// Collects, for every list of two or more elements, the order it came in (by JSON path).
fn list_orders(v: &Value, path: &str, out: &mut BTreeMap<String, BTreeSet<String>>) {
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, x)| list_orders(x, &join_key(path, k), out)),
        Value::Array(a) if a.len() >= 2 => {
            out.entry(path.to_string())
                .or_default()
                .insert(v.to_string());
        }
        _ => {}
    }
}

/// The recordings show the `valid*` lists in a new order from one call to the next; the
/// emulator does the same by default. For every list that the recorded reads show in more
/// than one order, the same read repeated against the emulator must show more than one order
/// too (40 reads: the chance that a fair shuffle of two elements never changes is 2^-39).
#[tokio::test]
async fn recorded_list_orders_vary() {
    let mut checked = 0;
    for file in SCENARIOS {
        let doc = load_json(&replay_dir().join(file));
        // Reads of one path, before any write: the recording's orders per list.
        let mut by_path: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
        for step in doc["steps"].as_array().expect("steps") {
            if step["method"] != "GET" {
                break;
            }
            let path = step["path"].as_str().expect("path").to_string();
            list_orders(&step["response"], "$", by_path.entry(path).or_default());
        }
        for (path, orders) in by_path {
            let varying: Vec<String> = orders
                .into_iter()
                .filter(|(_, o)| o.len() > 1)
                .map(|(p, _)| p)
                .collect();
            if varying.is_empty() {
                continue;
            }
            let fixtures = replay_dir().join("fixtures.json");
            let emu =
                Emu::start_with(&["--fixtures", fixtures.to_str().expect("utf-8 path")]).await;
            let mut seen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
            for _ in 0..40 {
                let r = emu
                    .http
                    .get(emu.url(&path))
                    .header("Authorization", format!("SSWS {TOKEN}"))
                    .send()
                    .await
                    .expect("GET");
                assert_eq!(r.status().as_u16(), 200, "{file}: GET {path}");
                let body: Value = r.json().await.expect("JSON");
                list_orders(&body, "$", &mut seen);
            }
            for list in &varying {
                let n = seen.get(list).map_or(0, BTreeSet::len);
                assert!(
                    n > 1,
                    "{file}: GET {path}: {list} came back in one order in 40 reads; \
                     the recording shows it in a new order from call to call"
                );
                checked += 1;
            }
        }
    }
    assert!(
        checked > 0,
        "no recorded list changes order: nothing was checked"
    );
}

// ---------------------------------------------------------------------------
// The suite's own checks
// ---------------------------------------------------------------------------

/// Every scenario file in the directory is replayed, and every listed one exists and is
/// well-formed.
#[test]
fn every_scenario_file_is_replayed() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(replay_dir())
        .expect("replay dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && n != "fixtures.json")
        .collect();
    let listed: BTreeSet<String> = SCENARIOS.iter().map(|s| s.to_string()).collect();
    assert_eq!(on_disk, listed, "scenario files vs SCENARIOS");
    for file in SCENARIOS {
        let doc = load_json(&replay_dir().join(file));
        for key in ["scenario", "source", "recordedHost", "recordedAdminOrigin"] {
            assert!(doc[key].is_string(), "{file}: {key}");
        }
        assert!(
            doc["source"]
                .as_str()
                .is_some_and(|s| s.starts_with("okta/terraform-provider-okta ")),
            "{file}: source"
        );
        let _ = deliberate_entries(&doc);
        for (n, step) in doc["steps"].as_array().expect("steps").iter().enumerate() {
            assert!(step["method"].is_string(), "{file} step {n}: method");
            assert!(
                step["path"].as_str().is_some_and(|p| p.starts_with('/')),
                "{file} step {n}: path"
            );
            assert!(step["status"].is_u64(), "{file} step {n}: status");
            assert!(step.get("response").is_some(), "{file} step {n}: response");
            // Recorded timestamps are the format the emulator is held to.
            for key in TIMESTAMP_KEYS {
                if let Some(t) = step["response"].get(*key) {
                    assert!(
                        t.as_str().is_some_and(is_okta_timestamp),
                        "{file} step {n}: {key} {t}"
                    );
                }
            }
        }
    }
}

/// The seed holds every app, approval sequence and group the recorded requests name.
#[test]
fn fixtures_hold_every_recorded_id() {
    let fx = load_json(&replay_dir().join("fixtures.json"));
    let set = |key: &str| -> BTreeSet<String> {
        fx[key]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().or_else(|| v["id"].as_str()).map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let apps = set("resources");
    let seqs = set("approvalSequences");
    let groups = set("groups");
    fn walk(v: &Value, key: &str, out: &mut Vec<(String, String)>) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, x)| walk(x, k, out)),
            Value::Array(a) => a.iter().for_each(|x| walk(x, key, out)),
            Value::String(s) => out.push((key.to_string(), s.clone())),
            _ => {}
        }
    }
    for file in SCENARIOS {
        let doc = load_json(&replay_dir().join(file));
        for step in doc["steps"].as_array().expect("steps") {
            let path = step["path"].as_str().expect("path");
            if let Some(rest) = path.strip_prefix("/governance/api/v2/resources/") {
                let app = rest.split('/').next().unwrap_or_default();
                assert!(apps.contains(app), "{file}: app {app} not in fixtures");
            }
            let mut strings = Vec::new();
            walk(&step["body"], "", &mut strings);
            for (key, s) in strings {
                if key == "approvalSequenceId" {
                    assert!(seqs.contains(&s), "{file}: sequence {s} not in fixtures");
                }
                if key == "id" && s.starts_with("00g") {
                    assert!(groups.contains(&s), "{file}: group {s} not in fixtures");
                }
            }
        }
    }
}

/// The comparison itself finds what it is meant to find.
#[test]
fn comparison_finds_differences() {
    let rw = Rewrite {
        origins: vec![(
            "https://x-admin.okta.com".into(),
            "http://x-admin.localhost:1".into(),
        )],
        ids: BTreeMap::from([("rcoREC".to_string(), "rcoEMU".to_string())]),
    };
    let run = |rec: Value, emu: Value| {
        let mut out = Vec::new();
        compare(&rw, &rec, &emu, "$", "", &mut out);
        out
    };
    // Equal up to list order, mapped IDs and admin origin.
    assert!(run(
        json!({"v": [{"type": "A"}, {"type": "B"}], "id": "rcoREC",
               "_links": {"self": {"href": "https://x-admin.okta.com/c/rcoREC", "hints": {}}},
               "created": "2025-09-17T18:23:59Z"}),
        json!({"v": [{"type": "B"}, {"type": "A"}], "id": "rcoEMU",
               "_links": {"self": {"href": "http://x-admin.localhost:1/c/rcoEMU", "hints": {}}},
               "created": "2026-01-01T00:00:00Z"}),
    )
    .is_empty());
    // Null where live Okta omits the key.
    assert_eq!(
        run(json!({"a": 1}), json!({"a": 1, "description": null})),
        vec![diff("$.description", "absent", "null")]
    );
    // Missing key.
    assert_eq!(
        run(json!({"a": 1, "b": {"c": true}}), json!({"a": 1})),
        vec![diff("$.b", "{\"c\":true}", "absent")]
    );
    // Milliseconds in a timestamp.
    assert_eq!(
        run(
            json!({"lastUpdated": "2025-09-17T18:23:59Z"}),
            json!({"lastUpdated": "2025-09-17T18:23:59.123Z"})
        )
        .len(),
        1
    );
    // A list element that differs, shown in detail.
    assert_eq!(
        run(
            json!({"v": [{"type": "A"}, {"type": "B"}]}),
            json!({"v": [{"type": "A"}, {"type": "C"}]})
        ),
        vec![diff("$.v[1].type", "\"B\"", "\"C\"")]
    );
    // A list with an element too many.
    assert_eq!(
        run(json!({"v": ["A"]}), json!({"v": ["A", "B"]})),
        vec![diff("$.v[1]", "absent", "\"B\"")]
    );
    // A deterministic value that differs, an unmapped ID, a wrong link origin.
    assert_eq!(
        run(json!({"status": "ACTIVE"}), json!({"status": "INACTIVE"})).len(),
        1
    );
    assert_eq!(
        run(json!({"id": "rcoREC"}), json!({"id": "rcoOTHER"})).len(),
        1
    );
    assert_eq!(
        run(
            json!({"href": "https://x-admin.okta.com/c"}),
            json!({"href": "http://x.localhost:1/c"})
        )
        .len(),
        1
    );
    // Timestamps across steps.
    let mut tl = BTreeMap::new();
    let obj = |c: &str, l: &str| json!({"id": "rco1", "created": c, "lastUpdated": l});
    let t0 = "2025-01-01T00:00:00Z";
    let t1 = "2025-01-01T00:00:05Z";
    let mut d = Vec::new();
    check_timeline(&mut tl, 0, "POST", &obj(t0, t0), &obj(t0, t0), &mut d);
    check_timeline(&mut tl, 1, "PATCH", &obj(t0, t1), &obj(t0, t0), &mut d);
    assert!(d.is_empty(), "{d:?}");
    check_timeline(&mut tl, 2, "GET", &obj(t0, t1), &obj(t0, t1), &mut d);
    assert_eq!(d.len(), 1, "a read moved lastUpdated: {d:?}");
    check_timeline(&mut tl, 3, "GET", &obj(t0, t1), &obj(t1, t1), &mut d);
    assert_eq!(d.len(), 2, "created moved: {d:?}");
    check_timeline(&mut tl, 4, "PATCH", &obj(t0, t1), &obj(t1, t0), &mut d);
    assert_eq!(d.len(), 4, "lastUpdated went back, before created: {d:?}");
    // Deliberate patterns.
    assert!(pattern_covers("$.priority", "$.priority"));
    assert!(pattern_covers("$.a", "$.a.b[3].c"));
    assert!(!pattern_covers("$.a", "$.ab"));
    assert!(pattern_covers("$.v[*].type", "$.v[12].type"));
    assert!(!pattern_covers("$.v[*].type", "$.v[1].id"));
    assert!(pattern_covers("header:Location", "header:Location"));
    // Timestamp format.
    assert!(is_okta_timestamp("2025-09-17T18:23:59Z"));
    assert!(!is_okta_timestamp("2025-09-17T18:23:59.000Z"));
    assert!(!is_okta_timestamp("2025-09-17T18:23:59+00:00"));
}
