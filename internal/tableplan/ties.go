package tableplan

import (
	"context"
	"fmt"
	"strconv"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Ties is what a held gathering's table plan gave the relationship ledger.
type Ties struct {
	Written int  // "sat together" ties added
	Already bool // the plan's pairs were in the ledger before
	NoPlan  bool // there is no table plan, so nothing was added
}

// WriteTies writes the table pairs of a held gathering to the ledger, in
// tx: one "sat together" tie per pair of guests who shared a table and
// came. Marking a gathering held calls it in its own transaction.
func WriteTies(ctx context.Context, tx *store.Tx, gatheringID int64) (Ties, error) {
	n, already, err := tx.WriteTableTies(ctx, gatheringID)
	switch {
	case kindred.ErrorCode(err) == kindred.ENOTFOUND:
		return Ties{NoPlan: true}, nil
	case err != nil:
		return Ties{}, err
	}
	return Ties{Written: n, Already: already}, nil
}

// WriteHeldTies records the table pairs of a held gathering whose plan was
// composed after it was marked held. v must organize its city (EFORBIDDEN);
// a gathering not yet held is ECONFLICT.
func (p *Planner) WriteHeldTies(ctx context.Context, v *kindred.Viewer, g *kindred.Gathering) (Ties, error) {
	if err := g.MayManage(v); err != nil {
		return Ties{}, err
	}
	if g.Status != kindred.GatheringHeld {
		return Ties{}, kindred.Errorf(kindred.ECONFLICT, "Table pairs go to the relationship ledger once the gathering is marked held.")
	}
	var ties Ties
	err := p.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
		if ties, err = WriteTies(ctx, tx, g.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "tables.ties", strconv.FormatInt(g.ID, 10), strconv.Itoa(ties.Written))
	})
	if err != nil {
		return Ties{}, fmt.Errorf("table ties: %w", err)
	}
	return ties, nil
}
