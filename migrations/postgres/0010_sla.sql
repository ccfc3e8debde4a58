-- Service-level targets (host/src/sla.rs). `waiting_since` is when the customer's oldest message
-- still without a public reply arrived: the console shows it as the waiting time and the
-- next-response target counts from it. One policy per priority, seeded with common help-desk
-- targets so a new server has SLA badges at once; an admin changes or clears them.
ALTER TABLE conversations ADD COLUMN waiting_since TIMESTAMPTZ;

CREATE TABLE sla_policies (
    priority                TEXT PRIMARY KEY CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
    first_response_seconds  INTEGER CHECK (first_response_seconds > 0),
    next_response_seconds   INTEGER CHECK (next_response_seconds > 0),
    resolution_seconds      INTEGER CHECK (resolution_seconds > 0),
    updated_at              TIMESTAMPTZ NOT NULL
);

INSERT INTO sla_policies VALUES
    ('urgent', 300, 300, 14400, '2026-01-01T00:00:00Z'),
    ('high', 900, 900, 28800, '2026-01-01T00:00:00Z'),
    ('normal', 1800, 1800, 86400, '2026-01-01T00:00:00Z'),
    ('low', 7200, 7200, 259200, '2026-01-01T00:00:00Z');
