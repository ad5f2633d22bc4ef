package emergence_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestTravelAlongGatheringTies: three practices each travel down a line of
// eight organizations, every adoption ten days after its people sat with
// people of the previous adopter. One link is an introduction and one is
// hidden by its member: neither counts as a tie made at a gathering.
func TestTravelAlongGatheringTies(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			city, err := tx.CreateCity(ctx, kindred.City{Name: "Lagos", Slug: "lagos", TimeZone: "Africa/Lagos"})
			if err != nil {
				return err
			}
			people := make([]int64, 8)
			orgs := make([]int64, 8)
			for i := range people {
				o, err := tx.CreateOrganization(ctx, kindred.Organization{Name: fmt.Sprintf("Org %d", i), CityIDs: []int64{city.ID}})
				if err != nil {
					return err
				}
				orgs[i] = o.ID
				if people[i], err = tx.CreateMember(ctx, &kindred.Member{Name: fmt.Sprintf("Person %d", i),
					Affiliations: []kindred.Affiliation{{OrganizationID: o.ID}}}); err != nil {
					return err
				}
			}
			for p := range 3 {
				pr := &kindred.Practice{Title: fmt.Sprintf("Practice %d", p)}
				if _, err := tx.CreatePractice(ctx, pr, 0); err != nil {
					return err
				}
				for i := range 8 {
					o := (i + 3*p) % 8
					a := &kindred.Adoption{PracticeID: pr.ID, OrganizationID: orgs[o], Outcome: kindred.OutcomeTried, AdoptedOn: start.AddDate(0, 0, 30*i+p)}
					if err := tx.AddAdoption(ctx, a, 0); err != nil {
						return err
					}
					if i == 0 {
						continue
					}
					tie := kindred.Tie{A: people[(i-1+3*p)%8], B: people[o], Kind: kindred.TieSatTogether, Source: kindred.SourceGathering,
						SourceRef: "Dinner", HappenedOn: start.AddDate(0, 0, 30*i+p-10)}
					if p == 1 && i == 4 {
						tie.Kind, tie.Source = kindred.TieIntroduced, kindred.SourceIntroduction
					}
					if p == 2 && i == 5 {
						tie.HiddenByA = true
					}
					if _, err := tx.AddTie(ctx, tie); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		ms, _, err := s.ListMembers(ctx, store.MemberFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		members := map[int64]*kindred.Member{}
		for _, m := range ms {
			members[m.ID] = m
		}
		f, err := emergence.Travel(ctx, s, members, start.AddDate(2, 0, 0), 1)
		if err != nil {
			t.Fatal(err)
		}
		if f.Adoptions != 21 || f.Followed != 19 || f.P > 0.01 || f.Chance >= f.Share() {
			t.Errorf("figure = %+v; want 19 of 21 followed a dinner, far above chance", f)
		}
		early, err := emergence.Travel(ctx, s, members, start.AddDate(0, 0, 95), 1)
		if err != nil {
			t.Fatal(err)
		}
		if early.Adoptions != 9 || early.Enough() {
			t.Errorf("as of early April: %+v; want the 9 adoptions after the first of each practice, too few to tell", early)
		}
	})
}
