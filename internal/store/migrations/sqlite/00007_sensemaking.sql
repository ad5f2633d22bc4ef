-- +goose Up
-- One run of themes.Find over a campaign's approved stories. A run is read
-- and written whole, like a campaign's definition: raw is what Find found,
-- result is raw with the organizers' edits applied (what pages show).
CREATE TABLE theme_runs (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    params      TEXT NOT NULL,
    raw         TEXT NOT NULL,
    result      TEXT NOT NULL,
    created_at  DATETIME NOT NULL
);
CREATE INDEX theme_runs_campaign ON theme_runs (campaign_id, id);

-- Organizers' renames, merges and splits, replayed in order on every run.
-- They name themes by their member stories, so they survive re-theming.
CREATE TABLE theme_edits (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('rename', 'merge', 'split')),
    detail      TEXT NOT NULL,
    created_by  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  DATETIME NOT NULL
);
CREATE INDEX theme_edits_campaign ON theme_edits (campaign_id, id);

-- The selection round: stories a panel shortlisted, why, and which became
-- the campaign's bright spots.
CREATE TABLE story_selections (
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    story_id    INTEGER NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    theme       TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL,
    bright_spot BOOLEAN NOT NULL DEFAULT FALSE,
    selected_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL,
    PRIMARY KEY (campaign_id, story_id)
);

-- +goose Down
DROP TABLE story_selections;
DROP TABLE theme_edits;
DROP TABLE theme_runs;
