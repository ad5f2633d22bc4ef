package tableplan_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/tableplan"
	"github.com/kindredhq/kindred/internal/testutil"
)

// guest describes a member for dinner: organization index (-1: none) and
// languages.
type guest struct {
	name  string
	org   int
	langs []string
}

// dinner stores a gathering with the guests going, over two organizations.
func dinner(t *testing.T, s *store.Store, gs []guest) (*kindred.Gathering, []int64) {
	t.Helper()
	ctx := context.Background()
	var g *kindred.Gathering
	var ids []int64
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		city, err := tx.CreateCity(ctx, kindred.City{Name: "Boston", Slug: "boston", TimeZone: "America/New_York"})
		if err != nil {
			return err
		}
		var orgs []int64
		for _, name := range []string{"Harbor Clinic", "Roxbury Tenants"} {
			o, err := tx.CreateOrganization(ctx, kindred.Organization{Name: name, Kind: "nonprofit"})
			if err != nil {
				return err
			}
			orgs = append(orgs, o.ID)
		}
		start := time.Date(2027, 5, 6, 22, 0, 0, 0, time.UTC)
		if g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: city.ID, Title: "Boston dinner", Capacity: 20, TableSize: 2,
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringOpen}); err != nil {
			return err
		}
		for _, gu := range gs {
			m := &kindred.Member{Name: gu.name, Languages: gu.langs}
			if gu.org >= 0 {
				m.Affiliations = []kindred.Affiliation{{OrganizationID: orgs[gu.org], Role: "Staff"}}
			}
			if _, err := tx.CreateMember(ctx, m); err != nil {
				return err
			}
			if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: m.ID, Status: kindred.RSVPGoing}); err != nil {
				return err
			}
			ids = append(ids, m.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return g, ids
}

func TestComposeNamesGuestsInSeatingErrors(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		g, _ := dinner(t, s, []guest{{"Ana Souza", 0, []string{"pt"}}, {"Bo Chen", 1, []string{"en"}}, {"Cy Diallo", 0, []string{"en"}}, {"Di Park", 1, []string{"en"}}})
		_, err := (&tableplan.Planner{Store: s}).Compose(context.Background(), g, tableplan.Settings{Rounds: 1, TableSize: 2, Seed: 1})
		if kindred.ErrorCode(err) != kindred.EINVALID || !strings.Contains(kindred.ErrorMessage(err), `"Ana Souza" shares a language with only 0 others`) {
			t.Errorf("a guest no one can talk to: %v, want EINVALID naming Ana Souza", err)
		}
		if kindred.ErrorFields(err)["languages"] == "" || !strings.Contains(kindred.ErrorMessage(err), "Ignore languages") {
			t.Errorf("the error does not point at the languages choice: %v (fields %v)", err, kindred.ErrorFields(err))
		}
		// The host's way out: seat everyone without the language rule, and
		// the plan remembers it, so later moves are not judged by it either.
		p := &tableplan.Planner{Store: s}
		plan, err := p.Compose(context.Background(), g, tableplan.Settings{Rounds: 1, TableSize: 2, Seed: 1, IgnoreLanguages: true})
		if err != nil || len(plan.Seats) != 4 || plan.ByLanguage {
			t.Fatalf("composed ignoring languages: %+v, %v", plan, err)
		}
		stored, err := s.TablePlan(context.Background(), g.ID)
		if err != nil || stored.ByLanguage {
			t.Fatalf("stored plan: by language %v, %v; want false", stored != nil && stored.ByLanguage, err)
		}
		roster, err := p.Roster(context.Background(), g)
		if err != nil {
			t.Fatal(err)
		}
		a, err := p.Assess(context.Background(), roster, stored)
		if err != nil || len(a.Violations) != 0 {
			t.Errorf("assessing a plan composed without languages: %+v, %v; want no broken rule", a, err)
		}
	})
}

func TestComposeAndAssess(t *testing.T) {
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g, ids := dinner(t, s, []guest{{"Sam Lee", 0, nil}, {"Sam Lee", 1, nil}, {"Ola Berg", -1, nil}, {"Ren Ito", 1, nil}})
		p := &tableplan.Planner{Store: s}
		plan, err := p.Compose(ctx, g, tableplan.Settings{Rounds: 1, TableSize: 2, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		// Two namesakes and a guest without an organization are seated like
		// anyone; the best plan pairs people from different organizations.
		if len(plan.Seats) != 4 || plan.Summary.NewCrossOrgPairs != 2 || plan.Summary.SameOrgPairs != 0 {
			t.Fatalf("plan %+v, want 4 seats in 2 new cross-organization pairs", plan)
		}
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: ids[3], Status: kindred.RSVPDeclined})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		r, err := p.Roster(ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		a, err := p.Assess(ctx, r, plan)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Departed) != 1 || a.Departed[0].Name != "Ren Ito" || len(a.Unseated) != 0 || !strings.HasPrefix(a.Explain[ids[2]], "meets 1 new person") {
			t.Errorf("assessment after Ren declined: departed %v, unseated %v, explain %q", a.Departed, a.Unseated, a.Explain[ids[2]])
		}
	})
}
