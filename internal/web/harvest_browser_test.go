package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestHarvestOnPhoneInBrowser: Ben takes a note at his table on a phone
// (a mistake first: what he typed stays), makes it a practice, and
// nominates Ana, who nominates him back: a follow_up tie he then confirms.
func TestHarvestOnPhoneInBrowser(t *testing.T) {
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	w := seedHarvestWorld(t, srv)
	phone := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, phone, srv, w.ben.acct.ID)
	phone.Open(fmt.Sprintf("%s/gatherings/%d/harvest", srv.URL, w.g.ID))
	phone.Submit(`a[href$="/harvest/1"]`)
	phone.Fill("#text", "A ride-share board for volunteers cut no-shows by half.")
	phone.Submit(".harvest-form button[type=submit]")
	if got := phone.Value("#text"); !strings.Contains(got, "ride-share board") || !strings.Contains(phone.Text(".alert"), "Consent") {
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
	notes, err := srv.Store.NotesFor(context.Background(), w.ben.member, w.g.ID, 1)
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
	phone.Submit(`#followups button[value=yes]`)
	ties, err := srv.Store.TiesOf(context.Background(), w.ben.member)
	if err != nil || len(ties) != 1 || ties[0].Kind != kindred.TieFollowUp || ties[0].Status != "confirmed" || ties[0].SourceRef != w.g.Title {
		t.Errorf("ben's ties %+v, %v; want one confirmed follow_up from %q", ties, err, w.g.Title)
	}
}
