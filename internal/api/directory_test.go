package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func tokenFor(t *testing.T, s *store.Store, a *kindred.Account) string {
	t.Helper()
	var secret string
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		var err error
		secret, _, err = tx.CreateAPIToken(context.Background(), a.ID, "test")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return secret
}

func send(t *testing.T, method, url, token, body string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func TestDirectoryAPI(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
		member := testutil.CreateAccount(t, srv.Store, "member@example.org", kindred.RoleMember)
		at, mt := tokenFor(t, srv.Store, admin), tokenFor(t, srv.Store, member)

		if code, _ := send(t, "GET", srv.URL+"/api/v1/members", "", ""); code != 401 {
			t.Errorf("GET /members without a token: %d, want 401", code)
		}
		code, body := send(t, "POST", srv.URL+"/api/v1/cities", at, `{"name": "Chicago", "time_zone": "America/Chicago"}`)
		var city struct{ ID int64 }
		if code != 201 || json.Unmarshal(body, &city) != nil {
			t.Fatalf("POST /cities: %d %s", code, body)
		}
		code, body = send(t, "POST", srv.URL+"/api/v1/organizations", at, fmt.Sprintf(`{"name": "Teachers Union", "city_ids": [%d]}`, city.ID))
		var org struct{ ID int64 }
		if code != 201 || json.Unmarshal(body, &org) != nil {
			t.Fatalf("POST /organizations: %d %s", code, body)
		}
		bad := []struct {
			body string
			code int
		}{
			{`{"name": `, 400},
			{`{"name": "X", "shoe_size": 9}`, 400},
			{`{"name": 5}`, 400},
			{`{"name": "", "email": "nope"}`, 422},
		}
		for _, b := range bad {
			code, body := send(t, "POST", srv.URL+"/api/v1/members", at, b.body)
			var e errorBody
			if code != b.code || json.Unmarshal(body, &e) != nil || e.Error.Message == "" {
				t.Errorf("POST /members %s: %d %s, want %d with a message", b.body, code, body, b.code)
			}
		}
		code, _ = send(t, "POST", srv.URL+"/api/v1/members", mt, `{"name": "Sneaky"}`)
		if code != 403 {
			t.Errorf("member creating a member: %d", code)
		}
		in := fmt.Sprintf(`{"name": "María", "email": "maria@example.org", "city_id": %d, "bio": "private bio",
			"tags": ["relational organizing"], "visibility": {"bio": "private", "email": "organizers"},
			"affiliations": [{"organization_id": %d, "role": "Organizer", "since": "2019"}]}`, city.ID, org.ID)
		code, body = send(t, "POST", srv.URL+"/api/v1/members", at, in)
		var created struct {
			ID           int64
			Affiliations []struct{ Primary bool }
		}
		if code != 201 || json.Unmarshal(body, &created) != nil || len(created.Affiliations) != 1 || !created.Affiliations[0].Primary {
			t.Fatalf("POST /members: %d %s", code, body)
		}
		for _, path := range []string{"/api/v1/members", fmt.Sprintf("/api/v1/members/%d", created.ID), "/api/v1/members?q=relational"} {
			code, body := send(t, "GET", srv.URL+path, mt, "")
			if code != 200 || strings.Contains(string(body), "private bio") || strings.Contains(string(body), "maria@example.org") {
				t.Errorf("member GET %s: %d leaks private fields: %s", path, code, body)
			}
			if !strings.Contains(string(body), "María") {
				t.Errorf("member GET %s: %s lacks the member", path, body)
			}
		}
		code, body = send(t, "GET", srv.URL+fmt.Sprintf("/api/v1/members/%d", created.ID), at, "")
		if code != 200 || !strings.Contains(string(body), "private bio") {
			t.Errorf("admin GET member: %d %s", code, body)
		}
		code, body = send(t, "GET", srv.URL+"/api/v1/members?limit=0", at, "")
		if code != 400 {
			t.Errorf("limit=0: %d %s", code, body)
		}
		var page struct {
			Items []json.RawMessage
			Next  *string
		}
		code, body = send(t, "GET", srv.URL+"/api/v1/organizations?limit=1", mt, "")
		if code != 200 || json.Unmarshal(body, &page) != nil || len(page.Items) != 1 || page.Next == nil {
			t.Errorf("GET /organizations: %d %s", code, body)
		}
		code, body = send(t, "POST", srv.URL+"/api/v1/affiliations", at, fmt.Sprintf(`{"member_id": %d, "organization_id": 999999}`, created.ID))
		if code != 422 || !strings.Contains(string(body), "does not exist") {
			t.Errorf("affiliation to an unknown organization: %d %s", code, body)
		}
		code, body = send(t, "GET", srv.URL+fmt.Sprintf("/api/v1/affiliations?member_id=%d", created.ID), mt, "")
		if code != 200 || !strings.Contains(string(body), "Organizer") {
			t.Errorf("GET /affiliations: %d %s", code, body)
		}
	})
}
