-- Contacts, inboxes, conversations, messages, their event log, and canned responses.
-- Ids are UUIDv7 blobs; times are RFC 3339 text in UTC truncated to microseconds.

CREATE TABLE contacts (
    id                BLOB PRIMARY KEY NOT NULL,
    name              TEXT NOT NULL,
    phone             TEXT,
    email             TEXT,
    document          TEXT,
    custom_attributes TEXT NOT NULL DEFAULT '{}',
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CONSTRAINT contacts_phone_key UNIQUE (phone),
    CONSTRAINT contacts_email_key UNIQUE (email)
);
CREATE INDEX contacts_document ON contacts (document);
CREATE INDEX contacts_name ON contacts (name);

CREATE TABLE inboxes (
    id             BLOB PRIMARY KEY NOT NULL,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('api', 'whatsapp', 'web')),
    team_id        BLOB REFERENCES teams (id) ON DELETE SET NULL,
    plugin_id      TEXT,
    webhook_url    TEXT,
    webhook_secret TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CONSTRAINT inboxes_name_key UNIQUE (name)
);

-- How a channel names a contact: a WhatsApp wa_id, a widget visitor id, an integrator's id.
CREATE TABLE contact_identities (
    inbox_id   BLOB NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    identifier TEXT NOT NULL,
    contact_id BLOB NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    PRIMARY KEY (inbox_id, identifier)
);
CREATE INDEX contact_identities_contact ON contact_identities (contact_id);

-- One row per protocol period (a day, with the default format): the last number handed out.
CREATE TABLE protocol_counters (
    period     TEXT PRIMARY KEY NOT NULL,
    last_value INTEGER NOT NULL
);

CREATE TABLE conversations (
    id                 BLOB PRIMARY KEY NOT NULL,
    protocol           TEXT NOT NULL,
    contact_id         BLOB NOT NULL REFERENCES contacts (id),
    inbox_id           BLOB NOT NULL REFERENCES inboxes (id),
    status             TEXT NOT NULL CHECK (status IN ('bot', 'queued', 'open', 'pending', 'snoozed', 'resolved')),
    priority           TEXT NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    team_id            BLOB REFERENCES teams (id) ON DELETE SET NULL,
    assignee_id        BLOB REFERENCES users (id) ON DELETE SET NULL,
    snoozed_until      TEXT,
    queued_at          TEXT,
    first_response_at  TEXT,
    last_activity_at   TEXT NOT NULL,
    resolved_at        TEXT,
    unread_count       INTEGER NOT NULL DEFAULT 0,
    agent_last_seen_at TEXT,
    last_seq           INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CONSTRAINT conversations_protocol_key UNIQUE (protocol)
);
CREATE INDEX conversations_activity ON conversations (last_activity_at, id);
CREATE INDEX conversations_queue ON conversations (status, team_id, queued_at);
CREATE INDEX conversations_contact ON conversations (contact_id, inbox_id);
CREATE INDEX conversations_assignee ON conversations (assignee_id, status);
CREATE INDEX conversations_snoozed ON conversations (snoozed_until) WHERE status = 'snoozed';

-- The label catalogue: conversations may only carry labels defined here, so reports group well.
CREATE TABLE labels (
    name        TEXT PRIMARY KEY NOT NULL,
    description TEXT NOT NULL,
    color       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE conversation_labels (
    conversation_id BLOB NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    label           TEXT NOT NULL REFERENCES labels (name) ON DELETE CASCADE ON UPDATE CASCADE,
    PRIMARY KEY (conversation_id, label)
);
CREATE INDEX conversation_labels_label ON conversation_labels (label);

CREATE TABLE messages (
    id                BLOB PRIMARY KEY NOT NULL,
    conversation_id   BLOB NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    inbox_id          BLOB NOT NULL REFERENCES inboxes (id),
    direction         TEXT NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
    sender_kind       TEXT NOT NULL CHECK (sender_kind IN ('contact', 'agent', 'bot', 'system')),
    sender_id         BLOB,
    kind              TEXT NOT NULL CHECK (kind IN ('text', 'attachment', 'note', 'event')),
    content           TEXT NOT NULL,
    delivery_state    TEXT NOT NULL CHECK (delivery_state IN ('pending', 'sent', 'delivered', 'read', 'failed')),
    delivery_error    TEXT,
    external_id       TEXT,
    client_message_id TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    CONSTRAINT messages_external_id_key UNIQUE (inbox_id, external_id),
    CONSTRAINT messages_client_message_id_key UNIQUE (conversation_id, client_message_id)
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);

-- A copy of each message's text for full-text search; accents folded so "conexao" finds "conexão".
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    content,
    message_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (content, message_id) VALUES (new.content, new.id);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    DELETE FROM messages_fts WHERE message_id = old.id;
END;

-- The outbox of API inboxes' webhooks: written with the message it announces, so a reply
-- acknowledged to the agent reaches the integrator even across a crash (at least once).
CREATE TABLE webhook_deliveries (
    id              BLOB PRIMARY KEY NOT NULL,
    inbox_id        BLOB NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    message_id      BLOB REFERENCES messages (id) ON DELETE CASCADE,
    event           TEXT NOT NULL,
    payload         TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    locked_until    TEXT,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    delivered_at    TEXT
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);

-- Everything that happened to a conversation, numbered without gaps: subscribers replay from here.
CREATE TABLE conversation_events (
    conversation_id BLOB NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    message_id      BLOB,
    actor_kind      TEXT NOT NULL,
    actor_id        BLOB,
    details         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (conversation_id, seq)
);

-- A personal response belongs to its owner, a team one to its team, a global one to nobody.
-- Shortcuts are unique within each of those. UNIQUE treats NULLs as distinct on both backends,
-- so the owner and team constraints leave the other scopes alone, and global ones need the
-- partial index.
CREATE TABLE canned_responses (
    id         BLOB PRIMARY KEY NOT NULL,
    shortcut   TEXT NOT NULL,
    content    TEXT NOT NULL,
    scope      TEXT NOT NULL CHECK (scope IN ('personal', 'team', 'global')),
    owner_id   BLOB REFERENCES users (id) ON DELETE CASCADE,
    team_id    BLOB REFERENCES teams (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((scope = 'personal' AND owner_id IS NOT NULL AND team_id IS NULL)
        OR (scope = 'team' AND team_id IS NOT NULL AND owner_id IS NULL)
        OR (scope = 'global' AND owner_id IS NULL AND team_id IS NULL)),
    CONSTRAINT canned_responses_owner_id_key UNIQUE (owner_id, shortcut),
    CONSTRAINT canned_responses_team_id_key UNIQUE (team_id, shortcut)
);
CREATE INDEX canned_responses_shortcut ON canned_responses (shortcut);
CREATE UNIQUE INDEX canned_responses_global_shortcut_key ON canned_responses (shortcut)
    WHERE scope = 'global';

-- Attachments: the files live under <data_dir>/attachments, named by id; this row says what they
-- are. A row is written only once its file is complete and in place.
CREATE TABLE attachments (
    id              BLOB PRIMARY KEY NOT NULL,
    conversation_id BLOB NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_id      BLOB NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    file_name       TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    size            INTEGER NOT NULL CHECK (size > 0),
    sha256          TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX attachments_message ON attachments (message_id);
CREATE INDEX attachments_conversation ON attachments (conversation_id);
