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
#[path = "replay/compare.rs"]
mod compare;
#[path = "replay/run.rs"]
mod run;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::{Emu, TOKEN};
use compare::{check_timeline, compare, diff, is_okta_timestamp, join_key, pattern_covers};
use compare::{Rewrite, TIMESTAMP_KEYS};
use run::{deliberate_entries, replay};
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
