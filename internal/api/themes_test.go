package api_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestThemesAPI: GET /campaigns/{slug}/themes gives a campaign's themes to
// anyone with a token, quoting only stories their tellers let us quote
// publicly, and says which labels an organizer named.
func TestThemesAPI(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		member := token(t, srv.Store, "member@example.org", kindred.RoleMember)
		if resp, _ := call(t, "GET", srv.URL+"/api/v1/campaigns/bright-spots/themes", ""); resp.StatusCode != 401 {
			t.Errorf("anonymous: %d, want 401", resp.StatusCode)
		}
		if resp, _ := call(t, "GET", srv.URL+"/api/v1/campaigns/nope/themes", member); resp.StatusCode != 404 {
			t.Errorf("unknown campaign: %d, want 404", resp.StatusCode)
		}
		c, err := demo.GenerateStories(ctx, srv.Store, 150, 2)
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			ThemedAt *string `json:"themed_at"`
			Themes   []struct {
				Key    int
				Label  string
				Named  bool
				Size   int
				Quotes []struct {
					Story int64
					Text  string
				}
			}
		}
		read := func() {
			t.Helper()
			resp, body := call(t, "GET", srv.URL+"/api/v1/campaigns/"+c.Slug+"/themes", member)
			if resp.StatusCode != 200 || json.Unmarshal(body, &got) != nil {
				t.Fatalf("themes: %d %s", resp.StatusCode, body)
			}
		}
		read()
		if got.ThemedAt != nil || len(got.Themes) != 0 {
			t.Errorf("never themed: %+v, want no themes and a null themed_at", got)
		}
		run, err := sensemaking.Run(ctx, srv.Store, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		err = srv.Store.WithTx(ctx, func(tx *store.Tx) error {
			return tx.AddThemeEdit(ctx, store.ThemeEdit{CampaignID: c.ID, Kind: store.EditRename, Members: run.Result.Themes[0].Members, Label: "Volunteers lead"})
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sensemaking.Run(ctx, srv.Store, c.ID); err != nil {
			t.Fatal(err)
		}
		read()
		if got.ThemedAt == nil || len(got.Themes) == 0 {
			t.Fatalf("themed: %+v", got)
		}
		named, quotes := 0, 0
		for _, th := range got.Themes {
			if th.Named {
				named++
				if th.Label != "Volunteers lead" {
					t.Errorf("named theme labelled %q", th.Label)
				}
			}
			for _, q := range th.Quotes {
				quotes++
				st, err := srv.Store.Story(ctx, c.ID, q.Story)
				if err != nil || st.Consent != kindred.ConsentPublic || st.State != kindred.StateApproved || st.PII {
					t.Errorf("quote from story %d (%v, %v): only approved public stories may be quoted", q.Story, st, err)
				}
			}
		}
		if named != 1 || quotes == 0 {
			t.Errorf("%d named themes and %d quotes, want 1 and some", named, quotes)
		}
	})
}
