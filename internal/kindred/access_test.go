package kindred

import (
	"slices"
	"testing"
	"time"
)

func TestAccessValidate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name     string
		in       Access
		want     Access
		badField string
	}{
		{"member", Access{Role: "member", CityIDs: []int64{3}, NetworkWide: true}, Access{Role: RoleMember}, ""},
		{"admin", Access{Role: " Admin ", NetworkWide: true}, Access{Role: RoleAdmin}, ""},
		{"organizer of cities", Access{Role: "organizer", CityIDs: []int64{7, 3, 7}}, Access{Role: RoleOrganizer, CityIDs: []int64{3, 7}}, ""},
		{"network-wide organizer", Access{Role: "organizer", NetworkWide: true}, Access{Role: RoleOrganizer, NetworkWide: true}, ""},
		{"organizer of nothing", Access{Role: "organizer"}, Access{}, "city_id"},
		{"unknown role", Access{Role: "boss"}, Access{}, "role"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := c.in
			err := got.Validate()
			if c.badField != "" {
				if ErrorCode(err) != EINVALID || ErrorFields(err)[c.badField] == "" {
					t.Fatalf("Validate = %v, want EINVALID on %s", err, c.badField)
				}
				return
			}
			if err != nil || got.Role != c.want.Role || !slices.Equal(got.CityIDs, c.want.CityIDs) || got.NetworkWide != c.want.NetworkWide {
				t.Errorf("Validate = %+v, %v; want %+v", got, err, c.want)
			}
		})
	}
}

func TestAccessMayGive(t *testing.T) {
	t.Parallel()
	admin := &Account{ID: 1, Role: RoleAdmin}
	other := &Account{ID: 2, Role: RoleAdmin}
	member := &Account{ID: 3, Role: RoleMember}
	organizer := &Account{ID: 4, Role: RoleOrganizer, CityIDs: []int64{7}}
	asAdmin := &Viewer{Account: admin}
	for _, c := range []struct {
		name   string
		v      *Viewer
		target *Account
		to     Role
		admins int
		code   string
		field  string
	}{
		{"admin promotes a member", asAdmin, member, RoleOrganizer, 1, "", ""},
		{"admin demotes another admin", asAdmin, other, RoleMember, 2, "", ""},
		{"admin keeps their own role", asAdmin, admin, RoleAdmin, 1, "", ""},
		{"admin drops their own role", asAdmin, admin, RoleMember, 2, EINVALID, "role"},
		{"the last admin is demoted from the command line", Operator(), admin, RoleMember, 1, EINVALID, "role"},
		{"the command line demotes one of two admins", Operator(), admin, RoleOrganizer, 2, "", ""},
		{"an organizer changes roles", &Viewer{Account: organizer}, member, RoleOrganizer, 1, EFORBIDDEN, ""},
		{"a member makes themselves admin", &Viewer{Account: member}, member, RoleAdmin, 1, EFORBIDDEN, ""},
		{"anonymous", &Viewer{}, member, RoleAdmin, 1, EFORBIDDEN, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := Access{Role: c.to}.MayGive(c.v, c.target, c.admins)
			if ErrorCode(err) != c.code || (c.field != "" && ErrorFields(err)[c.field] == "") {
				t.Errorf("MayGive = %v, want code %q on %q", err, c.code, c.field)
			}
		})
	}
}

func TestAccountMayDelete(t *testing.T) {
	t.Parallel()
	if err := (&Account{Role: RoleAdmin}).MayDelete(1); ErrorCode(err) != EINVALID {
		t.Errorf("the last admin deletes their account: %v, want EINVALID", err)
	}
	for _, a := range []*Account{{Role: RoleAdmin}, {Role: RoleMember}} {
		if err := a.MayDelete(2); err != nil {
			t.Errorf("%s with another admin: %v", a.Role, err)
		}
	}
}

func TestAccessString(t *testing.T) {
	t.Parallel()
	for x, want := range map[*Access]string{
		{Role: RoleMember}: "member",
		{Role: RoleOrganizer, CityIDs: []int64{3, 7}}:                 "organizer of cities 3, 7",
		{Role: RoleOrganizer, CityIDs: []int64{3}, NetworkWide: true}: "organizer of cities 3; network-wide",
		{Role: RoleOrganizer, NetworkWide: true}:                      "organizer network-wide",
	} {
		if got := x.String(); got != want {
			t.Errorf("%+v.String() = %q, want %q", *x, got, want)
		}
	}
}

func TestSessionLive(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	l := SessionLimits{Idle: 7 * day, Lifetime: 30 * day}
	a := &Account{ID: 5, SessionEpoch: 2}
	s := NewSession(a, t0)
	for _, c := range []struct {
		name string
		s    Session
		a    *Account
		now  time.Time
		live bool
	}{
		{"just signed in", s, a, t0, true},
		{"used 6 days ago", s, a, t0.Add(6 * day), true},
		{"unused for 7 days", s, a, t0.Add(7 * day), false},
		{"used yesterday, 29 days in", Session{AccountID: 5, Epoch: 2, SignedInAt: t0, SeenAt: t0.Add(28 * day)}, a, t0.Add(29 * day), true},
		{"used yesterday, 30 days in", Session{AccountID: 5, Epoch: 2, SignedInAt: t0, SeenAt: t0.Add(29 * day)}, a, t0.Add(30 * day), false},
		{"password changed since", s, &Account{ID: 5, SessionEpoch: 3}, t0.Add(time.Minute), false},
		{"another account", s, &Account{ID: 6, SessionEpoch: 2}, t0, false},
		{"deleted account", s, nil, t0, false},
		{"from before sign-in times were kept", Session{AccountID: 5, Epoch: 2}, a, t0, false},
	} {
		if got := c.s.Live(c.a, c.now, l); got != c.live {
			t.Errorf("%s: Live = %v, want %v", c.name, got, c.live)
		}
	}
}

func TestSessionTouched(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	l := SessionLimits{Idle: 7 * 24 * time.Hour, Lifetime: 30 * 24 * time.Hour}
	s := NewSession(&Account{ID: 1}, t0)
	if _, changed := s.Touched(t0.Add(4*time.Minute), l); changed {
		t.Errorf("touched again after 4 minutes: the store would be written at every page")
	}
	got, changed := s.Touched(t0.Add(5*time.Minute), l)
	if !changed || !got.SeenAt.Equal(t0.Add(5*time.Minute)) || !got.SignedInAt.Equal(t0) {
		t.Errorf("after 5 minutes: %+v, %v", got, changed)
	}
	short := SessionLimits{Idle: 10 * time.Minute, Lifetime: time.Hour}
	if _, changed := s.Touched(t0.Add(time.Minute), short); !changed {
		t.Errorf("a 10-minute idle time keeps the last use to the minute")
	}
}

func TestMayMakeTokenFor(t *testing.T) {
	t.Parallel()
	me := &Viewer{Account: &Account{ID: 4, Role: RoleAdmin}}
	if err := me.MayMakeTokenFor(4); err != nil {
		t.Errorf("own token: %v", err)
	}
	if err := me.MayMakeTokenFor(5); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("an admin makes a token for another account: %v, want EFORBIDDEN", err)
	}
	if err := Operator().MayMakeTokenFor(5); err != nil {
		t.Errorf("the command line makes a token for an account: %v", err)
	}
	if err := (&Viewer{}).MayMakeTokenFor(0); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("anonymous: %v", err)
	}
}
