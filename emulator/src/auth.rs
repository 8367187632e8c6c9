//! API authentication (SSWS / Bearer) and the OAuth 2.0 client-credentials token endpoint.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use axum::body::Body;
use axum::http::{HeaderMap, Response, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use rsa::RsaPublicKey;
use serde_json::{json, Value};
use sha2::Sha256;

use crate::errors::json_response;
use crate::util::{now_ms, rand_alnum};

const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const TOKEN_TTL_SECS: i64 = 3600;

/// How a request presented its credentials (for the log).
pub fn scheme(headers: &HeaderMap) -> (&'static str, Option<String>) {
    let Some(v) = headers.get("authorization").and_then(|v| v.to_str().ok()) else {
        return ("none", None);
    };
    let v = v.trim();
    let (scheme, rest) = match v.split_once(' ') {
        Some((s, r)) => (s, r.trim()),
        None => return ("none", None),
    };
    if scheme.eq_ignore_ascii_case("SSWS") {
        ("SSWS", Some(rest.to_string()))
    } else if scheme.eq_ignore_ascii_case("Bearer") {
        ("Bearer", Some(rest.to_string()))
    } else {
        ("none", None)
    }
}

/// Configured OAuth client.
pub struct OAuthClient {
    pub client_id: String,
    pub key: RsaPublicKey,
}

/// Loads a PEM public key (SPKI "PUBLIC KEY" or PKCS#1 "RSA PUBLIC KEY").
pub fn load_public_key(pem: &str) -> Result<RsaPublicKey, String> {
    RsaPublicKey::from_public_key_pem(pem.trim())
        .or_else(|_| RsaPublicKey::from_pkcs1_pem(pem.trim()))
        .map_err(|e| format!("not an RSA public key in PEM form: {e}"))
}

/// Credentials: the static token and issued access tokens.
pub struct Auth {
    token: String,
    oauth: Option<OAuthClient>,
    issued: Mutex<HashMap<String, i64>>,
    used_jti: Mutex<HashSet<String>>,
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response<Body> {
    json_response(
        status,
        &json!({ "error": error, "error_description": description }),
    )
}

fn decode_part(s: &str) -> Option<Value> {
    let bytes = URL_SAFE_NO_PAD.decode(s.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

impl Auth {
    pub fn new(token: String, oauth: Option<OAuthClient>) -> Self {
        Auth {
            token,
            oauth,
            issued: Mutex::new(HashMap::new()),
            used_jti: Mutex::new(HashSet::new()),
        }
    }

    /// `true` when the request carries valid credentials.
    pub fn check(&self, headers: &HeaderMap) -> bool {
        match scheme(headers) {
            (_, None) => false,
            ("SSWS", Some(t)) => !self.token.is_empty() && t == self.token,
            (_, Some(t)) => {
                if !self.token.is_empty() && t == self.token {
                    return true;
                }
                let issued = self.issued.lock().unwrap_or_else(|e| e.into_inner());
                issued.get(&t).is_some_and(|exp| *exp > now_ms())
            }
        }
    }

    /// `POST /oauth2/v1/token`
    pub fn token_endpoint(
        &self,
        headers: &HeaderMap,
        body: &[u8],
        audiences: &[String],
    ) -> Response<Body> {
        let ct = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !ct.starts_with("application/x-www-form-urlencoded") {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "The request must be form-encoded (application/x-www-form-urlencoded).",
            );
        }
        let form: HashMap<String, String> = form_urlencoded::parse(body).into_owned().collect();
        let get = |k: &str| form.get(k).map(String::as_str).unwrap_or("");
        if get("grant_type") != "client_credentials" {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server. Only client_credentials is supported.",
            );
        }
        let Some(client) = &self.oauth else {
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "Client authentication failed: no OAuth client is configured (--oauth-client-id / --oauth-public-key).",
            );
        };
        if get("client_assertion_type") != ASSERTION_TYPE {
            return oauth_error(
                StatusCode::UNAUTHORIZED,
                "invalid_client",
                "client_assertion_type must be urn:ietf:params:oauth:client-assertion-type:jwt-bearer.",
            );
        }
        if let Some(id) = form.get("client_id") {
            if id != &client.client_id {
                return oauth_error(
                    StatusCode::UNAUTHORIZED,
                    "invalid_client",
                    "The client_id is unknown.",
                );
            }
        }
        if let Err(msg) = self.verify_assertion(client, get("client_assertion"), audiences) {
            return oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", &msg);
        }
        let scope = get("scope").trim().to_string();
        if scope.is_empty() {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_scope",
                "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
            );
        }
        let token = rand_alnum(48);
        let exp = now_ms() + TOKEN_TTL_SECS * 1000;
        self.issued
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(token.clone(), exp);
        json_response(
            StatusCode::OK,
            &json!({
                "token_type": "Bearer",
                "expires_in": TOKEN_TTL_SECS,
                "access_token": token,
                "scope": scope,
            }),
        )
    }

    fn verify_assertion(
        &self,
        client: &OAuthClient,
        jwt: &str,
        audiences: &[String],
    ) -> Result<(), String> {
        if jwt.is_empty() {
            return Err("client_assertion is required.".into());
        }
        let parts: Vec<&str> = jwt.split('.').collect();
        if parts.len() != 3 {
            return Err("The client_assertion is not a well-formed JWT.".into());
        }
        let header = decode_part(parts[0])
            .ok_or("The client_assertion header is not valid base64url JSON.")?;
        if header.get("alg").and_then(Value::as_str) != Some("RS256") {
            return Err("The client_assertion must be signed with RS256.".into());
        }
        let sig_bytes = URL_SAFE_NO_PAD
            .decode(parts[2].trim_end_matches('='))
            .map_err(|_| "The client_assertion signature is not valid base64url.".to_string())?;
        let sig = Signature::try_from(sig_bytes.as_slice())
            .map_err(|_| "The client_assertion signature is malformed.".to_string())?;
        let verifier = VerifyingKey::<Sha256>::new(client.key.clone());
        let signing_input = format!("{}.{}", parts[0], parts[1]);
        verifier
            .verify(signing_input.as_bytes(), &sig)
            .map_err(|_| "The client_assertion signature is invalid.".to_string())?;
        let claims = decode_part(parts[1])
            .ok_or("The client_assertion claims are not valid base64url JSON.")?;
        let claim = |k: &str| claims.get(k).and_then(Value::as_str).unwrap_or("");
        if claim("iss") != client.client_id || claim("sub") != client.client_id {
            return Err("The client_assertion iss and sub claims must be the client_id.".into());
        }
        let aud_ok = match claims.get("aud") {
            Some(Value::String(a)) => audiences.contains(a),
            Some(Value::Array(a)) => a
                .iter()
                .any(|x| x.as_str().is_some_and(|s| audiences.iter().any(|y| y == s))),
            _ => false,
        };
        if !aud_ok {
            return Err(format!(
                "The audience claim must be the token endpoint URL ({}).",
                audiences.first().map(String::as_str).unwrap_or("")
            ));
        }
        let now_s = now_ms() / 1000;
        match claims.get("exp").and_then(Value::as_f64) {
            Some(exp) if exp > now_s as f64 => {}
            Some(_) => return Err("The client_assertion token is expired.".into()),
            None => return Err("The client_assertion must have an exp claim.".into()),
        }
        let jti = claim("jti");
        if jti.is_empty() {
            return Err("The client_assertion must have a jti claim.".into());
        }
        let mut used = self.used_jti.lock().unwrap_or_else(|e| e.into_inner());
        if !used.insert(jti.to_string()) {
            return Err("The client_assertion token has already been used (jti replay).".into());
        }
        Ok(())
    }
}
