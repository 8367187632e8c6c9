//! OAuth 2.0 client credentials with a private_key_jwt client assertion.

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use common::*;
use rsa::pkcs1::EncodeRsaPublicKey;
use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::{EncodePublicKey, LineEnding};
use rsa::signature::{SignatureEncoding, Signer};
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{json, Value};
use sha2::Sha256;

const CLIENT_ID: &str = "0oaclient00000000001";

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn sign(key: &RsaPrivateKey, header: &Value, claims: &Value) -> String {
    let h = URL_SAFE_NO_PAD.encode(header.to_string());
    let c = URL_SAFE_NO_PAD.encode(claims.to_string());
    let input = format!("{h}.{c}");
    let sig = SigningKey::<Sha256>::new(key.clone()).sign(input.as_bytes());
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig.to_bytes()))
}

struct Setup {
    emu: Emu,
    key: RsaPrivateKey,
    aud: String,
    _dir: std::path::PathBuf,
}

fn key() -> RsaPrivateKey {
    let mut rng = rand::thread_rng();
    RsaPrivateKey::new(&mut rng, 1024).expect("generate key")
}

async fn setup(key: RsaPrivateKey, pkcs1: bool) -> Setup {
    let dir = std::env::temp_dir().join(format!("oig-emu-oauth-{}-{}", std::process::id(), pkcs1));
    std::fs::create_dir_all(&dir).unwrap();
    let public = RsaPublicKey::from(&key);
    let pem = if pkcs1 {
        public.to_pkcs1_pem(LineEnding::LF).unwrap()
    } else {
        public.to_public_key_pem(LineEnding::LF).unwrap()
    };
    let path = dir.join("public.pem");
    std::fs::write(&path, pem).unwrap();
    let emu = Emu::start_with(&[
        "--oauth-client-id",
        CLIENT_ID,
        "--oauth-public-key",
        path.to_str().unwrap(),
    ])
    .await;
    let aud = format!("{}/oauth2/v1/token", emu.base);
    Setup {
        emu,
        key,
        aud,
        _dir: dir,
    }
}

fn claims(aud: &str) -> Value {
    json!({
        "iss": CLIENT_ID, "sub": CLIENT_ID, "aud": aud,
        "iat": now(), "exp": now() + 300,
        "jti": format!("jti-{}", rand::random::<u64>()),
    })
}

async fn token_request(emu: &Emu, form: &[(&str, &str)]) -> Resp {
    let r = emu
        .http
        .post(emu.url("/oauth2/v1/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(
            form.iter()
                .map(|(k, v)| format!("{k}={}", urlencode(v)))
                .collect::<Vec<_>>()
                .join("&"),
        )
        .send()
        .await
        .unwrap();
    to_resp(r).await
}

/// `GET` of the org settings with this `Authorization` header (checked for conformance).
async fn org_settings_with(emu: &Emu, authorization: &str) -> Resp {
    let path = "/governance/api/v2/request-settings";
    emu.send(
        "GET",
        path,
        emu.http
            .get(emu.url(path))
            .header("Authorization", authorization),
    )
    .await
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn form<'a>(assertion: &'a str, scope: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("grant_type", "client_credentials"),
        ("scope", scope),
        (
            "client_assertion_type",
            "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        ),
        ("client_assertion", assertion),
    ]
}

const SCOPES: &str = "okta.accessRequests.condition.read okta.accessRequests.condition.manage";

#[tokio::test]
async fn client_credentials_flow() {
    let s = setup(key(), false).await;
    let jwt = sign(
        &s.key,
        &json!({ "alg": "RS256", "typ": "JWT", "kid": "key-1" }),
        &claims(&s.aud),
    );
    let r = token_request(&s.emu, &form(&jwt, SCOPES)).await;
    r.assert_status(200);
    assert_eq!(r.body["token_type"], "Bearer");
    assert_eq!(r.body["expires_in"], 3600);
    assert_eq!(r.body["scope"], SCOPES);
    let token = r.body["access_token"].as_str().unwrap().to_string();
    assert!(token.len() >= 20);
    assert!(r.header("x-rate-limit-limit").is_some());

    let api = org_settings_with(&s.emu, &format!("Bearer {token}")).await;
    api.assert_status(200);
    let log = s.emu.log().await;
    assert_eq!(log.last().unwrap()["auth"], "Bearer");
    // An issued token is not an SSWS token.
    let r = org_settings_with(&s.emu, &format!("SSWS {token}")).await;
    r.assert_error(401, "E0000004", None);
    // Replaying the same assertion (same jti) is rejected.
    let r = token_request(&s.emu, &form(&jwt, SCOPES)).await;
    r.assert_status(401);
    assert_eq!(r.body["error"], "invalid_client");
}

#[tokio::test]
async fn pkcs1_public_key_works() {
    let s = setup(key(), true).await;
    let jwt = sign(&s.key, &json!({ "alg": "RS256" }), &claims(&s.aud));
    token_request(&s.emu, &form(&jwt, "okta.governance.accessRequests.read"))
        .await
        .assert_status(200);
}

#[tokio::test]
async fn rejected_assertions() {
    let k = key();
    let s = setup(k.clone(), false).await;
    let other = key();
    let h = json!({ "alg": "RS256" });
    let mut cases: Vec<(String, &str)> = Vec::new();
    cases.push((sign(&other, &h, &claims(&s.aud)), "wrong key"));
    let mut c = claims(&s.aud);
    c["exp"] = json!(now() - 10);
    cases.push((sign(&k, &h, &c), "expired"));
    let mut c = claims(&s.aud);
    c.as_object_mut().unwrap().remove("exp");
    cases.push((sign(&k, &h, &c), "no exp"));
    let mut c = claims(&s.aud);
    c["iss"] = json!("0oasomeoneelse000000");
    cases.push((sign(&k, &h, &c), "wrong iss"));
    let mut c = claims(&s.aud);
    c["sub"] = json!("0oasomeoneelse000000");
    cases.push((sign(&k, &h, &c), "wrong sub"));
    cases.push((
        sign(&k, &h, &claims("https://example.okta.com/oauth2/v1/token")),
        "wrong aud",
    ));
    let mut c = claims(&s.aud);
    c.as_object_mut().unwrap().remove("jti");
    cases.push((sign(&k, &h, &c), "no jti"));
    cases.push((
        sign(&k, &json!({ "alg": "HS256" }), &claims(&s.aud)),
        "wrong alg",
    ));
    cases.push(("not.a.jwt".to_string(), "garbage"));
    cases.push(("".to_string(), "empty"));
    let good = sign(&k, &h, &claims(&s.aud));
    let mut parts: Vec<String> = good.split('.').map(str::to_string).collect();
    parts[1] = URL_SAFE_NO_PAD.encode(claims(&s.aud).to_string());
    cases.push((parts.join("."), "tampered claims"));
    for (jwt, what) in cases {
        let r = token_request(&s.emu, &form(&jwt, SCOPES)).await;
        assert_eq!(r.status, 401, "{what}: {}", r.text);
        assert_eq!(r.body["error"], "invalid_client", "{what}");
        assert!(r.body["error_description"].is_string(), "{what}");
    }
    // Request-level errors.
    let jwt = sign(&k, &h, &claims(&s.aud));
    let mut f = form(&jwt, SCOPES);
    f[0] = ("grant_type", "password");
    let r = token_request(&s.emu, &f).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["error"], "unsupported_grant_type");
    let mut f = form(&jwt, SCOPES);
    f[2] = ("client_assertion_type", "urn:other");
    let r = token_request(&s.emu, &f).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.body["error"], "invalid_client");
    let jwt = sign(&k, &h, &claims(&s.aud));
    let r = token_request(&s.emu, &form(&jwt, "")).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["error"], "invalid_scope");
    let r = s
        .emu
        .http
        .post(s.emu.url("/oauth2/v1/token"))
        .json(&json!({ "grant_type": "client_credentials" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    // A made-up bearer token is rejected by the API.
    let r = s
        .emu
        .send(
            "GET",
            "/governance/api/v1/requests",
            s.emu
                .http
                .get(s.emu.url("/governance/api/v1/requests"))
                .header("Authorization", "Bearer made-up"),
        )
        .await;
    r.assert_error(401, "E0000004", None);
}

#[tokio::test]
async fn without_oauth_flags_the_endpoint_refuses() {
    let emu = Emu::start().await;
    let k = key();
    let jwt = sign(
        &k,
        &json!({ "alg": "RS256" }),
        &claims(&format!("{}/oauth2/v1/token", emu.base)),
    );
    let r = token_request(&emu, &form(&jwt, SCOPES)).await;
    assert_eq!(r.status, 401);
    assert_eq!(r.body["error"], "invalid_client");
}
