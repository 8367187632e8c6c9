//! terraform-provider-oig: serves the provider over Terraform's plugin protocol 6.

mod nodelay;

use tracing_subscriber::EnvFilter;

/// Logs go to stderr, which Terraform captures into its own log (`TF_LOG`, `TF_LOG_PROVIDER`);
/// stdout belongs to the plugin handshake. Secrets never reach a log line: the client redacts
/// them at the source.
fn init_logging() {
    if std::env::var_os("PLUGIN_LOG_FILE").is_some() {
        return; // tf-provider installs its own file logger in that case
    }
    let level = ["TF_LOG_PROVIDER_OIG", "TF_LOG_PROVIDER", "TF_LOG"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
        .map(|v| match v.to_ascii_lowercase().as_str() {
            "trace" | "json" => "trace",
            "debug" => "debug",
            "info" => "info",
            "warn" => "warn",
            "error" => "error",
            "off" => "off",
            _ => "warn",
        })
        .unwrap_or("warn");
    let filter = EnvFilter::new(format!("warn,terraform_provider_oig={level}"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // The plugin's gRPC TLS must use ring; aws-lc-rs is kept out of the dependency tree.
    let _ = rustls::crypto::ring::default_provider().install_default();
    init_logging();
    nodelay::install();
    tf_provider::serve("oig", terraform_provider_oig::OigProvider::new()).await
}
