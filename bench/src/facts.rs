//! Facts about the machine and the provider process: CPU, memory, Terraform's version, the
//! handshake time and the binary sizes.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::procs::Bins;
use crate::results::{Machine, ProcessFacts};
use crate::settings::Settings;

/// The environment variable go-plugin checks before a plugin answers (Terraform's value).
const MAGIC_COOKIE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

pub fn read_trim(path: &str) -> String {
    std::fs::read_to_string(path)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

pub fn machine(bins: &Bins) -> Result<Machine> {
    let cpuinfo = read_trim("/proc/cpuinfo");
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let meminfo = read_trim("/proc/meminfo");
    let mem_total = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| format!("{:.1} GiB", kb / 1024.0 / 1024.0))
        .unwrap_or_else(|| "unknown".into());
    let out = Command::new(&bins.terraform)
        .arg("version")
        .env("CHECKPOINT_DISABLE", "1")
        .stderr(Stdio::null())
        .output()
        .context("terraform version")?;
    let terraform = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or("unknown")
        .trim()
        .to_string();
    let date = Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    Ok(Machine {
        nproc: std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        model,
        mem_total,
        kernel: read_trim("/proc/sys/kernel/osrelease"),
        terraform,
        load_before: read_trim("/proc/loadavg"),
        load_after: String::new(),
        date,
    })
}

/// Time from starting a provider binary, with the environment Terraform gives it, to its
/// handshake line on stdout.
fn handshake_ms(bin: &Path, client_cert: Option<&str>) -> Result<f64> {
    let mut cmd = Command::new(bin);
    for (k, _) in std::env::vars() {
        if k.starts_with("PLUGIN_") || k.starts_with("TF_") {
            cmd.env_remove(k);
        }
    }
    cmd.env("PLUGIN_PROTOCOL_VERSIONS", "6")
        .env("TF_PLUGIN_MAGIC_COOKIE", MAGIC_COOKIE)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(cert) = client_cert {
        cmd.env("PLUGIN_CLIENT_CERT", cert);
    }
    let started = Instant::now();
    let mut child = cmd
        .spawn()
        .with_context(|| format!("starting {}", bin.display()))?;
    let stdout = child.stdout.take().context("provider stdout")?;
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
    let _ = child.kill();
    let _ = child.wait();
    if !line.starts_with("1|6|tcp|") {
        bail!("unexpected handshake line from {}: {line:?}", bin.display());
    }
    Ok(elapsed)
}

fn stripped_size(bin: &Path, scratch: &Path) -> Result<u64> {
    let copy = scratch.join(format!(
        "{}.stripped",
        bin.file_name().and_then(|n| n.to_str()).unwrap_or("bin")
    ));
    std::fs::copy(bin, &copy)?;
    let status = Command::new("strip")
        .arg(&copy)
        .status()
        .context("running strip")?;
    if !status.success() {
        bail!("strip {} failed", copy.display());
    }
    Ok(std::fs::metadata(&copy)?.len())
}

pub fn process_facts(bins: &Bins, s: &Settings, scratch: &Path) -> Result<ProcessFacts> {
    // Terraform always asks for mTLS (go-plugin's AutoMTLS): a client certificate in
    // PLUGIN_CLIENT_CERT, to which the provider answers with a certificate of its own.
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()])
        .context("generating a client certificate")?
        .cert
        .pem();
    let mut f = ProcessFacts::default();
    // One unmeasured start each, so that the binaries are in the page cache.
    handshake_ms(&bins.provider, Some(&cert))?;
    handshake_ms(&bins.floor, Some(&cert))?;
    for _ in 0..s.handshakes {
        f.handshake_ms
            .push(handshake_ms(&bins.provider, Some(&cert))?);
        f.floor_handshake_ms
            .push(handshake_ms(&bins.floor, Some(&cert))?);
        f.handshake_no_tls_ms
            .push(handshake_ms(&bins.provider, None)?);
    }
    f.size_built = std::fs::metadata(&bins.provider)?.len();
    f.size_stripped = stripped_size(&bins.provider, scratch)?;
    f.floor_size_stripped = stripped_size(&bins.floor, scratch)?;
    Ok(f)
}
