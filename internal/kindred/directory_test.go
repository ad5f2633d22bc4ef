package kindred_test

import (
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

func TestOrganizationCanEdit(t *testing.T) {
	t.Parallel()
	union := &kindred.Organization{Name: "Teachers Union Local 7", CityIDs: []int64{1}}
	unplaced := &kindred.Organization{Name: "New Collective"}
	chicago := &kindred.Account{Role: kindred.RoleOrganizer, CityIDs: []int64{1}}
	boston := &kindred.Account{Role: kindred.RoleOrganizer, CityIDs: []int64{2}}
	for _, c := range []struct {
		name string
		org  *kindred.Organization
		acct *kindred.Account
		want bool
	}{
		{"anonymous", union, nil, false},
		{"member", union, &kindred.Account{Role: kindred.RoleMember}, false},
		{"organizer of its city", union, chicago, true},
		{"organizer of another city", union, boston, false},
		{"organizer, organization without a city", unplaced, boston, true},
		{"organizer with no city, organization without a city", unplaced, &kindred.Account{Role: kindred.RoleOrganizer}, false},
		{"network-wide organizer, organization without a city", unplaced, &kindred.Account{Role: kindred.RoleOrganizer, NetworkWide: true}, true},
		{"network-wide organizer of no city, union of Chicago", union, &kindred.Account{Role: kindred.RoleOrganizer, NetworkWide: true}, false},
		{"admin", union, &kindred.Account{Role: kindred.RoleAdmin}, true},
	} {
		if got := c.org.CanEdit(c.acct); got != c.want {
			t.Errorf("%s: CanEdit = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestAffiliationDuring(t *testing.T) {
	t.Parallel()
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, c := range []struct {
		since, until string
		from, to     time.Time
	}{
		{"", "", time.Time{}, time.Time{}},
		{"2019", "", day("2019-01-01"), time.Time{}},
		{"2019-05", "2021", day("2019-05-01"), day("2022-01-01")},
		{"", "2021-12", time.Time{}, day("2022-01-01")},
		{"spring", "2020-13", time.Time{}, time.Time{}},
	} {
		from, to := kindred.Affiliation{Since: c.since, Until: c.until}.During()
		if !from.Equal(c.from) || !to.Equal(c.to) {
			t.Errorf("During(%q, %q) = %v, %v; want %v, %v", c.since, c.until, from, to, c.from, c.to)
		}
	}
}
