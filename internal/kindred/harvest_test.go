package kindred_test

import (
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

func TestHarvestNoteVisibility(t *testing.T) {
	t.Parallel()
	const author, mate, other, later = 1, 2, 3, 4
	written := time.Date(2026, 3, 5, 20, 0, 0, 0, time.UTC)
	people := []kindred.TablePerson{{MemberID: author, Since: written}, {MemberID: mate, Since: written.Add(-time.Hour)},
		{MemberID: later, Since: written.Add(time.Second)}}
	cases := []struct {
		consent       kindred.NoteConsent
		viewer        int64
		seesGathering bool
		wantVisible   bool
		wantAuthor    bool
	}{
		{kindred.ConsentAttributable, other, true, true, true},
		{kindred.ConsentAttributable, 0, true, true, true},
		{kindred.ConsentChatham, other, true, true, false},
		{kindred.ConsentChatham, mate, true, true, false},
		{kindred.ConsentChatham, author, true, true, true},
		{kindred.ConsentOffRecord, mate, true, true, false},
		{kindred.ConsentOffRecord, author, true, true, true},
		{kindred.ConsentOffRecord, other, true, false, false},
		{kindred.ConsentOffRecord, 0, true, false, false},
		// Who joined the table after the note was written (named its
		// note-taker, listed, seated) does not read it; shared notes, yes.
		{kindred.ConsentOffRecord, later, true, false, false},
		{kindred.ConsentChatham, later, true, true, false},
		// Who may not see the gathering reads none of its notes; its author
		// always reads what they wrote.
		{kindred.ConsentAttributable, other, false, false, false},
		{kindred.ConsentChatham, 0, false, false, false},
		{kindred.ConsentOffRecord, mate, false, false, false},
		{kindred.ConsentChatham, author, false, true, true},
	}
	for _, c := range cases {
		n := kindred.HarvestNote{Table: 4, AuthorID: author, AuthorName: "Ana", Consent: c.consent, Text: "x", CreatedAt: written}
		got, ok := n.ForViewer(c.viewer, c.seesGathering, people)
		if ok != c.wantVisible || (got.AuthorName != "") != c.wantAuthor {
			t.Errorf("%s note for viewer %d (sees gathering %v): visible %v, author %q; want visible %v, named %v",
				c.consent, c.viewer, c.seesGathering, ok, got.AuthorName, c.wantVisible, c.wantAuthor)
		}
		if ok && !c.wantAuthor && got.Byline(c.viewer) != "Someone at table 4" {
			t.Errorf("%s note byline for %d: %q", c.consent, c.viewer, got.Byline(c.viewer))
		}
	}
}

// TestHarvestNoteScopes: the search scope and the practice label follow the
// consent and whether the gathering is open to the network.
func TestHarvestNoteScopes(t *testing.T) {
	t.Parallel()
	cases := []struct {
		consent     kindred.NoteConsent
		open        bool
		scope       string
		label       string
		networkWide bool
	}{
		{kindred.ConsentOffRecord, true, "table:9:4", "A table conversation at Dinner (table 4)", false},
		{kindred.ConsentChatham, true, "network", "A table conversation at Dinner (table 4)", true},
		{kindred.ConsentAttributable, false, "gathering:9", "A table conversation at an invite-only gathering (table 4)", false},
		{kindred.ConsentOffRecord, false, "table:9:4", "A table conversation at an invite-only gathering (table 4)", false},
	}
	for _, c := range cases {
		n := kindred.HarvestNote{GatheringID: 9, Table: 4, Consent: c.consent, GatheringTitle: "Dinner", GatheringOpen: c.open, AuthorName: "Ana"}
		src := n.PracticeSources()
		if n.SearchScope() != c.scope || src[0].Label != c.label || n.NetworkWide() != c.networkWide {
			t.Errorf("%s note, gathering open %v: scope %q, source %q, network-wide %v; want %q, %q, %v",
				c.consent, c.open, n.SearchScope(), src[0].Label, n.NetworkWide(), c.scope, c.label, c.networkWide)
		}
		if !c.open && src[1].Label == "Dinner" {
			t.Errorf("a practice from an invite-only gathering's note names the gathering: %q", src[1].Label)
		}
	}
}

// TestGatheringVisibleTo: organizers of the city and administrators see
// every gathering there; others see open network gatherings, and the
// others only when they are on the list, never a draft.
func TestGatheringVisibleTo(t *testing.T) {
	t.Parallel()
	const chicago, boston = 1, 2
	member := &kindred.Account{Role: kindred.RoleMember}
	organizer := &kindred.Account{Role: kindred.RoleOrganizer, CityIDs: []int64{chicago}}
	elsewhere := &kindred.Account{Role: kindred.RoleOrganizer, CityIDs: []int64{boston}}
	admin := &kindred.Account{Role: kindred.RoleAdmin}
	cases := []struct {
		vis    string
		status kindred.GatheringStatus
		acct   *kindred.Account
		listed bool
		want   bool
	}{
		{kindred.VisibilityNetwork, kindred.GatheringOpen, member, false, true},
		{kindred.VisibilityNetwork, kindred.GatheringDraft, member, true, false},
		{kindred.VisibilityInvite, kindred.GatheringHeld, member, false, false},
		{kindred.VisibilityInvite, kindred.GatheringHeld, member, true, true},
		{kindred.VisibilityInvite, kindred.GatheringDraft, member, true, false},
		{kindred.VisibilityInvite, kindred.GatheringHeld, elsewhere, false, false},
		{kindred.VisibilityInvite, kindred.GatheringHeld, elsewhere, true, true},
		{kindred.VisibilityInvite, kindred.GatheringDraft, organizer, false, true},
		{kindred.VisibilityInvite, kindred.GatheringHeld, admin, false, true},
		{kindred.VisibilityInvite, kindred.GatheringHeld, nil, false, false},
	}
	for _, c := range cases {
		g := &kindred.Gathering{CityID: chicago, Visibility: c.vis, Status: c.status}
		asked := false
		got := g.VisibleTo(&kindred.Viewer{Account: c.acct, Member: &kindred.Member{ID: 1}}, func() bool { asked = true; return c.listed })
		if got != c.want {
			t.Errorf("%s %s gathering for %+v (listed %v): visible %v, want %v", c.vis, c.status, c.acct, c.listed, got, c.want)
		}
		if asked && (g.OpenToNetwork() || c.acct.CanOrganize(chicago)) {
			t.Errorf("%s %s gathering for %+v: asked for the list when it did not matter", c.vis, c.status, c.acct)
		}
	}
}
