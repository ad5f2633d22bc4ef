-- +goose Up
-- ties is the relationship ledger: one row per event that connects two
-- members (member_a < member_b). A tie is shown to others, and counted in the
-- network's measures, only while neither member has hidden it.
CREATE TABLE ties (
    id          INTEGER PRIMARY KEY,
    member_a    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    member_b    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('sat_together', 'follow_up', 'collaborated', 'introduced', 'self_reported')),
    source      TEXT NOT NULL CHECK (source IN ('gathering', 'introduction', 'import', 'self')),
    source_ref  TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    happened_on TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'confirmed', 'faded')),
    hidden_by_a INTEGER NOT NULL DEFAULT 0,
    hidden_by_b INTEGER NOT NULL DEFAULT 0,
    created_at  DATETIME NOT NULL,
    CHECK (member_a < member_b)
);
CREATE INDEX ties_a ON ties (member_a);
CREATE INDEX ties_b ON ties (member_b);
CREATE INDEX ties_happened ON ties (happened_on);

-- network_snapshots keeps each month's measures so every metric has a trend.
CREATE TABLE network_snapshots (
    id         INTEGER PRIMARY KEY,
    taken_at   DATETIME NOT NULL,
    members    INTEGER NOT NULL,
    ties       INTEGER NOT NULL,
    stage      TEXT NOT NULL,
    report     TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE INDEX network_snapshots_taken ON network_snapshots (taken_at);

-- +goose Down
DROP TABLE network_snapshots;
DROP TABLE ties;
