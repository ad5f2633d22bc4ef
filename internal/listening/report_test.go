package listening_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
)

// phoneBank is a story told often enough in TestReportBack to make a theme.
const phoneBank = "Volunteers ran the phone bank themselves and doubled the calls we made that week."

// TestReportBack follows a teller's story from the form to the published
// report: where it went is told in confirmed words only (a theme with no
// confirmed name is "being named"), the organizers alone publish, only
// after the stories were themed, and publishing mails each opted-in
// address once — taking the report down and publishing it again mails
// nobody twice. The public report quotes public stories only, masked.
func TestReportBack(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c, err := demo.GenerateStories(ctx, w.st, 200, 3)
		if err != nil {
			t.Fatal(err)
		}
		tell := func(text, email string, consent kindred.Consent, notify bool) *listening.Told {
			t.Helper()
			told, err := w.svc.Tell(ctx, w.anon, listening.Telling{Slug: c.Slug, Client: "198.51.100.7",
				Story: kindred.NewStory{Text: text, Lang: "en", Consent: consent, Email: email, NotifyReport: notify, Source: "form"}})
			if err != nil {
				t.Fatal(err)
			}
			return told
		}
		a := tell(phoneBank+" Reach me at ana@example.org or +1 312 555 0142.", "ana@example.org", kindred.ConsentPublic, true)
		b1 := tell("ORGONLY the union hall stayed open late for the parents who worked double shifts.", "bo@example.org", kindred.ConsentOrganizers, true)
		b2 := tell("NETONLY the tenants kept a shared calendar of every hearing and went together.", "bo@example.org", kindred.ConsentNetwork, true)
		tell("QUIET a teller who did not ask to hear of the report, with enough words to be a story.", "cy@example.org", kindred.ConsentPublic, false)

		j, err := w.svc.JourneyByLink(ctx, a.Secret)
		if err != nil || j.Story.State != kindred.StatePending || j.Themed || j.ReportPath != "" || !j.Story.NotifyReport {
			t.Fatalf("journey before moderation: %+v, %v", j, err)
		}
		for _, told := range []*listening.Told{a, b1, b2} {
			if _, err := w.svc.Moderate(ctx, w.admin, c.Slug, told.Story.ID, kindred.Moderation{State: kindred.StateApproved}); err != nil {
				t.Fatal(err)
			}
		}
		for range 30 {
			w.approveIn(t, c, phoneBank)
		}
		if err := w.svc.PublishReport(ctx, w.admin, c.Slug, true); code(err) != kindred.EINVALID {
			t.Errorf("publishing before any theme: %v, want EINVALID", err)
		}
		run, err := sensemaking.Run(ctx, w.st, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		key := themeWith(t, run, a.Story.ID)
		if j, _ = w.svc.JourneyByLink(ctx, a.Secret); !j.Themed || !j.Unnamed || j.Theme != "" {
			t.Errorf("journey in an unnamed theme: themed %v, unnamed %v, theme %q; want no keyword label", j.Themed, j.Unnamed, j.Theme)
		}
		if _, err := w.svc.EditTheme(ctx, w.admin, c.Slug, listening.ThemeChange{Kind: store.EditRename, Theme: key, Label: "People power on the phones"}); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Select(ctx, w.admin, c.Slug, store.Selection{StoryID: a.Story.ID, Theme: "People power on the phones",
			Reason: "Volunteers led without being asked.", BrightSpot: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Promote(ctx, w.admin, c.Slug, a.Story.ID, "Volunteer-led phone banks"); err != nil {
			t.Fatal(err)
		}
		j, err = w.svc.JourneyByLink(ctx, a.Secret)
		if err != nil || j.Theme != "People power on the phones" || !j.BrightSpot || j.Reason != "Volunteers led without being asked." ||
			j.Practice == nil || j.Practice.Title != "Volunteer-led phone banks" || j.ReportPath != "" {
			t.Fatalf("journey after the selection round: %+v, %v", j, err)
		}

		for _, v := range []*kindred.Viewer{w.anon, w.member, w.chicagoOrg} {
			if err := w.svc.PublishReport(ctx, v, c.Slug, true); code(err) != kindred.EFORBIDDEN && code(err) != kindred.EUNAUTHORIZED {
				t.Errorf("publishing as one who does not organize the network's campaign: %v", err)
			}
		}
		if _, err := w.svc.PublishedReport(ctx, c.Slug); code(err) != kindred.ENOTFOUND {
			t.Errorf("unpublished report: %v, want ENOTFOUND", err)
		}
		if err := w.svc.PublishReport(ctx, w.admin, c.Slug, true); err != nil {
			t.Fatal(err)
		}
		wantMail := map[string]int{"ana@example.org": 1, "bo@example.org": 1, "cy@example.org": 0}
		checkReportMail(t, w, wantMail)
		links := journeyLinks(t, w, "bo@example.org")
		if len(links) != 2 {
			t.Errorf("bo's mail links %v, want one per story", links)
		}
		checkPublicReport(t, w, c.Slug)

		if err := w.svc.PublishReport(ctx, w.admin, c.Slug, false); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.PublishedReport(ctx, c.Slug); code(err) != kindred.ENOTFOUND {
			t.Errorf("report taken down: %v, want ENOTFOUND", err)
		}
		if err := w.svc.PublishReport(ctx, w.admin, c.Slug, true); err != nil {
			t.Fatal(err)
		}
		checkReportMail(t, w, wantMail) // nobody twice
		if got := [3]int{w.audits(t, "report.publish"), w.audits(t, "report.unpublish"), w.events(t, kindred.EventReportPublished)}; got != [3]int{2, 1, 2} {
			t.Errorf("audits publish, unpublish and events = %v, want [2 1 2]", got)
		}

		signed := strings.TrimPrefix(strings.Split(journeyLinks(t, w, "ana@example.org")[0], "?")[0], w.svc.BaseURL+"/journey/")
		j, err = w.svc.JourneyBySignedLink(ctx, signed)
		if err != nil || j.Story.ID != a.Story.ID || j.ReportPath != listening.ReportPath(c.Slug) || j.Theme != "People power on the phones" {
			t.Errorf("journey by the mail's link: %+v, %v", j, err)
		}
		if _, err := w.svc.JourneyBySignedLink(ctx, signed+"x"); code(err) != kindred.ENOTFOUND {
			t.Errorf("altered link: %v, want ENOTFOUND", err)
		}
		if err := w.svc.WithdrawStory(ctx, a.Secret); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.JourneyBySignedLink(ctx, signed); code(err) != kindred.ENOTFOUND {
			t.Errorf("withdrawn story by the mail's link: %v, want ENOTFOUND", err)
		}
	})
}

// themeWith returns the key of the theme of run that holds story id.
func themeWith(t *testing.T, run *store.ThemeRun, id int64) int {
	t.Helper()
	for _, th := range run.Result.Themes {
		if slices.Contains(th.Members, id) {
			return th.Key
		}
	}
	t.Fatalf("story %d is in no theme", id)
	return 0
}

// reportMails returns the "report published" messages to addr.
func reportMails(t *testing.T, w *world, addr string) []*kindred.Mail {
	t.Helper()
	msgs, err := w.st.ListMail(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []*kindred.Mail
	for _, m := range msgs {
		if m.To == addr && m.Subject == w.svc.Words.T("en", "report.mail.subject") {
			out = append(out, m)
		}
	}
	return out
}

func checkReportMail(t *testing.T, w *world, want map[string]int) {
	t.Helper()
	for addr, n := range want {
		if got := len(reportMails(t, w, addr)); got != n {
			t.Errorf("%d report mails to %s, want %d", got, addr, n)
		}
	}
}

// journeyLinks returns the links of the report mail to addr.
func journeyLinks(t *testing.T, w *world, addr string) []string {
	t.Helper()
	msgs := reportMails(t, w, addr)
	if len(msgs) == 0 {
		t.Fatalf("no report mail to %s", addr)
	}
	var out []string
	for _, f := range strings.Fields(msgs[0].Text) {
		if strings.HasPrefix(f, w.svc.BaseURL+"/journey/") {
			out = append(out, f)
		}
	}
	return out
}

// checkPublicReport: the published report prints the confirmed theme and
// the public bright spot with its contact details masked, and nothing of
// the stories told for organizers or the network.
func checkPublicReport(t *testing.T, w *world, slug string) {
	t.Helper()
	rp, err := w.svc.PublishedReport(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	var printed []string
	for _, th := range rp.Named {
		printed = append(printed, th.Label)
		for _, q := range th.Quotes {
			printed = append(printed, q.Text)
		}
	}
	for _, wk := range rp.View.Weak {
		for _, q := range wk.Quotes {
			printed = append(printed, q.Text)
		}
	}
	for _, b := range rp.BrightSpots {
		printed = append(printed, b.Theme, b.Reason, b.Text)
	}
	all := strings.Join(printed, "\n")
	if !rp.Public || !strings.Contains(all, "People power on the phones") || !strings.Contains(all, "Reach me at [email] or [phone]") {
		t.Errorf("public report lacks the confirmed theme or the masked bright spot:\n%s", all)
	}
	for _, secret := range []string{"ORGONLY", "NETONLY", "ana@example.org", "555 0142"} {
		if strings.Contains(all, secret) {
			t.Errorf("public report prints %q", secret)
		}
	}
	if rp.View.Segments != nil {
		t.Errorf("public report carries the organizers' segment analysis")
	}
}
