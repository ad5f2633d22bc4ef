package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// FollowUp is a mutual nomination after a gathering: the follow_up tie it
// wrote to the ledger, seen from one of its two members.
type FollowUp struct {
	GatheringID int64
	TieID       int64
	A, B        int64
	OtherID     int64
	OtherName   string
	Status      string // the tie's: active, confirmed or faded
	Asked       bool   // the 30-day question went out
}

// SetNominations replaces whom memberID will follow up with after the
// gathering. Each nomination that is now mutual becomes a follow_up tie in
// the ledger, exactly once per pair and gathering, however often either
// side saves; the follow-ups made by this call are returned so the caller
// can schedule the 30-day question.
func (tx *Tx) SetNominations(ctx context.Context, gatheringID, memberID int64, nominees []int64) ([]FollowUp, error) {
	if err := tx.d.lockGathering(ctx, tx, gatheringID); err != nil {
		return nil, fmt.Errorf("nominate: %w", tx.d.translate(err))
	}
	if _, err := tx.exec(ctx, `DELETE FROM nominations WHERE gathering_id = ? AND member_id = ?`, gatheringID, memberID); err != nil {
		return nil, fmt.Errorf("nominate: %w", err)
	}
	var made []FollowUp
	for _, id := range nominees {
		if id == memberID {
			continue
		}
		if _, err := tx.exec(ctx, `INSERT INTO nominations (gathering_id, member_id, nominee_id, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, gatheringID, memberID, id, tx.now); err != nil {
			return nil, fmt.Errorf("nominate: %w", err)
		}
		f, ok, err := tx.followUpIfMutual(ctx, gatheringID, memberID, id)
		if err != nil {
			return nil, err
		}
		if ok {
			made = append(made, f)
		}
	}
	return made, nil
}

// followUpIfMutual writes the follow_up tie of a and b when each nominated
// the other and no tie was written for the pair at this gathering yet; ok
// says whether it wrote one.
func (tx *Tx) followUpIfMutual(ctx context.Context, gatheringID, a, b int64) (f FollowUp, ok bool, err error) {
	if a > b {
		a, b = b, a
	}
	var n int
	err = tx.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM nominations WHERE gathering_id = ?
			AND ((member_id = ? AND nominee_id = ?) OR (member_id = ? AND nominee_id = ?)))
		- 2 * (SELECT COUNT(*) FROM follow_ups WHERE gathering_id = ? AND member_a = ? AND member_b = ?)`,
		gatheringID, a, b, b, a, gatheringID, a, b).Scan(&n)
	if err != nil {
		return f, false, fmt.Errorf("nominate: %w", err)
	}
	if n != 2 { // not mutual, or already written
		return f, false, nil
	}
	g, err := tx.Gathering(ctx, gatheringID)
	if err != nil {
		return f, false, err
	}
	tieID, err := tx.AddTie(ctx, kindred.Tie{A: a, B: b, Kind: kindred.TieFollowUp, Source: kindred.SourceGathering,
		SourceRef: g.Title, HappenedOn: g.StartsAt.UTC().Truncate(24 * time.Hour)})
	if err != nil {
		return f, false, err
	}
	if _, err := tx.exec(ctx, `INSERT INTO follow_ups (gathering_id, member_a, member_b, tie_id, created_at) VALUES (?, ?, ?, ?, ?)`,
		gatheringID, a, b, tieID, tx.now); err != nil {
		return f, false, fmt.Errorf("nominate: %w", err)
	}
	return FollowUp{GatheringID: gatheringID, TieID: tieID, A: a, B: b, Status: "active"}, true, nil
}

// Nominations lists whom memberID nominated after the gathering.
func (s *Store) Nominations(ctx context.Context, gatheringID, memberID int64) ([]int64, error) {
	ids, err := collectIDs(s.query(ctx, `SELECT nominee_id FROM nominations WHERE gathering_id = ? AND member_id = ? ORDER BY nominee_id`,
		gatheringID, memberID))
	if err != nil {
		return nil, fmt.Errorf("nominations: %w", err)
	}
	return ids, nil
}

// FollowUpsOf lists memberID's follow-ups from the gathering.
func (s *Store) FollowUpsOf(ctx context.Context, gatheringID, memberID int64) ([]FollowUp, error) {
	rows, err := s.query(ctx, `SELECT f.tie_id, f.member_a, f.member_b, m.id, m.name, t.status, f.asked_at IS NOT NULL
		FROM follow_ups f JOIN ties t ON t.id = f.tie_id
		JOIN members m ON m.id = CASE WHEN f.member_a = ? THEN f.member_b ELSE f.member_a END
		WHERE f.gathering_id = ? AND (f.member_a = ? OR f.member_b = ?) ORDER BY m.name`, memberID, gatheringID, memberID, memberID)
	if err != nil {
		return nil, fmt.Errorf("follow-ups: %w", err)
	}
	defer rows.Close()
	var out []FollowUp
	for rows.Next() {
		f := FollowUp{GatheringID: gatheringID}
		if err := rows.Scan(&f.TieID, &f.A, &f.B, &f.OtherID, &f.OtherName, &f.Status, &f.Asked); err != nil {
			return nil, fmt.Errorf("follow-ups: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// MarkFollowUpAsked records that the 30-day question about the pair's
// follow-up went out; false when it had already (so it goes once).
func (tx *Tx) MarkFollowUpAsked(ctx context.Context, gatheringID, a, b int64) (bool, error) {
	res, err := tx.exec(ctx, `UPDATE follow_ups SET asked_at = ? WHERE gathering_id = ? AND member_a = ? AND member_b = ? AND asked_at IS NULL`,
		tx.now, gatheringID, min(a, b), max(a, b))
	if err != nil {
		return false, fmt.Errorf("follow-up asked: %w", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// AnswerFollowUp records a member's answer to "did the follow-up happen?"
// about a follow_up tie that came from gatheringID (the gathering of the
// link they answer from): yes confirms it; no fades it unless the other
// person already confirmed it. ENOTFOUND when the tie is not one of the
// member's follow-ups from that gathering.
func (tx *Tx) AnswerFollowUp(ctx context.Context, gatheringID, tieID, memberID int64, happened bool) error {
	return tx.execOne(ctx, "answer follow-up", `UPDATE ties SET status = CASE WHEN ? THEN 'confirmed'
			WHEN status = 'confirmed' THEN status ELSE 'faded' END
		WHERE id = ? AND kind = 'follow_up' AND (member_a = ? OR member_b = ?)
			AND id IN (SELECT tie_id FROM follow_ups WHERE gathering_id = ?)`, happened, tieID, memberID, memberID, gatheringID)
}
