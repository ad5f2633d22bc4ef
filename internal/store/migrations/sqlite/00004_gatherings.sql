-- +goose Up
CREATE TABLE gathering_series (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL
);

CREATE TABLE gatherings (
    id                  INTEGER PRIMARY KEY,
    city_id             INTEGER NOT NULL REFERENCES cities (id),
    series_id           INTEGER REFERENCES gathering_series (id) ON DELETE SET NULL,
    title               TEXT NOT NULL,
    theme               TEXT NOT NULL DEFAULT '',
    questions           TEXT NOT NULL DEFAULT '[]',
    venue_name          TEXT NOT NULL DEFAULT '',
    address             TEXT NOT NULL DEFAULT '',
    accessibility_notes TEXT NOT NULL DEFAULT '',
    diets_served        TEXT NOT NULL DEFAULT '[]',
    starts_at           DATETIME NOT NULL,
    ends_at             DATETIME NOT NULL,
    time_zone           TEXT NOT NULL,
    capacity            INTEGER NOT NULL CHECK (capacity > 0),
    table_size          INTEGER NOT NULL,
    visibility          TEXT NOT NULL CHECK (visibility IN ('network', 'invite')),
    status              TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'held', 'cancelled')),
    approval_required   INTEGER NOT NULL DEFAULT 0,
    created_by          INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at          DATETIME NOT NULL,
    updated_at          DATETIME NOT NULL
);
CREATE INDEX gatherings_starts ON gatherings (starts_at);
CREATE INDEX gatherings_city ON gatherings (city_id, starts_at);
CREATE INDEX gatherings_series ON gatherings (series_id);

CREATE TABLE gathering_hosts (
    gathering_id INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    PRIMARY KEY (gathering_id, member_id)
);

CREATE TABLE gathering_organizations (
    gathering_id    INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    PRIMARY KEY (gathering_id, organization_id)
);

CREATE TABLE gathering_networks (
    gathering_id INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    network_id   INTEGER NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    PRIMARY KEY (gathering_id, network_id)
);

-- rsvps: one row per member per gathering. seq orders the waitlist (and the
-- seats, for demotion): it only grows within a gathering.
CREATE TABLE rsvps (
    gathering_id  INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    member_id     INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('invited', 'pending', 'going', 'waitlist', 'declined', 'attended', 'no_show')),
    seq           INTEGER NOT NULL DEFAULT 0,
    answers       TEXT NOT NULL DEFAULT '{}',
    invited_by    INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    checked_in_at DATETIME,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL,
    PRIMARY KEY (gathering_id, member_id)
);
CREATE INDEX rsvps_queue ON rsvps (gathering_id, status, seq);
CREATE INDEX rsvps_member ON rsvps (member_id);

-- gathering_reminders records reminders sent, so each goes out once.
CREATE TABLE gathering_reminders (
    gathering_id INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    sent_at      DATETIME NOT NULL,
    PRIMARY KEY (gathering_id, member_id, kind)
);

-- link_keys holds the random keys that sign personal links (RSVP, feeds).
CREATE TABLE link_keys (
    name       TEXT PRIMARY KEY,
    secret     TEXT NOT NULL,
    created_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE link_keys;
DROP TABLE gathering_reminders;
DROP TABLE rsvps;
DROP TABLE gathering_networks;
DROP TABLE gathering_organizations;
DROP TABLE gathering_hosts;
DROP TABLE gatherings;
DROP TABLE gathering_series;
