package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// TestKeptMemberJSON checks that the kept JSON of a member is exactly what
// toMember gives each viewer, whatever order viewers ask in: members with
// each field at each level, in a city or none, seen by an administrator, the
// organizers of their city and of another, the member and someone else.
func TestKeptMemberJSON(t *testing.T) {
	t.Parallel()
	viewers := []*kindred.Account{
		{ID: 1, Role: kindred.RoleAdmin},
		{ID: 2, Role: kindred.RoleOrganizer, CityIDs: []int64{10}},
		{ID: 3, Role: kindred.RoleOrganizer, CityIDs: []int64{20}},
		{ID: 4, Role: kindred.RoleMember},
		{ID: 5, Role: kindred.RoleMember},
	}
	// One member per field and level, and one per level for every field
	// (where only the right to edit tells some viewers apart).
	var visibilities []kindred.Visibility
	for _, l := range kindred.Levels {
		all := kindred.Visibility{}
		for _, f := range kindred.Fields {
			visibilities = append(visibilities, kindred.Visibility{f: l})
			all[f] = l
		}
		visibilities = append(visibilities, all)
	}
	var members []*kindred.Member
	for i, v := range visibilities {
		members = append(members, &kindred.Member{ID: int64(i + 1), Name: fmt.Sprintf("Member %d", i), AccountID: int64(4 + i%3),
			Email: "m@example.org", Pronouns: "she/her", Bio: "Organizer <b>&</b>", CityID: int64(10 * (i % 2)), CityName: "Chicago",
			Languages: []string{"en"}, Tags: []string{"housing"}, Asks: []string{"funding"}, Offers: []string{"training"},
			Needs: kindred.Needs{Diet: "vegan"}, HasPhoto: true, CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
			Affiliations: []kindred.Affiliation{{ID: 7, OrganizationID: 3, OrganizationName: "Clinic", Role: "Nurse", Primary: true}},
			Visibility:   v})
	}
	var a API
	for round, order := range [][]int{{0, 1, 2, 3, 4}, {4, 3, 2, 1, 0}, {2, 0, 4, 1, 3}} {
		for _, m := range members {
			for _, vi := range order {
				want, err := json.Marshal(toMember(m, viewers[vi]))
				if err != nil {
					t.Fatal(err)
				}
				if got := a.memberJSONFor(m, viewers[vi]); !bytes.Equal(got, want) {
					t.Errorf("round %d, member %d (%v), viewer %d:\n got %s\nwant %s", round, m.ID, m.Visibility, viewers[vi].ID, got, want)
				}
			}
		}
	}
}

// TestKeptMemberJSONFollowsTheMember checks that a member read again (a new
// pointer, as after a write) is rendered again.
func TestKeptMemberJSONFollowsTheMember(t *testing.T) {
	t.Parallel()
	var a API
	viewer := &kindred.Account{ID: 1, Role: kindred.RoleMember}
	m := &kindred.Member{ID: 1, Name: "Ana Lima"}
	a.memberJSONFor(m, viewer)
	changed := *m
	changed.Name = "Ana Lima Souza"
	if got := a.memberJSONFor(&changed, viewer); !bytes.Contains(got, []byte("Ana Lima Souza")) {
		t.Errorf("after a change: %s", got)
	}
}

// TestKeptOrgJSON checks that sameOrg tells apart organizations differing in
// any field orgJSON shows, and that a changed organization is rendered again.
func TestKeptOrgJSON(t *testing.T) {
	t.Parallel()
	base := orgJSON{ID: 1, Name: "Clinic", Slug: "clinic", Kind: "nonprofit", SizeBand: "1-10", Website: "https://x.org",
		Description: "Care", CityIDs: []int64{1, 2}, CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	if !sameOrg(base, base) {
		t.Fatal("an organization differs from itself")
	}
	typ := reflect.TypeOf(base)
	for i := range typ.NumField() {
		changed := base
		changed.CityIDs = []int64{1, 2}
		v := reflect.ValueOf(&changed).Elem().Field(i)
		switch v.Kind() {
		case reflect.String:
			v.SetString(v.String() + "x")
		case reflect.Int64:
			v.SetInt(v.Int() + 1)
		case reflect.Slice:
			v.Set(reflect.Append(v, reflect.ValueOf(int64(3))))
		case reflect.Struct:
			changed.CreatedAt = base.CreatedAt.Add(time.Second)
		default:
			t.Fatalf("orgJSON.%s: a %s; teach this test to change it", typ.Field(i).Name, v.Kind())
		}
		if sameOrg(base, changed) {
			t.Errorf("sameOrg misses a change of %s", typ.Field(i).Name)
		}
	}
	var a API
	o := &kindred.Organization{ID: 1, Name: "Clinic", CityIDs: []int64{1}}
	a.orgJSONFor(o)
	o.CityIDs = []int64{1, 2}
	want, _ := json.Marshal(toOrg(o))
	if got := a.orgJSONFor(o); !bytes.Equal(got, want) {
		t.Errorf("after a change of cities: got %s, want %s", got, want)
	}
}

// TestWriteList checks that writeList answers exactly what writeJSON does
// for the same list.
func TestWriteList(t *testing.T) {
	t.Parallel()
	items := []memberJSON{{ID: 1, Name: "Ana <Lima>"}, {ID: 2, Name: "Bé & Co"}, {ID: 3, Name: "Chen"}}
	for _, n := range []int{0, 1, 3} {
		for _, next := range []string{"", "QW5hADE", "<&>\u2028é"} {
			want := httptest.NewRecorder()
			writeJSON(want, 200, list[memberJSON]{Items: append([]memberJSON{}, items[:n]...), Next: next})
			encoded := make([][]byte, n)
			for i := range n {
				encoded[i], _ = json.Marshal(items[i])
			}
			got := httptest.NewRecorder()
			writeList(got, encoded, next)
			if got.Code != want.Code || !reflect.DeepEqual(got.Header(), want.Header()) || got.Body.String() != want.Body.String() {
				t.Errorf("%d items, next %q:\n got %d %v %s\nwant %d %v %s", n, next,
					got.Code, got.Header(), got.Body, want.Code, want.Header(), want.Body)
			}
		}
	}
}
