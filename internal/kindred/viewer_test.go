package kindred

import (
	"context"
	"fmt"
	"testing"
)

func TestViewerRoles(t *testing.T) {
	t.Parallel()
	member := &Account{ID: 1, Role: RoleMember}
	chicago := &Account{ID: 2, Role: RoleOrganizer, CityIDs: []int64{7}}
	noCity := &Account{ID: 3, Role: RoleOrganizer}
	network := &Account{ID: 4, Role: RoleOrganizer, NetworkWide: true}
	admin := &Account{ID: 5, Role: RoleAdmin}
	for _, c := range []struct {
		name                        string
		v                           *Viewer
		signedIn, organizer, anyNet bool
		city7, city8                bool
	}{
		{"anonymous", &Viewer{}, false, false, false, false, false},
		{"member", &Viewer{Account: member}, true, false, false, false, false},
		{"organizer of city 7", &Viewer{Account: chicago}, true, true, false, true, false},
		{"organizer with no city", &Viewer{Account: noCity}, true, true, false, false, false},
		{"network-wide organizer", &Viewer{Account: network}, true, true, true, false, false},
		{"admin", &Viewer{Account: admin}, true, true, true, true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.v.SignedIn(); got != c.signedIn {
				t.Errorf("SignedIn = %v, want %v", got, c.signedIn)
			}
			if got := c.v.IsOrganizer(); got != c.organizer {
				t.Errorf("IsOrganizer = %v, want %v", got, c.organizer)
			}
			if got := c.v.OrganizesNetwork(); got != c.anyNet {
				t.Errorf("OrganizesNetwork = %v, want %v", got, c.anyNet)
			}
			if got := c.v.CanOrganize(7); got != c.city7 {
				t.Errorf("CanOrganize(7) = %v, want %v", got, c.city7)
			}
			if got := c.v.CanOrganize(8); got != c.city8 {
				t.Errorf("CanOrganize(8) = %v, want %v", got, c.city8)
			}
		})
	}
}

func TestViewerFromContext(t *testing.T) {
	t.Parallel()
	if v := ViewerFrom(context.Background()); v == nil || v.SignedIn() {
		t.Fatalf("ViewerFrom(empty context) = %+v, want an anonymous viewer", v)
	}
	want := &Viewer{Account: &Account{ID: 9}, Member: &Member{ID: 3}}
	got := ViewerFrom(WithViewer(context.Background(), want))
	if got != want || got.MemberID() != 3 || got.AccountID() != 9 || !got.Is(3) || got.Is(0) {
		t.Fatalf("ViewerFrom = %+v, want %+v", got, want)
	}
}

func TestGatheringMayCreate(t *testing.T) {
	t.Parallel()
	g := &Gathering{CityID: 7}
	if err := g.MayCreate(&Viewer{Account: &Account{Role: RoleOrganizer, CityIDs: []int64{7}}}); err != nil {
		t.Errorf("organizer of the city: %v", err)
	}
	err := g.MayCreate(&Viewer{Account: &Account{Role: RoleOrganizer, CityIDs: []int64{8}}})
	if ErrorCode(err) != EFORBIDDEN || ErrorFields(err)["city_id"] == "" {
		t.Errorf("organizer of another city: %v, want EFORBIDDEN on city_id", err)
	}
}

// TestOrganizedCities: an organizer's home counts the work of their own
// cities only; an administrator's of every city; a member's of none.
func TestOrganizedCities(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name  string
		v     *Viewer
		every bool
		ids   []int64
	}{
		{"anonymous", &Viewer{}, false, nil},
		{"member", &Viewer{Account: &Account{Role: RoleMember, CityIDs: []int64{7}}}, false, nil},
		{"organizer of 7 and 9", &Viewer{Account: &Account{Role: RoleOrganizer, CityIDs: []int64{7, 9}}}, false, []int64{7, 9}},
		{"network-wide organizer of 7", &Viewer{Account: &Account{Role: RoleOrganizer, NetworkWide: true, CityIDs: []int64{7}}}, false, []int64{7}},
		{"admin", &Viewer{Account: &Account{Role: RoleAdmin}}, true, nil},
	} {
		every, ids := c.v.OrganizedCities()
		if every != c.every || fmt.Sprint(ids) != fmt.Sprint(c.ids) {
			t.Errorf("%s: OrganizedCities = %v %v, want %v %v", c.name, every, ids, c.every, c.ids)
		}
		for _, id := range ids {
			if !c.v.CanOrganize(id) {
				t.Errorf("%s: lists city %d it may not organize", c.name, id)
			}
		}
	}
}
