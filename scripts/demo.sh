#!/usr/bin/env bash
# `make demo`: build, start oig-emulator with its demo org and a state file, install the provider
# into the local filesystem mirror, `terraform init` + `apply` the quickstart, print the outputs,
# and show that a second plan has nothing to do.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
run="$root/.demo"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf '\n\033[31mdemo failed:\033[0m %s\n' "$*" >&2; exit 1; }

tf=$(command -v terraform || command -v tofu || true)
[ -n "$tf" ] || [ -x "$root/.tools/bin/terraform" ] || fail "no Terraform CLI: run 'make tools' first"
[ -n "$tf" ] || tf="$root/.tools/bin/terraform"

step "Building the provider (release) and installing it into the local filesystem mirror"
make --no-print-directory -C "$root" install >/dev/null \
  || fail "'make install' failed; see the errors above (protoc missing? run 'make tools')"
step "Building the emulator (release)"
cargo build --release --quiet -p oig-emulator || fail "building oig-emulator failed; see the errors above"

mkdir -p "$run"
# One token per demo directory, so a restarted emulator and the saved state agree.
[ -s "$run/token" ] || echo "demo-token-$(date +%s)-$RANDOM" >"$run/token"
token=$(cat "$run/token")
if [ -f "$run/emulator.pid" ] && kill -0 "$(cat "$run/emulator.pid")" 2>/dev/null; then
  step "Stopping the emulator left from the previous demo"
  kill "$(cat "$run/emulator.pid")" || true
fi
step "Starting oig-emulator with its demo org (state in .demo/emulator-state.json)"
"$root/target/release/oig-emulator" --listen 127.0.0.1:0 --token "$token" \
  --state "$run/emulator-state.json" >"$run/emulator.out" 2>"$run/emulator.log" &
echo $! >"$run/emulator.pid"
for _ in $(seq 1 100); do
  grep -q '^listening on ' "$run/emulator.out" 2>/dev/null && break
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$run/emulator.out" | head -n1)
[ -n "$url" ] || fail "the emulator did not start; see .demo/emulator.log"
echo "emulator listening on $url"

export OKTA_ORG_URL="$url" OKTA_API_TOKEN="$token"
# A CLI configuration of the demo's own: oig/oig from the local mirror that `make install` filled,
# everything else as usual (no dev_overrides: this is what a user's `terraform init` does).
cat >"$run/terraform.rc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "$HOME/.terraform.d/plugins"
    include = ["oig/oig"]
  }
  direct {
    exclude = ["oig/oig"]
  }
}
RC
export TF_CLI_CONFIG_FILE="$run/terraform.rc"
work="$run/quickstart"
mkdir -p "$work"
cp "$root"/examples/quickstart/*.tf "$work/"
# The emulator's state file and this state go together: a second `make demo` finds both and
# has nothing to do.

step "terraform init (provider oig/oig from the local mirror)"
"$tf" -chdir="$work" init -input=false -no-color >/dev/null || fail "terraform init failed; run it in $work to see why"
step "terraform apply"
"$tf" -chdir="$work" apply -auto-approve -input=false \
  || fail "terraform apply failed (see above). To start over with a fresh demo org: kill \$(cat .demo/emulator.pid); rm -rf .demo; make demo"
step "Outputs"
"$tf" -chdir="$work" output
step "A second plan: nothing should change"
"$tf" -chdir="$work" plan -input=false

cat <<MSG

Done. The emulator keeps running at $url (pid $(cat "$run/emulator.pid")).
  Stop it:             kill \$(cat .demo/emulator.pid)
  Use it yourself:     export OKTA_ORG_URL=$url OKTA_API_TOKEN=$token
                       export TF_CLI_CONFIG_FILE=$run/terraform.rc
                       terraform -chdir=.demo/quickstart plan
  Point at a real org: unset OKTA_ORG_URL; export OKTA_ORG_NAME=acme OKTA_BASE_URL=okta.com
                       OKTA_API_TOKEN=<an API token of an ACCESS_REQUESTS_ADMIN>, then plan/apply
                       the same module (examples/quickstart).
MSG
