-- +goose Up
-- form_stamps: the nonces of signed story-form stamps (kindred.FormStamp)
-- already used, so each form is sent once; kept until the stamp would have
-- expired anyway (expires_at), then pruned. Shared by every instance.
CREATE TABLE form_stamps (
    nonce       TEXT PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    expires_at  DATETIME NOT NULL
);
CREATE INDEX form_stamps_expires ON form_stamps (expires_at);

-- live_sessions: a room telling stories together (a workshop behind one
-- address). Forms opened through /c/{slug}?live=CODE until ends_at count
-- against the session's larger allowance; closing early sets ends_at.
CREATE TABLE live_sessions (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    code        TEXT NOT NULL UNIQUE,
    opened_by   INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    starts_at   DATETIME NOT NULL,
    ends_at     DATETIME NOT NULL
);
CREATE INDEX live_sessions_campaign ON live_sessions (campaign_id, ends_at);

-- +goose Down
DROP TABLE live_sessions;
DROP TABLE form_stamps;
