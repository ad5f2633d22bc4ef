-- +goose Up
-- revision counts the changes of a table plan, from 1: every edit names the
-- revision it was made against and is refused when the plan has moved on,
-- so one host never silently undoes another's change. changed_by is the
-- account whose change made the current revision (NULL when it was no one's,
-- e.g. the ledger writing the table pairs).
ALTER TABLE table_plans ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE table_plans ADD COLUMN changed_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE table_plans DROP COLUMN changed_by;
ALTER TABLE table_plans DROP COLUMN revision;
