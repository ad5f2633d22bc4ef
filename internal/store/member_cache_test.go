package store_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// listedMembers returns the first page of members by id, from the member cache.
func listedMembers(t *testing.T, s *store.Store) map[int64]*kindred.Member {
	t.Helper()
	ms, _, err := s.ListMembersShared(context.Background(), store.MemberFilter{})
	if err != nil {
		t.Fatalf("list members: %v", err)
	}
	out := map[int64]*kindred.Member{}
	for _, m := range ms {
		out[m.ID] = m
	}
	return out
}

// TestListedMembersFollowWrites checks that listed members, which are cached
// per member, show each kind of write at once: a member's name, visibility,
// lists and affiliations, the name of their organization and of their city,
// and a member merged away. An unchanged member comes back as the same
// pointer (the API keeps its JSON by it) and a changed one as a new pointer;
// ListMembers hands out copies a caller may change.
func TestListedMembersFollowWrites(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := seedDirectory(t, s)
		ana := createMember(t, s, &kindred.Member{Name: "Ana Lima", CityID: f.chicago, Bio: "Tenant organizer", Tags: []string{"housing"},
			Affiliations: []kindred.Affiliation{{OrganizationID: f.clinic, Role: "Nurse", Primary: true}}})
		ben := createMember(t, s, &kindred.Member{Name: "Ben Okafor", CityID: f.boston})
		first := listedMembers(t, s)
		if len(first) != 2 || listedMembers(t, s)[ana.ID] != first[ana.ID] {
			t.Fatalf("listed %d members; a second list gives Ana again as another pointer", len(first))
		}
		// Each write reads first and then writes in its own transaction
		// (a read inside a write transaction could wait for it on SQLite).
		updateAna := func(change func(m *kindred.Member)) func() error {
			return func() error {
				m, err := s.Member(ctx, ana.ID)
				if err != nil {
					return err
				}
				change(m)
				return s.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateMember(ctx, m) })
			}
		}
		steps := []struct {
			name  string
			write func() error
			shows func(m *kindred.Member) bool
		}{
			{"name", updateAna(func(m *kindred.Member) { m.Name = "Ana Lima Souza" }),
				func(m *kindred.Member) bool { return m.Name == "Ana Lima Souza" }},
			{"visibility", updateAna(func(m *kindred.Member) { m.Visibility = kindred.Visibility{kindred.FieldBio: kindred.LevelPrivate} }),
				func(m *kindred.Member) bool { return m.Visibility.Of(kindred.FieldBio) == kindred.LevelPrivate }},
			{"tags", updateAna(func(m *kindred.Member) { m.Tags = []string{"housing", "childcare"} }),
				func(m *kindred.Member) bool { return len(m.Tags) == 2 && m.Tags[1] == "childcare" }},
			{"affiliation", updateAna(func(m *kindred.Member) {
				m.Affiliations = []kindred.Affiliation{{OrganizationID: f.union, Role: "Steward", Primary: true}}
			}), func(m *kindred.Member) bool {
				return len(m.Affiliations) == 1 && m.Affiliations[0].OrganizationID == f.union && m.Affiliations[0].Role == "Steward"
			}},
			{"organization name", func() error {
				o, err := s.Organization(ctx, f.union)
				if err != nil {
					return err
				}
				o.Name = "Teachers Union Local 9"
				return s.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateOrganization(ctx, *o) })
			}, func(m *kindred.Member) bool {
				return len(m.Affiliations) == 1 && m.Affiliations[0].OrganizationName == "Teachers Union Local 9"
			}},
			{"city name", func() error {
				return s.WithTx(ctx, func(tx *store.Tx) error {
					return tx.UpdateCity(ctx, kindred.City{ID: f.chicago, Name: "Chicago, IL", TimeZone: "America/Chicago"})
				})
			}, func(m *kindred.Member) bool { return m.CityName == "Chicago, IL" }},
		}
		for _, st := range steps {
			before := listedMembers(t, s)[ana.ID]
			if err := st.write(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			after := listedMembers(t, s)[ana.ID]
			if after == nil || !st.shows(after) {
				t.Errorf("after changing the %s, Ana is listed as %+v", st.name, after)
			}
			if after == before {
				t.Errorf("after changing the %s, Ana is the same pointer as before", st.name)
			}
		}

		keep, err := s.Member(ctx, ana.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.MergeMembers(ctx, keep, ben) }); err != nil {
			t.Fatal(err)
		}
		if got := listedMembers(t, s); len(got) != 1 || got[ben.ID] != nil {
			t.Errorf("after merging Ben into Ana, listed %d members (Ben: %v)", len(got), got[ben.ID])
		}

		copies, _, err := s.ListMembers(ctx, store.MemberFilter{})
		if err != nil || len(copies) != 1 {
			t.Fatalf("ListMembers: %d, %v", len(copies), err)
		}
		copies[0].Name, copies[0].Tags[0] = "Changed by a caller", "changed"
		if m := listedMembers(t, s)[ana.ID]; m.Name != "Ana Lima Souza" || m.Tags[0] != "housing" {
			t.Errorf("a caller's change to its copy reached the cache: %q %v", m.Name, m.Tags)
		}
	})
}

// TestListedMembersAfterUnannouncedWrite checks that a write the Store does
// not see (another process writing the SQLite file, like a CLI command
// beside kindred serve) shows in lists once CacheTTL has passed.
func TestListedMembersAfterUnannouncedWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "kindred.db")
	var mu sync.Mutex
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	server, cli := testutil.OpenStore(t, dsn, store.WithClock(clock)), testutil.OpenStore(t, dsn)
	ana := createMember(t, cli, &kindred.Member{Name: "Ana Lima"})
	if listedMembers(t, server)[ana.ID] == nil {
		t.Fatal("Ana is not listed")
	}
	ana.Name = "Ana Lima Souza"
	if err := cli.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateMember(ctx, ana) }); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	now = now.Add(store.CacheTTL)
	mu.Unlock()
	if m := listedMembers(t, server)[ana.ID]; m == nil || m.Name != "Ana Lima Souza" {
		t.Errorf("after CacheTTL, Ana is listed as %+v", m)
	}
}

// TestListedMembersFollowOtherInstances checks that on PostgreSQL a member
// changed through one instance is listed changed by another at once (well
// within CacheTTL), through the changes notification.
func TestListedMembersFollowOtherInstances(t *testing.T) {
	t.Parallel()
	dsn := testutil.FreshPostgres(t)
	ctx := context.Background()
	a, b := testutil.OpenStore(t, dsn), testutil.OpenStore(t, dsn)
	ana := createMember(t, a, &kindred.Member{Name: "Ana Lima"})
	if listedMembers(t, b)[ana.ID] == nil {
		t.Fatal("the other instance does not list Ana")
	}
	v := b.Version("members")
	ana.Name = "Ana Lima Souza"
	if err := a.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateMember(ctx, ana) }); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for b.Version("members") == v && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if m := listedMembers(t, b)[ana.ID]; m == nil || m.Name != "Ana Lima Souza" {
		t.Errorf("the other instance lists Ana as %+v after the change", m)
	}
}
