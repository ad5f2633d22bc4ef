package directory_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/directory"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// world is a small directory on one engine: Chicago and Boston, a union
// working in Chicago, and people with each role that matters.
type world struct {
	svc             *directory.Service
	st              *store.Store
	chicago, boston kindred.City
	union           *kindred.Organization
	maria, kwame    *kindred.Member // Chicago (with an account), Boston
	// Viewers: a plain member (María herself), organizers of Chicago, of
	// Boston and of no city, a network-wide organizer and an administrator.
	self, chicagoOrg, bostonOrg, cityless, networkWide, admin *kindred.Viewer
}

func newWorld(t *testing.T, st *store.Store) *world {
	t.Helper()
	ctx := context.Background()
	q, err := jobs.New(jobs.Config{Store: st, BaseURL: "http://kindred.example"})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{svc: &directory.Service{Store: st, Queue: q}, st: st}
	mariaAcct := testutil.CreateAccount(t, st, "maria@example.org", kindred.RoleMember)
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		if w.chicago, err = tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"}); err != nil {
			return err
		}
		if w.boston, err = tx.CreateCity(ctx, kindred.City{Name: "Boston", Slug: "boston", TimeZone: "America/New_York"}); err != nil {
			return err
		}
		if w.union, err = tx.CreateOrganization(ctx, kindred.Organization{Name: "Teachers Union Local 7", CityIDs: []int64{w.chicago.ID}}); err != nil {
			return err
		}
		w.maria = &kindred.Member{Name: "María Estrada", Email: "maria@example.org", AccountID: mariaAcct.ID, CityID: w.chicago.ID,
			Bio: "Private bio.", Tags: []string{"relational organizing"},
			Affiliations: []kindred.Affiliation{{OrganizationID: w.union.ID, Role: "Lead organizer"}},
			Visibility:   kindred.Visibility{kindred.FieldBio: kindred.LevelPrivate}}
		if _, err := tx.CreateMember(ctx, w.maria); err != nil {
			return err
		}
		w.kwame = &kindred.Member{Name: "Kwame Mensah", Email: "kwame@example.org", CityID: w.boston.ID}
		_, err = tx.CreateMember(ctx, w.kwame)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	w.self = w.viewer(t, mariaAcct)
	w.chicagoOrg = w.organizer(t, "chicago.organizer@example.org", w.chicago.ID)
	w.bostonOrg = w.organizer(t, "boston.organizer@example.org", w.boston.ID)
	w.cityless = w.viewer(t, testutil.CreateAccount(t, st, "cityless@example.org", kindred.RoleOrganizer))
	w.networkWide = w.organizer(t, "network.organizer@example.org")
	w.networkWide.Account.NetworkWide = true // the grant an administrator gives
	w.admin = w.viewer(t, testutil.CreateAccount(t, st, "admin@example.org", kindred.RoleAdmin))
	return w
}

// viewer resolves the account as a request would.
func (w *world) viewer(t *testing.T, a *kindred.Account) *kindred.Viewer {
	t.Helper()
	v, err := w.st.Viewer(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// organizer makes an organizer of the cities.
func (w *world) organizer(t *testing.T, email string, cities ...int64) *kindred.Viewer {
	t.Helper()
	a := testutil.CreateAccount(t, w.st, email, kindred.RoleMember)
	ctx := context.Background()
	if err := w.st.WithTx(ctx, func(tx *store.Tx) error { return tx.SetRole(ctx, a.ID, kindred.RoleOrganizer, cities) }); err != nil {
		t.Fatal(err)
	}
	a, err := w.st.Account(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	return w.viewer(t, a)
}

// audits counts the audit entries with action.
func (w *world) audits(t *testing.T, action string) int {
	t.Helper()
	entries, err := w.st.AuditLog(context.Background(), 10000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == action {
			n++
		}
	}
	return n
}

// member reads a member as stored.
func (w *world) member(t *testing.T, id int64) *kindred.Member {
	t.Helper()
	m, err := w.st.Member(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if kindred.ErrorCode(err) != code {
		t.Errorf("%s: %v, want %s", what, err, code)
	}
}

func TestCreateMember(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		for _, c := range []struct {
			name string
			v    *kindred.Viewer
			city int64
			want string
		}{
			{"a member", w.self, w.chicago.ID, kindred.EFORBIDDEN},
			{"an organizer with no city", w.cityless, 0, kindred.EFORBIDDEN},
			{"an organizer of Boston, in Chicago", w.bostonOrg, w.chicago.ID, kindred.EFORBIDDEN},
			{"an organizer of Chicago, in no city", w.chicagoOrg, 0, kindred.EFORBIDDEN},
			{"an organizer of Chicago, in Chicago", w.chicagoOrg, w.chicago.ID, ""},
			{"a network-wide organizer, in no city", w.networkWide, 0, ""},
		} {
			_, err := w.svc.CreateMember(ctx, c.v, &kindred.Member{Name: "New " + c.name, CityID: c.city})
			wantCode(t, c.name, err, c.want)
		}
		if got := w.audits(t, "member.create"); got != 2 {
			t.Errorf("member.create audited %d times, want 2", got)
		}
		evs, err := st.EventsAfter(ctx, 0, 100)
		if err != nil || len(evs) != 2 || evs[0].Type != kindred.EventMemberJoined || evs[0].Data["name"] == nil {
			t.Errorf("events = %+v, %v; want two member.joined naming the member", evs, err)
		}
		_, err = w.svc.CreateMember(ctx, w.chicagoOrg, &kindred.Member{Name: "Dup", Email: "maria@example.org", CityID: w.chicago.ID})
		wantCode(t, "a taken email", err, kindred.ECONFLICT)
		_, err = w.svc.CreateMember(ctx, w.chicagoOrg, &kindred.Member{CityID: w.chicago.ID})
		if kindred.ErrorFields(err)["name"] == "" {
			t.Errorf("no name: %v, want a problem on name", err)
		}
	})
}

// TestEditKeepsWhatTheEditorMayNotSee: an organizer's save changes what
// they see, never the member's private fields nor their visibility
// settings; a member's own edit is not audited, an organizer's is.
func TestEditKeepsWhatTheEditorMayNotSee(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		typed := w.maria.VisibleTo(w.chicagoOrg.Account)
		typed.Pronouns, typed.Visibility = "she/her", kindred.Visibility{kindred.FieldBio: kindred.LevelNetwork}
		if _, err := w.svc.UpdateMember(ctx, w.chicagoOrg, w.maria.ID, typed); err != nil {
			t.Fatal(err)
		}
		got := w.member(t, w.maria.ID)
		if got.Pronouns != "she/her" || got.Bio != "Private bio." || got.Visibility.Of(kindred.FieldBio) != kindred.LevelPrivate {
			t.Errorf("after the organizer's save: pronouns %q, bio %q, bio visibility %s", got.Pronouns, got.Bio, got.Visibility.Of(kindred.FieldBio))
		}
		if n := w.audits(t, "member.update"); n != 1 {
			t.Errorf("member.update audited %d times, want 1", n)
		}
		mine := w.maria.VisibleTo(w.self.Account)
		mine.Bio = "Now public."
		mine.Visibility = kindred.Visibility{kindred.FieldBio: kindred.LevelNetwork}
		if _, err := w.svc.UpdateMember(ctx, w.self, w.maria.ID, mine); err != nil {
			t.Fatal(err)
		}
		if got := w.member(t, w.maria.ID); got.Bio != "Now public." || got.Visibility.Of(kindred.FieldBio) != kindred.LevelNetwork {
			t.Errorf("María's own save: %+v", got)
		}
		if n := w.audits(t, "member.update"); n != 1 {
			t.Errorf("a member's own edit was audited")
		}
		_, err := w.svc.UpdateMember(ctx, w.bostonOrg, w.maria.ID, w.maria.VisibleTo(w.bostonOrg.Account))
		wantCode(t, "an organizer of Boston", err, kindred.EFORBIDDEN)
		moved := w.maria.VisibleTo(w.chicagoOrg.Account)
		moved.CityID = w.boston.ID
		_, err = w.svc.UpdateMember(ctx, w.chicagoOrg, w.maria.ID, moved)
		wantCode(t, "moving María to Boston", err, kindred.EFORBIDDEN)
	})
}

func TestAddAffiliation(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		a, err := w.svc.AddAffiliation(ctx, w.chicagoOrg, w.maria.ID, kindred.Affiliation{OrganizationID: w.union.ID, Role: "Steward",
			Since: "2010", Until: "2015"})
		if err != nil || a.ID == 0 || a.MemberID != w.maria.ID {
			t.Fatalf("add: %+v, %v", a, err)
		}
		if n := len(w.member(t, w.maria.ID).Affiliations); n != 2 {
			t.Errorf("María has %d affiliations, want 2", n)
		}
		_, err = w.svc.AddAffiliation(ctx, w.bostonOrg, w.maria.ID, kindred.Affiliation{OrganizationID: w.union.ID})
		wantCode(t, "an organizer of Boston", err, kindred.EFORBIDDEN)
		_, err = w.svc.AddAffiliation(ctx, w.chicagoOrg, 999999, kindred.Affiliation{OrganizationID: w.union.ID})
		if kindred.ErrorFields(err)["member_id"] == "" {
			t.Errorf("no such member: %v", err)
		}
		// Affiliations kept from organizers are not changed blind.
		m := w.member(t, w.maria.ID)
		m.Visibility = kindred.Visibility{kindred.FieldAffiliations: kindred.LevelPrivate}
		if err := st.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateMember(ctx, m) }); err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.AddAffiliation(ctx, w.chicagoOrg, w.maria.ID, kindred.Affiliation{OrganizationID: w.union.ID})
		wantCode(t, "an organizer adding to hidden affiliations", err, kindred.EFORBIDDEN)
		if _, err := w.svc.AddAffiliation(ctx, w.self, w.maria.ID, kindred.Affiliation{OrganizationID: w.union.ID, Role: "Chair", Primary: true}); err != nil {
			t.Errorf("María adding her own: %v", err)
		}
	})
}

// TestImportAppliesTheFormsRule is issue 14 item 5 at the use case: the
// import changes exactly whom the form lets the importer change.
func TestImportAppliesTheFormsRule(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		lena := &kindred.Member{Name: "Lena", Email: "lena@example.org", Bio: "Kept.", Visibility: kindred.Visibility{kindred.FieldBio: kindred.LevelPrivate}}
		if err := st.WithTx(ctx, func(tx *store.Tx) error { _, err := tx.CreateMember(ctx, lena); return err }); err != nil {
			t.Fatal(err)
		}
		csv := "email,name,bio,visibility\nlena@example.org,Lena Overwritten,Public now.,bio=network\n"
		run := func(v *kindred.Viewer) error {
			_, err := w.svc.Import(ctx, v, "members", strings.NewReader(csv), directory.ImportOptions{SkipBad: true})
			return err
		}
		wantCode(t, "an organizer with no city", run(w.cityless), kindred.EFORBIDDEN)
		if err := run(w.chicagoOrg); err != nil {
			t.Fatal(err)
		}
		if got := w.member(t, lena.ID); got.Name != "Lena" || got.Bio != "Kept." || got.Visibility.Of(kindred.FieldBio) != kindred.LevelPrivate {
			t.Errorf("an organizer of Chicago imported over a member with no city: %+v", got)
		}
		// The network-wide organizer looks after members placed nowhere, but
		// neither reads nor sets what they keep private.
		if err := run(w.networkWide); err != nil {
			t.Fatal(err)
		}
		if got := w.member(t, lena.ID); got.Name != "Lena Overwritten" || got.Bio != "Kept." || got.Visibility.Of(kindred.FieldBio) != kindred.LevelPrivate {
			t.Errorf("after the network-wide organizer's import: %+v", got)
		}
		if err := run(directory.CommandLine()); err != nil {
			t.Fatal(err)
		}
		if got := w.member(t, lena.ID); got.Bio != "Public now." || got.Visibility.Of(kindred.FieldBio) != kindred.LevelNetwork {
			t.Errorf("the command line's import: %+v", got)
		}
	})
}

func TestOrganizationsCitiesAndNetworks(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		_, err := w.svc.CreateOrganization(ctx, w.cityless, kindred.Organization{Name: "Cityless Co-op"})
		wantCode(t, "an organizer with no city adding an organization", err, kindred.EFORBIDDEN)
		made, err := w.svc.CreateOrganization(ctx, w.bostonOrg, kindred.Organization{Name: "Boston Food Co-op", CityIDs: []int64{w.boston.ID}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.UpdateOrganization(ctx, w.bostonOrg, w.union.ID, kindred.Organization{Name: "Renamed"})
		wantCode(t, "an organizer of Boston editing a Chicago union", err, kindred.EFORBIDDEN)
		renamed, err := w.svc.UpdateOrganization(ctx, w.bostonOrg, made.ID, kindred.Organization{Name: "Boston Food Cooperative", CityIDs: []int64{w.boston.ID}})
		if err != nil || renamed.Slug != made.Slug {
			t.Errorf("rename: %+v, %v", renamed, err)
		}
		if w.audits(t, "organization.create") != 1 || w.audits(t, "organization.update") != 1 {
			t.Errorf("organization audits: %d created, %d updated", w.audits(t, "organization.create"), w.audits(t, "organization.update"))
		}
		_, err = w.svc.CreateCity(ctx, w.chicagoOrg, kindred.City{Name: "Detroit", TimeZone: "America/Detroit"})
		wantCode(t, "an organizer adding a city", err, kindred.EFORBIDDEN)
		if _, err := w.svc.CreateCity(ctx, w.admin, kindred.City{Name: "Detroit", TimeZone: "America/Detroit"}); err != nil {
			t.Errorf("an administrator adding a city: %v", err)
		}
		_, err = w.svc.UpdateCity(ctx, w.admin, w.boston.ID, "Boston", "Boston/Harbor")
		if kindred.ErrorFields(err)["time_zone"] == "" {
			t.Errorf("a bad time zone: %v", err)
		}
		_, err = w.svc.CreateNetwork(ctx, w.chicagoOrg, kindred.Network{Name: "Coalition"})
		wantCode(t, "an organizer forming a network", err, kindred.EFORBIDDEN)
		if _, err := w.svc.CreateNetwork(ctx, w.admin, kindred.Network{Name: "Coalition", OrganizationIDs: []int64{w.union.ID}}); err != nil {
			t.Errorf("an administrator forming a network: %v", err)
		}
	})
}

func TestMergeMembers(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		_, err := w.svc.MergeMembers(ctx, w.chicagoOrg, w.maria.ID, "kwame@example.org")
		wantCode(t, "an organizer merging", err, kindred.EFORBIDDEN)
		_, err = w.svc.MergeMembers(ctx, w.admin, w.maria.ID, "nobody@example.org")
		if kindred.ErrorFields(err)["duplicate"] == "" {
			t.Errorf("an unknown duplicate: %v", err)
		}
		if _, err := w.svc.MergeMembers(ctx, w.admin, w.maria.ID, "kwame@example.org"); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Member(ctx, w.kwame.ID); kindred.ErrorCode(err) != kindred.ENOTFOUND || w.audits(t, "member.merge") != 1 {
			t.Errorf("after the merge: %v, %d audits", err, w.audits(t, "member.merge"))
		}
	})
}
