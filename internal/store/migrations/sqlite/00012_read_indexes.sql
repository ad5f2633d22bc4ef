-- +goose Up
-- affiliations_org_current covers the count of each organization's current
-- people (organization lists, the API), so it reads no table rows.
CREATE INDEX affiliations_org_current ON affiliations (organization_id, until, member_id);

-- +goose Down
DROP INDEX affiliations_org_current;
