package store_test

import (
	"context"
	"errors"
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
