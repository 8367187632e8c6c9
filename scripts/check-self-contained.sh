#!/usr/bin/env bash
# Fails when a tracked file refers to a path outside the repository that a user's clone does not
# have (the team's reference folder that sits beside the checkout in CI). The build, the tests, the
# docs and the scripts must work from a clone with nothing beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
# Built from pieces so that this script does not match itself.
outside='\.\./+'"shared"'\b'
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  files=$(git ls-files)
else
  files=$(find . -type f -not -path './target/*' -not -path './.git/*' -not -path './.venv/*' | sed 's|^\./||')
fi
hits=$(printf '%s\n' "$files" | while IFS= read -r f; do
  [ -f "$f" ] || continue
  grep -HnE "$outside" -- "$f" 2>/dev/null || true
done)
if [ -n "$hits" ]; then
  printf 'These tracked files refer to a folder outside the repository; a clone alone would break:\n%s\n' "$hits" >&2
  exit 1
fi
echo "self-contained: no tracked file refers to a folder outside the repository"
