-- The web chat widget (host/src/widget.rs): its settings per web inbox, the inbox's identity-
-- verification secret (an HMAC key the ISP's site signs subscriber ids with; kept in clear like
-- webhook secrets because the host must compute the same HMAC), the visitors' satisfaction
-- ratings (one per conversation), and which conversations already got the "we are closed" reply.
CREATE TABLE web_widgets (
    inbox_id        UUID PRIMARY KEY REFERENCES inboxes (id) ON DELETE CASCADE,
    settings        JSONB NOT NULL,
    identity_secret TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

CREATE TABLE conversation_ratings (
    conversation_id UUID PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    contact_id      UUID NOT NULL,
    score           INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment         TEXT,
    rated_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE widget_offline_notices (
    conversation_id UUID PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    sent_at         TIMESTAMPTZ NOT NULL
);
