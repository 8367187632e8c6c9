//! A Terraform working directory wired to the freshly built provider, and the runs in it.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use super::{
    assert_no_secrets, combined, flat, platform, terraform_bin, workspace_root, Emulator, TOKEN,
};

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

    /// A fresh emulator and a work dir whose provider talks to it.
    pub fn with_emulator() -> (Emulator, Workdir) {
        let emu = Emulator::start();
        let w = Workdir::new(&emu);
        (emu, w)
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
        let platform = platform();
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
        let mut w = Workdir {
            dir,
            env: Vec::new(),
        };
        w.use_cli_config("cli.tfrc", &installation(&mirror, Some(&provider_dir)));
        w.env("TF_IN_AUTOMATION", "1");
        w.env("CHECKPOINT_DISABLE", "1");
        w
    }

    /// Writes `file` holding the CLI configuration `text` into the work dir, and runs
    /// terraform with it.
    pub fn use_cli_config(&mut self, file: &str, text: &str) {
        let rc = self.path().join(file);
        std::fs::write(&rc, text).expect("write CLI config");
        self.env("TF_CLI_CONFIG_FILE", &rc.display().to_string());
    }

    /// Runs terraform without dev_overrides: oig/oig only from the work dir's filesystem
    /// mirror, as `make install` leaves it, so `terraform init` must install it first.
    pub fn use_mirror_only(&mut self) {
        let mirror = self.path().join("mirror");
        self.use_cli_config("mirror-only.tfrc", &installation(&mirror, None));
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

    /// Writes `modules/<name>/main.tf` with the `required_providers` block, a string variable
    /// for each of `inputs`, and the given HCL.
    pub fn write_module(&self, name: &str, inputs: &[&str], hcl: &str) {
        let dir = self.path().join("modules").join(name);
        std::fs::create_dir_all(&dir).expect("module dir");
        let variables: String = inputs
            .iter()
            .map(|input| format!("variable \"{input}\" {{\n  type = string\n}}\n\n"))
            .collect();
        let text = format!(
            "terraform {{\n  required_providers {{\n    oig = {{ source = \"oig/oig\" }}\n  }}\n}}\n\n{variables}{hcl}"
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
        self.json_of("show")
    }

    /// The JSON that `terraform <command> -json` prints.
    fn json_of(&self, command: &str) -> Value {
        let out = self.run(&[command, "-json", "-no-color"]);
        assert!(
            out.status.success(),
            "terraform {command} failed: {}",
            combined(&out)
        );
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("terraform {command} -json output: {e}"))
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

    /// Clears `emu`'s log, plans, expects the plan to fail with `expected` in its (flattened)
    /// output and no API write, and returns the output.
    pub fn plan_rejects(&self, emu: &Emulator, expected: &str) -> String {
        emu.clear_log();
        let out = self.fails(&["plan", "-no-color", "-input=false"]);
        assert!(
            flat(&out).contains(expected),
            "expected {expected:?} in:\n{out}"
        );
        let writes = emu.writes();
        assert!(writes.is_empty(), "no API write at plan: {writes:?}");
        out
    }

    /// The same, and the error points at the line of the configuration.
    pub fn plan_error_in_config(&self, emu: &Emulator, expected: &str) -> String {
        let out = self.plan_rejects(emu, expected);
        assert!(
            out.contains("on main.tf line"),
            "the error points at the configuration:\n{out}"
        );
        out
    }

    /// Plans `hcl` against a fresh emulator with an API token it refuses: the plan must fail
    /// and nothing may be written. Returns the plan's output; `what` names the case.
    pub fn plan_with_refused_token(hcl: &str, what: &str) -> String {
        let (emu, mut w) = Workdir::with_emulator();
        w.env("OKTA_API_TOKEN", "00wrong-token-aB3dE5fG7hJ9kL1mN3pQ5rS7tU");
        w.write(hcl);
        let out = w.fails(&["plan", "-no-color", "-input=false"]);
        let writes = emu.writes();
        assert!(
            writes.is_empty(),
            "{what}: nothing may be written with refused credentials: {writes:?}"
        );
        out
    }

    /// Writes `hcl` (import blocks), plans with `-generate-config-out`, checks the generated
    /// configuration holds each of `expected`, then applies: `imported` imports and nothing
    /// else, and a clean plan afterwards.
    pub fn import_with_generated_config(&self, hcl: &str, expected: &[&str], imported: usize) {
        self.write(hcl);
        self.ok(&["plan", "-no-color", "-generate-config-out=generated.tf"]);
        let generated =
            std::fs::read_to_string(self.path().join("generated.tf")).unwrap_or_default();
        for text in expected {
            assert!(generated.contains(text), "{text:?} not in:\n{generated}");
        }
        let out = self.apply();
        let summary = format!("{imported} imported, 0 added, 0 changed, 0 destroyed");
        assert!(out.contains(&summary), "{out}");
        self.assert_plan_clean();
    }

    pub fn output_json(&self) -> Value {
        self.json_of("output")
    }

    /// `terraform import <address> <id>` fails with `expected` in its (flattened) output.
    pub fn import_fails(&self, address: &str, id: &str, expected: &str) {
        let out = self.fails(&["import", "-no-color", address, id]);
        assert!(flat(&out).contains(expected), "{out}");
    }
}

/// The `provider_installation` of a work dir's CLI configuration: oig/oig from the filesystem
/// `mirror` (and from `dev_dir` through dev_overrides when given, so that plan and apply need no
/// init), every other provider from its registry.
fn installation(mirror: &Path, dev_dir: Option<&Path>) -> String {
    let dev_overrides = dev_dir
        .map(|dir| {
            format!(
                "  dev_overrides {{\n    \"oig/oig\" = \"{}\"\n  }}\n",
                dir.display()
            )
        })
        .unwrap_or_default();
    format!(
        "provider_installation {{\n{dev_overrides}  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"oig/oig\"]\n  }}\n  direct {{\n    exclude = [\"oig/oig\"]\n  }}\n}}\n",
        mirror.display()
    )
}

static TRACE_SEQ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

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
