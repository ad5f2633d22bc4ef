package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestHarvestOnPhoneInBrowser: Ben takes a note at his table on a phone
// (a mistake first: what he typed stays), makes it a practice, and
// nominates Ana, who nominates him back: a follow_up tie he then confirms.
func TestHarvestOnPhoneInBrowser(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	w := seedHarvestWorld(t, srv)
	phone := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, phone, srv, w.ben.acct.ID)
	phone.Open(fmt.Sprintf("%s/gatherings/%d/harvest", srv.URL, w.g.ID))
	phone.Submit(`a[href$="/harvest/1"]`)
	phone.Fill("#text", "A ride-share board for volunteers cut no-shows by half.")
	phone.Submit(".harvest-form button[type=submit]")
	if got := phone.Value("#text"); !strings.Contains(got, "ride-share board") || !strings.Contains(phone.Text(".alert"), "Who may read it?") {
		t.Fatalf("after a note without consent: text %q, alert %q", got, phone.Text(".alert"))
	}
	phone.Do(evalAction(`document.querySelector('input[name=consent][value=chatham]').click()`))
	phone.Submit(".harvest-form button[type=submit]")
	if got := phone.Text("#notes"); !strings.Contains(got, "ride-share board") {
		t.Fatalf("the note is not on the table page: %q", got)
	}
	if width, err := pageWidth(phone); err != nil || width > testutil.PhoneWidth {
		t.Errorf("the table page is %d px wide on a %d px phone (%v)", width, testutil.PhoneWidth, err)
	}
	phone.CheckA11y()
	phone.Screenshot("harvest")
	notes, err := srv.Store.NotesFor(context.Background(), w.ben.reader(), w.g.ID, 1)
	if err != nil || len(notes) != 3 {
		t.Fatalf("table 1 holds %d notes for ben (%v), want 3 (the first try was not stored)", len(notes), err)
	}
	practiceFromNoteOnPhone(t, phone, srv, notes[len(notes)-1])
	followUpOnPhone(t, phone, w)
}

func practiceFromNoteOnPhone(t *testing.T, phone *testutil.Browser, srv *testutil.Server, n kindred.HarvestNote) {
	t.Helper()
	phone.Submit(fmt.Sprintf(`#note-%d a[href^="/practices/new"]`, n.ID))
	if got := phone.Value("#body"); !strings.Contains(got, "ride-share board") || strings.Contains(got, "Ben") {
		t.Errorf("the practice form starts with %q; want the chatham note quoted without a name", got)
	}
	phone.Fill("#title", "Ride-share board")
	phone.Submit(".form button[type=submit]")
	if !strings.Contains(phone.URL(), "/practices/ride-share-board") {
		t.Fatalf("after sharing: %s", phone.URL())
	}
	p, err := srv.Store.PracticeBySlug(context.Background(), "ride-share-board")
	if err != nil || len(p.Sources) != 2 || p.Sources[0].Kind != "note" || p.Sources[0].RefID != n.ID || len(p.Contacts) != 0 {
		t.Errorf("practice from a chatham note: %+v, %v; want the note and gathering as sources and no named contact", p, err)
	}
}

func followUpOnPhone(t *testing.T, phone *testutil.Browser, w *harvestWorld) {
	t.Helper()
	srv := w.srv
	phone.Open(fmt.Sprintf("%s/gatherings/%d/followup", srv.URL, w.g.ID))
	if got := phone.Text(".harvest form"); !strings.Contains(got, "Ana Alvarez") || !strings.Contains(got, "Rosa "+chathamSecret) {
		t.Errorf("without a plan every guest is a choice: %q", got)
	}
	phone.Do(evalAction(fmt.Sprintf(`document.querySelector('input[name=nominees][value="%d"]').click()`, w.ana.member)))
	phone.Submit(".harvest form .button-wide")
	phone.CheckA11y()
	resp, _ := get(t, w.ana.c, fmt.Sprintf("%s/gatherings/%d/followup", srv.URL, w.g.ID))
	link := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(link, "/followup/") {
		t.Fatalf("ana's follow-up page: %d %q", resp.StatusCode, link)
	}
	if resp, _ := postForm(t, w.ana.c, srv.URL+link, url.Values{"nominees": {fmt.Sprint(w.ben.member)}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ana nominates ben: %d", resp.StatusCode)
	}
	phone.Open(phone.URL())
	phone.Screenshot("harvest-followup")
	phone.Submit(`#followups button[value=yes]`)
	ties, err := srv.Store.TiesOf(context.Background(), w.ben.member)
	if err != nil || len(ties) != 1 || ties[0].Kind != kindred.TieFollowUp || ties[0].Status != "confirmed" || ties[0].SourceRef != w.g.Title {
		t.Errorf("ben's ties %+v, %v; want one confirmed follow_up from %q", ties, err, w.g.Title)
	}
}

// TestMarkingHeldAsksWhomToFollowUp: when an organizer marks a dinner held,
// the guests who came (checked in) are asked whom they will follow up with,
// and (having no account) get the after-dinner question with their personal
// link; the no-show is neither asked nor offered as a choice.
func TestMarkingHeldAsksWhomToFollowUp(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	ctx := context.Background()
	n := seedNetwork(t, srv.Store)
	start := srv.Store.Now().Add(-26 * time.Hour).Truncate(time.Hour)
	var g *kindred.Gathering
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
		if g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: n.chicago.ID, Title: "Harvest dinner", Capacity: 6,
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringOpen}); err != nil {
			return err
		}
		nia, err := tx.CreateMember(ctx, &kindred.Member{Name: "Nia Noshow", Email: "nia@example.org"})
		if err != nil {
			return err
		}
		for _, id := range []int64{n.maria.ID, n.kwame.ID, nia} {
			if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: id, Status: kindred.RSVPGoing}); err != nil {
				return err
			}
		}
		for _, id := range []int64{n.maria.ID, n.kwame.ID} {
			if _, err := tx.CheckIn(ctx, g.ID, id, true); err != nil {
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
	organizer := organizerOf(t, srv.Store, testutil.UniqueEmail("olu"), n.chicago.ID)
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, b, srv, organizer.ID)
	b.Open(fmt.Sprintf("%s/gatherings/%d/attendance", srv.URL, g.ID)) // "Who came?": those checked in are ticked
	b.Submit("form.panel button[type=submit]")
	for sent := 0; sent < 4; {
		select {
		case ev := <-events:
			if ev.Job.Kind == "send_mail" {
				sent++
			}
		case <-time.After(30 * time.Second):
			t.Fatalf("%d of 4 emails sent (follow-up and after-dinner question)", sent)
		}
	}
	msgs, err := srv.Store.ListMail(ctx, 0, 10)
	if err != nil || len(msgs) != 4 {
		t.Fatalf("%d emails after marking held (%v), want 4", len(msgs), err)
	}
	var link string
	for _, m := range msgs {
		if m.To == "nia@example.org" || !strings.Contains(m.Subject, "Whom from your table") && !strings.Contains(m.Text, "/feedback/") {
			t.Errorf("email %q to %s", m.Subject, m.To)
		}
		if !strings.Contains(m.Subject, "Whom from your table") {
			continue
		}
		if m.To == n.maria.Email {
			link = regexp.MustCompile(`http\S+/followup/\S+`).FindString(m.Text)
		}
	}
	b.Open(link)
	if got := b.Text(".harvest form"); !strings.Contains(got, "Kwame Mensah") || strings.Contains(got, "Nia") {
		t.Errorf("the follow-up page from the email lists %q; want Kwame, not the no-show", got)
	}
}

// TestHarvestSetupBeforeTheDinnerInBrowser: the host names a table's
// note-taker on a phone the day before the dinner.
func TestHarvestSetupBeforeTheDinnerInBrowser(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	w := seedHarvestWorld(t, srv)
	g := futureDinner(t, w)
	phone := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, phone, srv, w.cleo.acct.ID)
	phone.Open(fmt.Sprintf("%s/gatherings/%d/harvest/setup", srv.URL, g.ID))
	if got := phone.Text(".form"); !strings.Contains(got, "Name note-takers before the gathering starts") || !strings.Contains(got, "Dee Diallo") {
		t.Fatalf("the setup page before the dinner reads %q", got)
	}
	phone.Do(evalAction(fmt.Sprintf(`document.querySelector('#taker_2').value = "%d"`, w.dee.member)))
	phone.Fill("#prompts", "A tool you'd recommend\nAn ask")
	if width, err := pageWidth(phone); err != nil || width > testutil.PhoneWidth {
		t.Errorf("the setup page is %d px wide on a %d px phone (%v)", width, testutil.PhoneWidth, err)
	}
	phone.CheckA11y()
	phone.Screenshot("harvest-setup")
	phone.Submit(".form button[type=submit]")
	if !strings.HasSuffix(phone.URL(), fmt.Sprintf("/gatherings/%d", g.ID)) {
		t.Errorf("after saving the setup: %s, want the gathering's page", phone.URL())
	}
	if taker, err := srv.Store.NoteTaker(context.Background(), g.ID, 2); err != nil || taker != w.dee.member {
		t.Errorf("table 2's note-taker %d (%v), want dee", taker, err)
	}
}
