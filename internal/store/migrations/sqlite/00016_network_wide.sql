-- +goose Up
-- network_wide: an organizer an administrator trusted with the whole
-- network (every campaign's stories with names, introductions across
-- cities). Organizers are otherwise scoped to their cities; an organizer
-- with no city organizes nothing.
ALTER TABLE accounts ADD COLUMN network_wide INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE accounts DROP COLUMN network_wide;
