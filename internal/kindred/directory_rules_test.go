package kindred

import (
	"testing"
	"time"
)

// Viewers for the directory's rules: Chicago is city 7, Boston city 8.
var (
	rulesMember   = &Account{ID: 1, Role: RoleMember}
	rulesChicago  = &Account{ID: 2, Role: RoleOrganizer, CityIDs: []int64{7}}
	rulesBoston   = &Account{ID: 3, Role: RoleOrganizer, CityIDs: []int64{8}}
	rulesCityless = &Account{ID: 4, Role: RoleOrganizer}
	rulesNetwork  = &Account{ID: 5, Role: RoleOrganizer, NetworkWide: true}
	rulesAdmin    = &Account{ID: 6, Role: RoleAdmin}
)

func viewerOf(a *Account) *Viewer { return &Viewer{Account: a} }

func TestOrganizesSomewhere(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		a    *Account
		want bool
	}{
		{"anonymous", nil, false}, {"member", rulesMember, false}, {"organizer of Chicago", rulesChicago, true},
		{"organizer with no city", rulesCityless, false}, {"network-wide organizer", rulesNetwork, true}, {"admin", rulesAdmin, true},
	} {
		if got := viewerOf(c.a).OrganizesSomewhere(); got != c.want {
			t.Errorf("%s: OrganizesSomewhere = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestMemberRules(t *testing.T) {
	t.Parallel()
	inChicago := &Member{ID: 10, CityID: 7}
	placedNowhere := &Member{ID: 11}
	own := &Member{ID: 12, AccountID: rulesMember.ID}
	for _, c := range []struct {
		name                 string
		m                    *Member
		a                    *Account
		create, edit, manage bool
	}{
		{"member, Chicago member", inChicago, rulesMember, false, false, false},
		{"member, own profile", own, rulesMember, false, true, false},
		{"organizer of Chicago, Chicago member", inChicago, rulesChicago, true, true, true},
		{"organizer of Boston, Chicago member", inChicago, rulesBoston, false, false, false},
		{"organizer of Chicago, member with no city", placedNowhere, rulesChicago, false, false, false},
		{"organizer with no city, member with no city", placedNowhere, rulesCityless, false, false, false},
		{"organizer with no city, Chicago member", inChicago, rulesCityless, false, false, false},
		{"network-wide organizer, member with no city", placedNowhere, rulesNetwork, true, true, true},
		{"network-wide organizer, Chicago member", inChicago, rulesNetwork, false, false, false},
		{"admin, member with no city", placedNowhere, rulesAdmin, true, true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := viewerOf(c.a)
			if got := c.m.MayCreate(v) == nil; got != c.create {
				t.Errorf("MayCreate allows = %v, want %v", got, c.create)
			}
			if got := c.m.CanEdit(c.a); got != c.edit {
				t.Errorf("CanEdit = %v, want %v", got, c.edit)
			}
			if got := c.m.ManagedBy(c.a); got != c.manage {
				t.Errorf("ManagedBy = %v, want %v", got, c.manage)
			}
			if got := c.m.MayEdit(v) == nil; got != c.edit {
				t.Errorf("MayEdit allows = %v, want %v", got, c.edit)
			}
		})
	}
	err := placedNowhere.MayCreate(viewerOf(rulesChicago))
	if ErrorCode(err) != EFORBIDDEN || ErrorFields(err)["city_id"] == "" {
		t.Errorf("a Chicago organizer adding a member with no city: %v, want EFORBIDDEN on city_id", err)
	}
}

func TestMemberEditKeepsWhatTheEditorMayNotSee(t *testing.T) {
	t.Parallel()
	stored := &Member{ID: 10, AccountID: 99, Email: "maria@example.org", Name: "María", CityID: 7, Bio: "private bio",
		Needs: Needs{Diet: "halal"}, Tags: []string{"organizing"},
		Visibility: Visibility{FieldBio: LevelPrivate, FieldTags: LevelPrivate, FieldEmail: LevelOrganizers}}
	typed := &Member{Name: "María E.", Email: "new@example.org", CityID: 7, Bio: "", Tags: nil, Needs: Needs{Diet: "vegan"},
		Visibility: Visibility{FieldBio: LevelNetwork}}
	got, err := stored.Edit(viewerOf(rulesChicago), typed)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "María E." || got.Needs.Diet != "vegan" || got.Email != "new@example.org" {
		t.Errorf("fields the organizer sees were not changed: %+v", got)
	}
	if got.Bio != "private bio" || len(got.Tags) != 1 || got.Visibility.Of(FieldBio) != LevelPrivate {
		t.Errorf("the organizer changed what the member keeps private: bio %q, tags %v, bio visibility %s",
			got.Bio, got.Tags, got.Visibility.Of(FieldBio))
	}
	if got.ID != 10 || got.AccountID != 99 {
		t.Errorf("Edit lost the identity: %+v", got)
	}
	self := &Account{ID: 99, Role: RoleMember}
	if got, _ := stored.Edit(viewerOf(self), typed); got.Bio != "" || got.Visibility.Of(FieldBio) != LevelNetwork || got.Email != stored.Email {
		t.Errorf("the member's own edit: bio %q, visibility %s, email %q", got.Bio, got.Visibility.Of(FieldBio), got.Email)
	}
	moved := *typed
	moved.CityID = 8
	if _, err := stored.Edit(viewerOf(rulesChicago), &moved); ErrorCode(err) != EFORBIDDEN || ErrorFields(err)["city_id"] == "" {
		t.Errorf("an organizer moving a member out of their cities: %v, want EFORBIDDEN on city_id", err)
	}
	if _, err := stored.Edit(viewerOf(self), &moved); err != nil {
		t.Errorf("a member moving to another city: %v", err)
	}
	if _, err := stored.Edit(viewerOf(rulesBoston), typed); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("an organizer of another city: %v, want EFORBIDDEN", err)
	}
}

func TestIntroductionRules(t *testing.T) {
	t.Parallel()
	chicagoA, chicagoB := &Member{ID: 1, CityID: 7}, &Member{ID: 2, CityID: 7}
	boston, nowhere := &Member{ID: 3, CityID: 8}, &Member{ID: 4}
	for _, c := range []struct {
		name string
		a    *Account
		x, y *Member
		want bool
	}{
		{"organizer of Chicago, two Chicagoans", rulesChicago, chicagoA, chicagoB, true},
		{"organizer of Chicago, across cities", rulesChicago, chicagoA, boston, false},
		{"organizer of Chicago, someone placed nowhere", rulesChicago, chicagoA, nowhere, false},
		{"organizer of Boston, two Chicagoans", rulesBoston, chicagoA, chicagoB, false},
		{"organizer with no city", rulesCityless, chicagoA, chicagoB, false},
		{"member", rulesMember, chicagoA, chicagoB, false},
		{"network-wide organizer, across cities", rulesNetwork, chicagoA, boston, true},
		{"admin, someone placed nowhere", rulesAdmin, nowhere, boston, true},
	} {
		err := viewerOf(c.a).MayIntroduce(c.x, c.y)
		if got := err == nil; got != c.want || (err != nil && ErrorCode(err) != EFORBIDDEN) {
			t.Errorf("%s: MayIntroduce = %v, want allowed %v", c.name, err, c.want)
		}
	}
}

func TestTieRules(t *testing.T) {
	t.Parallel()
	claim := ClaimedTie(5, 3, time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	if err := claim.Validate(); err != nil {
		t.Fatal(err)
	}
	if claim.A != 3 || claim.B != 5 || claim.Awaiting != 3 || claim.Shared() || !claim.Pending() {
		t.Errorf("a claimed tie = %+v: it must await the other member and not be shared", claim)
	}
	by, other, stranger := &Viewer{Member: &Member{ID: 5}}, &Viewer{Member: &Member{ID: 3}}, &Viewer{Member: &Member{ID: 9}}
	if claim.MayAnswer(other) != nil || ErrorCode(claim.MayAnswer(by)) != ENOTFOUND || ErrorCode(claim.MayAnswer(stranger)) != ENOTFOUND {
		t.Errorf("only the member the tie awaits may answer it")
	}
	if claim.MayHide(by) != nil || claim.MayHide(other) != nil || ErrorCode(claim.MayHide(stranger)) != ENOTFOUND {
		t.Errorf("only the tie's members may hide it")
	}
	bad := claim
	bad.Awaiting = 9
	if ErrorCode(bad.Validate()) != EINVALID {
		t.Errorf("a tie awaiting a stranger validates")
	}
	if err := (&Member{ID: 5}).MayClaimTie(by); ErrorCode(err) != EINVALID {
		t.Errorf("claiming to know oneself: %v", err)
	}
	if err := (&Member{ID: 3}).MayClaimTie(&Viewer{Account: rulesMember}); ErrorCode(err) != ENOTFOUND {
		t.Errorf("claiming without a profile: %v", err)
	}
}

func TestPlacesAndImportRules(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name                   string
		a                      *Account
		places, imports, snaps bool
	}{
		{"member", rulesMember, false, false, false},
		{"organizer of Chicago", rulesChicago, false, true, true},
		{"organizer with no city", rulesCityless, false, false, false},
		{"admin", rulesAdmin, true, true, true},
	} {
		v := viewerOf(c.a)
		if got := (&City{}).MayChange(v) == nil && (&Network{}).MayCreate(v) == nil; got != c.places {
			t.Errorf("%s: may change cities and networks = %v, want %v", c.name, got, c.places)
		}
		if got := v.MayImport() == nil && (&Organization{}).MayCreate(v) == nil; got != c.imports {
			t.Errorf("%s: may import and add organizations = %v, want %v", c.name, got, c.imports)
		}
		if got := v.MayTakeSnapshot() == nil; got != c.snaps {
			t.Errorf("%s: may take snapshots = %v, want %v", c.name, got, c.snaps)
		}
	}
}
