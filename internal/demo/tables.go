package demo

import (
	"context"
	"fmt"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/tableplan"
)

// largeDinner is the guest count from which the demo's dinners have two
// rounds: guests change tables for dessert.
const largeDinner = 20

// holdWithTables gives each past dinner what a host would have done: a table
// plan composed by the seating composer from the guests and the ledger's
// history (the ties createTies made), locked by the administrator; then it
// marks the dinner held, which turns those not checked in into no-shows and
// writes one "sat together" tie per pair of guests who shared a table and
// came. These ties name the dinner, so they add to the generic
// "Community of Practice dinner" ties of earlier, unrecorded dinners rather
// than repeat them.
func holdWithTables(ctx context.Context, st *store.Store, adminID int64, gatheringIDs []int64) error {
	planner := &tableplan.Planner{Store: st}
	admin := &kindred.Viewer{Account: &kindred.Account{ID: adminID, Role: kindred.RoleAdmin}}
	for i, id := range gatheringIDs {
		g, err := st.Gathering(ctx, id)
		if err != nil {
			return err
		}
		if i == 0 {
			if err := demoSeatingRule(ctx, st, planner, g, adminID); err != nil {
				return err
			}
		}
		rounds := 1
		if g.Going >= largeDinner {
			rounds = 2
		}
		set, ch := tableplan.Settings{Rounds: rounds, TableSize: g.TableSize, Seed: id}, tableplan.Change{Viewer: admin}
		plan, err := planner.Compose(ctx, g, ch, set)
		if kindred.ErrorFields(err)["languages"] != "" {
			// The demo's languages are drawn at random; a host would choose
			// "Ignore languages", as the page suggests.
			set.IgnoreLanguages = true
			plan, err = planner.Compose(ctx, g, ch, set)
		}
		if err != nil {
			return fmt.Errorf("demo tables of %s: %w", g.Title, err)
		}
		if err := st.WithTx(ctx, func(tx *store.Tx) error { return holdDinner(ctx, tx, plan, adminID) }); err != nil {
			return fmt.Errorf("demo: hold %s: %w", g.Title, err)
		}
	}
	return nil
}

// demoSeatingRule has the host of the first dinner keep two guests together,
// as for an interpreter, so the tables page shows a seating rule at work.
func demoSeatingRule(ctx context.Context, st *store.Store, planner *tableplan.Planner, g *kindred.Gathering, adminID int64) error {
	r, err := planner.Roster(ctx, g)
	if err != nil || len(r.Coming) < 4 {
		return err
	}
	a, b := r.Coming[len(r.Coming)-1], r.Coming[len(r.Coming)-2]
	return st.WithTx(ctx, func(tx *store.Tx) error {
		_, err := tx.AddSeatingRule(ctx, kindred.SeatingRule{GatheringID: g.ID, Kind: kindred.SeatTogether,
			MemberA: a.MemberID, MemberB: b.MemberID, Note: "interprets for " + a.Name, CreatedBy: adminID})
		return err
	})
}

// holdDinner locks the plan, marks the dinner held with its no-shows and
// writes its table ties, in one transaction.
func holdDinner(ctx context.Context, tx *store.Tx, plan *kindred.TablePlan, adminID int64) error {
	gatheringID := plan.GatheringID
	if err := tx.LockTablePlan(ctx, gatheringID, adminID, plan.Revision); err != nil {
		return err
	}
	if err := tx.SetGatheringStatus(ctx, gatheringID, kindred.GatheringHeld); err != nil {
		return err
	}
	if _, err := tx.MarkNoShows(ctx, gatheringID); err != nil {
		return err
	}
	_, _, err := tx.WriteTableTies(ctx, gatheringID)
	return err
}
