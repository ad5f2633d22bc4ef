-- +goose Up
-- digest_opt_in: the member asked for the weekly digest of new practices.
ALTER TABLE accounts ADD COLUMN digest_opt_in BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE accounts ADD COLUMN digest_sent_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE accounts DROP COLUMN digest_sent_at;
ALTER TABLE accounts DROP COLUMN digest_opt_in;
