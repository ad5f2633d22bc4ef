package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestThemeRuns(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := createCampaign(t, s, testCampaign())
		if _, err := s.LatestThemeRun(ctx, c.ID); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Fatalf("before any run: got %v, want ENOTFOUND", err)
		}
		raw := store.ThemeResult{
			Themes: []store.ThemeGroup{{Key: 1, Label: "phone bank", Keywords: []string{"phone", "bank"}, Members: []int64{3, 1},
				Quotes: []store.ThemeQuote{{StoryID: 3, Start: 0, End: 10}}}},
			WeakSignals: []store.ThemeGroup{{Key: 1, Label: "radio", Members: []int64{2}}},
			Secondary:   map[int64]int{1: 1},
			Outliers:    []int64{4},
		}
		for i := 0; i < 2; i++ {
			run := &store.ThemeRun{CampaignID: c.ID, Params: store.ThemeParams{Seed: 1, Stories: 4 + i, Lang: "en"}, Raw: raw, Result: raw}
			if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.SaveThemeRun(ctx, run) }); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.LatestThemeRun(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Params.Stories != 5 || !reflect.DeepEqual(got.Raw, raw) {
			t.Errorf("latest run = %+v, want the second with raw %+v", got, raw)
		}
		edited := raw
		edited.Themes = []store.ThemeGroup{{Key: 1, Label: "Volunteers lead", Renamed: true, Members: []int64{3, 1}}}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.SetThemeResult(ctx, got.ID, edited) }); err != nil {
			t.Fatal(err)
		}
		if again, _ := s.LatestThemeRun(ctx, c.ID); !again.Result.Themes[0].Renamed || again.Raw.Themes[0].Label != "phone bank" {
			t.Errorf("after SetThemeResult: result %+v, raw %+v", again.Result.Themes, again.Raw.Themes)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.SetThemeResult(ctx, 9999, edited) }); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("unknown run: got %v, want ENOTFOUND", err)
		}
	})
}

func TestThemeEdits(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := createCampaign(t, s, testCampaign())
		tests := []struct {
			name  string
			edit  store.ThemeEdit
			field string // "" means valid
		}{
			{"rename", store.ThemeEdit{Kind: store.EditRename, Members: []int64{1, 2}, Label: " Volunteers lead "}, ""},
			{"merge", store.ThemeEdit{Kind: store.EditMerge, Members: []int64{1}, Other: []int64{5}}, ""},
			{"split", store.ThemeEdit{Kind: store.EditSplit, Members: []int64{1, 2, 3}}, ""},
			{"empty label", store.ThemeEdit{Kind: store.EditRename, Members: []int64{1}, Label: "  "}, "label"},
			{"merge alone", store.ThemeEdit{Kind: store.EditMerge, Members: []int64{1}}, "other"},
			{"no theme", store.ThemeEdit{Kind: store.EditSplit}, "theme"},
			{"unknown kind", store.ThemeEdit{Kind: "shuffle", Members: []int64{1}}, "kind"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.edit.CampaignID = c.ID
				err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.AddThemeEdit(ctx, tt.edit) })
				if tt.field == "" && err != nil {
					t.Fatalf("got %v, want no error", err)
				}
				if tt.field != "" && kindred.ErrorFields(err)[tt.field] == "" {
					t.Fatalf("got %v, want a problem with %q", err, tt.field)
				}
			})
		}
		edits, err := s.ThemeEdits(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(edits) != 3 || edits[0].Label != "Volunteers lead" || edits[1].Kind != store.EditMerge || !reflect.DeepEqual(edits[1].Other, []int64{5}) {
			t.Errorf("edits = %+v", edits)
		}
	})
}

func TestSelections(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := createCampaign(t, s, testCampaign())
		other := testCampaign()
		other.Slug = "other"
		o := createCampaign(t, s, other)
		var ids []int64
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			for _, camp := range []*kindred.Campaign{c, c, o} {
				st, _, err := tx.CreateStory(ctx, camp, kindred.NewStory{Text: "Volunteers ran the phone bank.", Lang: "en", Consent: kindred.ConsentPublic, Source: "import"})
				if err != nil {
					return err
				}
				ids = append(ids, st.ID)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sel := func(sl store.Selection) error {
			return s.WithTx(ctx, func(tx *store.Tx) error { return tx.SelectStory(ctx, sl) })
		}
		if err := sel(store.Selection{CampaignID: c.ID, StoryID: ids[0], Reason: " "}); kindred.ErrorFields(err)["reason"] == "" {
			t.Errorf("empty reason: got %v, want a problem with reason", err)
		}
		if err := sel(store.Selection{CampaignID: c.ID, StoryID: ids[2], Reason: "x"}); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("story of another campaign: got %v, want ENOTFOUND", err)
		}
		for _, sl := range []store.Selection{
			{CampaignID: c.ID, StoryID: ids[0], Theme: "phones", Reason: "first"},
			{CampaignID: c.ID, StoryID: ids[1], Theme: "phones", Reason: "second"},
			{CampaignID: c.ID, StoryID: ids[1], Theme: "phones", Reason: "second, again", BrightSpot: true},
		} {
			if err := sel(sl); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Selections(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].StoryID != ids[1] || !got[0].BrightSpot || got[0].Reason != "second, again" {
			t.Errorf("selections = %+v, want the bright spot first with its new reason", got)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.UnselectStory(ctx, c.ID, ids[0]) }); err != nil {
			t.Fatal(err)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.UnselectStory(ctx, c.ID, ids[0]) }); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("second unselect: got %v, want ENOTFOUND", err)
		}
		if got, _ := s.Selections(ctx, c.ID); len(got) != 1 {
			t.Errorf("after unselect: %d selections, want 1", len(got))
		}
	})
}

func TestThemesStale(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := createCampaign(t, s, testCampaign())
		stale := func(want bool, when string) {
			t.Helper()
			if got, err := s.ThemesStale(ctx, c.ID); err != nil || got != want {
				t.Errorf("%s: stale = %v, %v; want %v", when, got, err, want)
			}
		}
		stale(false, "no stories")
		var id int64
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			st, _, err := tx.CreateStory(ctx, c, kindred.NewStory{Text: "Volunteers ran the phone bank.", Lang: "en", Consent: kindred.ConsentPublic, Source: "import"})
			id = st.ID
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		stale(false, "only a pending story")
		approve := func(state kindred.StoryState) {
			if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.ModerateStory(ctx, c.ID, id, state, false) }); err != nil {
				t.Fatal(err)
			}
		}
		approve(kindred.StateApproved)
		stale(true, "approved, never themed")
		run := &store.ThemeRun{CampaignID: c.ID}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.SaveThemeRun(ctx, run) }); err != nil {
			t.Fatal(err)
		}
		stale(false, "just themed")
		approve(kindred.StatePending)
		approve(kindred.StateApproved)
		stale(true, "moderated after the run")
	})
}
