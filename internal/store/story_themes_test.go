package store_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestStoryFactsAndStoriesByID: the themes view's read lists the approved
// stories of one campaign with their answers but without their words, and
// stories are read by id within their campaign, never withdrawn.
func TestStoryFactsAndStoriesByID(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := createCampaign(t, s, testCampaign())
		other := testCampaign()
		other.Slug = "elsewhere"
		o := createCampaign(t, s, other)
		story := func(c *kindred.Campaign, text string, state kindred.StoryState) (int64, string) {
			t.Helper()
			st, secret, err := tell(t, s, c, kindred.NewStory{Text: text, Lang: "es", Consent: kindred.ConsentNetwork,
				Name: "Ana", Email: "ana@example.org", Signifiers: map[string]kindred.SignifierValue{"energy": {Slider: intp(80)}},
				Context: map[string]string{"region": "Europe"}})
			if err != nil {
				t.Fatal(err)
			}
			if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.ModerateStory(ctx, c.ID, st.ID, state, true) }); err != nil {
				t.Fatal(err)
			}
			return st.ID, secret
		}
		approved, _ := story(c, "Approved words", kindred.StateApproved)
		hidden, _ := story(c, "Hidden words", kindred.StateHidden)
		withdrawn, secret := story(c, "Withdrawn words", kindred.StateApproved)
		elsewhere, _ := story(o, "Words elsewhere", kindred.StateApproved)
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.WithdrawStory(ctx, secret) }); err != nil {
			t.Fatal(err)
		}

		facts, err := s.ApprovedStoryFacts(ctx, c.ID)
		if err != nil || len(facts) != 1 {
			t.Fatalf("facts: %+v, %v; want the approved story alone", facts, err)
		}
		f := facts[0]
		if f.ID != approved || f.Text != "" || f.Name != "" || f.Email != "" || f.State != kindred.StateApproved || !f.PII ||
			f.Consent != kindred.ConsentNetwork || f.Lang != "es" || f.Context["region"] != "Europe" ||
			f.Signifiers["energy"].Slider == nil || *f.Signifiers["energy"].Slider != 80 || f.CreatedAt.IsZero() {
			t.Errorf("facts = %+v, want its answers without its words", f)
		}

		byID, err := s.StoriesByID(ctx, c.ID, []int64{approved, hidden, withdrawn, elsewhere, 999999})
		if err != nil {
			t.Fatal(err)
		}
		if len(byID) != 2 || byID[approved].Text != "Approved words" || byID[hidden].Text != "Hidden words" || byID[approved].Email != "ana@example.org" {
			t.Errorf("by id = %+v, want the approved and hidden stories of the campaign, as told", byID)
		}
		if none, err := s.StoriesByID(ctx, c.ID, nil); err != nil || len(none) != 0 {
			t.Errorf("no ids: %v, %v", none, err)
		}
	})
}
