#!/usr/bin/env bash
# Runs the client examples against a fresh server:
#
#  - conformance/: the graphql-http GraphQL-over-HTTP audit (errors and warnings fail);
#  - typescript/:  codegen from schema.graphql, `tsc --noEmit`, then the integration flow;
#  - python/:      the same flow with gql (aiohttp + websockets).
#
# Builds no Rust: the server binary is $ISPCHAT_BIN (default target/debug/ispchat in the
# repository). Needs node/npm, python3 and curl. Exits non-zero if anything failed.
#
#   docs/examples/check.sh
#   ISPCHAT_BIN=target/release/ispchat docs/examples/check.sh
set -euo pipefail

examples=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$examples/../.." && pwd)
bin=${ISPCHAT_BIN:-target/debug/ispchat}
[[ $bin == /* ]] || bin=$root/$bin
if [[ ! -x $bin ]]; then
  echo "no server binary at $bin: build it (cargo build -p ispchat-host --bin ispchat) or set ISPCHAT_BIN" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/ispchat-examples.XXXXXX")
log=$work/server.log
server_pid=
failed=()

cleanup() {
  local status=$?
  if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [[ $status -ne 0 || ${#failed[@]} -gt 0 ]] && [[ -f $log ]]; then
    echo "--- last 40 lines of the server log ($log is removed) ---" >&2
    tail -n 40 "$log" >&2 || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n=== %s\n' "$*"; }

# Installs a project's dependencies unless they match its lock file already.
npm_deps() {
  local dir=$1 stamp=$1/node_modules/.ispchat-lock-sha256
  local want
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  if [[ ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" >"$stamp"
  fi
}

python_deps() {
  local dir=$examples/python venv=$examples/python/.venv
  local stamp=$venv/.ispchat-requirements-sha256 want
  want=$(sha256sum "$dir/requirements.txt" | cut -d' ' -f1)
  if [[ ! -x $venv/bin/python || ! -f $stamp || $(cat "$stamp") != "$want" ]]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$dir/requirements.txt"
    echo "$want" >"$stamp"
  fi
}

step "dependencies"
npm_deps "$examples/conformance"
npm_deps "$examples/typescript"
python_deps
echo "installed"

step "server ($bin)"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
mkdir -p "$work/data" "$work/plugins"
ISPCHAT_LISTEN=127.0.0.1:$port \
  ISPCHAT_DATA_DIR=$work/data \
  ISPCHAT_ADMIN_PASSWORD=$password \
  ISPCHAT_PLUGINS_DIR=$work/plugins \
  ISPCHAT_LOG_FORMAT=json \
  "$bin" serve >"$log" 2>&1 &
server_pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 1 120); do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server exited during start-up" >&2
    exit 1
  fi
  [[ $(curl -s -o /dev/null -w '%{http_code}' "$base/readyz" || true) == 200 ]] && break
  sleep 0.5
done
if [[ $(curl -s -o /dev/null -w '%{http_code}' "$base/readyz" || true) != 200 ]]; then
  echo "the server is not ready after 60 s" >&2
  exit 1
fi
echo "ready at $base"

export ISPCHAT_GRAPHQL_URL=$base/graphql ISPCHAT_ADMIN_PASSWORD=$password

# run NAME COMMAND...: runs one check (at most 5 minutes), recording a failure.
run() {
  local name=$1
  shift
  step "$name"
  if timeout 300 "$@"; then
    echo "--- $name: passed"
  else
    echo "--- $name: FAILED (exit $?)"
    failed+=("$name")
  fi
}

run "GraphQL over HTTP audit (graphql-http)" \
  bash -c 'cd "$1" && node audit.mjs' _ "$examples/conformance"
run "TypeScript: codegen and tsc --noEmit" \
  bash -c 'cd "$1" && npm run --silent check' _ "$examples/typescript"
run "TypeScript: integration flow" \
  bash -c 'cd "$1" && npm start --silent' _ "$examples/typescript"
run "Python: integration flow" \
  bash -c 'cd "$1" && .venv/bin/python flow.py' _ "$examples/python"

if [[ ${#failed[@]} -gt 0 ]]; then
  printf '\nFAILED: %s\n' "${failed[@]}"
  exit 1
fi
printf '\nall examples passed\n'
