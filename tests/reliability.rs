//! The fault matrix: every fault the emulator can inject, on every call the provider makes for
//! conditions and settings, through the real Terraform CLI. A transient fault (within
//! `max_retries`) never fails an apply; one that outlasts the retries fails it with a clear
//! error. Either way the emulator and Terraform's state agree afterwards and the next apply
//! converges: nothing lost, nothing duplicated.

mod common;

use common::faults::*;
use common::settings::settings_path;
use common::{flat, Emulator, Workdir};
use serde_json::json;

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
        emu.clear_faults();
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
    let (emu, w, id) = one_condition("u", "start", "INACTIVE");
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
        emu.clear_faults();
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
    let (emu, w, id) = one_condition("s", "d", "INACTIVE");
    let item = format!("{}/{id}/", collection());
    let mut status = "INACTIVE";
    for f in ALL {
        status = other_of(status, ["ACTIVE", "INACTIVE"]);
        let what = format!("status -> {status} / {f:?}");
        w.write(&conditions_hcl(&[cond("s", "d", status)]));
        emu.fault(f.json("POST", &item, 2));
        expect_transient(&emu, &w, &what);
        assert_eq!(in_emulator(&emu)[&id].1, status, "{what}");
        emu.clear_faults();
    }
    for f in PERSISTENT {
        status = other_of(status, ["ACTIVE", "INACTIVE"]);
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
    let (emu, w, id) = one_condition("r", "d", "ACTIVE");
    let item = collection();
    for f in ALL {
        let what = format!("read / {f:?}");
        emu.fault(f.json("GET", &item, 2));
        w.assert_plan_clean_for(&what);
        assert_agree(&emu, &w, &what);
        emu.clear_faults();
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
        emu.clear_faults();
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
        emu.clear_faults();
    }
}

fn settings_hcl(t: &str) -> String {
    format!(
        "provider \"oig\" {{}}\n\nresource \"oig_resource_request_settings\" \"s\" {{\n  resource_id = \"{APP}\"\n  risk_settings {{\n    default_setting {{\n      request_submission_type = \"{t}\"\n    }}\n  }}\n}}\n"
    )
}

fn risk_type(emu: &Emulator) -> String {
    let (_, s) = emu.api("GET", &settings_path(APP), None);
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

/// Switches the configured risk type `t` to the other one and applies it with `fault` injected;
/// returns the apply's output.
fn switch_risk_type_under(
    emu: &Emulator,
    w: &Workdir,
    t: &mut &'static str,
    fault: serde_json::Value,
) -> std::process::Output {
    *t = other_of(t, ["RESTRICTED", "ALLOWED_WITH_NO_OVERRIDES"]);
    w.write(&settings_hcl(t));
    emu.fault(fault);
    apply(w)
}

#[test]
fn faults_on_settings() {
    let emu = Emulator::start();
    let w = workdir(&emu);
    let path = settings_path(APP);
    let mut t = "RESTRICTED";
    w.write(&settings_hcl(t));
    assert!(apply(&w).status.success());
    for f in ALL {
        // An update (PATCH) under the fault …
        let what = format!("settings update / {f:?}");
        let out = switch_risk_type_under(&emu, &w, &mut t, f.json("PATCH", &path, 2));
        assert!(out.status.success(), "{what}: {}", common::combined(&out));
        assert_eq!(risk_type(&emu), t, "{what}");
        assert_eq!(state_risk_type(&w), t, "{what}");
        emu.clear_faults();
        // … and a refresh (GET) under it.
        let what = format!("settings read / {f:?}");
        emu.fault(f.json("GET", &path, 2));
        w.assert_plan_clean_for(&what);
        emu.clear_faults();
    }
    for f in PERSISTENT {
        let what = format!("settings update / persistent {f:?}");
        let out = switch_risk_type_under(&emu, &w, &mut t, f.json("PATCH", &path, 1000));
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
        emu.clear_faults();
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

/// The one of `pair` that `value` is not.
fn other_of(value: &str, pair: [&'static str; 2]) -> &'static str {
    if value == pair[0] {
        pair[1]
    } else {
        pair[0]
    }
}
