#!/usr/bin/env bash
# Build every plugin under plugins/ (first-party and testing/) into <plugin>/dist/<id>.wasm and
# dist/plugin.toml. Cheap to call on every `make run`: the toolchain is installed only when the
# SDK's lockfile changed, and a plugin is rebuilt only when the hash of its sources, the SDK, the
# WIT and the lockfile changed (dist/.inputs-sha256).
#
#   plugins/build-all.sh            build what is stale
#   plugins/build-all.sh --force    rebuild everything
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
sdk="$(cd "$here/../plugin-sdk" && pwd)"

if ! command -v node >/dev/null 2>&1; then
  echo "build-all: Node.js >= 20.19 and npm are needed to build plugins" >&2
  exit 1
fi

lock_hash="$(sha256sum "$sdk/package-lock.json" | cut -d' ' -f1)"
stamp="$sdk/node_modules/.ispchat-lock-sha256"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_hash" ]]; then
  echo "build-all: installing the plugin toolchain (npm ci in plugin-sdk/)"
  (cd "$sdk" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" >"$stamp"
fi

plugins=()
for manifest in "$here"/*/plugin.toml "$here"/testing/*/plugin.toml; do
  [[ -f "$manifest" ]] && plugins+=("$(dirname "$manifest")")
done

exec node "$sdk/bin/ispchat-plugin.mjs" build "$@" "${plugins[@]}"
