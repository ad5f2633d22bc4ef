-- +goose Up
-- The gatherings list reads upcoming gatherings by their end (ends_at >=
-- now): without this index it walked every past gathering by start first.
CREATE INDEX gatherings_ends ON gatherings (ends_at);
-- Searches of practices and of harvest notes read only their own kind:
-- with one GIN index over every document, a word common in members'
-- profiles made each search recheck tens of thousands of them. (SQLite's
-- FTS5 has no partial index; its searches are the size of a large demo.)
CREATE INDEX search_docs_practice_tsv ON search_docs USING GIN (tsv) WHERE kind = 'practice';
CREATE INDEX search_docs_note_tsv ON search_docs USING GIN (tsv) WHERE kind = 'note';

-- +goose Down
DROP INDEX search_docs_note_tsv;
DROP INDEX search_docs_practice_tsv;
DROP INDEX gatherings_ends;
