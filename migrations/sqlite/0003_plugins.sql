-- Plugins' private key/value stores (ispchat:host/kv). One namespace per plugin id: the host
-- always binds the calling plugin's id, so one plugin never reads another's keys. Times are
-- milliseconds since the epoch, as the WIT exposes them; `version` changes on every write and is
-- what compare-and-swap checks.

CREATE TABLE plugin_kv (
    plugin_id     TEXT NOT NULL,
    key           TEXT NOT NULL,
    value         BLOB NOT NULL,
    version       INTEGER NOT NULL,
    expires_at_ms INTEGER,
    updated_at_ms INTEGER NOT NULL,
    PRIMARY KEY (plugin_id, key)
);
CREATE INDEX plugin_kv_expires ON plugin_kv (expires_at_ms) WHERE expires_at_ms IS NOT NULL;
