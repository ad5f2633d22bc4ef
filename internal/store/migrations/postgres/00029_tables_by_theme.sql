-- +goose Up
-- by_theme marks a table plan composed "by theme": guests who share a theme
-- (of their listening stories or practice interests) and are not yet
-- connected sit together, and each table's prompt card prints that theme's
-- bright spots.
ALTER TABLE table_plans ADD COLUMN by_theme BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE table_plans DROP COLUMN by_theme;
