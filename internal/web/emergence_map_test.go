package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestEmergenceMapOnMediumDemo is issue 22's map check on the medium demo
// (about 3,000 people): the map starts as communities rather than cutting
// anyone off, finds a person, centres on their two-step neighbourhood, has
// a legend of distinct colours and a timeline, and fits a phone.
func TestEmergenceMapOnMediumDemo(t *testing.T) {
	t.Parallel()
	srv, res := testutil.StartDemoServer(t, demo.Medium, testutil.ServerOptions{})
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, b, srv, res.Admin.ID)
	b.Open(srv.URL + "/emergence")
	b.Do(chromedp.WaitVisible(chromedp.CSS(`#network-map[data-ready="true"] canvas`)))
	if got := b.Text("#map-status"); !strings.Contains(got, "communities") || !strings.Contains(got, "people with shared ties") {
		t.Errorf("the medium demo's map starts with %q, not its communities", got)
	}
	if legend := b.Text("#map-legend"); strings.Count(legend, "(") < 5 {
		t.Errorf("legend: %q", legend)
	}
	b.CheckA11y()

	// Search the best-connected person, then centre on them.
	name, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.querySelector("#map-names option").value`))
	if err != nil || name == "" {
		t.Fatalf("no names to search: %v", err)
	}
	b.Do(evalAction(`document.getElementById("map-search").value = `+jsString(name)),
		chromedp.Click(chromedp.CSS(`#map-controls button[type="submit"]`)),
		chromedp.Poll[chromedp.Void](`document.getElementById("map-status").textContent.includes("has ties with")`, chromedp.WithPollingTimeout(time.Minute)))
	b.CheckPage()
	if got := b.Text("#map-status"); !strings.Contains(got, name) || !strings.Contains(got, "has ties with") {
		t.Errorf("after searching %q: %q", name, got)
	}
	b.Do(chromedp.Click(chromedp.CSS(`#map-ego`)), chromedp.WaitVisible(chromedp.CSS(`#network-map[data-mode="ego"]`)),
		chromedp.Poll[chromedp.Void](`document.getElementById("map-status").textContent.includes("introduction away")`, chromedp.WithPollingTimeout(time.Minute)))
	if got := b.Text("#map-status"); !strings.Contains(got, name+" knows") || !strings.Contains(got, "one introduction away") {
		t.Errorf("ego view status: %q", got)
	}
	b.CheckPage()
	b.Do(evalAction(`window.scrollTo(0, document.getElementById("map-title").getBoundingClientRect().top + window.scrollY - 70)`))
	b.ScreenshotView("emergence-map-ego")
	b.Do(chromedp.Click(chromedp.CSS(`#map-all`)), chromedp.WaitVisible(chromedp.CSS(`#network-map[data-mode="all"]`)))

	// The timeline: the oldest snapshot.
	b.Do(evalAction(`const s = document.getElementById("map-when"); s.value = 0; s.dispatchEvent(new Event("change"));`))
	b.Do(chromedp.Poll[chromedp.Void](`document.getElementById("map-status").textContent.includes(" as of ")`, chromedp.WithPollingTimeout(time.Minute)))
	b.CheckPage()
	b.Do(evalAction(`window.scrollTo(0, document.getElementById("map-title").getBoundingClientRect().top + window.scrollY - 70)`))
	b.ScreenshotView("emergence-map")

	phone := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, phone, srv, res.Admin.ID)
	phone.Open(srv.URL + "/emergence")
	phone.Do(chromedp.WaitVisible(chromedp.CSS(`#network-map[data-ready="true"] canvas`)))
	phone.CheckPage()
	phone.CheckA11y()
	phone.Do(evalAction(`window.scrollTo(0, document.getElementById("map-title").getBoundingClientRect().top + window.scrollY - 70)`))
	phone.ScreenshotView("emergence-map-phone")
}

// jsString quotes s for a script.
func jsString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// TestEmergenceMapTooLargeToDrawAtOnce: above its bound (here 10 members),
// the map says plainly that it shows communities only, opens a community's
// members from the server as one zooms in, and finds a person through the
// server; on a phone too.
func TestEmergenceMapTooLargeToDrawAtOnce(t *testing.T) {
	t.Parallel()
	srv, res := testutil.StartDemoServer(t, demo.Small, testutil.ServerOptions{})
	srv.UseCases.Directory.Network.MaxMembers = 10
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, b, srv, res.Admin.ID)
	b.Open(srv.URL + "/emergence")
	b.Do(chromedp.WaitVisible(chromedp.CSS(`#network-map[data-ready="true"] canvas`)))
	if got := b.Text("#map-status"); !strings.Contains(got, "communities only") || !strings.Contains(got, "too many to draw at once") {
		t.Errorf("the bounded map starts with %q", got)
	}
	b.CheckA11y()
	b.Do(evalAction(`window.scrollTo(0, document.getElementById("map-title").getBoundingClientRect().top + window.scrollY - 70)`))
	b.ScreenshotView("emergence-map-communities-only")

	// A name found through the server, in its community opened from the server.
	name := res.Admin.Name
	_, body := get(t, testutil.SignedInClient(t, srv, res.Admin.ID), srv.URL+"/emergence/map.json?q=a")
	if i := strings.Index(body, `"label":"`); i >= 0 {
		name = strings.SplitN(body[i+len(`"label":"`):], `"`, 2)[0]
	}
	b.Do(evalAction(`document.getElementById("map-search").value = `+jsString(name)),
		chromedp.Click(chromedp.CSS(`#map-controls button[type="submit"]`)),
		chromedp.Poll[chromedp.Void](`document.getElementById("map-status").textContent.includes("has ties with")`, chromedp.WithPollingTimeout(time.Minute)))
	b.CheckPage()
	if got := b.Text("#map-status"); !strings.Contains(got, name) {
		t.Errorf("after searching %q: %q", name, got)
	}
	members, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](`document.getElementById("network-map").getAttribute("data-members")`))
	if err != nil || members == "0" || members == "" {
		t.Errorf("no members drawn after the search: %q, %v", members, err)
	}
	b.ScreenshotView("emergence-map-community-opened")

	phone := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, phone, srv, res.Admin.ID)
	phone.Open(srv.URL + "/emergence")
	phone.Do(chromedp.WaitVisible(chromedp.CSS(`#network-map[data-ready="true"] canvas`)))
	phone.CheckPage()
}
