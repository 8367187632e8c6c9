#!/usr/bin/env bash
# `make release`: build the provider in release mode and lay out what the Terraform registry
# expects in dist/: terraform-provider-oig_<version>_<os>_<arch>.zip (holding
# terraform-provider-oig_v<version>), the registry manifest and SHA256SUMS. Builds for this
# machine's platform; run it on each platform to publish.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
os=$(uname -s | tr '[:upper:]' '[:lower:]')
arch=$(uname -m | sed -e 's/x86_64/amd64/' -e 's/aarch64/arm64/')
name="terraform-provider-oig"
dist="${RELEASE_DIST:-$root/dist}"
# RELEASE_BINARY lets a test package an already built binary instead of building one.
binary="${RELEASE_BINARY:-target/release/$name}"

if [ -z "${RELEASE_BINARY:-}" ]; then
  cargo build --release --quiet -p terraform-provider-oig
fi
rm -rf "$dist" && mkdir -p "$dist"
cp terraform-registry-manifest.json "$dist/${name}_${version}_manifest.json"
python3 - "$dist/${name}_${version}_${os}_${arch}.zip" "$binary" "${name}_v${version}" <<'PY'
import sys, zipfile, os
archive, binary, member = sys.argv[1:4]
info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
info.external_attr = (0o755 | 0o100000) << 16
info.compress_type = zipfile.ZIP_DEFLATED
with zipfile.ZipFile(archive, "w") as z, open(binary, "rb") as f:
    z.writestr(info, f.read())
PY
(cd "$dist" && sha256sum ./*.zip ./*_manifest.json | sed 's# \./# #' > "${name}_${version}_SHA256SUMS")
echo "release $version for ${os}_${arch} in $dist:"
ls -1 "$dist"
