package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
	"github.com/kindredhq/kindred/internal/web/i18n"
)

func createBrightSpots(t *testing.T, s *store.Store, mutate func(*kindred.Campaign)) *kindred.Campaign {
	t.Helper()
	c := demo.BrightSpots(s.Now())
	c.MinStoryLength = 1 // the tests tell short stories; TestStoryFormShortestStory holds tellers to a length
	if mutate != nil {
		mutate(&c)
	}
	var out *kindred.Campaign
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		var err error
		out, err = tx.CreateCampaign(context.Background(), c)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// backdateForm signs the form's stamp again as if the form had been shown
// an hour ago, so the minimum fill time (spam protection) passes without
// the test waiting.
func backdateForm(t *testing.T, b *testutil.Browser, srv *testutil.Server) {
	t.Helper()
	stamp := testutil.BackdateStamp(t, srv.Store, attr(b, `input[name=stamp]`, "value"), time.Hour)
	b.Do(chromedp.SetAttributeValue(chromedp.CSS(`input[name=stamp]`), "value", stamp))
}

func attr(b *testutil.Browser, sel, name string) string {
	v, err := chromedp.Run(b.Ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil {
		return ""
	}
	return v.Value
}

// TestListeningStoryForm tells stories through the public form at a phone
// viewport in Spanish, French and Arabic (right to left), with and without
// JavaScript: errors come back in the teller's language keeping what they
// typed, and the story is stored before the thank-you page.
func TestListeningStoryForm(t *testing.T) {
	t.Parallel()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	c := createBrightSpots(t, srv.Store, nil)
	for _, lang := range []string{"es", "fr", "ar"} {
		for _, js := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/js=%v", lang, js), func(t *testing.T) {
				b := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
				if !js {
					if _, err := chromedp.Call(b.Ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
						t.Fatal(err)
					}
				}
				tellThroughForm(t, b, srv, c, cat, lang, js)
			})
		}
	}
}

func tellThroughForm(t *testing.T, b *testutil.Browser, srv *testutil.Server, c *kindred.Campaign, cat *i18n.Catalog, lang string, js bool) {
	b.Open(srv.URL + "/c/bright-spots?lang=" + lang)
	if got := attr(b, "html", "lang"); got != lang {
		t.Errorf("html lang = %q, want %q", got, lang)
	}
	wantDir := map[bool]string{true: "rtl", false: "ltr"}[lang == "ar"]
	if got := attr(b, "html", "dir"); got != wantDir {
		t.Errorf("dir = %q, want %q", got, wantDir)
	}
	if w, err := pageWidth(b); err != nil || w > testutil.PhoneWidth {
		t.Errorf("page is %d px wide at a phone viewport (%v)", w, err)
	}
	canvases, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](`document.querySelectorAll('.triad-canvas').length`))
	if js && (err != nil || canvases != 1) {
		t.Errorf("with JavaScript: %d triad canvases (%v), want 1", canvases, err)
	}
	if js {
		b.Do(chromedp.Click(chromedp.CSS(".triad-canvas")))
		sum, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](`[0,1,2].map(i => +document.querySelector('input[name="sig.drivers.'+i+'"]').value).reduce((a, b) => a + b)`))
		if err != nil || sum != 100 {
			t.Errorf("after a tap in the triangle the weights sum to %d (%v), want 100", sum, err)
		}
	}
	if !js && err == nil && canvases != 0 {
		t.Errorf("without JavaScript: %d triad canvases, want none", canvases)
	}
	story := fmt.Sprintf("Story in %s, js=%v: voisins, vecinos, جيران.", lang, js)
	b.Do(chromedp.SendKeys(chromedp.CSS("#text"), story))
	for i, w := range []string{"3", "1", ""} { // weights 3:1:0, as a teller would type them
		b.Do(chromedp.SetValue(chromedp.CSS(fmt.Sprintf(`input[name="sig.drivers.%d"]`, i)), w))
	}
	backdateForm(t, b, srv)
	b.Submit(`.story-form button[type=submit]`)
	if got, want := b.Text("#form-message p"), cat.T(lang, "error.fix"); got != want {
		t.Errorf("error message = %q, want %q", got, want)
	}
	if got, want := b.Text("#consent .field-error"), cat.T(lang, "problem.required"); got != want {
		t.Errorf("consent problem = %q, want %q", got, want)
	}
	if got := b.Value("#text"); got != story {
		t.Errorf("story after an error = %q, want what was typed", got)
	}
	b.Screenshot(fmt.Sprintf("listening-form-error-%s-js%v", lang, js))
	b.Do(chromedp.Click(chromedp.CSS(`input[name=consent][value=network]`)))
	b.Do(chromedp.Click(chromedp.CSS(`input[name="sig.surprise.na"]`)))
	backdateForm(t, b, srv)
	b.Submit(`.story-form button[type=submit]`)
	if got, want := b.Text("h1"), cat.T(lang, "thanks.title"); got != want {
		t.Errorf("after sending: h1 = %q, want %q", got, want)
	}
	if w, err := pageWidth(b); err != nil || w > testutil.PhoneWidth {
		t.Errorf("thank-you page is %d px wide at a phone viewport (%v)", w, err)
	}
	b.Screenshot(fmt.Sprintf("listening-thanks-%s-js%v", lang, js))
	stories, err := srv.Store.Stories(context.Background(), c.ID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, st := range stories {
		if st.Text == story {
			found = true
			if !st.Anonymous || st.Name != "" || st.Consent != kindred.ConsentNetwork {
				t.Errorf("stored %+v", st)
			}
			if got := st.Signifiers["drivers"].Triad; len(got) != 3 || got[0] != 75 {
				t.Errorf("triad = %v, want 75/25/0", got)
			}
			if _, ok := st.Signifiers["surprise"]; ok || st.Signifiers["energy"].Slider == nil {
				t.Errorf("sliders: %v, want energy kept and surprise skipped", st.Signifiers)
			}
		}
	}
	if !found {
		t.Errorf("story not stored")
	}
}

// TestListeningFormShots takes the form's screenshots and checks its
// accessibility, at a phone and a desktop width.
func TestListeningFormShots(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	createBrightSpots(t, srv.Store, nil)
	for _, v := range []struct {
		name string
		w, h int
	}{{"phone", testutil.PhoneWidth, testutil.PhoneHeight}, {"desktop", testutil.DesktopWidth, testutil.DesktopHeight}} {
		b := testutil.NewBrowser(t, v.w, v.h)
		for _, lang := range []string{"en", "ar"} {
			b.Open(srv.URL + "/c/bright-spots?lang=" + lang)
			b.CheckA11y()
			b.Screenshot("listening-form-" + lang + "-" + v.name)
		}
	}
}

// TestListeningClosedAndUnknown explains closed, future and unknown campaigns
// in the visitor's language, and refuses stories to them.
func TestListeningClosedAndUnknown(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	createBrightSpots(t, srv.Store, func(c *kindred.Campaign) { c.Slug, c.StartsOn, c.EndsOn = "ended", "2020-01-01", "2020-02-01" })
	createBrightSpots(t, srv.Store, func(c *kindred.Campaign) { c.Slug, c.StartsOn, c.EndsOn = "future", "2999-01-01", "" })
	createBrightSpots(t, srv.Store, func(c *kindred.Campaign) { c.Slug, c.Audience = "members-only", kindred.AudienceMembers })
	createBrightSpots(t, srv.Store, func(c *kindred.Campaign) { c.Slug, c.Audience = "invited-only", kindred.AudienceInvited })
	tests := []struct {
		method, path string
		status       int
		want         string
	}{
		{"GET", "/c/ended", 410, "Cerró el 2020-02-01"},
		{"POST", "/c/ended", 410, "Cerró el 2020-02-01"},
		{"POST", "/c/ended", 410, "my typed story"},
		{"GET", "/c/future", 403, "Abre el 2999-01-01"},
		{"GET", "/c/forged-slug", 404, "No encontramos esta campaña"},
		{"GET", "/c/members-only", 401, "Entra para contar tu historia"},
		{"GET", "/c/invited-only", 401, "Entra para contar tu historia"},
	}
	for _, tc := range tests {
		form := url.Values{"text": {"my typed story"}, "consent": {"public"}, "lang": {"es"}}
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", "es-AR,es;q=0.9")
		resp, err := testutil.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body := readAll(t, resp)
		if resp.StatusCode != tc.status || !strings.Contains(body, tc.want) {
			t.Errorf("%s %s: %d, want %d with %q", tc.method, tc.path, resp.StatusCode, tc.status, tc.want)
		}
	}
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestListeningOrganizerPages walks an organizer through the demo campaign:
// list, dashboard with charts, moderation, export and a CSV import with a
// dry run; members see only what tellers shared with the network.
func TestListeningOrganizerPages(t *testing.T) {
	t.Parallel()
	testutil.ForOneServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		c, err := demo.GenerateStories(ctx, srv.Store, 120, 7)
		if err != nil {
			t.Fatal(err)
		}
		org := testutil.CreateAccount(t, srv.Store, "organizer@example.org", kindred.RoleAdmin)
		b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
		testutil.SignIn(t, b, srv, org.ID)
		b.Open(srv.URL + "/listening")
		if got := b.Text(".campaign-card h2"); got != c.Title {
			t.Errorf("campaign card = %q", got)
		}
		b.CheckA11y()
		b.Screenshot("listening-campaigns")
		b.Open(srv.URL + "/listening/bright-spots")
		if got := b.Text(".stats li strong"); got != "120" {
			t.Errorf("total = %q, want 120", got)
		}
		b.CheckA11y()
		b.Screenshot("listening-dashboard")
		b.Open(srv.URL + "/listening/bright-spots/stories")
		b.CheckA11y()
		b.Screenshot("listening-moderation")
		// With JavaScript, moderation happens in place: the approved story leaves the pending list.
		first := attr(b, ".story-item", "id")
		b.Do(chromedp.Click(chromedp.CSS("#" + first + " button[value=approve]")))
		b.Do(chromedp.WaitNotPresent(chromedp.CSS("#" + first)))
		b.Do(chromedp.Click(chromedp.CSS(".story-item button[value=pii]")))
		b.Do(chromedp.WaitVisible(chromedp.CSS(".story-item .badge-failed")))
		id, _ := strconv.ParseInt(strings.TrimPrefix(first, "story-"), 10, 64)
		if st, err := srv.Store.Story(ctx, c.ID, id); err != nil || st.State != kindred.StateApproved {
			t.Errorf("story %d after approving in place: %+v, %v", id, st, err)
		}
		b.Open(srv.URL + "/listening/new")
		b.CheckA11y()
		b.Screenshot("listening-new-campaign")
		b.Open(srv.URL + "/listening/bright-spots/import")
		b.CheckA11y()
		phone := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
		testutil.SignIn(t, phone, srv, org.ID)
		for _, p := range []string{"/listening/bright-spots", "/listening/bright-spots/stories"} {
			phone.Open(srv.URL + p)
			if w, err := pageWidth(phone); err != nil || w > testutil.PhoneWidth {
				t.Errorf("%s is %d px wide at a phone viewport (%v)", p, w, err)
			}
		}
		phone.Screenshot("listening-moderation-phone")
	})
}
