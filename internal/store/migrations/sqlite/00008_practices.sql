-- +goose Up
-- practices is the library of emerging practices the network shares.
CREATE TABLE practices (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    theme_area  TEXT NOT NULL DEFAULT '',
    stage       TEXT NOT NULL CHECK (stage IN ('emerging', 'tried', 'established')),
    created_by  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);

CREATE TABLE practice_tags (
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    tag         TEXT NOT NULL,
    PRIMARY KEY (practice_id, tag)
);

-- practice_contacts are members to ask about a practice.
CREATE TABLE practice_contacts (
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    PRIMARY KEY (practice_id, member_id)
);

-- practice_sources record where a practice came from: a member, a
-- gathering's note, a listening story, or a description.
CREATE TABLE practice_sources (
    id          INTEGER PRIMARY KEY,
    practice_id INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('member', 'gathering', 'note', 'story', 'other')),
    ref_id      INTEGER,
    label       TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL
);
CREATE INDEX practice_sources_practice ON practice_sources (practice_id);

-- adoptions: an organization tried a practice, with how it went.
CREATE TABLE adoptions (
    id              INTEGER PRIMARY KEY,
    practice_id     INTEGER NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    outcome         TEXT NOT NULL CHECK (outcome IN ('tried', 'worked', 'did_not_work')),
    note            TEXT NOT NULL DEFAULT '',
    adopted_on      TEXT NOT NULL,
    recorded_by     INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at      DATETIME NOT NULL
);
CREATE INDEX adoptions_practice ON adoptions (practice_id);

-- +goose Down
DROP TABLE adoptions;
DROP TABLE practice_sources;
DROP TABLE practice_contacts;
DROP TABLE practice_tags;
DROP TABLE practices;
