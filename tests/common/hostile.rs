//! A hostile HTTP server on loopback: it answers what the emulator cannot give (any status,
//! headers and body, dropped connections, endless bodies, no answer at all), and the client
//! and condition shapes the hostile tests share.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use terraform_provider_oig::client::conditions::ConditionInput;
use terraform_provider_oig::client::requests::format_rfc3339;
use terraform_provider_oig::client::{Client, ClientConfig, Credentials, Secret};

use super::client::runtime;

/// One request as the hostile server read it.
#[derive(Debug, Clone)]
pub struct Req {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub body: String,
}

impl Req {
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

/// What the hostile server does with a request.
pub enum Reply {
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Closes the connection without answering (after reading the request).
    Drop,
    /// A 200 whose body has no length and goes on for `bytes` bytes.
    Endless { bytes: usize },
    /// Never answers (holds the connection for two minutes).
    Hang,
}

pub fn reply(status: u16, body: Value) -> Reply {
    Reply::Full {
        status,
        headers: Vec::new(),
        body: body.to_string().into_bytes(),
    }
}

pub fn with_headers(status: u16, headers: &[(&str, String)], body: Value) -> Reply {
    Reply::Full {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        body: body.to_string().into_bytes(),
    }
}

pub type Handler = dyn Fn(&Req, usize) -> Reply + Send + Sync;

/// A loopback HTTP/1.1 server answering each request with what its handler says (the handler
/// also gets how many requests came before), one request per connection.
pub struct Hostile {
    pub url: String,
    log: Arc<Mutex<Vec<Req>>>,
}

impl Hostile {
    pub fn start(handler: impl Fn(&Req, usize) -> Reply + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let log: Arc<Mutex<Vec<Req>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let server_log = Arc::clone(&log);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let handler = Arc::clone(&handler);
                let log = Arc::clone(&server_log);
                std::thread::spawn(move || serve(stream, &*handler, &log));
            }
        });
        Hostile { url, log }
    }

    pub fn requests(&self) -> Vec<Req> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

pub fn serve(mut stream: TcpStream, handler: &Handler, log: &Mutex<Vec<Req>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.lines();
    let mut first = lines.next().unwrap_or("").split_whitespace();
    let method = first.next().unwrap_or("").to_string();
    let target = first.next().unwrap_or("").to_string();
    let length: usize = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let body = String::from_utf8_lossy(&buf[head_end..]).to_string();
    let req = Req {
        method,
        target,
        body,
    };
    let index = {
        let mut log = log.lock().unwrap_or_else(|p| p.into_inner());
        log.push(req.clone());
        log.len() - 1
    };
    let date = httpdate::fmt_http_date(SystemTime::now());
    match handler(&req, index) {
        Reply::Drop => {}
        Reply::Hang => std::thread::sleep(Duration::from_secs(120)),
        Reply::Endless { bytes } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nDate: {date}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
            );
            let _ = stream.write_all(head.as_bytes());
            let block = vec![b' '; 64 * 1024];
            let mut sent = 0;
            while sent < bytes {
                if stream.write_all(&block).is_err() {
                    return;
                }
                sent += block.len();
            }
        }
        Reply::Full {
            status,
            headers,
            body,
        } => {
            let mut head = format!("HTTP/1.1 {status} Hostile\r\nConnection: close\r\n");
            if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("date")) {
                head.push_str(&format!("Date: {date}\r\n"));
            }
            if !headers
                .iter()
                .any(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            {
                head.push_str(&format!("Content-Length: {}\r\n", body.len()));
            }
            head.push_str("Content-Type: application/json\r\n");
            for (k, v) in &headers {
                head.push_str(&format!("{k}: {v}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    }
    let _ = stream.flush();
}

pub const TOKEN: &str = "hostile-test-token-0123456789";

pub fn client(url: &str) -> Client {
    Client::new(ClientConfig {
        org_url: url.to_string(),
        credentials: Credentials::ApiToken(Secret::new(TOKEN)),
        max_retries: 1,
        request_timeout: Duration::from_secs(5),
        max_api_capacity: 100,
    })
    .expect("client")
}

/// Runs `f` with a time limit, so that a client that waits where it must not fails the test
/// instead of hanging it.
pub fn within<T>(limit: Duration, f: impl std::future::Future<Output = T>) -> T {
    runtime()
        .block_on(async { tokio::time::timeout(limit, f).await })
        .unwrap_or_else(|_| panic!("still waiting after {limit:?}"))
}

pub fn epoch_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

pub const ORG_SETTINGS: &str = "/governance/api/v2/request-settings";
pub const RESOURCE: &str = "0oaHOSTILE1234567890";
pub const SEQUENCE: &str = "aaaaaaaaaaaaaaaaaaaaaaaa";
pub const OTHER_SEQUENCE: &str = "bbbbbbbbbbbbbbbbbbbbbbbb";

pub fn org_settings() -> Value {
    json!({"subprocessorsAcknowledged": true, "provisioningStatus": "PROVISIONED",
           "requestExperiences": ["CATALOG"], "longTimePastProvisioned": false})
}

pub fn conditions_path() -> String {
    format!("/governance/api/v2/resources/{RESOURCE}/request-conditions")
}

pub fn input(name: &str) -> ConditionInput {
    ConditionInput::everyone(name, SEQUENCE)
}

pub fn condition(id: &str, name: &str, sequence: &str, created: SystemTime) -> Value {
    json!({
        "id": id, "name": name, "approvalSequenceId": sequence, "status": "INACTIVE",
        "priority": 0,
        "requesterSettings": {"type": "EVERYONE"},
        "accessScopeSettings": {"type": "RESOURCE_DEFAULT"},
        "created": format_rfc3339(created), "lastUpdated": format_rfc3339(created),
    })
}
