//! `oig-emulator`: a stateful local emulator of Okta Identity Governance's
//! access-requests REST API (requests v1, request settings v2, request conditions v2).
//!
//! [`start`] binds the listener and serves in the background; the binary in
//! `main.rs` wraps it with command-line parsing.

pub mod app;
pub mod auth;
pub mod behaviour;
pub mod condition_checks;
pub mod conditions;
pub mod control;
pub mod durations;
pub mod errors;
pub mod faults;
pub mod fixtures;
pub mod ratelimit;
pub mod records;
pub mod request_list;
pub mod requests;
pub mod routes;
pub mod sequences;
pub mod server;
pub mod settings;
pub mod store;
pub mod util;
pub mod validate;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::app::App;
use crate::auth::{load_public_key, Auth, OAuthClient};
use crate::behaviour::{Behaviour, Live};
use crate::faults::{Faults, RequestLog};
use crate::ratelimit::RateLimiter;
use crate::store::{Db, Store};

// Start-up options: the command line (`oig-emulator --help` shows these doc comments), which
// tests also build directly; its defaults are the command line's, so an option is declared once.
/// Local, stateful emulator of Okta Identity Governance's access-requests API.
#[derive(clap::Parser, Debug, Clone)]
#[command(name = "oig-emulator", version)]
pub struct Config {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: String,
    /// API token accepted as `SSWS <token>` or `Bearer <token>`.
    #[arg(long)]
    pub token: String,
    /// Fixtures file (JSON) seeding a new store; the built-in demo org when absent.
    #[arg(long)]
    pub fixtures: Option<PathBuf>,
    /// State file: loaded when it exists, rewritten atomically after every mutation.
    #[arg(long)]
    pub state: Option<PathBuf>,
    /// Delay added to every API response, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Calls allowed per minute and endpoint bucket (unlimited when absent).
    #[arg(long)]
    pub rate_limit: Option<u32>,
    /// Length of a rate-limit window in seconds (Okta's is 60; shorter windows make tests fast).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub rate_limit_window_secs: u32,
    /// Time from acknowledging subprocessors to PROVISIONED, in milliseconds.
    #[arg(long, default_value_t = 1500)]
    pub provisioning_delay_ms: u64,
    /// OAuth 2.0 client ID accepted by /oauth2/v1/token.
    #[arg(long, requires = "oauth_public_key")]
    pub oauth_client_id: Option<String>,
    /// PEM file with the client's RSA public key (SPKI or PKCS#1).
    #[arg(long, requires = "oauth_client_id")]
    pub oauth_public_key: Option<PathBuf>,
    /// Keep the `valid*` lists of request settings in the fixture's order (live Okta shuffles them).
    #[arg(long)]
    pub ordered_lists: bool,
    /// Seed of the shuffles and conflict draws (reproducible runs).
    #[arg(long)]
    pub seed: Option<u64>,
    /// List conditions as full objects (live Okta lists the sparse representation).
    #[arg(long)]
    pub full_lists: bool,
    /// Origin of every link (`_links`, `Location`, `Link`), e.g. `http://evil.localhost:1234`.
    #[arg(long)]
    pub link_origin: Option<String>,
    /// Links on the host the client called (live Okta uses the org's `-admin` twin).
    #[arg(long)]
    pub same_origin_links: bool,
    /// Answer `priority: 0` to a create/PATCH of a condition (PR #2786 reports it).
    #[arg(long)]
    pub priority_zero_echo: bool,
    /// Share (0.0..=1.0) of overlapping condition writes on one resource answered 409 (issue #2633).
    #[arg(long)]
    pub conflict_rate: Option<f64>,
    /// DELETE of a condition answers 500 although it deletes (PR #2784).
    #[arg(long = "delete-500")]
    pub delete_500: bool,
}

impl Default for Config {
    /// The command line's defaults, with an empty token.
    fn default() -> Self {
        <Config as clap::Parser>::parse_from(["oig-emulator", "--token="])
    }
}

/// The switches at start: defaults, then the fixtures' `"behaviour"` key, then the flags.
fn initial_behaviour(config: &Config) -> Result<Behaviour, String> {
    let mut b = Behaviour::default();
    if let Some(path) = &config.fixtures {
        let bytes =
            std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let doc: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|e| format!("cannot parse {}: {e}", path.display()))?;
        if let Some(v) = doc.get("behaviour").filter(|v| !v.is_null()) {
            b.merge(v).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    if config.ordered_lists {
        b.shuffle_lists = false;
    }
    if config.seed.is_some() {
        b.seed = config.seed;
    }
    if config.full_lists {
        b.sparse_lists = false;
    }
    if let Some(o) = &config.link_origin {
        b.link_origin = Some(behaviour::check_origin(o)?);
    }
    if config.same_origin_links {
        b.admin_twin_links = false;
    }
    if config.priority_zero_echo {
        b.priority_zero_echo = true;
    }
    if let Some(r) = config.conflict_rate {
        if !(0.0..=1.0).contains(&r) {
            return Err(format!("--conflict-rate {r} is not within 0.0..=1.0"));
        }
        b.conflict_rate = r;
    }
    if config.delete_500 {
        b.delete_500 = true;
    }
    Ok(b)
}

/// A running emulator. Dropping it stops the accept loop.
pub struct Server {
    pub addr: SocketAddr,
    pub base_url: String,
    task: JoinHandle<()>,
}

impl Server {
    /// Waits until the accept loop ends (it normally never does).
    pub async fn wait(mut self) {
        let _ = (&mut self.task).await;
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn initial_store(config: &Config) -> Result<(Store, Store), String> {
    let seed = match &config.fixtures {
        Some(path) => store::load(path)?,
        None => fixtures::demo(),
    };
    if let Some(state) = &config.state {
        if state.exists() {
            let loaded = store::load(state)?;
            return Ok((loaded, seed));
        }
        store::save(state, &seed)
            .map_err(|e| format!("cannot write state file {}: {e}", state.display()))?;
    }
    Ok((seed.clone(), seed))
}

/// Binds the listener and serves in a background task.
pub async fn start(config: Config) -> Result<Server, String> {
    if config.token.is_empty() {
        return Err("--token must not be empty".into());
    }
    let oauth = match (&config.oauth_client_id, &config.oauth_public_key) {
        (Some(id), Some(path)) => {
            let pem = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            Some(OAuthClient {
                client_id: id.clone(),
                key: load_public_key(&pem)?,
            })
        }
        (None, None) => None,
        _ => return Err("--oauth-client-id and --oauth-public-key must be given together".into()),
    };
    let behaviour = initial_behaviour(&config)?;
    let (current, initial) = initial_store(&config)?;
    let listener = TcpListener::bind(&config.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", config.listen))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("no local address: {e}"))?;
    let base_url = format!("http://{addr}");
    let app = Arc::new(App {
        db: Db::new(current, initial, config.state.clone()),
        auth: Auth::new(config.token.clone(), oauth),
        base_url: base_url.clone(),
        latency_ms: config.latency_ms,
        provisioning_delay_ms: config.provisioning_delay_ms,
        limiter: RateLimiter::new(config.rate_limit, config.rate_limit_window_secs),
        faults: Faults::default(),
        log: RequestLog::default(),
        seq: AtomicU64::new(0),
        live: Live::new(behaviour),
    });
    let task = tokio::spawn(accept_loop(listener, app));
    Ok(Server {
        addr,
        base_url,
        task,
    })
}

/// Starts the server, prints `listening on http://HOST:PORT` as the first stdout line
/// (flushed), then serves until interrupted (Ctrl-C / SIGINT).
pub async fn run(config: Config) -> Result<(), String> {
    use std::io::Write;
    let server = start(config).await?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on {}", server.base_url).map_err(|e| format!("stdout: {e}"))?;
        out.flush().map_err(|e| format!("stdout: {e}"))?;
    }
    tracing::info!("oig-emulator listening on {}", server.base_url);
    tokio::select! {
        _ = server.wait() => {}
        _ = tokio::signal::ctrl_c() => {
            tracing::info!("interrupted, shutting down");
        }
    }
    Ok(())
}

async fn accept_loop(listener: TcpListener, app: Arc<App>) {
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(x) => x,
            Err(e) => {
                tracing::warn!("accept failed: {e}");
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            }
        };
        let app = app.clone();
        tokio::spawn(async move {
            let svc = hyper::service::service_fn(move |req| server::handle(app.clone(), req));
            let conn = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(stream), svc);
            if let Err(e) = conn.await {
                tracing::debug!(%peer, "connection closed: {e}");
            }
        });
    }
}
