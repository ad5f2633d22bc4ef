package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/library"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestPracticesTravelInBrowser: on the demo network a member sees, on a
// phone, a practice's adoptions with the dinner that led to them, and on
// the Emergence page the share of adoptions that followed a dinner against
// chance, in words first and without naming anyone.
func TestPracticesTravelInBrowser(t *testing.T) {
	t.Parallel()
	srv, _ := testutil.StartDemoServer(t, demo.Small, testutil.ServerOptions{})
	member := testutil.CreateAccount(t, srv.Store, "traveller@example.org", kindred.RoleMember)
	slug, path := practiceWithPath(t, srv.Store, member)

	b := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, b, srv, member.ID)
	b.Open(srv.URL + "/practices/" + slug)
	got := b.Text(".paths")
	for _, want := range []string{path.Member.Name + " sat with " + path.Met.Name, path.Gathering.Title, "had been trying it since"} {
		if !strings.Contains(got, want) {
			t.Errorf("the practice's paths %q lack %q", got, want)
		}
	}
	links, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]int](`[document.querySelectorAll('#adoptions table a[href^="#path-"]').length,
		document.querySelectorAll('.paths li').length, document.querySelectorAll('#adoptions tbody tr').length]`))
	if err != nil {
		t.Fatal(err)
	}
	if links[0] == 0 || links[0] != links[1] || links[1] >= links[2] {
		t.Errorf("%d links to %d paths among %d adoptions: want one link for each path, and adoptions without one", links[0], links[1], links[2])
	}
	b.CheckA11y()
	b.Do(evalAction(`window.scrollTo(0, document.querySelector("#adoptions table").getBoundingClientRect().top + window.scrollY - 150)`))
	b.ScreenshotView("practice-travel-phone")

	d := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, d, srv, member.ID)
	d.Open(srv.URL + "/emergence")
	d.Do(chromedp.WaitVisible(chromedp.CSS(`#network-map[data-ready="true"] canvas`)))
	section := d.Text(`section[aria-labelledby="travel-title"]`)
	if !strings.Contains(section, "chance") || strings.Contains(section, "Too few") || strings.Contains(section, "p = ") {
		t.Errorf("the travel figure says %q: want a plain sentence against chance, the statistics under details", section)
	}
	for _, name := range []string{path.Member.Name, path.Met.Name, path.Earlier.OrganizationName} {
		if strings.Contains(section, name) {
			t.Errorf("the Emergence page's travel figure names %q", name)
		}
	}
	d.CheckA11y()
	d.Do(evalAction(`document.querySelector('section[aria-labelledby="travel-title"] details').open = true`),
		evalAction(`window.scrollTo(0, document.getElementById("travel-title").getBoundingClientRect().top + window.scrollY - 90)`))
	if got := d.Text(`section[aria-labelledby="travel-title"] details`); !strings.Contains(got, "p = ") || !strings.Contains(got, "shuffled") {
		t.Errorf("the figure's details = %q", got)
	}
	d.ScreenshotView("emergence-travel")
}

// practiceWithPath finds a demo practice with an adoption that followed a
// dinner, as the account sees it.
func practiceWithPath(t *testing.T, s *store.Store, acct *kindred.Account) (string, library.Path) {
	t.Helper()
	ctx := context.Background()
	v, err := s.Viewer(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	hits, err := s.ListPractices(ctx, store.PracticeFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	svc := &library.Service{Store: s}
	for _, h := range hits {
		p, err := s.Practice(ctx, h.Practice.ID)
		if err != nil {
			t.Fatal(err)
		}
		paths, err := svc.Paths(ctx, v, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range paths {
			if path.Kind == kindred.TieSatTogether && path.Gathering != nil {
				return p.Slug, path
			}
		}
	}
	t.Fatal("no demo practice travelled along a dinner")
	return "", library.Path{}
}
