package web_test

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestTopNavigationOnAPhone: at 390 px an administrator sees every section
// of the top navigation (Listening, Emergence and Admin included), each
// whole inside the window and not covered by anything else.
func TestTopNavigationOnAPhone(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	admin := testutil.CreateAccount(t, srv.Store, "nav.admin@example.org", kindred.RoleAdmin)
	phone := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, phone, srv, admin.ID)
	phone.Open(srv.URL + "/")
	hidden, err := chromedp.Run(phone.Ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.mainnav a')].filter(a => {
		const r = a.getBoundingClientRect();
		if (r.width === 0 || r.left < 0 || r.right > window.innerWidth) return true;
		const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
		return !(hit && a.contains(hit));
	}).map(a => a.textContent.trim())`))
	if err != nil {
		t.Fatal(err)
	}
	if len(hidden) > 0 {
		t.Errorf("sections clipped, hidden or covered on a %d px phone: %v", testutil.PhoneWidth, hidden)
	}
	names, err := chromedp.Run(phone.Ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.mainnav a')].map(a => a.textContent.trim())`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Network", "Gatherings", "Practices", "Listening", "Emergence", "Admin"} {
		if !contains(names, want) {
			t.Errorf("the navigation lacks %s: %v", want, names)
		}
	}
	phone.CheckA11y()
	phone.ScreenshotView("nav-phone")
}

// TestAdminAccountsFitTheirCard: Admin → Accounts keeps every account inside
// its card, as a table on a wide screen and as one card per account on a
// phone.
func TestAdminAccountsFitTheirCard(t *testing.T) {
	t.Parallel()
	srv, _ := testutil.StartDemoServer(t, demo.Small, testutil.ServerOptions{})
	admin := testutil.CreateAccount(t, srv.Store, "a.very.long.address.for.an.administrator@accounts.example.org", kindred.RoleAdmin)
	for _, size := range []struct {
		name          string
		width, height int
	}{{"phone", testutil.PhoneWidth, testutil.PhoneHeight}, {"desktop", 1280, 900}} {
		b := testutil.NewBrowser(t, size.width, size.height)
		testutil.SignIn(t, b, srv, admin.ID)
		b.Open(srv.URL + "/admin/accounts")
		spill, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](`(() => {
			const panel = document.querySelector('.accounts-list').closest('.panel').getBoundingClientRect();
			return [...document.querySelectorAll('.accounts-list td, .accounts-list select, .accounts-list button')].filter(e => {
				const r = e.getBoundingClientRect();
				return r.width > 0 && (r.right > panel.right + 1 || r.left < panel.left - 1);
			}).map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 40));
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if len(spill) > 0 {
			t.Errorf("%s: %d parts of the accounts list spill out of its card, e.g. %v", size.name, len(spill), spill[:min(3, len(spill))])
		}
		b.CheckA11y()
		b.Screenshot(fmt.Sprintf("admin-accounts-%s", size.name))
	}
}
