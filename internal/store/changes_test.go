package store_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestCachedReadsFollowWrites checks that the cached organization and city
// menus show a change as soon as its transaction commits, and that Version
// moves only for the tables a transaction wrote and only on commit.
func TestCachedReadsFollowWrites(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := seedDirectory(t, s)
		orgs, err := s.OrganizationChoices(ctx)
		if err != nil || len(orgs) != 3 {
			t.Fatalf("choices = %d, %v; want 3", len(orgs), err)
		}
		if _, err := s.Cities(ctx); err != nil {
			t.Fatal(err)
		}
		orgsV, citiesV := s.Version("organizations"), s.Version("cities")

		clinic, err := s.Organization(ctx, f.clinic)
		if err != nil {
			t.Fatal(err)
		}
		clinic.Name = "Southside Clinic"
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.UpdateOrganization(ctx, *clinic) }); err != nil {
			t.Fatal(err)
		}
		if s.Version("organizations") == orgsV || s.Version("cities") != citiesV {
			t.Errorf("versions after an organization update: organizations %d→%d, cities %d→%d",
				orgsV, s.Version("organizations"), citiesV, s.Version("cities"))
		}
		orgs, err = s.OrganizationChoices(ctx)
		if err != nil || !hasOrg(orgs, "Southside Clinic") || hasOrg(orgs, "Northside Clinic") {
			t.Errorf("choices after rename: %v, %v", orgNames(orgs), err)
		}

		citiesV = s.Version("cities")
		rolledBack := errors.New("roll back")
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			if _, err := tx.CreateCity(ctx, kindred.City{Name: "Oslo", Slug: "oslo", TimeZone: "Europe/Oslo"}); err != nil {
				return err
			}
			return rolledBack
		})
		if !errors.Is(err, rolledBack) || s.Version("cities") != citiesV {
			t.Errorf("a rolled back write moved the version (%v): %d→%d", err, citiesV, s.Version("cities"))
		}
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateCity(ctx, kindred.City{Name: "Oslo", Slug: "oslo", TimeZone: "Europe/Oslo"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		cities, err := s.Cities(ctx)
		if err != nil || len(cities) != 3 {
			t.Errorf("cities after adding Oslo = %v, %v; want 3", cities, err)
		}
	})
}

func hasOrg(orgs []*kindred.Organization, name string) bool {
	for _, o := range orgs {
		if o.Name == name {
			return true
		}
	}
	return false
}

func orgNames(orgs []*kindred.Organization) []string {
	var out []string
	for _, o := range orgs {
		out = append(out, o.Name)
	}
	return out
}

// TestCachedReadsFollowOtherInstances checks that on PostgreSQL a write
// committed by one instance drops another instance's cached reads at once
// (well within CacheTTL), through the changes notification.
func TestCachedReadsFollowOtherInstances(t *testing.T) {
	t.Parallel()
	dsn := testutil.FreshPostgres(t)
	ctx := context.Background()
	a, b := testutil.OpenStore(t, dsn), testutil.OpenStore(t, dsn)
	before, err := b.OrganizationChoices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v := b.Version("organizations")
	err = a.WithTx(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateOrganization(ctx, kindred.Organization{Name: "Riverside Tenants", Kind: "nonprofit"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for b.Version("organizations") == v && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	after, err := b.OrganizationChoices(ctx)
	if err != nil || len(after) != len(before)+1 || !hasOrg(after, "Riverside Tenants") {
		t.Errorf("the other instance's choices after a write: %v, %v (before: %d)", orgNames(after), err, len(before))
	}
}

// TestChangeListenerReconnects checks that when PostgreSQL drops the
// connection listening for other instances' changes, the Store says so in
// its log, reconnects, drops every cached read once (notifications may have
// been missed meanwhile) and hears other instances' commits again.
func TestChangeListenerReconnects(t *testing.T) {
	t.Parallel()
	dsn := testutil.FreshPostgres(t)
	ctx := context.Background()
	var log lockedBuffer
	a := testutil.OpenStore(t, dsn)
	b := testutil.OpenStore(t, dsn, store.WithLogger(slog.New(slog.NewTextHandler(&log, nil))))
	v := b.Version("organizations")
	var killed int
	err := a.DB().QueryRowContext(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query = 'LISTEN kindred_changes' AND pid <> pg_backend_pid()`).Scan(&killed)
	if err != nil || killed != 2 {
		t.Fatalf("terminated %d listeners (%v), want both instances'", killed, err)
	}
	waitFor(t, "b's reconnection to change every version", func() bool { return b.Version("organizations") != v })
	if !strings.Contains(log.String(), "not listening for other instances' changes") {
		t.Errorf("b's log does not say it lost the listener: %q", log.String())
	}
	v = b.Version("organizations")
	err = a.WithTx(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateOrganization(ctx, kindred.Organization{Name: "Riverside Tenants", Kind: "nonprofit"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, "b to hear a's commit after reconnecting", func() bool { return b.Version("organizations") != v })
}

// waitFor polls cond for up to 10 seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// lockedBuffer is a bytes.Buffer safe for a logger and a test to share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestSignInLeavesCachesAlone: recording that an account was seen (each
// sign-in) does not move Version("accounts"), which every cache of member and
// account reads depends on; changing a role does.
func TestSignInLeavesCachesAlone(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		a := testutil.CreateAccount(t, s, "seen@example.org", kindred.RoleMember)
		v := s.Version("accounts")
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.TouchAccount(ctx, a.ID) }); err != nil {
			t.Fatal(err)
		}
		if s.Version("accounts") != v {
			t.Error("a sign-in moved the accounts version")
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.TouchAccount(ctx, a.ID+1000) }); kindred.ErrorCode(err) != kindred.ENOTFOUND {
			t.Errorf("touching a missing account: %v", err)
		}
		if err := s.WithTx(ctx, func(tx *store.Tx) error { return tx.SetRole(ctx, a.ID, kindred.RoleAdmin, nil) }); err != nil {
			t.Fatal(err)
		}
		if s.Version("accounts") == v {
			t.Error("a role change left the accounts version")
		}
	})
}
