-- +goose Up
-- events: what happened, written by the use case in the transaction that
-- made it happen (an outbox): webhooks deliver them to subscribers. data is
-- JSON holding only what the whole network may see.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    type       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    data       TEXT NOT NULL,
    actor_id   INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX events_type ON events (type, id);

-- +goose Down
DROP TABLE events;
