package kindred_test

import (
	"testing"

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
