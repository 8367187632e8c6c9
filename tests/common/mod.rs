//! The acceptance-test harness: a real Terraform CLI, the freshly built provider through
//! `dev_overrides`, and an `oig-emulator` of its own per test, each in its own temp dir so that
//! tests run in parallel safely.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use serde_json::Value;

pub const TOKEN: &str = "00test-token-aB3dE5fG7hJ9kL1mN3pQ5rS7tU9v";

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
}

/// The emulator binary, built once per test run (it is another package of the workspace, so
/// cargo does not build it for this package's tests on its own).
pub fn emulator_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "-p",
                "oig-emulator",
                "--bin",
                "oig-emulator",
            ])
            .current_dir(workspace_root())
            .status()
            .expect("cargo build of oig-emulator could not start");
        assert!(status.success(), "building oig-emulator failed");
        target_dir().join("debug").join("oig-emulator")
    })
}

/// The Terraform CLI: `OIG_TERRAFORM` if set, else `terraform` or `tofu` on PATH, else the
/// project's own install (`.tools/bin/terraform`, made by `make tools`).
pub fn terraform_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("OIG_TERRAFORM").filter(|p| !p.is_empty()) {
            return PathBuf::from(p);
        }
        for name in ["terraform", "tofu"] {
            if let Some(paths) = std::env::var_os("PATH") {
                for dir in std::env::split_paths(&paths) {
                    let candidate = dir.join(name);
                    if candidate.is_file() {
                        return candidate;
                    }
                }
            }
        }
        let local = workspace_root().join(".tools/bin/terraform");
        assert!(
            local.is_file(),
            "no Terraform CLI found: run `make tools` (or set OIG_TERRAFORM)"
        );
        local
    })
}

/// The org host the acceptance tests use. Names under `.localhost` are loopback (RFC 6761), and
/// the provider resolves them itself; with a real host name the emulator writes its links on the
/// org's `-admin` twin (`acme-admin.localhost`), as live Okta does, so the whole suite runs with
/// links on another host than the one called.
pub const ORG_HOST: &str = "acme.localhost";

pub struct Emulator {
    child: Child,
    /// The org URL the provider is given: `http://acme.localhost:PORT`.
    pub url: String,
    /// The same server by IP address (`http://127.0.0.1:PORT`), for clients that do not resolve
    /// `*.localhost` names themselves.
    pub ip_url: String,
    /// The address the emulator listens on.
    pub addr: std::net::SocketAddr,
    pub dir: tempfile::TempDir,
    http: reqwest::blocking::Client,
}

impl Emulator {
    pub fn start() -> Emulator {
        Emulator::start_with(&[])
    }

    /// Starts an emulator on a free port with the demo org and the test token.
    pub fn start_with(extra: &[&str]) -> Emulator {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut child = Command::new(emulator_bin())
            .args(["--listen", "127.0.0.1:0", "--token", TOKEN])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("oig-emulator could not start");
        let stdout = child.stdout.take().expect("emulator stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("emulator's first line");
        let ip_url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line from oig-emulator: {line:?}"))
            .to_string();
        let addr: std::net::SocketAddr = ip_url
            .trim_start_matches("http://")
            .parse()
            .unwrap_or_else(|e| panic!("unexpected address from oig-emulator: {ip_url:?} ({e})"));
        let url = format!("http://{ORG_HOST}:{}", addr.port());
        let admin = ORG_HOST.replacen('.', "-admin.", 1);
        Emulator {
            child,
            url,
            ip_url,
            addr,
            dir,
            http: reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(30))
                .resolve(ORG_HOST, addr)
                .resolve(&admin, addr)
                .build()
                .expect("http client"),
        }
    }

    pub fn control(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/__emulator/{}", self.url, path.trim_start_matches('/'));
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self.http.request(method, &url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().expect("emulator control call");
        assert!(
            resp.status().is_success(),
            "control call {url} failed: {}",
            resp.status()
        );
        resp.json().unwrap_or(Value::Null)
    }

    /// The emulator's log of received API requests.
    pub fn log(&self) -> Vec<Value> {
        match self.control("GET", "log", None) {
            Value::Array(a) => a,
            other => panic!("unexpected log: {other}"),
        }
    }

    /// The API writes the emulator received, in order: `METHOD /path` for every call but GET.
    pub fn writes(&self) -> Vec<String> {
        self.log()
            .iter()
            .filter(|e| e["method"] != "GET")
            .map(|e| {
                format!(
                    "{} {}",
                    e["method"].as_str().unwrap_or(""),
                    e["path"].as_str().unwrap_or("")
                )
            })
            .collect()
    }

    pub fn clear_log(&self) {
        self.control("DELETE", "log", None);
    }

    pub fn fault(&self, fault: Value) {
        self.control("POST", "faults", Some(fault));
    }

    /// An authenticated API call, as a client other than the provider would make it.
    pub fn api(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self
            .http
            .request(method, format!("{}{}", self.url, path))
            .header("Authorization", format!("SSWS {TOKEN}"))
            .header("Accept", "application/json");
        if let Some(b) = body {
            req = req.json(&b);
        }
        let resp = req.send().expect("emulator API call");
        let status = resp.status().as_u16();
        (status, resp.json().unwrap_or(Value::Null))
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A Terraform working directory wired to the freshly built provider.
pub struct Workdir {
    pub dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Workdir {
    /// A work dir whose provider talks to `emu` through OKTA_ORG_URL / OKTA_API_TOKEN.
    pub fn new(emu: &Emulator) -> Workdir {
        let mut w = Workdir::bare();
        w.env("OKTA_ORG_URL", &emu.url);
        w.env("OKTA_API_TOKEN", TOKEN);
        w
    }

    /// A work dir with no provider environment at all.
    pub fn bare() -> Workdir {
        let dir = tempfile::tempdir().expect("temp dir");
        let provider_dir = Path::new(env!("CARGO_BIN_EXE_terraform-provider-oig"))
            .parent()
            .expect("provider dir")
            .to_path_buf();
        // dev_overrides for plan/apply without init; a filesystem mirror holding the same binary
        // so that `terraform init` (needed for modules) finds oig/oig without a registry.
        let platform = format!(
            "{}_{}",
            std::env::consts::OS,
            match std::env::consts::ARCH {
                "x86_64" => "amd64",
                "aarch64" => "arm64",
                other => other,
            }
        );
        let version = env!("CARGO_PKG_VERSION");
        let mirror = dir.path().join("mirror");
        let plugin_dir = mirror.join(format!(
            "registry.terraform.io/oig/oig/{version}/{platform}"
        ));
        std::fs::create_dir_all(&plugin_dir).expect("mirror dir");
        std::os::unix::fs::symlink(
            env!("CARGO_BIN_EXE_terraform-provider-oig"),
            plugin_dir.join(format!("terraform-provider-oig_v{version}")),
        )
        .expect("mirror link");
        let rc = dir.path().join("cli.tfrc");
        std::fs::write(
            &rc,
            format!(
                "provider_installation {{\n  dev_overrides {{\n    \"oig/oig\" = \"{}\"\n  }}\n  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"oig/oig\"]\n  }}\n  direct {{\n    exclude = [\"oig/oig\"]\n  }}\n}}\n",
                provider_dir.display(),
                mirror.display()
            ),
        )
        .expect("write CLI config");
        let mut w = Workdir {
            dir,
            env: Vec::new(),
        };
        w.env("TF_CLI_CONFIG_FILE", &rc.display().to_string());
        w.env("TF_IN_AUTOMATION", "1");
        w.env("CHECKPOINT_DISABLE", "1");
        w
    }

    pub fn env(&mut self, k: &str, v: &str) -> &mut Self {
        self.env.retain(|(key, _)| key != k);
        self.env.push((k.to_string(), v.to_string()));
        self
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `main.tf` with the `required_providers` block and the given HCL.
    pub fn write(&self, hcl: &str) {
        let text = format!(
            "terraform {{\n  required_providers {{\n    oig = {{ source = \"oig/oig\" }}\n  }}\n}}\n\n{hcl}\n"
        );
        std::fs::write(self.path().join("main.tf"), text).expect("write main.tf");
    }

    /// Writes `modules/<name>/main.tf` with the `required_providers` block and the given HCL.
    pub fn write_module(&self, name: &str, hcl: &str) {
        let dir = self.path().join("modules").join(name);
        std::fs::create_dir_all(&dir).expect("module dir");
        let text = format!(
            "terraform {{\n  required_providers {{\n    oig = {{ source = \"oig/oig\" }}\n  }}\n}}\n\n{hcl}"
        );
        std::fs::write(dir.join("main.tf"), text).expect("write module");
    }

    /// A terraform command in this work dir with its environment (nothing inherited that
    /// starts with OKTA_ or TF_).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(terraform_bin());
        cmd.args(args).current_dir(self.path());
        for (k, _) in std::env::vars() {
            if k.starts_with("OKTA_") || k.starts_with("TF_") {
                cmd.env_remove(k);
            }
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        cmd
    }

    /// Runs terraform. Unless the test set TF_LOG itself, the run logs at trace level, and the
    /// log is checked for secrets afterwards: across the whole suite, no token may ever reach a
    /// log line (set OIG_TEST_TRACE=0 to skip this, e.g. when profiling).
    pub fn run(&self, args: &[&str]) -> Output {
        let mut cmd = self.command(args);
        let trace = std::env::var("OIG_TEST_TRACE")
            .map(|v| v != "0")
            .unwrap_or(true)
            && !self.env.iter().any(|(k, _)| k == "TF_LOG");
        let log = self.path().join(format!(
            "trace-{}.log",
            TRACE_SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        if trace {
            cmd.env("TF_LOG", "trace").env("TF_LOG_PATH", &log);
        }
        let out = cmd.output().expect("terraform could not start");
        if trace {
            if let Ok(text) = std::fs::read_to_string(&log) {
                assert_no_secrets(
                    &text,
                    &self.secrets(),
                    &format!("terraform {}", args.join(" ")),
                );
            }
            let _ = std::fs::remove_file(&log);
        }
        out
    }

    /// The secrets this work dir's runs must never log: the test token and whatever the
    /// environment passes as a credential.
    fn secrets(&self) -> Vec<String> {
        let mut s = vec![TOKEN.to_string()];
        for (k, v) in &self.env {
            if matches!(
                k.as_str(),
                "OKTA_API_TOKEN" | "OKTA_ACCESS_TOKEN" | "OKTA_API_PRIVATE_KEY"
            ) && v.len() >= 8
            {
                s.push(v.clone());
            }
        }
        s
    }

    /// Runs terraform and panics with its output unless it succeeds.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let text = combined(&out);
        assert!(
            out.status.success(),
            "terraform {} failed:\n{text}",
            args.join(" ")
        );
        text
    }

    /// Runs terraform, expects it to fail, and returns its output.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        let text = combined(&out);
        assert!(
            !out.status.success(),
            "terraform {} should have failed:\n{text}",
            args.join(" ")
        );
        text
    }

    pub fn apply(&self) -> String {
        self.ok(&["apply", "-auto-approve", "-no-color", "-input=false"])
    }

    pub fn show_json(&self) -> Value {
        let out = self.run(&["show", "-json", "-no-color"]);
        assert!(
            out.status.success(),
            "terraform show failed: {}",
            combined(&out)
        );
        serde_json::from_slice(&out.stdout).expect("terraform show -json output")
    }

    /// The resources in Terraform's state (`terraform show -json`, root module); empty when the
    /// state holds none.
    pub fn state_resources(&self) -> Vec<Value> {
        let show = self.show_json();
        show["values"]["root_module"]["resources"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The state's attributes of the resource at `address` (`oig_request.mine`); null when it is
    /// not in state.
    pub fn state_of(&self, address: &str) -> Value {
        self.state_resources()
            .into_iter()
            .find(|r| r["address"] == address)
            .map(|r| r["values"].clone())
            .unwrap_or(Value::Null)
    }

    /// Plans again and panics unless the plan shows no changes.
    pub fn assert_plan_clean(&self) {
        self.assert_plan_clean_for("the plan after apply");
    }

    /// The same, with `what` naming the step in the panic message.
    pub fn assert_plan_clean_for(&self, what: &str) {
        let out = self.run(&["plan", "-no-color", "-input=false", "-detailed-exitcode"]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{what}: the plan must show no changes:\n{}",
            combined(&out)
        );
    }

    pub fn output_json(&self) -> Value {
        let out = self.run(&["output", "-json", "-no-color"]);
        assert!(
            out.status.success(),
            "terraform output failed: {}",
            combined(&out)
        );
        serde_json::from_slice(&out.stdout).expect("terraform output -json")
    }
}

static TRACE_SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Panics if `log` holds any of `secrets`, or any 16-character piece of one (a secret cut or
/// wrapped in the log still counts).
pub fn assert_no_secrets(log: &str, secrets: &[String], what: &str) {
    for secret in secrets {
        let chars: Vec<char> = secret.chars().filter(|c| !c.is_whitespace()).collect();
        let pieces: Vec<String> = if chars.len() <= 16 {
            vec![chars.iter().collect()]
        } else {
            chars
                .windows(16)
                .step_by(8)
                .map(|w| w.iter().collect())
                .collect()
        };
        for piece in pieces {
            assert!(
                !log.contains(&piece),
                "{what}: a secret leaked into the trace log ({}…)",
                &piece[..4]
            );
        }
    }
}

pub fn combined(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Terraform wraps diagnostics at 78 columns: compare text with whitespace runs collapsed.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Workdir {
    /// Copies every `.tf` file of `examples/<rel>` into the work dir, adding the
    /// `required_providers` block when the example has none.
    pub fn copy_example(&self, rel: &str) {
        let src = workspace_root().join("examples").join(rel);
        let mut has_terraform_block = false;
        for entry in std::fs::read_dir(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display())) {
            let path = entry.expect("dir entry").path();
            if path.extension().is_some_and(|e| e == "tf") {
                let text = std::fs::read_to_string(&path).expect("read example");
                has_terraform_block |= text.contains("required_providers");
                std::fs::write(self.path().join(path.file_name().expect("file name")), text)
                    .expect("copy example");
            }
        }
        if !has_terraform_block {
            std::fs::write(
                self.path().join("versions.tf"),
                "terraform {\n  required_providers {\n    oig = { source = \"oig/oig\" }\n  }\n}\n",
            )
            .expect("write versions.tf");
        }
    }
}

/// The example directories under `examples/`, relative to it.
pub fn example_dirs() -> Vec<String> {
    let root = workspace_root().join("examples");
    let mut out = Vec::new();
    for group in ["resources", "data-sources"] {
        if let Ok(entries) = std::fs::read_dir(root.join(group)) {
            for e in entries.flatten() {
                out.push(format!("{group}/{}", e.file_name().to_string_lossy()));
            }
        }
    }
    out.push("provider".into());
    out.push("quickstart".into());
    out.push("adopt-existing".into());
    out.sort();
    out
}
