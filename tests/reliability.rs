//! The fault matrix: every fault the emulator can inject, on every call the provider makes for
//! conditions and settings, through the real Terraform CLI. A transient fault (within
//! `max_retries`) never fails an apply; one that outlasts the retries fails it with a clear
//! error. Either way the emulator and Terraform's state agree afterwards and the next apply
//! converges: nothing lost, nothing duplicated.

mod common;

use std::collections::BTreeMap;

use common::{flat, Emulator, Workdir};
use serde_json::{json, Value};

const APP: &str = "0oaemufull0000000001";
const SEQ: &str = "61eb0f06c462d20007f05101";
const MAX_RETRIES: &str = "3";

#[derive(Clone, Copy, Debug)]
enum Fault {
    RateLimited,
    S500,
    S502,
    S503,
    DropBefore,
    DropAfter,
    Slow,
    Malformed,
}

const ALL: [Fault; 8] = [
    Fault::RateLimited,
    Fault::S500,
    Fault::S502,
    Fault::S503,
    Fault::DropBefore,
    Fault::DropAfter,
    Fault::Slow,
    Fault::Malformed,
];

/// Faults that outlast the retries (a drop after processing or a malformed body on a create
/// still succeeds: the provider finds the condition by name).
const PERSISTENT: [Fault; 3] = [Fault::S503, Fault::DropBefore, Fault::Slow];

impl Fault {
    fn json(self, method: &str, path_prefix: &str, count: u32) -> Value {
        let mut f = json!({"method": method, "pathPrefix": path_prefix, "count": count});
        match self {
            Fault::RateLimited => f["status"] = json!(429),
            Fault::S500 => f["status"] = json!(500),
            Fault::S502 => f["status"] = json!(502),
            Fault::S503 => f["status"] = json!(503),
            Fault::DropBefore => f["drop"] = json!("before"),
            Fault::DropAfter => f["drop"] = json!("after"),
            // request_timeout is 1 s in these tests.
            Fault::Slow => f["latencyMs"] = json!(2500),
            Fault::Malformed => f["malformedBody"] = json!(true),
        }
        f
    }

    fn name(self) -> String {
        format!("{self:?}").to_lowercase()
    }
}

fn workdir(emu: &Emulator) -> Workdir {
    let mut w = Workdir::new(emu);
    w.env("OKTA_MAX_RETRIES", MAX_RETRIES);
    w.env("OKTA_REQUEST_TIMEOUT", "1");
    w
}

#[derive(Clone)]
struct Cond {
    key: String,
    description: String,
    status: &'static str,
}

fn cond(key: &str, description: &str, status: &'static str) -> Cond {
    Cond {
        key: key.into(),
        description: description.into(),
        status,
    }
}

fn conditions_hcl(conds: &[Cond]) -> String {
    let mut s = String::from("provider \"oig\" {}\n");
    for c in conds {
        s.push_str(&format!(
            r#"
resource "oig_request_condition" "{key}" {{
  resource_id          = "{APP}"
  name                 = "fault {key}"
  description          = "{desc}"
  approval_sequence_id = "{SEQ}"
  status               = "{status}"
  requester_settings {{
    type = "EVERYONE"
  }}
  access_scope_settings {{
    type = "RESOURCE_DEFAULT"
  }}
}}
"#,
            key = c.key,
            desc = c.description,
            status = c.status
        ));
    }
    s
}

/// id → (name, status, description) of every condition of APP in the emulator.
fn in_emulator(emu: &Emulator) -> BTreeMap<String, (String, String, String)> {
    let (st, body) = emu.api(
        "GET",
        &format!("/governance/api/v2/resources/{APP}/request-conditions"),
        None,
    );
    assert_eq!(st, 200, "{body}");
    body["data"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or("").to_string();
            (s("id"), (s("name"), s("status"), s("description")))
        })
        .collect()
}

/// The same, from Terraform's state.
fn in_state(w: &Workdir) -> BTreeMap<String, (String, String, String)> {
    w.state_resources()
        .iter()
        .filter(|r| r["type"] == "oig_request_condition")
        .map(|r| {
            let v = &r["values"];
            let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
            (s("id"), (s("name"), s("status"), s("description")))
        })
        .collect()
}

/// No orphan, no lost object, no duplicate: the emulator and the state hold the same conditions.
fn assert_agree(emu: &Emulator, w: &Workdir, what: &str) {
    let e = in_emulator(emu);
    let s = in_state(w);
    assert_eq!(e, s, "{what}: the emulator and Terraform's state disagree");
    let mut names: Vec<&String> = e.values().map(|(n, _, _)| n).collect();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "{what}: duplicate condition names");
}

fn apply(w: &Workdir) -> std::process::Output {
    w.run(&["apply", "-auto-approve", "-no-color", "-input=false"])
}

/// A transient fault: the apply succeeds, everything agrees, the next plan is clean.
fn expect_transient(emu: &Emulator, w: &Workdir, what: &str) {
    let out = apply(w);
    assert!(
        out.status.success(),
        "{what}: a transient fault must not fail the apply:\n{}",
        common::combined(&out)
    );
    assert_agree(emu, w, what);
    w.assert_plan_clean_for(what);
}

/// A fault that outlasts the retries: the apply fails with `expected`; once the fault is gone
/// the next apply converges.
fn expect_persistent(emu: &Emulator, w: &Workdir, what: &str, expected: &str) {
    let out = apply(w);
    let text = common::combined(&out);
    assert!(
        !out.status.success(),
        "{what}: must fail once retries are exhausted:\n{text}"
    );
    assert!(
        flat(&text).contains(expected),
        "{what}: expected {expected:?} in:\n{text}"
    );
    assert_agree(emu, w, &format!("{what} (after the failure)"));
    emu.control("DELETE", "faults", None);
    let out = apply(w);
    assert!(
        out.status.success(),
        "{what}: the next apply must converge:\n{}",
        common::combined(&out)
    );
    assert_agree(emu, w, &format!("{what} (converged)"));
    w.assert_plan_clean_for(what);
}

fn collection() -> String {
    format!("/governance/api/v2/resources/{APP}/request-conditions")
}

fn id_of(w: &Workdir, name: &str) -> String {
    in_state(w)
        .into_iter()
        .find(|(_, (n, _, _))| n == name)
        .map(|(id, _)| id)
        .unwrap_or_else(|| panic!("{name} not in state"))
}

#[test]
fn faults_on_create() {
    let emu = Emulator::start();
    let w = workdir(&emu);
    let mut conds = Vec::new();
    for f in ALL {
        let what = format!("create / {f:?}");
        conds.push(cond(&format!("c_{}", f.name()), "d", "INACTIVE"));
        w.write(&conditions_hcl(&conds));
        emu.fault(f.json("POST", &collection(), 2));
        expect_transient(&emu, &w, &what);
        emu.control("DELETE", "faults", None);
    }
    for f in PERSISTENT {
        let what = format!("create / persistent {f:?}");
        conds.push(cond(&format!("p_{}", f.name()), "d", "INACTIVE"));
        w.write(&conditions_hcl(&conds));
        emu.fault(f.json("POST", &collection(), 1000));
        expect_persistent(&emu, &w, &what, "Unable to create request condition");
    }
}

#[test]
fn faults_on_update() {
    let emu = Emulator::start();
    let w = workdir(&emu);
    w.write(&conditions_hcl(&[cond("u", "start", "INACTIVE")]));
    assert!(apply(&w).status.success());
    let id = id_of(&w, "fault u");
    let item = format!("{}/{id}", collection());
    for f in ALL {
        let what = format!("update / {f:?}");
        w.write(&conditions_hcl(&[cond("u", &f.name(), "INACTIVE")]));
        emu.fault(f.json("PATCH", &item, 2));
        expect_transient(&emu, &w, &what);
        assert_eq!(
            in_emulator(&emu)[&id].2,
            f.name(),
            "{what}: the update reached Okta"
        );
        emu.control("DELETE", "faults", None);
    }
    for f in PERSISTENT {
        let what = format!("update / persistent {f:?}");
        w.write(&conditions_hcl(&[cond(
            "u",
            &format!("p-{}", f.name()),
            "INACTIVE",
        )]));
        emu.fault(f.json("PATCH", &item, 1000));
        expect_persistent(
            &emu,
            &w,
            &what,
            &format!("Unable to update request condition {id}"),
        );
    }
}

#[test]
fn faults_on_status_change() {
    let emu = Emulator::start();
    let w = workdir(&emu);
    w.write(&conditions_hcl(&[cond("s", "d", "INACTIVE")]));
    assert!(apply(&w).status.success());
    let id = id_of(&w, "fault s");
    let item = format!("{}/{id}/", collection());
    let mut status = "INACTIVE";
    for f in ALL {
        status = if status == "ACTIVE" {
            "INACTIVE"
        } else {
            "ACTIVE"
        };
        let what = format!("status -> {status} / {f:?}");
        w.write(&conditions_hcl(&[cond("s", "d", status)]));
        emu.fault(f.json("POST", &item, 2));
        expect_transient(&emu, &w, &what);
        assert_eq!(in_emulator(&emu)[&id].1, status, "{what}");
        emu.control("DELETE", "faults", None);
    }
    for f in PERSISTENT {
        status = if status == "ACTIVE" {
            "INACTIVE"
        } else {
            "ACTIVE"
        };
        let what = format!("status -> {status} / persistent {f:?}");
        w.write(&conditions_hcl(&[cond("s", "d", status)]));
        emu.fault(f.json("POST", &item, 1000));
        let verb = if status == "ACTIVE" {
            "activate"
        } else {
            "deactivate"
        };
        expect_persistent(
            &emu,
            &w,
            &what,
            &format!("Unable to {verb} request condition {id}"),
        );
    }
}

#[test]
fn faults_on_read() {
    let emu = Emulator::start();
    let w = workdir(&emu);
    w.write(&conditions_hcl(&[cond("r", "d", "ACTIVE")]));
    assert!(apply(&w).status.success());
    let id = id_of(&w, "fault r");
    let item = format!("{}/{id}", collection());
    for f in ALL {
        let what = format!("read / {f:?}");
        emu.fault(f.json("GET", &item, 2));
        w.assert_plan_clean_for(&what);
        assert_agree(&emu, &w, &what);
        emu.control("DELETE", "faults", None);
    }
    for f in PERSISTENT {
        let what = format!("read / persistent {f:?}");
        emu.fault(f.json("GET", &item, 1000));
        let out = w.run(&["plan", "-no-color", "-input=false"]);
        let text = common::combined(&out);
        assert!(!out.status.success(), "{what}: {text}");
        assert!(
            flat(&text).contains(&format!("Unable to read request condition {id}")),
            "{what}: {text}"
        );
        emu.control("DELETE", "faults", None);
        w.assert_plan_clean_for(&what);
        assert_agree(&emu, &w, &what);
    }
}

#[test]
fn faults_on_delete() {
    let emu = Emulator::start();
    let w = workdir(&emu);
    for (i, f) in ALL.iter().chain(PERSISTENT.iter()).enumerate() {
        let persistent = i >= ALL.len();
        let what = format!(
            "delete / {}{f:?}",
            if persistent { "persistent " } else { "" }
        );
        let key = format!("d{i}");
        w.write(&conditions_hcl(&[cond(&key, "d", "INACTIVE")]));
        assert!(apply(&w).status.success(), "{what}: setup");
        let id = id_of(&w, &format!("fault {key}"));
        w.write(&conditions_hcl(&[]));
        emu.fault(f.json(
            "DELETE",
            &format!("{}/{id}", collection()),
            if persistent { 1000 } else { 2 },
        ));
        if persistent {
            expect_persistent(
                &emu,
                &w,
                &what,
                &format!("Unable to delete request condition {id}"),
            );
        } else {
            expect_transient(&emu, &w, &what);
        }
        assert!(in_emulator(&emu).is_empty(), "{what}: deleted");
        emu.control("DELETE", "faults", None);
    }
}

fn settings_hcl(t: &str) -> String {
    format!(
        "provider \"oig\" {{}}\n\nresource \"oig_resource_request_settings\" \"s\" {{\n  resource_id = \"{APP}\"\n  risk_settings {{\n    default_setting {{\n      request_submission_type = \"{t}\"\n    }}\n  }}\n}}\n"
    )
}

fn risk_type(emu: &Emulator) -> String {
    let (_, s) = emu.api(
        "GET",
        &format!("/governance/api/v2/resources/{APP}/request-settings"),
        None,
    );
    s["riskSettings"]["defaultSetting"]["requestSubmissionType"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn state_risk_type(w: &Workdir) -> String {
    w.state_resources()[0]["values"]["risk_settings"][0]["default_setting"][0]
        ["request_submission_type"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

#[test]
fn faults_on_settings() {
    let emu = Emulator::start();
    let w = workdir(&emu);
    let path = format!("/governance/api/v2/resources/{APP}/request-settings");
    let mut t = "RESTRICTED";
    w.write(&settings_hcl(t));
    assert!(apply(&w).status.success());
    for f in ALL {
        // An update (PATCH) under the fault …
        t = if t == "RESTRICTED" {
            "ALLOWED_WITH_NO_OVERRIDES"
        } else {
            "RESTRICTED"
        };
        let what = format!("settings update / {f:?}");
        w.write(&settings_hcl(t));
        emu.fault(f.json("PATCH", &path, 2));
        let out = apply(&w);
        assert!(out.status.success(), "{what}: {}", common::combined(&out));
        assert_eq!(risk_type(&emu), t, "{what}");
        assert_eq!(state_risk_type(&w), t, "{what}");
        emu.control("DELETE", "faults", None);
        // … and a refresh (GET) under it.
        let what = format!("settings read / {f:?}");
        emu.fault(f.json("GET", &path, 2));
        w.assert_plan_clean_for(&what);
        emu.control("DELETE", "faults", None);
    }
    for f in PERSISTENT {
        t = if t == "RESTRICTED" {
            "ALLOWED_WITH_NO_OVERRIDES"
        } else {
            "RESTRICTED"
        };
        let what = format!("settings update / persistent {f:?}");
        w.write(&settings_hcl(t));
        emu.fault(f.json("PATCH", &path, 1000));
        let out = apply(&w);
        let text = common::combined(&out);
        assert!(!out.status.success(), "{what}: {text}");
        assert!(
            flat(&text).contains(&format!(
                "Unable to update the request settings of resource {APP}"
            )),
            "{what}: {text}"
        );
        assert_ne!(risk_type(&emu), t, "{what}: nothing changed in Okta");
        assert_eq!(
            state_risk_type(&w),
            risk_type(&emu),
            "{what}: state keeps what Okta has"
        );
        emu.control("DELETE", "faults", None);
        assert!(apply(&w).status.success(), "{what}: converges");
        assert_eq!(risk_type(&emu), t, "{what}");
        w.assert_plan_clean_for(&what);
    }
}

#[test]
fn not_found_mid_lifecycle_and_conflict_on_activate() {
    let emu = Emulator::start();
    let w = workdir(&emu);
    w.write(&conditions_hcl(&[cond("m", "one", "INACTIVE")]));
    assert!(apply(&w).status.success());
    let id = id_of(&w, "fault m");

    // Deleted between plan and apply: the saved plan's update fails clearly, the next apply
    // creates it again.
    w.write(&conditions_hcl(&[cond("m", "two", "INACTIVE")]));
    w.ok(&["plan", "-no-color", "-out=tfplan"]);
    let (st, _) = emu.api("DELETE", &format!("{}/{id}", collection()), None);
    assert_eq!(st, 204);
    let out = w.run(&["apply", "-no-color", "tfplan"]);
    let text = common::combined(&out);
    assert!(
        !out.status.success()
            && flat(&text).contains(&format!("Unable to update request condition {id}")),
        "{text}"
    );
    assert!(flat(&text).contains("HTTP 404"), "{text}");
    assert!(apply(&w).status.success());
    assert_agree(&emu, &w, "404 mid-lifecycle");
    w.assert_plan_clean_for("404 mid-lifecycle");

    // A 409 on activate is Okta's answer to overlapping writes (issue #2633 of the official
    // provider): retried after a read shows the condition still INACTIVE, and the apply succeeds.
    let id = id_of(&w, "fault m");
    w.write(&conditions_hcl(&[cond("m", "two", "ACTIVE")]));
    let activate = format!("{}/{id}/activate", collection());
    emu.clear_log();
    emu.fault(json!({"method": "POST", "pathPrefix": activate, "status": 409, "count": 1}));
    assert!(apply(&w).status.success());
    let statuses: Vec<u64> = emu
        .log()
        .iter()
        .filter(|e| e["method"] == "POST" && e["path"].as_str() == Some(activate.as_str()))
        .map(|e| e["status"].as_u64().unwrap_or(0))
        .collect();
    assert_eq!(statuses, [409, 200]);
    assert_eq!(in_emulator(&emu)[&id].1, "ACTIVE");
    assert_agree(&emu, &w, "409 on activate, retried");
    w.assert_plan_clean_for("409 on activate");
}
