-- +goose Up
-- city_id: the city whose organizers run a campaign; NULL for a campaign of
-- the whole network, run by administrators and network-wide organizers.
ALTER TABLE campaigns ADD COLUMN city_id BIGINT REFERENCES cities (id);
CREATE INDEX campaigns_city ON campaigns (city_id);

-- Stories keep the day they were told, never the instant (an anonymous
-- teller must not be picked out by the minute they wrote): drop the time of
-- day from every story told so far, and from its last change when it was
-- never changed after.
UPDATE stories SET updated_at = date_trunc('day', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' WHERE updated_at = created_at;
UPDATE stories SET created_at = date_trunc('day', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';

-- +goose Down
DROP INDEX campaigns_city;
ALTER TABLE campaigns DROP COLUMN city_id;
