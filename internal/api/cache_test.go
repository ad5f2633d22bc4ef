package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestCachedListsFollowWrites checks that list answers, which are cached,
// show a write at once, stay per caller (a member does not get the admin's
// view of a private field) and that a revoked token stops working at once.
func TestCachedListsFollowWrites(t *testing.T) {
	t.Parallel()
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

// TestUncachedListsFollowWrites checks lists whose every URL is new, which
// the answer cache never serves but which reuse members and their JSON:
// a change of a member's name, bio visibility or affiliation, or of their
// organization's name, shows in the next list, and each caller still sees
// only what they may (the member does not get the admin's view of a private
// bio, before or after the admin listed it).
func TestUncachedListsFollowWrites(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
		member := testutil.CreateAccount(t, srv.Store, "member@example.org", kindred.RoleMember)
		at, mt := tokenFor(t, srv.Store, admin), tokenFor(t, srv.Store, member)
		type listed struct {
			ID           int64
			Name, Bio    string
			Affiliations []struct{ Organization, Role string }
		}
		n := 0
		list := func(token string) map[string]listed {
			t.Helper()
			n++
			code, body := send(t, "GET", fmt.Sprintf("%s/api/v1/members?n=%d", srv.URL, n), token, "")
			var l struct{ Items []listed }
			if code != 200 || json.Unmarshal(body, &l) != nil {
				t.Fatalf("GET /members: %d %s", code, body)
			}
			out := map[string]listed{}
			for _, m := range l.Items {
				out[m.Name] = m
			}
			return out
		}
		var org *kindred.Organization
		err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			org, err = tx.CreateOrganization(ctx, kindred.Organization{Name: "Northside Clinic", Kind: "nonprofit"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if code, body := send(t, "POST", srv.URL+"/api/v1/members", at, fmt.Sprintf(
			`{"name": "Ana Lima", "bio": "Tenant organizer", "affiliations": [{"organization_id": %d, "role": "Nurse"}]}`, org.ID)); code != 201 {
			t.Fatalf("POST /members: %d %s", code, body)
		}
		ana := list(at)["Ana Lima"]
		list(mt)
		update := func(change func(m *kindred.Member)) {
			t.Helper()
			m, err := srv.Store.Member(ctx, ana.ID)
			if err != nil {
				t.Fatal(err)
			}
			change(m)
			if err := srv.Store.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateMember(ctx, m) }); err != nil {
				t.Fatal(err)
			}
		}

		update(func(m *kindred.Member) { m.Name = "Ana Lima Souza" })
		if got := list(mt); got["Ana Lima Souza"].Bio != "Tenant organizer" {
			t.Errorf("member's list after the rename: %v", got)
		}
		update(func(m *kindred.Member) { m.Visibility = kindred.Visibility{kindred.FieldBio: kindred.LevelPrivate} })
		if got := list(at)["Ana Lima Souza"]; got.Bio != "Tenant organizer" {
			t.Errorf("admin's list after the bio went private: %+v", got)
		}
		if got := list(mt)["Ana Lima Souza"]; got.Bio != "" || got.ID != ana.ID {
			t.Errorf("member's list after the bio went private: %+v (want listed, no bio)", got)
		}
		update(func(m *kindred.Member) { m.Affiliations[0].Role = "Head nurse" })
		if got := list(mt)["Ana Lima Souza"]; len(got.Affiliations) != 1 || got.Affiliations[0].Role != "Head nurse" {
			t.Errorf("member's list after the new role: %+v", got)
		}
		org.Name = "Southside Clinic"
		if err := srv.Store.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateOrganization(ctx, *org) }); err != nil {
			t.Fatal(err)
		}
		if got := list(mt)["Ana Lima Souza"]; len(got.Affiliations) != 1 || got.Affiliations[0].Organization != "Southside Clinic" {
			t.Errorf("member's list after the organization's rename: %+v", got)
		}
	})
}
