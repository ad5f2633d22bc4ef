package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestEveryPageOnAPhone opens one page of every kind the demo network links
// to, as an administrator (who is shown the most) and as a visitor, in a
// 390 px phone window, and fails any page that breaks its Content Security
// Policy, logs an error, fails to load a resource or scrolls sideways
// (Browser.CheckPage, which Open runs).
func TestEveryPageOnAPhone(t *testing.T) {
	t.Parallel()
	srv, _ := testutil.StartDemoServer(t, demo.Small, testutil.ServerOptions{})
	admin := testutil.CreateAccount(t, srv.Store, "phone.admin@example.org", kindred.RoleAdmin)
	for _, who := range []struct {
		name    string
		client  *http.Client
		signIn  bool
		minimum int
	}{
		{"visitor", testutil.Client(), false, 3},
		{"administrator", testutil.SignedInClient(t, srv, admin.ID), true, 40},
	} {
		t.Run(who.name, func(t *testing.T) {
			pages := pagesOfEveryShape(t, srv, who.client)
			if len(pages) < who.minimum {
				t.Fatalf("found only %d kinds of page: %v", len(pages), pages)
			}
			phone := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
			if who.signIn {
				testutil.SignIn(t, phone, srv, admin.ID)
			}
			for _, p := range pages {
				phone.Open(srv.URL + p)
			}
			t.Logf("%d pages checked on a phone", len(pages))
		})
	}
}

// shapeDigits folds the numbers of a path, so /gatherings/3 and
// /gatherings/7 are one kind of page.
var shapeDigits = regexp.MustCompile(`\d+`)

// pagesOfEveryShape follows the links of HTML pages from the home page and
// returns one path per kind of page (its path with numbers folded, and the
// names of its query parameters).
func pagesOfEveryShape(t *testing.T, srv *testutil.Server, c *http.Client) []string {
	t.Helper()
	start := []string{"/", "/network", "/practices", "/listening", "/emergence", "/gatherings", "/gatherings?when=past",
		"/me", "/admin/accounts", "/admin/outbox", "/admin/audit", "/c/bright-spots", "/signin"}
	seen, shapes := map[string]bool{}, map[string]bool{}
	var out []string
	queue := slices.Clone(start)
	for len(queue) > 0 && len(out) < 150 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] || skipCrawl(p) && p != "/signin" || !looksLikePage(p) {
			continue
		}
		seen[p] = true
		shape := pageShape(p)
		if shapes[shape] {
			continue
		}
		resp, body := get(t, c, srv.URL+p)
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			continue
		}
		shapes[shape] = true
		out = append(out, p)
		for _, m := range hrefPattern.FindAllStringSubmatch(body, -1) {
			if u, err := url.PathUnescape(m[1]); err == nil {
				queue = append(queue, strings.ReplaceAll(u, "&amp;", "&"))
			}
		}
	}
	return out
}

func pageShape(p string) string {
	path, query, _ := strings.Cut(p, "?")
	var keys []string
	if q, err := url.ParseQuery(query); err == nil {
		for k := range q {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return shapeDigits.ReplaceAllString(path, "N") + "?" + strings.Join(keys, "&")
}

// looksLikePage leaves out files (feeds, exports, images, JSON) and actions.
func looksLikePage(p string) bool {
	path, _, _ := strings.Cut(p, "?")
	for _, ext := range []string{".ics", ".csv", ".json", ".png", ".svg", ".jpg", ".txt", "/qr", "/photo"} {
		if strings.HasSuffix(path, ext) {
			return false
		}
	}
	return !strings.HasPrefix(path, "/api/") && !strings.HasPrefix(path, "/calendar/")
}
