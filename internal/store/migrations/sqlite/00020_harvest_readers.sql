-- +goose Up
-- The people of a table are fixed by who sat there: each reads the table's
-- off-the-record notes written since they became one of its people, never
-- those written before (kindred.HarvestNote.VisibleTo). These record when.

-- written_open: whether the note's gathering was open to the network when
-- the note was written. A note is never read more widely than that, even
-- once the gathering is opened (kindred.HarvestNote.Audience). Notes written
-- before this column existed take their gathering's visibility of today.
ALTER TABLE harvest_notes ADD COLUMN written_open INTEGER NOT NULL DEFAULT 0;
UPDATE harvest_notes SET written_open = 1
    WHERE gathering_id IN (SELECT id FROM gatherings WHERE visibility = 'network' AND status <> 'draft');
CREATE INDEX harvest_notes_written_open ON harvest_notes (gathering_id, written_open);

-- named_at: when the table's note-taker was named; they read the table's
-- off-the-record notes from then on. Note-takers named before this column
-- existed count from the migration: earlier notes stay with their writers.
ALTER TABLE harvest_tables ADD COLUMN named_at DATETIME;
UPDATE harvest_tables SET named_at = CURRENT_TIMESTAMP WHERE note_taker_id IS NOT NULL;

-- harvest_table_seen: when the harvest first saw a member seated at a table
-- by the table plan (recorded with each note written there), so a seat
-- added to the plan later grants no note written before it.
CREATE TABLE harvest_table_seen (
    gathering_id INTEGER NOT NULL REFERENCES gatherings (id) ON DELETE CASCADE,
    table_no     INTEGER NOT NULL CHECK (table_no >= 1),
    member_id    INTEGER NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    seen_at      DATETIME NOT NULL,
    PRIMARY KEY (gathering_id, table_no, member_id)
);
CREATE INDEX harvest_table_seen_member ON harvest_table_seen (member_id);
INSERT INTO harvest_table_seen (gathering_id, table_no, member_id, seen_at)
    SELECT s.gathering_id, s.table_no, s.member_id, MIN(n.created_at)
    FROM table_seats s JOIN harvest_notes n ON n.gathering_id = s.gathering_id AND n.table_no = s.table_no
    GROUP BY s.gathering_id, s.table_no, s.member_id;

-- +goose Down
DROP TABLE harvest_table_seen;
DROP INDEX harvest_notes_written_open;
ALTER TABLE harvest_tables DROP COLUMN named_at;
ALTER TABLE harvest_notes DROP COLUMN written_open;
