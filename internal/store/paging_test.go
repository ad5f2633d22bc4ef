package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestPagesReachEveryRow: the audit log's pages, the gatherings list's
// pages by time (upcoming and past, with gatherings that share a start)
// reach every row once, and the counts the lists show are true, on both
// engines (the pages that use them are tested once, in internal/web).
func TestPagesReachEveryRow(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		start := time.Date(2031, 3, 1, 18, 0, 0, 0, time.UTC)
		var city kindred.City
		err := s.WithTx(ctx, func(tx *store.Tx) (err error) {
			for i := range 23 {
				if err := tx.Audit(ctx, 0, "test.page", fmt.Sprint(i), ""); err != nil {
					return err
				}
			}
			if city, err = tx.CreateCity(ctx, kindred.City{Name: "Pagetown", Slug: "pagetown", TimeZone: "UTC"}); err != nil {
				return err
			}
			for i := range 5 {
				name := fmt.Sprintf("Pagetown Group %d", i)
				if _, err := tx.CreateOrganization(ctx, kindred.Organization{Name: name, Slug: kindred.Slugify(name), CityIDs: []int64{city.ID}}); err != nil {
					return err
				}
			}
			for i := range 7 { // three a day: some share a start
				at := start.Add(time.Duration(i/3) * 24 * time.Hour)
				if _, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: city.ID, Title: fmt.Sprintf("Page dinner %d", i), Capacity: 8,
					StartsAt: at, EndsAt: at.Add(2 * time.Hour), Status: kindred.GatheringOpen, Visibility: kindred.VisibilityNetwork}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		total, err := s.CountAudit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		seen, before := map[int64]bool{}, int64(0)
		for pages := 0; ; pages++ {
			page, next, err := s.AuditPage(ctx, before, 5)
			if err != nil || pages > 20 {
				t.Fatalf("audit page %d: %v", pages, err)
			}
			for _, e := range page {
				if seen[e.ID] {
					t.Errorf("audit entry %d on two pages", e.ID)
				}
				seen[e.ID] = true
			}
			if next == 0 {
				break
			}
			before = next
		}
		if len(seen) != total || total < 23 {
			t.Errorf("the audit pages reached %d entries of %d", len(seen), total)
		}

		for _, past := range []bool{false, true} {
			f := store.GatheringFilter{CityID: city.ID, Now: start.Add(-time.Hour), Past: past, Limit: 2}
			if past {
				f.Now = start.Add(30 * 24 * time.Hour)
			}
			got := map[int64]bool{}
			var last *kindred.Gathering
			for pages := 0; pages < 10; pages++ {
				page, err := s.ListGatherings(ctx, f)
				if err != nil {
					t.Fatal(err)
				}
				for _, g := range page {
					if got[g.ID] {
						t.Errorf("past=%v: %q on two pages", past, g.Title)
					}
					if last != nil && (!past && g.StartsAt.Before(last.StartsAt) || past && g.StartsAt.After(last.StartsAt)) {
						t.Errorf("past=%v: %q out of order", past, g.Title)
					}
					got[g.ID], last = true, g
				}
				if len(page) < f.Limit {
					break
				}
				f.After = page[len(page)-1].ID
			}
			if len(got) != 7 {
				t.Errorf("past=%v: the pages reached %d of 7 gatherings", past, len(got))
			}
		}

		if n, err := s.CountOrganizations(ctx, city.ID); err != nil || n != 5 {
			t.Errorf("CountOrganizations = %d, %v; want 5", n, err)
		}
	})
}
