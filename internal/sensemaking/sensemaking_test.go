package sensemaking_test

import (
	"context"
	"errors"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestRun themes generated stories, checks every quote is verbatim and
// quotable, themes them again to the same result, and finds nothing to
// theme in an empty campaign. The organizers' edits surviving re-theming
// are internal/listening's TestEditsSurviveRetheming.
func TestRun(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		c, err := demo.GenerateStories(ctx, st, 200, 3)
		if err != nil {
			t.Fatal(err)
		}
		run, err := sensemaking.Run(ctx, st, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(run.Result.Themes) < 3 {
			t.Fatalf("got %d themes, want at least 3", len(run.Result.Themes))
		}
		checkQuotes(t, st, c.ID, run)
		again, err := sensemaking.Run(ctx, st, c.ID)
		if err != nil || again.ID == run.ID || len(again.Result.Themes) != len(run.Result.Themes) {
			t.Errorf("themed again: run %d with %d themes (%v), want a new run with %d", again.ID, len(again.Result.Themes), err, len(run.Result.Themes))
		}
		other := demo.BrightSpots(st.Now())
		other.Slug = "empty"
		var empty *kindred.Campaign
		if err := st.WithTx(ctx, func(tx *store.Tx) error {
			empty, err = tx.CreateCampaign(ctx, other)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := sensemaking.Run(ctx, st, empty.ID); !errors.Is(err, sensemaking.ErrNoStories) {
			t.Errorf("run of an empty campaign: got %v, want ErrNoStories", err)
		}
	})
}

// checkQuotes proves every quote is verbatim and from a story that may be
// quoted publicly.
func checkQuotes(t *testing.T, st *store.Store, campaignID int64, run *store.ThemeRun) {
	t.Helper()
	all, err := st.Stories(context.Background(), campaignID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]kindred.Story{}
	for _, s := range all {
		byID[s.ID] = s
	}
	n := 0
	for _, th := range run.Result.Themes {
		for _, q := range th.Quotes {
			s := byID[q.StoryID]
			if !sensemaking.Quotable(&s) {
				t.Errorf("theme %q quotes story %d with consent %s", th.Label, s.ID, s.Consent)
			}
			if q.Start < 0 || q.End > len(s.Text) || q.Start >= q.End {
				t.Errorf("quote %+v out of story %d (%d bytes)", q, s.ID, len(s.Text))
			}
			n++
		}
	}
	if n == 0 {
		t.Error("no quotes at all")
	}
}
