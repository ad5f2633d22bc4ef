-- +goose Up
-- The gatherings list reads upcoming gatherings by their end (ends_at >=
-- now): without this index it walked every past gathering by start first.
-- (PostgreSQL also indexes the search documents of practices and notes by
-- kind; FTS5 has no partial index.)
CREATE INDEX gatherings_ends ON gatherings (ends_at);

-- +goose Down
DROP INDEX gatherings_ends;
