package web_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
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
	srv, _ := testutil.StartDemoServer(t, demo.Small, testutil.ServerOptions{})
	ctx := context.Background()
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

// bigNetwork is what seedBigNetwork adds: more of everything than any one
// page lists.
type bigNetwork struct {
	city    kindred.City
	org     *kindred.Organization
	people  int // members in the city, all at org
	orgs    int // organizations in the city, org among them
	dinners int // upcoming gatherings in the city
	readers int // accounts whose names start "Crowdreader"
}

// seedBigNetwork adds, beside an administrator's demo network, a city with
// more people than a city's or an organization's page lists, more
// organizations than the city's page names, more upcoming gatherings than
// the list shows, more audit entries than the log shows and more accounts
// matching one search than the search lists.
func seedBigNetwork(t *testing.T, st *store.Store) bigNetwork {
	t.Helper()
	ctx := context.Background()
	n := bigNetwork{people: 1010, orgs: 211, dinners: 210, readers: 120}
	for i := range n.readers {
		testutil.CreateAccount(t, st, fmt.Sprintf("crowdreader%03d@lists.example.org", i), kindred.RoleMember)
	}
	err := st.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if n.city, err = tx.CreateCity(ctx, kindred.City{Name: "Bigtown", Slug: "bigtown", TimeZone: "UTC"}); err != nil {
			return err
		}
		for i := range n.orgs {
			name := fmt.Sprintf("Bigtown Group %03d", i)
			o, err := tx.CreateOrganization(ctx, kindred.Organization{Name: name, Slug: kindred.Slugify(name), CityIDs: []int64{n.city.ID}})
			if err != nil {
				return err
			}
			if i == 0 {
				n.org = o
			}
		}
		for i := range n.people {
			m := &kindred.Member{Name: fmt.Sprintf("Crowdmember %04d", i), CityID: n.city.ID,
				Affiliations: []kindred.Affiliation{{OrganizationID: n.org.ID, OrganizationName: n.org.Name, Role: "member", Primary: true}}}
			if _, err := tx.CreateMember(ctx, m); err != nil {
				return err
			}
		}
		start := time.Date(2031, 3, 1, 18, 0, 0, 0, time.UTC)
		for i := range n.dinners {
			at := start.Add(time.Duration(i/3) * 24 * time.Hour) // three a day: some share a start
			if _, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: n.city.ID, Title: fmt.Sprintf("Bigtown dinner %02d", i),
				Capacity: 10, StartsAt: at, EndsAt: at.Add(2 * time.Hour), Status: kindred.GatheringOpen,
				Visibility: kindred.VisibilityNetwork}); err != nil {
				return err
			}
		}
		for i := range 250 {
			if err := tx.Audit(ctx, 0, "test.crowd", fmt.Sprint(i), ""); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

var (
	moreWords  = regexp.MustCompile(`And (\d+) more\b`)
	matchWords = regexp.MustCompile(`(\d+) (?:person matches|people match)`)
)

// TestListsAtRealSize: on a network bigger than each list's page — the
// audit log, a city's people and organizations, an organization's people,
// the gatherings list, the account search and the host picker — each list
// either offers a next page, and following the pages reaches every row, or
// says truthfully how many more there are. On one engine: the store's
// paging is tested on both (internal/store), the pages once.
func TestListsAtRealSize(t *testing.T) {
	t.Parallel()
	testutil.ForOneServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		admin := testutil.CreateAccount(t, srv.Store, "lists.admin@example.org", kindred.RoleAdmin)
		n := seedBigNetwork(t, srv.Store)
		entries, err := srv.Store.AuditLog(ctx, 1_000_000)
		if err != nil {
			t.Fatal(err)
		}
		audit := len(entries)
		c := testutil.SignedInClient(t, srv, admin.ID)
		for _, l := range []struct {
			path, item string
			total      int
		}{
			{"/admin/audit", `<td><code>`, audit},
			{"/network/cities/" + n.city.Slug, `<li class="person">`, n.people},
			{"/network/organizations/" + n.org.Slug, `<li class="person">`, n.people},
			{fmt.Sprintf("/gatherings?city=%d", n.city.ID), `<li class="gcard">`, n.dinners},
		} {
			followPages(t, c, srv.URL, l.path, l.item, l.total)
		}

		_, body := get(t, c, srv.URL+"/admin/accounts?q=crowdreader")
		sayMore(t, "the account search", strings.Count(body, `<li><strong>`), body, n.readers)
		_, body = get(t, c, srv.URL+"/network/cities/"+n.city.Slug)
		orgs := body[strings.Index(body, "<h2>Organizations</h2>"):]
		sayMore(t, "a city's organizations", strings.Count(orgs, `<li><a href="/network/organizations/`), orgs, n.orgs)

		_, body = get(t, c, srv.URL+"/gatherings/hosts?host_q=crowdmember")
		m := matchWords.FindStringSubmatch(body)
		if m == nil || m[1] != strconv.Itoa(n.people) {
			t.Errorf("the host search for %d people says %q, want the true count", n.people, m)
		}
		if shown := strings.Count(body, "pick="); shown < n.people && !strings.Contains(body, "narrow") {
			t.Errorf("the host search shows %d of %d and does not ask to narrow it", shown, n.people)
		}
	})
}

// followPages reads path and its next pages, checking that each page short
// of the whole says there is more and that the pages list total items.
func followPages(t *testing.T, c *http.Client, base, path, item string, total int) {
	t.Helper()
	seen, at := 0, path
	for pages := 0; at != "" && pages < 100; pages++ {
		resp, body := get(t, c, base+at)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d", at, resp.StatusCode)
		}
		shown := strings.Count(body, item)
		seen += shown
		if seen < total && !moreNotice.MatchString(body) {
			t.Errorf("%s lists %d of %d and says nothing of the rest", at, shown, total)
			return
		}
		at = nextPage(strings.SplitN(path, "?", 2)[0], body)
	}
	if seen != total {
		t.Errorf("%s: following its pages lists %d, want all %d", path, seen, total)
	}
}

// sayMore checks that a list showing shown of total says "And N more" with
// the true N.
func sayMore(t *testing.T, what string, shown int, body string, total int) {
	t.Helper()
	if shown >= total {
		t.Fatalf("%s shows all %d: the network is too small to test it", what, total)
	}
	m := moreWords.FindStringSubmatch(body)
	if m == nil {
		t.Errorf("%s shows %d of %d and says nothing of the rest", what, shown, total)
		return
	}
	if more, _ := strconv.Atoi(m[1]); shown+more != total {
		t.Errorf("%s shows %d and says %d more, want %d in all", what, shown, more, total)
	}
}
