//! Visible waits, through the real Terraform CLI: a wait for Okta's rate limit is a warning on
//! the operation that waited (how long, which endpoint, the limit) and INFO lines in the log
//! while it waits; retries are counted in the warning of a call that then succeeded and in the
//! error of one that did not; a provider log line carries one timestamp (Terraform's).

mod common;

use common::{assert_contains_all, combined, flat, Emulator, Workdir};
use serde_json::json;

const SETTINGS: &str = "/governance/api/v2/request-settings";

const THREE_READS: &str = r#"data "oig_org_request_settings" "a" {}
data "oig_org_request_settings" "b" {}
data "oig_org_request_settings" "c" {}
"#;

/// The whole seconds `text` says were waited, from each "Waited N s" it contains.
fn waited_seconds(text: &str) -> Vec<u64> {
    text.split("Waited ")
        .skip(1)
        .filter_map(|rest| {
            let (n, unit) = rest.split_once(' ')?;
            unit.starts_with("s ")
                .then(|| n.parse::<f64>().ok())
                .flatten()
        })
        .map(|n| n as u64)
        .collect()
}

/// Plans, which must succeed: its stdout (the plan, with its warnings) and stderr (the log).
fn plan_with_log(w: &Workdir) -> (String, String) {
    let out = w.run(&["plan", "-no-color", "-input=false"]);
    assert!(out.status.success(), "{}", combined(&out));
    (
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn a_rate_limit_wait_is_a_warning_and_info_lines() {
    // One call per 5-second window on each endpoint: three reads of the same endpoint wait
    // about 5 and 10 seconds.
    let emu = Emulator::start_with(&["--rate-limit", "1", "--rate-limit-window-secs", "5"]);
    let mut w = Workdir::new(&emu);
    w.env("TF_LOG", "info");
    w.write(THREE_READS);
    let (stdout, stderr) = plan_with_log(&w);
    let text = flat(&stdout);
    let warning = format!("for Okta's rate limit on GET {SETTINGS} (limit 1 per minute, reset at ");
    assert!(
        text.contains("Warning: Waited ") && text.contains(&warning),
        "a warning must say how long, where and the limit:\n{stdout}"
    );
    let waits = waited_seconds(&text);
    assert!(
        waits.iter().any(|&s| s >= 3),
        "at least one read waited several seconds: {waits:?}\n{stdout}"
    );
    assert!(
        text.contains("with data.oig_org_request_settings."),
        "the warning belongs to the data source that waited:\n{stdout}"
    );
    // While it waited, the provider said so at INFO level (Terraform files the line at the
    // level the provider gives it, so TF_LOG=info shows it).
    let info: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            l.contains("[INFO]  provider.terraform-provider-oig:")
                && l.contains("for Okta's rate limit on GET /governance/api/v2/request-settings")
        })
        .collect();
    assert!(
        !info.is_empty(),
        "TF_LOG=info must show the waits:\n{stderr}"
    );
    assert!(
        !stderr.contains("[DEBUG]"),
        "TF_LOG=info shows no debug lines:\n{stderr}"
    );
}

#[test]
fn retries_before_a_success_are_a_warning_and_log_lines_carry_one_timestamp() {
    let emu = Emulator::start();
    let mut w = Workdir::new(&emu);
    w.env("OKTA_MAX_RETRIES", "3");
    w.env("TF_LOG", "debug");
    w.write("data \"oig_org_request_settings\" \"a\" {}\n");
    emu.fault(json!({"method": "GET", "pathPrefix": SETTINGS, "count": 2, "status": 503}));
    let (stdout, stderr) = plan_with_log(&w);
    let text = flat(&stdout);
    assert_contains_all(
        &text,
        &[
            "Warning: 1 call to Okta succeeded only after retries",
            &format!("GET {SETTINGS} succeeded after 2 retries over "),
            "the last failure: HTTP 503: Service is temporarily unavailable.",
        ],
    );

    // A provider debug line as Terraform logs it: Terraform's timestamp, and none of the
    // provider's own.
    let line = stderr
        .lines()
        .find(|l| l.contains("provider.terraform-provider-oig:") && l.contains("API request"))
        .unwrap_or_else(|| panic!("no provider debug line in:\n{stderr}"));
    let timestamps = line
        .as_bytes()
        .windows(20)
        .filter(|w| {
            let s = String::from_utf8_lossy(w);
            let b = s.as_bytes();
            b[4] == b'-'
                && b[7] == b'-'
                && b[10] == b'T'
                && b[13] == b':'
                && b[16] == b':'
                && b[..4].iter().all(u8::is_ascii_digit)
        })
        .count();
    assert_eq!(timestamps, 1, "one timestamp per line: {line}");
    assert!(line.contains("[DEBUG]"), "{line}");
}

#[test]
fn an_unreachable_org_fails_with_the_retry_count() {
    // A port nothing listens on: every attempt is refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    let mut w = Workdir::bare();
    w.env("OKTA_ORG_URL", &format!("http://127.0.0.1:{port}"));
    w.env("OKTA_API_TOKEN", common::TOKEN);
    w.env("OKTA_MAX_RETRIES", "2");
    w.write("data \"oig_org_request_settings\" \"a\" {}\n");
    let text = flat(&w.fails(&["plan", "-no-color", "-input=false"]));
    assert!(text.contains("could not connect"), "{text}");
    assert!(
        text.contains("(after 2 retries over "),
        "the error must say how often the provider tried:\n{text}"
    );
}
