-- +goose Up
-- digest_opt_in: the member asked for the weekly digest of new practices.
ALTER TABLE accounts ADD COLUMN digest_opt_in INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN digest_sent_at DATETIME;

-- +goose Down
ALTER TABLE accounts DROP COLUMN digest_sent_at;
ALTER TABLE accounts DROP COLUMN digest_opt_in;
