-- +goose Up
-- introductions a weaver sends between two members; when both accept, the
-- introduction becomes a tie in the ledger.
CREATE TABLE introductions (
    id           INTEGER PRIMARY KEY,
    member_a     INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    member_b     INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    introduced_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    message      TEXT NOT NULL DEFAULT '',
    token_a      TEXT NOT NULL UNIQUE,
    token_b      TEXT NOT NULL UNIQUE,
    accepted_a   DATETIME,
    accepted_b   DATETIME,
    tie_id       INTEGER REFERENCES ties (id) ON DELETE SET NULL,
    created_at   DATETIME NOT NULL
);

-- +goose Down
DROP TABLE introductions;
