package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestLedger(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := createMember(t, s, &kindred.Member{Name: "Ana"})
		b := createMember(t, s, &kindred.Member{Name: "Bo"})
		c := createMember(t, s, &kindred.Member{Name: "Cy"})
		day := time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)
		var ab, bc int64
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			if ab, err = tx.AddTie(ctx, kindred.Tie{A: b.ID, B: a.ID, Kind: kindred.TieSatTogether, Source: kindred.SourceGathering, SourceRef: "Spring dinner", HappenedOn: day}); err != nil {
				return err
			}
			bc, err = tx.AddTie(ctx, kindred.Tie{A: b.ID, B: c.ID, Kind: kindred.TieCollaborated, Source: kindred.SourceSelf, HappenedOn: day.AddDate(0, 2, 0)})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.AddTie(ctx, kindred.Tie{A: a.ID, B: a.ID, Kind: "friends", Source: kindred.SourceSelf})
			return err
		})
		if f := kindred.ErrorFields(err); f["member"] == "" || f["kind"] == "" || f["happened_on"] == "" {
			t.Errorf("bad tie: %v", err)
		}
		ties, err := s.TiesOf(ctx, b.ID)
		if err != nil || len(ties) != 2 || ties[0].ID != bc {
			t.Fatalf("TiesOf = %+v, %v", ties, err)
		}
		if id, name := ties[1].Other(b.ID); id != a.ID || name != "Ana" || !ties[1].HappenedOn.Equal(day) {
			t.Errorf("tie = %+v", ties[1])
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.SetTieHidden(ctx, ab, c.ID, true) }); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("a stranger hiding a tie: %v", err)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.SetTieHidden(ctx, ab, a.ID, true) }); err != nil {
			t.Fatal(err)
		}
		shared, _ := s.Ledger(ctx, store.LedgerFilter{SharedOnly: true})
		all, _ := s.Ledger(ctx, store.LedgerFilter{})
		early, _ := s.Ledger(ctx, store.LedgerFilter{Until: day.AddDate(0, 1, 0)})
		if len(shared) != 1 || shared[0].ID != bc || len(all) != 2 || len(early) != 1 || early[0].ID != ab {
			t.Errorf("ledger: shared %d, all %d, early %d", len(shared), len(all), len(early))
		}
	})
}
