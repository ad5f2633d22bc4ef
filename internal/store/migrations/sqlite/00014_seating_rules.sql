-- +goose Up
-- seating_rules: a host's hard constraints on a gathering's table plan, about
-- two guests: they share a table in every round ('together': an interpreter
-- and the guest they interpret for) or never do ('apart'). One rule per pair.
CREATE TABLE seating_rules (
    id           INTEGER PRIMARY KEY,
    gathering_id INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL CHECK (kind IN ('together', 'apart')),
    member_a     INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    member_b     INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    note         TEXT NOT NULL DEFAULT '',
    created_by   INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at   DATETIME NOT NULL,
    CHECK (member_a < member_b),
    UNIQUE (gathering_id, member_a, member_b)
);

-- +goose Down
DROP TABLE seating_rules;
