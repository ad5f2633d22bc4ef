package emergence_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestSnapshotsOfTheDemoNetwork(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := demo.Generate(ctx, s, demo.Small, 1); err != nil {
			t.Fatal(err)
		}
		history, err := emergence.History(ctx, s, 24)
		if err != nil {
			t.Fatal(err)
		}
		if len(history) != demo.SnapshotMonths {
			t.Fatalf("%d snapshots, want %d", len(history), demo.SnapshotMonths)
		}
		first, last := history[0], history[len(history)-1]
		if !first.At.Before(last.At) || last.Analysis.Ties <= first.Analysis.Ties {
			t.Errorf("the demo network does not grow: %d → %d ties", first.Analysis.Ties, last.Analysis.Ties)
		}
		if tr := last.Travel; tr == nil || !tr.Enough() || tr.Followed == 0 {
			t.Errorf("the demo's practices do not travel along its dinners: %+v", tr)
		}
		if last.Stage.Stage == "" || len(last.Stage.Reasons) == 0 {
			t.Errorf("stage = %+v", last.Stage)
		}
		for _, in := range last.Weaving.Introductions {
			if last.Names[in.A] == "" || last.Names[in.B] == "" {
				t.Errorf("introduction without names: %+v", in)
			}
		}
	})
}

func TestEmptyLedger(t *testing.T) {
	t.Parallel()
	s := testutil.OpenStore(t, ":memory:")
	if _, err := emergence.Take(context.Background(), s, s.Now(), 1); err != emergence.ErrNoTies {
		t.Errorf("err = %v, want ErrNoTies", err)
	}
}
