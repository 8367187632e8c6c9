//! The provider: its configuration schema, the resolution of configuration and environment into
//! a [`ClientConfig`], and the shared slot through which resources reach the configured client.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tf_provider::schema::{AttributeType, Schema};
use tf_provider::value::{Value, ValueEmpty};
use tf_provider::{AttributePath, Diagnostics, DynamicDataSource, DynamicResource, Provider};

use crate::client::{auth, Client, ClientConfig, Credentials, OAuthCredentials, Secret};
use crate::tf::provider_data::ProviderData;
use crate::tf::{diag, schema as s};
use crate::{data_sources, resources};

/// Scopes requested by an OAuth 2.0 service app when `scopes` is not set.
pub const DEFAULT_SCOPES: &[&str] = &[
    "okta.accessRequests.condition.read",
    "okta.accessRequests.condition.manage",
    "okta.governance.accessRequests.read",
    "okta.governance.accessRequests.manage",
];

/// The provider block. Secrets are never printed: this type has no `Debug`.
#[derive(Default, Clone, Serialize, Deserialize)]
pub struct ProviderConfig {
    #[serde(default)]
    pub org_name: Value<String>,
    #[serde(default)]
    pub base_url: Value<String>,
    #[serde(default)]
    pub org_url: Value<String>,
    #[serde(default)]
    pub api_token: Value<String>,
    #[serde(default)]
    pub access_token: Value<String>,
    #[serde(default)]
    pub client_id: Value<String>,
    #[serde(default)]
    pub private_key: Value<String>,
    #[serde(default)]
    pub private_key_id: Value<String>,
    #[serde(default)]
    pub scopes: Value<Vec<Value<String>>>,
    #[serde(default)]
    pub max_retries: Value<f64>,
    #[serde(default)]
    pub request_timeout: Value<f64>,
    #[serde(default)]
    pub max_api_capacity: Value<f64>,
}

/// Each argument with its environment variable, in schema order.
pub const ARGUMENTS: &[(&str, &str)] = &[
    ("org_name", "OKTA_ORG_NAME"),
    ("base_url", "OKTA_BASE_URL"),
    ("org_url", "OKTA_ORG_URL"),
    ("api_token", "OKTA_API_TOKEN"),
    ("access_token", "OKTA_ACCESS_TOKEN"),
    ("client_id", "OKTA_API_CLIENT_ID"),
    ("private_key", "OKTA_API_PRIVATE_KEY"),
    ("private_key_id", "OKTA_API_PRIVATE_KEY_ID"),
    ("scopes", "OKTA_API_SCOPES"),
    ("max_retries", "OKTA_MAX_RETRIES"),
    ("request_timeout", "OKTA_REQUEST_TIMEOUT"),
    ("max_api_capacity", "OKTA_MAX_API_CAPACITY"),
];

fn env_name(arg: &str) -> &'static str {
    ARGUMENTS
        .iter()
        .find(|(a, _)| *a == arg)
        .map(|(_, e)| *e)
        .unwrap_or("")
}

/// `name (ENV_VAR)`, the way messages refer to an argument.
fn named(arg: &str) -> String {
    format!("{arg} ({})", env_name(arg))
}

pub const DEFAULT_MAX_RETRIES: u32 = 5;
pub const DEFAULT_REQUEST_TIMEOUT_SECS: u64 = 60;

/// A problem with the provider configuration, tied to one argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub argument: &'static str,
    pub summary: String,
    pub detail: String,
}

fn problem(
    argument: &'static str,
    summary: impl Into<String>,
    detail: impl Into<String>,
) -> ConfigProblem {
    ConfigProblem {
        argument,
        summary: summary.into(),
        detail: detail.into(),
    }
}

/// Whether any argument is unknown (configuration depends on values known only at apply).
fn any_unknown(c: &ProviderConfig) -> bool {
    [
        &c.org_name,
        &c.base_url,
        &c.org_url,
        &c.api_token,
        &c.access_token,
        &c.client_id,
        &c.private_key,
        &c.private_key_id,
    ]
    .iter()
    .any(|v| v.is_unknown())
        || c.scopes.is_unknown()
        || c.scopes
            .as_ref_option()
            .is_some_and(|l| l.iter().any(Value::is_unknown))
        || [&c.max_retries, &c.request_timeout, &c.max_api_capacity]
            .iter()
            .any(|v| v.is_unknown())
}

/// A configured string: empty counts as unset.
fn cfg(v: &Value<String>) -> Option<String> {
    v.as_ref_option()
        .filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().to_string())
}

/// Checks of what the configuration alone says; run by `terraform validate` as well as plan, and
/// never requiring credentials (examples validate without any).
pub fn check_static(c: &ProviderConfig) -> Vec<ConfigProblem> {
    let mut problems = Vec::new();
    if let Some(url) = cfg(&c.org_url) {
        if let Err(p) = parse_org_url(&url) {
            problems.push(p);
        }
        if cfg(&c.org_name).is_some() {
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
    }
    if let Some(name) = cfg(&c.org_name) {
        if let Err(p) = check_org_name(&name) {
            problems.push(p);
        }
    }
    if let Some(base) = cfg(&c.base_url) {
        if let Err(p) = check_base_url(&base) {
            problems.push(p);
        }
    }
    let methods = configured_methods(c);
    if methods.len() > 1 {
        problems.push(conflicting_credentials(&methods));
    }
    if let Some(n) = c.max_retries.as_ref_option() {
        check_number(&mut problems, "max_retries", *n, 0, 20);
    }
    if let Some(n) = c.request_timeout.as_ref_option() {
        check_number(&mut problems, "request_timeout", *n, 1, 600);
    }
    if let Some(n) = c.max_api_capacity.as_ref_option() {
        check_number(&mut problems, "max_api_capacity", *n, 1, 100);
    }
    problems
}

fn check_number(problems: &mut Vec<ConfigProblem>, arg: &'static str, n: f64, min: i64, max: i64) {
    if n.fract() != 0.0 || n < min as f64 || n > max as f64 {
        problems.push(problem(
            arg,
            format!("Invalid value for {arg}"),
            format!(
                "{} must be a whole number from {min} to {max}; got {n}.",
                named(arg)
            ),
        ));
    }
}

/// The credential methods set in the configuration itself.
fn configured_methods(c: &ProviderConfig) -> Vec<&'static str> {
    let mut m = Vec::new();
    if cfg(&c.api_token).is_some() {
        m.push("api_token");
    }
    if cfg(&c.access_token).is_some() {
        m.push("access_token");
    }
    if cfg(&c.client_id).is_some() || cfg(&c.private_key).is_some() {
        m.push("client_id");
    }
    m
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

fn check_org_name(name: &str) -> Result<(), ConfigProblem> {
    if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Ok(());
    }
    Err(problem(
        "org_name",
        "Invalid value for org_name",
        format!(
            "{} is the org's subdomain, such as \"acme\" for https://acme.okta.com: letters, digits and hyphens only; got \"{name}\". For a full URL use {}.",
            named("org_name"),
            named("org_url")
        ),
    ))
}

fn check_base_url(base: &str) -> Result<(), ConfigProblem> {
    let ok = base.contains('.')
        && base
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    if ok {
        return Ok(());
    }
    Err(problem(
        "base_url",
        "Invalid value for base_url",
        format!(
            "{} is the org's domain without a scheme, such as \"okta.com\", \"oktapreview.com\" or \"okta-emea.com\"; got \"{base}\".",
            named("base_url")
        ),
    ))
}

/// Parses `org_url` into an origin without a trailing slash; plain `http://` only to loopback.
pub fn parse_org_url(raw: &str) -> Result<String, ConfigProblem> {
    let bad = |why: String| {
        problem(
            "org_url",
            "Invalid value for org_url",
            format!("{} {why}", named("org_url")),
        )
    };
    let url = url::Url::parse(raw).map_err(|e| {
        bad(format!(
            "must be a full URL such as https://acme.okta.com; \"{raw}\" is not a URL ({e})."
        ))
    })?;
    let host = url.host_str().unwrap_or("").to_string();
    if host.is_empty() {
        return Err(bad(format!(
            "must name a host, such as https://acme.okta.com; got \"{raw}\"."
        )));
    }
    if !url.username().is_empty()
        || url.password().is_some()
        || url.query().is_some()
        || url.fragment().is_some()
    {
        return Err(bad(format!(
            "must be the org's address alone (no user, query or fragment), such as https://acme.okta.com; got \"{raw}\"."
        )));
    }
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        "http" => {
            return Err(bad(format!(
                "must use https: plain http is only allowed to a loopback address (127.0.0.1, ::1, localhost or a name under .localhost), such as a local oig-emulator; got \"{raw}\"."
            )))
        }
        other => return Err(bad(format!("must use https (got the scheme \"{other}\" in \"{raw}\")."))),
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// Loopback addresses and names: `127.0.0.0/8`, `::1`, `localhost` and names under `.localhost`
/// (RFC 6761 §6.3: the client resolves those to loopback itself).
fn is_loopback(host: &str) -> bool {
    crate::client::resolve::is_loopback_host(host)
}

/// Resolves configuration plus environment into a client configuration. Configuration wins over
/// the environment, group by group: if the configuration sets any credential argument, no
/// credential is taken from the environment (and likewise for the org's address).
pub fn resolve(
    c: &ProviderConfig,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<ClientConfig, Vec<ConfigProblem>> {
    let mut problems = check_static(c);
    let from_env = |arg: &str| {
        env(env_name(arg))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };

    // The org's address.
    let (org_url, org_name, base_url) = if cfg(&c.org_url).is_some() || cfg(&c.org_name).is_some() {
        (
            cfg(&c.org_url),
            cfg(&c.org_name),
            cfg(&c.base_url).or_else(|| from_env("base_url")),
        )
    } else {
        (
            from_env("org_url"),
            from_env("org_name"),
            cfg(&c.base_url).or_else(|| from_env("base_url")),
        )
    };
    let mut url = None;
    match (org_url, org_name) {
        (Some(_), Some(_)) if problems.iter().any(|p| p.summary == "Conflicting org settings") => {}
        (Some(_), Some(_)) => problems.push(problem(
            "org_url",
            "Conflicting org settings",
            format!("Set either {} or {} (with base_url), not both.", named("org_url"), named("org_name")),
        )),
        (Some(u), None) => match parse_org_url(&u) {
            Ok(u) => url = Some(u),
            Err(p) if cfg(&c.org_url).is_none() => problems.push(p),
            Err(_) => {} // already reported by check_static
        },
        (None, Some(name)) => {
            let base = base_url.unwrap_or_else(|| "okta.com".to_string());
            match (check_org_name(&name), check_base_url(&base)) {
                (Ok(()), Ok(())) => url = Some(format!("https://{name}.{base}")),
                (a, b) => {
                    for p in [a.err(), b.err()].into_iter().flatten() {
                        if !problems.contains(&p) {
                            problems.push(p);
                        }
                    }
                }
            }
        }
        (None, None) => problems.push(problem(
            "org_name",
            "Missing org",
            format!(
                "Tell the provider which Okta org to manage: set {} (and optionally {}, default \"okta.com\"), or {} for a full URL such as the oig-emulator's http://127.0.0.1:PORT.",
                named("org_name"),
                named("base_url"),
                named("org_url")
            ),
        )),
    }

    // Credentials.
    let config_has_credentials = !configured_methods(c).is_empty()
        || cfg(&c.private_key_id).is_some()
        || c.scopes.as_ref_option().is_some_and(|s| !s.is_empty());
    let pick = |v: &Value<String>, arg: &str| {
        if config_has_credentials {
            cfg(v)
        } else {
            from_env(arg)
        }
    };
    let api_token = pick(&c.api_token, "api_token");
    let access_token = pick(&c.access_token, "access_token");
    let client_id = pick(&c.client_id, "client_id");
    let private_key = pick(&c.private_key, "private_key");
    let private_key_id = pick(&c.private_key_id, "private_key_id");
    let scopes: Vec<String> = if config_has_credentials {
        c.scopes
            .as_ref_option()
            .map(|l| l.iter().filter_map(cfg).collect())
            .unwrap_or_default()
    } else {
        from_env("scopes")
            .map(|s| {
                s.split([',', ' '])
                    .filter(|x| !x.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
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
    let mut credentials = None;
    if methods.len() > 1 {
        let p = conflicting_credentials(&methods);
        if !problems.iter().any(|q| q.summary == p.summary) {
            problems.push(p);
        }
    } else if let Some(t) = api_token {
        credentials = Some(Credentials::ApiToken(Secret::new(t)));
    } else if let Some(t) = access_token {
        credentials = Some(Credentials::AccessToken(Secret::new(t)));
    } else if methods.is_empty() {
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
    } else {
        match (client_id, private_key) {
            (None, _) => problems.push(problem(
                "client_id",
                "Missing client_id",
                format!("An OAuth 2.0 service app needs {} as well as {}.", named("client_id"), named("private_key")),
            )),
            (_, None) => problems.push(problem(
                "private_key",
                "Missing private_key",
                format!(
                    "An OAuth 2.0 service app needs {} (PEM text or the path of a PEM file) as well as {}.",
                    named("private_key"),
                    named("client_id")
                ),
            )),
            (Some(client_id), Some(key)) => match load_private_key(&key) {
                Ok(pem) => {
                    credentials = Some(Credentials::OAuth(OAuthCredentials {
                        client_id,
                        private_key_pem: pem,
                        private_key_id,
                        scopes: if scopes.is_empty() {
                            DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect()
                        } else {
                            scopes
                        },
                    }))
                }
                Err(p) => problems.push(p),
            },
        }
    }

    // Numbers (configuration, else environment, else default).
    let number = |v: &Value<f64>,
                  arg: &'static str,
                  default: u64,
                  min: i64,
                  max: i64,
                  problems: &mut Vec<ConfigProblem>|
     -> u64 {
        if let Some(n) = v.as_ref_option() {
            return n.clamp(min as f64, max as f64) as u64;
        }
        match from_env(arg) {
            None => default,
            Some(s) => match s.parse::<f64>() {
                Ok(n) if n.fract() == 0.0 && n >= min as f64 && n <= max as f64 => n as u64,
                _ => {
                    problems.push(problem(
                        arg,
                        format!("Invalid value for {arg}"),
                        format!(
                            "{} must be a whole number from {min} to {max}; got \"{s}\".",
                            named(arg)
                        ),
                    ));
                    default
                }
            },
        }
    };
    let max_retries = number(
        &c.max_retries,
        "max_retries",
        u64::from(DEFAULT_MAX_RETRIES),
        0,
        20,
        &mut problems,
    );
    let timeout = number(
        &c.request_timeout,
        "request_timeout",
        DEFAULT_REQUEST_TIMEOUT_SECS,
        1,
        600,
        &mut problems,
    );
    let capacity = number(
        &c.max_api_capacity,
        "max_api_capacity",
        100,
        1,
        100,
        &mut problems,
    );

    match (url, credentials) {
        (Some(org_url), Some(credentials)) if problems.is_empty() => Ok(ClientConfig {
            org_url,
            credentials,
            max_retries: max_retries as u32,
            request_timeout: Duration::from_secs(timeout),
            max_api_capacity: capacity as u8,
        }),
        _ => Err(problems),
    }
}

/// `private_key` is PEM text or the path of a PEM file; either way it must be an RSA key.
fn load_private_key(value: &str) -> Result<Secret, ConfigProblem> {
    let pem = if value.contains("-----BEGIN") {
        value.to_string()
    } else {
        std::fs::read_to_string(value).map_err(|e| {
            problem(
                "private_key",
                "Invalid value for private_key",
                format!(
                    "{} is neither PEM text nor the path of a readable file ({e}).",
                    named("private_key")
                ),
            )
        })?
    };
    auth::parse_rsa_private_key(&pem).map_err(|why| {
        problem(
            "private_key",
            "Invalid value for private_key",
            format!(
                "{} must be an RSA private key in PEM form (PKCS#1 or PKCS#8): {why}.",
                named("private_key")
            ),
        )
    })?;
    Ok(Secret::new(pem))
}

#[derive(Default)]
pub struct OigProvider {
    data: Arc<ProviderData>,
}

impl OigProvider {
    pub fn new() -> Self {
        Self::default()
    }
}

fn report(diags: &mut Diagnostics, problems: Vec<ConfigProblem>) {
    for p in problems {
        diag::error(diags, p.summary, p.detail, AttributePath::new(p.argument));
    }
}

/// The provider block's schema.
pub fn provider_schema() -> Schema {
    use AttributeType::{Number, String as Str};
    let attrs = [
        ("org_name", s::optional(Str, "The org's subdomain, such as `acme` for `https://acme.okta.com`. Used with `base_url`; conflicts with `org_url`. Environment: `OKTA_ORG_NAME`.")),
        ("base_url", s::optional(Str, "The org's domain, without scheme: `okta.com` (the default), `oktapreview.com`, `okta-emea.com`, … Used with `org_name`. Environment: `OKTA_BASE_URL`.")),
        ("org_url", s::optional(Str, "The org's full URL, such as `https://acme.okta.com` or a local oig-emulator's `http://127.0.0.1:8080`. Plain `http` is accepted only for loopback hosts (`127.0.0.1`, `::1`, `localhost` and names under `.localhost`, such as `http://acme.localhost:8080`, which the provider resolves to loopback itself). Conflicts with `org_name`. Environment: `OKTA_ORG_URL`.")),
        ("api_token", s::sensitive(s::optional(Str, "An Okta API token, sent as `Authorization: SSWS <token>`. Conflicts with `access_token` and the OAuth 2.0 arguments. Environment: `OKTA_API_TOKEN`."))),
        ("access_token", s::sensitive(s::optional(Str, "An OAuth 2.0 access token obtained elsewhere, sent as `Authorization: Bearer <token>`. Conflicts with `api_token` and the OAuth 2.0 arguments. Environment: `OKTA_ACCESS_TOKEN`."))),
        ("client_id", s::optional(Str, "Client ID of an OAuth 2.0 service app; the provider obtains access tokens with the client-credentials grant and a `private_key_jwt` client assertion, caching each token until shortly before it expires. Requires `private_key`. Environment: `OKTA_API_CLIENT_ID`.")),
        ("private_key", s::sensitive(s::optional(Str, "The service app's RSA private key, as PEM text (PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY`) or the path of a PEM file. Environment: `OKTA_API_PRIVATE_KEY`."))),
        ("private_key_id", s::optional(Str, "Key ID (`kid`) of the service app's public key, sent in the client assertion's header. Environment: `OKTA_API_PRIVATE_KEY_ID`.")),
        ("scopes", s::optional(s::string_list(), "OAuth 2.0 scopes to request. Default: `okta.accessRequests.condition.read`, `okta.accessRequests.condition.manage`, `okta.governance.accessRequests.read`, `okta.governance.accessRequests.manage`. Environment: `OKTA_API_SCOPES` (comma-separated).")),
        ("max_retries", s::optional(Number, "How many times a failed API call is retried (5xx answers, timeouts, dropped connections, unreadable answers), 0 to 20. Default: 5. A 429 (rate limited) is not a failure: it is waited out until Okta's `X-Rate-Limit-Reset`, for up to 5 minutes per call, without counting here. Environment: `OKTA_MAX_RETRIES`.")),
        ("request_timeout", s::optional(Number, "Time limit of one HTTP request in seconds, 1 to 600. Default: 60. Environment: `OKTA_REQUEST_TIMEOUT`.")),
        ("max_api_capacity", s::optional(Number, "Percentage (1 to 100) of each Okta rate-limit bucket the provider may use; it waits for the next rate-limit window rather than go over. Default: 100. Environment: `OKTA_MAX_API_CAPACITY`.")),
    ];
    s::schema(s::block(
        "The oig provider manages Okta Identity Governance access requests: request conditions, request settings, access requests and their messages.",
        attrs,
        [],
    ))
}

#[async_trait]
impl Provider for OigProvider {
    type Config<'a> = ProviderConfig;
    type MetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(provider_schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: Self::Config<'a>) -> Option<()> {
        report(diags, check_static(&config));
        Some(())
    }

    async fn configure<'a>(
        &self,
        diags: &mut Diagnostics,
        _terraform_version: String,
        config: Self::Config<'a>,
    ) -> Option<()> {
        if any_unknown(&config) {
            tracing::debug!("provider configuration has unknown values: deferring");
            self.data.set_deferred();
            return Some(());
        }
        let env = |name: &str| std::env::var(name).ok();
        let client_config = match resolve(&config, &env) {
            Ok(c) => c,
            Err(problems) => {
                report(diags, problems);
                return None;
            }
        };
        tracing::debug!(org_url = %client_config.org_url, auth = client_config.credentials.scheme(), "provider configured");
        match Client::new(client_config) {
            Ok(client) => {
                self.data.set_ready(client);
                Some(())
            }
            Err(e) => {
                diag::error(
                    diags,
                    "Unable to create the API client",
                    e,
                    AttributePath::root(),
                );
                None
            }
        }
    }

    fn get_resources(
        &self,
        _diags: &mut Diagnostics,
    ) -> Option<HashMap<String, Box<dyn DynamicResource>>> {
        let mut map: HashMap<String, Box<dyn DynamicResource>> = HashMap::new();
        map.insert(
            "request_condition".into(),
            Box::new(resources::request_condition::RequestConditionResource::new(
                self.data.clone(),
            )),
        );
        map.insert(
            "resource_request_settings".into(),
            Box::new(
                resources::resource_request_settings::ResourceRequestSettingsResource::new(
                    self.data.clone(),
                ),
            ),
        );
        map.insert(
            "org_request_settings".into(),
            Box::new(
                resources::org_request_settings::OrgRequestSettingsResource::new(self.data.clone()),
            ),
        );
        map.insert(
            "request".into(),
            Box::new(resources::request::RequestResource::new(self.data.clone())),
        );
        map.insert(
            "request_message".into(),
            Box::new(resources::request_message::RequestMessageResource::new(
                self.data.clone(),
            )),
        );
        Some(map)
    }

    fn get_data_sources(
        &self,
        _diags: &mut Diagnostics,
    ) -> Option<HashMap<String, Box<dyn DynamicDataSource>>> {
        let mut map: HashMap<String, Box<dyn DynamicDataSource>> = HashMap::new();
        map.insert(
            "org_request_settings".into(),
            Box::new(
                data_sources::org_request_settings::OrgRequestSettingsDataSource::new(
                    self.data.clone(),
                ),
            ),
        );
        map.insert(
            "request_condition".into(),
            Box::new(
                data_sources::request_condition::RequestConditionDataSource::new(self.data.clone()),
            ),
        );
        map.insert(
            "request_conditions".into(),
            Box::new(
                data_sources::request_conditions::RequestConditionsDataSource::new(
                    self.data.clone(),
                ),
            ),
        );
        map.insert(
            "resource_request_settings".into(),
            Box::new(
                data_sources::resource_request_settings::ResourceRequestSettingsDataSource::new(
                    self.data.clone(),
                ),
            ),
        );
        map.insert(
            "request".into(),
            Box::new(data_sources::request::RequestDataSource::new(
                self.data.clone(),
            )),
        );
        map.insert(
            "requests".into(),
            Box::new(data_sources::requests::RequestsDataSource::new(
                self.data.clone(),
            )),
        );
        Some(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    fn set(v: &str) -> Value<String> {
        Value::Value(v.to_string())
    }

    #[test]
    fn org_name_and_base_url_make_an_https_url() {
        let c = ProviderConfig {
            org_name: set("acme"),
            api_token: set("t"),
            ..Default::default()
        };
        let r = resolve(&c, &env_of(&[("OKTA_BASE_URL", "oktapreview.com")]))
            .map_err(|p| format!("{p:?}"));
        let r = r.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.org_url, "https://acme.oktapreview.com");
        assert_eq!(r.max_retries, DEFAULT_MAX_RETRIES);
        assert_eq!(r.max_api_capacity, 100);
    }

    #[test]
    fn configuration_wins_over_environment_group_by_group() {
        let c = ProviderConfig {
            access_token: set("from-config"),
            ..Default::default()
        };
        let env = env_of(&[
            ("OKTA_ORG_URL", "http://127.0.0.1:9"),
            ("OKTA_API_TOKEN", "from-env"),
        ]);
        let r = resolve(&c, &env).unwrap_or_else(|p| panic!("{p:?}"));
        assert!(
            matches!(r.credentials, Credentials::AccessToken(ref t) if t.expose() == "from-config")
        );
        assert_eq!(r.org_url, "http://127.0.0.1:9");
    }

    #[test]
    fn problems_name_the_argument_and_env_var() {
        let p = resolve(&ProviderConfig::default(), &env_of(&[]))
            .err()
            .unwrap_or_default();
        let args: Vec<&str> = p.iter().map(|p| p.argument).collect();
        assert_eq!(args, vec!["org_name", "api_token"]);
        assert!(p[0].detail.contains("OKTA_ORG_NAME") && p[0].detail.contains("OKTA_ORG_URL"));
        assert!(p[1].detail.contains("OKTA_API_TOKEN"));

        let env = env_of(&[
            ("OKTA_ORG_URL", "https://acme.okta.com"),
            ("OKTA_MAX_RETRIES", "many"),
            ("OKTA_API_TOKEN", "t"),
        ]);
        let p = resolve(&ProviderConfig::default(), &env)
            .err()
            .unwrap_or_default();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].argument, "max_retries");
        assert!(p[0].detail.contains("OKTA_MAX_RETRIES"), "{}", p[0].detail);
    }

    #[test]
    fn org_url_rules() {
        assert_eq!(
            parse_org_url("https://acme.okta.com/").ok().as_deref(),
            Some("https://acme.okta.com")
        );
        assert!(parse_org_url("http://127.0.0.1:8080").is_ok());
        assert!(parse_org_url("http://[::1]:8080").is_ok());
        assert!(parse_org_url("http://localhost:8080").is_ok());
        assert!(parse_org_url("http://acme.localhost:8080").is_ok());
        assert!(parse_org_url("http://acme-admin.localhost:8080").is_ok());
        assert!(parse_org_url("http://localhost.example.com").is_err());
        assert!(parse_org_url("http://acme.okta.com").is_err());
        assert!(parse_org_url("http://10.1.2.3").is_err());
        assert!(parse_org_url("ftp://acme.okta.com").is_err());
        assert!(parse_org_url("https://acme.okta.com?x=1").is_err());
        assert!(parse_org_url("acme.okta.com").is_err());
    }

    #[test]
    fn schema_is_fully_described() {
        let problems = crate::tf::schema::lint("provider", &provider_schema().block);
        assert!(problems.is_empty(), "{problems:#?}");
        // Every registered resource and data source, so none can be forgotten here.
        let provider = OigProvider::new();
        let mut d = Diagnostics::default();
        let resources = Provider::get_resources(&provider, &mut d).unwrap_or_default();
        let data_sources = Provider::get_data_sources(&provider, &mut d).unwrap_or_default();
        assert!(resources.len() >= 3 && data_sources.len() >= 4);
        let mut schemas = Vec::new();
        for (name, r) in &resources {
            schemas.push((format!("oig_{name}"), r.schema(&mut d)));
        }
        for (name, ds) in &data_sources {
            schemas.push((format!("data.oig_{name}"), ds.schema(&mut d)));
        }
        for (name, schema) in schemas {
            let schema = schema.unwrap_or_else(|| panic!("{name} has no schema"));
            let problems = crate::tf::schema::lint(&name, &schema.block);
            assert!(problems.is_empty(), "{problems:#?}");
        }
    }
}
