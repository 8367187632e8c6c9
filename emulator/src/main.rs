use std::path::PathBuf;

use clap::Parser;

/// Local, stateful emulator of Okta Identity Governance's access-requests API.
#[derive(Parser, Debug)]
#[command(name = "oig-emulator", version)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: String,
    /// API token accepted as `SSWS <token>` or `Bearer <token>`.
    #[arg(long)]
    token: String,
    /// Fixtures file (JSON) seeding a new store; the built-in demo org when absent.
    #[arg(long)]
    fixtures: Option<PathBuf>,
    /// State file: loaded when it exists, rewritten atomically after every mutation.
    #[arg(long)]
    state: Option<PathBuf>,
    /// Delay added to every API response, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Calls allowed per minute and endpoint bucket (unlimited when absent).
    #[arg(long)]
    rate_limit: Option<u32>,
    /// Length of a rate-limit window in seconds (Okta's is 60; shorter windows make tests fast).
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u32).range(1..=3600))]
    rate_limit_window_secs: u32,
    /// Time from acknowledging subprocessors to PROVISIONED, in milliseconds.
    #[arg(long, default_value_t = 1500)]
    provisioning_delay_ms: u64,
    /// OAuth 2.0 client ID accepted by /oauth2/v1/token.
    #[arg(long, requires = "oauth_public_key")]
    oauth_client_id: Option<String>,
    /// PEM file with the client's RSA public key (SPKI or PKCS#1).
    #[arg(long, requires = "oauth_client_id")]
    oauth_public_key: Option<PathBuf>,
    /// Keep the `valid*` lists of request settings in the fixture's order (live Okta shuffles them).
    #[arg(long)]
    ordered_lists: bool,
    /// Seed of the shuffles and conflict draws (reproducible runs).
    #[arg(long)]
    seed: Option<u64>,
    /// List conditions as full objects (live Okta lists the sparse representation).
    #[arg(long)]
    full_lists: bool,
    /// Origin of every link (`_links`, `Location`, `Link`), e.g. `http://evil.localhost:1234`.
    #[arg(long)]
    link_origin: Option<String>,
    /// Links on the host the client called (live Okta uses the org's `-admin` twin).
    #[arg(long)]
    same_origin_links: bool,
    /// Answer `priority: 0` to a create/PATCH of a condition (PR #2786 reports it).
    #[arg(long)]
    priority_zero_echo: bool,
    /// Share (0.0..=1.0) of overlapping condition writes on one resource answered 409 (issue #2633).
    #[arg(long)]
    conflict_rate: Option<f64>,
    /// DELETE of a condition answers 500 although it deletes (PR #2784).
    #[arg(long = "delete-500")]
    delete_500: bool,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let config = oig_emulator::Config {
        listen: args.listen,
        token: args.token,
        fixtures: args.fixtures,
        state: args.state,
        latency_ms: args.latency_ms,
        rate_limit: args.rate_limit,
        rate_limit_window_secs: args.rate_limit_window_secs,
        provisioning_delay_ms: args.provisioning_delay_ms,
        oauth_client_id: args.oauth_client_id,
        oauth_public_key: args.oauth_public_key,
        ordered_lists: args.ordered_lists,
        seed: args.seed,
        full_lists: args.full_lists,
        link_origin: args.link_origin,
        same_origin_links: args.same_origin_links,
        priority_zero_echo: args.priority_zero_echo,
        conflict_rate: args.conflict_rate,
        delete_500: args.delete_500,
    };
    if let Err(e) = oig_emulator::run(config).await {
        eprintln!("oig-emulator: {e}");
        std::process::exit(2);
    }
}
