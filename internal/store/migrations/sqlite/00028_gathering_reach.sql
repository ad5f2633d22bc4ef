-- +goose Up
-- join_url: the link of an online or hybrid gathering, shown only to guests
-- whose seat is confirmed. public: anyone, signed in or not, may read the
-- gathering's page (title, date, city, description), never its guests.
ALTER TABLE gatherings ADD COLUMN join_url TEXT NOT NULL DEFAULT '';
ALTER TABLE gatherings ADD COLUMN public INTEGER NOT NULL DEFAULT 0;

-- invite_runs: an "invite all N" sent by background jobs, with its progress.
CREATE TABLE invite_runs (
    id            INTEGER PRIMARY KEY,
    gathering_id  INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    total         INTEGER NOT NULL,
    done          INTEGER NOT NULL DEFAULT 0,
    invited       INTEGER NOT NULL DEFAULT 0,
    created_by    INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at    DATETIME NOT NULL,
    finished_at   DATETIME
);
CREATE INDEX invite_runs_gathering ON invite_runs (gathering_id, id);

-- email_invitations: someone invited by address who is not in the
-- directory. Nothing of them is shown to anyone but the gathering's
-- organizers until they accept, which makes their member profile
-- (member_id) and their RSVP.
CREATE TABLE email_invitations (
    id            INTEGER PRIMARY KEY,
    gathering_id  INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    email         TEXT NOT NULL,
    invited_by    INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    member_id     INTEGER REFERENCES members (id) ON DELETE SET NULL,
    created_at    DATETIME NOT NULL,
    accepted_at   DATETIME,
    UNIQUE (gathering_id, email)
);

-- +goose Down
DROP TABLE email_invitations;
DROP TABLE invite_runs;
ALTER TABLE gatherings DROP COLUMN public;
ALTER TABLE gatherings DROP COLUMN join_url;
