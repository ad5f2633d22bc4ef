package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/testutil"
)

// moreNotice is how a list says it is not all: a link to the next page, or
// words saying how many there are in all or how many more.
var moreNotice = regexp.MustCompile(`rel="next"|[?&;]after=|\d+ more\b|\b\d+ of \d+`)

// TestListsNeverStopSilently: on a demo network with more accounts,
// people and organizations than a page lists, each list page either pages
// or says how many more there are — none stops at a fixed number without a
// word. Following the next pages reaches everyone.
func TestListsNeverStopSilently(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	ctx := context.Background()
	if _, err := demo.Generate(ctx, srv.Store, demo.Small, 1); err != nil {
		t.Fatal(err)
	}
	admin := testutil.CreateAccount(t, srv.Store, "lists.admin@example.org", kindred.RoleAdmin)
	for i := range 120 {
		testutil.CreateAccount(t, srv.Store, fmt.Sprintf("reader%03d@lists.example.org", i), kindred.RoleMember)
	}
	counts, err := srv.Store.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := srv.Store.CountAccounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := testutil.SignedInClient(t, srv, admin.ID)
	for _, l := range []struct {
		path, item string
		total      int
	}{
		{"/admin/accounts", `class="account-who"`, accounts},
		{"/network", `<li class="person">`, counts.Members},
		{"/network/organizations", `<li class="card">`, counts.Organizations},
	} {
		seen, path := 0, l.path
		for pages := 0; path != "" && pages < 200; pages++ {
			resp, body := get(t, c, srv.URL+path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: status %d", path, resp.StatusCode)
			}
			shown := strings.Count(body, l.item)
			seen += shown
			if seen < l.total && !moreNotice.MatchString(body) {
				t.Errorf("%s lists %d of %d and says nothing of the rest", path, shown, l.total)
				break
			}
			path = nextPage(l.path, body)
		}
		if seen != l.total {
			t.Errorf("%s: following its pages lists %d, want all %d", l.path, seen, l.total)
		}
	}
}

var nextLink = regexp.MustCompile(`<a[^>]*href="([^"]*after=[^"]+)"[^>]*>Next page</a>`)

// nextPage returns the path of the page's "Next page" link (a link of
// only a query is on base), "" on the last page.
func nextPage(base, body string) string {
	m := nextLink.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	href := strings.ReplaceAll(m[1], "&amp;", "&")
	if strings.HasPrefix(href, "?") {
		return base + href
	}
	return href
}
