package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestCityTimeZoneFromAList: an administrator adds a city by typing the
// place whose clock it keeps ("Lagos") and picking it from the searchable
// list, rather than knowing "Africa/Lagos"; the cities page then says the
// zone in words.
func TestCityTimeZoneFromAList(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	admin := testutil.CreateAccount(t, srv.Store, "zones.admin@example.org", kindred.RoleAdmin)
	b := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, b, srv, admin.ID)
	b.Open(srv.URL + "/network/cities")
	options, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#' + document.querySelector('#time_zone').getAttribute('list') + ' option')].map(o => o.value + '|' + o.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(options) < 300 || !contains(options, "Africa/Lagos|Lagos (Africa)") {
		t.Fatalf("the time zone list holds %d zones (want every zone, Lagos among them)", len(options))
	}
	b.Fill("#name", "Lagos")
	b.Fill("#time_zone", "lagos")
	b.Submit(`form[action="/network/cities"] button[type=submit]`)
	cities, err := srv.Store.Cities(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(cities) != 1 || cities[0].TimeZone != "Africa/Lagos" {
		t.Fatalf("cities %+v, want Lagos in Africa/Lagos", cities)
	}
	b.Open(srv.URL + "/network/cities")
	if got := b.Text(".cards"); !strings.Contains(got, "Lagos time") || strings.Contains(got, "Africa/Lagos") {
		t.Errorf("the cities page says %q, want the zone in words (Lagos time)", got)
	}
	b.CheckA11y()
	b.Screenshot("cities-time-zone")
}
