//! A private `oig-emulator` process per test, and calls to its control and API endpoints.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use super::{emulator_bin, TOKEN};

/// The org host the acceptance tests use. Names under `.localhost` are loopback (RFC 6761), and
/// the provider resolves them itself; with a real host name the emulator writes its links on the
/// org's `-admin` twin (`acme-admin.localhost`), as live Okta does, so the whole suite runs with
/// links on another host than the one called.
pub const ORG_HOST: &str = "acme.localhost";

pub struct Emulator {
    child: Child,
    /// The org URL the provider is given: `http://acme.localhost:PORT`.
    pub url: String,
    /// The same server by IP address (`http://127.0.0.1:PORT`), for clients that do not resolve
    /// `*.localhost` names themselves.
    pub ip_url: String,
    /// The address the emulator listens on.
    pub addr: std::net::SocketAddr,
    pub dir: tempfile::TempDir,
    http: reqwest::blocking::Client,
}

impl Emulator {
    pub fn start() -> Emulator {
        Emulator::start_with(&[])
    }

    /// Starts an emulator on a free port with the demo org and the test token.
    pub fn start_with(extra: &[&str]) -> Emulator {
        Emulator::start_in(tempfile::tempdir().expect("temp dir"), extra)
    }

    /// Starts an emulator whose org is `fixtures` (the emulator's fixtures file, written into
    /// the emulator's own temporary directory) instead of the demo org, with the `extra` options.
    pub fn with_fixtures(fixtures: &Value, extra: &[&str]) -> Emulator {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("fixtures.json");
        std::fs::write(&path, fixtures.to_string()).unwrap_or_else(|e| panic!("{e}"));
        let path = path.display().to_string();
        let args: Vec<&str> = ["--fixtures", path.as_str()]
            .into_iter()
            .chain(extra.iter().copied())
            .collect();
        Emulator::start_in(dir, &args)
    }

    fn start_in(dir: tempfile::TempDir, extra: &[&str]) -> Emulator {
        let mut child = Command::new(emulator_bin())
            .args(["--listen", "127.0.0.1:0", "--token", TOKEN])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("oig-emulator could not start");
        let stdout = child.stdout.take().expect("emulator stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("emulator's first line");
        let ip_url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from oig-emulator: {line:?}"))
            .to_string();
        let addr: std::net::SocketAddr = ip_url
            .trim_start_matches("http://")
            .parse()
            .unwrap_or_else(|e| panic!("unexpected address from oig-emulator: {ip_url:?} ({e})"));
        let url = format!("http://{ORG_HOST}:{}", addr.port());
        let admin = ORG_HOST.replacen('.', "-admin.", 1);
        Emulator {
            child,
            url,
            ip_url,
            addr,
            dir,
            http: reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(30))
                .resolve(ORG_HOST, addr)
                .resolve(&admin, addr)
                .build()
                .expect("http client"),
        }
    }

    pub fn control(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/__emulator/{}", self.url, path.trim_start_matches('/'));
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self.http.request(method, &url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().expect("emulator control call");
        assert!(
            resp.status().is_success(),
            "control call {url} failed: {}",
            resp.status()
        );
        resp.json().unwrap_or(Value::Null)
    }

    /// The emulator's log of received API requests.
    pub fn log(&self) -> Vec<Value> {
        match self.control("GET", "log", None) {
            Value::Array(a) => a,
            other => panic!("unexpected log: {other}"),
        }
    }

    /// The API writes the emulator received, in order: `METHOD /path` for every call but GET.
    pub fn writes(&self) -> Vec<String> {
        self.log()
            .iter()
            .filter(|e| e["method"] != "GET")
            .map(|e| {
                format!(
                    "{} {}",
                    e["method"].as_str().unwrap_or(""),
                    e["path"].as_str().unwrap_or("")
                )
            })
            .collect()
    }

    pub fn clear_log(&self) {
        self.control("DELETE", "log", None);
    }

    /// Removes every fault injected so far.
    pub fn clear_faults(&self) {
        self.control("DELETE", "faults", None);
    }

    pub fn fault(&self, fault: Value) {
        self.control("POST", "faults", Some(fault));
    }

    /// An authenticated API call, as a client other than the provider would make it.
    pub fn api(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .http
            .request(method, format!("{}{}", self.url, path))
            .header("Authorization", format!("SSWS {TOKEN}"))
            .header("Accept", "application/json");
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().expect("emulator API call");
        let status = resp.status().as_u16();
        (status, resp.json().unwrap_or(Value::Null))
    }
}

/// The OAuth 2.0 service app the emulator knows in [`Emulator::start_oauth`].
pub const OAUTH_CLIENT_ID: &str = "0oaservice123";

impl Emulator {
    /// Starts an emulator that grants OAuth 2.0 tokens to the service app [`OAUTH_CLIENT_ID`]
    /// with a fresh 2048-bit RSA key: the emulator, the private key (PKCS#8 PEM), and the temp
    /// dir of the public key (keep it while the emulator runs).
    pub fn start_oauth() -> (Emulator, String, tempfile::TempDir) {
        use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
        let key = rsa::RsaPrivateKey::new(&mut rand::thread_rng(), 2048).expect("RSA key");
        let private_pem = key
            .to_pkcs8_pem(LineEnding::LF)
            .expect("PKCS#8 PEM")
            .to_string();
        let public_pem = key
            .to_public_key()
            .to_public_key_pem(LineEnding::LF)
            .expect("SPKI PEM");
        let keys = tempfile::tempdir().expect("temp dir");
        let public_path = keys.path().join("public.pem");
        std::fs::write(&public_path, public_pem).expect("write public key");
        let emu = Emulator::start_with(&[
            "--oauth-client-id",
            OAUTH_CLIENT_ID,
            "--oauth-public-key",
            &public_path.display().to_string(),
        ]);
        (emu, private_pem, keys)
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
