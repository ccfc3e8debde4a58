# The two commands a newcomer needs: `make run` and `make test`.
CARGO ?= cargo

.PHONY: run test build schema lint fmt deploy-check plugins plugins-check rust-guest web web-check web-e2e bench bench-smoke examples-check eval

## Build the plugins, the web console and widget, and the server; start it on
## http://localhost:8080 with embedded SQLite under ./data
run:
	@plugins/build-all.sh || echo "warning: the plugins could not be built (Node.js 20 and npm are needed); starting without them"
	@$(MAKE) --no-print-directory web || echo "warning: the web console and chat widget could not be built (Node.js 20 and npm are needed); / and /widget.js will answer 404"
	$(CARGO) run --release -p ispchat-host --bin ispchat -- serve

## Every check CI runs: formatting, lints, the tests on SQLite and PostgreSQL, the deploy files,
## the plugin SDK's typings, lints and tests (including the first-party and testing plugins), and
## the intent model's held-out figures against their targets (make eval)
test: lint plugins-check web-check
	$(MAKE) eval
	$(CARGO) test --workspace
	$(MAKE) examples-check
	$(MAKE) web-e2e
	$(MAKE) bench-smoke
	deploy/check

## The load generator's scenarios against the release server and the bare relay (minutes);
## results in bench/results/ (see docs/performance.md)
bench: plugins
	$(CARGO) build --release -p ispchat-host --bin ispchat
	$(CARGO) build --release -p ispchat-bench
	$${CARGO_TARGET_DIR:-target}/release/ispchat-bench run --out bench/results

## Every scenario for a few seconds on the debug build, so the harness never rots: checks that
## each message is delivered and each connection reached, never how fast
bench-smoke: plugins
	$(CARGO) build -p ispchat-host --bin ispchat
	$(CARGO) build -p ispchat-bench
	$${CARGO_TARGET_DIR:-target}/debug/ispchat-bench run --smoke --out test-artifacts/bench

## Install the web toolchain when web/package-lock.json changed, then build the widget and the
## agent console (web/console/dist, embedded by the next cargo build)
web:
	@cd web && lock=$$(sha256sum package-lock.json | cut -d' ' -f1); \
	if [ ! -f node_modules/.ispchat-lock-sha256 ] || [ "$$(cat node_modules/.ispchat-lock-sha256)" != "$$lock" ]; then \
		npm ci --no-audit --no-fund --loglevel=error && echo "$$lock" > node_modules/.ispchat-lock-sha256; \
	fi
	cd web && npm run build

## The console's and widget's typings, lints, generated GraphQL types, unit tests, builds and size
## budgets
web-check: web
	cd web && npm run check

## The widget and the console in real Chromium against the server built here (screenshots in
## test-artifacts/widget/ and test-artifacts/console/), web inboxes served by the webchat plugin;
## needs Debian's chromium (`.ci/run` installs it) or CHROMIUM=path. ISPCHAT_E2E_PLUGINS=none:
## the host's own web chat path
web-e2e: web plugins
	$(CARGO) build -p ispchat-host --bin ispchat
	cd web && npm run e2e

## The GraphQL-over-HTTP audit (graphql-http) and the TypeScript and Python client examples of
## docs/graphql.md, against a fresh debug server (docs/examples/check.sh)
examples-check:
	$(CARGO) build -p ispchat-host --bin ispchat
	docs/examples/check.sh

## The intent and sentiment model (plugins/isp-intents): trains on the corpus's training split
## and prints the held-out metrics; fails under the targets (docs/ai.md). `EVAL_ARGS=--writers`
## adds each corpus file scored by a model that never saw it, `--errors` lists the misses
eval: plugins
	cd plugins/isp-intents && ../../plugin-sdk/node_modules/.bin/tsx train/eval.ts $(EVAL_ARGS)

## Build every plugin into plugins/*/dist (cached: only what changed is rebuilt)
plugins:
	plugins/build-all.sh

plugins-check: plugins rust-guest
	cd plugin-sdk && npm run check

## The optional Rust guest example, when this toolchain has the wasm32 target (its test says when
## it was skipped)
rust-guest:
	@if rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then \
		cd plugin-sdk && node rust/build.mjs rust/echo-bot; \
	else \
		echo "Rust guest skipped: rustup cannot add the wasm32-unknown-unknown target here"; \
	fi

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

build:
	$(CARGO) build --release -p ispchat-host

## Regenerate the committed GraphQL schema after changing the API
schema:
	$(CARGO) run -q -p ispchat-host --bin ispchat -- schema > schema.graphql

fmt:
	$(CARGO) fmt --all

## nginx -t and promtool over deploy/ (part of `make test`)
deploy-check:
	deploy/check
