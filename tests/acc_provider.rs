//! Acceptance tests of the provider's configuration and first end-to-end path, with the real
//! Terraform CLI against a spawned oig-emulator.

mod common;

use common::{assert_contains_all, Emulator, Workdir, OAUTH_CLIENT_ID, SETTINGS_HCL, TOKEN};
use terraform_provider_oig::config::ARGUMENTS;

#[test]
fn schema_lists_every_provider_argument() {
    let w = Workdir::bare();
    w.write("provider \"oig\" {}\n");
    let out = w.run(&["providers", "schema", "-json"]);
    assert!(out.status.success(), "{}", common::combined(&out));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("schema JSON");
    let provider = &schema["provider_schemas"]["registry.terraform.io/oig/oig"];
    let attrs = &provider["provider"]["block"]["attributes"];
    for argument in ARGUMENTS {
        let (name, env) = (argument.name, argument.env);
        let a = &attrs[name];
        assert!(
            a.is_object(),
            "provider argument {name} missing from the schema"
        );
        let description = a["description"].as_str().unwrap_or("");
        assert!(
            description.contains(env),
            "{name}'s description must name {env}: {description}"
        );
        assert_eq!(
            a["optional"], true,
            "{name} is optional (it can come from {env})"
        );
    }
    for secret in ["api_token", "access_token", "private_key"] {
        assert_eq!(
            attrs[secret]["sensitive"], true,
            "{secret} must be sensitive"
        );
    }
    assert!(provider["data_source_schemas"]["oig_org_request_settings"].is_object());
}

#[test]
fn org_settings_data_source_reads_the_emulator() {
    let (emu, w) = Workdir::with_emulator();
    w.write(SETTINGS_HCL);
    w.apply();
    let out = w.output_json();
    let got = &out["settings"]["value"];
    let (status, api) = emu.api("GET", "/governance/api/v2/request-settings", None);
    assert_eq!(status, 200);
    assert_eq!(got["provisioning_status"], api["provisioningStatus"]);
    assert_eq!(
        got["subprocessors_acknowledged"],
        api["subprocessorsAcknowledged"]
    );
    assert_eq!(
        got["long_time_past_provisioned"],
        api["longTimePastProvisioned"]
    );
    assert_eq!(got["request_experiences"], api["requestExperiences"]);

    // Change it out of band: the next read sees the change.
    let (status, _) = emu.api(
        "PATCH",
        "/governance/api/v2/request-settings",
        Some(serde_json::json!({"subprocessorsAcknowledged": true})),
    );
    assert_eq!(status, 200);
    w.apply();
    assert_eq!(
        w.output_json()["settings"]["value"]["subprocessors_acknowledged"],
        true
    );
}

#[test]
fn rejected_credentials_fail_with_a_clear_error() {
    let text = Workdir::plan_with_refused_token(SETTINGS_HCL, "the org settings data source");
    assert_contains_all(
        &text,
        &[
            "Unable to read the org's request settings",
            "The credentials were rejected",
            "E0000004",
        ],
    );
}

#[test]
fn trace_logs_never_contain_the_token() {
    let (_emu, mut w) = Workdir::with_emulator();
    let log = w.path().join("tf.log");
    w.env("TF_LOG", "trace");
    w.env("TF_LOG_PATH", &log.display().to_string());
    w.write(SETTINGS_HCL);
    w.apply();
    let text = std::fs::read_to_string(&log).expect("terraform log");
    assert!(
        text.contains("API request"),
        "the provider's own debug lines must be in the log"
    );
    assert!(!text.contains(TOKEN), "the API token leaked into the log");
    assert!(
        !text.contains(&TOKEN[6..20]),
        "part of the API token leaked into the log"
    );
}

/// (what, provider block, environment, expected text)
type BadConfig<'a> = (&'a str, String, Vec<(&'a str, &'a str)>, &'a str);

/// Each bad configuration fails at plan time, names the argument and its environment variable,
/// and never reaches the API.
#[test]
fn bad_provider_configuration_is_a_plan_time_error() {
    let emu = Emulator::start();
    let url = emu.url.clone();
    let cases: Vec<BadConfig> = vec![
        (
            "conflicting credentials",
            format!("provider \"oig\" {{\n  org_url = \"{url}\"\n  api_token = \"a\"\n  access_token = \"b\"\n}}"),
            vec![],
            "Conflicting credentials",
        ),
        (
            "missing credentials",
            format!("provider \"oig\" {{\n  org_url = \"{url}\"\n}}"),
            vec![],
            "OKTA_API_TOKEN",
        ),
        (
            "plain http to a remote host",
            "provider \"oig\" {\n  org_url = \"http://example.com\"\n  api_token = \"a\"\n}".to_string(),
            vec![],
            "plain http is only allowed to a loopback address",
        ),
        (
            "malformed URL",
            "provider \"oig\" {\n  org_url = \"not a url\"\n  api_token = \"a\"\n}".to_string(),
            vec![],
            "OKTA_ORG_URL",
        ),
        (
            "org_url and org_name",
            format!("provider \"oig\" {{\n  org_url = \"{url}\"\n  org_name = \"acme\"\n  api_token = \"a\"\n}}"),
            vec![],
            "Conflicting org settings",
        ),
        (
            "no org at all",
            "provider \"oig\" {\n  api_token = \"a\"\n}".to_string(),
            vec![],
            "OKTA_ORG_NAME",
        ),
        (
            "max_api_capacity out of range",
            format!("provider \"oig\" {{\n  org_url = \"{url}\"\n  api_token = \"a\"\n  max_api_capacity = 0\n}}"),
            vec![],
            "max_api_capacity (OKTA_MAX_API_CAPACITY) must be a whole number from 1 to 100",
        ),
        (
            "client_id without private_key",
            format!("provider \"oig\" {{\n  org_url = \"{url}\"\n  client_id = \"0oa1\"\n}}"),
            vec![],
            "private_key (OKTA_API_PRIVATE_KEY)",
        ),
        (
            "private_key that is no key",
            format!("provider \"oig\" {{\n  org_url = \"{url}\"\n  client_id = \"0oa1\"\n  private_key = \"/nonexistent/key.pem\"\n}}"),
            vec![],
            "is neither PEM text nor the path of a readable file",
        ),
        (
            "conflicting credentials from the environment",
            "provider \"oig\" {}".to_string(),
            vec![("OKTA_ORG_URL", url.as_str()), ("OKTA_API_TOKEN", "a"), ("OKTA_ACCESS_TOKEN", "b")],
            "OKTA_ACCESS_TOKEN",
        ),
    ];
    for (what, provider_block, env, expected) in cases {
        let mut w = Workdir::bare();
        for (k, v) in &env {
            w.env(k, v);
        }
        w.write(&format!(
            "{provider_block}\n\ndata \"oig_org_request_settings\" \"this\" {{}}\n"
        ));
        emu.clear_log();
        let text = w.fails(&["plan", "-no-color", "-input=false"]);
        assert!(
            common::flat(&text).contains(expected),
            "{what}: expected {expected:?} in:\n{text}"
        );
        assert!(emu.log().is_empty(), "{what}: no API call may be made");
    }
}

#[test]
#[should_panic(expected = "a secret leaked into the trace log")]
fn the_secret_scan_catches_a_leak() {
    // The check every acceptance run goes through must be able to fail.
    let log = format!(
        "2026-11-22T07:00:00 [DEBUG] provider: Authorization: SSWS {}\n",
        &TOKEN[3..30]
    );
    common::assert_no_secrets(&log, &[TOKEN.to_string()], "self-test");
}

#[test]
fn oauth_secrets_never_reach_the_trace_log() {
    let (emu, private_pem, _keys) = Emulator::start_oauth();

    let mut w = Workdir::bare();
    let log = w.path().join("oauth-trace.log");
    w.env("OKTA_ORG_URL", &emu.url)
        .env("OKTA_API_CLIENT_ID", OAUTH_CLIENT_ID)
        .env("OKTA_API_PRIVATE_KEY", &private_pem)
        .env("OKTA_API_PRIVATE_KEY_ID", "kid-1")
        .env("TF_LOG", "trace")
        .env("TF_LOG_PATH", &log.display().to_string());
    w.write(SETTINGS_HCL);
    w.apply();
    let calls = emu.log();
    let api: Vec<&serde_json::Value> = calls
        .iter()
        .filter(|e| e["path"] != "/oauth2/v1/token")
        .collect();
    assert!(
        !api.is_empty() && api.iter().all(|e| e["auth"] == "Bearer"),
        "{calls:?}"
    );
    assert_eq!(
        calls
            .iter()
            .filter(|e| e["path"] == "/oauth2/v1/token")
            .count(),
        1,
        "one token, reused"
    );
    let text = std::fs::read_to_string(&log).expect("trace log");
    assert!(
        text.contains("API request"),
        "the provider's debug lines are in the log"
    );
    common::assert_no_secrets(&text, std::slice::from_ref(&private_pem), "OAuth apply");
    assert!(!text.contains("PRIVATE KEY"), "no PEM armour in the log");
    assert!(
        !text.contains("eyJ"),
        "no JWT (client assertion or token) in the log"
    );
    assert!(!text.contains("Bearer "), "no bearer token in the log");
    assert!(
        !text.contains("client_assertion="),
        "no client assertion in the log"
    );
}
