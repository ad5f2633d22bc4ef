package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/ical"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

var rsvpLinkPattern = regexp.MustCompile(`https?://\S+/rsvp/[A-Za-z0-9_.-]+`)

// guestsFor stores members for a gathering test: two with (unique) email
// addresses and one without.
func guestsFor(t *testing.T, s *store.Store, n network) (ana, ben, nomail *kindred.Member) {
	t.Helper()
	ana = &kindred.Member{Name: "Ana Lima", Email: testutil.UniqueEmail("ana"), CityID: n.chicago.ID, Needs: kindred.Needs{Diet: "Vegan", Accessibility: "Step-free access", PreferredLanguage: "pt"},
		Affiliations: []kindred.Affiliation{{OrganizationID: n.union.ID, Role: "Organizer"}}}
	ben = &kindred.Member{Name: "Ben Okoro", Email: testutil.UniqueEmail("ben"), CityID: n.chicago.ID, Needs: kindred.Needs{Diet: "vegan"},
		Affiliations: []kindred.Affiliation{{OrganizationID: n.clinic.ID, Role: "Director"}}}
	nomail = &kindred.Member{Name: "Nomi Paper", CityID: n.chicago.ID}
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		for _, m := range []*kindred.Member{ana, ben, nomail} {
			if _, err := tx.CreateMember(context.Background(), m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ana, ben, nomail
}

// TestGatheringInBrowser walks a dinner from creation to check-in: an
// organizer creates it (a DST-gap time is refused first), invites with the
// mix report, guests answer by their personal links, the waitlist is
// promoted by email, and the door is run from a phone.
func TestGatheringInBrowser(t *testing.T) {
	t.Parallel()
	mp := testutil.StartedMailpit(t)
	testutil.ForOneServer(t, testutil.ServerOptions{SMTPURL: mp.SMTPURL}, func(t *testing.T, srv *testutil.Server) {
		n := seedNetwork(t, srv.Store)
		ana, ben, nomail := guestsFor(t, srv.Store, n)
		admin := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("organizer"), kindred.RoleAdmin)
		b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
		testutil.SignIn(t, b, srv, admin.ID)

		id := createInBrowser(t, b, srv, n)
		inviteInBrowser(t, b, srv, id, ana, ben, nomail)
		anaLink := rsvpLink(t, mp, ana.Email, "You're invited")
		benLink := rsvpLink(t, mp, ben.Email, "You're invited")

		guest := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
		guest.Open(anaLink)
		guest.CheckA11y()
		guest.Screenshot("gathering-rsvp-link")
		guest.Submit(`button[value="going"]`)
		if got := guest.Text(".flash"); !strings.Contains(got, "You're going") {
			t.Fatalf("after going: %q", got)
		}
		checkICS(t, mp, ana.Email, "You're going")

		guest.Open(benLink)
		guest.Submit(`button[value="going"]`)
		if got := guest.Text(".flash"); !strings.Contains(got, "waitlist") {
			t.Fatalf("second guest on a one-seat dinner: %q", got)
		}
		guest.Open(anaLink)
		guest.Submit(`button[value="declined"]`)
		checkICS(t, mp, ben.Email, "A seat opened up")

		guest.Open(anaLink[:len(anaLink)-4] + "AAAA")
		if got := guest.Text("main"); !strings.Contains(got, "not valid") {
			t.Errorf("forged link: %q", got)
		}
		if resp, err := http.Get(benLink + "/qr"); err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" {
			t.Errorf("check-in code: %v %v", resp, err)
		}
		checkInOnPhone(t, srv, admin.ID, id, ben)
		hostView(t, b, srv, id)
		checkFeeds(t, srv)
	})
}

// checkFeeds reads the city and series feeds back as calendars.
func checkFeeds(t *testing.T, srv *testutil.Server) {
	t.Helper()
	for _, path := range []string{"/calendar/city/chicago.ics", "/calendar/series/spring-community-of-practice-dinners.ics"} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		events, err := ical.Parse(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") || err != nil || len(events) != 1 {
			t.Errorf("GET %s: %d %s, %d events, %v", path, resp.StatusCode, resp.Header.Get("Content-Type"), len(events), err)
		}
	}
	if resp, err := http.Get(srv.URL + "/calendar/member/forged.ics"); err != nil || resp.StatusCode != 404 {
		t.Errorf("forged member feed: %v %v", resp, err)
	}
}

func createInBrowser(t *testing.T, b *testutil.Browser, srv *testutil.Server, n network) int64 {
	t.Helper()
	b.Open(srv.URL + "/gatherings/new")
	b.CheckA11y()
	b.Fill("#title", "Chicago Community of Practice dinner")
	b.Fill("#city_id", fmt.Sprint(n.chicago.ID))
	b.Fill("#new_series", "Spring Community of Practice dinners")
	b.Fill("#date", "2027-03-14")
	b.Fill("#start_time", "02:30")
	b.Fill("#end_time", "05:00")
	b.Fill("#capacity", "1")
	b.Fill("#venue_name", "Hull House")
	b.Fill("#address", "800 S Halsted St, Chicago")
	b.Submit("form.panel button[type=submit]")
	if got := b.Text("main"); !strings.Contains(got, "skipped when the clocks go forward") {
		t.Fatalf("DST gap not refused: %q", got)
	}
	if got := b.Value("#title"); got != "Chicago Community of Practice dinner" {
		t.Errorf("typed title lost: %q", got)
	}
	b.Screenshot("gathering-form-error")
	b.Fill("#date", "2027-04-15")
	b.Fill("#start_time", "18:30")
	b.Fill("#end_time", "21:30")
	b.Submit("form.panel button[type=submit]")
	if got := b.Text("main"); !strings.Contains(got, "Thursday, April 15, 2027 · 6:30 PM – 9:30 PM CDT") {
		t.Fatalf("gathering page: %q", got)
	}
	b.CheckA11y()
	b.Screenshot("gathering")
	var id int64
	if _, err := fmt.Sscanf(b.URL(), srv.URL+"/gatherings/%d", &id); err != nil {
		t.Fatalf("gathering URL %s: %v", b.URL(), err)
	}
	b.Open(srv.URL + "/gatherings")
	b.CheckA11y()
	b.Screenshot("gatherings")
	if got := b.Text("main"); !strings.Contains(got, "0 of 1 going") {
		t.Errorf("list: %q", got)
	}
	return id
}

func inviteInBrowser(t *testing.T, b *testutil.Browser, srv *testutil.Server, id int64, ana, ben, nomail *kindred.Member) {
	t.Helper()
	b.Open(fmt.Sprintf("%s/gatherings/%d/invite", srv.URL, id))
	for _, m := range []*kindred.Member{ana, ben, nomail} {
		b.Do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=member][value="%d"]`, m.ID))))
	}
	b.Submit(".invite-form .actions button[type=submit]:not([formaction])")
	mix := b.Text(".mix")
	if !strings.Contains(mix, "Mix of the chosen 3") || !strings.Contains(mix, "3 newcomers") || !strings.Contains(mix, "Nomi Paper") {
		t.Errorf("mix report: %q", mix)
	}
	b.CheckA11y()
	b.Screenshot("gathering-invite")
	b.Submit("button[formaction]")
	if got := b.Text(".flash"); !strings.Contains(got, "2 invitations") || !strings.Contains(got, "Nomi Paper") {
		t.Errorf("after inviting: %q", got)
	}
	b.Open(fmt.Sprintf("%s/gatherings/%d/invite", srv.URL, id))
	b.Fill("#emails", "not an address")
	b.Submit("button[formaction]")
	if got := b.Text(".alert"); !strings.Contains(got, "not an address") || b.Value("#emails") != "not an address" {
		t.Errorf("a pasted line that is no address: %q", got)
	}
	b.Fill("#emails", testutil.UniqueEmail("stranger"))
	b.Submit("button[formaction]")
	if got := b.Text(".flash"); !strings.Contains(got, "1 people not in the directory are invited by email") {
		t.Errorf("an address no member has: %q", got)
	}
}

// rsvpLink waits for a message to addr whose subject starts with subject and
// returns the personal RSVP link in it.
func rsvpLink(t *testing.T, mp *testutil.Mailpit, addr, subject string) string {
	t.Helper()
	msg := waitSubject(t, mp, addr, subject)
	link := rsvpLinkPattern.FindString(mp.Message(t, msg.ID).Text)
	if link == "" {
		t.Fatalf("no RSVP link in %q", mp.Message(t, msg.ID).Text)
	}
	return link
}

func waitSubject(t *testing.T, mp *testutil.Mailpit, addr, subject string) testutil.MailSummary {
	t.Helper()
	for n := 1; n <= 6; n++ {
		for _, m := range mp.WaitFor(t, addr, n, 30*time.Second) {
			if strings.HasPrefix(m.Subject, subject) {
				return m
			}
		}
	}
	t.Fatalf("no message %q to %s", subject, addr)
	return testutil.MailSummary{}
}

// checkICS finds the message and parses its calendar attachment back.
func checkICS(t *testing.T, mp *testutil.Mailpit, addr, subject string) {
	t.Helper()
	msg := mp.Message(t, waitSubject(t, mp, addr, subject).ID)
	if len(msg.Attachments) != 1 || !strings.HasPrefix(msg.Attachments[0].ContentType, "text/calendar") {
		t.Fatalf("%q attachments: %+v", subject, msg.Attachments)
	}
	events, err := ical.Parse(bytes.NewReader(mp.Part(t, msg.ID, msg.Attachments[0].PartID)))
	if err != nil || len(events) != 1 {
		t.Fatalf("parse .ics: %v (%d events)", err, len(events))
	}
	want := time.Date(2027, 4, 15, 23, 30, 0, 0, time.UTC)
	if e := events[0]; !e.Start.Equal(want) || e.Title != "Chicago Community of Practice dinner" || !strings.Contains(e.Location, "Hull House") {
		t.Errorf(".ics event: %+v", e)
	}
}

func checkInOnPhone(t *testing.T, srv *testutil.Server, adminID, id int64, guest *kindred.Member) {
	t.Helper()
	phone := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, phone, srv, adminID)
	phone.Open(fmt.Sprintf("%s/gatherings/%d/checkin", srv.URL, id))
	phone.Fill("#q", "ben")
	phone.Submit(".search button")
	phone.CheckA11y()
	phone.Screenshot("gathering-checkin-phone")
	phone.Submit(".checkin-button")
	if got := phone.Text(".checkin-count"); !strings.Contains(got, "1 of 1 arrived") {
		t.Errorf("after check-in: %q", got)
	}
	phone.Screenshot("gathering-checkin-done")
	v, err := srv.Store.RSVPOf(context.Background(), id, guest.ID)
	if err != nil || v.Status != kindred.RSVPAttended {
		t.Errorf("stored: %+v %v", v, err)
	}
}

func hostView(t *testing.T, b *testutil.Browser, srv *testutil.Server, id int64) {
	t.Helper()
	b.Open(fmt.Sprintf("%s/gatherings/%d/guests", srv.URL, id))
	b.CheckA11y()
	b.Screenshot("gathering-guests")
	got := b.Text("aside")
	if !strings.Contains(got, "1 vegan") {
		t.Errorf("needs for the venue: %q", got)
	}
}

// TestGatheringPagesWithDemo looks at the gathering pages over the demo
// network: a full list, a held dinner and a full one with a waitlist.
func TestGatheringPagesWithDemo(t *testing.T) {
	t.Parallel()
	srv, res := testutil.StartDemoServer(t, demo.Small, testutil.ServerOptions{})
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, b, srv, res.Admin.ID)
	b.Open(srv.URL + "/gatherings")
	b.CheckA11y()
	b.Screenshot("gatherings-demo")
	if got := b.Text("main"); !strings.Contains(got, "Spring Community of Practice dinners") || !strings.Contains(got, "on the waitlist") {
		t.Errorf("demo list: %q", got)
	}
	b.Open(srv.URL + "/gatherings?when=past")
	b.CheckA11y()
	b.Screenshot("gatherings-past")
	if got := b.Text("main"); !strings.Contains(got, "Held") {
		t.Errorf("past list: %q", got)
	}
	up, err := srv.Store.ListGatherings(context.Background(), store.GatheringFilter{Now: srv.Store.Now()})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range up {
		if g.Waitlisted > 0 {
			b.Open(fmt.Sprintf("%s/gatherings/%d", srv.URL, g.ID))
			b.CheckA11y()
			b.Screenshot("gathering-demo-full")
			b.Open(fmt.Sprintf("%s/gatherings/%d/guests", srv.URL, g.ID))
			b.CheckA11y()
			b.Screenshot("gathering-demo-guests")
			break
		}
	}
}

// TestGatheringEditNotices lowers the seats below the number going (refused,
// then accepted with demotion) and moves the time: the demoted guest and
// those going are emailed.
func TestGatheringEditNotices(t *testing.T) {
	t.Parallel()
	testutil.ForOneServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		n := seedNetwork(t, srv.Store)
		ana, ben, _ := guestsFor(t, srv.Store, n)
		start := time.Date(2027, 6, 10, 23, 0, 0, 0, time.UTC)
		var g *kindred.Gathering
		err := srv.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
			if g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: n.chicago.ID, Title: "June dinner", Capacity: 3,
				StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringOpen}); err != nil {
				return err
			}
			for _, id := range []int64{n.maria.ID, ana.ID, ben.ID} {
				if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: id, Status: kindred.RSVPGoing}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		events, cancel := srv.Queue.Subscribe()
		defer cancel()
		admin := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("editor"), kindred.RoleAdmin)
		b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
		testutil.SignIn(t, b, srv, admin.ID)
		b.Open(fmt.Sprintf("%s/gatherings/%d/edit", srv.URL, g.ID))
		b.Fill("#capacity", "2")
		b.Submit("form.panel button[type=submit]")
		if got := b.Text(".alert"); !strings.Contains(got, "3 people are going") {
			t.Fatalf("lowering seats: %q", got)
		}
		b.CheckA11y()
		b.Screenshot("gathering-capacity-refused")
		b.Do(chromedp.Click(chromedp.CSS(`input[name=demote]`)))
		b.Fill("#start_time", "19:00")
		b.Submit("form.panel button[type=submit]")
		line, _ := srv.Store.ListRSVPs(ctx, g.ID, kindred.RSVPWaitlist)
		if len(line) != 1 || line[0].MemberID != ben.ID {
			t.Fatalf("waitlist after demotion: %+v", line)
		}
		for sent := 0; sent < 3; {
			select {
			case ev := <-events:
				if ev.Job.Kind == "send_mail" {
					sent++
				}
			case <-time.After(30 * time.Second):
				t.Fatalf("%d of 3 emails sent", sent)
			}
		}
		subjects := map[string]bool{}
		msgs, _ := srv.Store.ListMail(ctx, 0, 10)
		for _, m := range msgs {
			subjects[m.To+" "+m.Subject] = true
		}
		for _, want := range []string{ben.Email + " Back on the waitlist: June dinner", ana.Email + " Updated: June dinner", n.maria.Email + " Updated: June dinner"} {
			if !subjects[want] {
				t.Errorf("no email %q in %v", want, subjects)
			}
		}
	})
}

// TestGatheringStaysInItsOrganizersCities is issue #14's item 10: an
// organizer of Chicago cannot move a Chicago dinner to Boston through the
// edit form (nor through the API: see the parity cases); the dinner stays
// where it was and nothing is audited.
func TestGatheringStaysInItsOrganizersCities(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		n := seedNetwork(t, srv.Store)
		organizer := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("chicago.host"), kindred.RoleOrganizer)
		start := time.Date(2030, 6, 10, 23, 0, 0, 0, time.UTC)
		var g *kindred.Gathering
		err := srv.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
			if err = tx.SetRole(ctx, organizer.ID, kindred.RoleOrganizer, []int64{n.chicago.ID}); err != nil {
				return err
			}
			g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: n.chicago.ID, Title: "Chicago dinner", Capacity: 10,
				StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringOpen})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		c := testutil.SignedInClient(t, srv, organizer.ID)
		form := url.Values{"title": {"Chicago dinner"}, "city_id": {itoa(n.boston.ID)}, "date": {"2030-06-10"}, "start_time": {"18:00"},
			"end_time": {"20:00"}, "capacity": {"10"}, "table_size": {"6"}, "status": {"open"}, "visibility": {"network"}}
		resp, body := postForm(t, c, fmt.Sprintf("%s/gatherings/%d", srv.URL, g.ID), form)
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "only to a city you organize") {
			t.Errorf("moving the dinner to Boston: status %d, want 403 saying why", resp.StatusCode)
		}
		after, err := srv.Store.Gathering(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if after.CityID != n.chicago.ID || countAudit(t, srv.Store, "gathering.update") != 0 {
			t.Errorf("after the refusal the dinner is in city %d (Chicago is %d), %d updates audited", after.CityID, n.chicago.ID,
				countAudit(t, srv.Store, "gathering.update"))
		}
	})
}

// TestGatheringAttendanceInBrowser records who came to a dinner that took
// place, on a phone: the guest checked in at the door is ticked already, the
// organizer ticks one who came without checking in, and the dinner is held
// with the third guest as absent, whose answer is kept; then the organizer
// corrects it, and the invite page's mix chart draws bars of their true
// lengths (no inline style for the CSP to block).
func TestGatheringAttendanceInBrowser(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	ctx := context.Background()
	n := seedNetwork(t, srv.Store)
	ana, ben, _ := guestsFor(t, srv.Store, n)
	now := srv.Store.Now()
	var g *kindred.Gathering
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
		if g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: n.chicago.ID, Title: "Last night's dinner", Capacity: 10,
			StartsAt: now.Add(-5 * time.Hour), EndsAt: now.Add(-2 * time.Hour), Status: kindred.GatheringOpen}); err != nil {
			return err
		}
		for _, id := range []int64{n.maria.ID, ana.ID, ben.ID} {
			if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: id, Status: kindred.RSVPGoing}); err != nil {
				return err
			}
		}
		_, err = tx.CheckIn(ctx, g.ID, ana.ID, true)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	admin := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("host"), kindred.RoleAdmin)
	b := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, b, srv, admin.ID)
	base := fmt.Sprintf("%s/gatherings/%d", srv.URL, g.ID)
	b.Open(base + "/attendance")
	checked := func(id int64) bool {
		on, err := chromedp.Run(b.Ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.querySelector('input[name=came][value="%d"]').checked`, id)))
		if err != nil {
			t.Fatal(err)
		}
		return on
	}
	if !checked(ana.ID) || checked(ben.ID) || checked(n.maria.ID) {
		t.Fatalf("the form does not start from who was checked in: ana %v, ben %v, maría %v", checked(ana.ID), checked(ben.ID), checked(n.maria.ID))
	}
	b.CheckA11y()
	b.Screenshot("gathering-attendance")
	b.Do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=came][value="%d"]`, ben.ID))))
	b.Submit("form.panel button[type=submit]")
	if got := b.Text(".flash"); !strings.Contains(got, "is marked held: 2 came, 1 did not") {
		t.Errorf("after marking held: %q", got)
	}
	if v, err := srv.Store.RSVPOf(ctx, g.ID, n.maria.ID); err != nil || v.Status != kindred.RSVPNoShow {
		t.Fatalf("María after the dinner: %+v, %v; want kept as a no-show", v, err)
	}
	b.Do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=came][value="%d"]`, n.maria.ID))))
	b.Submit("form.panel button[type=submit]")
	if got := b.Text(".flash"); !strings.Contains(got, "Saved: 3 came, 0 did not") {
		t.Errorf("after correcting: %q", got)
	}
	if g, err := srv.Store.Gathering(ctx, g.ID); err != nil || g.Status != kindred.GatheringHeld {
		t.Errorf("the dinner after correcting: %+v, %v", g, err)
	}
	b.Open(base + "/edit")
	if got := b.Value("#status"); got != "held" {
		t.Errorf("the edit form of a held dinner shows it %q", got)
	}
	b.Open(base + "/invite")
	widths, err := chromedp.Run(b.Ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('.bar .bar-fill')].map(r => r.getAttribute('width'))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(widths) == 0 || !slices.ContainsFunc(widths, func(w string) bool { return w != "100" }) {
		t.Errorf("mix bars %v: want bars of their own lengths", widths)
	}
	b.CheckA11y()
	b.Screenshot("gathering-invite-mix")
}
