//! Credentials: SSWS API token, bearer access token, or OAuth 2.0 client credentials with a
//! `private_key_jwt` client assertion. Secrets live in [`Secret`], whose `Debug` never shows them.

use std::fmt;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ring::rand::{SecureRandom, SystemRandom};
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA256};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::PrivateKeyDer;
use serde::Deserialize;
use tokio::sync::Mutex;

use super::error::ApiError;

/// A value that must never reach a log line.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// OAuth 2.0 service-app credentials.
#[derive(Debug, Clone)]
pub struct OAuthCredentials {
    pub client_id: String,
    /// PEM text of the private key (PKCS#1 or PKCS#8).
    pub private_key_pem: Secret,
    pub private_key_id: Option<String>,
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum Credentials {
    ApiToken(Secret),
    AccessToken(Secret),
    OAuth(OAuthCredentials),
}

impl Credentials {
    /// Name of the scheme, for log lines.
    pub fn scheme(&self) -> &'static str {
        match self {
            Credentials::ApiToken(_) => "SSWS",
            Credentials::AccessToken(_) | Credentials::OAuth(_) => "Bearer",
        }
    }
}

/// Parses a PEM private key (PKCS#1 `RSA PRIVATE KEY` or PKCS#8 `PRIVATE KEY`) into a signing key.
///
/// The PEM may have lost its line breaks on the way, as CI variables carry it: newlines
/// written as a literal `\n`, or turned into spaces, are accepted (see [`normalize_pem`]).
/// Errors are summarised in this function's own words: they never contain any part of the
/// key, whatever the input.
pub fn parse_rsa_private_key(pem: &str) -> Result<RsaKeyPair, String> {
    let pem = normalize_pem(pem)?;
    let der = PrivateKeyDer::from_pem_slice(pem.as_bytes()).map_err(|_| {
        "its PEM body could not be read as a private key (it is not valid base64, or not a \
         PKCS#1 or PKCS#8 key)"
            .to_string()
    })?;
    let key = match &der {
        PrivateKeyDer::Pkcs1(k) => RsaKeyPair::from_der(k.secret_pkcs1_der()),
        PrivateKeyDer::Pkcs8(k) => RsaKeyPair::from_pkcs8(k.secret_pkcs8_der()),
        _ => return Err("only RSA keys in PKCS#1 or PKCS#8 form are supported".into()),
    };
    key.map_err(|e| format!("it is not a usable RSA private key ({})", e))
}

/// The PEM labels of the private keys [`parse_rsa_private_key`] reads.
const KEY_LABELS: [&str; 2] = ["RSA PRIVATE KEY", "PRIVATE KEY"];

/// Rebuilds a PEM private key whose line breaks were lost: literal `\n` / `\r\n` become line
/// breaks, and the base64 body between the `-----BEGIN …-----` and `-----END …-----` markers
/// is re-wrapped whatever whitespace (spaces, tabs, line breaks) it came with. Errors say what
/// is wrong in our own words, never quoting the input.
pub fn normalize_pem(raw: &str) -> Result<String, String> {
    let text = raw.replace("\\r\\n", "\n").replace("\\n", "\n");
    let begin = text.find("-----BEGIN ").ok_or_else(|| {
        "it has no -----BEGIN PRIVATE KEY----- (or -----BEGIN RSA PRIVATE KEY-----) line"
            .to_string()
    })?;
    let after_begin = &text[begin + "-----BEGIN ".len()..];
    let label_end = after_begin
        .find("-----")
        .ok_or_else(|| "its -----BEGIN … line is not closed with five dashes".to_string())?;
    let label = after_begin[..label_end].trim();
    if !KEY_LABELS.contains(&label) {
        let known = label.len() <= 40
            && label
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == ' ' || c == '#');
        return Err(if known {
            format!("it is a PEM \"{label}\", not an RSA private key (PRIVATE KEY or RSA PRIVATE KEY; encrypted keys are not supported)")
        } else {
            "its -----BEGIN … line does not name a private key".to_string()
        });
    }
    let body_and_rest = &after_begin[label_end + 5..];
    let end_marker = format!("-----END {label}-----");
    let end = body_and_rest
        .find(&end_marker)
        .ok_or_else(|| format!("its -----END {label}----- line is missing"))?;
    let body: String = body_and_rest[..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if body.is_empty()
        || !body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
    {
        return Err("its body between the BEGIN and END lines is not base64".into());
    }
    let mut out = format!("-----BEGIN {label}-----\n");
    for chunk in body.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(&end_marker);
    out.push('\n');
    Ok(out)
}

/// A cached access token with the instant it stops being used.
struct CachedToken {
    token: Secret,
    refresh_at: Instant,
}

/// Obtains and caches OAuth 2.0 access tokens; refreshes one minute before expiry.
pub struct TokenSource {
    creds: OAuthCredentials,
    key: RsaKeyPair,
    token_url: String,
    cache: Mutex<Option<CachedToken>>,
    rng: SystemRandom,
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

#[derive(Deserialize)]
struct OAuthErrorBody {
    #[serde(default)]
    error: String,
    #[serde(default)]
    error_description: String,
}

impl TokenSource {
    pub fn new(creds: OAuthCredentials, org_url: &str) -> Result<Self, String> {
        let key = parse_rsa_private_key(creds.private_key_pem.expose())?;
        Ok(TokenSource {
            creds,
            key,
            token_url: format!("{org_url}/oauth2/v1/token"),
            cache: Mutex::new(None),
            rng: SystemRandom::new(),
        })
    }

    /// Drops the cached token (after the API rejected it).
    pub async fn invalidate(&self) {
        *self.cache.lock().await = None;
    }

    pub async fn token(&self, http: &reqwest::Client) -> Result<Secret, ApiError> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.as_ref() {
            if Instant::now() < cached.refresh_at {
                return Ok(cached.token.clone());
            }
        }
        let assertion = self.client_assertion()?;
        let scope = self.creds.scopes.join(" ");
        let form = [
            ("grant_type", "client_credentials"),
            ("scope", scope.as_str()),
            (
                "client_assertion_type",
                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ),
            ("client_assertion", assertion.expose()),
        ];
        tracing::debug!(url = %self.token_url, client_id = %self.creds.client_id, "requesting OAuth 2.0 access token");
        let resp = http
            .post(&self.token_url)
            .header("Accept", "application/json")
            .form(&form)
            .send()
            .await
            .map_err(|e| {
                ApiError::OAuth(format!("{} could not be reached: {e}", self.token_url))
            })?;
        let status = resp.status();
        if status.is_redirection() {
            // Never followed: the client assertion goes to the org's token endpoint only.
            let location = resp
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("(no Location)")
                .to_string();
            return Err(ApiError::OAuth(format!(
                "the token endpoint {} answered HTTP {}, a redirect to {location}; redirects are \
                 not followed, so the client assertion was not sent there. Check org_url.",
                self.token_url,
                status.as_u16()
            )));
        }
        let body = super::read_capped(resp, status.as_u16())
            .await
            .map_err(|e| match e {
                Ok(too_large) => ApiError::OAuth(format!("the token response: {too_large}")),
                Err(e) => ApiError::OAuth(format!("reading the token response failed: {e}")),
            })?;
        if !status.is_success() {
            let detail = serde_json::from_slice::<OAuthErrorBody>(&body)
                .map(|b| format!("{}: {}", b.error, b.error_description))
                .unwrap_or_else(|_| String::from_utf8_lossy(&body).chars().take(200).collect());
            return Err(ApiError::OAuth(format!(
                "the token endpoint answered HTTP {} ({detail}); check client_id, private_key, private_key_id and scopes",
                status.as_u16()
            )));
        }
        let parsed: TokenResponse = serde_json::from_slice(&body)
            .map_err(|e| ApiError::OAuth(format!("the token response was not understood: {e}")))?;
        let lifetime = Duration::from_secs(parsed.expires_in.unwrap_or(3600));
        let margin = Duration::from_secs(60).min(lifetime / 2);
        let token = Secret::new(parsed.access_token);
        *cache = Some(CachedToken {
            token: token.clone(),
            refresh_at: Instant::now() + lifetime - margin,
        });
        Ok(token)
    }

    /// The signed RS256 JWT that authenticates this client at the token endpoint.
    fn client_assertion(&self) -> Result<Secret, ApiError> {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let mut jti = [0u8; 16];
        self.rng
            .fill(&mut jti)
            .map_err(|_| ApiError::OAuth("no random numbers available for the JWT ID".into()))?;
        let mut header = serde_json::json!({"alg": "RS256", "typ": "JWT"});
        if let Some(kid) = &self.creds.private_key_id {
            header["kid"] = serde_json::Value::String(kid.clone());
        }
        let claims = serde_json::json!({
            "iss": self.creds.client_id,
            "sub": self.creds.client_id,
            "aud": self.token_url,
            "iat": now,
            "exp": now + 300,
            "jti": hex(&jti),
        });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let mut signature = vec![0u8; self.key.public().modulus_len()];
        self.key
            .sign(
                &RSA_PKCS1_SHA256,
                &self.rng,
                signing_input.as_bytes(),
                &mut signature,
            )
            .map_err(|_| ApiError::OAuth("signing the client assertion failed".into()))?;
        Ok(Secret::new(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature)
        )))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_debug_is_redacted() {
        let s = Secret::new("00abcdef-very-secret");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        let c = Credentials::ApiToken(s);
        assert!(!format!("{c:?}").contains("very-secret"));
    }

    /// A base64 body shaped like a small PKCS#1 key (not a working key): for the PEM handling
    /// and the wording of errors.
    const SMALL_PKCS1_BODY: &str = "MIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8QuKUpRKfFLfRYC9AIKjbJTWit+CKbR4Pm2m0sCAwEAAQJAQEtvDAJmT3vmA2nBKbC2Tvpr7LSx9a0ggeSB3iGiyRvUn6DMiwi+OqV09xVtmRCLsPPpn7b5Hj4r+NS6mS6wIQIhANbzBCwC4rAA4E1pZkMh9Jq8pnf1pQ6M4kCVDZ/WkBTlAiEAyXJQfD2fL/LX6YbuVw2nYG/e3NU5EjhmzrVu0EZ1G+8CIQCrTu9UgcDOrb/Ui0aA4cbD6QhvUaSwRmXiXgqBS1VmtQIgVd5WeWvJiRpMhODBiwlCmb9Ao7cctOdO5YHnb/ZhV3UCIGQ7Qsg31GFiPbN6HcJ2G2qU/FuJMSD7WEx11Gn+Hi7a";

    #[test]
    fn pems_that_lost_their_line_breaks_are_rebuilt() {
        let wrapped: Vec<&str> = SMALL_PKCS1_BODY
            .as_bytes()
            .chunks(64)
            .map(|c| std::str::from_utf8(c).unwrap_or_default())
            .collect();
        let proper = format!(
            "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----\n",
            wrapped.join("\n")
        );
        let literal = proper.replace('\n', "\\n");
        let spaces = proper.replace('\n', " ");
        let crlf = proper.replace('\n', "\\r\\n");
        let want = normalize_pem(&proper).expect("proper PEM");
        assert_eq!(want, proper);
        for variant in [&literal, &spaces, &crlf] {
            assert_eq!(normalize_pem(variant).as_ref(), Ok(&want), "{variant}");
        }
    }

    #[test]
    fn key_errors_never_quote_the_key() {
        let body = SMALL_PKCS1_BODY;
        let cases = [
            // The defect of issue 16: the END line lost.
            format!("-----BEGIN RSA PRIVATE KEY-----\\n{body}"),
            format!("-----BEGIN PRIVATE KEY----- {body} -----END PRIVATE KEY-----"),
            format!("-----BEGIN RSA PRIVATE KEY-----\n{body}!!\n-----END RSA PRIVATE KEY-----"),
            format!("-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----", &body[..200]),
            format!("-----BEGIN {body}-----\n{body}\n-----END {body}-----"),
            format!("-----BEGIN ENCRYPTED PRIVATE KEY-----\n{body}\n-----END ENCRYPTED PRIVATE KEY-----"),
            body.to_string(),
        ];
        for case in &cases {
            let err = match parse_rsa_private_key(case) {
                Err(e) => e,
                Ok(_) => panic!("accepted a broken key"),
            };
            for piece in body.as_bytes().chunks(12) {
                let piece = std::str::from_utf8(piece).unwrap_or_default();
                assert!(!err.contains(piece), "{err}");
            }
            assert!(!err.contains('['), "no byte lists: {err}");
        }
    }

    #[test]
    fn rejects_garbage_keys() {
        assert!(parse_rsa_private_key("not a key").is_err());
        let ec = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIm1\n-----END EC PRIVATE KEY-----\n";
        assert!(parse_rsa_private_key(ec).is_err());
    }
}
