-- +goose Up
CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    prompt      TEXT NOT NULL,
    audience    TEXT NOT NULL CHECK (audience IN ('open', 'members', 'invited')),
    languages   TEXT NOT NULL,
    starts_on   TEXT NOT NULL DEFAULT '',
    ends_on     TEXT NOT NULL DEFAULT '',
    definition  TEXT NOT NULL,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);

CREATE TABLE stories (
    id              INTEGER PRIMARY KEY,
    campaign_id     INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    text            TEXT NOT NULL,
    lang            TEXT NOT NULL,
    consent         TEXT NOT NULL CHECK (consent IN ('public', 'network', 'organizers')),
    anonymous       BOOLEAN NOT NULL,
    teller_name     TEXT,
    teller_email    TEXT,
    signifiers      TEXT NOT NULL,
    context         TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'hidden', 'withdrawn')),
    pii             BOOLEAN NOT NULL DEFAULT FALSE,
    source          TEXT NOT NULL,
    edit_token_hash TEXT UNIQUE,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL,
    CHECK (NOT anonymous OR (teller_name IS NULL AND teller_email IS NULL AND edit_token_hash IS NULL))
);
CREATE INDEX stories_campaign ON stories (campaign_id, id);

-- People invited to a campaign whose audience is 'invited'.
CREATE TABLE campaign_invites (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    account_id  INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    PRIMARY KEY (campaign_id, account_id)
);

-- +goose Down
DROP TABLE campaign_invites;
DROP TABLE stories;
DROP TABLE campaigns;
