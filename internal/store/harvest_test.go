package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// harvestFixture is a held dinner where Ana took notes at table 1 with Ben
// listed as at her table; Cleo sat elsewhere.
type harvestFixture struct {
	g              *kindred.Gathering
	ana, ben, cleo int64
}

func seedHarvest(t *testing.T, s *store.Store) harvestFixture {
	t.Helper()
	f := seedDirectory(t, s)
	h := harvestFixture{g: createGathering(t, s, dinner(f, 12))}
	ids := guests(t, s, 3)
	h.ana, h.ben, h.cleo = ids[0], ids[1], ids[2]
	for _, id := range ids {
		rsvp(t, s, h.g.ID, id, kindred.RSVPGoing)
	}
	ctx := context.Background()
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetGatheringStatus(ctx, h.g.ID, kindred.GatheringHeld); err != nil {
			return err
		}
		return tx.SetListedPeople(ctx, h.g.ID, 1, []int64{h.ben})
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// memberReader is a member reading notes with a plain member's account.
func memberReader(id int64) kindred.NoteReader {
	return kindred.NoteReader{Account: &kindred.Account{Role: kindred.RoleMember}, MemberID: id}
}

// memberIDs lists the members of a table's people.
func memberIDs(people []kindred.TablePerson) []int64 {
	ids := make([]int64, len(people))
	for i, p := range people {
		ids[i] = p.MemberID
	}
	return ids
}

func addNote(t *testing.T, s *store.Store, n *kindred.HarvestNote) bool {
	t.Helper()
	var created bool
	err := s.WithTx(context.Background(), func(tx *store.Tx) (err error) {
		created, err = tx.AddHarvestNote(context.Background(), n)
		return err
	})
	if err != nil {
		t.Fatalf("add note %q: %v", n.Text, err)
	}
	return created
}

func TestHarvestNotesVisibility(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		h := seedHarvest(t, s)
		for _, n := range []kindred.HarvestNote{
			{Text: "Open ledger budgeting works", Consent: kindred.ConsentAttributable},
			{Text: "Shift swaps by text message", Consent: kindred.ConsentChatham},
			{Text: "Quietly leaving the coalition zebrafinch", Consent: kindred.ConsentOffRecord},
		} {
			n.GatheringID, n.Table, n.AuthorID, n.Prompt = h.g.ID, 1, h.ana, "A surprise"
			addNote(t, s, &n)
		}
		cases := []struct {
			name    string
			viewer  int64
			want    int
			offSeen bool
		}{{"author", h.ana, 3, true}, {"listed table mate", h.ben, 3, true}, {"other guest", h.cleo, 2, false}, {"account without a profile", 0, 2, false}}
		for _, c := range cases {
			got, err := s.NotesFor(ctx, memberReader(c.viewer), h.g.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != c.want {
				t.Errorf("%s sees %d notes, want %d", c.name, len(got), c.want)
			}
			for _, n := range got {
				if n.Consent == kindred.ConsentOffRecord && !c.offSeen {
					t.Errorf("%s sees the off-record note", c.name)
				}
				if n.Consent == kindred.ConsentChatham && n.AuthorName != "" && c.viewer != h.ana {
					t.Errorf("%s sees the chatham note's author %q", c.name, n.AuthorName)
				}
			}
		}
		for viewer, want := range map[int64]int{h.ben: 1, h.cleo: 0, 0: 0} {
			hits, err := s.SearchNotes(ctx, memberReader(viewer), "zebrafinch", 20)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != want {
				t.Errorf("search by %d found %d off-record notes, want %d", viewer, len(hits), want)
			}
		}
		hits, err := s.SearchNotes(ctx, memberReader(h.cleo), "shift swaps", 20)
		if err != nil || len(hits) != 1 || !strings.Contains(hits[0].Snippet, kindred.HighlightStart) || hits[0].Note.AuthorName != "" {
			t.Errorf("cleo's search for the chatham note: %+v, %v; want one highlighted hit without a name", hits, err)
		}
		if _, err := s.NoteFor(ctx, memberReader(h.cleo), hits[0].Note.ID+1); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("cleo opens the off-record note: %v, want ENOTFOUND", err)
		}
	})
}

func TestHarvestNoteStoredOnceAndValidated(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		h := seedHarvest(t, s)
		n := kindred.HarvestNote{GatheringID: h.g.ID, Table: 2, AuthorID: h.cleo, Text: "Peer coaching circles",
			Consent: kindred.ConsentChatham, ClientKey: "k-1"}
		first, again := n, n
		if !addNote(t, s, &first) || addNote(t, s, &again) || again.ID != first.ID {
			t.Errorf("resent note: ids %d, %d; want one note stored once", first.ID, again.ID)
		}
		got, err := s.NotesFor(context.Background(), memberReader(h.cleo), h.g.ID, 2)
		if err != nil || len(got) != 1 {
			t.Errorf("table 2 notes %d, %v; want 1", len(got), err)
		}
		bad := kindred.HarvestNote{GatheringID: h.g.ID, Table: 0, AuthorID: h.cleo, Consent: "maybe"}
		err = s.WithTx(context.Background(), func(tx *store.Tx) error {
			_, err := tx.AddHarvestNote(context.Background(), &bad)
			return err
		})
		fields := kindred.ErrorFields(err)
		for _, f := range []string{"text", "table", "consent"} {
			if fields[f] == "" {
				t.Errorf("bad note: no problem on %q in %v", f, fields)
			}
		}
	})
}

// TestTablePeopleFollowTheTablePlan: with a seating plan, a table's people
// are everyone seated there in any round (plus its notes' authors); the
// people a note-taker lists count only without a plan.
func TestTablePeopleFollowTheTablePlan(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		h := seedHarvest(t, s)
		dee := createMember(t, s, &kindred.Member{Name: "Dee", Email: "dee@example.org"}).ID
		author := createMember(t, s, &kindred.Member{Name: "Ari", Email: "ari@example.org"}).ID
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			if err := tx.SetListedPeople(ctx, h.g.ID, 1, []int64{h.ben, dee}); err != nil {
				return err
			}
			return tx.SaveTablePlan(ctx, &kindred.TablePlan{GatheringID: h.g.ID, Rounds: 2, TableSize: 6, Seats: []kindred.Seat{
				{Round: 1, Table: 1, MemberID: h.ana}, {Round: 1, Table: 2, MemberID: h.ben}, {Round: 1, Table: 2, MemberID: h.cleo},
				{Round: 2, Table: 2, MemberID: h.ana}, {Round: 2, Table: 1, MemberID: h.cleo}, {Round: 2, Table: 2, MemberID: h.ben}}})
		})
		if err != nil {
			t.Fatal(err)
		}
		addNote(t, s, &kindred.HarvestNote{GatheringID: h.g.ID, Table: 1, AuthorID: author, Text: "Secret merger talk",
			Consent: kindred.ConsentOffRecord})
		got, err := s.TablePeople(ctx, h.g.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		want := []int64{h.ana, h.cleo, author}
		if fmt.Sprint(memberIDs(got)) != fmt.Sprint(want) {
			t.Errorf("table 1's people %v, want %v (seated in any round, and the author; not the listed ones)", got, want)
		}
		for viewer, n := range map[int64]int{h.cleo: 1, h.ben: 0, dee: 0} {
			if hits, err := s.SearchNotes(ctx, memberReader(viewer), "merger", 10); err != nil || len(hits) != n {
				t.Errorf("member %d finds %d off-record notes (%v), want %d", viewer, len(hits), err, n)
			}
		}
	})
}

// TestNoteAuthorChangesConsentOrDeletes: when a table asks, the author moves
// a note off the record (search follows at once) or deletes it; nobody else can.
func TestNoteAuthorChangesConsentOrDeletes(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		h := seedHarvest(t, s)
		n := &kindred.HarvestNote{GatheringID: h.g.ID, Table: 1, AuthorID: h.ana, Text: "Pelicanvote for the merger", Consent: kindred.ConsentAttributable}
		addNote(t, s, n)
		found := func(viewer int64) int {
			hits, err := s.SearchNotes(ctx, memberReader(viewer), "pelicanvote", 10)
			if err != nil {
				t.Fatal(err)
			}
			return len(hits)
		}
		if found(h.cleo) != 1 {
			t.Fatalf("cleo does not find the shared note")
		}
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			if err := tx.SetNoteConsent(ctx, n.ID, h.ben, kindred.ConsentChatham); kindred.ErrorCode(err) != kindred.ENOTFOUND {
				t.Errorf("ben changes ana's note: %v, want ENOTFOUND", err)
			}
			return tx.SetNoteConsent(ctx, n.ID, h.ana, kindred.ConsentOffRecord)
		})
		if err != nil {
			t.Fatal(err)
		}
		if found(h.cleo) != 0 || found(h.ben) != 1 {
			t.Errorf("after going off the record: cleo finds %d, ben %d; want 0 and 1", found(h.cleo), found(h.ben))
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.DeleteHarvestNote(ctx, n.ID, h.ana) }); err != nil {
			t.Fatal(err)
		}
		if found(h.ben) != 0 {
			t.Errorf("a deleted note is still found")
		}
	})
}

// TestTablePeopleOnlyGuests: nobody can be made one of a table's people (and
// so a reader of its off-the-record notes) without being a guest there —
// not as note-taker, not by being listed — and an author whose notes are all
// deleted no longer belongs.
func TestTablePeopleOnlyGuests(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		h := seedHarvest(t, s)
		outsider := createMember(t, s, &kindred.Member{Name: "Oz", Email: "oz@example.org"}).ID
		people := func(table int) []int64 {
			people, err := s.TablePeople(ctx, h.g.ID, table)
			if err != nil {
				t.Fatal(err)
			}
			return memberIDs(people)
		}
		err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.SetNoteTaker(ctx, h.g.ID, 2, outsider) })
		if kindred.ErrorFields(err)["taker_2"] == "" {
			t.Errorf("an outsider made note-taker: %v, want EINVALID on taker_2", err)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.SetListedPeople(ctx, h.g.ID, 2, []int64{outsider, h.cleo}) }); err != nil {
			t.Fatal(err)
		}
		if got := people(2); fmt.Sprint(got) != fmt.Sprint([]int64{h.cleo}) {
			t.Errorf("table 2's people after listing an outsider and cleo: %v, want only cleo", got)
		}
		n := &kindred.HarvestNote{GatheringID: h.g.ID, Table: 3, AuthorID: h.ana, Text: "Wrong table", Consent: kindred.ConsentAttributable}
		addNote(t, s, n)
		if got := people(3); fmt.Sprint(got) != fmt.Sprint([]int64{h.ana}) {
			t.Fatalf("table 3's people with ana's note: %v", got)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.DeleteHarvestNote(ctx, n.ID, h.ana) }); err != nil {
			t.Fatal(err)
		}
		if got := people(3); len(got) != 0 {
			t.Errorf("table 3's people after ana deleted her only note there: %v, want none", got)
		}
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			if err := tx.SaveTablePlan(ctx, &kindred.TablePlan{GatheringID: h.g.ID, Rounds: 1, TableSize: 4, Seats: []kindred.Seat{
				{Round: 1, Table: 1, MemberID: h.ana}, {Round: 1, Table: 2, MemberID: h.ben}, {Round: 1, Table: 2, MemberID: h.cleo}}}); err != nil {
				return err
			}
			return tx.SetNoteTaker(ctx, h.g.ID, 1, h.ben)
		})
		if kindred.ErrorFields(err)["taker_1"] == "" {
			t.Errorf("a guest of table 2 made note-taker of table 1: %v, want EINVALID on taker_1", err)
		}
	})
}

// inviteOnlyFixture is a held invite-only dinner in Chicago: Ana wrote a
// shared note at table 1 and Ben was invited too; Hana hosts without an
// RSVP; Cleo, a member of the network, was not invited.
type inviteOnlyFixture struct {
	f                     fixture
	g                     *kindred.Gathering
	ana, ben, hana, cleo  int64
	note                  int64
	inviteReaders, others map[string]kindred.NoteReader
}

func seedInviteOnly(t *testing.T, s *store.Store) inviteOnlyFixture {
	t.Helper()
	ctx := context.Background()
	x := inviteOnlyFixture{f: seedDirectory(t, s)}
	ids := guests(t, s, 4)
	x.ana, x.ben, x.hana, x.cleo = ids[0], ids[1], ids[2], ids[3]
	g := dinner(x.f, 12)
	g.Title, g.Visibility, g.HostIDs = "Leaders table", kindred.VisibilityInvite, []int64{x.hana}
	x.g = createGathering(t, s, g)
	rsvp(t, s, x.g.ID, x.ana, kindred.RSVPGoing)
	rsvp(t, s, x.g.ID, x.ben, kindred.RSVPDeclined)
	if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.SetGatheringStatus(ctx, x.g.ID, kindred.GatheringHeld) }); err != nil {
		t.Fatal(err)
	}
	n := &kindred.HarvestNote{GatheringID: x.g.ID, Table: 1, AuthorID: x.ana, Text: "Heronwick ledger for the dues vote",
		Consent: kindred.ConsentAttributable}
	addNote(t, s, n)
	x.note = n.ID
	member := &kindred.Account{Role: kindred.RoleMember}
	x.inviteReaders = map[string]kindred.NoteReader{
		"ana (author)": memberReader(x.ana), "ben (invited, declined)": memberReader(x.ben), "hana (host)": memberReader(x.hana),
		"organizer of Chicago": {Account: &kindred.Account{Role: kindred.RoleOrganizer, CityIDs: []int64{x.f.chicago}}},
		"admin":                {Account: &kindred.Account{Role: kindred.RoleAdmin}},
	}
	x.others = map[string]kindred.NoteReader{
		"cleo (not invited)": memberReader(x.cleo), "account without a profile": {Account: member},
		"organizer of Boston": {Account: &kindred.Account{Role: kindred.RoleOrganizer, CityIDs: []int64{x.f.boston}}, MemberID: x.cleo},
	}
	return x
}

// reads counts how r reaches the note: the gathering's notes, search, and
// the note itself.
func (x inviteOnlyFixture) reads(t *testing.T, s *store.Store, r kindred.NoteReader, query string) (listed, found int, opened bool) {
	t.Helper()
	ctx := context.Background()
	notes, err := s.NotesFor(ctx, r, x.g.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	hits, err := s.SearchNotes(ctx, r, query, 20)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.NoteFor(ctx, r, x.note)
	if err != nil && kindred.ErrorCode(err) != kindred.ENOTFOUND {
		t.Fatal(err)
	}
	return len(notes), len(hits), err == nil
}

// networkScoped counts the notes matching query in the network's search scope.
func networkScoped(t *testing.T, s *store.Store, query string) int {
	t.Helper()
	hits, err := s.Search(context.Background(), kindred.SearchQuery{Text: query, Kinds: []string{"note"}, Scopes: []string{"network"}})
	if err != nil {
		t.Fatal(err)
	}
	return len(hits)
}

// TestInviteOnlyNotesStayWithTheInvited: a shared note of an invite-only
// gathering is read (listed, found, opened) only by those who may see the
// gathering, and the search index keeps it out of the network's scope —
// even once the gathering opens to the network (notes keep the scope they
// were written under), and again when it closes.
func TestInviteOnlyNotesStayWithTheInvited(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		x := seedInviteOnly(t, s)
		check := func(when string, open bool) {
			t.Helper()
			for name, r := range x.inviteReaders {
				if l, f, o := x.reads(t, s, r, "heronwick"); l != 1 || f != 1 || !o {
					t.Errorf("%s, %s: lists %d, finds %d, opens %v; want the note everywhere", when, name, l, f, o)
				}
			}
			for name, r := range x.others {
				l, f, o := x.reads(t, s, r, "heronwick")
				if got := l == 1 && f == 1 && o; got != open || (!open && (l != 0 || f != 0 || o)) {
					t.Errorf("%s, %s: lists %d, finds %d, opens %v; want the note %v", when, name, l, f, o, open)
				}
			}
			if got := networkScoped(t, s, "heronwick"); got != boolInt(open) {
				t.Errorf("%s: %d notes in the network's search scope, want %d", when, got, boolInt(open))
			}
		}
		check("invite-only", false)
		setVisibility(t, s, x.g.ID, kindred.VisibilityNetwork)
		check("opened to the network", false)
		setVisibility(t, s, x.g.ID, kindred.VisibilityInvite)
		check("invite-only again", false)
	})
}

// TestNotesKeepTheScopeTheyWereWrittenUnder: opening an invite-only
// gathering to the network never widens the notes written before; the
// notes written while it is open follow it, narrowed when it closes again.
func TestNotesKeepTheScopeTheyWereWrittenUnder(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		x := seedInviteOnly(t, s)
		setVisibility(t, s, x.g.ID, kindred.VisibilityNetwork)
		addNote(t, s, &kindred.HarvestNote{GatheringID: x.g.ID, Table: 1, AuthorID: x.ana, Text: "Egretfield phone tree, said in the open",
			Consent: kindred.ConsentAttributable})
		cleo := memberReader(x.cleo)
		texts := func() string {
			notes, err := s.NotesFor(ctx, cleo, x.g.ID, 0)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, n := range notes {
				out = append(out, n.Text)
			}
			for _, q := range []string{"heronwick", "egretfield"} {
				hits, err := s.SearchNotes(ctx, cleo, q, 10)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, fmt.Sprintf("%s:%d", q, len(hits)))
			}
			return strings.Join(out, " | ")
		}
		want := "Egretfield phone tree, said in the open | heronwick:0 | egretfield:1"
		if got := texts(); got != want {
			t.Errorf("opened to the network, cleo (not invited) reads %q, want %q", got, want)
		}
		if _, err := s.NoteFor(ctx, cleo, x.note); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("cleo opens the note written while the gathering was invite-only: %v, want ENOTFOUND", err)
		}
		for name, r := range x.inviteReaders {
			if hits, err := s.SearchNotes(ctx, r, "heronwick", 10); err != nil || len(hits) != 1 {
				t.Errorf("opened to the network, %s finds the invite-only note %d times (%v), want 1", name, len(hits), err)
			}
		}
		setVisibility(t, s, x.g.ID, kindred.VisibilityInvite)
		if got := texts(); got != "heronwick:0 | egretfield:0" {
			t.Errorf("invite-only again, cleo reads %q, want nothing", got)
		}
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// setVisibility changes a gathering's visibility through UpdateGathering.
func setVisibility(t *testing.T, s *store.Store, gatheringID int64, visibility string) {
	t.Helper()
	updateGathering(t, s, gatheringID, func(g *kindred.Gathering) { g.Visibility = visibility })
}

func updateGathering(t *testing.T, s *store.Store, gatheringID int64, change func(*kindred.Gathering)) {
	t.Helper()
	ctx := context.Background()
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		g, err := tx.Gathering(ctx, gatheringID)
		if err != nil {
			return err
		}
		change(g)
		_, _, err = tx.UpdateGathering(ctx, *g, false)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestNoteSearchFollowsGatheringChanges: a renamed gathering's notes are
// found by its new title, not its old one; a network gathering put back to
// draft takes its shared notes out of the network's scope.
func TestNoteSearchFollowsGatheringChanges(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		h := seedHarvest(t, s)
		addNote(t, s, &kindred.HarvestNote{GatheringID: h.g.ID, Table: 2, AuthorID: h.cleo, Text: "Dues ledger in the open",
			Consent: kindred.ConsentChatham})
		updateGathering(t, s, h.g.ID, func(g *kindred.Gathering) { g.Title = "Marigold supper" })
		for query, want := range map[string]int{"marigold": 1, "chicago cop": 0} {
			hits, err := s.SearchNotes(ctx, memberReader(h.ben), query, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) != want || (want == 1 && !strings.Contains(hits[0].Title, "supper · table 2")) {
				t.Errorf("after the rename, %q finds %d notes (%+v), want %d titled with the new name", query, len(hits), hits, want)
			}
		}
		err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.SetGatheringStatus(ctx, h.g.ID, kindred.GatheringDraft) })
		if err != nil {
			t.Fatal(err)
		}
		if got := networkScoped(t, s, "ledger"); got != 0 {
			t.Errorf("a draft gathering's shared note is in the network's scope (%d)", got)
		}
		if hits, err := s.SearchNotes(ctx, memberReader(h.ben), "ledger", 10); err != nil || len(hits) != 0 {
			t.Errorf("a guest finds a draft gathering's note: %d (%v), want 0", len(hits), err)
		}
	})
}

// TestSimultaneousResendsStoreOneNote sends one note (one client key) from
// 24 connections at once, as a phone retrying over a flaky network can:
// every send succeeds, exactly one stores it, and all name the same note.
func TestSimultaneousResendsStoreOneNote(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		h := seedHarvest(t, s)
		const sends = 24
		var wg sync.WaitGroup
		ids, created, errs := make([]int64, sends), make([]bool, sends), make([]error, sends)
		start := make(chan struct{})
		for i := range sends {
			wg.Go(func() {
				<-start
				n := kindred.HarvestNote{GatheringID: h.g.ID, Table: 1, AuthorID: h.ana, Text: "Text-banking volunteers",
					Consent: kindred.ConsentAttributable, ClientKey: "resend-1"}
				errs[i] = s.WithTx(context.Background(), func(tx *store.Tx) (err error) {
					created[i], err = tx.AddHarvestNote(context.Background(), &n)
					return err
				})
				ids[i] = n.ID
			})
		}
		close(start)
		wg.Wait()
		stored := 0
		for i := range sends {
			if errs[i] != nil {
				t.Errorf("send %d: %v", i, errs[i])
			}
			if created[i] {
				stored++
			}
			if ids[i] != ids[0] {
				t.Errorf("send %d names note %d, send 0 note %d", i, ids[i], ids[0])
			}
		}
		if stored != 1 {
			t.Errorf("%d sends stored the note, want 1", stored)
		}
	})
}

// TestTablePeopleCountFromWhenTheyJoined: the people of a table read its
// off-the-record notes written since they joined it — a note-taker named
// later, a guest who answered later and was listed, a seat added to the
// plan later read none written before, only those after.
func TestTablePeopleCountFromWhenTheyJoined(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		h := seedHarvest(t, s) // ben listed at table 1, answered before any note
		early := &kindred.HarvestNote{GatheringID: h.g.ID, Table: 1, AuthorID: h.ana, Text: "Early osprey secret", Consent: kindred.ConsentOffRecord}
		addNote(t, s, early)
		late := createMember(t, s, &kindred.Member{Name: "Lou Late", Email: "lou.late@example.org"}).ID // answers only now
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			if err := tx.SetGatheringStatus(ctx, h.g.ID, kindred.GatheringOpen); err != nil {
				return err
			}
			if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: h.g.ID, MemberID: late, Status: kindred.RSVPGoing}); err != nil {
				return err
			}
			if err := tx.SetListedPeople(ctx, h.g.ID, 1, []int64{h.ben, late}); err != nil {
				return err
			}
			return tx.SetNoteTaker(ctx, h.g.ID, 1, h.cleo) // named after the note
		})
		if err != nil {
			t.Fatal(err)
		}
		reads := func(viewer int64, text string) bool {
			notes, err := s.NotesFor(ctx, memberReader(viewer), h.g.ID, 1)
			if err != nil {
				t.Fatal(err)
			}
			return slices.ContainsFunc(notes, func(n kindred.HarvestNote) bool { return n.Text == text })
		}
		for name, c := range map[string]struct {
			viewer int64
			want   bool
		}{"ben, listed, coming from the start": {h.ben, true}, "a guest who answered after the note": {late, false},
			"cleo, named note-taker after the note": {h.cleo, false}} {
			if got := reads(c.viewer, early.Text); got != c.want {
				t.Errorf("%s reads the earlier off-record note: %v, want %v", name, got, c.want)
			}
		}
		later := &kindred.HarvestNote{GatheringID: h.g.ID, Table: 1, AuthorID: h.cleo, Text: "Later osprey secret", Consent: kindred.ConsentOffRecord}
		addNote(t, s, later)
		for _, viewer := range []int64{h.ben, late, h.cleo} {
			if !reads(viewer, later.Text) {
				t.Errorf("member %d, at table 1 when the later note was written, does not read it", viewer)
			}
		}
		if hits, err := s.SearchNotes(ctx, memberReader(late), "osprey", 10); err != nil || len(hits) != 1 || hits[0].Note.Text != later.Text {
			t.Errorf("the late guest's search finds %+v (%v), want only the later note", hits, err)
		}
		checkSeatsFromWhenPlanned(t, s, h)
	})
}

// checkSeatsFromWhenPlanned: with a table plan, a seat added after a note
// was written does not read it; the people seated when it was do.
func checkSeatsFromWhenPlanned(t *testing.T, s *store.Store, h harvestFixture) {
	t.Helper()
	ctx := context.Background()
	g := createGathering(t, s, dinner(fixture{chicago: h.g.CityID}, 12))
	for _, id := range []int64{h.ana, h.ben, h.cleo} {
		rsvp(t, s, g.ID, id, kindred.RSVPGoing)
	}
	plan := &kindred.TablePlan{GatheringID: g.ID, Rounds: 1, TableSize: 6, Seats: []kindred.Seat{
		{Round: 1, Table: 1, MemberID: h.ana}, {Round: 1, Table: 1, MemberID: h.ben}, {Round: 1, Table: 2, MemberID: h.cleo}}}
	if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.SaveTablePlan(ctx, plan) }); err != nil {
		t.Fatal(err)
	}
	addNote(t, s, &kindred.HarvestNote{GatheringID: g.ID, Table: 1, AuthorID: h.ana, Text: "Planned heron secret", Consent: kindred.ConsentOffRecord})
	plan.Seats[2].Table = 1 // cleo moved to table 1 after the note
	if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.SaveTablePlan(ctx, plan) }); err != nil {
		t.Fatal(err)
	}
	for viewer, want := range map[int64]int{h.ben: 1, h.cleo: 0} {
		if notes, err := s.NotesFor(ctx, memberReader(viewer), g.ID, 1); err != nil || len(notes) != want {
			t.Errorf("member %d reads %d of table 1's notes (%v), want %d", viewer, len(notes), err, want)
		}
	}
}
