//! The table of provider arguments. Each row gives an argument's name, its environment variable,
//! its kind (with the range and default of a number), the group whose configuration wins over the
//! environment as a whole, and its description. The schema, the docs, the resolution and the
//! checks all read this table: adding an argument is one row here, plus the code that uses it.

use tf_provider::schema::{Attribute, AttributeType, Schema};

use crate::tf::schema as s;

/// Scopes requested by an OAuth 2.0 service app when `scopes` is not set.
pub const DEFAULT_SCOPES: &[&str] = &[
    "okta.accessRequests.condition.read",
    "okta.accessRequests.condition.manage",
    "okta.governance.accessRequests.read",
    "okta.governance.accessRequests.manage",
];

/// The org's domain when only `org_name` is given.
pub const DEFAULT_BASE_URL: &str = "okta.com";

/// What an argument holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    /// A string that is never shown: sensitive in the schema.
    Secret,
    /// A list of strings; from the environment, separated by commas or spaces.
    List {
        default: &'static [&'static str],
    },
    /// A whole number within `min..=max`.
    Number {
        min: u32,
        max: u32,
        default: u32,
    },
}

/// Arguments whose configuration, if any of them is set, wins over the environment as a whole:
/// a provider block that names its own org or credentials takes none of them from the
/// environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Configuration, else environment, for this argument alone.
    Own,
    Org,
    Credentials,
}

#[derive(Debug)]
pub struct Argument {
    pub name: &'static str,
    pub env: &'static str,
    pub kind: Kind,
    pub group: Group,
    /// What the argument does. The range and default of a number, the default of a list and the
    /// environment variable are appended from the other columns.
    pub description: &'static str,
}

/// Every argument of the provider block, in the order messages and docs list them.
pub const ARGUMENTS: &[Argument] = &[
    Argument {
        name: "org_name",
        env: "OKTA_ORG_NAME",
        kind: Kind::String,
        group: Group::Org,
        description: "The org's subdomain, such as `acme` for `https://acme.okta.com`. Used with `base_url`; conflicts with `org_url`.",
    },
    Argument {
        name: "base_url",
        env: "OKTA_BASE_URL",
        kind: Kind::String,
        group: Group::Own,
        description: "The org's domain, without scheme: `okta.com` (the default), `oktapreview.com`, `okta-emea.com`, … Used with `org_name`.",
    },
    Argument {
        name: "org_url",
        env: "OKTA_ORG_URL",
        kind: Kind::String,
        group: Group::Org,
        description: "The org's full URL, such as `https://acme.okta.com` or a local oig-emulator's `http://127.0.0.1:8080`. Plain `http` is accepted only for loopback hosts (`127.0.0.1`, `::1`, `localhost` and names under `.localhost`, such as `http://acme.localhost:8080`, which the provider resolves to loopback itself). Conflicts with `org_name`.",
    },
    Argument {
        name: "api_token",
        env: "OKTA_API_TOKEN",
        kind: Kind::Secret,
        group: Group::Credentials,
        description: "An Okta API token, sent as `Authorization: SSWS <token>`. Conflicts with `access_token` and the OAuth 2.0 arguments.",
    },
    Argument {
        name: "access_token",
        env: "OKTA_ACCESS_TOKEN",
        kind: Kind::Secret,
        group: Group::Credentials,
        description: "An OAuth 2.0 access token obtained elsewhere, sent as `Authorization: Bearer <token>`. Conflicts with `api_token` and the OAuth 2.0 arguments.",
    },
    Argument {
        name: "client_id",
        env: "OKTA_API_CLIENT_ID",
        kind: Kind::String,
        group: Group::Credentials,
        description: "Client ID of an OAuth 2.0 service app; the provider obtains access tokens with the client-credentials grant and a `private_key_jwt` client assertion, caching each token until shortly before it expires. Requires `private_key`.",
    },
    Argument {
        name: "private_key",
        env: "OKTA_API_PRIVATE_KEY",
        kind: Kind::Secret,
        group: Group::Credentials,
        description: "The service app's RSA private key, as PEM text (PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY`) or the path of a PEM file.",
    },
    Argument {
        name: "private_key_id",
        env: "OKTA_API_PRIVATE_KEY_ID",
        kind: Kind::String,
        group: Group::Credentials,
        description: "Key ID (`kid`) of the service app's public key, sent in the client assertion's header.",
    },
    Argument {
        name: "scopes",
        env: "OKTA_API_SCOPES",
        kind: Kind::List { default: DEFAULT_SCOPES },
        group: Group::Credentials,
        description: "OAuth 2.0 scopes to request.",
    },
    Argument {
        name: "max_retries",
        env: "OKTA_MAX_RETRIES",
        kind: Kind::Number { min: 0, max: 20, default: 5 },
        group: Group::Own,
        description: "How many times a failed API call is retried (5xx answers, timeouts, dropped connections, unreadable answers). A 429 (rate limited) is not a failure: it is waited out until Okta's `X-Rate-Limit-Reset`, for up to 5 minutes per call, without counting here.",
    },
    Argument {
        name: "request_timeout",
        env: "OKTA_REQUEST_TIMEOUT",
        kind: Kind::Number { min: 1, max: 600, default: 60 },
        group: Group::Own,
        description: "Time limit of one HTTP request, in seconds.",
    },
    Argument {
        name: "max_api_capacity",
        env: "OKTA_MAX_API_CAPACITY",
        kind: Kind::Number { min: 1, max: 100, default: 100 },
        group: Group::Own,
        description: "Percentage of each Okta rate-limit bucket the provider may use; it waits for the next rate-limit window rather than go over.",
    },
];

/// The provider block's own description.
pub const PROVIDER_DESCRIPTION: &str = "The oig provider manages Okta Identity Governance access requests: request conditions, request settings, access requests and their messages.";

/// The row of `name`, if the table has one.
pub fn argument(name: &str) -> Option<&'static Argument> {
    ARGUMENTS.iter().find(|a| a.name == name)
}

/// `name (ENV_VAR)`, the way messages refer to an argument.
pub fn named(name: &str) -> String {
    match argument(name) {
        Some(a) => format!("{} ({})", a.name, a.env),
        None => name.to_string(),
    }
}

impl Argument {
    pub fn sensitive(&self) -> bool {
        self.kind == Kind::Secret
    }

    /// The description as the schema and the docs show it.
    pub fn full_description(&self) -> String {
        let mut text = self.description.to_string();
        match self.kind {
            Kind::String | Kind::Secret => {}
            Kind::List { default } => {
                let items: Vec<String> = default.iter().map(|d| format!("`{d}`")).collect();
                text.push_str(&format!(" Default: {}.", items.join(", ")));
            }
            Kind::Number { min, max, default } => {
                text.push_str(&format!(
                    " A whole number from {min} to {max}; default: {default}."
                ));
            }
        }
        text.push_str(&format!(" Environment: `{}`", self.env));
        if matches!(self.kind, Kind::List { .. }) {
            text.push_str(" (separated by commas or spaces)");
        }
        text.push('.');
        text
    }

    fn attribute(&self) -> Attribute {
        let attr_type = match self.kind {
            Kind::String | Kind::Secret => AttributeType::String,
            Kind::List { .. } => s::string_list(),
            Kind::Number { .. } => AttributeType::Number,
        };
        let attribute = s::optional(attr_type, &self.full_description());
        if self.sensitive() {
            s::sensitive(attribute)
        } else {
            attribute
        }
    }
}

/// The provider block's schema: every argument is optional, since each can come from the
/// environment.
pub fn schema() -> Schema {
    s::schema(s::block(
        PROVIDER_DESCRIPTION,
        ARGUMENTS.iter().map(|a| (a.name, a.attribute())),
        [],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_is_fully_described() {
        let problems = crate::tf::schema::lint("provider", &schema().block);
        assert!(problems.is_empty(), "{problems:#?}");
    }

    #[test]
    fn rows_are_distinct_and_well_formed() {
        let mut names: Vec<&str> = ARGUMENTS.iter().map(|a| a.name).collect();
        let mut envs: Vec<&str> = ARGUMENTS.iter().map(|a| a.env).collect();
        names.sort_unstable();
        names.dedup();
        envs.sort_unstable();
        envs.dedup();
        assert_eq!(names.len(), ARGUMENTS.len(), "duplicate argument name");
        assert_eq!(
            envs.len(),
            ARGUMENTS.len(),
            "duplicate environment variable"
        );
        for a in ARGUMENTS {
            assert!(a.env.starts_with("OKTA_"), "{}", a.name);
            if let Kind::Number { min, max, default } = a.kind {
                assert!(min <= default && default <= max, "{}", a.name);
            }
        }
    }

    #[test]
    fn descriptions_carry_range_default_and_environment() {
        let retries = argument("max_retries").map(Argument::full_description);
        assert_eq!(
            retries.as_deref().map(|d| d.ends_with(
                "A whole number from 0 to 20; default: 5. Environment: `OKTA_MAX_RETRIES`."
            )),
            Some(true),
            "{retries:?}"
        );
        let scopes = argument("scopes").map(Argument::full_description);
        assert!(
            scopes.as_deref().is_some_and(|d| d
                .contains("Default: `okta.accessRequests.condition.read`, `okta.accessRequests.condition.manage`")),
            "{scopes:?}"
        );
        assert_eq!(named("org_url"), "org_url (OKTA_ORG_URL)");
    }
}
