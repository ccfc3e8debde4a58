-- The per-message plugin pipeline: which bot and router plugins an inbox uses, the durable queue
-- of messages still to run through classifiers → bot → router, and the classifiers' results.
-- A job row is inserted in the same transaction as its message, so a crash right after the
-- message is acknowledged loses no processing.

ALTER TABLE inboxes ADD COLUMN bot_plugin_id TEXT;
ALTER TABLE inboxes ADD COLUMN router_plugin_id TEXT;

CREATE TABLE plugin_jobs (
    id              BLOB PRIMARY KEY NOT NULL,
    message_id      BLOB NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id BLOB NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    -- The message opened a conversation that went straight to a queue: route it.
    route_new       INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    locked_until    TEXT,
    last_error      TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX plugin_jobs_due ON plugin_jobs (next_attempt_at);

CREATE TABLE message_classifications (
    message_id BLOB NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    plugin_id  TEXT NOT NULL,
    -- [{"label": "financeiro", "score": 0.6}, ...], highest first.
    labels     TEXT NOT NULL,
    sentiment  TEXT,
    language   TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (message_id, plugin_id)
);
