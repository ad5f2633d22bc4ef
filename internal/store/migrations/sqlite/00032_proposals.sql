-- +goose Up
-- Member-proposed dinners. A proposal is a gathering (a draft until an
-- organizer of its city approves it, so every read that leaves drafts out
-- leaves it out too) with one row here: who proposed it (member_id, who
-- hosts it once approved), where its review stands (review: pending,
-- changes (the organizer asked for changes), declined, approved), the
-- organizer's message and who reviewed it last.
CREATE TABLE gathering_proposals (
    gathering_id INTEGER PRIMARY KEY REFERENCES gatherings (id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    review       TEXT NOT NULL CHECK (review IN ('pending', 'changes', 'declined', 'approved')),
    message      TEXT NOT NULL DEFAULT '',
    reviewed_by  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    reviewed_at  DATETIME,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL
);
CREATE INDEX gathering_proposals_member ON gathering_proposals (member_id);
CREATE INDEX gathering_proposals_review ON gathering_proposals (review);

-- trusted_hosts: members an organizer of a city trusts to host there; their
-- later proposals in that city publish directly.
CREATE TABLE trusted_hosts (
    city_id    INTEGER NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    trusted_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (city_id, member_id)
);

-- +goose Down
DROP TABLE trusted_hosts;
DROP TABLE gathering_proposals;
