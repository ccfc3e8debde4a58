-- Channel plugins' two ends. `channel_inbound`: each acknowledged webhook delivery that carried
-- events, stored before the provider got its 2xx and applied by a worker; the verified raw body is
-- kept (until housekeeping prunes the row after the retention) so an operator can see why an
-- acknowledged delivery produced nothing. `channel_outbox`: each reply to send through the inbox's
-- channel plugin, written in the reply's own transaction.

CREATE TABLE channel_inbound (
    id              UUID PRIMARY KEY,
    inbox_id        UUID NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    received_at     TIMESTAMPTZ NOT NULL,
    events          JSONB NOT NULL,
    raw_body        BYTEA NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'processed', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    locked_until    TIMESTAMPTZ,
    outcome         TEXT,
    processed_at    TIMESTAMPTZ
);
CREATE INDEX channel_inbound_due ON channel_inbound (state, next_attempt_at);
CREATE INDEX channel_inbound_received ON channel_inbound (received_at);

CREATE TABLE channel_outbox (
    id              UUID PRIMARY KEY,
    inbox_id        UUID NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    message_id      UUID NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    locked_until    TIMESTAMPTZ,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ
);
CREATE INDEX channel_outbox_due ON channel_outbox (state, next_attempt_at);
