package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestSensemakingPage walks an organizer through the themes of the demo
// campaign (rename, re-theme by the button, shortlist, bright spot, report),
// proves every quote shown is verbatim from a story that may be quoted
// publicly, and that members see neither organizers' tools nor the text of
// stories not shared with them.
func TestSensemakingPage(t *testing.T) {
	t.Parallel()
	testutil.ForOneServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		c, err := demo.GenerateStories(ctx, srv.Store, 240, 7)
		if err != nil {
			t.Fatal(err)
		}
		secrets := tellApproved(t, srv.Store, c, map[kindred.Consent]string{
			kindred.ConsentOrganizers: "ORGSECRET volunteers ran the phone bank themselves and doubled the calls",
			kindred.ConsentNetwork:    "NETSECRET volunteers ran the phone bank themselves and doubled the calls",
		})
		if _, err := sensemaking.Run(ctx, srv.Store, c.ID); err != nil {
			t.Fatal(err)
		}
		// The demo campaign belongs to the whole network: an administrator runs it.
		org := testutil.CreateAccount(t, srv.Store, "organizer@example.org", kindred.RoleAdmin)
		b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
		testutil.SignIn(t, b, srv, org.ID)
		themesURL := srv.URL + "/listening/bright-spots/themes"
		b.Open(themesURL)
		b.CheckA11y()
		b.Screenshot("sensemaking-organizer")
		checkShownQuotes(t, b, srv.Store, c.ID)

		// Rename the first theme through its form; the name survives a new run
		// started with the button (waiting for the job, not sleeping).
		key := strings.TrimPrefix(attr(b, ".sense-theme", "id"), "theme-")
		b.Do(chromedp.Click(chromedp.CSS("#theme-" + key + " .sense-tools summary")))
		b.Do(chromedp.SetValue(chromedp.CSS("#label-"+key), "People power on the phones"))
		b.Submit("#theme-" + key + " .sense-forms form:first-child button")
		if got := b.Text("#theme-" + key + " h2"); !strings.Contains(got, "People power on the phones") {
			t.Fatalf("after rename: heading %q", got)
		}
		events, cancel := srv.Queue.Subscribe()
		defer cancel()
		b.Submit(`form[action$="/themes/run"] button`)
		waitForJob(t, events, "find_themes")
		b.Open(themesURL)
		if got := b.Text(".sense-themes"); !strings.Contains(got, "People power on the phones") {
			t.Errorf("rename lost after re-theming by the button")
		}

		// The selection round: shortlist a story, name it a bright spot, see it in the report.
		n, err := chromedp.Run(b.Ctx, chromedp.Evaluate[int](`document.querySelectorAll('.sense-select').length`))
		if err != nil || n == 0 {
			t.Fatalf("%d shortlist forms (%v)", n, err)
		}
		b.Do(evalAction(`document.querySelectorAll('.sense-tools').forEach(d => d.open = true)`))
		b.CheckA11y()
		b.Screenshot("sensemaking-tools")
		b.Do(chromedp.SetValue(chromedp.CSS(".sense-select textarea"), "Volunteers took the lead without being asked."))
		b.Submit(".sense-select button")
		b.Submit(`#selection form button[type=submit]`)
		sel, err := srv.Store.Selections(ctx, c.ID)
		if err != nil || len(sel) != 1 || !sel[0].BrightSpot {
			t.Fatalf("selections = %+v, %v; want one bright spot", sel, err)
		}
		b.Open(themesURL + "#selection")
		b.CheckA11y()
		b.Screenshot("sensemaking-selection")
		b.Open(srv.URL + "/listening/bright-spots/report")
		if got := b.Text(".report-spots"); !strings.Contains(got, "Volunteers took the lead") {
			t.Errorf("report bright spots = %q", got)
		}
		b.CheckA11y()
		b.Screenshot("sensemaking-report")

		// A bright spot goes to the practice library with its provenance.
		b.Open(themesURL + "#selection")
		b.Do(evalAction(`document.querySelectorAll('#selection details').forEach(d => d.open = true)`))
		b.Fill(`#selection input[name=title]`, "Volunteer-led phone banks")
		b.Submit(`#selection form[action$="/practice"] button`)
		if got := b.Text("main"); !strings.Contains(got, "Volunteer-led phone banks") || !strings.Contains(got, "Bright spot from") {
			t.Errorf("practice from a bright spot: %q", got)
		}

		member := testutil.SignedInClient(t, srv, testutil.CreateAccount(t, srv.Store, "member@example.org", kindred.RoleMember).ID)
		for _, path := range []string{"/listening/bright-spots/themes", "/listening/bright-spots/report"} {
			status, body := getPage(t, member, srv.URL+path)
			if status != http.StatusOK {
				t.Fatalf("member %s: status %d", path, status)
			}
			for _, s := range secrets {
				if strings.Contains(body, s) {
					t.Errorf("member %s shows %q", path, s)
				}
			}
			if strings.Contains(body, "/themes/edit") || strings.Contains(body, "/selection") {
				t.Errorf("member %s shows organizers' forms", path)
			}
		}
		for _, path := range []string{"/themes/run", "/themes/edit", "/selection"} {
			resp, err := member.PostForm(srv.URL+"/listening/bright-spots"+path, url.Values{"kind": {"rename"}, "theme": {key}, "label": {"x"}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("member POST %s: status %d, want 403", path, resp.StatusCode)
			}
		}
		if status, _ := getPage(t, testutil.Client(), srv.URL+"/listening/bright-spots/themes"); status != http.StatusSeeOther && status != http.StatusOK {
			t.Errorf("visitor: status %d", status)
		}
		mb := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
		testutil.SignIn(t, mb, srv, testutil.CreateAccount(t, srv.Store, "member2@example.org", kindred.RoleMember).ID)
		mb.Open(themesURL)
		mb.CheckA11y()
		mb.Screenshot("sensemaking-member-phone")
		if w, err := pageWidth(mb); err != nil || w > testutil.PhoneWidth {
			t.Errorf("phone page width %d (%v), want at most %d", w, err, testutil.PhoneWidth)
		}
	})
}

// tellApproved stores one approved English story per consent and returns
// their texts.
func tellApproved(t *testing.T, st *store.Store, c *kindred.Campaign, texts map[kindred.Consent]string) []string {
	t.Helper()
	ctx := context.Background()
	var out []string
	err := st.WithTx(ctx, func(tx *store.Tx) error {
		for consent, text := range texts {
			s, _, err := tx.CreateStory(ctx, c, kindred.NewStory{Text: text, Lang: "en", Consent: consent, Anonymous: true, Source: "import"})
			if err != nil {
				return err
			}
			if err := tx.ModerateStory(ctx, c.ID, s.ID, kindred.StateApproved, false); err != nil {
				return err
			}
			out = append(out, text)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// checkShownQuotes reads every quote on the page and checks it is a verbatim
// part of its (masked) story, and that the story may be quoted publicly.
func checkShownQuotes(t *testing.T, b *testutil.Browser, st *store.Store, campaignID int64) {
	t.Helper()
	raw, err := chromedp.Run(b.Ctx, chromedp.Evaluate[string](
		`JSON.stringify([...document.querySelectorAll('.sense-quote')].map(q => [q.dataset.story, q.textContent]))`))
	if err != nil {
		t.Fatal(err)
	}
	var quotes [][2]string
	if err := json.Unmarshal([]byte(raw), &quotes); err != nil {
		t.Fatal(err)
	}
	if len(quotes) == 0 {
		t.Fatal("no quotes shown")
	}
	for _, q := range quotes {
		id, _ := strconv.ParseInt(q[0], 10, 64)
		s, err := st.Story(context.Background(), campaignID, id)
		if err != nil {
			t.Fatalf("quote from story %s: %v", q[0], err)
		}
		if !s.VisibleTo(kindred.ReaderPublic) {
			t.Errorf("quote from story %d with consent %s, state %s", id, s.Consent, s.State)
		}
		if !strings.Contains(kindred.MaskPII(s.Text), q[1]) {
			t.Errorf("quote %q is not a substring of story %d: %q", q[1], id, s.Text)
		}
	}
}

// waitForJob waits for a job of kind to finish and fails unless it completed.
func waitForJob(t *testing.T, events <-chan *river.Event, kind string) {
	t.Helper()
	timeout := time.After(60 * time.Second)
	for {
		select {
		case ev := <-events:
			if ev.Job.Kind != kind {
				continue
			}
			if ev.Kind != river.EventKindJobCompleted {
				t.Fatalf("job %s: %s", kind, ev.Kind)
			}
			return
		case <-timeout:
			t.Fatalf("job %s did not finish", kind)
		}
	}
}
