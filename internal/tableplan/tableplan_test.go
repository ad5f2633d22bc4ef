package tableplan_test

import (
	"cmp"
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
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

// TestComposeAlwaysGivesAPlan: a guest who shares no language with the
// others no longer stops the composer: it sets the language rule aside,
// says so naming the guest, and the plan remembers it.
func TestComposeAlwaysGivesAPlan(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		g, _ := dinner(t, s, []guest{{"Ana Souza", 0, []string{"pt"}}, {"Bo Chen", 1, []string{"en"}}, {"Cy Diallo", 0, []string{"en"}}, {"Di Park", 1, []string{"en"}}})
		plan, err := (&tableplan.Planner{Store: s}).Compose(context.Background(), g, tableplan.Change{Viewer: admin()}, tableplan.Settings{Rounds: 1, TableSize: 2, Seed: 1})
		if err != nil || len(plan.Seats) != 4 || plan.ByLanguage || len(plan.Relaxed) != 1 ||
			!strings.Contains(plan.Relaxed[0], `"Ana Souza" shares a language with only 0 others`) || !strings.Contains(plan.Relaxed[0], "without the language rule") {
			t.Fatalf("a guest no one can talk to: %+v, %v; want a plan without the language rule saying why", plan, err)
		}
		// Choosing to ignore languages gives the same, without a word; the
		// plan remembers it, so later moves are not judged by it either.
		p := &tableplan.Planner{Store: s}
		plan, err = p.Compose(context.Background(), g, tableplan.Change{Viewer: admin(), Against: plan.Revision}, tableplan.Settings{Rounds: 1, TableSize: 2, Seed: 1, IgnoreLanguages: true})
		if err != nil || len(plan.Seats) != 4 || plan.ByLanguage || len(plan.Relaxed) != 0 {
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
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g, ids := dinner(t, s, []guest{{"Sam Lee", 0, nil}, {"Sam Lee", 1, nil}, {"Ola Berg", -1, nil}, {"Ren Ito", 1, nil}})
		p := &tableplan.Planner{Store: s}
		plan, err := p.Compose(ctx, g, tableplan.Change{Viewer: admin()}, tableplan.Settings{Rounds: 1, TableSize: 2, Seed: 3})
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

// TestEditsAgainstOneRevision edits a plan as several hosts with the page
// open at once would: every edit is made against the same revision, and only
// the first to be stored applies; the others are refused with who changed the
// plan, and the plan is the first one's result.
func TestEditsAgainstOneRevision(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g, ids := dinner(t, s, []guest{{"Ana Souza", 0, nil}, {"Bo Chen", 1, nil}, {"Cy Diallo", 0, nil}, {"Di Park", 1, nil},
			{"Eli Moss", 0, nil}, {"Fay Lund", 1, nil}})
		p := &tableplan.Planner{Store: s}
		seen, err := p.Compose(ctx, g, tableplan.Change{Viewer: admin()}, tableplan.Settings{Rounds: 1, TableSize: 2, Seed: 5})
		if err != nil {
			t.Fatal(err)
		}
		// Sequentially: the second edit is refused, even one that would be
		// invalid against the plan it was made for.
		host := tableplan.Change{Viewer: admin(), Against: seen.Revision}
		first, err := p.SetPinned(ctx, g, host, ids[0], 1, true)
		if err != nil {
			t.Fatal(err)
		}
		for name, edit := range map[string]func() error{
			"move": func() error { _, err := p.Move(ctx, g, host, ids[1], 1, 9); return err },
			"compose": func() error {
				_, err := p.Compose(ctx, g, host, tableplan.Settings{Rounds: 2, TableSize: 2, Seed: 6})
				return err
			},
		} {
			if err := edit(); !isChanged(err) {
				t.Errorf("%s against revision %d after another edit: %v, want PlanChanged", name, seen.Revision, err)
			}
		}
		if got, _ := s.TablePlan(ctx, g.ID); !reflect.DeepEqual(got.Seats, sorted(first.Seats)) || got.Revision != first.Revision {
			t.Errorf("after the refused edits the plan is %+v, want the first edit's %+v", got, first)
		}

		// At once: each host moves another guest against the same revision.
		at := tableplan.Change{Viewer: admin(), Against: first.Revision}
		errs := make([]error, 4)
		plans := make([]*kindred.TablePlan, 4)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Go(func() { plans[i], errs[i] = p.Move(ctx, g, at, ids[i+1], 1, 1) })
		}
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch {
			case err == nil && won >= 0:
				t.Errorf("moves %d and %d against revision %d were both applied", won, i, at.Against)
			case err == nil:
				won = i
			case !isChanged(err):
				t.Errorf("move %d: %v, want PlanChanged", i, err)
			}
		}
		if won < 0 {
			t.Fatal("no move was applied")
		}
		if got, _ := s.TablePlan(ctx, g.ID); !reflect.DeepEqual(got.Seats, sorted(plans[won].Seats)) || got.Revision != at.Against+1 {
			t.Errorf("the plan is %+v, want the applied move's %+v", got, plans[won])
		}
	})
}

// sorted is seats in the order the store reads them.
func sorted(seats []kindred.Seat) []kindred.Seat {
	out := slices.Clone(seats)
	slices.SortFunc(out, func(a, b kindred.Seat) int {
		return cmp.Or(cmp.Compare(a.Round, b.Round), cmp.Compare(a.Table, b.Table), cmp.Compare(a.MemberID, b.MemberID))
	})
	return out
}

func isChanged(err error) bool {
	_, ok := errors.AsType[*kindred.PlanChanged](err)
	return ok && kindred.ErrorCode(err) == kindred.ECONFLICT
}

// TestSeatingRulesBindTheComposer: a keep-together rule seats two people
// from one organization together (which the composer would never choose),
// keep-apart rules steer the rest, and a plan made before a rule shows the
// rule as broken until it is composed again.
func TestSeatingRulesBindTheComposer(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g, ids := dinner(t, s, []guest{{"Ana Souza", 0, nil}, {"Ben Okafor", 0, nil}, {"Cy Diallo", 0, nil},
			{"Di Park", 1, nil}, {"Eli Roth", 1, nil}, {"Fay Lund", 1, nil}})
		p := &tableplan.Planner{Store: s}
		set := tableplan.Settings{Rounds: 1, TableSize: 2, Seed: 5}
		before, err := p.Compose(ctx, g, tableplan.Change{Viewer: admin()}, set)
		if err != nil {
			t.Fatal(err)
		}
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			for _, r := range []kindred.SeatingRule{
				{Kind: kindred.SeatTogether, MemberA: ids[0], MemberB: ids[1], Note: "interprets for Ana"},
				{Kind: kindred.SeatApart, MemberA: ids[2], MemberB: ids[3]},
				{Kind: kindred.SeatApart, MemberA: ids[2], MemberB: ids[4]},
			} {
				r.GatheringID = g.ID
				if _, err := tx.AddSeatingRule(ctx, r); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		roster, err := p.Roster(ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		a, err := p.Assess(ctx, roster, before)
		if err != nil || !slices.ContainsFunc(a.Violations, func(v string) bool { return strings.Contains(v, "Ana Souza, Ben Okafor should sit together") }) {
			t.Errorf("the plan made before the rules: violations %q, %v; want Ana and Ben named", a.Violations, err)
		}
		plan, err := p.Compose(ctx, g, tableplan.Change{Viewer: admin(), Against: before.Revision}, set)
		if err != nil {
			t.Fatal(err)
		}
		tableOf := func(id int64) int { st, _ := plan.Seat(1, id); return st.Table }
		if tableOf(ids[0]) != tableOf(ids[1]) || tableOf(ids[2]) != tableOf(ids[5]) {
			t.Errorf("tables: Ana %d, Ben %d (together); Cy %d, Fay %d (Cy kept from Di and Eli)",
				tableOf(ids[0]), tableOf(ids[1]), tableOf(ids[2]), tableOf(ids[5]))
		}
		if roster, _ = p.Roster(ctx, g); roster == nil {
			t.Fatal("no roster")
		}
		if a, err := p.Assess(ctx, roster, plan); err != nil || len(a.Violations) != 0 {
			t.Errorf("the plan composed with the rules breaks %q, %v", a.Violations, err)
		}
	})
}

// admin is the host who changes the plans of these tests: an administrator.
func admin() *kindred.Viewer {
	return &kindred.Viewer{Account: &kindred.Account{Role: kindred.RoleAdmin}}
}

// TestHostsAreSeated: hosts chosen on the gathering take a seat without
// answering, and the composer puts one at each table.
func TestHostsAreSeated(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g, _ := dinner(t, s, []guest{{"Ana Souza", 0, nil}, {"Bo Chen", 1, nil}, {"Cy Diallo", 0, nil}, {"Di Park", 1, nil},
			{"Ed Moss", 0, nil}, {"Fa Lin", 1, nil}})
		var hosts []int64
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			for _, name := range []string{"Host One", "Host Two"} {
				id, err := tx.CreateMember(ctx, &kindred.Member{Name: name})
				if err != nil {
					return err
				}
				hosts = append(hosts, id)
			}
			g.HostIDs = hosts
			_, _, err := tx.UpdateGathering(ctx, *g, false)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range hosts {
			if r, err := s.RSVPOf(ctx, g.ID, id); err != nil || r.Status != kindred.RSVPGoing {
				t.Fatalf("host %d: %+v, %v; want going", id, r, err)
			}
		}
		plan, err := (&tableplan.Planner{Store: s}).Compose(ctx, g, tableplan.Change{Viewer: admin()}, tableplan.Settings{Rounds: 1, TableSize: 4, Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		for i, table := range plan.Tables(1) {
			if n := len(slices.DeleteFunc(slices.Clone(table), func(id int64) bool { return !slices.Contains(hosts, id) })); n != 1 {
				t.Errorf("table %d seats %d hosts (%v), want 1", i+1, n, table)
			}
		}
	})
}
