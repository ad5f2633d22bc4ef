package seating

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"testing"
)

// randomProblem builds a small random instance, sometimes with history,
// do-not-seat and keep-together pairs, languages and pins.
func randomProblem(rng *rand.Rand) Problem {
	n := 6 + rng.IntN(25)
	p := Problem{TableSize: 2 + rng.IntN(5), Rounds: 1 + rng.IntN(3)}
	tables := (n + p.TableSize - 1) / p.TableSize
	orgs := 1 + rng.IntN(6)
	langs := []string{"en", "es", "fr"}
	withLang := rng.IntN(3) == 0
	hosts := rng.IntN(tables + 1)
	for i := range n {
		g := Guest{ID: fmt.Sprintf("p%d", i), Org: fmt.Sprintf("o%d", rng.IntN(orgs)), Host: i < hosts}
		if withLang && rng.IntN(2) == 0 {
			g.Languages = []string{"en", langs[rng.IntN(3)]}
		}
		p.Guests = append(p.Guests, g)
	}
	id := func() string { return fmt.Sprintf("p%d", rng.IntN(n)) }
	for range rng.IntN(n) {
		if a, b := id(), id(); a != b {
			p.History = append(p.History, Meeting{a, b, 1 + rng.IntN(3)})
		}
	}
	for range rng.IntN(3) {
		if a, b := id(), id(); a != b {
			p.Apart = append(p.Apart, Pair{a, b})
		}
	}
	for range rng.IntN(2) {
		if a, b := id(), id(); a != b {
			p.Together = append(p.Together, Pair{a, b})
		}
	}
	if rng.IntN(3) == 0 {
		p.Pins = append(p.Pins, Pin{Guest: id(), Round: rng.IntN(p.Rounds), Table: rng.IntN(tables)})
	}
	return p
}

// checkPlan verifies every hard constraint without the package's own
// bookkeeping and returns what is broken.
func checkPlan(p Problem, plan *Plan) []string {
	var bad []string
	byID := map[string]Guest{}
	for _, g := range p.Guests {
		byID[g.ID] = g
	}
	for r, tables := range plan.Rounds {
		where := map[string]int{}
		var sizes, hosts []int
		for t, ids := range tables {
			h := 0
			for _, id := range ids {
				if _, dup := where[id]; dup {
					bad = append(bad, fmt.Sprintf("round %d seats %s twice", r, id))
				}
				where[id] = t
				if byID[id].Host {
					h++
				}
			}
			sizes, hosts = append(sizes, len(ids)), append(hosts, h)
			if !commonLanguage(ids, byID) {
				bad = append(bad, fmt.Sprintf("round %d table %d has no shared language", r, t))
			}
		}
		if len(where) != len(p.Guests) {
			bad = append(bad, fmt.Sprintf("round %d seats %d of %d guests", r, len(where), len(p.Guests)))
		}
		if slices.Max(sizes)-slices.Min(sizes) > 1 || slices.Min(sizes) < 2 {
			bad = append(bad, fmt.Sprintf("round %d table sizes %v", r, sizes))
		}
		if slices.Max(hosts)-slices.Min(hosts) > 1 {
			bad = append(bad, fmt.Sprintf("round %d hosts per table %v", r, hosts))
		}
		for _, a := range p.Apart {
			if where[a.A] == where[a.B] {
				bad = append(bad, fmt.Sprintf("round %d seats do-not-seat %v together", r, a))
			}
		}
		for _, a := range p.Together {
			if where[a.A] != where[a.B] {
				bad = append(bad, fmt.Sprintf("round %d splits keep-together %v", r, a))
			}
		}
		for _, pin := range p.Pins {
			if pin.Round == r && where[pin.Guest] != pin.Table {
				bad = append(bad, fmt.Sprintf("round %d ignores pin %v", r, pin))
			}
		}
	}
	return bad
}

func commonLanguage(ids []string, byID map[string]Guest) bool {
	count := map[string]int{}
	speakers := 0
	for _, id := range ids {
		if ls := byID[id].Languages; len(ls) > 0 {
			speakers++
			for _, l := range slices.Compact(slices.Sorted(slices.Values(ls))) {
				count[l]++
			}
		}
	}
	if speakers == 0 {
		return true
	}
	for _, c := range count {
		if c == speakers {
			return true
		}
	}
	return false
}

func TestSolveRandomInstancesKeepHardConstraints(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(7, 7))
	solved := 0
	for i := range 30 {
		p := randomProblem(rng)
		if Validate(p) != nil {
			continue
		}
		plan, err := Solve(context.Background(), p, Options{Seed: uint64(i), MaxIterations: 6_000})
		if errors.Is(err, ErrInfeasible) {
			if plan == nil || len(plan.Violations) == 0 {
				t.Errorf("instance %d: ErrInfeasible without listed violations", i)
			}
			continue
		}
		if err != nil {
			t.Fatalf("instance %d: Solve() error = %v", i, err)
		}
		solved++
		if bad := checkPlan(p, plan); len(bad) > 0 {
			t.Errorf("instance %d: broken constraints %v", i, bad)
		}
		if got, want := plan.Score, recount(p, plan); got.NewCrossOrgPairs != want.NewCrossOrgPairs ||
			got.RepeatPairs != want.RepeatPairs || got.SameOrgPairs != want.SameOrgPairs || got.SeatedPairs != want.SeatedPairs {
			t.Errorf("instance %d: score %+v, recount %+v", i, got, want)
		}
		if got := plan.Score.NewCrossOrgPairs; got > plan.Score.UpperBound {
			t.Errorf("instance %d: %d new pairs above the upper bound %d", i, got, plan.Score.UpperBound)
		}
	}
	t.Logf("solved %d of 30 random instances", solved)
	if solved < 15 {
		t.Errorf("solved %d random instances, want at least 15", solved)
	}
}

// recount counts pair kinds from the plan alone. Keep-together pairs are
// skipped only when listed directly, which is all randomProblem makes
// overlapping groups of at most a few guests; good enough with distinct pairs.
func recount(p Problem, plan *Plan) Score {
	org := map[string]string{}
	for _, g := range p.Guests {
		org[g.ID] = g.Org
	}
	met := map[[2]string]int{}
	key := func(a, b string) [2]string { return [2]string{min(a, b), max(a, b)} }
	for _, h := range p.History {
		met[key(h.A, h.B)] += h.Times
	}
	grouped := groupsOf(p)
	var s Score
	for _, tables := range plan.Rounds {
		for _, ids := range tables {
			for i, a := range ids {
				for _, b := range ids[i+1:] {
					if grouped[a] != "" && grouped[a] == grouped[b] {
						continue
					}
					s.SeatedPairs++
					k := met[key(a, b)]
					switch {
					case k > 0:
						s.RepeatPairs++
					case org[a] != org[b]:
						s.NewCrossOrgPairs++
					}
					if org[a] == org[b] {
						s.SameOrgPairs++
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
	return s
}

// groupsOf names each guest's keep-together group by a representative.
func groupsOf(p Problem) map[string]string {
	rep := map[string]string{}
	find := func(x string) string {
		for rep[x] != "" && rep[x] != x {
			x = rep[x]
		}
		return x
	}
	for _, pr := range p.Together {
		a, b := find(pr.A), find(pr.B)
		rep[a], rep[b] = a, a
	}
	out := map[string]string{}
	for _, g := range p.Guests {
		if rep[g.ID] != "" {
			out[g.ID] = find(g.ID)
		}
	}
	return out
}

func TestSolveIsDeterministicForASeed(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 3))
	p := randomProblem(rng)
	for Validate(p) != nil {
		p = randomProblem(rng)
	}
	opt := Options{Seed: 42, MaxIterations: 10_000}
	first, err := Solve(context.Background(), p, opt)
	if err != nil {
		t.Fatalf("Solve() error = %v", err)
	}
	for range 3 {
		got, err := Solve(context.Background(), p, opt)
		if err != nil {
			t.Fatalf("Solve() error = %v", err)
		}
		if !reflect.DeepEqual(got.Rounds, first.Rounds) || got.Score != first.Score {
			t.Fatalf("Solve() with the same seed gave a different plan:\n got %v\nwant %v", got.Rounds, first.Rounds)
		}
	}
}

func TestSolvePins(t *testing.T) {
	t.Parallel()
	p := Problem{
		Guests:    guests("a:A:host", "b:A", "c:B:host", "d:B", "e:C", "f:C", "g:D", "h:D"),
		TableSize: 4, Rounds: 2,
		Pins: []Pin{{"b", 0, 1}, {"d", 0, 1}, {"a", 1, 1}, {"h", 1, 0}},
	}
	plan, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 20_000})
	if err != nil {
		t.Fatalf("Solve() error = %v", err)
	}
	for _, pin := range p.Pins {
		if got := plan.Guests[slices.IndexFunc(p.Guests, func(g Guest) bool { return g.ID == pin.Guest })].Tables[pin.Round]; got != pin.Table {
			t.Errorf("guest %s in round %d at table %d, want pinned table %d", pin.Guest, pin.Round, got, pin.Table)
		}
	}
	if bad := checkPlan(p, plan); len(bad) > 0 {
		t.Errorf("broken constraints %v", bad)
	}
}

func TestSolveFindsPerfectPlanWhenOneExists(t *testing.T) {
	t.Parallel()
	// Two rounds of 9 guests from 9 organizations at 3 tables of 3: a
	// resolvable design exists in which nobody meets twice.
	var gs []Guest
	for i := range 9 {
		gs = append(gs, Guest{ID: fmt.Sprint("g", i), Org: fmt.Sprint("o", i)})
	}
	plan, err := Solve(context.Background(), Problem{Guests: gs, TableSize: 3, Rounds: 2}, Options{Seed: 1, MaxIterations: 30_000})
	if err != nil {
		t.Fatalf("Solve() error = %v", err)
	}
	if got, want := plan.Score.NewCrossOrgPairs, 18; got != want {
		t.Errorf("new cross-org pairs = %d, want %d", got, want)
	}
	if got, want := plan.Score.MinNewPeople, 4; got != want {
		t.Errorf("min new people = %d, want %d", got, want)
	}
	if got, want := plan.Guests[0].Text, "meets 4 new people from 4 organizations"; got != want {
		t.Errorf("explanation = %q, want %q", got, want)
	}
}

func TestSolveMatchesExactOnSmallInstances(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(11, 11))
	for i := 0; i < 4; {
		p := randomProblem(rng)
		if len(p.Guests) > 10 || Validate(p) != nil {
			continue
		}
		i++
		h, herr := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 30_000})
		x, xerr := SolveExact(context.Background(), p, Options{Seed: 1, MaxIterations: 1000})
		if (herr == nil) != (xerr == nil) && !errors.Is(herr, ErrInfeasible) {
			t.Fatalf("instance %d: Solve() error = %v, SolveExact() error = %v", i, herr, xerr)
		}
		if herr != nil || xerr != nil {
			continue
		}
		if got, want := h.Score.Objective, x.Score.Objective; got < want-1e-6 {
			t.Errorf("instance %d: heuristic objective %.3f, optimum %.3f", i, got, want)
		}
		if got, want := x.Score.Objective, h.Score.Objective; got < want-1e-6 {
			t.Errorf("instance %d: optimum %.3f below heuristic %.3f", i, got, want)
		}
	}
}

func TestSolveExactRejectsLargeInstances(t *testing.T) {
	t.Parallel()
	var gs []Guest
	for i := range MaxExactGuests + 1 {
		gs = append(gs, Guest{ID: fmt.Sprint(i), Org: fmt.Sprint(i % 3)})
	}
	_, err := SolveExact(context.Background(), Problem{Guests: gs, TableSize: 4}, Options{})
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("SolveExact() error = %v, want ErrTooLarge", err)
	}
}

func TestSolveReportsUnsatisfiableLanguages(t *testing.T) {
	t.Parallel()
	// Every guest shares a language with two others, yet no split into two
	// tables of three gives both tables a shared language.
	p := Problem{TableSize: 3, Guests: []Guest{
		{ID: "a", Org: "A", Languages: []string{"fr"}}, {ID: "b", Org: "B", Languages: []string{"it"}},
		{ID: "c", Org: "C", Languages: []string{"pt"}}, {ID: "d", Org: "D", Languages: []string{"pt", "it"}},
		{ID: "e", Org: "E", Languages: []string{"pt", "fr"}}, {ID: "f", Org: "F", Languages: []string{"it", "fr"}},
	}}
	plan, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 20_000})
	if !errors.Is(err, ErrInfeasible) || plan == nil {
		t.Fatalf("Solve() = %v, %v, want a plan and ErrInfeasible", plan, err)
	}
	if plan == nil || len(plan.Violations) == 0 || plan.Violations[0].Rule != "language" {
		t.Errorf("violations = %v, want a language violation", plan.Violations)
	}
}

func TestSolveStopsWithContext(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := Problem{Guests: guests("a:A", "b:B", "c:C", "d:D"), TableSize: 2}
	if _, err := Solve(ctx, p, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Solve() error = %v, want context.Canceled", err)
	}
}

func TestIncrementalObjectiveMatchesRecount(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(5, 5))
	for i := 0; i < 10; {
		p := randomProblem(rng)
		m, err := build(p, DefaultWeights())
		if err != nil {
			continue
		}
		i++
		c := newChain(m, uint64(i), 0)
		if err := c.s.construct(c.rng); err != nil {
			continue
		}
		for range 2000 {
			c.step(5) // hot: accept most moves
		}
		got, want := c.s.objective(), load(m, c.s.at).objective()
		if diff := got - want; diff > 1e-6 || diff < -1e-6 {
			t.Errorf("instance %d: incremental objective %.6f, recomputed %.6f", i, got, want)
		}
	}
}

func TestEvaluate(t *testing.T) {
	t.Parallel()
	p := Problem{Guests: guests("a:A:host", "b:A", "c:B:host", "d:C"), TableSize: 2, Apart: []Pair{{"c", "d"}},
		History: []Meeting{{"b", "d", 1}}}
	tests := []struct {
		name    string
		rounds  [][][]string
		wantErr bool
		want    Score
		rules   []string
	}{
		{"good", [][][]string{{{"a", "d"}, {"c", "b"}}}, false,
			Score{SeatedPairs: 2, NewCrossOrgPairs: 2, UpperBound: 2, MinNewPeople: 1, MeanNewPeople: 1}, nil},
		{"hosts together", [][][]string{{{"a", "c"}, {"b", "d"}}}, false,
			Score{SeatedPairs: 2, NewCrossOrgPairs: 1, RepeatPairs: 1, Violations: 2, UpperBound: 2, MeanNewPeople: 0.5}, []string{"hosts", "hosts"}},
		{"do-not-seat together", [][][]string{{{"a", "b"}, {"c", "d"}}}, false,
			Score{SeatedPairs: 2, NewCrossOrgPairs: 1, SameOrgPairs: 1, Violations: 1, UpperBound: 2, MeanNewPeople: 0.5}, []string{"apart"}},
		{"unknown guest", [][][]string{{{"a", "c"}, {"b", "zz"}}}, true, Score{}, nil},
		{"guest twice", [][][]string{{{"a", "c"}, {"b", "a"}}}, true, Score{}, nil},
		{"wrong rounds", [][][]string{{{"a", "c"}, {"b", "d"}}, {{"a", "c"}, {"b", "d"}}}, true, Score{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := Evaluate(p, tt.rounds, Weights{})
			if (err != nil) != tt.wantErr {
				t.Fatalf("Evaluate() error = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				if !errors.Is(err, ErrInvalid) {
					t.Errorf("Evaluate() error = %v, want ErrInvalid", err)
				}
				return
			}
			got := plan.Score
			got.Objective = 0
			if got != tt.want {
				t.Errorf("Evaluate() score = %+v, want %+v", got, tt.want)
			}
			var rules []string
			for _, v := range plan.Violations {
				rules = append(rules, v.Rule)
			}
			if !slices.Equal(rules, tt.rules) {
				t.Errorf("violations = %v, want rules %v", plan.Violations, tt.rules)
			}
		})
	}
}

func TestSolveSpreadsExtraHosts(t *testing.T) {
	t.Parallel()
	p := Problem{
		Guests: guests("a:A:host", "b:B:host", "c:C:host", "d:D:host", "e:E:host",
			"f:A", "g:B", "h:C", "i:D", "j:E"),
		Tables: 2, ExtraHosts: true, Rounds: 2,
	}
	plan, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 10_000})
	if err != nil {
		t.Fatalf("Solve() error = %v", err)
	}
	if bad := checkPlan(p, plan); len(bad) > 0 {
		t.Errorf("broken constraints %v", bad)
	}
}

func TestSwapDeltaMatchesAppliedSwap(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(9, 9))
	checked := 0
	for checked < 2000 {
		p := randomProblem(rng)
		m, err := build(p, DefaultWeights())
		if err != nil {
			continue
		}
		c := newChain(m, 1, 0)
		if c.s.construct(c.rng) != nil {
			continue
		}
		for range 200 {
			r := rng.IntN(m.R)
			a, b := int32(rng.IntN(m.n)), int32(rng.IntN(m.n))
			ta, tb := c.s.at[r][a], c.s.at[r][b]
			if ta == tb {
				continue
			}
			want := c.s.swapDelta(r, a, b, c.fair)
			got := c.s.leave(r, a) + c.s.join(r, a, tb) + c.s.leave(r, b) + c.s.join(r, b, ta)
			if diff := got - want; diff > 1e-6 || diff < -1e-6 {
				t.Fatalf("swap delta %.6f, applied swap changed the objective by %.6f", want, got)
			}
			checked++
		}
	}
}

func TestSolveTimeBudget(t *testing.T) {
	t.Parallel()
	p := Problem{Guests: guests("a:A", "b:B", "c:C", "d:D", "e:E", "f:F"), TableSize: 3, Rounds: 2}
	plan, err := Solve(context.Background(), p, Options{Seed: 1, Budget: 1, MaxIterations: 1 << 30})
	if err != nil {
		t.Fatalf("Solve() error = %v", err)
	}
	if !plan.TimedOut {
		t.Errorf("TimedOut = false after a 1ns budget, want true")
	}
	if bad := checkPlan(p, plan); len(bad) > 0 {
		t.Errorf("broken constraints %v", bad)
	}
}

func TestSolveDoesNotDependOnCPUs(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(21, 21))
	p := randomProblem(rng)
	for Validate(p) != nil {
		p = randomProblem(rng)
	}
	opt := Options{Seed: 3, MaxIterations: 5_000, Chains: 3}
	want, err := Solve(context.Background(), p, opt)
	if err != nil {
		t.Fatalf("Solve() error = %v", err)
	}
	prev := runtime.GOMAXPROCS(1)
	defer runtime.GOMAXPROCS(prev)
	got, err := Solve(context.Background(), p, opt)
	if err != nil {
		t.Fatalf("Solve() error = %v", err)
	}
	if !reflect.DeepEqual(got.Rounds, want.Rounds) {
		t.Errorf("plan with GOMAXPROCS=1 differs:\n got %v\nwant %v", got.Rounds, want.Rounds)
	}
}
