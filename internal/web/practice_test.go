package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestPracticeLibraryInBrowser(t *testing.T) {
	t.Parallel()
	testutil.ForOneServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		n := seedNetwork(t, srv.Store)
		testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
		acct := testutil.CreateAccount(t, srv.Store, "maria@example.org", kindred.RoleMember)
		b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
		testutil.SignIn(t, b, srv, acct.ID)

		b.Open(srv.URL + "/practices/new")
		b.CheckA11y()
		b.Fill("#summary", "Thirty-minute conversations before any ask.")
		b.Submit("form.form button")
		if got := b.Text(".alert"); !strings.Contains(got, "Name of the practice is required") {
			t.Errorf("no title: %q", got)
		}
		if b.Value("#summary") != "Thirty-minute conversations before any ask." {
			t.Errorf("typed summary lost")
		}
		b.Fill("#title", "Relational one-to-ones")
		b.Fill("#theme_area", "Membership engagement")
		b.Fill("#tags", "organizing, listening")
		b.Fill("#body", "## How\n\n1. Listen first\n2. Ask about **their** goals\n\n<script>alert('x')</script>[bad](javascript:alert(1))")
		b.Submit("form.form button")
		if got := b.Text("h1"); got != "Relational one-to-ones" {
			t.Fatalf("after sharing: h1 = %q", got)
		}
		html := pageHTML(t, b)
		if strings.Contains(html, "<script>alert") || strings.Contains(html, "javascript:alert") {
			t.Errorf("the practice page runs what was typed")
		}
		if !strings.Contains(b.Text("main"), "Shared by María Estrada") {
			t.Errorf("provenance missing: %q", b.Text("main"))
		}
		b.CheckA11y()

		b.Submit("#adoptions button")
		if got := b.Text(".alert"); !strings.Contains(got, "Organization") {
			t.Errorf("empty adoption: %q", got)
		}
		b.Do(setSelect("#organization", fmt.Sprint(n.union.ID)))
		b.Fill("#note", "Doubled turnout at meetings")
		b.Submit("#adoptions button")
		if got := b.Text(".alert"); !strings.Contains(got, "How did it go?") || b.Value("#organization") != fmt.Sprint(n.union.ID) ||
			b.Value("#note") != "Doubled turnout at meetings" {
			t.Errorf("adoption without an outcome: alert %q, organization %q, note %q kept?", got, b.Value("#organization"), b.Value("#note"))
		}
		b.Do(evalAction(`document.querySelector("input[value=worked]").checked = true`))
		b.Submit("#adoptions button")
		if got := b.Text("#adoptions"); !strings.Contains(got, "Teachers Union Local 7") || !strings.Contains(got, "Chicago") || !strings.Contains(got, "worked") {
			t.Errorf("adoptions: %q", got)
		}
		b.Screenshot("practice")
		b.Open(srv.URL + "/practices/relational-one-to-ones")
		b.ScreenshotView("practice-top")

		b.Open(srv.URL + "/practices?q=conversations")
		b.CheckA11y()
		b.Screenshot("practices")
		if got := b.Text("main"); !strings.Contains(got, "Relational one-to-ones") || !strings.Contains(got, "Tried by 1") {
			t.Errorf("search: %q", got)
		}
		b.Open(srv.URL + "/practices?tried_by=teachers+union+local+7")
		if got := b.Text("main"); !strings.Contains(got, "Relational one-to-ones") || b.Value("#tried_by") != "Teachers Union Local 7" {
			t.Errorf("tried by the union, typed in lower case: %q, field %q", got, b.Value("#tried_by"))
		}
		b.Open(srv.URL + "/practices?tried_by=Nobody+Anywhere")
		b.CheckA11y()
		if got := b.Text("main"); strings.Contains(got, "Relational one-to-ones") || !strings.Contains(got, "No organization is called") {
			t.Errorf("tried by an unknown name: %q", got)
		}
		b.Open(srv.URL + fmt.Sprintf("/practices?city=%d", n.boston.ID))
		if strings.Contains(b.Text("main"), "Relational one-to-ones") {
			t.Errorf("Boston filter shows a practice tried only in Chicago")
		}
	})
}

// TestPracticesPage: the library lists a page of practices at a time,
// says which of how many it shows, and following its next pages (a
// search's too) reaches every match once; the API pages alike.
func TestPracticesPage(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	admin := testutil.CreateAccount(t, srv.Store, "pages.admin@example.org", kindred.RoleAdmin)
	const total = 45
	ctx := context.Background()
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		for i := range total {
			p := &kindred.Practice{Title: fmt.Sprintf("Door knocking round %02d", i), Summary: "Knocking on doors with neighbours.",
				ThemeArea: "Membership engagement", Stage: kindred.StageEmerging}
			if _, err := tx.CreatePractice(ctx, p, admin.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c := testutil.SignedInClient(t, srv, admin.ID)
	card := regexp.MustCompile(`href="/practices/(door-knocking-round-\d+)"`)
	for _, start := range []string{"/practices", "/practices?q=knocking"} {
		seen, path := map[string]bool{}, start
		for pages := 0; path != "" && pages < 10; pages++ {
			resp, body := get(t, c, srv.URL+path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d", path, resp.StatusCode)
			}
			if pages == 0 && !strings.Contains(body, fmt.Sprintf("Practices 1–20 of %d", total)) {
				t.Errorf("%s does not say which of how many it shows", path)
			}
			for _, m := range card.FindAllStringSubmatch(body, -1) {
				if seen[m[1]] {
					t.Errorf("%s lists %s again", path, m[1])
				}
				seen[m[1]] = true
			}
			path = practicesNext(body)
		}
		if len(seen) != total {
			t.Errorf("%s: following its pages lists %d, want %d", start, len(seen), total)
		}
	}
	token := apiToken(t, srv.Store, admin)
	got, next := 0, ""
	for range 10 {
		var page struct {
			Items []json.RawMessage `json:"items"`
			Next  string            `json:"next"`
			More  int               `json:"more"`
		}
		status, body := apiGet(t, srv.URL+"/api/v1/practices?q=knocking&limit=20&next="+next, token)
		if err := json.Unmarshal(body, &page); status != http.StatusOK || err != nil {
			t.Fatalf("API: %d %v", status, err)
		}
		got += len(page.Items)
		if page.Next != "" && page.More != total-got {
			t.Errorf("API: %d listed, says %d more, want %d", got, page.More, total-got)
		}
		if next = page.Next; next == "" {
			break
		}
	}
	if got != total {
		t.Errorf("API pages list %d, want %d", got, total)
	}
}

var practicesNextLink = regexp.MustCompile(`<a rel="next" href="([^"]+)">Next page</a>`)

// practicesNext is the path of the library's next page, "" on the last.
func practicesNext(body string) string {
	m := practicesNextLink.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return strings.ReplaceAll(m[1], "&amp;", "&")
}
