-- Installed plugins: one row per plugin id (the manifest's), for first-party plugins shipped in
-- the plugins folder ('bundled') and packages uploaded by an admin ('uploaded', kept under
-- data_dir/plugins/<id>/<version>/). `settings` is the operator's values as a JSON object (text);
-- `secrets` is a JSON object of secret values sealed with the server's secrets key (nonce and
-- ChaCha20-Poly1305 ciphertext), never plain text. `disabled_reason` says why `enabled` is false:
-- 'operator', 'failures' (the runtime's repeated-failure breaker) or 'load' (it could not be
-- loaded); NULL for a package uploaded and not enabled yet.

CREATE TABLE plugin_installations (
    id               TEXT PRIMARY KEY,
    version          TEXT NOT NULL,
    kind             TEXT NOT NULL,
    enabled          BOOLEAN NOT NULL,
    disabled_reason  TEXT,
    settings         TEXT NOT NULL,
    secrets          BYTEA,
    component_sha256 TEXT NOT NULL,
    source           TEXT NOT NULL CHECK (source IN ('bundled', 'uploaded')),
    installed_at     TIMESTAMPTZ NOT NULL,
    installed_by     TEXT NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    updated_by       TEXT NOT NULL
);

-- Recent failed calls and loads, pruned to the last 100 per plugin on every insert.
CREATE TABLE plugin_failures (
    id        BIGSERIAL PRIMARY KEY,
    plugin_id TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    reason    TEXT NOT NULL,
    message   TEXT NOT NULL
);
CREATE INDEX plugin_failures_plugin ON plugin_failures (plugin_id, id);
