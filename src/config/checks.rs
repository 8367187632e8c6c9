//! The checks of single values: the org's URL, its subdomain and domain, and the service app's
//! private key. Each problem names the argument and its environment variable.

use super::arguments::named;
use super::{problem, ConfigProblem};
use crate::client::{auth, Secret};

pub(super) fn check_org_name(name: &str) -> Result<(), ConfigProblem> {
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

pub(super) fn check_base_url(base: &str) -> Result<(), ConfigProblem> {
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

/// Parses `org_url` into an origin without a trailing slash; plain `http://` only to loopback
/// addresses and names: `127.0.0.0/8`, `::1`, `localhost` and names under `.localhost`
/// (RFC 6761 §6.3: the client resolves those to loopback itself).
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
        "http" if crate::client::resolve::is_loopback_host(&host) => {}
        "http" => {
            return Err(bad(format!(
                "must use https: plain http is only allowed to a loopback address (127.0.0.1, ::1, localhost or a name under .localhost), such as a local oig-emulator; got \"{raw}\"."
            )))
        }
        other => {
            return Err(bad(format!(
                "must use https (got the scheme \"{other}\" in \"{raw}\")."
            )))
        }
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

/// `private_key` is PEM text or the path of a PEM file; either way it must be an RSA key.
pub(super) fn load_private_key(value: &str) -> Result<Secret, ConfigProblem> {
    let invalid = |detail: String| problem("private_key", "Invalid value for private_key", detail);
    let pem = if value.contains("-----BEGIN") {
        value.to_string()
    } else {
        std::fs::read_to_string(value).map_err(|e| {
            invalid(format!(
                "{} is neither PEM text nor the path of a readable file ({e}).",
                named("private_key")
            ))
        })?
    };
    auth::parse_rsa_private_key(&pem).map_err(|why| {
        invalid(format!(
            "{} must be an RSA private key in PEM form (PKCS#1 or PKCS#8): {why}.",
            named("private_key")
        ))
    })?;
    Ok(Secret::new(pem))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tf::validate::assert_verdict;

    #[test]
    fn org_url_rules() {
        assert_eq!(
            parse_org_url("https://acme.okta.com/").ok().as_deref(),
            Some("https://acme.okta.com")
        );
        assert_verdict(
            |url| parse_org_url(url).is_ok(),
            true,
            &[
                "http://127.0.0.1:8080",
                "http://[::1]:8080",
                "http://localhost:8080",
                "http://acme.localhost:8080",
                "http://acme-admin.localhost:8080",
            ],
        );
        assert_verdict(
            |url| parse_org_url(url).is_ok(),
            false,
            &[
                "http://localhost.example.com",
                "http://acme.okta.com",
                "http://10.1.2.3",
                "ftp://acme.okta.com",
                "https://acme.okta.com?x=1",
                "acme.okta.com",
            ],
        );
    }

    #[test]
    fn org_name_and_base_url_rules() {
        assert_verdict(|n| check_org_name(n).is_ok(), true, &["acme-1"]);
        assert_verdict(|n| check_org_name(n).is_ok(), false, &["acme.okta.com"]);
        assert_verdict(|b| check_base_url(b).is_ok(), true, &["okta-emea.com"]);
        assert_verdict(
            |b| check_base_url(b).is_ok(),
            false,
            &["https://okta.com", "okta", "okta..com"],
        );
    }

    #[test]
    fn private_key_must_be_readable_rsa_pem() {
        let missing = load_private_key("/nonexistent/key.pem").err();
        assert!(missing.is_some_and(|p| p.argument == "private_key"
            && p.detail
                .contains("neither PEM text nor the path of a readable file")
            && p.detail.contains("OKTA_API_PRIVATE_KEY")));
        let garbage =
            load_private_key("-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----");
        assert!(garbage.is_err_and(|p| p.detail.contains("must be an RSA private key in PEM form")));
    }
}
