//! `oig-emulator`: the command line is [`oig_emulator::Config`].

use clap::Parser;

#[tokio::main]
async fn main() {
    let config = oig_emulator::Config::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    if let Err(e) = oig_emulator::run(config).await {
        eprintln!("oig-emulator: {e}");
        std::process::exit(2);
    }
}
