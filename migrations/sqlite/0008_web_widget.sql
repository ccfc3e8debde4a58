-- The web chat widget (host/src/widget.rs): its settings per web inbox, the inbox's identity-
-- verification secret (an HMAC key the ISP's site signs subscriber ids with; kept in clear like
-- webhook secrets because the host must compute the same HMAC), the visitors' satisfaction
-- ratings (one per conversation), and which conversations already got the "we are closed" reply.
CREATE TABLE web_widgets (
    inbox_id        BLOB PRIMARY KEY REFERENCES inboxes (id) ON DELETE CASCADE,
    settings        TEXT NOT NULL,
    identity_secret TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE conversation_ratings (
    conversation_id BLOB PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    contact_id      BLOB NOT NULL,
    score           INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment         TEXT,
    rated_at        TEXT NOT NULL
);

CREATE TABLE widget_offline_notices (
    conversation_id BLOB PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    sent_at         TEXT NOT NULL
);
