//! The one pass over the arguments: each value is read from its source (see `sources`), checked
//! once, and turned into the client's configuration. Problems come in table order: the org, the
//! credentials, then the numbers.

use std::time::Duration;

use super::arguments::{argument, named, Kind, DEFAULT_BASE_URL, DEFAULT_SCOPES};
use super::checks::{check_base_url, check_org_name, load_private_key, parse_org_url};
use super::sources::Sources;
use super::{problem, ConfigProblem, Stage};
use crate::client::{ClientConfig, Credentials, OAuthCredentials, Secret};

pub(super) fn run(src: &Sources, stage: Stage) -> (Option<ClientConfig>, Vec<ConfigProblem>) {
    let mut problems = Vec::new();
    let org_url = org_url(src, stage, &mut problems);
    let credentials = credentials(src, stage, &mut problems);
    let max_retries = number(src, "max_retries", &mut problems);
    let request_timeout = number(src, "request_timeout", &mut problems);
    let max_api_capacity = number(src, "max_api_capacity", &mut problems);
    let config = match (org_url, credentials) {
        (Some(org_url), Some(credentials)) => Some(ClientConfig {
            org_url,
            credentials,
            max_retries,
            request_timeout: Duration::from_secs(request_timeout.into()),
            max_api_capacity: u8::try_from(max_api_capacity).unwrap_or(u8::MAX),
        }),
        _ => None,
    };
    (config, problems)
}

/// Keeps `value` if `check` passes, else records the problem.
fn checked<T>(
    value: T,
    check: Result<(), ConfigProblem>,
    problems: &mut Vec<ConfigProblem>,
) -> Option<T> {
    check.map(|()| value).map_err(|p| problems.push(p)).ok()
}

/// The org's origin: `org_url`, or `https://<org_name>.<base_url>`.
fn org_url(src: &Sources, stage: Stage, problems: &mut Vec<ConfigProblem>) -> Option<String> {
    let url = src.text("org_url");
    let name = src.text("org_name");
    let parsed = url
        .as_deref()
        .and_then(|u| parse_org_url(u).map_err(|p| problems.push(p)).ok());
    if url.is_some() && name.is_some() {
        problems.push(problem(
            "org_url",
            "Conflicting org settings",
            format!(
                "Set either {} or {} (with base_url), not both.",
                named("org_url"),
                named("org_name")
            ),
        ));
    }
    let name_ok = name
        .as_deref()
        .and_then(|n| checked(n.to_string(), check_org_name(n), problems));
    let base_ok = match src.text("base_url") {
        Some(b) => checked(b.clone(), check_base_url(&b), problems),
        None => Some(DEFAULT_BASE_URL.to_string()),
    };
    match (url, name) {
        (Some(_), None) => parsed,
        (None, Some(_)) => Some(format!("https://{}.{}", name_ok?, base_ok?)),
        (Some(_), Some(_)) => None,
        (None, None) => {
            if stage == Stage::Configure {
                problems.push(problem(
                    "org_name",
                    "Missing org",
                    format!(
                        "Tell the provider which Okta org to manage: set {} (and optionally {}, default \"{DEFAULT_BASE_URL}\"), or {} for a full URL such as the oig-emulator's http://127.0.0.1:PORT.",
                        named("org_name"),
                        named("base_url"),
                        named("org_url")
                    ),
                ));
            }
            None
        }
    }
}

fn conflicting_credentials(methods: &[&'static str]) -> ConfigProblem {
    let describe = |m: &str| match m {
        "client_id" => format!(
            "an OAuth 2.0 service app ({} + {})",
            named("client_id"),
            named("private_key")
        ),
        other => named(other),
    };
    let list: Vec<String> = methods.iter().map(|m| describe(m)).collect();
    problem(
        methods[1],
        "Conflicting credentials",
        format!(
            "Use exactly one way to authenticate; found {}.",
            list.join(" and ")
        ),
    )
}

/// Exactly one way to authenticate: an API token, an access token, or a service app.
fn credentials(
    src: &Sources,
    stage: Stage,
    problems: &mut Vec<ConfigProblem>,
) -> Option<Credentials> {
    let api_token = src.text("api_token");
    let access_token = src.text("access_token");
    let client_id = src.text("client_id");
    let private_key = src.text("private_key");
    let mut methods = Vec::new();
    if api_token.is_some() {
        methods.push("api_token");
    }
    if access_token.is_some() {
        methods.push("access_token");
    }
    if client_id.is_some() || private_key.is_some() {
        methods.push("client_id");
    }
    if methods.len() > 1 {
        problems.push(conflicting_credentials(&methods));
        return None;
    }
    if let Some(t) = api_token {
        return Some(Credentials::ApiToken(Secret::new(t)));
    }
    if let Some(t) = access_token {
        return Some(Credentials::AccessToken(Secret::new(t)));
    }
    if stage == Stage::Validate {
        // What is missing may come from the environment; the key file is read at configure.
        return None;
    }
    let (client_id, private_key) = match (client_id, private_key) {
        (Some(id), Some(key)) => (id, key),
        (None, None) => {
            problems.push(problem(
                "api_token",
                "Missing credentials",
                format!(
                    "Set one way to authenticate: {} (an SSWS API token), {} (an OAuth 2.0 bearer token), or an OAuth 2.0 service app with {} and {} (plus {} and {} as needed).",
                    named("api_token"),
                    named("access_token"),
                    named("client_id"),
                    named("private_key"),
                    named("private_key_id"),
                    named("scopes")
                ),
            ));
            return None;
        }
        (None, Some(_)) => {
            problems.push(problem(
                "client_id",
                "Missing client_id",
                format!(
                    "An OAuth 2.0 service app needs {} as well as {}.",
                    named("client_id"),
                    named("private_key")
                ),
            ));
            return None;
        }
        (Some(_), None) => {
            problems.push(problem(
                "private_key",
                "Missing private_key",
                format!(
                    "An OAuth 2.0 service app needs {} (PEM text or the path of a PEM file) as well as {}.",
                    named("private_key"),
                    named("client_id")
                ),
            ));
            return None;
        }
    };
    let private_key_pem = load_private_key(&private_key)
        .map_err(|p| problems.push(p))
        .ok()?;
    Some(Credentials::OAuth(OAuthCredentials {
        client_id,
        private_key_pem,
        private_key_id: src.text("private_key_id"),
        scopes: src
            .list("scopes")
            .unwrap_or_else(|| DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect()),
    }))
}

/// A number argument: its range and default come from the table.
fn number(src: &Sources, name: &'static str, problems: &mut Vec<ConfigProblem>) -> u32 {
    let Some(Kind::Number { min, max, default }) = argument(name).map(|a| a.kind) else {
        return 0;
    };
    let Some(given) = src.number(name) else {
        return default;
    };
    match given.value {
        Some(n) if n.fract() == 0.0 && n >= f64::from(min) && n <= f64::from(max) => n as u32,
        _ => {
            problems.push(problem(
                name,
                format!("Invalid value for {name}"),
                format!(
                    "{} must be a whole number from {min} to {max}; got {}.",
                    named(name),
                    given.shown
                ),
            ));
            default
        }
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::collections::BTreeSet;

    use tf_provider::value::Value;

    use super::super::{resolve, validate, ProviderConfig, Raw, ARGUMENTS};
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    fn text(v: &str) -> Value<Raw> {
        Value::Value(Raw::Text(v.to_string()))
    }

    fn num(n: f64) -> Value<Raw> {
        Value::Value(Raw::Number(n))
    }

    /// What resolving `c` with the environment `env` finds wrong (nothing if it resolves).
    fn problems(
        c: &ProviderConfig,
        env: &'static [(&'static str, &'static str)],
    ) -> Vec<ConfigProblem> {
        resolve(c, &env_of(env)).err().unwrap_or_default()
    }

    fn summaries(problems: &[ConfigProblem]) -> Vec<(&str, &str)> {
        problems
            .iter()
            .map(|p| (p.argument, p.summary.as_str()))
            .collect()
    }

    #[test]
    fn org_name_and_base_url_make_an_https_url() {
        let c = ProviderConfig::default()
            .with("org_name", text("acme"))
            .with("api_token", text("t"));
        let r = resolve(&c, &env_of(&[("OKTA_BASE_URL", "oktapreview.com")]))
            .unwrap_or_else(|p| panic!("{:?}", summaries(&p)));
        assert_eq!(r.org_url, "https://acme.oktapreview.com");
        assert_eq!(r.max_retries, 5);
        assert_eq!(r.request_timeout, Duration::from_secs(60));
        assert_eq!(r.max_api_capacity, 100);
    }

    #[test]
    fn configuration_wins_over_environment_group_by_group() {
        let c = ProviderConfig::default()
            .with("access_token", text("from-config"))
            .with("max_retries", num(2.0));
        let env = env_of(&[
            ("OKTA_ORG_URL", "http://127.0.0.1:9"),
            ("OKTA_API_TOKEN", "from-env"),
            ("OKTA_MAX_RETRIES", "7"),
            ("OKTA_REQUEST_TIMEOUT", " 30 "),
        ]);
        let r = resolve(&c, &env).unwrap_or_else(|p| panic!("{:?}", summaries(&p)));
        assert!(
            matches!(r.credentials, Credentials::AccessToken(ref t) if t.expose() == "from-config")
        );
        assert_eq!(r.org_url, "http://127.0.0.1:9");
        assert_eq!(r.max_retries, 2);
        assert_eq!(r.request_timeout, Duration::from_secs(30));
    }

    #[test]
    fn problems_name_the_argument_and_env_var() {
        let p = problems(&ProviderConfig::default(), &[]);
        let args: Vec<&str> = p.iter().map(|p| p.argument).collect();
        assert_eq!(args, vec!["org_name", "api_token"]);
        assert!(p[0].detail.contains("OKTA_ORG_NAME") && p[0].detail.contains("OKTA_ORG_URL"));
        assert!(p[1].detail.contains("OKTA_API_TOKEN"));

        let p = problems(
            &ProviderConfig::default(),
            &[
                ("OKTA_ORG_URL", "https://acme.okta.com"),
                ("OKTA_MAX_RETRIES", "many"),
                ("OKTA_API_TOKEN", "t"),
            ],
        );
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].argument, "max_retries");
        assert!(
            p[0].detail.ends_with(
                "max_retries (OKTA_MAX_RETRIES) must be a whole number from 0 to 20; got \"many\"."
            ),
            "{}",
            p[0].detail
        );
    }

    /// Each problem once, whichever stage finds it; `validate` reports nothing missing.
    #[test]
    fn every_problem_is_reported_once() {
        let c = ProviderConfig::default()
            .with("org_url", text("http://example.com"))
            .with("org_name", text("a.b"))
            .with("base_url", text("https://okta.com"))
            .with("api_token", text("a"))
            .with("access_token", text("b"))
            .with("max_api_capacity", num(50.5));
        let expected = vec![
            ("org_url", "Invalid value for org_url"),
            ("org_url", "Conflicting org settings"),
            ("org_name", "Invalid value for org_name"),
            ("base_url", "Invalid value for base_url"),
            ("access_token", "Conflicting credentials"),
            ("max_api_capacity", "Invalid value for max_api_capacity"),
        ];
        assert_eq!(summaries(&validate(&c)), expected);
        let p = problems(&c, &[]);
        assert_eq!(summaries(&p), expected);
        assert!(
            p[5].detail.ends_with("from 1 to 100; got 50.5."),
            "{}",
            p[5].detail
        );

        assert!(validate(&ProviderConfig::default()).is_empty());
        let half_oauth = ProviderConfig::default().with("client_id", text("0oa1"));
        assert!(validate(&half_oauth).is_empty());
        let p = problems(&half_oauth, &[("OKTA_ORG_URL", "https://acme.okta.com")]);
        assert_eq!(summaries(&p), vec![("private_key", "Missing private_key")]);
    }

    #[test]
    fn conflicting_credentials_from_the_environment() {
        let p = problems(
            &ProviderConfig::default(),
            &[
                ("OKTA_ORG_URL", "https://acme.okta.com"),
                ("OKTA_API_TOKEN", "a"),
                ("OKTA_ACCESS_TOKEN", "b"),
            ],
        );
        assert_eq!(
            summaries(&p),
            vec![("access_token", "Conflicting credentials")]
        );
        assert!(p[0].detail.contains("OKTA_ACCESS_TOKEN"), "{}", p[0].detail);
    }

    #[test]
    fn scopes_from_the_environment_and_their_default() {
        let key = "/nonexistent/key.pem";
        let c = ProviderConfig::default()
            .with("org_url", text("https://acme.okta.com"))
            .with("client_id", text("0oa1"))
            .with("private_key", text(key));
        // The configuration names credentials: OKTA_API_SCOPES is not read.
        let env = env_of(&[("OKTA_API_SCOPES", "a,b")]);
        let src = Sources::new(&c, &env);
        assert_eq!(src.list("scopes"), None);
        let c = ProviderConfig::default();
        let env = env_of(&[("OKTA_API_SCOPES", "a, b c,,")]);
        let src = Sources::new(&c, &env);
        assert_eq!(
            src.list("scopes"),
            Some(vec!["a".to_string(), "b".to_string(), "c".to_string()])
        );
    }

    /// The resolution reads every argument of the table and nothing else: a row nobody uses, or
    /// a name missing from the table, fails here.
    #[test]
    fn resolution_reads_exactly_the_table() {
        let asked = RefCell::new(BTreeSet::new());
        let env = |name: &str| {
            asked.borrow_mut().insert(name.to_string());
            None
        };
        let _ = resolve(&ProviderConfig::default(), &env);
        // The OAuth path reads private_key_id and scopes only with a client_id and a key.
        let env_oauth = |name: &str| {
            asked.borrow_mut().insert(name.to_string());
            match name {
                "OKTA_ORG_URL" => Some("https://acme.okta.com".to_string()),
                "OKTA_API_CLIENT_ID" => Some("0oa1".to_string()),
                "OKTA_API_PRIVATE_KEY" => Some(test_key()),
                _ => None,
            }
        };
        let r = resolve(&ProviderConfig::default(), &env_oauth);
        let r = r.unwrap_or_else(|p| panic!("{:?}", summaries(&p)));
        assert!(
            matches!(r.credentials, Credentials::OAuth(ref o) if o.scopes.len() == DEFAULT_SCOPES.len())
        );
        let table: BTreeSet<String> = ARGUMENTS.iter().map(|a| a.env.to_string()).collect();
        assert_eq!(asked.into_inner(), table);
    }

    fn test_key() -> String {
        use rsa::pkcs8::{EncodePrivateKey, LineEnding};
        let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA key");
        key.to_pkcs8_pem(LineEnding::LF).expect("PEM").to_string()
    }

    #[test]
    fn unknown_values_are_seen() {
        let c = ProviderConfig::default().with("org_url", text("https://acme.okta.com"));
        assert!(!c.has_unknown());
        assert!(c.clone().with("api_token", Value::Unknown).has_unknown());
        let list = Value::Value(Raw::List(vec![Value::Value("a".into()), Value::Unknown]));
        assert!(c.with("scopes", list).has_unknown());
    }
}
