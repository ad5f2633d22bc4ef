package store_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// directoryFixture stores two cities, three organizations and returns their ids.
type fixture struct {
	chicago, boston     int64
	union, clinic, fund int64
}

func seedDirectory(t *testing.T, s *store.Store) fixture {
	t.Helper()
	ctx := context.Background()
	var f fixture
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		c1, err := tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
		if err != nil {
			return err
		}
		c2, err := tx.CreateCity(ctx, kindred.City{Name: "Boston", Slug: "boston", TimeZone: "America/New_York"})
		if err != nil {
			return err
		}
		f.chicago, f.boston = c1.ID, c2.ID
		for _, o := range []struct {
			name string
			id   *int64
		}{{"Teachers Union Local 7", &f.union}, {"Northside Clinic", &f.clinic}, {"Community Fund", &f.fund}} {
			made, err := tx.CreateOrganization(ctx, kindred.Organization{Name: o.name, Kind: "nonprofit", CityIDs: []int64{f.chicago}})
			if err != nil {
				return err
			}
			*o.id = made.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func createMember(t *testing.T, s *store.Store, m *kindred.Member) *kindred.Member {
	t.Helper()
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		_, err := tx.CreateMember(context.Background(), m)
		return err
	})
	if err != nil {
		t.Fatalf("create member %s: %v", m.Name, err)
	}
	got, err := s.Member(context.Background(), m.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestOrganizations(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := seedDirectory(t, s)
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateOrganization(ctx, kindred.Organization{Name: "teachers union local 7"})
			return err
		})
		if kindred.ErrorCode(err) != kindred.ECONFLICT || kindred.ErrorFields(err)["name"] == "" {
			t.Errorf("same name, other case: err = %v, want ECONFLICT on name", err)
		}
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateOrganization(ctx, kindred.Organization{Name: "Teachers Union: Local 7!", Website: "not a url", SizeBand: "huge"})
			return err
		})
		if fl := kindred.ErrorFields(err); fl["website"] == "" || fl["size_band"] == "" {
			t.Errorf("bad website and size: %v", err)
		}
		var second *kindred.Organization
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			second, err = tx.CreateOrganization(ctx, kindred.Organization{Name: "Teachers Union Local 7 (Retirees)", Website: "retirees.example.org"})
			return err
		})
		if err != nil || second.Website != "https://retirees.example.org" {
			t.Fatalf("create = %+v, %v", second, err)
		}
		o, err := s.OrganizationBySlug(ctx, "teachers-union-local-7")
		if err != nil || o.ID != f.union || len(o.CityIDs) != 1 {
			t.Errorf("by slug = %+v, %v", o, err)
		}
		list, err := s.ListOrganizations(ctx, store.OrganizationFilter{CityID: f.chicago})
		if err != nil || len(list) != 3 {
			t.Errorf("list in Chicago = %d, %v; want 3", len(list), err)
		}
	})
}

func TestMembersWithAffiliations(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := seedDirectory(t, s)
		m := createMember(t, s, &kindred.Member{
			Email: "Maria@Example.org", Name: "María Estrada", Pronouns: "she/her", Bio: "Organizer of relational meetings.",
			CityID: f.chicago, Languages: []string{"es", "en", "es"}, Tags: []string{"relational organizing"},
			Asks: []string{"SMS outreach"}, Offers: []string{"one-to-ones"},
			Needs:      kindred.Needs{Diet: "vegetarian", Accessibility: "step-free access"},
			Visibility: kindred.Visibility{kindred.FieldBio: kindred.LevelPrivate},
			Affiliations: []kindred.Affiliation{
				{OrganizationID: f.union, Role: "Lead organizer", Since: "2019"},
				{OrganizationID: f.fund, Role: "Board member", Since: "2021-03"},
				{OrganizationID: f.clinic, Role: "Volunteer", Since: "2015", Until: "2018"},
			},
		})
		if m.Email != "maria@example.org" || m.CityName != "Chicago" || len(m.Languages) != 2 {
			t.Errorf("member = %+v", m)
		}
		if len(m.Affiliations) != 3 {
			t.Fatalf("affiliations = %+v", m.Affiliations)
		}
		if p, ok := m.PrimaryAffiliation(); !ok || p.OrganizationID != f.union {
			t.Errorf("primary = %+v, want the first current one (the union)", p)
		}
		// Private bio is not searchable; network tags are.
		if got := listIDs(t, s, store.MemberFilter{Query: "relational meetings"}); len(got) != 0 {
			t.Errorf("search found a private bio: %v", got)
		}
		if got := listIDs(t, s, store.MemberFilter{Query: "relational organizing"}); len(got) != 1 {
			t.Errorf("search by tag = %v", got)
		}
		if got := listIDs(t, s, store.MemberFilter{OrganizationID: f.clinic}); len(got) != 0 {
			t.Errorf("past affiliation counted as current: %v", got)
		}
		if got := listIDs(t, s, store.MemberFilter{OrganizationID: f.fund, Language: "ES", Tag: "Relational Organizing"}); len(got) != 1 {
			t.Errorf("combined filters = %v", got)
		}
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateMember(ctx, &kindred.Member{Email: "maria@example.org", Name: "Dup"})
			return err
		})
		if kindred.ErrorFields(err)["email"] == "" {
			t.Errorf("duplicate email: %v", err)
		}
		m.Tags = []string{"base building"}
		m.Affiliations = m.Affiliations[:1]
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateMember(ctx, m) }); err != nil {
			t.Fatal(err)
		}
		got, _ := s.Member(ctx, m.ID)
		if len(got.Affiliations) != 1 || len(got.Tags) != 1 || got.Tags[0] != "base building" {
			t.Errorf("after update: %+v", got)
		}
		// The earlier search is cached; the update must show at once.
		if got := listIDs(t, s, store.MemberFilter{Query: "relational organizing"}); len(got) != 0 {
			t.Errorf("search by a removed tag = %v", got)
		}
		if got := listIDs(t, s, store.MemberFilter{Query: "Base building"}); len(got) != 1 {
			t.Errorf("search by the new tag = %v", got)
		}
	})
}

func listIDs(t *testing.T, s *store.Store, f store.MemberFilter) []int64 {
	t.Helper()
	ms, _, err := s.ListMembers(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	return ids
}

func TestMemberPagination(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		seedDirectory(t, s)
		for _, n := range []string{"Ana", "Bo", "Cy", "Di", "Ed", "Ana"} {
			createMember(t, s, &kindred.Member{Name: n})
		}
		var all []string
		cursor := ""
		for page := 0; page < 10; page++ {
			ms, next, err := s.ListMembers(context.Background(), store.MemberFilter{Limit: 2, After: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				all = append(all, m.Name)
			}
			if next == "" {
				break
			}
			cursor = next
		}
		if got := len(all); got != 6 || all[0] != "Ana" || all[1] != "Ana" || all[5] != "Ed" {
			t.Errorf("pages = %v", all)
		}
	})
}

func TestMergeMembers(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := seedDirectory(t, s)
		keep := createMember(t, s, &kindred.Member{Name: "Kwame Mensah", Email: "kwame@example.org",
			Affiliations: []kindred.Affiliation{{OrganizationID: f.union, Role: "Organizer"}}})
		dup := createMember(t, s, &kindred.Member{Name: "Kwame Mensah", Email: "k.mensah@example.org", Bio: "From the import.",
			Tags: []string{"fundraising"}, Affiliations: []kindred.Affiliation{{OrganizationID: f.union}, {OrganizationID: f.fund, Role: "Treasurer"}}})
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.SetMemberPhoto(ctx, dup.ID, "image/png", []byte("png")) }); err != nil {
			t.Fatal(err)
		}
		dup, _ = s.Member(ctx, dup.ID)
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.MergeMembers(ctx, keep, dup) }); err != nil {
			t.Fatal(err)
		}
		got, err := s.Member(ctx, keep.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Bio != "From the import." || len(got.Tags) != 1 || len(got.Affiliations) != 2 || !got.HasPhoto {
			t.Errorf("merged = %+v", got)
		}
		if _, err := s.Member(ctx, dup.ID); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("duplicate still there: %v", err)
		}
		if _, data, err := s.MemberPhoto(ctx, keep.ID); err != nil || string(data) != "png" {
			t.Errorf("photo = %q, %v", data, err)
		}
	})
}

func TestMemberValidationLimits(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		long := make([]byte, kindred.MaxBioLen+1)
		for i := range long {
			long[i] = 'a'
		}
		m := &kindred.Member{Name: "", Bio: string(long), Affiliations: []kindred.Affiliation{{OrganizationID: 1, Since: "20199"}},
			Visibility: kindred.Visibility{"bio": "everyone"}}
		err := s.WithTx(ctx, func(tx *store.Tx) error { _, err := tx.CreateMember(ctx, m); return err })
		fl := kindred.ErrorFields(err)
		for _, field := range []string{"name", "bio", "affiliations", "visibility"} {
			if fl[field] == "" {
				t.Errorf("no problem reported for %s: %v", field, err)
			}
		}
	})
}

// TestViewerMember resolves a signed-in account to its profile: the linked
// one, else the unlinked profile with its email, never another account's.
func TestViewerMember(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		linked := testutil.CreateAccount(t, s, "linked@example.org", kindred.RoleMember)
		unlinked := testutil.CreateAccount(t, s, "unlinked@example.org", kindred.RoleMember)
		other := testutil.CreateAccount(t, s, "other@example.org", kindred.RoleMember)
		var a, b kindred.Member
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			a = kindred.Member{Name: "Linked", Email: "linked@example.org", AccountID: linked.ID}
			b = kindred.Member{Name: "Unlinked", Email: "unlinked@example.org"}
			for _, m := range []*kindred.Member{&a, &b} {
				if _, err := tx.CreateMember(ctx, m); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if m, err := s.ViewerMember(ctx, linked); err != nil || m.ID != a.ID {
			t.Errorf("linked account: %v, %v", m, err)
		}
		if m, err := s.ViewerMember(ctx, unlinked); err != nil || m.ID != b.ID {
			t.Errorf("account with an unlinked profile of its email: %v, %v", m, err)
		}
		if _, err := s.ViewerMember(ctx, other); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("account without a profile: %v, want ENOTFOUND", err)
		}
	})
}
