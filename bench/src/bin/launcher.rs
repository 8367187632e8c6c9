//! `oig-bench-launcher`: stands in for a provider binary in the bench's `dev_overrides` directory
//! (as a symlink named `terraform-provider-oig` or `terraform-provider-floor`). It runs the real
//! binary of the same name from `OIG_BENCH_REAL_DIR` with the same stdio and environment, waits
//! for it, and appends the child's own resource usage (user and system CPU, peak RSS) to a file in
//! `OIG_BENCH_RUSAGE_DIR`, so the bench can sum the CPU of every provider process Terraform starts.

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    std::process::exit(match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("oig-bench-launcher: {e:#}");
            1
        }
    })
}

fn run() -> anyhow::Result<i32> {
    let mut args = std::env::args_os();
    let argv0 = PathBuf::from(args.next().unwrap_or_default());
    let name = argv0
        .file_name()
        .map(OsString::from)
        .ok_or_else(|| anyhow::anyhow!("no program name"))?;
    let real_dir = std::env::var_os("OIG_BENCH_REAL_DIR")
        .map(PathBuf::from)
        .ok_or_else(|| anyhow::anyhow!("OIG_BENCH_REAL_DIR is not set"))?;
    let mut cmd = Command::new(real_dir.join(&name));
    cmd.args(args);
    // Diagnostic runs only: the TCP_NODELAY shim (see src/nodelay.rs).
    if let Some(preload) = std::env::var_os("OIG_BENCH_PRELOAD").filter(|p| !p.is_empty()) {
        cmd.env("LD_PRELOAD", preload);
    }
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let started = std::time::Instant::now();
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero `rusage` is a valid value (plain integers and timevals).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = loop {
        // SAFETY: `status` and `usage` are valid for writes; `pid` is our own child.
        let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if rc == -1 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::Interrupted {
            continue;
        }
        break rc;
    };
    if rc == -1 {
        return Err(std::io::Error::last_os_error().into());
    }
    let wall_us = started.elapsed().as_micros();
    if let Some(dir) = std::env::var_os("OIG_BENCH_RUSAGE_DIR") {
        let us = |t: libc::timeval| i128::from(t.tv_sec) * 1_000_000 + i128::from(t.tv_usec);
        let line = format!(
            "{} {} {} {} {}\n",
            name.to_string_lossy(),
            us(usage.ru_utime),
            us(usage.ru_stime),
            usage.ru_maxrss,
            wall_us
        );
        let path = PathBuf::from(dir).join(format!("{pid}.rusage"));
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)?;
        f.write_all(line.as_bytes())?;
    }
    let exit = std::process::ExitStatus::from_raw(status);
    Ok(exit
        .code()
        .unwrap_or_else(|| 128 + exit.signal().unwrap_or(0)))
}
