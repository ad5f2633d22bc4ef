-- +goose Up
-- awaiting: the member who has yet to confirm a tie the other end reported
-- alone ("we know each other"); NULL once confirmed, and for ties a
-- gathering or an introduction recorded. It is always member_a or member_b
-- (so deleting the member deletes the tie). A tie awaiting someone is shown to
-- no one else and counted in none of the network's measures.
ALTER TABLE ties ADD COLUMN awaiting BIGINT;

-- +goose Down
ALTER TABLE ties DROP COLUMN awaiting;
