package sensemaking_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestEditsSurviveRetheming renames, merges and splits themes, adds stories,
// themes the campaign again, and checks every edit still holds.
func TestEditsSurviveRetheming(t *testing.T) {
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
		first := run.Result.Themes[0]
		run = edit(t, st, store.ThemeEdit{CampaignID: c.ID, Kind: store.EditRename, Members: first.Members, Label: "  Volunteers lead  "})
		if got := run.Result.Themes[0].Label; got != "Volunteers lead" {
			t.Fatalf("after rename: label %q, want %q", got, "Volunteers lead")
		}
		a, b := run.Result.Themes[1], run.Result.Themes[2]
		before := len(run.Result.Themes)
		run = edit(t, st, store.ThemeEdit{CampaignID: c.ID, Kind: store.EditMerge, Members: a.Members, Other: b.Members})
		if got := len(run.Result.Themes); got != before-1 {
			t.Fatalf("after merge: %d themes, want %d", got, before-1)
		}
		merged := len(run.Result.Themes)
		same, err := sensemaking.Run(ctx, st, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(same.Result.Themes); got != merged {
			t.Errorf("after re-theming: %d themes, want %d (the merge kept)", got, merged)
		}

		// More stories arrive; the campaign is themed again.
		addStories(t, st, c, 30)
		again, err := sensemaking.Run(ctx, st, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again.ID == run.ID {
			t.Fatal("re-theming stored no new run")
		}
		var labels []string
		for _, th := range again.Result.Themes {
			labels = append(labels, th.Label)
		}
		if !strings.Contains(strings.Join(labels, "|"), "Volunteers lead") {
			t.Errorf("rename lost after re-theming: labels %q", labels)
		}
		checkQuotes(t, st, c.ID, again)
	})
}

func edit(t *testing.T, st *store.Store, e store.ThemeEdit) *store.ThemeRun {
	t.Helper()
	run, err := sensemaking.Edit(context.Background(), st, e)
	if err != nil {
		t.Fatalf("%s: %v", e.Kind, err)
	}
	return run
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

func TestSplitAndBadEdits(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		c, err := demo.GenerateStories(ctx, st, 150, 5)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sensemaking.Edit(ctx, st, store.ThemeEdit{CampaignID: c.ID, Kind: store.EditRename, Members: []int64{1}, Label: "x"}); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("edit before any run: got %v, want ENOTFOUND", err)
		}
		run, err := sensemaking.Run(ctx, st, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		big := run.Result.Themes[0]
		for _, e := range []store.ThemeEdit{
			{CampaignID: c.ID, Kind: store.EditRename, Members: big.Members, Label: " "},
			{CampaignID: c.ID, Kind: store.EditMerge, Members: big.Members},
			{CampaignID: c.ID, Kind: "shuffle", Members: big.Members},
		} {
			if _, err := sensemaking.Edit(ctx, st, e); kindred.ErrorCode(err) != kindred.EINVALID {
				t.Errorf("%s %+v: got %v, want EINVALID", e.Kind, e, err)
			}
		}
		before := len(run.Result.Themes)
		run = edit(t, st, store.ThemeEdit{CampaignID: c.ID, Kind: store.EditSplit, Members: big.Members})
		if got := len(run.Result.Themes); got != before+1 {
			t.Errorf("after split: %d themes, want %d", got, before+1)
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

// addStories tells n approved English stories more.
func addStories(t *testing.T, st *store.Store, c *kindred.Campaign, n int) {
	t.Helper()
	ctx := context.Background()
	texts := []string{"Volunteers ran the phone bank themselves and doubled the calls we made.",
		"The parents' WhatsApp group grew from twelve people to four hundred in one week.",
		"Young people who had never spoken in public led the town hall."}
	err := st.WithTx(ctx, func(tx *store.Tx) error {
		for i := 0; i < n; i++ {
			s, _, err := tx.CreateStory(ctx, c, kindred.NewStory{Text: texts[i%len(texts)], Lang: "en", Consent: kindred.ConsentPublic, Source: "import"})
			if err != nil {
				return err
			}
			if err := tx.ModerateStory(ctx, c.ID, s.ID, kindred.StateApproved, false); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
