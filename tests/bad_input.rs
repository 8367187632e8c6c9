//! The bad-input table: invalid configurations of every resource, data source and the provider
//! — types, ranges, lengths, enums, cross-field rules, URLs, credentials, import IDs — each a
//! plan-time diagnostic that highlights the offending attribute, names it and the allowed
//! values or limit, and makes no API write. Run through `terraform plan -json`, whose
//! diagnostics carry the highlighted source line.

mod common;

use common::conditions::{self, condition_hcl, everyone, APP_FULL, APP_GROUPS_ONLY, SEQ_1};
use common::{flat, Emulator, Workdir};
use serde_json::Value;

/// A valid condition, changed by `edit`.
fn condition(edit: &dyn Fn(String) -> String) -> String {
    edit(condition_hcl("bad", &everyone(APP_FULL, "bad input", "")))
}

fn add(extra: &str) -> impl Fn(String) -> String {
    let extra = extra.to_string();
    move |s: String| {
        s.replacen(
            "  requester_settings {",
            &format!("{extra}\n  requester_settings {{"),
            1,
        )
    }
}

/// A valid condition with the `access_duration_settings` block of `kind` and `duration` added.
fn with_duration(kind: &str, duration: &str) -> String {
    condition(&add(&conditions::duration(kind, duration)))
}

fn settings(resource: &str, blocks: &str) -> String {
    format!("resource \"oig_resource_request_settings\" \"bad\" {{\n  resource_id = \"{resource}\"\n{blocks}\n}}\n")
}

struct Case {
    what: &'static str,
    hcl: String,
    /// Text the highlighted source line must contain (the attribute), if the diagnostic has one.
    highlights: Option<&'static str>,
    /// Text the diagnostic's summary or detail must contain.
    says: &'static str,
}

fn case(
    what: &'static str,
    hcl: String,
    highlights: Option<&'static str>,
    says: &'static str,
) -> Case {
    Case {
        what,
        hcl,
        highlights,
        says,
    }
}

fn cases() -> Vec<Case> {
    vec![
        // oig_request_condition: lengths, ranges, types, enums, cross-field rules.
        case("name empty", condition(&|s| s.replace("\"bad input\"", "\"\"")), Some("name"), "name must be 1 to 255 characters long; got 0"),
        case("name too long", condition(&|s| s.replace("\"bad input\"", &format!("\"{}\"", "n".repeat(256)))), Some("name"), "name must be 1 to 255 characters long; got 256"),
        case("description empty", condition(&add("  description = \"\"")), Some("description"), "description must be 1 to 2000 characters long"),
        case("description too long", condition(&|s| add("  description = \"DESC\"")(s).replace("DESC", &"d".repeat(2001))), Some("description"), "description must be 1 to 2000 characters long; got 2001"),
        case("approval sequence length", condition(&|s| s.replace(SEQ_1, "123")), Some("approval_sequence_id"), "approval_sequence_id must be exactly 24 characters long"),
        case("priority above range", condition(&add("  priority = 101")), Some("priority"), "priority must be a whole number from 0 to 100; got 101"),
        case("priority below range", condition(&add("  priority = -1")), Some("priority"), "priority must be a whole number from 0 to 100; got -1"),
        case("priority fractional", condition(&add("  priority = 2.5")), Some("priority"), "priority must be a whole number from 0 to 100; got 2.5"),
        case("priority wrong type", condition(&add("  priority = \"high\"")), Some("priority"), "a number is required"),
        case("status enum", condition(&add("  status = \"ENABLED\"")), Some("status"), "status must be one of \"ACTIVE\" or \"INACTIVE\"; got \"ENABLED\""),
        case("requester type enum", condition(&|s| s.replace("type = \"EVERYONE\"", "type = \"ANYONE\"")), Some("type"), "requester_settings.type must be one of \"EVERYONE\", \"GROUPS\" or \"TEAMS\""),
        case(
            "groups requester without IDs",
            condition(&|s| s.replace("type = \"EVERYONE\"", "type = \"GROUPS\"")),
            Some("requester_settings {"),
            "requester_settings.group_ids must list at least one ID when requester_settings.type is \"GROUPS\"",
        ),
        case(
            "team IDs with EVERYONE",
            condition(&|s| s.replace("type = \"EVERYONE\"", "type = \"EVERYONE\"\n    team_ids = [\"team1\"]")),
            Some("team_ids"),
            "requester_settings.team_ids is only allowed when requester_settings.type is \"TEAMS\"",
        ),
        case(
            "malformed group ID",
            condition(&|s| s.replace("type = \"EVERYONE\"", "type = \"GROUPS\"\n    group_ids = [\"admins\"]")),
            Some("group_ids"),
            "requester_settings.group_ids holds Okta group IDs: 20 characters starting with \"00g\"",
        ),
        case("scope type enum", condition(&|s| s.replace("RESOURCE_DEFAULT", "EVERYTHING")), Some("type"), "access_scope_settings.type must be one of \"RESOURCE_DEFAULT\", \"GROUPS\" or \"ENTITLEMENT_BUNDLES\""),
        case(
            "bundle scope without IDs",
            condition(&|s| s.replace("RESOURCE_DEFAULT", "ENTITLEMENT_BUNDLES")),
            Some("access_scope_settings {"),
            "access_scope_settings.entitlement_bundle_ids must list at least one ID when access_scope_settings.type is \"ENTITLEMENT_BUNDLES\"",
        ),
        case(
            "duration type enum",
            with_duration("FOREVER", "P1D"),
            Some("FOREVER"),
            "access_duration_settings.type must be one of \"ADMIN_FIXED_DURATION\" or \"REQUESTER_SPECIFIED_DURATION\"",
        ),
        case(
            "duration syntax",
            with_duration("ADMIN_FIXED_DURATION", "two weeks"),
            Some("duration"),
            "access_duration_settings.duration must be an ISO-8601 duration in hours, days or weeks",
        ),
        case(
            "duration in minutes",
            with_duration("ADMIN_FIXED_DURATION", "PT90M"),
            Some("duration"),
            "access_duration_settings.duration must be an ISO-8601 duration in hours, days or weeks",
        ),
        case(
            "duration beyond Okta's limit",
            with_duration("ADMIN_FIXED_DURATION", "PT73H"),
            Some("duration"),
            "at most 72 hours (\"PT72H\"), 90 days (\"P90D\") or 12 weeks (\"P12W\")",
        ),
        case("two duration blocks", condition(&add(&format!("{}\n{}", conditions::duration("ADMIN_FIXED_DURATION", "P1D"), conditions::duration("ADMIN_FIXED_DURATION", "P2D")))), None, "Too many access_duration_settings blocks"),
        case("missing required block", condition(&|s| s.replace("  requester_settings {\n    type = \"EVERYONE\"\n  }\n", "")), None, "requester_settings"),
        case(
            "requester type the resource does not allow",
            condition(&|s| s.replace(APP_FULL, APP_GROUPS_ONLY)),
            Some("type"),
            "requester_settings.type \"EVERYONE\" is not allowed for resource 0oaemugroups00000002: it allows \"GROUPS\"",
        ),
        // oig_resource_request_settings: per-type rules of risk settings, on-behalf-of values.
        case(
            "approval sequence with RESTRICTED",
            settings(APP_FULL, &format!("  risk_settings {{\n    default_setting {{\n      request_submission_type = \"RESTRICTED\"\n      approval_sequence_id    = \"{SEQ_1}\"\n    }}\n  }}")),
            Some("approval_sequence_id"),
            "risk_settings.default_setting.approval_sequence_id is only allowed when request_submission_type is \"ALLOWED_WITH_OVERRIDES\"",
        ),
        case(
            "overrides without approval sequence",
            settings(APP_FULL, "  risk_settings {\n    default_setting {\n      request_submission_type = \"ALLOWED_WITH_OVERRIDES\"\n    }\n  }"),
            Some("default_setting {"),
            "risk_settings.default_setting.approval_sequence_id is required when request_submission_type is \"ALLOWED_WITH_OVERRIDES\"",
        ),
        case(
            "submission type enum",
            settings(APP_FULL, "  risk_settings {\n    default_setting {\n      request_submission_type = \"SOMETIMES\"\n    }\n  }"),
            Some("request_submission_type"),
            "must be one of \"RESTRICTED\", \"ALLOWED_WITH_OVERRIDES\" or \"ALLOWED_WITH_NO_OVERRIDES\"",
        ),
        case(
            "only_for enum",
            settings(APP_FULL, "  request_on_behalf_of_settings {\n    allowed  = true\n    only_for = [\"PEERS\"]\n  }"),
            Some("only_for"),
            "request_on_behalf_of_settings.only_for must be one of \"DIRECT_REPORT\"; got \"PEERS\"",
        ),
        case(
            "only_for while not allowed",
            settings(APP_FULL, "  request_on_behalf_of_settings {\n    allowed  = false\n    only_for = [\"DIRECT_REPORT\"]\n  }"),
            Some("only_for"),
            "only allowed when request_on_behalf_of_settings.allowed is true",
        ),
        case(
            "risk settings on a resource without them",
            settings(APP_GROUPS_ONLY, "  risk_settings {\n    default_setting {\n      request_submission_type = \"RESTRICTED\"\n    }\n  }"),
            None,
            "risk_settings cannot be set for resource 0oaemugroups00000002",
        ),
        case("settings allowed wrong type", settings(APP_FULL, "  request_on_behalf_of_settings {\n    allowed = \"yes\"\n  }"), Some("allowed"), "a bool is required"),
        // oig_org_request_settings.
        case(
            "provisioning timeout syntax",
            "resource \"oig_org_request_settings\" \"bad\" {\n  wait_for_provisioning = true\n  provisioning_timeout  = \"soon\"\n}\n".into(),
            Some("provisioning_timeout"),
            "provisioning_timeout must be a duration such as \"90s\", \"10m\" or \"1h30m\"",
        ),
        // Requests and messages.
        case(
            "request subject empty",
            "resource \"oig_request\" \"bad\" {\n  request_type_id = \"61eb2db568c7c300079fe002\"\n  subject         = \"\"\n}\n".into(),
            Some("subject"),
            "subject must be 1 to 250 characters long; got 0",
        ),
        case(
            "request type ID length",
            "resource \"oig_request\" \"bad\" {\n  request_type_id = \"abc\"\n  subject         = \"s\"\n}\n".into(),
            Some("request_type_id"),
            "request_type_id must be exactly 24 characters long",
        ),
        case(
            "message too long",
            format!("resource \"oig_request_message\" \"bad\" {{\n  request_id = \"61eb2db568c7c300079fe001\"\n  message    = \"{}\"\n}}\n", "m".repeat(5001)),
            Some("message"),
            "message must be 1 to 5000 characters long; got 5001",
        ),
        case(
            "filter and structured filters",
            "data \"oig_requests\" \"bad\" {\n  filter         = \"requestStatus eq \\\"OPEN\\\"\"\n  request_status = \"OPEN\"\n}\n".into(),
            Some("filter"),
            "filter cannot be combined with request_status",
        ),
        case("order_by enum", "data \"oig_requests\" \"bad\" {\n  order_by = \"subject asc\"\n}\n".into(), Some("order_by"), "order_by must be one of \"created\""),
        case(
            "timestamp syntax",
            "data \"oig_requests\" \"bad\" {\n  last_updated_after = \"yesterday\"\n}\n".into(),
            Some("last_updated_after"),
            "last_updated_after must be an RFC 3339 date-time",
        ),
        case("max_results range", "data \"oig_requests\" \"bad\" {\n  max_results = 0\n}\n".into(), Some("max_results"), "max_results must be a whole number of at least 1; got 0"),
        // IDs that go into URL paths: nothing that could name another endpoint.
        case(
            "resource_id that is a path step",
            settings("..", ""),
            Some("resource_id"),
            "resource_id must be an Okta app ID (letters and digits, such as \"0oa1b2c3d4e5f6g7h8i9\") or an app ORN (\"orn:okta:idp:<orgId>:apps:<appName>:<appId>\"); got \"..\": \"..\" is a relative path step",
        ),
        case(
            "condition resource_id with a slash",
            condition(&|s| s.replace(APP_FULL, &format!("{APP_FULL}/request-settings"))),
            Some("resource_id"),
            "resource_id must be an Okta app ID",
        ),
        case(
            "ORN with a path step",
            condition(&|s| s.replace(APP_FULL, "orn:okta:idp:00o1:apps:..:0oaemufull0000000001")),
            Some("resource_id"),
            "got \"orn:okta:idp:00o1:apps:..:0oaemufull0000000001\"",
        ),
        case(
            "condition data source id that is a path step",
            format!("data \"oig_request_condition\" \"bad\" {{\n  resource_id = \"{APP_FULL}\"\n  id          = \".\"\n}}\n"),
            Some("id"),
            "id must be a request condition ID (letters and digits, such as \"rcob0oNGTSWTBKOLGLNR\"); got \".\"",
        ),
        case(
            "condition list resource_id with whitespace",
            "data \"oig_request_conditions\" \"bad\" {\n  resource_id = \"0oaemufull 000000001\"\n}\n".into(),
            Some("resource_id"),
            "got \"0oaemufull 000000001\": it contains whitespace",
        ),
        case(
            "settings data source resource_id empty",
            "data \"oig_resource_request_settings\" \"bad\" {\n  resource_id = \"\"\n}\n".into(),
            Some("resource_id"),
            "resource_id must be an Okta app ID",
        ),
        case(
            "message request_id with a path step",
            "resource \"oig_request_message\" \"bad\" {\n  request_id = \"61eb2db568c7c300079fe/..\"\n  message    = \"m\"\n}\n".into(),
            Some("request_id"),
            "request_id must be a request ID (24 letters and digits, such as \"61eb06a3c462d20007f0235c\"); got \"61eb2db568c7c300079fe/..\": it contains \"/\"",
        ),
        case(
            "request data source id with a query",
            "data \"oig_request\" \"bad\" {\n  id = \"61eb2db568c7c300079fe?x=\"\n}\n".into(),
            Some("id"),
            "id must be a request ID",
        ),
        case(
            "condition list status enum",
            format!("data \"oig_request_conditions\" \"bad\" {{\n  resource_id = \"{APP_FULL}\"\n  status      = \"ON\"\n}}\n"),
            Some("status"),
            "status must be one of \"ACTIVE\", \"INACTIVE\" or \"INVALID\"",
        ),
    ]
}

/// Provider blocks: URLs, credentials and numbers.
fn provider_cases(url: &str) -> Vec<(&'static str, String, Option<&'static str>, &'static str)> {
    let p = |body: String| {
        format!("provider \"oig\" {{\n{body}\n}}\n\ndata \"oig_org_request_settings\" \"x\" {{}}\n")
    };
    vec![
        ("http to a remote host", p("  org_url   = \"http://acme.okta.com\"\n  api_token = \"t\"".into()), Some("org_url"), "plain http is only allowed to a loopback address"),
        ("not a URL", p("  org_url   = \"acme\"\n  api_token = \"t\"".into()), Some("org_url"), "org_url (OKTA_ORG_URL) must be a full URL"),
        ("URL with a query", p("  org_url   = \"https://acme.okta.com/?x=1\"\n  api_token = \"t\"".into()), Some("org_url"), "must be the org's address alone"),
        ("org_name with dots", p("  org_name  = \"acme.okta.com\"\n  api_token = \"t\"".into()), Some("org_name"), "letters, digits and hyphens only"),
        ("base_url with a scheme", p("  org_name  = \"acme\"\n  base_url  = \"https://okta.com\"\n  api_token = \"t\"".into()), Some("base_url"), "base_url (OKTA_BASE_URL) is the org's domain without a scheme"),
        ("org_url and org_name", p(format!("  org_url   = \"{url}\"\n  org_name  = \"acme\"\n  api_token = \"t\"")), Some("org_url"), "Set either org_url (OKTA_ORG_URL) or org_name (OKTA_ORG_NAME)"),
        ("two credentials", p(format!("  org_url      = \"{url}\"\n  api_token    = \"t\"\n  access_token = \"u\"")), Some("access_token"), "Use exactly one way to authenticate"),
        ("no credentials", p(format!("  org_url = \"{url}\"")), None, "api_token (OKTA_API_TOKEN)"),
        ("client_id without key", p(format!("  org_url   = \"{url}\"\n  client_id = \"0oa1\"")), None, "private_key (OKTA_API_PRIVATE_KEY)"),
        ("key that is no key", p(format!("  org_url     = \"{url}\"\n  client_id   = \"0oa1\"\n  private_key = \"-----BEGIN PRIVATE KEY-----\\nnope\\n-----END PRIVATE KEY-----\"")), Some("private_key"), "must be an RSA private key in PEM form"),
        ("max_retries range", p(format!("  org_url     = \"{url}\"\n  api_token   = \"t\"\n  max_retries = 21")), Some("max_retries"), "max_retries (OKTA_MAX_RETRIES) must be a whole number from 0 to 20"),
        ("request_timeout range", p(format!("  org_url         = \"{url}\"\n  api_token       = \"t\"\n  request_timeout = 0")), Some("request_timeout"), "request_timeout (OKTA_REQUEST_TIMEOUT) must be a whole number from 1 to 600"),
        ("capacity fractional", p(format!("  org_url          = \"{url}\"\n  api_token        = \"t\"\n  max_api_capacity = 50.5")), Some("max_api_capacity"), "max_api_capacity (OKTA_MAX_API_CAPACITY) must be a whole number from 1 to 100"),
        ("scopes wrong type", p(format!("  org_url   = \"{url}\"\n  api_token = \"t\"\n  scopes    = \"okta.x\"")), Some("scopes"), "list of string required"),
    ]
}

/// The error diagnostics of `terraform plan -json`: (summary + detail, highlighted line).
fn diagnostics(stdout: &[u8]) -> Vec<(String, Option<String>)> {
    String::from_utf8_lossy(stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|m| m["type"] == "diagnostic" && m["diagnostic"]["severity"] == "error")
        .map(|m| {
            let d = &m["diagnostic"];
            (
                format!(
                    "{} {}",
                    d["summary"].as_str().unwrap_or(""),
                    flat(d["detail"].as_str().unwrap_or(""))
                ),
                d["snippet"]["code"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn check(emu: &Emulator, w: &Workdir, what: &str, highlights: Option<&str>, says: &str) {
    emu.clear_log();
    let out = w.run(&["plan", "-json", "-input=false"]);
    assert!(!out.status.success(), "{what}: plan must fail");
    let diags = diagnostics(&out.stdout);
    let hit = diags.iter().find(|(text, _)| text.contains(says));
    let Some((_, code)) = hit else {
        panic!("{what}: no diagnostic says {says:?}: {diags:#?}");
    };
    if let Some(attr) = highlights {
        let code = code.as_deref().unwrap_or("");
        assert!(
            code.contains(attr),
            "{what}: the diagnostic should highlight {attr:?}, it shows {code:?}"
        );
    }
    let writes = emu.writes();
    assert!(
        writes.is_empty(),
        "{what}: no API write may happen: {writes:?}"
    );
}

#[test]
fn every_bad_input_is_a_plan_time_diagnostic_on_its_attribute() {
    let emu = Emulator::start();
    let mut tried = 0;
    for c in cases() {
        let w = Workdir::new(&emu);
        w.write(&format!("provider \"oig\" {{}}\n\n{}", c.hcl));
        check(&emu, &w, c.what, c.highlights, c.says);
        tried += 1;
    }
    for (what, hcl, highlights, says) in provider_cases(&emu.url) {
        let w = Workdir::bare();
        w.write(&hcl);
        check(&emu, &w, what, highlights, says);
        tried += 1;
    }
    println!("bad inputs tried: {tried}");
    assert!(tried >= 50, "{tried}");
}

#[test]
fn malformed_import_ids_are_clear_errors() {
    let emu = Emulator::start();
    let cases = [
        (
            "oig_request_condition",
            "no-slash",
            "<resource_id>/<request_condition_id>",
        ),
        (
            "oig_request_condition",
            "/rco123",
            "<resource_id>/<request_condition_id>",
        ),
        (
            "oig_request_condition",
            "0oa123/",
            "<resource_id>/<request_condition_id>",
        ),
        (
            "oig_resource_request_settings",
            "a/b",
            "imported by the resource ID alone",
        ),
        (
            "oig_resource_request_settings",
            " ",
            "imported by the resource ID alone",
        ),
        (
            "oig_request_condition",
            "0oaemufull0000000001/.",
            "request_condition_id must be a request condition ID",
        ),
        (
            "oig_request_condition",
            "../rcob0oNGTSWTBKOLGLNR",
            "resource_id must be an Okta app ID",
        ),
        (
            "oig_resource_request_settings",
            "..",
            "resource_id must be an Okta app ID",
        ),
        (
            "oig_request",
            "61eb2db568c7c300079fe/..",
            "must be a request ID",
        ),
    ];
    for (ty, id, says) in cases {
        let w = Workdir::new(&emu);
        w.write(&format!(
            "provider \"oig\" {{}}\n\nimport {{\n  to = {ty}.x\n  id = \"{id}\"\n}}\n"
        ));
        emu.clear_log();
        let out = w.run(&[
            "plan",
            "-json",
            "-input=false",
            "-generate-config-out=gen.tf",
        ]);
        assert!(!out.status.success(), "{ty} {id:?}");
        let diags = diagnostics(&out.stdout);
        assert!(
            diags.iter().any(|(t, _)| t.contains(says)),
            "{ty} {id:?}: expected {says:?} in {diags:#?}"
        );
        assert!(
            emu.log().iter().all(|e| e["method"] == "GET"),
            "{ty} {id:?}: no write"
        );
    }
}
