package tableplan

import (
	"context"
	"fmt"
	"strconv"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// SetLocked locks the plan (lock), so nobody changes it by accident, or
// unlocks it, as ch. A viewer who does not organize the city is
// EFORBIDDEN; no plan is ENOTFOUND; a plan changed since ch.Against is
// *kindred.PlanChanged.
func (p *Planner) SetLocked(ctx context.Context, g *kindred.Gathering, ch Change, lock bool) error {
	if err := g.MayManage(ch.Viewer); err != nil {
		return err
	}
	action := "tables.unlock"
	if lock {
		action = "tables.lock"
	}
	err := p.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if lock {
			err = tx.LockTablePlan(ctx, g.ID, ch.by(), ch.Against)
		} else {
			err = tx.UnlockTablePlan(ctx, g.ID, ch.by(), ch.Against)
		}
		if err != nil {
			return err
		}
		return tx.Audit(ctx, ch.by(), action, strconv.FormatInt(g.ID, 10), "")
	})
	if err != nil {
		return fmt.Errorf("%s: %w", action, err)
	}
	return nil
}

// AddRule stores a host's rule about two guests of g (keep together, keep
// apart). It does not change the plan: the tables page lists the rule, and
// any table that breaks it, until the host composes again. A viewer who
// does not organize the city is EFORBIDDEN; a bad rule is EINVALID naming
// its field.
func (p *Planner) AddRule(ctx context.Context, v *kindred.Viewer, g *kindred.Gathering, rule kindred.SeatingRule) (*kindred.SeatingRule, error) {
	if err := g.MayManage(v); err != nil {
		return nil, err
	}
	rule.GatheringID, rule.CreatedBy = g.ID, v.AccountID()
	var made *kindred.SeatingRule
	err := p.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if made, err = tx.AddSeatingRule(ctx, rule); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "gathering.seating_rule", strconv.FormatInt(g.ID, 10), made.Describe())
	})
	if err != nil {
		return nil, fmt.Errorf("add seating rule: %w", err)
	}
	return made, nil
}

// DeleteRule removes one of g's seating rules; the plan is left as it is.
// A viewer who does not organize the city is EFORBIDDEN; a rule g does not
// have is ENOTFOUND.
func (p *Planner) DeleteRule(ctx context.Context, v *kindred.Viewer, g *kindred.Gathering, ruleID int64) error {
	if err := g.MayManage(v); err != nil {
		return err
	}
	err := p.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.DeleteSeatingRule(ctx, g.ID, ruleID); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "gathering.seating_rule.delete", strconv.FormatInt(g.ID, 10), strconv.FormatInt(ruleID, 10))
	})
	if err != nil {
		return fmt.Errorf("delete seating rule: %w", err)
	}
	return nil
}
