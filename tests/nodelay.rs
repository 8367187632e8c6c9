//! The gRPC connection Terraform opens to the provider has `TCP_NODELAY` (src/nodelay.rs), so
//! no answer waits out a delayed ACK. Checked from the inside: at trace level the provider logs
//! the option as read back from the socket it accepted, for the address Terraform logs dialing.

mod common;

use common::{Workdir, SETTINGS_HCL as HCL};

/// What one provider process logged: whether it called the API, and its `tcp_nodelay=`
/// readings of the connection(s) its plugin listener accepted — from Terraform, the only party
/// that learns the listener's address (from the handshake line on the provider's stdout).
#[derive(Debug)]
struct ProviderRun {
    called_api: bool,
    readings: Vec<bool>,
}

/// Runs `terraform plan` at trace level (with `extra` in the environment) and splits the log
/// into the provider processes Terraform started, one after another.
fn plan_and_read_nodelay(extra: &[(&str, &str)]) -> Vec<ProviderRun> {
    let (_emu, mut w) = Workdir::with_emulator();
    let log = w.path().join("tf.log");
    w.env("TF_LOG", "trace")
        .env("TF_LOG_PROVIDER", "trace")
        .env("TF_LOG_PATH", &log.display().to_string());
    for (k, v) in extra {
        w.env(k, v);
    }
    w.write(HCL);
    w.ok(&["plan", "-no-color", "-input=false"]);
    let text = std::fs::read_to_string(&log).expect("terraform log");

    let mut runs: Vec<ProviderRun> = Vec::new();
    for line in text.lines() {
        if line.contains("provider: plugin started:") {
            runs.push(ProviderRun {
                called_api: false,
                readings: Vec::new(),
            });
        }
        let Some(run) = runs.last_mut() else { continue };
        if !line.contains("provider.terraform-provider-oig:") {
            continue;
        }
        run.called_api |= line.contains("API request");
        if line.contains("plugin connection 127.0.0.1:") {
            if let Some(value) = line.split("tcp_nodelay=").nth(1) {
                run.readings.push(value.starts_with("true"));
            }
        }
    }
    assert!(
        runs.iter().any(|r| r.called_api),
        "no provider process called the API: {runs:?}\n{text}"
    );
    for run in &runs {
        assert!(
            !run.called_api || !run.readings.is_empty(),
            "the provider process that called the API logged no tcp_nodelay reading: \
             {runs:?}\n{text}"
        );
    }
    runs
}

#[test]
fn the_connection_terraform_uses_has_tcp_nodelay() {
    let runs = plan_and_read_nodelay(&[]);
    let readings: Vec<bool> = runs.iter().flat_map(|r| r.readings.clone()).collect();
    assert!(
        readings.iter().all(|on| *on),
        "a plugin connection lacks TCP_NODELAY: {runs:?}"
    );
}

/// The control: with the workaround switched off the same check reads `false` — tf-provider
/// alone leaves Nagle's algorithm on, and the check above can fail.
#[test]
fn without_the_workaround_the_connection_lacks_tcp_nodelay() {
    let runs = plan_and_read_nodelay(&[("OIG_PLUGIN_TCP_NODELAY", "0")]);
    let readings: Vec<bool> = runs.iter().flat_map(|r| r.readings.clone()).collect();
    assert!(
        readings.iter().all(|on| !*on),
        "tf-provider now sets TCP_NODELAY itself ({runs:?}): remove src/nodelay.rs and its \
         call in main.rs"
    );
}
