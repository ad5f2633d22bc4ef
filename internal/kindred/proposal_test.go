package kindred_test

import (
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
)

// proposalViewers are the people of the proposal rules: a member living in
// Chicago (member 1), one in Boston (member 2), one with no city (3),
// Chicago's and Boston's organizers, an administrator, and an account
// without a profile.
func proposalViewers() map[string]*kindred.Viewer {
	const chicago, boston = 1, 2
	member := &kindred.Account{Role: kindred.RoleMember}
	return map[string]*kindred.Viewer{
		"chicagoan": {Account: member, Member: &kindred.Member{ID: 1, CityID: chicago}},
		"bostonian": {Account: member, Member: &kindred.Member{ID: 2, CityID: boston}},
		"homeless":  {Account: member, Member: &kindred.Member{ID: 3}},
		"organizer": {Account: &kindred.Account{Role: kindred.RoleOrganizer, CityIDs: []int64{chicago}}, Member: &kindred.Member{ID: 4, CityID: chicago}},
		"elsewhere": {Account: &kindred.Account{Role: kindred.RoleOrganizer, CityIDs: []int64{boston}}},
		"admin":     {Account: &kindred.Account{Role: kindred.RoleAdmin}},
		"noprofile": {Account: member},
	}
}

// TestMayPropose: a member proposes only in the city on their profile.
func TestMayPropose(t *testing.T) {
	t.Parallel()
	vs := proposalViewers()
	g := &kindred.Gathering{CityID: 1}
	for who, want := range map[string]string{"chicagoan": "", "bostonian": kindred.EFORBIDDEN, "homeless": kindred.EFORBIDDEN,
		"organizer": "", "elsewhere": kindred.ECONFLICT, "admin": kindred.ECONFLICT, "noprofile": kindred.ECONFLICT} {
		if got := kindred.ErrorCode(g.MayPropose(vs[who])); got != want {
			t.Errorf("%s proposing in Chicago: %q, want %q", who, got, want)
		}
	}
	if !g.PublishesDirectly(vs["organizer"], false) || g.PublishesDirectly(vs["chicagoan"], false) || !g.PublishesDirectly(vs["chicagoan"], true) {
		t.Error("PublishesDirectly: want organizers of the city and trusted hosts only")
	}
}

// TestProposalReviewAndRevision: organizers of the city review a proposal
// still open to review; only its proposer revises it, while it waits.
func TestProposalReviewAndRevision(t *testing.T) {
	t.Parallel()
	vs := proposalViewers()
	for _, c := range []struct {
		state          kindred.ProposalReview
		who            string
		review, revise string // the error codes wanted
	}{
		{kindred.ProposalPending, "organizer", "", kindred.EFORBIDDEN},
		{kindred.ProposalPending, "admin", "", kindred.EFORBIDDEN},
		{kindred.ProposalPending, "elsewhere", kindred.EFORBIDDEN, kindred.EFORBIDDEN},
		{kindred.ProposalPending, "chicagoan", kindred.EFORBIDDEN, ""},
		{kindred.ProposalChanges, "chicagoan", kindred.EFORBIDDEN, ""},
		{kindred.ProposalChanges, "organizer", "", kindred.EFORBIDDEN},
		{kindred.ProposalDeclined, "chicagoan", kindred.EFORBIDDEN, kindred.ECONFLICT},
		{kindred.ProposalDeclined, "organizer", kindred.ECONFLICT, kindred.EFORBIDDEN},
		{kindred.ProposalApproved, "chicagoan", kindred.EFORBIDDEN, kindred.ECONFLICT},
		{kindred.ProposalApproved, "organizer", kindred.ECONFLICT, kindred.EFORBIDDEN},
		{kindred.ProposalPending, "bostonian", kindred.EFORBIDDEN, kindred.EFORBIDDEN},
	} {
		status := kindred.GatheringDraft
		if c.state == kindred.ProposalApproved {
			status = kindred.GatheringOpen
		}
		p := &kindred.Proposal{Gathering: &kindred.Gathering{CityID: 1, Title: "Supper", Status: status}, MemberID: 1, Review: c.state}
		if got := kindred.ErrorCode(p.MayReview(vs[c.who])); got != c.review {
			t.Errorf("%s reviewing a %s proposal: %q, want %q", c.who, c.state, got, c.review)
		}
		if got := kindred.ErrorCode(p.MayRevise(vs[c.who])); got != c.revise {
			t.Errorf("%s revising a %s proposal: %q, want %q", c.who, c.state, got, c.revise)
		}
	}
	opened := &kindred.Proposal{Gathering: &kindred.Gathering{CityID: 1, Status: kindred.GatheringOpen}, MemberID: 1, Review: kindred.ProposalPending}
	if kindred.ErrorCode(opened.MayReview(vs["organizer"])) != kindred.ECONFLICT || kindred.ErrorCode(opened.MayRevise(vs["chicagoan"])) != kindred.ECONFLICT {
		t.Error("a pending proposal an organizer opened on its edit page may still be reviewed or revised")
	}
}

// TestParseReview: asking for changes needs a message; an unknown
// decision names the field.
func TestParseReview(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		decision, message string
		want              kindred.ProposalReview
		field             string
	}{
		{"approve", "", kindred.ProposalApproved, ""},
		{"decline", "", kindred.ProposalDeclined, ""},
		{"changes", "Start at 7.", kindred.ProposalChanges, ""},
		{"changes", "  ", "", "message"},
		{"maybe", "", "", "decision"},
	} {
		got, _, err := kindred.ParseReview(c.decision, c.message)
		if got != c.want || (c.field != "" && kindred.ErrorFields(err)[c.field] == "") || (c.field == "" && err != nil) {
			t.Errorf("ParseReview(%q, %q) = %q, %v; want %q naming %q", c.decision, c.message, got, err, c.want, c.field)
		}
	}
}

// TestProposedDinnerVisibilityAndHost: while a draft, a proposed dinner is
// seen by its proposer and the city's organizers only; once open, its
// proposer has the host's view of it, and no other member does.
func TestProposedDinnerVisibilityAndHost(t *testing.T) {
	t.Parallel()
	vs := proposalViewers()
	never := func() bool { return false }
	draft := &kindred.Gathering{CityID: 1, Title: "Supper", Visibility: kindred.VisibilityNetwork, Status: kindred.GatheringDraft, ProposedBy: 1}
	open := *draft
	open.Status = kindred.GatheringOpen
	for who, want := range map[string][3]bool{ // sees the draft, hosts the draft, hosts the open dinner
		"chicagoan": {true, false, true}, "bostonian": {false, false, false}, "organizer": {true, true, true},
		"elsewhere": {false, false, false}, "admin": {true, true, true}, "noprofile": {false, false, false},
	} {
		v := vs[who]
		got := [3]bool{draft.VisibleTo(v, never), draft.MayHost(v) == nil, open.MayHost(v) == nil}
		if got != want {
			t.Errorf("%s: sees draft, hosts draft, hosts open = %v, want %v", who, got, want)
		}
	}
	organizerMade := &kindred.Gathering{CityID: 1, Visibility: kindred.VisibilityNetwork, Status: kindred.GatheringDraft}
	if organizerMade.VisibleTo(vs["chicagoan"], never) || organizerMade.VisibleTo(&kindred.Viewer{}, never) {
		t.Error("a draft nobody proposed is seen by a member")
	}
}
