package kindred

import (
	"sort"
	"strings"
)

// Count is one row of a breakdown: a label and how many people it covers.
type Count struct {
	Label string
	N     int
}

// MixReport describes a group of people about to be invited, so organizers
// can keep a deliberate mix across organizations, cities and roles, and
// between newcomers and people who have come before.
type MixReport struct {
	People        int
	Newcomers     int // have never attended a gathering
	Returning     int
	Organizations []Count // by current affiliations; one person may count for several
	Cities        []Count
	Roles         []Count
	NoEmail       []string // names that cannot be invited
	LargestShare  float64  // share of people from the single largest organization
}

// Mix builds the report for members; attended maps member ids to the number
// of gatherings each has attended.
func Mix(members []*Member, attended map[int64]int) MixReport {
	r := MixReport{People: len(members)}
	orgs, cities, roles := map[string]int{}, map[string]int{}, map[string]int{}
	for _, m := range members {
		if attended[m.ID] > 0 {
			r.Returning++
		} else {
			r.Newcomers++
		}
		if m.Email == "" {
			r.NoEmail = append(r.NoEmail, m.Name)
		}
		cities[orUnknown(m.CityName)]++
		seen := map[string]bool{}
		for _, a := range m.Affiliations {
			if a.Current() && !seen[a.OrganizationName] {
				seen[a.OrganizationName] = true
				orgs[a.OrganizationName]++
			}
		}
		if a, ok := m.PrimaryAffiliation(); ok {
			roles[orUnknown(strings.ToLower(strings.TrimSpace(a.Role)))]++
		} else {
			roles["not known"]++
		}
	}
	r.Organizations, r.Cities, r.Roles = sortedCounts(orgs), sortedCounts(cities), sortedCounts(roles)
	if len(r.Organizations) > 0 && r.People > 0 {
		r.LargestShare = float64(r.Organizations[0].N) / float64(r.People)
	}
	return r
}

func orUnknown(s string) string {
	if s == "" {
		return "not known"
	}
	return s
}

// sortedCounts orders a tally by size, then label.
func sortedCounts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].N != out[j].N {
			return out[i].N > out[j].N
		}
		return out[i].Label < out[j].Label
	})
	return out
}

// NeedsReport aggregates the needs profiles of a guest list for the venue.
type NeedsReport struct {
	Diets         []Count
	Languages     []Count
	Accessibility []string // each note as written, with the guest's name
}

// AggregateNeeds tallies diets and languages and lists accessibility notes.
func AggregateNeeds(guests []*RSVP) NeedsReport {
	diets, langs := map[string]int{}, map[string]int{}
	var r NeedsReport
	for _, v := range guests {
		if d := strings.ToLower(strings.TrimSpace(v.Needs.Diet)); d != "" {
			diets[d]++
		}
		if l := strings.TrimSpace(v.Needs.PreferredLanguage); l != "" {
			langs[l]++
		}
		if a := strings.TrimSpace(v.Needs.Accessibility); a != "" {
			r.Accessibility = append(r.Accessibility, v.MemberName+": "+a)
		}
	}
	r.Diets, r.Languages = sortedCounts(diets), sortedCounts(langs)
	return r
}
