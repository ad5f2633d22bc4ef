package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/kindredhq/kindred/internal/kindred"
)

// AddSeatingRule validates and stores a host's rule about two guests of a
// gathering and returns it as stored. Both must have an RSVP to the
// gathering (EINVALID naming member_a or member_b); a pair that already has
// a rule is ECONFLICT naming member_b, with the rule it has.
func (tx *Tx) AddSeatingRule(ctx context.Context, r kindred.SeatingRule) (*kindred.SeatingRule, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	for _, g := range []struct {
		field string
		id    int64
	}{{"member_a", r.MemberA}, {"member_b", r.MemberB}} {
		field, id := g.field, g.id
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM rsvps WHERE gathering_id = ? AND member_id = ?`, r.GatheringID, id).Scan(&n); err != nil {
			return nil, fmt.Errorf("seating rule guest: %w", err)
		}
		if n == 0 {
			return nil, &kindred.Error{Code: kindred.EINVALID, Message: "Seating rules are about this gathering's guests.",
				Fields: map[string]string{field: "is not on this gathering's guest list"}}
		}
	}
	if old, err := tx.seatingRuleOf(ctx, r.GatheringID, r.MemberA, r.MemberB); err == nil {
		return nil, &kindred.Error{Code: kindred.ECONFLICT, Message: "There is already a rule for these two: " + old.Describe() + ". Remove it first to change it.",
			Fields: map[string]string{"member_b": "already has a rule with the first guest"}}
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("seating rule: %w", err)
	}
	id, err := tx.insertID(ctx, `INSERT INTO seating_rules (gathering_id, kind, member_a, member_b, note, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, r.GatheringID, r.Kind, r.MemberA, r.MemberB, r.Note, nullID(r.CreatedBy), tx.now)
	if err != nil {
		return nil, fmt.Errorf("add seating rule: %w", err)
	}
	return tx.seatingRule(ctx, r.GatheringID, id)
}

// DeleteSeatingRule removes a rule of the gathering; ENOTFOUND when it has
// no such rule.
func (tx *Tx) DeleteSeatingRule(ctx context.Context, gatheringID, ruleID int64) error {
	return tx.execOne(ctx, "delete seating rule", `DELETE FROM seating_rules WHERE id = ? AND gathering_id = ?`, ruleID, gatheringID)
}

// SeatingRules lists the gathering's seating rules, by the first guest's name.
func (s *Store) SeatingRules(ctx context.Context, gatheringID int64) ([]kindred.SeatingRule, error) {
	rows, err := s.query(ctx, `SELECT `+seatingRuleColumns+seatingRuleFrom+` WHERE r.gathering_id = ? ORDER BY ma.name, mb.name, r.id`, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("seating rules: %w", err)
	}
	defer rows.Close()
	var out []kindred.SeatingRule
	for rows.Next() {
		r, err := scanSeatingRule(rows)
		if err != nil {
			return nil, fmt.Errorf("seating rules: %w", err)
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

const seatingRuleColumns = `r.id, r.gathering_id, r.kind, r.member_a, r.member_b, ma.name, mb.name, r.note,
	COALESCE(r.created_by, 0), r.created_at`

const seatingRuleFrom = ` FROM seating_rules r JOIN members ma ON ma.id = r.member_a JOIN members mb ON mb.id = r.member_b`

func scanSeatingRule(row rowScanner) (*kindred.SeatingRule, error) {
	var r kindred.SeatingRule
	if err := row.Scan(&r.ID, &r.GatheringID, &r.Kind, &r.MemberA, &r.MemberB, &r.NameA, &r.NameB, &r.Note,
		&r.CreatedBy, &r.CreatedAt); err != nil {
		return nil, err
	}
	r.CreatedAt = r.CreatedAt.UTC()
	return &r, nil
}

func (tx *Tx) seatingRule(ctx context.Context, gatheringID, id int64) (*kindred.SeatingRule, error) {
	return scanSeatingRule(tx.queryRow(ctx, `SELECT `+seatingRuleColumns+seatingRuleFrom+` WHERE r.gathering_id = ? AND r.id = ?`, gatheringID, id))
}

func (tx *Tx) seatingRuleOf(ctx context.Context, gatheringID, a, b int64) (*kindred.SeatingRule, error) {
	return scanSeatingRule(tx.queryRow(ctx, `SELECT `+seatingRuleColumns+seatingRuleFrom+
		` WHERE r.gathering_id = ? AND r.member_a = ? AND r.member_b = ?`, gatheringID, a, b))
}
