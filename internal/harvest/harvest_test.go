package harvest_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/harvest"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// clock is a store clock the tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Millisecond) // every read a little later, as in life
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// world is a Chicago dinner two hours from the clock's start, without a
// table plan, hosted by Cleo; Ana, Ben and Dee are coming. Olu organizes
// Chicago (with a profile, not a guest); Adi administers (no profile).
type world struct {
	s                        *store.Store
	clk                      *clock
	svc                      *harvest.Service
	g                        *kindred.Gathering
	ana, ben, cleo, dee, olu *kindred.Viewer
	adi                      *kindred.Viewer
}

// forEachWorld runs fn on a fresh world per engine.
func forEachWorld(t *testing.T, fn func(t *testing.T, w *world)) {
	t.Parallel()
	for _, e := range testutil.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			clk := &clock{now: time.Date(2026, 3, 5, 16, 0, 0, 0, time.UTC)}
			s := testutil.OpenStore(t, e.DSN(t), store.WithClock(clk.Now))
			q, err := jobs.New(jobs.Config{Store: s})
			if err != nil {
				t.Fatal(err)
			}
			fn(t, newWorld(t, s, clk, &harvest.Service{Store: s, Queue: q}))
		})
	}
}

func newWorld(t *testing.T, s *store.Store, clk *clock, svc *harvest.Service) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{s: s, clk: clk, svc: svc}
	var chicago kindred.City
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		c, err := tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
		chicago = c
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	w.ana, w.ben = w.viewer(t, "ana", kindred.RoleMember, 0, true), w.viewer(t, "ben", kindred.RoleMember, 0, true)
	w.cleo, w.dee = w.viewer(t, "cleo", kindred.RoleMember, 0, true), w.viewer(t, "dee", kindred.RoleMember, 0, true)
	w.olu = w.viewer(t, "olu", kindred.RoleOrganizer, chicago.ID, true)
	w.adi = w.viewer(t, "adi", kindred.RoleAdmin, 0, false)
	start := clk.Now().Add(2 * time.Hour)
	err = s.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		w.g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: chicago.ID, Title: "Spring dinner", Capacity: 18, TableSize: 6,
			StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen, HostIDs: []int64{w.cleo.MemberID()}})
		if err != nil {
			return err
		}
		for _, v := range []*kindred.Viewer{w.ana, w.ben, w.dee} {
			if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: w.g.ID, MemberID: v.MemberID(), Status: kindred.RSVPGoing}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// viewer makes an account (with a directory profile when profile is set)
// and resolves it as a request would.
func (w *world) viewer(t *testing.T, name string, role kindred.Role, city int64, profile bool) *kindred.Viewer {
	t.Helper()
	ctx := context.Background()
	var acct *kindred.Account
	err := w.s.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		acct, err = tx.CreateAccount(ctx, kindred.NewAccount{Email: name + "@example.org", Name: strings.ToUpper(name[:1]) + name[1:],
			Role: kindred.RoleMember}, "")
		if err == nil && role != kindred.RoleMember {
			var cities []int64
			if city != 0 {
				cities = []int64{city}
			}
			err = tx.SetRole(ctx, acct.ID, role, cities)
		}
		if err == nil && profile {
			_, err = tx.LinkOrCreateMember(ctx, acct)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if acct, err = w.s.Account(ctx, acct.ID); err != nil {
		t.Fatal(err)
	}
	v, err := w.s.Viewer(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// start moves the clock past the dinner's start.
func (w *world) start() { w.clk.Add(3 * time.Hour) }

// rsvp answers for v now.
func (w *world) rsvp(t *testing.T, v *kindred.Viewer, status kindred.RSVPStatus) {
	t.Helper()
	ctx := context.Background()
	err := w.s.WithTx(ctx, func(tx *store.Tx) error {
		_, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: w.g.ID, MemberID: v.MemberID(), Status: status})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// write has v write a note at table; it fails the test on an error.
func (w *world) write(t *testing.T, v *kindred.Viewer, table int, text string, consent kindred.NoteConsent) *kindred.HarvestNote {
	t.Helper()
	n, err := w.svc.WriteNote(context.Background(), v, harvest.NewNote{GatheringID: w.g.ID, Table: table, Text: text, Consent: consent})
	if err != nil {
		t.Fatalf("write %q at table %d: %v", text, table, err)
	}
	return n
}

// reads reports whether v reads a note with text among the gathering's.
func (w *world) reads(t *testing.T, v *kindred.Viewer, text string) bool {
	t.Helper()
	notes, err := w.s.NotesFor(context.Background(), kindred.ReaderOf(v), w.g.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range notes {
		if n.Text == text {
			return true
		}
	}
	return false
}

func audits(t *testing.T, s *store.Store, action string) int {
	t.Helper()
	entries, err := s.AuditLog(context.Background(), 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == action {
			n++
		}
	}
	return n
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if kindred.ErrorCode(err) != code {
		t.Errorf("%s: %v, want %s", what, err, code)
	}
}

// TestLateComersReadNothingWrittenBefore is issue #14's first attack on
// the use cases: an organizer who becomes a guest once the dinner is under
// way cannot make himself a table's note-taker; typing up the table's paper
// notes, or listed at the table, he reads none of the off-the-record notes
// written before he joined, only those after.
func TestLateComersReadNothingWrittenBefore(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		w.start()
		secret := w.write(t, w.ana, 1, "We may leave the coalition", kindred.ConsentOffRecord)
		err := w.svc.ListTablePeople(ctx, w.ana, harvest.TablePeopleList{GatheringID: w.g.ID, Table: 1, MemberIDs: []int64{w.ben.MemberID()}})
		if err != nil {
			t.Fatal(err)
		}
		w.rsvp(t, w.olu, kindred.RSVPGoing)
		err = w.svc.SetUp(ctx, w.olu, harvest.Setup{GatheringID: w.g.ID, Takers: map[int]int64{1: w.olu.MemberID()}})
		if kindred.ErrorFields(err)["taker_1"] == "" {
			t.Errorf("the organizer names himself note-taker after the start: %v, want EINVALID on taker_1", err)
		}
		// The city's organizer may type up a table's paper notes (#18), and
		// writing there grants him nothing written before.
		if _, err = w.svc.WriteNote(ctx, w.olu, harvest.NewNote{GatheringID: w.g.ID, Table: 1, Text: "Typed up from paper", Consent: kindred.ConsentChatham}); err != nil {
			t.Fatalf("the organizer types up table 1's paper notes: %v", err)
		}
		if w.reads(t, w.olu, secret.Text) {
			t.Errorf("the organizer reads the earlier off-record note after typing up the table's notes")
		}
		err = w.svc.ListTablePeople(ctx, w.ana, harvest.TablePeopleList{GatheringID: w.g.ID, Table: 1,
			MemberIDs: []int64{w.ben.MemberID(), w.olu.MemberID()}})
		if err != nil {
			t.Fatal(err)
		}
		if !w.reads(t, w.ben, secret.Text) || w.reads(t, w.olu, secret.Text) {
			t.Errorf("the earlier off-record note: ben reads %v, olu %v; want ben only", w.reads(t, w.ben, secret.Text), w.reads(t, w.olu, secret.Text))
		}
		hits, err := w.s.SearchNotes(ctx, kindred.ReaderOf(w.olu), "coalition", 10)
		if err != nil || len(hits) != 0 {
			t.Errorf("the organizer's search finds %d off-record notes (%v), want 0", len(hits), err)
		}
		after := w.write(t, w.ana, 1, "Olu is with us now", kindred.ConsentOffRecord)
		if !w.reads(t, w.olu, after.Text) {
			t.Errorf("the organizer, listed at table 1, does not read the note written after he joined it")
		}
	})
}

// TestNoteTakersAreNamedBeforeTheDinner: hosts and the city's organizers
// name a guest before the start; afterwards they keep or clear one.
func TestNoteTakersAreNamedBeforeTheDinner(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		setup := func(v *kindred.Viewer, takers map[int]int64, prompts ...string) error {
			return w.svc.SetUp(ctx, v, harvest.Setup{GatheringID: w.g.ID, Prompts: prompts, Takers: takers})
		}
		wantCode(t, "a guest sets up the harvest", setup(w.ben, map[int]int64{1: w.ben.MemberID()}), kindred.EFORBIDDEN)
		if err := setup(w.olu, map[int]int64{1: w.olu.MemberID()}); kindred.ErrorFields(err)["taker_1"] == "" {
			t.Errorf("the organizer, no guest, names himself: %v, want EINVALID on taker_1", err)
		}
		if err := setup(w.cleo, map[int]int64{1: w.ana.MemberID()}, "A tool you'd recommend"); err != nil {
			t.Fatalf("the host names ana before the dinner: %v", err)
		}
		if taker, err := w.s.NoteTaker(ctx, w.g.ID, 1); err != nil || taker != w.ana.MemberID() {
			t.Errorf("table 1's note-taker %d (%v), want ana", taker, err)
		}
		if got := audits(t, w.s, "harvest.setup"); got != 1 {
			t.Errorf("%d harvest.setup audit entries, want 1", got)
		}
		w.start()
		err := setup(w.cleo, map[int]int64{1: w.ana.MemberID(), 2: w.dee.MemberID()})
		if kindred.ErrorFields(err)["taker_2"] == "" || kindred.ErrorFields(err)["taker_1"] != "" {
			t.Errorf("the host names dee after the start, keeping ana: %v, want EINVALID on taker_2 only", err)
		}
		if err := setup(w.cleo, map[int]int64{1: 0}); err != nil {
			t.Errorf("the host takes ana off table 1 after the start: %v", err)
		}
		wantCode(t, "the administrator sets up an unknown gathering", w.svc.SetUp(ctx, w.adi, harvest.Setup{GatheringID: w.g.ID + 99}), kindred.ENOTFOUND)
	})
}

// TestWhoWritesATablesNotes: the harvest opens at the start; the named
// note-taker writes, others are told why not, but the city's organizer may
// type up a table's paper notes; a resent note is stored once.
func TestWhoWritesATablesNotes(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		note := func(v *kindred.Viewer, table int, key string) (*kindred.HarvestNote, error) {
			return w.svc.WriteNote(ctx, v, harvest.NewNote{GatheringID: w.g.ID, Table: table, Text: "Phone trees", Consent: kindred.ConsentChatham, ClientKey: key})
		}
		_, err := note(w.ana, 1, "")
		wantCode(t, "a note before the start", err, kindred.ENOTFOUND)
		if err := w.svc.SetUp(ctx, w.cleo, harvest.Setup{GatheringID: w.g.ID, Takers: map[int]int64{1: w.ana.MemberID()}}); err != nil {
			t.Fatal(err)
		}
		w.start()
		first, err := note(w.ana, 1, "k-1")
		if err != nil {
			t.Fatal(err)
		}
		if again, err := note(w.ana, 1, "k-1"); err != nil || again.ID != first.ID {
			t.Errorf("the resent note: %+v (%v), want the first, %d", again, err, first.ID)
		}
		_, err = note(w.cleo, 1, "")
		wantCode(t, "the host writes at ana's table", err, kindred.EFORBIDDEN)
		_, err = note(w.adi, 2, "")
		wantCode(t, "the administrator, without a profile", err, kindred.EFORBIDDEN)
		if _, err := note(w.cleo, 2, ""); err != nil {
			t.Errorf("the host claims table 2: %v", err)
		}
		if _, err := note(w.olu, 2, ""); err != nil {
			t.Errorf("the city's organizer, no guest, types up table 2's paper notes: %v", err)
		}
		_, err = w.svc.WriteNote(ctx, w.ana, harvest.NewNote{GatheringID: w.g.ID, Table: 1, Text: " "})
		if f := kindred.ErrorFields(err); f["text"] == "" || f["consent"] == "" {
			t.Errorf("an empty note: %v, want EINVALID on text and consent", err)
		}
		_, err = note(w.ana, kindred.MaxTables+1, "")
		wantCode(t, "a table that does not exist", err, kindred.ENOTFOUND)
	})
}

// TestOnlyTheAuthorChangesANote: its author changes who may read it or
// deletes it; anyone else is told there is no such note.
func TestOnlyTheAuthorChangesANote(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		w.start()
		n := w.write(t, w.ana, 1, "Shared budgets", kindred.ConsentAttributable)
		change := func(v *kindred.Viewer, table int, consent kindred.NoteConsent, del bool) error {
			return w.svc.ChangeNote(ctx, v, harvest.NoteChange{GatheringID: w.g.ID, Table: table, NoteID: n.ID, Consent: consent, Delete: del})
		}
		wantCode(t, "ben deletes ana's note", change(w.ben, 1, "", true), kindred.ENOTFOUND)
		wantCode(t, "the administrator deletes ana's note", change(w.adi, 1, "", true), kindred.ENOTFOUND)
		wantCode(t, "ana changes it at another table", change(w.ana, 2, kindred.ConsentChatham, false), kindred.ENOTFOUND)
		wantCode(t, "ana picks no consent", change(w.ana, 1, "secret", false), kindred.EINVALID)
		if err := change(w.ana, 1, kindred.ConsentOffRecord, false); err != nil {
			t.Fatal(err)
		}
		if w.reads(t, w.cleo, n.Text) {
			t.Errorf("cleo still reads the note ana took off the record")
		}
		if err := change(w.ana, 1, "", true); err != nil || w.reads(t, w.ana, n.Text) {
			t.Errorf("ana deletes her note: %v; still there: %v", err, w.reads(t, w.ana, n.Text))
		}
	})
}

// TestFollowUpLinks: the link is the credential; nominations become one
// follow_up tie when mutual, and its answer confirms it.
func TestFollowUpLinks(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		w.start()
		if err := w.s.WithTx(ctx, func(tx *store.Tx) error { return tx.SetGatheringStatus(ctx, w.g.ID, kindred.GatheringHeld) }); err != nil {
			t.Fatal(err)
		}
		token := func(v *kindred.Viewer) string {
			link, err := w.svc.FollowUpLink(ctx, v, w.g.ID)
			if err != nil {
				t.Fatalf("follow-up link of %d: %v", v.MemberID(), err)
			}
			return strings.TrimPrefix(link, "/followup/")
		}
		if _, err := w.svc.FollowUpLink(ctx, w.olu, w.g.ID); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("the organizer, no guest, gets a follow-up link: %v, want ENOTFOUND", err)
		}
		_, err := w.svc.FollowUp(ctx, "not-a-link.abc")
		wantCode(t, "a mangled link", err, kindred.EINVALID)
		ana, ben := token(w.ana), token(w.ben)
		if n, err := w.svc.Nominate(ctx, harvest.Nomination{Token: ana, Nominees: []int64{w.ben.MemberID(), w.olu.MemberID()}}); err != nil || n != 0 {
			t.Fatalf("ana nominates ben (and olu, no guest): %d mutual (%v), want 0", n, err)
		}
		if n, err := w.svc.Nominate(ctx, harvest.Nomination{Token: ben, Nominees: []int64{w.ana.MemberID()}}); err != nil || n != 1 {
			t.Fatalf("ben nominates ana: %d mutual (%v), want 1", n, err)
		}
		f, err := w.svc.FollowUp(ctx, ana)
		if err != nil || len(f.Chosen) != 1 || len(f.FollowUps) != 1 {
			t.Fatalf("ana's follow-ups: %+v (%v), want ben chosen and one follow-up", f, err)
		}
		wantCode(t, "ana answers about a tie not hers", w.svc.AnswerFollowUp(ctx, harvest.FollowUpAnswer{Token: ana, TieID: f.FollowUps[0].TieID + 99,
			Happened: true}), kindred.ENOTFOUND)
		if err := w.svc.AnswerFollowUp(ctx, harvest.FollowUpAnswer{Token: ana, TieID: f.FollowUps[0].TieID, Happened: true}); err != nil {
			t.Fatal(err)
		}
		if f, _ := w.svc.FollowUp(ctx, ben); f.FollowUps[0].Status != "confirmed" {
			t.Errorf("after ana's yes, ben's follow-up is %q, want confirmed", f.FollowUps[0].Status)
		}
	})
}

// TestNoteTakerWithoutAnAccountIsMailedASignInLink: a guest in the
// directory without an account, named a table's note-taker, gets an
// account and a mail with a sign-in link to the table's page (stored with
// its secret hidden); naming someone else before the job runs mails only
// the one still named.
func TestNoteTakerWithoutAnAccountIsMailedASignInLink(t *testing.T) {
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		var eve, fay int64
		err := w.s.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			if eve, err = tx.CreateMember(ctx, &kindred.Member{Name: "Eve Okafor", Email: "eve@example.org"}); err != nil {
				return err
			}
			if fay, err = tx.CreateMember(ctx, &kindred.Member{Name: "Fay Lin", Email: "fay@example.org"}); err != nil {
				return err
			}
			for _, m := range []int64{eve, fay} {
				if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: w.g.ID, MemberID: m, Status: kindred.RSVPGoing}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		setup := func(takers map[int]int64) {
			t.Helper()
			if err := w.svc.SetUp(ctx, w.cleo, harvest.Setup{GatheringID: w.g.ID, Takers: takers}); err != nil {
				t.Fatal(err)
			}
		}
		setup(map[int]int64{1: fay})
		setup(map[int]int64{1: 0, 2: eve}) // Fay is taken off before her mail goes
		events, cancel := w.svc.Queue.Subscribe()
		defer cancel()
		if err := w.svc.Queue.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = w.svc.Queue.Stop(stop)
		})
		testutil.WaitForJobs(t, events, map[string]int{"notetaker_mail": 2, "send_mail": 1})

		acct, err := w.s.AccountByEmail(ctx, "eve@example.org")
		if err != nil || acct.Role != kindred.RoleMember {
			t.Fatalf("Eve's account: %+v, %v; want a member's account made for her", acct, err)
		}
		if m, err := w.s.Member(ctx, eve); err != nil || m.AccountID != acct.ID {
			t.Errorf("Eve's profile is linked to account %d (%v), want %d", m.AccountID, err, acct.ID)
		}
		if _, err := w.s.AccountByEmail(ctx, "fay@example.org"); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("Fay, no longer the note-taker, got an account: %v", err)
		}
		msgs, err := w.s.ListMail(ctx, 0, 10)
		if err != nil || len(msgs) != 1 {
			t.Fatalf("%d messages (%v), want Eve's only", len(msgs), err)
		}
		m := msgs[0]
		if m.To != "eve@example.org" || !strings.Contains(m.Subject, "table 2") || !strings.Contains(m.Text, "Spring dinner") ||
			!strings.Contains(m.Text, "/signin/link?token="+kindred.HiddenSecret) {
			t.Errorf("mail to %s %q:\n%s", m.To, m.Subject, m.Text)
		}
		if got := audits(t, w.s, "account.create"); got != 1 {
			t.Errorf("%d account.create audit entries, want 1", got)
		}
	})
}
