package kindred

import (
	"testing"
	"time"
)

// The people of the gathering rules' tables: Chicago is city 7, Boston 8.
var (
	chicagoHost = &Viewer{Account: &Account{ID: 1, Role: RoleOrganizer, CityIDs: []int64{7}}, Member: &Member{ID: 11}}
	bostonHost  = &Viewer{Account: &Account{ID: 2, Role: RoleOrganizer, CityIDs: []int64{8}}}
	bothHost    = &Viewer{Account: &Account{ID: 3, Role: RoleOrganizer, CityIDs: []int64{7, 8}}}
	anAdmin     = &Viewer{Account: &Account{ID: 4, Role: RoleAdmin}}
	aMember     = &Viewer{Account: &Account{ID: 5, Role: RoleMember}, Member: &Member{ID: 15}}
	noProfile   = &Viewer{Account: &Account{ID: 6, Role: RoleMember}}
)

func TestGatheringMayChangeTo(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		v      *Viewer
		to     int64
		code   string
		onCity bool
	}{
		{"organizer of the city, same city", chicagoHost, 7, "", false},
		{"organizer of the city, to a city he does not organize", chicagoHost, 8, EFORBIDDEN, true},
		{"organizer of both cities", bothHost, 8, "", false},
		{"organizer of the other city, pulling it there", bostonHost, 8, EFORBIDDEN, false},
		{"administrator", anAdmin, 8, "", false},
		{"member", aMember, 7, EFORBIDDEN, false},
		{"anonymous", &Viewer{}, 7, EFORBIDDEN, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			old := &Gathering{CityID: 7, CityName: "Chicago"}
			err := old.MayChangeTo(c.v, &Gathering{CityID: c.to})
			if ErrorCode(err) != c.code || (ErrorFields(err)["city_id"] != "") != c.onCity {
				t.Errorf("MayChangeTo = %v (fields %v), want code %q, on city_id %v", err, ErrorFields(err), c.code, c.onCity)
			}
		})
	}
}

func TestGatheringAnswerFor(t *testing.T) {
	t.Parallel()
	g := &Gathering{CityID: 7}
	for _, c := range []struct {
		name        string
		v           *Viewer
		memberID    int64
		want        int64
		byOrganizer bool
		code        string
	}{
		{"a member for themself", aMember, 0, 15, false, ""},
		{"a member naming themself", aMember, 15, 15, false, ""},
		{"a member for another", aMember, 99, 0, false, EFORBIDDEN},
		{"an organizer of the city for another", chicagoHost, 99, 99, true, ""},
		{"an organizer of the city for themself", chicagoHost, 0, 11, false, ""},
		{"an organizer of another city for another", bostonHost, 99, 0, false, EFORBIDDEN},
		{"an organizer without a profile naming nobody", bothHost, 0, 0, false, EINVALID},
		{"an account without a profile", noProfile, 0, 0, false, ECONFLICT},
		{"an administrator for anyone", anAdmin, 99, 99, true, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, by, err := g.AnswerFor(c.v, c.memberID)
			if got != c.want || by != c.byOrganizer || ErrorCode(err) != c.code {
				t.Errorf("AnswerFor = %d, %v, %v; want %d, %v, code %q", got, by, err, c.want, c.byOrganizer, c.code)
			}
		})
	}
}

func TestGatheringAllowsRSVP(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		status      GatheringStatus
		answer      RSVPStatus
		byOrganizer bool
		ok          bool
	}{
		{GatheringOpen, RSVPGoing, false, true},
		{GatheringOpen, RSVPAttended, false, false},
		{GatheringOpen, RSVPAttended, true, true},
		{GatheringClosed, RSVPGoing, false, false},
		{GatheringClosed, RSVPGoing, true, true},
		{GatheringCancelled, RSVPGoing, true, false},
	} {
		err := (&Gathering{Status: c.status}).AllowsRSVP(RSVPRequest{Status: c.answer, ByOrganizer: c.byOrganizer})
		if (err == nil) != c.ok {
			t.Errorf("%s gathering, %s by organizer %v: %v, want allowed %v", c.status, c.answer, c.byOrganizer, err, c.ok)
		}
	}
}

// TestGatheringVisibleToNeedsAProfileForTheList: an invite-only gathering
// is seen through its list only by a profile on it; an account without one
// is never asked about.
func TestGatheringVisibleToNeedsAProfileForTheList(t *testing.T) {
	t.Parallel()
	g := &Gathering{CityID: 7, Visibility: VisibilityInvite, Status: GatheringOpen}
	asked := false
	if g.VisibleTo(noProfile, func() bool { asked = true; return true }) || asked {
		t.Errorf("an account without a profile sees an invite-only gathering (list asked: %v)", asked)
	}
	if !g.VisibleTo(aMember, func() bool { return true }) || g.VisibleTo(aMember, func() bool { return false }) {
		t.Error("a member sees an invite-only gathering exactly when on its list")
	}
	if !g.VisibleTo(chicagoHost, func() bool { t.Error("asked the list of an organizer of the city"); return false }) {
		t.Error("the city's organizer does not see it")
	}
}

// TestSeesJoinLink: an online gathering's link goes to organizers of its
// city and guests whose seat is confirmed; never the waitlist, those
// awaiting approval, the invited, other members or the public.
func TestSeesJoinLink(t *testing.T) {
	t.Parallel()
	g := &Gathering{CityID: 7, JoinURL: "https://meet.example.org/x", Status: GatheringOpen}
	rsvp := func(st RSVPStatus) *RSVP { return &RSVP{MemberID: 15, Status: st} }
	for _, c := range []struct {
		name string
		v    *Viewer
		mine *RSVP
		want bool
	}{
		{"organizer of the city", chicagoHost, nil, true},
		{"administrator", anAdmin, nil, true},
		{"organizer of another city", bostonHost, nil, false},
		{"going", aMember, rsvp(RSVPGoing), true},
		{"checked in", aMember, rsvp(RSVPAttended), true},
		{"waitlist", aMember, rsvp(RSVPWaitlist), false},
		{"awaiting approval", aMember, rsvp(RSVPPending), false},
		{"invited", aMember, rsvp(RSVPInvited), false},
		{"declined", aMember, rsvp(RSVPDeclined), false},
		{"no answer", aMember, nil, false},
		{"anonymous", &Viewer{}, nil, false},
		{"a personal link's guest going", nil, rsvp(RSVPGoing), true},
	} {
		if got := g.SeesJoinLink(c.v, c.mine); got != c.want {
			t.Errorf("%s: SeesJoinLink = %v, want %v", c.name, got, c.want)
		}
	}
	if (&Gathering{CityID: 7, JoinURL: "https://x.example.org", Status: GatheringCancelled}).SeesJoinLink(anAdmin, nil) {
		t.Error("a cancelled gathering's link is still shown")
	}
}

// TestPublicGathering: only a gathering open to the network, past draft,
// that its organizers made public has a public page; an invite-only one
// cannot be made public; a join link must be a web address.
func TestPublicGathering(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		g    Gathering
		want bool
	}{
		{Gathering{Public: true, Visibility: VisibilityNetwork, Status: GatheringOpen}, true},
		{Gathering{Public: true, Visibility: VisibilityNetwork, Status: GatheringDraft}, false},
		{Gathering{Public: true, Visibility: VisibilityInvite, Status: GatheringOpen}, false},
		{Gathering{Public: false, Visibility: VisibilityNetwork, Status: GatheringOpen}, false},
	} {
		if got := c.g.MayShowPublicly(); got != c.want {
			t.Errorf("%+v: MayShowPublicly = %v, want %v", c.g, got, c.want)
		}
	}
	valid := func(g Gathering) map[string]string {
		g.Title, g.CityID, g.Capacity = "Dinner", 7, 10
		g.StartsAt = time.Date(2030, 1, 1, 18, 0, 0, 0, time.UTC)
		g.EndsAt = g.StartsAt.Add(time.Hour)
		return ErrorFields(g.Validate())
	}
	if f := valid(Gathering{Public: true, Visibility: VisibilityInvite}); f["public"] == "" {
		t.Errorf("a public invite-only gathering: %v", f)
	}
	for _, bad := range []string{"javascript:alert(1)", "meet.example.org", "ftp://x.example.org"} {
		if f := valid(Gathering{JoinURL: bad}); f["join_url"] == "" {
			t.Errorf("join link %q accepted", bad)
		}
	}
	if f := valid(Gathering{JoinURL: " https://meet.example.org/abc "}); len(f) != 0 {
		t.Errorf("a good join link refused: %v", f)
	}
}
