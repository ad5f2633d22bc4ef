package kindred_test

import (
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
)

func TestMix(t *testing.T) {
	t.Parallel()
	aff := func(org, role string) []kindred.Affiliation {
		return []kindred.Affiliation{{OrganizationName: org, Role: role, Primary: true}}
	}
	ms := []*kindred.Member{
		{ID: 1, Name: "A", Email: "a@x.org", CityName: "Chicago", Affiliations: aff("Union", "Organizer")},
		{ID: 2, Name: "B", Email: "b@x.org", CityName: "Chicago", Affiliations: aff("Union", "director")},
		{ID: 3, Name: "C", CityName: "Boston", Affiliations: aff("Clinic", "organizer")},
	}
	r := kindred.Mix(ms, map[int64]int{2: 3})
	if r.People != 3 || r.Newcomers != 2 || r.Returning != 1 || len(r.NoEmail) != 1 {
		t.Errorf("got %+v", r)
	}
	if r.Organizations[0] != (kindred.Count{Label: "Union", N: 2}) || r.Roles[0] != (kindred.Count{Label: "organizer", N: 2}) {
		t.Errorf("got orgs %v roles %v", r.Organizations, r.Roles)
	}
	if r.LargestShare < 0.66 || r.LargestShare > 0.67 {
		t.Errorf("largest share %v", r.LargestShare)
	}
	n := kindred.AggregateNeeds([]*kindred.RSVP{
		{MemberName: "A", Needs: kindred.Needs{Diet: "Vegan", PreferredLanguage: "es"}},
		{MemberName: "B", Needs: kindred.Needs{Diet: "vegan", Accessibility: "step-free access"}},
	})
	if len(n.Diets) != 1 || n.Diets[0].N != 2 || len(n.Accessibility) != 1 || n.Languages[0].Label != "es" {
		t.Errorf("needs %+v", n)
	}
}
