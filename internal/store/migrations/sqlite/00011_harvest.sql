-- +goose Up
-- harvest_prompts: the prompt cards a gathering's hosts set for note-takers
-- (a JSON array of strings); a gathering without a row uses the defaults.
CREATE TABLE harvest_prompts (
    gathering_id INTEGER PRIMARY KEY REFERENCES gatherings (id) ON DELETE CASCADE,
    prompts      TEXT NOT NULL DEFAULT '[]',
    updated_at   DATETIME NOT NULL
);

-- harvest_tables: the note-taker a host assigned to a table.
CREATE TABLE harvest_tables (
    gathering_id  INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    table_no      INTEGER NOT NULL CHECK (table_no >= 1),
    note_taker_id INTEGER REFERENCES members (id) ON DELETE SET NULL,
    PRIMARY KEY (gathering_id, table_no)
);
CREATE INDEX harvest_tables_taker ON harvest_tables (note_taker_id);

-- harvest_table_people: the guests a note-taker listed as at a table, which
-- counts only when the gathering has no table plan (authors of a table's
-- notes belong to it through harvest_notes).
CREATE TABLE harvest_table_people (
    gathering_id INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    table_no     INTEGER NOT NULL CHECK (table_no >= 1),
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    PRIMARY KEY (gathering_id, table_no, member_id)
);
CREATE INDEX harvest_table_people_member ON harvest_table_people (member_id);

-- harvest_notes: what was said at a table, with its consent flag.
-- client_key makes a resent post (after a lost answer) land once.
CREATE TABLE harvest_notes (
    id           INTEGER PRIMARY KEY,
    gathering_id INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    table_no     INTEGER NOT NULL CHECK (table_no >= 1),
    author_id    INTEGER REFERENCES members (id) ON DELETE SET NULL,
    prompt       TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    consent      TEXT NOT NULL CHECK (consent IN ('attributable', 'chatham', 'off_record')),
    client_key   TEXT,
    created_at   DATETIME NOT NULL,
    updated_at   DATETIME NOT NULL,
    UNIQUE (gathering_id, author_id, client_key)
);
CREATE INDEX harvest_notes_table ON harvest_notes (gathering_id, table_no);
CREATE INDEX harvest_notes_author ON harvest_notes (author_id);

-- nominations: whom a guest will follow up with after a gathering.
CREATE TABLE nominations (
    gathering_id INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    nominee_id   INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    created_at   DATETIME NOT NULL,
    PRIMARY KEY (gathering_id, member_id, nominee_id)
);

-- follow_ups: a mutual nomination, written to the ledger once as a
-- follow_up tie; asked about 30 days later.
CREATE TABLE follow_ups (
    gathering_id INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    member_a     INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    member_b     INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    tie_id       INTEGER NOT NULL REFERENCES ties (id) ON DELETE CASCADE,
    asked_at     DATETIME,
    created_at   DATETIME NOT NULL,
    PRIMARY KEY (gathering_id, member_a, member_b)
);

-- +goose Down
DROP TABLE follow_ups;
DROP TABLE nominations;
DROP TABLE harvest_notes;
DROP TABLE harvest_table_people;
DROP TABLE harvest_tables;
DROP TABLE harvest_prompts;
