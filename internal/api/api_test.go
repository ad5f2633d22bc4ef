package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/api"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

type errorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func call(t *testing.T, method, url, token string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

func TestMe(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		a := testutil.CreateAccount(t, srv.Store, "api@example.org", kindred.RoleAdmin)
		var secret string
		err := srv.Store.WithTx(context.Background(), func(tx *store.Tx) error {
			var err error
			secret, _, err = tx.CreateAPIToken(context.Background(), a.ID, "test")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range []string{"", "kdt_forged"} {
			resp, body := call(t, "GET", srv.URL+"/api/v1/me", tok)
			var e errorBody
			if resp.StatusCode != 401 || json.Unmarshal(body, &e) != nil || e.Error.Code != "unauthorized" || e.Error.Message == "" {
				t.Errorf("token %q: %d %s", tok, resp.StatusCode, body)
			}
			if resp.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
		}
		resp, body := call(t, "GET", srv.URL+"/api/v1/me", secret)
		var me struct {
			ID    int64  `json:"id"`
			Email string `json:"email"`
			Role  string `json:"role"`
		}
		if resp.StatusCode != 200 || json.Unmarshal(body, &me) != nil || me.ID != a.ID || me.Role != "admin" {
			t.Errorf("GET /me: %d %s", resp.StatusCode, body)
		}
		resp, body = call(t, "GET", srv.URL+"/api/v1/nothing", secret)
		var e errorBody
		if resp.StatusCode != 404 || json.Unmarshal(body, &e) != nil || e.Error.Code != "not_found" {
			t.Errorf("unknown endpoint: %d %s", resp.StatusCode, body)
		}
	})
}

// TestOpenAPIMatchesRoutes fails when a route is added without documenting it,
// or the document lists a route that does not exist.
// TestOpenAPIListsEveryEventType: the webhook event types the API document
// offers are exactly kindred.EventTypes (new events were missing from it).
func TestOpenAPIListsEveryEventType(t *testing.T) {
	t.Parallel()
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Items struct {
						Enum []string `json:"enum"`
					} `json:"items"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	var want []string
	for _, e := range kindred.EventTypes {
		want = append(want, string(e))
	}
	found := 0
	for name, schema := range doc.Components.Schemas {
		p, ok := schema.Properties["event_types"]
		if !ok || len(p.Items.Enum) == 0 {
			continue
		}
		found++
		got := append([]string(nil), p.Items.Enum...)
		sort.Strings(got)
		w := append([]string(nil), want...)
		sort.Strings(w)
		if strings.Join(got, " ") != strings.Join(w, " ") {
			t.Errorf("%s.event_types lists %v, want every kindred.EventTypes %v", name, got, w)
		}
	}
	if found == 0 {
		t.Fatal("no schema in openapi.json lists event_types")
	}
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	t.Parallel()
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	var documented, routed []string
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, strings.ToUpper(method)+" "+path)
		}
	}
	for _, r := range (&api.API{}).Routes() {
		routed = append(routed, r.Method+" "+r.Path)
	}
	sort.Strings(documented)
	sort.Strings(routed)
	if strings.Join(documented, "\n") != strings.Join(routed, "\n") {
		t.Errorf("documented:\n%s\n\nrouted:\n%s", strings.Join(documented, "\n"), strings.Join(routed, "\n"))
	}
}
