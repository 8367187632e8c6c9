//! Child processes: the emulator, Terraform runs measured with `wait4`, and the provider usage
//! records the launcher leaves behind.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

pub const TOKEN: &str = "00bench-token-aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v";

/// CPU of one finished process.
#[derive(Debug, Clone, Copy, Default)]
pub struct Usage {
    pub user_s: f64,
    pub sys_s: f64,
}

impl Usage {
    pub fn cpu_s(&self) -> f64 {
        self.user_s + self.sys_s
    }
}

fn tv(t: libc::timeval) -> f64 {
    t.tv_sec as f64 + t.tv_usec as f64 / 1e6
}

/// Spawns `cmd`, waits for it with `wait4` (so the usage covers it and every descendant it
/// waited for) and kills it after `timeout`. Returns the exit code (`None` when killed by a
/// signal), the wall time and the usage.
pub fn run_measured(mut cmd: Command, timeout: Duration) -> Result<(Option<i32>, Duration, Usage)> {
    let started = Instant::now();
    let child = cmd.spawn().context("starting a process")?;
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let mut killed = false;
    loop {
        // SAFETY: pointers to live locals; `pid` is our child, reaped only here.
        let rc = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut ru) };
        if rc == pid {
            break;
        }
        if rc == -1 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            return Err(e).context("wait4");
        }
        if !killed && started.elapsed() > timeout {
            // SAFETY: plain kill(2) of our own, not yet reaped child.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            killed = true;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let wall = started.elapsed();
    drop(child);
    let code = if libc::WIFEXITED(status) {
        Some(libc::WEXITSTATUS(status))
    } else {
        None
    };
    let usage = Usage {
        user_s: tv(ru.ru_utime),
        sys_s: tv(ru.ru_stime),
    };
    if killed {
        bail!("timed out after {timeout:?}");
    }
    Ok((code, wall, usage))
}

/// The provider processes of one Terraform run, as recorded by the launcher.
#[derive(Debug, Clone, Default)]
pub struct ProviderUsage {
    pub processes: usize,
    pub cpu_s: f64,
    pub peak_rss_kb: u64,
}

pub fn collect_provider_usage(dir: &Path) -> Result<ProviderUsage> {
    let mut out = ProviderUsage::default();
    for entry in std::fs::read_dir(dir).context("reading the usage dir")? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("rusage") {
            continue;
        }
        let text = std::fs::read_to_string(&path)?;
        for line in text.lines() {
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() < 5 {
                continue;
            }
            let num = |i: usize| f[i].parse::<u64>().unwrap_or(0);
            out.processes += 1;
            out.cpu_s += (num(1) + num(2)) as f64 / 1e6;
            out.peak_rss_kb = out.peak_rss_kb.max(num(3));
        }
        std::fs::remove_file(&path)?;
    }
    Ok(out)
}

/// One `oig-emulator` process with its own state.
pub struct Emulator {
    child: Child,
    pub url: String,
    http: reqwest::blocking::Client,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    pub method: String,
    pub path: String,
    /// The query string, without `?` (empty when there was none).
    #[serde(default)]
    pub query: String,
    pub status: u16,
    /// The rate-limit bucket: `METHOD /path/with/{id}`.
    pub bucket: String,
}

impl Emulator {
    pub fn start(bin: &Path, fixtures: &Path, extra: &[String]) -> Result<Emulator> {
        let mut child = Command::new(bin)
            .args(["--listen", "127.0.0.1:0", "--token", TOKEN, "--fixtures"])
            .arg(fixtures)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", bin.display()))?;
        let stdout = child.stdout.take().context("emulator stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let url = match line.trim().strip_prefix("listening on ") {
            Some(u) => u.to_string(),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                bail!("unexpected first line from oig-emulator: {line:?}");
            }
        };
        Ok(Emulator {
            child,
            url,
            http: reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(60))
                .build()?,
        })
    }

    pub fn log(&self) -> Result<Vec<LogEntry>> {
        let resp = self
            .http
            .get(format!("{}/__emulator/log", self.url))
            .send()?
            .error_for_status()?;
        Ok(resp.json()?)
    }

    /// CPU the emulator has used so far (user + system), from /proc.
    pub fn cpu_s(&self) -> f64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
        let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
        let f: Vec<&str> = rest.split_whitespace().collect();
        let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        // SAFETY: sysconf has no preconditions.
        let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
        (ticks(11) + ticks(12)) as f64 / hz
    }

    pub fn clear_log(&self) -> Result<()> {
        self.http
            .delete(format!("{}/__emulator/log", self.url))
            .send()?
            .error_for_status()?;
        Ok(())
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where the binaries are.
#[derive(Debug, Clone)]
pub struct Bins {
    pub root: PathBuf,
    pub release: PathBuf,
    pub provider: PathBuf,
    pub floor: PathBuf,
    pub launcher: PathBuf,
    pub emulator: PathBuf,
    pub nodelay: PathBuf,
    pub terraform: PathBuf,
}

impl Bins {
    pub fn find() -> Result<Bins> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .context("workspace root")?
            .to_path_buf();
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"));
        let release = target.join("release");
        let bin = |name: &str| -> Result<PathBuf> {
            let p = release.join(name);
            if !p.is_file() {
                bail!("{} is missing: build with `make bench`", p.display());
            }
            Ok(p)
        };
        Ok(Bins {
            provider: bin("terraform-provider-oig")?,
            floor: bin("terraform-provider-floor")?,
            launcher: bin("oig-bench-launcher")?,
            emulator: bin("oig-emulator")?,
            nodelay: bin("liboig_bench_nodelay.so")?,
            terraform: crate::terraform_cli::terraform_bin(&root)?,
            release,
            root,
        })
    }
}
