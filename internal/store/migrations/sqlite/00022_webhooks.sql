-- +goose Up
-- webhooks: outside systems told of events (Standard Webhooks: signed
-- webhook-id, webhook-timestamp, webhook-signature). event_types is a JSON
-- list; while a rotated secret's previous_until is in the future, deliveries
-- are signed with both, so receivers can switch without downtime. A webhook
-- is disabled (active false, disabled_reason set) after repeated failures.
CREATE TABLE webhooks (
    id               INTEGER PRIMARY KEY,
    url              TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    event_types      TEXT NOT NULL,
    secret           TEXT NOT NULL,
    previous_secret  TEXT NOT NULL DEFAULT '',
    previous_until   DATETIME,
    active           INTEGER NOT NULL DEFAULT 1,
    failures         INTEGER NOT NULL DEFAULT 0,
    disabled_reason  TEXT NOT NULL DEFAULT '',
    created_by       INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL
);

-- webhook_deliveries: every attempt to deliver an event to a webhook, with
-- the receiver's answer (status, the start of its body) or the error.
CREATE TABLE webhook_deliveries (
    id          INTEGER PRIMARY KEY,
    webhook_id  INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    attempt     INTEGER NOT NULL,
    status      INTEGER NOT NULL DEFAULT 0,
    response    TEXT NOT NULL DEFAULT '',
    error       TEXT NOT NULL DEFAULT '',
    duration_ms INTEGER NOT NULL DEFAULT 0,
    created_at  DATETIME NOT NULL
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id);
CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_id);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
