//! The fault matrix's harness: the faults the emulator can inject, conditions written through
//! Terraform, and the checks that the emulator and Terraform's state agree after each fault.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::conditions::{APP_FULL, SEQ_1};
use super::{combined, flat, Emulator, Workdir};

pub const APP: &str = APP_FULL;
pub const SEQ: &str = SEQ_1;
pub const MAX_RETRIES: &str = "3";

#[derive(Clone, Copy, Debug)]
pub enum Fault {
    RateLimited,
    S500,
    S502,
    S503,
    DropBefore,
    DropAfter,
    Slow,
    Malformed,
}

pub const ALL: [Fault; 8] = [
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
pub const PERSISTENT: [Fault; 3] = [Fault::S503, Fault::DropBefore, Fault::Slow];

impl Fault {
    pub fn json(self, method: &str, path_prefix: &str, count: u32) -> Value {
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

    pub fn name(self) -> String {
        format!("{self:?}").to_lowercase()
    }
}

pub fn workdir(emu: &Emulator) -> Workdir {
    let mut w = Workdir::new(emu);
    w.env("OKTA_MAX_RETRIES", MAX_RETRIES);
    w.env("OKTA_REQUEST_TIMEOUT", "1");
    w
}

#[derive(Clone)]
pub struct Cond {
    key: String,
    description: String,
    status: &'static str,
}

pub fn cond(key: &str, description: &str, status: &'static str) -> Cond {
    Cond {
        key: key.into(),
        description: description.into(),
        status,
    }
}

pub fn conditions_hcl(conds: &[Cond]) -> String {
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
pub fn in_emulator(emu: &Emulator) -> BTreeMap<String, (String, String, String)> {
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
pub fn in_state(w: &Workdir) -> BTreeMap<String, (String, String, String)> {
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
pub fn assert_agree(emu: &Emulator, w: &Workdir, what: &str) {
    let e = in_emulator(emu);
    let s = in_state(w);
    assert_eq!(e, s, "{what}: the emulator and Terraform's state disagree");
    let mut names: Vec<&String> = e.values().map(|(n, _, _)| n).collect();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "{what}: duplicate condition names");
}

pub fn apply(w: &Workdir) -> std::process::Output {
    w.run(&["apply", "-auto-approve", "-no-color", "-input=false"])
}

/// A transient fault: the apply succeeds, everything agrees, the next plan is clean.
pub fn expect_transient(emu: &Emulator, w: &Workdir, what: &str) {
    let out = apply(w);
    assert!(
        out.status.success(),
        "{what}: a transient fault must not fail the apply:\n{}",
        combined(&out)
    );
    assert_agree(emu, w, what);
    w.assert_plan_clean_for(what);
}

/// A fault that outlasts the retries: the apply fails with `expected`; once the fault is gone
/// the next apply converges.
pub fn expect_persistent(emu: &Emulator, w: &Workdir, what: &str, expected: &str) {
    let out = apply(w);
    let text = combined(&out);
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
        combined(&out)
    );
    assert_agree(emu, w, &format!("{what} (converged)"));
    w.assert_plan_clean_for(what);
}

pub fn collection() -> String {
    format!("/governance/api/v2/resources/{APP}/request-conditions")
}

pub fn id_of(w: &Workdir, name: &str) -> String {
    in_state(w)
        .into_iter()
        .find(|(_, (n, _, _))| n == name)
        .map(|(id, _)| id)
        .unwrap_or_else(|| panic!("{name} not in state"))
}

/// An emulator and a work dir with the one condition `key` applied, and its ID.
pub fn one_condition(
    key: &str,
    description: &str,
    status: &'static str,
) -> (Emulator, Workdir, String) {
    let emu = Emulator::start();
    let w = workdir(&emu);
    w.write(&conditions_hcl(&[cond(key, description, status)]));
    assert!(apply(&w).status.success());
    let id = id_of(&w, &format!("fault {key}"));
    (emu, w, id)
}
