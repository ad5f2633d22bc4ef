-- +goose Up
-- After the dinner, one question: each guest who came to a held gathering
-- may answer once (and change it): how valuable it was (value 1 to 5, NULL
-- when not said), one thing they will try, and one person from the dinner
-- they would like to meet again (NULL when nobody, or gone since). Nothing
-- is mandatory. asked_at records that the one mail asking it was queued;
-- answered_at that they answered (a row may exist for either alone).
CREATE TABLE gathering_feedback (
    gathering_id  BIGINT NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    member_id     BIGINT NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    value         INTEGER,
    will_try      TEXT NOT NULL DEFAULT '',
    meet_again_id BIGINT REFERENCES members (id) ON DELETE SET NULL,
    asked_at      TIMESTAMPTZ,
    answered_at   TIMESTAMPTZ,
    updated_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (gathering_id, member_id)
);
CREATE INDEX gathering_feedback_meet_again ON gathering_feedback (meet_again_id);

-- +goose Down
DROP TABLE gathering_feedback;
