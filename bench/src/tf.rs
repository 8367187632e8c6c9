//! Terraform working directories wired to the release provider (or the floor) through
//! `dev_overrides`, so that no `terraform init` is needed.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::procs::{collect_provider_usage, run_measured, Bins, ProviderUsage, Usage, TOKEN};

pub const APPS: usize = 10;
pub const APPROVAL_SEQUENCE: &str = "61eb0f06c462d20007f05101";
pub const USER: &str = "00ubench000000000001";

pub fn app_id(i: usize) -> String {
    format!("0oabench{i:012}")
}

/// The emulator fixtures: 10 apps that allow EVERYONE / RESOURCE_DEFAULT.
pub fn fixtures() -> serde_json::Value {
    let resources: Vec<serde_json::Value> = (1..=APPS)
        .map(|i| {
            serde_json::json!({
                "id": app_id(i),
                "name": format!("bench app {i}"),
                "requestSettings": {
                    "validAccessScopeSettings": [ { "type": "RESOURCE_DEFAULT" } ],
                    "validRequesterSettings": [ { "type": "EVERYONE" } ],
                    "validAccessDurationSettings": { "required": false, "maximumDays": 90,
                        "maximumHours": 72, "maximumWeeks": 12,
                        "supportedTypes": [ { "type": "ADMIN_FIXED_DURATION" } ] },
                    "validRiskSettings": { "supportedTypes": [] },
                    "validRequestOnBehalfOfSettings": []
                }
            })
        })
        .collect();
    serde_json::json!({
        "resources": resources,
        "approvalSequences": [ APPROVAL_SEQUENCE ],
        "users": [ USER ],
    })
}

/// Which provider a workspace runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// terraform-provider-oig against the emulator.
    Oig,
    /// The no-op floor provider (bench/src/bin/floor.rs): no API calls.
    Floor,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Oig => "oig",
            Kind::Floor => "floor",
        }
    }

    fn source(self) -> &'static str {
        match self {
            Kind::Oig => "oig/oig",
            Kind::Floor => "bench/floor",
        }
    }
}

/// A provider as measured: as shipped, or under the TCP_NODELAY shim (diagnostic runs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Variant {
    pub kind: Kind,
    pub nodelay: bool,
}

impl Variant {
    pub const OIG: Variant = Variant::new(Kind::Oig, false);
    pub const FLOOR: Variant = Variant::new(Kind::Floor, false);
    pub const OIG_NODELAY: Variant = Variant::new(Kind::Oig, true);
    pub const FLOOR_NODELAY: Variant = Variant::new(Kind::Floor, true);

    pub const fn new(kind: Kind, nodelay: bool) -> Variant {
        Variant { kind, nodelay }
    }

    pub fn label(self) -> &'static str {
        match (self.kind, self.nodelay) {
            (Kind::Oig, false) => "oig",
            (Kind::Floor, false) => "floor",
            (Kind::Oig, true) => "oig+nodelay",
            (Kind::Floor, true) => "floor+nodelay",
        }
    }
}

/// The Terraform commands the wall-time runs measure, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Op {
    /// `terraform apply` of N new conditions.
    Apply,
    /// `terraform plan` of the same N, unchanged.
    Plan,
    /// `terraform destroy` of the N.
    Destroy,
}

impl Op {
    pub const ALL: [Op; 3] = [Op::Apply, Op::Plan, Op::Destroy];

    pub fn name(self) -> &'static str {
        match self {
            Op::Apply => "apply",
            Op::Plan => "plan",
            Op::Destroy => "destroy",
        }
    }

    pub fn args(self) -> &'static [&'static str] {
        match self {
            Op::Apply => &[
                "apply",
                "-auto-approve",
                "-input=false",
                "-no-color",
                "-parallelism=10",
            ],
            Op::Plan => &[
                "plan",
                "-input=false",
                "-no-color",
                "-parallelism=10",
                "-detailed-exitcode",
            ],
            Op::Destroy => &[
                "destroy",
                "-auto-approve",
                "-input=false",
                "-no-color",
                "-parallelism=10",
            ],
        }
    }

    /// What the provider does per resource: a create in the apply, a refresh read in the plan,
    /// and in the destroy two (the refresh read, then the delete).
    pub fn operations_per_resource(self) -> f64 {
        match self {
            Op::Apply | Op::Plan => 1.0,
            Op::Destroy => 2.0,
        }
    }
}

impl std::fmt::Display for Op {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One condition in HCL form.
#[derive(Debug, Clone)]
pub struct Cond {
    pub key: String,
    pub app: usize,
    pub name: String,
    pub description: String,
    pub status: &'static str,
}

pub struct Workspace {
    pub dir: tempfile::TempDir,
    usage_dir: PathBuf,
    env: Vec<(String, String)>,
    terraform: PathBuf,
    kind: Kind,
}

/// The outcome of one Terraform command.
#[derive(Debug, Clone)]
pub struct TfRun {
    pub code: Option<i32>,
    pub wall_s: f64,
    /// Terraform and everything it waited for (the providers included).
    pub total: Usage,
    pub providers: ProviderUsage,
    pub output_tail: String,
}

impl TfRun {
    /// Terraform core's own CPU: the whole tree minus the provider processes.
    pub fn core_cpu_s(&self) -> f64 {
        (self.total.cpu_s() - self.providers.cpu_s).max(0.0)
    }
}

impl Workspace {
    pub fn new(bins: &Bins, kind: Kind, emulator_url: Option<&str>) -> Result<Workspace> {
        let dir = tempfile::Builder::new().prefix("oig-bench-").tempdir()?;
        let shims = dir.path().join("providers");
        std::fs::create_dir_all(&shims)?;
        for name in ["terraform-provider-oig", "terraform-provider-floor"] {
            std::os::unix::fs::symlink(&bins.launcher, shims.join(name))?;
        }
        let usage_dir = dir.path().join("usage");
        std::fs::create_dir_all(&usage_dir)?;
        let rc = dir.path().join("cli.tfrc");
        std::fs::write(
            &rc,
            format!(
                "provider_installation {{\n  dev_overrides {{\n    \"oig/oig\" = \"{0}\"\n    \"bench/floor\" = \"{0}\"\n  }}\n  direct {{\n    exclude = [\"oig/oig\", \"bench/floor\"]\n  }}\n}}\n",
                shims.display()
            ),
        )?;
        let work = dir.path().join("work");
        std::fs::create_dir_all(&work)?;
        let mut env = vec![
            ("TF_CLI_CONFIG_FILE".to_string(), rc.display().to_string()),
            ("TF_IN_AUTOMATION".into(), "1".into()),
            ("CHECKPOINT_DISABLE".into(), "1".into()),
            (
                "OIG_BENCH_REAL_DIR".into(),
                bins.release.display().to_string(),
            ),
            (
                "OIG_BENCH_RUSAGE_DIR".into(),
                usage_dir.display().to_string(),
            ),
        ];
        if let Some(url) = emulator_url {
            env.push(("OKTA_ORG_URL".into(), url.to_string()));
            env.push(("OKTA_API_TOKEN".into(), TOKEN.to_string()));
        }
        Ok(Workspace {
            dir,
            usage_dir,
            env,
            terraform: bins.terraform.clone(),
            kind,
        })
    }

    /// Runs the provider under the TCP_NODELAY shim (diagnostic runs).
    pub fn with_preload(&mut self, lib: &std::path::Path) {
        self.env
            .push(("OIG_BENCH_PRELOAD".into(), lib.display().to_string()));
    }

    pub fn work(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    /// Size of terraform.tfstate (0 when there is none yet).
    pub fn state_bytes(&self) -> u64 {
        std::fs::metadata(self.work().join("terraform.tfstate"))
            .map(|m| m.len())
            .unwrap_or(0)
    }

    /// `n` conditions over the 10 apps, all with `status`, as a `count` resource.
    pub fn write_count(&self, n: usize, status: &str) -> Result<()> {
        let k = self.kind.name();
        let apps: Vec<String> = (1..=APPS).map(|i| format!("\"{}\"", app_id(i))).collect();
        let hcl = format!(
            "locals {{\n  apps = [{apps}]\n}}\n\nresource \"{k}_request_condition\" \"c\" {{\n  count                = {n}\n  resource_id          = local.apps[count.index % {APPS}]\n  name                 = \"bench condition ${{count.index}}\"\n  description          = \"Benchmark condition ${{count.index}}\"\n  approval_sequence_id = \"{APPROVAL_SEQUENCE}\"\n  status               = \"{status}\"\n\n  requester_settings {{\n    type = \"EVERYONE\"\n  }}\n\n  access_scope_settings {{\n    type = \"RESOURCE_DEFAULT\"\n  }}\n}}\n",
            apps = apps.join(", ")
        );
        self.write(&hcl)
    }

    /// Individually named conditions.
    pub fn write_conds(&self, conds: &[Cond]) -> Result<()> {
        let k = self.kind.name();
        let mut hcl = String::new();
        for c in conds {
            hcl.push_str(&format!(
                "resource \"{k}_request_condition\" \"{}\" {{\n  resource_id          = \"{}\"\n  name                 = \"{}\"\n  description          = \"{}\"\n  approval_sequence_id = \"{APPROVAL_SEQUENCE}\"\n  status               = \"{}\"\n\n  requester_settings {{\n    type = \"EVERYONE\"\n  }}\n\n  access_scope_settings {{\n    type = \"RESOURCE_DEFAULT\"\n  }}\n}}\n\n",
                c.key,
                app_id(c.app),
                c.name,
                c.description,
                c.status
            ));
        }
        self.write(&hcl)
    }

    fn write(&self, body: &str) -> Result<()> {
        let (k, source) = (self.kind.name(), self.kind.source());
        let text = format!(
            "terraform {{\n  required_providers {{\n    {k} = {{ source = \"{source}\" }}\n  }}\n}}\n\nprovider \"{k}\" {{}}\n\n{body}"
        );
        std::fs::write(self.work().join("main.tf"), text)?;
        Ok(())
    }

    /// Runs one Terraform command and measures it.
    pub fn run(&self, args: &[&str], timeout: Duration) -> Result<TfRun> {
        // Anything left over from an earlier command is not this command's.
        let _ = collect_provider_usage(&self.usage_dir)?;
        let out_path = self.dir.path().join("terraform.out");
        let out = std::fs::File::create(&out_path)?;
        let mut cmd = Command::new(&self.terraform);
        cmd.args(args)
            .current_dir(self.work())
            .stdin(Stdio::null())
            .stdout(Stdio::from(out.try_clone()?))
            .stderr(Stdio::from(out));
        for (k, _) in std::env::vars() {
            if k.starts_with("OKTA_") || k.starts_with("TF_") {
                cmd.env_remove(k);
            }
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let (code, wall, total) =
            run_measured(cmd, timeout).with_context(|| format!("terraform {}", args.join(" ")))?;
        let providers = collect_provider_usage(&self.usage_dir)?;
        let text = std::fs::read_to_string(&out_path).unwrap_or_default();
        let tail: String = {
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(40)..].join("\n")
        };
        Ok(TfRun {
            code,
            wall_s: wall.as_secs_f64(),
            total,
            providers,
            output_tail: tail,
        })
    }

    /// Runs a command that must succeed (exit code 0, or one of `ok_codes`).
    pub fn run_ok(&self, args: &[&str], ok_codes: &[i32], timeout: Duration) -> Result<TfRun> {
        let r = self.run(args, timeout)?;
        match r.code {
            Some(0) => Ok(r),
            Some(c) if ok_codes.contains(&c) => Ok(r),
            other => bail!(
                "terraform {} ({} provider) exited with {other:?}:\n{}",
                args.join(" "),
                self.kind.name(),
                r.output_tail
            ),
        }
    }
}
