package seating

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// randomSeason builds a small season: a cohort with organizations, some
// hosts, languages, rules and history, and dinners with drifting guests.
func randomSeason(rng *rand.Rand) SeasonProblem {
	n := 10 + rng.IntN(16)
	var p SeasonProblem
	langs := []string{"en", "es", "fr"}
	withLang := rng.IntN(3) == 0
	for i := range n {
		g := Guest{ID: fmt.Sprintf("p%d", i), Org: fmt.Sprintf("o%d", rng.IntN(1+n/3)), Host: i < 2}
		if withLang && rng.IntN(2) == 0 {
			g.Languages = []string{"en", langs[rng.IntN(3)]}
		}
		p.Guests = append(p.Guests, g)
	}
	id := func() string { return fmt.Sprintf("p%d", rng.IntN(n)) }
	for range rng.IntN(n) {
		if a, b := id(), id(); a != b {
			p.History = append(p.History, Meeting{a, b, 1})
		}
	}
	if a, b := id(), id(); a != b && rng.IntN(2) == 0 {
		p.Apart = append(p.Apart, Pair{a, b})
	}
	if a, b := id(), id(); a != b && rng.IntN(2) == 0 {
		p.Together = append(p.Together, Pair{a, b})
	}
	size := 2 + rng.IntN(3)
	for range 2 + rng.IntN(4) {
		d := Dinner{TableSize: size, Rounds: 1 + rng.IntN(2)}
		for _, g := range p.Guests {
			if rng.IntN(5) > 0 {
				d.Guests = append(d.Guests, g.ID)
			}
		}
		if len(d.Guests) >= 2*size && rng.IntN(3) == 0 {
			d.Pins = []Pin{{Guest: d.Guests[0], Round: 0, Table: 0}}
		}
		p.Dinners = append(p.Dinners, d)
	}
	return p
}

// checkSeason verifies every dinner's hard constraints from the plan alone.
func checkSeason(p SeasonProblem, plan *SeasonPlan) []string {
	var bad []string
	byID := map[string]Guest{}
	for _, g := range p.Guests {
		byID[g.ID] = g
	}
	for d, dn := range p.Dinners {
		if dn.Held != nil {
			continue
		}
		q := Problem{Guests: nil, TableSize: dn.TableSize, Rounds: max(dn.Rounds, 1), Pins: dn.Pins}
		coming := map[string]bool{}
		for _, id := range dn.Guests {
			q.Guests = append(q.Guests, byID[id])
			coming[id] = true
		}
		for _, r := range p.Apart {
			if coming[r.A] && coming[r.B] {
				q.Apart = append(q.Apart, r)
			}
		}
		for _, r := range p.Together {
			if coming[r.A] && coming[r.B] {
				q.Together = append(q.Together, r)
			}
		}
		for _, b := range checkPlan(q, &Plan{Rounds: plan.Dinners[d].Rounds}) {
			bad = append(bad, fmt.Sprintf("dinner %d: %s", d+1, b))
		}
	}
	return bad
}

// seasonRepeats counts, dinner by dinner and round by round, the pairs
// seated together who met before (history or earlier in the season).
func seasonRepeats(p SeasonProblem, plan *SeasonPlan) (total int, perDinner []int) {
	met := map[[2]string]int{}
	key := func(a, b string) [2]string { return [2]string{min(a, b), max(a, b)} }
	for _, h := range p.History {
		met[key(h.A, h.B)] += h.Times
	}
	groups := map[string]string{}
	for _, pr := range p.Together {
		groups[pr.A+"|"+pr.B], groups[pr.B+"|"+pr.A] = "x", "x"
	}
	for _, dp := range plan.Dinners {
		c := 0
		for _, tables := range dp.Rounds {
			for _, ids := range tables {
				for i, a := range ids {
					for _, b := range ids[i+1:] {
						if groups[a+"|"+b] == "" && met[key(a, b)] > 0 {
							c++
						}
					}
				}
			}
			for _, ids := range tables {
				for i, a := range ids {
					for _, b := range ids[i+1:] {
						met[key(a, b)]++
					}
				}
			}
		}
		perDinner = append(perDinner, c)
		total += c
	}
	return total, perDinner
}

func TestPlanSeasonKeepsConstraintsAndCountsRepeats(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(51, 51))
	solved := 0
	for i := range 20 {
		p := randomSeason(rng)
		plan, err := PlanSeason(context.Background(), p, Options{Seed: uint64(i), Thorough: true, MaxIterations: 20_000})
		if errors.Is(err, ErrInvalid) || errors.Is(err, ErrInfeasible) && plan == nil {
			continue
		}
		if errors.Is(err, ErrInfeasible) {
			if len(plan.Violations) == 0 {
				t.Errorf("season %d: ErrInfeasible without listed violations", i)
			}
			continue
		}
		if err != nil {
			t.Fatalf("season %d: PlanSeason() error = %v", i, err)
		}
		solved++
		if bad := checkSeason(p, plan); len(bad) > 0 {
			t.Errorf("season %d: broken constraints %v", i, bad)
		}
		total, per := seasonRepeats(p, plan)
		if got := plan.Score.RepeatPairs; got != total {
			t.Errorf("season %d: Score.RepeatPairs = %d, recount %d", i, got, total)
		}
		for d, dp := range plan.Dinners {
			if dp.Score.RepeatPairs != per[d] {
				t.Errorf("season %d dinner %d: repeats %d, recount %d", i, d+1, dp.Score.RepeatPairs, per[d])
			}
		}
	}
	if solved < 8 {
		t.Errorf("solved %d random seasons, want at least 8", solved)
	}
}

func TestReplanSeasonKeepsHeldDinners(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(61, 61))
	for i := 0; i < 6; {
		p := randomSeason(rng)
		opt := Options{Seed: 1, Thorough: true, MaxIterations: 20_000}
		first, err := PlanSeason(context.Background(), p, opt)
		if err != nil || len(p.Dinners) < 3 {
			continue
		}
		i++
		// Two dinners took place; the rest of the guest lists changed.
		q := p
		q.Dinners = slices.Clone(p.Dinners)
		for d := 2; d < len(q.Dinners); d++ {
			q.Dinners[d].Guests = slices.Clone(q.Dinners[d].Guests[1:])
			q.Dinners[d].Pins = nil
		}
		again, err := ReplanSeason(context.Background(), q, first, 2, opt)
		if errors.Is(err, ErrInvalid) {
			continue
		}
		if err != nil && !errors.Is(err, ErrInfeasible) {
			t.Fatalf("season %d: ReplanSeason() error = %v", i, err)
		}
		for d := range 2 {
			if !again.Dinners[d].Held || !reflect.DeepEqual(again.Dinners[d].Rounds, first.Dinners[d].Rounds) {
				t.Errorf("season %d: held dinner %d moved:\n%v\nwas\n%v", i, d+1, again.Dinners[d].Rounds, first.Dinners[d].Rounds)
			}
		}
		for d := 2; d < len(q.Dinners); d++ {
			var seated []string
			for _, tables := range again.Dinners[d].Rounds[:1] {
				for _, ids := range tables {
					seated = append(seated, ids...)
				}
			}
			slices.Sort(seated)
			want := slices.Sorted(slices.Values(q.Dinners[d].Guests))
			if !slices.Equal(seated, want) {
				t.Errorf("season %d dinner %d seats %v, want the new guest list %v", i, d+1, seated, want)
			}
		}
		total, _ := seasonRepeats(q, again)
		if again.Score.RepeatPairs != total {
			t.Errorf("season %d: re-plan repeats %d, recount %d", i, again.Score.RepeatPairs, total)
		}
	}
}

func TestHeldDinnersCountAsHistory(t *testing.T) {
	t.Parallel()
	// Six guests at tables of 2: a held dinner paired a-b, c-d, e-f; the
	// next dinner must pair them otherwise.
	p := SeasonProblem{Guests: guests("a:A", "b:B", "c:C", "d:D", "e:E", "f:F"), Dinners: []Dinner{
		{Held: [][][]string{{{"a", "b"}, {"c", "d"}, {"e", "f"}}}},
		{Guests: []string{"a", "b", "c", "d", "e", "f"}, TableSize: 2},
	}}
	plan, err := PlanSeason(context.Background(), p, Options{Seed: 1, Thorough: true, MaxIterations: 10_000})
	if err != nil {
		t.Fatalf("PlanSeason() error = %v", err)
	}
	if got := plan.Dinners[1].Score.RepeatPairs; got != 0 {
		t.Errorf("second dinner repeats %d pairs of the held one: %v", got, plan.Dinners[1].Rounds)
	}
	if !plan.Optimal || plan.Score.RepeatPairs != 0 || plan.Score.SeatedPairs != 6 {
		t.Errorf("season score %+v, optimal %v; want 6 seated pairs, no repeats, optimal", plan.Score, plan.Optimal)
	}
}

func TestSeasonOfAFixedCohortIsAGolferProblem(t *testing.T) {
	t.Parallel()
	// 32 people at every one of 10 dinners at tables of 4: the original
	// social golfer problem, met by a design.
	p := SeasonProblem{}
	var ids []string
	for i := range 32 {
		p.Guests = append(p.Guests, Guest{ID: fmt.Sprint("g", i), Org: fmt.Sprint("o", i)})
		ids = append(ids, fmt.Sprint("g", i))
	}
	for range 10 {
		p.Dinners = append(p.Dinners, Dinner{Guests: ids, TableSize: 4})
	}
	plan, err := PlanSeason(context.Background(), p, Options{Seed: 1, Thorough: true, MaxIterations: 1_000_000})
	if err != nil {
		t.Fatalf("PlanSeason() error = %v", err)
	}
	if plan.Score.RepeatPairs != 0 || !plan.Optimal {
		t.Errorf("repeats %d, optimal %v; want 0 and true", plan.Score.RepeatPairs, plan.Optimal)
	}
	g := plan.Guests[0]
	if got, want := len(g.Seats), 10; got != want || len(g.Seats[3].With) != 3 {
		t.Fatalf("guest 0 has %d seats (%+v), want %d with 3 tablemates each", got, g.Seats, want)
	}
	if got, want := g.Text, "meets 30 new people from 30 organizations over 10 dinners"; got != want {
		t.Errorf("explanation = %q, want %q", got, want)
	}
}

func TestSeasonOfChangingTableSizesKeepsEachLayout(t *testing.T) {
	t.Parallel()
	p := SeasonProblem{}
	var ids []string
	for i := range 24 {
		p.Guests = append(p.Guests, Guest{ID: fmt.Sprint("g", i), Org: fmt.Sprint("o", i)})
		ids = append(ids, fmt.Sprint("g", i))
	}
	for d := range 4 {
		p.Dinners = append(p.Dinners, Dinner{Guests: ids, TableSize: 3 + d%2})
	}
	plan, err := PlanSeason(context.Background(), p, Options{Seed: 1, MaxIterations: 20_000})
	if err != nil {
		t.Fatalf("PlanSeason() error = %v", err)
	}
	if bad := checkSeason(p, plan); len(bad) > 0 {
		t.Errorf("broken constraints %v", bad)
	}
	for d, dp := range plan.Dinners {
		if got, want := len(dp.Rounds[0]), 24/(3+d%2); got != want {
			t.Errorf("dinner %d has %d tables, want %d", d+1, got, want)
		}
	}
}

func TestPlanSeasonValidation(t *testing.T) {
	t.Parallel()
	cohort := guests("a:A:host", "b:B", "c:C", "d:D", "e:E:host", "f:F")
	all := []string{"a", "b", "c", "d", "e", "f"}
	tests := []struct {
		name    string
		dinners []Dinner
		want    []string
	}{
		{"no dinners", nil, []string{"at least one dinner"}},
		{"unknown guest", []Dinner{{Guests: []string{"a", "zz", "b"}, TableSize: 2}}, []string{`dinner 1 names guest "zz", who is not in the cohort`}},
		{"guest twice", []Dinner{{Name: "March", Guests: []string{"a", "b", "a", "c"}, TableSize: 2}}, []string{`March lists guest "a" twice`}},
		{"no guests", []Dinner{{TableSize: 2}, {Guests: all, TableSize: 2}}, []string{"dinner 1 has no guests"}},
		{"table size", []Dinner{{Guests: all, TableSize: 2}, {Guests: all, TableSize: 1}}, []string{"dinner 2: table size 1 is below 2"}},
		{"hosts", []Dinner{{Guests: all, Tables: 1}}, []string{"dinner 1: 2 hosts but only 1 tables"}},
		{"host not coming", []Dinner{{Guests: []string{"a", "b", "c", "d"}, Hosts: []string{"f"}, TableSize: 2}}, []string{`names host "f", who is not coming`}},
		{"pin round", []Dinner{{Guests: all, TableSize: 2, Pins: []Pin{{Guest: "b", Round: 1}}}}, []string{`dinner 1: pin of guest "b" names round 2 of 1`}},
		{"pin absent guest", []Dinner{{Guests: []string{"a", "b", "c", "d"}, TableSize: 2, Pins: []Pin{{Guest: "f"}}}}, []string{`pin of guest "f" names dinner 1, which they do not attend`}},
		{"held unknown", []Dinner{{Held: [][][]string{{{"a", "q"}}}}, {Guests: all, TableSize: 2}}, []string{`dinner 1 (held) seats guest "q"`}},
		{"pinned held", []Dinner{{Held: [][][]string{{{"a", "b"}}}, Pins: []Pin{{Guest: "a"}}}}, []string{"dinner 1 is held; its seating cannot be pinned"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := PlanSeason(context.Background(), SeasonProblem{Guests: cohort, Dinners: tt.dinners}, Options{Seed: 1, MaxIterations: 100})
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("PlanSeason() error = %v, want ErrInvalid", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error = %q, want it to contain %q", err, w)
				}
			}
		})
	}
}

func TestReplanSeasonRejectsBadHeldCount(t *testing.T) {
	t.Parallel()
	p := SeasonProblem{Guests: guests("a:A", "b:B", "c:C", "d:D"), Dinners: []Dinner{{Guests: []string{"a", "b", "c", "d"}, TableSize: 2}}}
	prev, err := PlanSeason(context.Background(), p, Options{Seed: 1, MaxIterations: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, held := range []int{-1, 2} {
		if _, err := ReplanSeason(context.Background(), p, prev, held, Options{}); !errors.Is(err, ErrInvalid) {
			t.Errorf("held %d: error = %v, want ErrInvalid", held, err)
		}
	}
}
