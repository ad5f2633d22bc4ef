package kindred_test

import (
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
)

// TestWhoRecordsAnAdoption: members for the organizations they work at
// now, organizers for those of their cities, network-wide organizers and
// administrators for all.
func TestWhoRecordsAnAdoption(t *testing.T) {
	t.Parallel()
	const chicago, boston = 1, 2
	union := &kindred.Organization{ID: 10, CityIDs: []int64{chicago}}
	nowhere := &kindred.Organization{ID: 11}
	worker := &kindred.Member{ID: 1, Affiliations: []kindred.Affiliation{{OrganizationID: 10}, {OrganizationID: 11, Until: "2020"}}}
	member := func(m *kindred.Member) *kindred.Viewer {
		return &kindred.Viewer{Account: &kindred.Account{Role: kindred.RoleMember}, Member: m}
	}
	organizer := func(network bool, cities ...int64) *kindred.Viewer {
		return &kindred.Viewer{Account: &kindred.Account{Role: kindred.RoleOrganizer, CityIDs: cities, NetworkWide: network}}
	}
	cases := []struct {
		name string
		v    *kindred.Viewer
		org  *kindred.Organization
		want bool
	}{
		{"a member for where they work", member(worker), union, true},
		{"a member for where they worked", member(worker), nowhere, false},
		{"a member for another organization", member(&kindred.Member{ID: 2}), union, false},
		{"a member without a profile", member(nil), union, false},
		{"an organizer of the organization's city", organizer(false, chicago), union, true},
		{"an organizer of another city", organizer(false, boston), union, false},
		{"an organizer for an organization with no city", organizer(false, chicago), nowhere, false},
		{"an organizer with no city", organizer(false), union, false},
		{"a network-wide organizer", organizer(true), nowhere, true},
		{"an administrator", &kindred.Viewer{Account: &kindred.Account{Role: kindred.RoleAdmin}}, nowhere, true},
		{"anonymous", &kindred.Viewer{}, union, false},
	}
	for _, c := range cases {
		err := (&kindred.Adoption{}).MayRecord(c.v, c.org)
		if (err == nil) != c.want || (err != nil && kindred.ErrorFields(err)["organization"] == "") {
			t.Errorf("%s: %v, want allowed %v (a refusal naming organization)", c.name, err, c.want)
		}
	}
}

func TestWhoEditsAPractice(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		acct *kindred.Account
		want bool
	}{
		{"a member", &kindred.Account{Role: kindred.RoleMember}, false},
		{"a city's organizer", &kindred.Account{Role: kindred.RoleOrganizer, CityIDs: []int64{1}}, true},
		{"an organizer with no city", &kindred.Account{Role: kindred.RoleOrganizer}, false},
		{"a network-wide organizer", &kindred.Account{Role: kindred.RoleOrganizer, NetworkWide: true}, true},
		{"an administrator", &kindred.Account{Role: kindred.RoleAdmin}, true},
		{"anonymous", nil, false},
	}
	for _, c := range cases {
		if err := (&kindred.Practice{}).MayEdit(&kindred.Viewer{Account: c.acct}); (err == nil) != c.want {
			t.Errorf("%s edits a practice: %v, want allowed %v", c.name, err, c.want)
		}
	}
}

// TestPracticeSharedBy: the sharer is its contact and source, unless the
// practice comes from a note that names nobody.
func TestPracticeSharedBy(t *testing.T) {
	t.Parallel()
	m := &kindred.Member{ID: 3, Name: "Ana"}
	for _, c := range []struct {
		from *kindred.HarvestNote
		by   *kindred.Member
		want int
	}{
		{nil, m, 1},
		{&kindred.HarvestNote{Consent: kindred.ConsentAttributable}, m, 1},
		{&kindred.HarvestNote{Consent: kindred.ConsentChatham}, m, 0},
		{&kindred.HarvestNote{Consent: kindred.ConsentOffRecord}, m, 0},
		{nil, nil, 0},
	} {
		var p kindred.Practice
		p.SharedBy(c.by, c.from)
		if len(p.Contacts) != c.want || len(p.Sources) != c.want || (c.want == 1 && p.Sources[0].Label != "Shared by Ana") {
			t.Errorf("shared by %v from %+v: contacts %v, sources %v; want %d each", c.by, c.from, p.Contacts, p.Sources, c.want)
		}
	}
}
