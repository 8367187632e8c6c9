//! terraform-provider-oig: serves the provider over Terraform's plugin protocol 6.

mod nodelay;

use tracing_subscriber::fmt::format::{FormatEvent, FormatFields, Writer};
use tracing_subscriber::fmt::FmtContext;
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::EnvFilter;

/// One log line as Terraform's plugin loader reads a provider's stderr: `[LEVEL] message
/// fields`. Terraform puts its own timestamp and the provider's name in front and files the line
/// at that level, so `TF_LOG=info` shows the provider's INFO lines; a timestamp or level of the
/// provider's own would only repeat Terraform's.
struct TerraformLine;

impl<S, N> FormatEvent<S, N> for TerraformLine
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &tracing::Event<'_>,
    ) -> std::fmt::Result {
        write!(writer, "[{}] ", event.metadata().level())?;
        ctx.format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}

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
        .event_format(TerraformLine)
        .with_writer(std::io::stderr)
        .try_init();
}

/// How often the provider looks whether Terraform is still there.
const PARENT_CHECK: std::time::Duration = std::time::Duration::from_millis(500);

/// Exits the process soon after its parent (Terraform) is gone, however it went (`kill -9`
/// included): an orphan is re-parented, so its parent process ID changes. Terraform starts the
/// provider as its child; a provider started otherwise (a debugger, a test harness) is watched
/// the same way. A plain thread, so it works even when the async runtime is busy.
#[cfg(unix)]
fn exit_when_parent_dies() {
    let parent = std::os::unix::process::parent_id();
    let watcher = std::thread::Builder::new()
        .name("parent-watch".into())
        .spawn(move || loop {
            std::thread::sleep(PARENT_CHECK);
            if std::os::unix::process::parent_id() != parent {
                tracing::warn!(parent, "Terraform (the parent process) is gone: exiting");
                std::process::exit(1);
            }
        });
    if let Err(e) = watcher {
        tracing::warn!(error = %e, "could not watch the parent process");
    }
}

#[cfg(not(unix))]
fn exit_when_parent_dies() {}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // The plugin's gRPC TLS must use ring; aws-lc-rs is kept out of the dependency tree.
    let _ = rustls::crypto::ring::default_provider().install_default();
    init_logging();
    exit_when_parent_dies();
    nodelay::install();
    tf_provider::serve("oig", terraform_provider_oig::OigProvider::new()).await
}
