-- +goose Up
-- source_lang: the language a campaign's own words (title, prompt,
-- signifiers, context questions) are written in; translations: those words
-- in other languages, one JSON document read and written whole, like the
-- definition; min_story_runes: the shortest story the form takes.
ALTER TABLE campaigns ADD COLUMN source_lang TEXT NOT NULL DEFAULT 'en';
ALTER TABLE campaigns ADD COLUMN translations TEXT NOT NULL DEFAULT '{}';
ALTER TABLE campaigns ADD COLUMN min_story_runes INTEGER NOT NULL DEFAULT 40;

-- Machine translations of stories for organizers and the report, made by
-- the configured translation server and kept so a text is sent once per
-- target language. key_hash is translate.Key.Hash (source, target, text).
CREATE TABLE machine_translations (
    key_hash    TEXT PRIMARY KEY,
    source      TEXT NOT NULL,
    target      TEXT NOT NULL,
    text        TEXT NOT NULL,
    created_at  DATETIME NOT NULL
);

-- A story seeds at most one practice.
CREATE UNIQUE INDEX practice_sources_one_story ON practice_sources (ref_id) WHERE kind = 'story';

-- +goose Down
DROP INDEX practice_sources_one_story;
DROP TABLE machine_translations;
ALTER TABLE campaigns DROP COLUMN min_story_runes;
ALTER TABLE campaigns DROP COLUMN translations;
ALTER TABLE campaigns DROP COLUMN source_lang;
