-- +goose Up
CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL CHECK (role IN ('admin', 'organizer', 'member')),
    password_hash TEXT,
    created_at    DATETIME NOT NULL,
    last_seen_at  DATETIME
);

CREATE TABLE cities (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    slug       TEXT NOT NULL UNIQUE,
    time_zone  TEXT NOT NULL,
    created_at DATETIME NOT NULL
);

CREATE TABLE organizer_cities (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    city_id    INTEGER NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    PRIMARY KEY (account_id, city_id)
);

CREATE TABLE magic_links (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER REFERENCES accounts (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('signin', 'setup')),
    token_hash TEXT NOT NULL UNIQUE,
    redirect   TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL,
    used_at    DATETIME
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   DATETIME NOT NULL,
    last_used_at DATETIME,
    revoked_at   DATETIME
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry DATETIME NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE mail_messages (
    id          INTEGER PRIMARY KEY,
    to_addr     TEXT NOT NULL,
    subject     TEXT NOT NULL,
    text_body   TEXT NOT NULL,
    html_body   TEXT NOT NULL DEFAULT '',
    attachments TEXT NOT NULL DEFAULT '[]',
    status      TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'outbox', 'failed')),
    error       TEXT NOT NULL DEFAULT '',
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  DATETIME NOT NULL,
    sent_at     DATETIME
);
CREATE INDEX mail_messages_created ON mail_messages (created_at);

-- search_docs holds every searchable thing; search_fts indexes it (FTS5,
-- external content kept in step by triggers).
CREATE TABLE search_docs (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    ref_id     INTEGER NOT NULL,
    scope      TEXT NOT NULL DEFAULT 'network',
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',
    updated_at DATETIME NOT NULL,
    UNIQUE (kind, ref_id)
);
CREATE VIRTUAL TABLE search_fts USING fts5 (
    title, body, content = 'search_docs', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
-- +goose StatementBegin
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    INSERT INTO search_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
-- +goose StatementEnd

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL DEFAULT '',
    detail     TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE search_fts;
DROP TABLE search_docs;
DROP TABLE mail_messages;
DROP TABLE sessions;
DROP TABLE api_tokens;
DROP TABLE magic_links;
DROP TABLE organizer_cities;
DROP TABLE cities;
DROP TABLE accounts;
