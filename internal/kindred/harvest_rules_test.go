package kindred_test

import (
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// TestNoteAudience: a note written while its gathering was invite-only
// stays with those who may see an invite-only gathering when the gathering
// is opened; a note written while it was open follows it when it closes.
func TestNoteAudience(t *testing.T) {
	t.Parallel()
	member := &kindred.Account{Role: kindred.RoleMember}
	cases := []struct {
		writtenOpen bool
		nowVis      string
		listed      bool
		want        bool
	}{
		{false, kindred.VisibilityNetwork, false, false},
		{false, kindred.VisibilityNetwork, true, true},
		{true, kindred.VisibilityNetwork, false, true},
		{true, kindred.VisibilityInvite, false, false},
		{true, kindred.VisibilityInvite, true, true},
	}
	for _, c := range cases {
		n := kindred.HarvestNote{WrittenOpen: c.writtenOpen}
		g := n.Audience(kindred.Gathering{CityID: 1, Visibility: c.nowVis, Status: kindred.GatheringHeld})
		if got := g.VisibleTo(&kindred.Viewer{Account: member, Member: &kindred.Member{ID: 7}}, func() bool { return c.listed }); got != c.want {
			t.Errorf("note written open %v, gathering now %s, reader listed %v: sees %v, want %v", c.writtenOpen, c.nowVis, c.listed, got, c.want)
		}
	}
}

// TestWhoTakesATablesNotes: the named note-taker alone; without one, the
// table's people; at an unclaimed table, hosts and guests coming; and
// always an organizer of the city, typing up paper notes.
func TestWhoTakesATablesNotes(t *testing.T) {
	t.Parallel()
	const host, guest, stranger, taker, seated, organizer = 1, 2, 3, 4, 5, 6
	g := &kindred.Gathering{CityID: 1, HostIDs: []int64{host}}
	viewer := func(m int64) *kindred.Viewer {
		v := &kindred.Viewer{Account: &kindred.Account{Role: kindred.RoleMember}}
		if m == organizer {
			v.Account = &kindred.Account{Role: kindred.RoleOrganizer, CityIDs: []int64{g.CityID}}
		}
		if m != 0 {
			v.Member = &kindred.Member{ID: m}
		}
		return v
	}
	isGuest := func(m int64) bool { return m == guest || m == seated || m == taker }
	people := []kindred.TablePerson{{MemberID: seated}}
	cases := []struct {
		name  string
		table kindred.HarvestTable
		who   int64
		want  bool
	}{
		{"no profile", kindred.HarvestTable{Number: 1}, 0, false},
		{"the named note-taker", kindred.HarvestTable{Number: 1, NoteTaker: taker}, taker, true},
		{"a host beside the note-taker", kindred.HarvestTable{Number: 1, NoteTaker: taker}, host, false},
		{"seated, with a plan", kindred.HarvestTable{Number: 1, HasPlan: true, People: people}, seated, true},
		{"a guest seated elsewhere", kindred.HarvestTable{Number: 1, HasPlan: true, People: people}, guest, false},
		{"a guest at a claimed table", kindred.HarvestTable{Number: 1, People: people}, guest, false},
		{"a guest at an unclaimed table", kindred.HarvestTable{Number: 1}, guest, true},
		{"a host at an unclaimed table", kindred.HarvestTable{Number: 1}, host, true},
		{"a stranger at an unclaimed table", kindred.HarvestTable{Number: 1}, stranger, false},
		{"an empty table of a plan", kindred.HarvestTable{Number: 1, HasPlan: true}, host, false},
		{"the city's organizer typing up a note-taker's paper notes", kindred.HarvestTable{Number: 1, NoteTaker: taker}, organizer, true},
		{"the city's organizer typing up a seated table's paper notes", kindred.HarvestTable{Number: 1, HasPlan: true, People: people}, organizer, true},
	}
	for _, c := range cases {
		err := c.table.MayWrite(viewer(c.who), g, isGuest(c.who))
		if (err == nil) != c.want || (err != nil && kindred.ErrorCode(err) != kindred.EFORBIDDEN) {
			t.Errorf("%s: %v, want allowed %v", c.name, err, c.want)
		}
	}
	if err := (&kindred.HarvestTable{Number: 1, HasPlan: true, People: people}).MayListPeople(viewer(seated), g, isGuest(seated)); err == nil {
		t.Errorf("a seated guest lists the people of a table that has a plan")
	}
	if err := (&kindred.HarvestTable{Number: 1, NoteTaker: taker}).MayListPeople(viewer(taker), g, isGuest(taker)); err != nil {
		t.Errorf("the note-taker of a table without a plan lists its people: %v", err)
	}
}

// TestNoteTakersNamedBeforeTheGathering: hosts name a note-taker until the
// gathering starts; afterwards they keep or clear one, never name another.
func TestNoteTakersNamedBeforeTheGathering(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 5, 19, 0, 0, 0, time.UTC)
	g := &kindred.Gathering{StartsAt: start, Status: kindred.GatheringOpen}
	table := kindred.HarvestTable{Number: 2, NoteTaker: 7}
	cases := []struct {
		at     time.Time
		member int64
		ok     bool
	}{
		{start.Add(-time.Hour), 8, true},
		{start, 8, false},
		{start.Add(time.Hour), 7, true},
		{start.Add(time.Hour), 0, true},
	}
	for _, c := range cases {
		err := table.MayName(g, c.member, c.at)
		if (err == nil) != c.ok || (err != nil && kindred.ErrorFields(err)["taker_2"] == "") {
			t.Errorf("name %d at %s: %v, want allowed %v (refusal naming taker_2)", c.member, c.at, err, c.ok)
		}
	}
}

func TestWhoSetsUpTheHarvest(t *testing.T) {
	t.Parallel()
	g := &kindred.Gathering{CityID: 1, HostIDs: []int64{5}}
	cases := []struct {
		name string
		v    *kindred.Viewer
		want bool
	}{
		{"the host", &kindred.Viewer{Account: &kindred.Account{Role: kindred.RoleMember}, Member: &kindred.Member{ID: 5}}, true},
		{"a guest", &kindred.Viewer{Account: &kindred.Account{Role: kindred.RoleMember}, Member: &kindred.Member{ID: 6}}, false},
		{"the city's organizer", &kindred.Viewer{Account: &kindred.Account{Role: kindred.RoleOrganizer, CityIDs: []int64{1}}}, true},
		{"another city's organizer", &kindred.Viewer{Account: &kindred.Account{Role: kindred.RoleOrganizer, CityIDs: []int64{2}}}, false},
		{"an administrator", &kindred.Viewer{Account: &kindred.Account{Role: kindred.RoleAdmin}}, true},
		{"anonymous", &kindred.Viewer{}, false},
	}
	for _, c := range cases {
		if err := g.MaySetUpHarvest(c.v); (err == nil) != c.want {
			t.Errorf("%s sets up the harvest: %v, want allowed %v", c.name, err, c.want)
		}
	}
}
