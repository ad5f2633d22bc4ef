package web_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// tellerStory is the story the teller tells in TestReportBackInBrowser:
// told often enough by others to make a theme, with a phone number the
// public report must mask.
const (
	tellerStory = "Volunteers ran the phone bank themselves and doubled the calls we made that week. Call me on +1 312 555 0142."
	phoneBank   = "Volunteers ran the phone bank themselves and doubled the calls we made that week."
	confirmed   = "People power on the phones"
)

// TestReportBackInBrowser follows Most Significant Change's feedback step
// in real browsers: a teller asks on the form to hear of the report and
// reads, from their edit link, that their story waits to be read; the
// organizers theme, choose and publish; the teller gets one "report
// published" email (through mailpit, however often the report is taken
// down and published again), reads from its link where their story went,
// and reads the public report as an anonymous visitor — which quotes
// their story masked and nothing told for organizers or the network.
func TestReportBackInBrowser(t *testing.T) {
	t.Parallel()
	mp := testutil.StartedMailpit(t)
	testutil.ForOneServer(t, testutil.ServerOptions{SMTPURL: mp.SMTPURL}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		c, err := demo.GenerateStories(ctx, srv.Store, 200, 3)
		if err != nil {
			t.Fatal(err)
		}
		email := testutil.UniqueEmail("teller")
		teller := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
		editLink := tellAndOptIn(t, teller, srv, mp, email)

		teller.Open(editLink)
		teller.Do(chromedp.Click(chromedp.CSS(".journey-link a")))
		teller.Do(chromedp.WaitVisible(chromedp.CSS("ol.journey")))
		teller.CheckPage()
		if got := teller.Text("h1"); got != "Where your story went" {
			t.Errorf("teller page from the edit link: h1 %q", got)
		}
		if got := teller.Text("#journey-read"); !strings.Contains(got, "not read your story yet") {
			t.Errorf("pending story: %q", got)
		}
		if got := teller.Text("#journey-report"); !strings.Contains(got, "We will email you") {
			t.Errorf("opted-in teller before the report: %q", got)
		}
		teller.CheckA11y()
		teller.Screenshot("teller-journey-pending-phone")

		story := organizeAround(t, srv, c, email)
		org := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("organizer"), kindred.RoleAdmin)
		b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
		testutil.SignIn(t, b, srv, org.ID)
		publishInBrowser(t, b, srv, c.Slug)

		msgs := mp.WaitFor(t, email, 2, 30*time.Second)
		report := reportMailsIn(msgs)
		if len(report) != 1 {
			t.Fatalf("report mails to the teller: %d of %d messages, want 1", len(report), len(msgs))
		}
		text := mp.Message(t, report[0].ID).Text
		i := strings.Index(text, srv.URL+"/journey/")
		if i < 0 {
			t.Fatalf("report mail without the teller's link: %q", text)
		}
		mailLink := strings.Fields(text[i:])[0]

		teller.Open(mailLink)
		checkJourneyAfterReport(t, teller)
		teller.CheckA11y()
		teller.Screenshot("teller-journey-mail-phone")
		teller.Open(strings.Replace(mailLink, "lang=en", "lang=ar", 1))
		if got := attr(teller, "html", "dir"); got != "rtl" {
			t.Errorf("teller page in Arabic: dir %q", got)
		}
		teller.CheckA11y()
		teller.Screenshot("teller-journey-ar-phone")

		teller.Open(mailLink)
		teller.Submit("#journey-report a.button")
		checkPublicReportPage(t, teller, srv, c.Slug)
		teller.CheckA11y()
		teller.Screenshot("report-public-phone")
		visitor := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
		visitor.Open(srv.URL + listening.ReportPath(c.Slug))
		visitor.CheckA11y()
		visitor.Screenshot("report-public")

		// Taken down and published again: nobody is mailed twice.
		b.Open(srv.URL + "/listening/" + c.Slug + "/report")
		b.Submit("#report-publish button")
		if status, _ := getPage(t, testutil.Client(), srv.URL+listening.ReportPath(c.Slug)); status != http.StatusNotFound {
			t.Errorf("report taken down: status %d for a visitor, want 404", status)
		}
		b.Submit("#report-publish button")
		if n := storedReportMails(t, srv.Store, email); n != 1 {
			t.Errorf("%d report mails stored for the teller after publishing twice, want 1", n)
		}
		if got := reportMailsIn(mp.WaitFor(t, email, 3, 2*time.Second)); len(got) != 1 {
			t.Errorf("mailpit holds %d report mails for the teller, want 1", len(got))
		}
		if st, err := srv.Store.Story(ctx, c.ID, story); err != nil || !st.NotifyReport {
			t.Errorf("the teller's opt-in was not kept: %+v, %v", st, err)
		}
	})
}

// tellAndOptIn tells tellerStory through the form with an email, asking
// to hear of the report, and returns the edit link mailed back.
func tellAndOptIn(t *testing.T, b *testutil.Browser, srv *testutil.Server, mp *testutil.Mailpit, email string) string {
	t.Helper()
	b.Open(srv.URL + "/c/bright-spots?lang=en")
	b.Do(chromedp.SendKeys(chromedp.CSS("#text"), tellerStory))
	b.Do(chromedp.Click(chromedp.CSS(`input[name=consent][value=public]`)))
	b.Do(chromedp.Click(chromedp.CSS("#anonymous")))
	b.Do(chromedp.WaitVisible(chromedp.CSS("#email")))
	b.Do(chromedp.SendKeys(chromedp.CSS("#email"), email))
	b.Do(chromedp.Click(chromedp.CSS("#notify_report")))
	b.CheckA11y()
	b.ScreenshotView("listening-form-notify-phone")
	backdateForm(t, b, srv)
	b.Submit(`.story-form button[type=submit]`)
	if got := b.Text("h1"); got != "Thank you for your story" {
		t.Fatalf("after telling: h1 %q", got)
	}
	msgs := mp.WaitFor(t, email, 1, 30*time.Second)
	if len(msgs) != 1 {
		t.Fatalf("%d mails to the teller, want the edit link", len(msgs))
	}
	text := mp.Message(t, msgs[0].ID).Text
	i := strings.Index(text, srv.URL+"/s/")
	if i < 0 {
		t.Fatalf("edit link mail: %q", text)
	}
	return strings.Fields(text[i:])[0]
}

// organizeAround does the organizers' work around the teller's story
// through the use cases: approves it with an organizer-only and a
// network-only story like it, themes the campaign, names the teller's
// theme, names the teller's story and the organizer-only one bright spots
// and promotes the teller's to the library. It returns the story's id.
func organizeAround(t *testing.T, srv *testutil.Server, c *kindred.Campaign, email string) int64 {
	t.Helper()
	ctx := context.Background()
	admin, err := srv.Store.Viewer(ctx, testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("admin"), kindred.RoleAdmin))
	if err != nil {
		t.Fatal(err)
	}
	all, err := srv.Store.Stories(ctx, c.ID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(all, func(st kindred.Story) bool { return st.Email == email })
	if i < 0 {
		t.Fatalf("the teller's story was not stored")
	}
	id := all[i].ID
	lc := srv.UseCases.Listening
	if _, err := lc.Moderate(ctx, admin, c.Slug, id, kindred.Moderation{State: kindred.StateApproved}); err != nil {
		t.Fatal(err)
	}
	tellApproved(t, srv.Store, c, map[kindred.Consent]string{kindred.ConsentOrganizers: "ORGSECRET " + phoneBank,
		kindred.ConsentNetwork: "NETSECRET " + phoneBank})
	for range 30 {
		tellApproved(t, srv.Store, c, map[kindred.Consent]string{kindred.ConsentPublic: phoneBank})
	}
	run, err := sensemaking.Run(ctx, srv.Store, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	key := -1
	for _, th := range run.Result.Themes {
		if slices.Contains(th.Members, id) {
			key = th.Key
		}
	}
	if key < 0 {
		t.Fatalf("the teller's story is in no theme")
	}
	if _, err := lc.EditTheme(ctx, admin, c.Slug, listening.ThemeChange{Kind: store.EditRename, Theme: key, Label: confirmed}); err != nil {
		t.Fatal(err)
	}
	orgOnly := storyWith(t, srv.Store, c.ID, "ORGSECRET")
	for _, sel := range []store.Selection{{StoryID: id, Theme: confirmed, Reason: "Volunteers led without being asked.", BrightSpot: true},
		{StoryID: orgOnly, Theme: confirmed, Reason: "ORGREASON the hall stayed open.", BrightSpot: true}} {
		if err := lc.Select(ctx, admin, c.Slug, sel); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := lc.Promote(ctx, admin, c.Slug, id, "Volunteer-led phone banks"); err != nil {
		t.Fatal(err)
	}
	return id
}

// storyWith returns the id of the campaign's story whose text has marker.
func storyWith(t *testing.T, st *store.Store, campaignID int64, marker string) int64 {
	t.Helper()
	all, err := st.Stories(context.Background(), campaignID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range all {
		if strings.Contains(s.Text, marker) {
			return s.ID
		}
	}
	t.Fatalf("no story with %q", marker)
	return 0
}

// publishInBrowser publishes the report with the organizers' button.
func publishInBrowser(t *testing.T, b *testutil.Browser, srv *testutil.Server, slug string) {
	t.Helper()
	b.Open(srv.URL + "/listening/" + slug + "/report")
	if got := b.Text("#report-publish"); !strings.Contains(got, "Give it back to the tellers") {
		t.Fatalf("publish panel: %q", got)
	}
	b.CheckA11y()
	b.ScreenshotView("report-publish-organizer")
	b.Submit("#report-publish button")
	if got := b.Text(".flash"); !strings.Contains(got, "The report is published") {
		t.Errorf("after publishing: flash %q", got)
	}
	if got := b.Text("#report-publish"); !strings.Contains(got, "This report is public") {
		t.Errorf("after publishing: panel %q", got)
	}
}

// checkJourneyAfterReport reads the teller's page from the mail's link.
func checkJourneyAfterReport(t *testing.T, b *testutil.Browser) {
	t.Helper()
	for sel, want := range map[string]string{
		"#journey-read":      "The organizers read your story.",
		"#journey-theme":     confirmed,
		"#journey-selection": "Volunteers led without being asked.",
		"#journey-practice":  "Volunteer-led phone banks",
		"#journey-report":    "Read the report",
	} {
		if got := b.Text(sel); !strings.Contains(got, want) {
			t.Errorf("teller page %s = %q, want %q", sel, got, want)
		}
	}
	if got := b.Text("#journey-selection"); !strings.Contains(got, "bright spot") {
		t.Errorf("teller page selection = %q, want it named a bright spot", got)
	}
	if n, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](`document.querySelectorAll('a[href^="/s/"]').length`)); err != nil || n != 0 {
		t.Errorf("the mail's link (which cannot edit) shows %d edit links (%v)", n, err)
	}
}

// checkPublicReportPage: the page is the public report, quoting the
// teller's story masked and nothing told for organizers or the network.
func checkPublicReportPage(t *testing.T, b *testutil.Browser, srv *testutil.Server, slug string) {
	t.Helper()
	if got := b.URL(); !strings.HasSuffix(got, listening.ReportPath(slug)) {
		t.Errorf("report link led to %s", got)
	}
	page := b.Text("main")
	for _, want := range []string{confirmed, "Call me on [phone].", "Volunteers led without being asked."} {
		if !strings.Contains(page, want) {
			t.Errorf("public report lacks %q", want)
		}
	}
	for _, secret := range []string{"ORGSECRET", "NETSECRET", "ORGREASON", "555 0142", "/listening/"} {
		if strings.Contains(page, secret) {
			t.Errorf("public report shows %q to a visitor", secret)
		}
	}
	_, body := getPage(t, testutil.Client(), srv.URL+listening.ReportPath(slug))
	for _, secret := range []string{"ORGSECRET", "NETSECRET", "ORGREASON", "555 0142"} {
		if strings.Contains(body, secret) {
			t.Errorf("public report's HTML holds %q", secret)
		}
	}
}

// reportMailsIn keeps the "report published" messages.
func reportMailsIn(msgs []testutil.MailSummary) []testutil.MailSummary {
	var out []testutil.MailSummary
	for _, m := range msgs {
		if strings.Contains(m.Subject, "the report is published") {
			out = append(out, m)
		}
	}
	return out
}

// storedReportMails counts the "report published" messages stored for addr.
func storedReportMails(t *testing.T, st *store.Store, addr string) int {
	t.Helper()
	msgs, err := st.ListMail(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range msgs {
		if m.To == addr && strings.Contains(m.Subject, "the report is published") {
			n++
		}
	}
	return n
}
