-- +goose Up
-- table_plans: the seating plan of a gathering (one per gathering), composed
-- by internal/seating from the going list and the ledger's history.
CREATE TABLE table_plans (
    gathering_id    BIGINT PRIMARY KEY REFERENCES gatherings (id) ON DELETE CASCADE,
    rounds          INTEGER NOT NULL DEFAULT 1 CHECK (rounds >= 1),
    table_size      INTEGER NOT NULL CHECK (table_size >= 2),
    seed            BIGINT NOT NULL DEFAULT 1,
    by_language     BOOLEAN NOT NULL DEFAULT TRUE,
    summary         TEXT NOT NULL DEFAULT '{}',
    locked_at       TIMESTAMPTZ,
    locked_by       BIGINT REFERENCES accounts (id) ON DELETE SET NULL,
    ties_written_at TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- table_seats: who sits at which table in which round. table_no counts from
-- 1 and names a physical table: the people "at a table" are everyone seated
-- there in any round.
CREATE TABLE table_seats (
    gathering_id BIGINT NOT NULL REFERENCES table_plans (gathering_id) ON DELETE CASCADE,
    round        INTEGER NOT NULL CHECK (round >= 1),
    table_no     INTEGER NOT NULL CHECK (table_no >= 1),
    member_id    BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    pinned       BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (gathering_id, round, member_id)
);
CREATE INDEX table_seats_table ON table_seats (gathering_id, table_no);
CREATE INDEX table_seats_member ON table_seats (member_id);

-- +goose Down
DROP TABLE table_seats;
DROP TABLE table_plans;
