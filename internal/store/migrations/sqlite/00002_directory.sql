-- +goose Up
CREATE TABLE organizations (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL DEFAULT '',
    size_band   TEXT NOT NULL DEFAULT '',
    website     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);
CREATE UNIQUE INDEX organizations_name ON organizations (lower(name));

CREATE TABLE organization_cities (
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    city_id         INTEGER NOT NULL REFERENCES cities (id) ON DELETE CASCADE,
    PRIMARY KEY (organization_id, city_id)
);

CREATE TABLE networks (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL
);

CREATE TABLE network_organizations (
    network_id      INTEGER NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    PRIMARY KEY (network_id, organization_id)
);

CREATE TABLE members (
    id                 INTEGER PRIMARY KEY,
    account_id         INTEGER UNIQUE REFERENCES accounts (id) ON DELETE SET NULL,
    email              TEXT UNIQUE,
    name               TEXT NOT NULL,
    pronouns           TEXT NOT NULL DEFAULT '',
    bio                TEXT NOT NULL DEFAULT '',
    city_id            INTEGER REFERENCES cities (id) ON DELETE SET NULL,
    diet               TEXT NOT NULL DEFAULT '',
    accessibility      TEXT NOT NULL DEFAULT '',
    preferred_language TEXT NOT NULL DEFAULT '',
    visibility         TEXT NOT NULL DEFAULT '{}',
    has_photo          INTEGER NOT NULL DEFAULT 0,
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL
);
CREATE INDEX members_city ON members (city_id);
CREATE INDEX members_name ON members (name);

-- member_values holds a member's lists: languages, tags, asks and offers.
CREATE TABLE member_values (
    member_id INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('language', 'tag', 'ask', 'offer')),
    position  INTEGER NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (member_id, kind, position)
);
CREATE INDEX member_values_lookup ON member_values (kind, value);

CREATE TABLE member_photos (
    member_id    INTEGER PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL
);

CREATE TABLE affiliations (
    id              INTEGER PRIMARY KEY,
    member_id       INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    role            TEXT NOT NULL DEFAULT '',
    since           TEXT NOT NULL DEFAULT '',
    until           TEXT NOT NULL DEFAULT '',
    is_primary      INTEGER NOT NULL DEFAULT 0,
    created_at      DATETIME NOT NULL
);
CREATE INDEX affiliations_member ON affiliations (member_id);
CREATE INDEX affiliations_organization ON affiliations (organization_id);

-- +goose Down
DROP TABLE affiliations;
DROP TABLE member_photos;
DROP TABLE member_values;
DROP TABLE members;
DROP TABLE network_organizations;
DROP TABLE networks;
DROP TABLE organization_cities;
DROP TABLE organizations;
