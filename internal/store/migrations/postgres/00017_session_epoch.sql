-- +goose Up
-- session_epoch: a password change or "sign out everywhere" moves it on,
-- ending every session signed in under the previous value.
ALTER TABLE accounts ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE accounts DROP COLUMN session_epoch;
