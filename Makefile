# The two commands a newcomer needs: `make run` and `make test`.
CARGO ?= cargo

.PHONY: run test build schema lint fmt deploy-check

## Build and start the server on http://localhost:8080 with embedded SQLite under ./data
run:
	$(CARGO) run --release -p ispchat-host --bin ispchat -- serve

## Every check CI runs: formatting, lints, the tests on SQLite and PostgreSQL, the deploy files
test: lint
	$(CARGO) test --workspace
	deploy/check

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
