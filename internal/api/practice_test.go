package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestPracticesAPI(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
		tok := tokenFor(t, srv.Store, admin)
		code, body := send(t, "POST", srv.URL+"/api/v1/organizations", tok, `{"name": "Teachers Union"}`)
		var org struct{ ID int64 }
		if code != 201 || json.Unmarshal(body, &org) != nil {
			t.Fatalf("org: %d %s", code, body)
		}
		code, body = send(t, "POST", srv.URL+"/api/v1/practices", tok, `{"title": "SMS turnout reminders", "summary": "Text members the day before.", "tags": ["sms", "turnout"]}`)
		var p struct {
			ID    int64
			Stage string
		}
		if code != 201 || json.Unmarshal(body, &p) != nil || p.Stage != "emerging" {
			t.Fatalf("create: %d %s", code, body)
		}
		if code, body := send(t, "POST", srv.URL+"/api/v1/practices", tok, `{"title": ""}`); code != 422 || !strings.Contains(string(body), "title") {
			t.Errorf("empty title: %d %s", code, body)
		}
		code, body = send(t, "POST", srv.URL+fmt.Sprintf("/api/v1/practices/%d/adoptions", p.ID), tok,
			fmt.Sprintf(`{"organization_id": %d, "outcome": "worked", "adopted_on": "2026-04-01"}`, org.ID))
		if code != 201 {
			t.Fatalf("adoption: %d %s", code, body)
		}
		if code, body := send(t, "POST", srv.URL+fmt.Sprintf("/api/v1/practices/%d/adoptions", p.ID), tok, `{"organization_id": 1, "outcome": "worked", "adopted_on": "April"}`); code != 422 {
			t.Errorf("bad date: %d %s", code, body)
		}
		code, body = send(t, "GET", srv.URL+"/api/v1/practices?q=members", tok, "")
		var page struct {
			Items []struct {
				Title     string
				Highlight string
				TriedBy   int `json:"tried_by"`
			}
		}
		if code != 200 || json.Unmarshal(body, &page) != nil || len(page.Items) != 1 || !strings.Contains(page.Items[0].Highlight, "«members»") || page.Items[0].TriedBy != 1 {
			t.Errorf("search: %d %s", code, body)
		}
		if code, _ := send(t, "GET", srv.URL+"/api/v1/practices", "", ""); code != 401 {
			t.Errorf("without a token: %d", code)
		}
	})
}
