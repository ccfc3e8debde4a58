-- Agents' presence (host/src/presence.rs): what each staff member chose (online, away, offline)
-- and when they were last seen (an authenticated request or an open console WebSocket). The
-- effective presence is `offline` once `last_seen_at` is older than the presence timeout; that
-- is computed on read, so every node agrees without sharing memory. `timed_out` says that the
-- timeout has already been recorded in `presence_changes` (by whichever node noticed it first).
CREATE TABLE user_presence (
    user_id      BLOB PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    presence     TEXT NOT NULL CHECK (presence IN ('online', 'away', 'offline')),
    since        TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    timed_out    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX user_presence_last_seen ON user_presence (timed_out, last_seen_at);

-- Every change of effective presence, for reports (time online per agent); not audit entries.
CREATE TABLE presence_changes (
    id       BLOB PRIMARY KEY NOT NULL,
    user_id  BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    presence TEXT NOT NULL CHECK (presence IN ('online', 'away', 'offline')),
    reason   TEXT NOT NULL CHECK (reason IN ('chosen', 'timeout', 'returned')),
    at       TEXT NOT NULL
);
CREATE INDEX presence_changes_user ON presence_changes (user_id, at);
