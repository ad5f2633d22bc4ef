package api_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestCachedListsFollowWrites checks that list answers, which are cached,
// show a write at once, stay per caller (a member does not get the admin's
// view of a private field) and that a revoked token stops working at once.
func TestCachedListsFollowWrites(t *testing.T) {
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
		member := testutil.CreateAccount(t, srv.Store, "member@example.org", kindred.RoleMember)
		at, mt := tokenFor(t, srv.Store, admin), tokenFor(t, srv.Store, member)
		names := func(token string) map[string]string {
			t.Helper()
			code, body := send(t, "GET", srv.URL+"/api/v1/members", token, "")
			var l struct{ Items []struct{ Name, Bio string } }
			if code != 200 || json.Unmarshal(body, &l) != nil {
				t.Fatalf("GET /members: %d %s", code, body)
			}
			out := map[string]string{}
			for _, m := range l.Items {
				out[m.Name] = m.Bio
			}
			return out
		}
		before := names(at)
		names(mt)
		if code, body := send(t, "POST", srv.URL+"/api/v1/members", at,
			`{"name": "Ana Lima", "bio": "Secret bio", "visibility": {"bio": "private"}}`); code != 201 {
			t.Fatalf("POST /members: %d %s", code, body)
		}
		if got := names(at); len(got) != len(before)+1 || got["Ana Lima"] != "Secret bio" {
			t.Errorf("admin's list after adding Ana: %v", got)
		}
		if bio, ok := names(mt)["Ana Lima"]; !ok || bio != "" {
			t.Errorf("member's list after adding Ana: listed %v, bio %q (want listed, no bio)", ok, bio)
		}
		tokens, err := srv.Store.APITokens(ctx, member.ID)
		if err != nil || len(tokens) != 1 {
			t.Fatalf("tokens: %v %v", tokens, err)
		}
		if err := srv.Store.WithTx(ctx, func(tx *store.Tx) error { return tx.RevokeAPIToken(ctx, member.ID, tokens[0].ID) }); err != nil {
			t.Fatal(err)
		}
		if code, _ := send(t, "GET", srv.URL+"/api/v1/members", mt, ""); code != 401 {
			t.Errorf("GET /members with a revoked token: %d, want 401", code)
		}
	})
}
