package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// Planted secrets of the harvest: a word said off the record at table 1, and
// the name of the note-taker who wrote a Chatham House note at table 3.
const (
	offRecordSecret = "Zebrafinchquorum"
	chathamSecret   = "Quillonby"
)

// person is a member with an account and a signed-in client.
type person struct {
	acct   *kindred.Account
	member int64
	c      *http.Client
}

// harvestWorld is a held dinner in Chicago with three tables and no seating
// plan: Ana takes notes at table 1 (Ben sat with her), Quillonby at table 3
// (with Dee); Cleo, the dinner's host, sat at table 2. An organizer of
// Chicago (with a member profile) and an administrator (without one) were at
// no table.
type harvestWorld struct {
	srv                            *testutil.Server
	g                              *kindred.Gathering
	ana, ben, cleo, dee, quill     person
	organizer, admin               person
	offNote, chathamNote, openNote int64
}

// reader is p as a reader of harvest notes.
func (p person) reader() kindred.NoteReader {
	return kindred.NoteReader{Account: p.acct, MemberID: p.member}
}

func newPerson(t *testing.T, srv *testutil.Server, name, email string, role kindred.Role, cityID int64) person {
	t.Helper()
	ctx := context.Background()
	var p person
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		p.acct, err = tx.CreateAccount(ctx, kindred.NewAccount{Email: email, Name: name, Role: kindred.RoleMember}, "")
		if err == nil && role != kindred.RoleMember {
			err = tx.SetRole(ctx, p.acct.ID, role, []int64{cityID})
		}
		if err == nil && role != kindred.RoleAdmin { // the administrator keeps no member profile
			p.member, err = tx.LinkOrCreateMember(ctx, p.acct)
		}
		return err
	})
	if err != nil {
		t.Fatalf("person %s: %v", name, err)
	}
	p.c = testutil.SignedInClient(t, srv, p.acct.ID)
	return p
}

func seedHarvestWorld(t *testing.T, srv *testutil.Server) *harvestWorld {
	t.Helper()
	ctx := context.Background()
	n := seedNetwork(t, srv.Store)
	w := &harvestWorld{srv: srv}
	w.ana = newPerson(t, srv, "Ana Alvarez", "ana.h@example.org", kindred.RoleMember, 0)
	w.ben = newPerson(t, srv, "Ben Brooks", "ben.h@example.org", kindred.RoleMember, 0)
	w.cleo = newPerson(t, srv, "Cleo Chen", "cleo.h@example.org", kindred.RoleMember, 0)
	w.dee = newPerson(t, srv, "Dee Diallo", "dee.h@example.org", kindred.RoleMember, 0)
	w.quill = newPerson(t, srv, "Rosa "+chathamSecret, "quill.h@example.org", kindred.RoleMember, 0)
	w.organizer = newPerson(t, srv, "Olu Organizer", "olu.h@example.org", kindred.RoleOrganizer, n.chicago.ID)
	w.admin = newPerson(t, srv, "Adi Admin", "adi.h@example.org", kindred.RoleAdmin, 0)
	start := srv.Store.Now().Add(-48 * time.Hour)
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		w.g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: n.chicago.ID, Title: "Winter practice dinner", Capacity: 18, TableSize: 6,
			StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen, HostIDs: []int64{w.cleo.member}})
		if err != nil {
			return err
		}
		for _, p := range []person{w.ana, w.ben, w.cleo, w.dee, w.quill} {
			if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: w.g.ID, MemberID: p.member, Status: kindred.RSVPGoing}); err != nil {
				return err
			}
		}
		return tx.SetGatheringStatus(ctx, w.g.ID, kindred.GatheringHeld)
	})
	if err != nil {
		t.Fatal(err)
	}
	w.openNote = w.postNote(t, w.ana, 1, "Door-knocking with tablets doubled our sign-ups.", kindred.ConsentAttributable)
	w.offNote = w.postNote(t, w.ana, 1, "We are quietly leaving the coalition: "+offRecordSecret+".", kindred.ConsentOffRecord)
	w.chathamNote = w.postNote(t, w.quill, 3, "Kumquat budgeting: members vote on the dues split.", kindred.ConsentChatham)
	w.listPeople(t, w.ana, 1, w.ben)
	w.listPeople(t, w.quill, 3, w.dee)
	return w
}

func (w *harvestWorld) tableURL(table int) string {
	return fmt.Sprintf("%s/gatherings/%d/harvest/%d", w.srv.URL, w.g.ID, table)
}

// postNote writes a note through the table page's form and returns its id.
func (w *harvestWorld) postNote(t *testing.T, p person, table int, text string, consent kindred.NoteConsent) int64 {
	t.Helper()
	resp, body := postForm(t, p.c, w.tableURL(table)+"/notes", url.Values{"text": {text}, "consent": {string(consent)},
		"prompt": {"A surprise"}, "client_key": {fmt.Sprintf("k-%d-%d", p.member, len(text))}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("post note at table %d: %d %s", table, resp.StatusCode, body)
	}
	notes, err := w.srv.Store.NotesFor(context.Background(), p.reader(), w.g.ID, table)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range notes {
		if n.Text == text {
			return n.ID
		}
	}
	t.Fatalf("note %q not stored", text)
	return 0
}

func (w *harvestWorld) listPeople(t *testing.T, taker person, table int, people ...person) {
	t.Helper()
	form := url.Values{}
	for _, p := range people {
		form.Add("people", fmt.Sprint(p.member))
	}
	if resp, body := postForm(t, taker.c, w.tableURL(table)+"/people", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("list people: %d %s", resp.StatusCode, body)
	}
}

// makePractice posts the practice form made from a note; it returns the
// status and the practice's path when made.
func makePractice(t *testing.T, srv *testutil.Server, p person, noteID int64, title, body string) (int, string) {
	t.Helper()
	resp, _ := postForm(t, p.c, srv.URL+"/practices", url.Values{"title": {title}, "summary": {"From a dinner table."},
		"body": {body}, "stage": {"emerging"}, "note": {fmt.Sprint(noteID)}})
	return resp.StatusCode, resp.Header.Get("Location")
}

func TestHarvestNotePages(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	w := seedHarvestWorld(t, srv)
	_, page := get(t, w.cleo.c, w.tableURL(1))
	if !strings.Contains(page, "Door-knocking with tablets") || !strings.Contains(page, "Ana Alvarez at table 1") {
		t.Errorf("cleo's view of table 1 lacks the attributable note with its author:\n%s", page)
	}
	if strings.Contains(page, "Save note") {
		t.Errorf("cleo, who sat at table 2, is offered the note form of table 1")
	}
	_, page = get(t, w.dee.c, w.tableURL(3))
	if !strings.Contains(page, "Someone at table 3") || strings.Contains(page, "Rosa "+chathamSecret+" at table") {
		t.Errorf("the chatham note names its author to a table mate")
	}
	// A bad note keeps what was typed and names the field.
	resp, page := postForm(t, w.ana.c, w.tableURL(1)+"/notes", url.Values{"text": {"Half a thought about SMS"}, "client_key": {"k-bad"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "Half a thought about SMS") || !strings.Contains(page, `href="#consent"`) {
		t.Errorf("note without consent: %d, want 422 keeping the text and naming consent", resp.StatusCode)
	}
	resp, _ = postForm(t, w.cleo.c, w.tableURL(1)+"/notes", url.Values{"text": {"Not my table"}, "consent": {"attributable"}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cleo writes at table 1: %d, want 403", resp.StatusCode)
	}
	checkHarvestSetup(t, w)
	checkNoteChanges(t, w)
	if resp, _ := get(t, w.organizer.c, fmt.Sprintf("%s/gatherings/%d/followup", srv.URL, w.g.ID)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the organizer, who was not a guest, opens the follow-up page: %d, want 404", resp.StatusCode)
	}
	if resp, page := get(t, testutil.Client(), srv.URL+"/followup/not-a-link.abc"); resp.StatusCode != http.StatusBadRequest ||
		!strings.Contains(page, "follow-up link is not valid") {
		t.Errorf("a mangled follow-up link: %d, want 400 with a sentence", resp.StatusCode)
	}
	for _, p := range []person{w.cleo, w.organizer, w.admin} {
		if code, _ := makePractice(t, srv, p, w.offNote, "Leaving coalitions", "My words"); code != http.StatusNotFound {
			t.Errorf("%s makes the off-record note a practice: %d, want 404", p.acct.Email, code)
		}
	}
}

// TestOffRecordNeverLeavesTheTable plants the secrets and reads every route
// that shows notes as each kind of viewer: the off-record word appears only
// for table 1's people; the chatham author's name only for table 3's people
// (who see who sat with them), never next to the note (TestHarvestNotePages).
func TestOffRecordNeverLeavesTheTable(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		w := seedHarvestWorld(t, srv)
		code, offPath := makePractice(t, srv, w.ben, w.offNote, "Leaving a coalition gracefully", "How we plan an exit, in my own words.")
		if code != http.StatusSeeOther || !strings.HasPrefix(offPath, "/practices/") {
			t.Fatalf("ben makes the off-record note a practice: %d %s", code, offPath)
		}
		_, form := get(t, w.cleo.c, fmt.Sprintf("%s/practices/new?note=%d", srv.URL, w.chathamNote))
		if !strings.Contains(form, "Kumquat budgeting") || strings.Contains(form, chathamSecret) {
			t.Errorf("the practice form from the chatham note: want the quote without its author")
		}
		code, chathamPath := makePractice(t, srv, w.cleo, w.chathamNote, "Kumquat dues vote", "> Kumquat budgeting: members vote on the dues split.")
		if code != http.StatusSeeOther {
			t.Fatalf("cleo makes the chatham note a practice: %d", code)
		}
		routes := []string{
			fmt.Sprintf("/gatherings/%d/harvest", w.g.ID), fmt.Sprintf("/gatherings/%d/harvest/1", w.g.ID),
			fmt.Sprintf("/gatherings/%d/harvest/2", w.g.ID), fmt.Sprintf("/gatherings/%d/harvest/3", w.g.ID),
			"/practices?q=" + strings.ToLower(offRecordSecret), "/practices?q=coalition", "/practices?q=kumquat",
			"/practices?q=" + strings.ToLower(chathamSecret),
			offPath, chathamPath, "/practices", fmt.Sprintf("/practices/new?note=%d", w.offNote),
			"/api/v1/notes?q=" + strings.ToLower(offRecordSecret), "/api/v1/notes?q=kumquat", "/api/v1/notes?q=" + strings.ToLower(chathamSecret),
			"/api/v1/practices?q=coalition", "/api/v1/practices?q=kumquat", "/api/v1/notes?q=tablets",
			"/me/export.json", "/network/export/members.csv", "/network/export/affiliations.csv",
		}
		viewers := map[string]person{"ana (author)": w.ana, "ben (table 1)": w.ben, "cleo (host, table 2)": w.cleo, "dee (table 3)": w.dee,
			"quillonby (chatham author)": w.quill, "organizer": w.organizer, "admin": w.admin}
		for name, p := range viewers {
			atTable1 := p.member == w.ana.member || p.member == w.ben.member
			atTable3 := p.member == w.quill.member || p.member == w.dee.member
			sawOff, sawShared := false, 0
			for _, route := range routes {
				body := w.read(t, p, route)
				if strings.Contains(body, "Door-knocking with tablets") {
					sawShared++
				}
				if strings.Contains(body, offRecordSecret) {
					sawOff = true
					if !atTable1 {
						t.Errorf("%s sees the off-record secret on %s", name, route)
					}
				}
				if !atTable3 && !strings.HasSuffix(route, ".csv") && strings.Contains(body, chathamSecret) {
					t.Errorf("%s sees the chatham note's author on %s", name, route)
				}
			}
			if atTable1 && !sawOff {
				t.Errorf("%s, at table 1, never sees the off-record note", name)
			}
			if sawShared < 3 { // the overview, table 1's page and the API search
				t.Errorf("%s sees the shared note on %d routes, want at least 3", name, sawShared)
			}
			w.checkDigest(t, name, p)
		}
		w.checkTokens(t)
		checkLateComers(t, w)
	})
}

// Planted at a dinner under way: a word said off the record at table 1
// before the organizer joined the guests.
const lateSecret = "Larkspurvault"

// checkLateComers is the attack of an organizer on a dinner under way (no
// seating plan): Ana writes an off-the-record note at table 1; the
// organizer then answers "going" through the API and makes himself the
// table's note-taker on the setup page, and Ana even ticks him as sitting
// with her. The note stays with those who were at the table when it was
// written (Ana, and Ben, coming from the start): becoming a guest or a
// note-taker later never grants it. What is written after he joined, he
// reads.
func checkLateComers(t *testing.T, w *harvestWorld) {
	t.Helper()
	ctx := context.Background()
	var g *kindred.Gathering
	start := w.srv.Store.Now().Add(-time.Hour)
	err := w.srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: w.g.CityID, Title: "Dinner under way", Capacity: 12, TableSize: 6,
			StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen, HostIDs: []int64{w.cleo.member}})
		if err != nil {
			return err
		}
		for _, p := range []person{w.ana, w.ben} {
			if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: p.member, Status: kindred.RSVPGoing}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	table := fmt.Sprintf("%s/gatherings/%d/harvest/1", w.srv.URL, g.ID)
	post := func(p person, u string, form url.Values) int {
		t.Helper()
		resp, _ := postForm(t, p.c, u, form)
		return resp.StatusCode
	}
	if code := post(w.ana, table+"/notes", url.Values{"text": {"We may fold into the federation: " + lateSecret + "."},
		"consent": {"off_record"}, "client_key": {"late-1"}}); code != http.StatusSeeOther {
		t.Fatalf("ana writes at table 1 of the dinner under way: %d", code)
	}
	if code := post(w.ana, table+"/people", url.Values{"people": {fmt.Sprint(w.ben.member)}}); code != http.StatusSeeOther {
		t.Fatalf("ana lists ben: %d", code)
	}
	table2 := fmt.Sprintf("%s/gatherings/%d/harvest/2", w.srv.URL, g.ID)
	if code := post(w.ben, table2+"/notes", url.Values{"text": {"Table two keeps its " + lateSecret + " too."},
		"consent": {"off_record"}, "client_key": {"late-0"}}); code != http.StatusSeeOther {
		t.Fatalf("ben writes at table 2: %d", code)
	}
	rsvp := fmt.Sprintf("/api/v1/gatherings/%d/rsvps", g.ID)
	if code, body := w.apiPost(t, w.organizer, rsvp, `{"status":"going"}`); code/100 != 2 {
		t.Fatalf("the organizer answers going through the API: %d %s", code, body)
	}
	// Listed at table 2 by its note-taker, the organizer, a guest only since
	// the note, does not read it.
	if code := post(w.ben, table2+"/people", url.Values{"people": {fmt.Sprint(w.organizer.member)}}); code != http.StatusSeeOther {
		t.Errorf("ben lists the organizer at table 2: %d", code)
	}
	if strings.Contains(w.read(t, w.organizer, fmt.Sprintf("/gatherings/%d/harvest/2", g.ID)), lateSecret) {
		t.Errorf("the organizer, listed at table 2 after he answered, reads its earlier off-the-record note")
	}
	setup := fmt.Sprintf("%s/gatherings/%d/harvest/setup", w.srv.URL, g.ID)
	if code := post(w.organizer, setup, url.Values{"taker_1": {fmt.Sprint(w.organizer.member)}}); code != http.StatusUnprocessableEntity {
		t.Errorf("the organizer makes himself note-taker of table 1 after the start: %d, want 422", code)
	}
	if code := post(w.ana, table+"/people", url.Values{"people": {fmt.Sprint(w.ben.member), fmt.Sprint(w.organizer.member)}}); code != http.StatusSeeOther {
		t.Errorf("ana lists the organizer too: %d", code)
	}
	q := strings.ToLower(lateSecret)
	routes := []string{fmt.Sprintf("/gatherings/%d/harvest", g.ID), fmt.Sprintf("/gatherings/%d/harvest/1", g.ID),
		"/api/v1/notes?q=" + q, "/practices?q=" + q}
	for _, route := range routes {
		if strings.Contains(w.read(t, w.organizer, route), lateSecret) {
			t.Errorf("the organizer, a guest and listed only after the note, reads it on %s", route)
		}
	}
	if !strings.Contains(w.read(t, w.ben, routes[1]), lateSecret) || !strings.Contains(w.read(t, w.ben, routes[2]), lateSecret) {
		t.Errorf("ben, coming from the start and listed at table 1, does not read its off-the-record note")
	}
	if code := post(w.ana, table+"/notes", url.Values{"text": {"Now that Olu sits with us: dues go up."}, "consent": {"off_record"},
		"client_key": {"late-2"}}); code != http.StatusSeeOther {
		t.Fatalf("ana writes a second note: %d", code)
	}
	if body := w.read(t, w.organizer, routes[1]); !strings.Contains(body, "Now that Olu sits with us") {
		t.Errorf("the organizer, listed at table 1, does not read the note written after he joined it")
	}
}

// apiPost sends a JSON body to an API route with an API token of p's
// account, and returns the status and body.
func (w *harvestWorld) apiPost(t *testing.T, p person, route, body string) (int, string) {
	t.Helper()
	var secret string
	err := w.srv.Store.WithTx(context.Background(), func(tx *store.Tx) (err error) {
		secret, _, err = tx.CreateAPIToken(context.Background(), p.acct.ID, "harvest test")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", w.srv.URL+route, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("Content-Type", "application/json")
	resp, got := do(t, testutil.Client(), req)
	return resp.StatusCode, got
}

// read fetches a route as p; API routes go with an API token of p's account.
func (w *harvestWorld) read(t *testing.T, p person, route string) string {
	t.Helper()
	if !strings.HasPrefix(route, "/api/") {
		_, body := get(t, p.c, w.srv.URL+route)
		return body
	}
	var secret string
	err := w.srv.Store.WithTx(context.Background(), func(tx *store.Tx) (err error) {
		secret, _, err = tx.CreateAPIToken(context.Background(), p.acct.ID, "harvest test")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", w.srv.URL+route, nil)
	req.Header.Set("Authorization", "Bearer "+secret)
	resp, body := do(t, testutil.Client(), req)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("%s: %d %s", route, resp.StatusCode, body)
	}
	return body
}

// checkDigest reads the practice digest p's member would get.
func (w *harvestWorld) checkDigest(t *testing.T, name string, p person) {
	t.Helper()
	m := &kindred.Member{ID: p.member, Name: p.acct.Name}
	items, err := w.srv.Store.DigestFor(context.Background(), m, w.srv.Store.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	text := fmt.Sprintf("%+v", items)
	if strings.Contains(text, offRecordSecret) || strings.Contains(text, chathamSecret) {
		t.Errorf("%s's digest carries a secret: %s", name, text)
	}
}

// checkTokens: the API answers a table mate's token with the off-record
// note, and another member's token without it.
func (w *harvestWorld) checkTokens(t *testing.T) {
	t.Helper()
	if body := w.read(t, w.ben, "/api/v1/notes?q="+offRecordSecret); !strings.Contains(body, offRecordSecret) {
		t.Errorf("ben's token does not find his table's off-record note: %s", body)
	}
	if body := w.read(t, w.cleo, "/api/v1/notes?q=kumquat"); !strings.Contains(body, "Someone at table 3") || !strings.Contains(body, "«") {
		t.Errorf("cleo's token does not find the chatham note, unnamed and highlighted: %s", body)
	}
}

// checkHarvestSetup: before a dinner, its host names a table's note-taker
// among the guests (the organizer, no guest, is refused, and what was typed
// stays); once the dinner has started, the host changes the prompt cards
// but names no note-taker: the people at a table take its notes.
func checkHarvestSetup(t *testing.T, w *harvestWorld) {
	t.Helper()
	setup := fmt.Sprintf("%s/gatherings/%d/harvest/setup", w.srv.URL, w.g.ID)
	if resp, _ := get(t, w.ben.c, setup); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a guest opens the harvest setup: %d, want 403", resp.StatusCode)
	}
	resp, page := postForm(t, w.cleo.c, setup, url.Values{"prompts": {"A tool you'd recommend\nAn ask"}, "taker_2": {fmt.Sprint(w.dee.member)}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "A tool you&#39;d recommend\nAn ask</textarea>") ||
		!strings.Contains(page, "the gathering has started") {
		t.Errorf("the host names a note-taker after the start: %d, want 422 naming the field and keeping the prompts", resp.StatusCode)
	}
	if resp, _ := postForm(t, w.cleo.c, setup, url.Values{"prompts": {"A tool you'd recommend\nAn ask"}, "taker_2": {"0"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("the host saves the prompt cards: %d", resp.StatusCode)
	}
	if _, page := get(t, w.dee.c, w.tableURL(3)); !strings.Contains(page, "A tool you&#39;d recommend") || !strings.Contains(page, "Save note") {
		t.Errorf("dee, at table 3, lacks the form with the new prompt cards")
	}
	spring := futureDinner(t, w)
	setup = fmt.Sprintf("%s/gatherings/%d/harvest/setup", w.srv.URL, spring.ID)
	// The organizer is no guest: they cannot make themselves note-taker (and
	// so one of the table's people); what was typed stays.
	resp, page = postForm(t, w.cleo.c, setup, url.Values{"prompts": {"A tool you'd recommend"}, "taker_2": {fmt.Sprint(w.organizer.member)}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "A tool you&#39;d recommend</textarea>") ||
		!strings.Contains(page, "must be a guest who is coming or came") {
		t.Errorf("the organizer as note-taker: %d, want 422 naming the field and keeping the prompts", resp.StatusCode)
	}
	if resp, _ := postForm(t, w.cleo.c, setup, url.Values{"taker_2": {fmt.Sprint(w.dee.member)}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the host names dee before the dinner: %d, want 303", resp.StatusCode)
	}
	if taker, err := w.srv.Store.NoteTaker(context.Background(), spring.ID, 2); err != nil || taker != w.dee.member {
		t.Errorf("table 2's note-taker before the dinner: %d (%v), want dee", taker, err)
	}
}

// futureDinner stores tomorrow's dinner in the harvest world's city, hosted
// by Cleo, with Ana and Dee coming.
func futureDinner(t *testing.T, w *harvestWorld) *kindred.Gathering {
	t.Helper()
	ctx := context.Background()
	var g *kindred.Gathering
	start := w.srv.Store.Now().Add(24 * time.Hour)
	err := w.srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: w.g.CityID, Title: "Spring practice dinner", Capacity: 12, TableSize: 6,
			StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen, HostIDs: []int64{w.cleo.member}})
		if err != nil {
			return err
		}
		for _, p := range []person{w.ana, w.dee} {
			if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: p.member, Status: kindred.RSVPGoing}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// TestFollowUpsFollowTheTablePlan: with a seating plan, a guest is offered
// the people seated at their tables in any round, and nobody else.
func TestFollowUpsFollowTheTablePlan(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	w := seedHarvestWorld(t, srv)
	ctx := context.Background()
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		return tx.SaveTablePlan(ctx, &kindred.TablePlan{GatheringID: w.g.ID, Rounds: 2, TableSize: 6, Seats: []kindred.Seat{
			{Round: 1, Table: 1, MemberID: w.ben.member}, {Round: 1, Table: 1, MemberID: w.ana.member},
			{Round: 1, Table: 2, MemberID: w.cleo.member}, {Round: 1, Table: 2, MemberID: w.dee.member}, {Round: 1, Table: 2, MemberID: w.quill.member},
			{Round: 2, Table: 1, MemberID: w.ben.member}, {Round: 2, Table: 1, MemberID: w.dee.member},
			{Round: 2, Table: 2, MemberID: w.ana.member}, {Round: 2, Table: 2, MemberID: w.cleo.member}, {Round: 2, Table: 2, MemberID: w.quill.member}}})
	})
	if err != nil {
		t.Fatal(err)
	}
	resp, _ := get(t, w.ben.c, fmt.Sprintf("%s/gatherings/%d/followup", srv.URL, w.g.ID))
	_, page := get(t, w.ben.c, srv.URL+resp.Header.Get("Location"))
	for name, want := range map[string]bool{"Ana Alvarez": true, "Dee Diallo": true, "Cleo Chen": false, "Rosa " + chathamSecret: false} {
		if strings.Contains(page, name) != want {
			t.Errorf("ben's follow-up page offers %s: %v, want %v (table 1 in round 1 or 2)", name, !want, want)
		}
	}
	resp, _ = postForm(t, w.ben.c, srv.URL+resp.Header.Get("Location"), url.Values{"nominees": {fmt.Sprint(w.cleo.member), fmt.Sprint(w.ana.member)}})
	if got, err := srv.Store.Nominations(ctx, w.g.ID, w.ben.member); resp.StatusCode != http.StatusSeeOther || err != nil || len(got) != 1 || got[0] != w.ana.member {
		t.Errorf("ben nominates cleo (not at his table) and ana: stored %v (%v), want only ana", got, err)
	}
}

// checkNoteChanges: only its author changes a note; taking it off the
// record hides it from the rest of the network at once.
func checkNoteChanges(t *testing.T, w *harvestWorld) {
	t.Helper()
	u := fmt.Sprintf("%s/notes/%d", w.tableURL(1), w.openNote)
	if resp, _ := postForm(t, w.ben.c, u, url.Values{"delete": {"1"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("ben deletes ana's note: %d, want 404", resp.StatusCode)
	}
	if _, page := get(t, w.ana.c, w.tableURL(1)); !strings.Contains(page, "Change or delete your note") {
		t.Errorf("ana is not offered to change her notes")
	}
	if resp, _ := postForm(t, w.ana.c, u, url.Values{"consent": {"off_record"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ana takes her note off the record: %d", resp.StatusCode)
	}
	if _, page := get(t, w.cleo.c, w.tableURL(1)); strings.Contains(page, "Door-knocking") {
		t.Errorf("cleo still reads the note ana took off the record")
	}
	if resp, _ := postForm(t, w.ana.c, u, url.Values{"consent": {"attributable"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ana shares her note again: %d", resp.StatusCode)
	}
}

// Planted in an invite-only dinner: its title and a word of a note shared
// with names there, for the invited only.
const (
	inviteOnlyTitle  = "Heronwick leaders' table"
	inviteOnlySecret = "Marzipanvault"
)

// inviteOnlyDinner is a held invite-only dinner in Chicago beside the
// harvest world's: Ana (who writes a shared note at table 1) and Ben are
// invited, Cleo hosts without an RSVP; Dee and Quillonby are not invited.
type inviteOnlyDinner struct {
	g    *kindred.Gathering
	note int64
}

func seedInviteOnlyDinner(t *testing.T, w *harvestWorld) *inviteOnlyDinner {
	t.Helper()
	ctx := context.Background()
	d := &inviteOnlyDinner{}
	start := w.srv.Store.Now().Add(-24 * time.Hour)
	err := w.srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		d.g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: w.g.CityID, Title: inviteOnlyTitle, Capacity: 12, TableSize: 6,
			StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen, Visibility: kindred.VisibilityInvite,
			HostIDs: []int64{w.cleo.member}})
		if err != nil {
			return err
		}
		for _, p := range []person{w.ana, w.ben} {
			if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: d.g.ID, MemberID: p.member, Status: kindred.RSVPGoing}); err != nil {
				return err
			}
		}
		return tx.SetGatheringStatus(ctx, d.g.ID, kindred.GatheringHeld)
	})
	if err != nil {
		t.Fatal(err)
	}
	text := "Dues by sliding scale, voted in the open: " + inviteOnlySecret + "."
	u := fmt.Sprintf("%s/gatherings/%d/harvest/1/notes", w.srv.URL, d.g.ID)
	resp, body := postForm(t, w.ana.c, u, url.Values{"text": {text}, "consent": {string(kindred.ConsentAttributable)},
		"prompt": {"An ask"}, "client_key": {"k-invite"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ana posts at the invite-only dinner: %d %s", resp.StatusCode, body)
	}
	notes, err := w.srv.Store.NotesFor(ctx, w.ana.reader(), d.g.ID, 1)
	if err != nil || len(notes) != 1 {
		t.Fatalf("the invite-only dinner's notes: %d (%v), want 1", len(notes), err)
	}
	d.note = notes[0].ID
	return d
}

// TestInviteOnlyNotesStayWithTheInvited plants a note shared with names at
// an invite-only dinner and reads every route TestOffRecordNeverLeavesTheTable
// reads, and the invite-only dinner's own, as each kind of viewer (API
// routes with their API tokens): the note and the dinner's title reach only
// those who may see the dinner — the invited, its host, the city's organizer
// and the administrator — even on the page of a practice an invited guest
// made from the note.
func TestInviteOnlyNotesStayWithTheInvited(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		w := seedHarvestWorld(t, srv)
		d := seedInviteOnlyDinner(t, w)
		if _, form := get(t, w.ben.c, fmt.Sprintf("%s/practices/new?note=%d", srv.URL, d.note)); !strings.Contains(form, "from an invite-only gathering") ||
			strings.Contains(form, inviteOnlySecret) {
			t.Errorf("ben's practice form from the note: want it to ask for his own words, not quote the note")
		}
		code, path := makePractice(t, srv, w.ben, d.note, "Sliding-scale dues", "How we set dues, in my own words.")
		if code != http.StatusSeeOther || !strings.HasPrefix(path, "/practices/") {
			t.Fatalf("ben makes the invite-only note a practice: %d %s", code, path)
		}
		q := strings.ToLower(inviteOnlySecret)
		routes := []string{
			fmt.Sprintf("/gatherings/%d", d.g.ID), fmt.Sprintf("/gatherings/%d/harvest", d.g.ID), fmt.Sprintf("/gatherings/%d/harvest/1", d.g.ID),
			fmt.Sprintf("/gatherings/%d/harvest", w.g.ID), fmt.Sprintf("/gatherings/%d/harvest/1", w.g.ID), "/gatherings",
			"/practices?q=" + q, "/practices?q=dues", "/practices?q=heronwick", path, "/practices", fmt.Sprintf("/practices/new?note=%d", d.note),
			"/api/v1/notes?q=" + q, "/api/v1/notes?q=dues", "/api/v1/notes?q=heronwick", "/api/v1/practices?q=dues",
			"/api/v1/gatherings",
			"/me/export.json", "/network/export/members.csv", "/network/export/affiliations.csv",
		}
		invited := map[string]person{"ana (author)": w.ana, "ben (invited)": w.ben, "cleo (host, no RSVP)": w.cleo,
			"organizer": w.organizer, "admin": w.admin}
		outside := map[string]person{"dee (not invited)": w.dee, "quillonby (not invited)": w.quill}
		for name, p := range outside {
			for _, route := range routes {
				if body := w.read(t, p, route); strings.Contains(body, inviteOnlySecret) || strings.Contains(body, "Heronwick") {
					t.Errorf("%s reads the invite-only dinner's note or title on %s", name, route)
				}
			}
		}
		for name, p := range invited {
			saw := 0
			for _, route := range routes {
				if strings.Contains(w.read(t, p, route), inviteOnlySecret) {
					saw++
				}
			}
			if saw < 5 { // the overview, table 1's page, the practices page's search, the practice and the API search
				t.Errorf("%s reads the invite-only note on %d routes, want at least 4", name, saw)
			}
		}
		if body := w.read(t, w.ben, path); !strings.Contains(body, inviteOnlySecret) || !strings.Contains(body, "Ana Alvarez at table 1") {
			t.Errorf("the practice page does not quote the source note to ben, an invited guest")
		}
		if body := w.read(t, w.ben, "/api/v1/notes?q="+q); !strings.Contains(body, "«"+strings.ToLower(inviteOnlySecret)) && !strings.Contains(body, "«"+inviteOnlySecret) {
			t.Errorf("ben's token does not find the invite-only note highlighted: %s", body)
		}
		// Opening the dinner to the network opens its page, never the
		// notes written while it was invite-only.
		openToNetwork(t, srv, d.g.ID)
		for name, p := range outside {
			for _, route := range routes {
				if body := w.read(t, p, route); strings.Contains(body, inviteOnlySecret) {
					t.Errorf("once the dinner is opened, %s reads its invite-only note on %s", name, route)
				}
			}
		}
		if body := w.read(t, w.ben, path); !strings.Contains(body, inviteOnlySecret) {
			t.Errorf("once the dinner is opened, ben, invited, no longer reads its note on the practice page")
		}
	})
}

// openToNetwork opens a gathering to the whole network, as its organizer's
// edit form does.
func openToNetwork(t *testing.T, srv *testutil.Server, gatheringID int64) {
	t.Helper()
	ctx := context.Background()
	err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		g, err := tx.Gathering(ctx, gatheringID)
		if err != nil {
			return err
		}
		g.Visibility = kindred.VisibilityNetwork
		_, _, err = tx.UpdateGathering(ctx, *g, false)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
