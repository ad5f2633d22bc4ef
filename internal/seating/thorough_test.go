package seating

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"
)

// golferProblem is g tables of s guests for w rounds, everyone from their
// own organization; hosts marks the first g guests as hosts.
func golferProblem(g, s, w int, hosts bool) Problem {
	p := Problem{TableSize: s, Rounds: w}
	for i := range g * s {
		p.Guests = append(p.Guests, Guest{ID: fmt.Sprint("g", i), Org: fmt.Sprint("o", i), Host: hosts && i < g})
	}
	return p
}

func TestThoroughIsDeterministicUnderACap(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(31, 31))
	for i := 0; i < 6; {
		p := randomProblem(rng)
		if Validate(p) != nil {
			continue
		}
		i++
		opt := Options{Seed: uint64(i), Thorough: true, MaxIterations: 40_000, Chains: 2}
		first, ferr := Solve(context.Background(), p, opt)
		prev := runtime.GOMAXPROCS(1)
		again, aerr := Solve(context.Background(), p, opt)
		runtime.GOMAXPROCS(prev)
		if (ferr == nil) != (aerr == nil) {
			t.Fatalf("instance %d: errors %v and %v", i, ferr, aerr)
		}
		if first == nil {
			continue
		}
		if !reflect.DeepEqual(first.Rounds, again.Rounds) || first.Score != again.Score || first.Iterations != again.Iterations {
			t.Errorf("instance %d: same seed and cap gave different plans:\n%v (%d moves)\n%v (%d moves)",
				i, first.Rounds, first.Iterations, again.Rounds, again.Iterations)
		}
		if first.TimedOut {
			t.Errorf("instance %d: TimedOut without a budget", i)
		}
	}
}

func TestThoroughIsDeterministicWhenTheBoundStopsIt(t *testing.T) {
	t.Parallel()
	// Without designs the chains race to the bound; the winner must not
	// depend on which chain runs faster.
	p := golferProblem(4, 3, 4, false)
	opt := Options{Seed: 5, Thorough: true, NoDesign: true, MaxIterations: 2_000_000, Chains: 3}
	first, err := Solve(context.Background(), p, opt)
	if err != nil {
		t.Fatalf("Solve() error = %v", err)
	}
	if !first.Optimal || first.Score.RepeatPairs != 0 {
		t.Fatalf("12 guests at tables of 3 for 4 rounds: repeats %d, optimal %v; want 0 and true", first.Score.RepeatPairs, first.Optimal)
	}
	for _, procs := range []int{1, 2} {
		prev := runtime.GOMAXPROCS(procs)
		got, err := Solve(context.Background(), p, opt)
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatalf("Solve() error = %v", err)
		}
		if !reflect.DeepEqual(got.Rounds, first.Rounds) {
			t.Errorf("GOMAXPROCS=%d: plan differs:\n got %v\nwant %v", procs, got.Rounds, first.Rounds)
		}
	}
}

func TestThoroughKeepsHardConstraints(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(41, 41))
	solved := 0
	for i := range 24 {
		p := randomProblem(rng)
		if Validate(p) != nil {
			continue
		}
		plan, err := Solve(context.Background(), p, Options{Seed: uint64(i), Thorough: true, MaxIterations: 30_000})
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
		if got, want := plan.Score, recount(p, plan); got.NewCrossOrgPairs != want.NewCrossOrgPairs || got.RepeatPairs != want.RepeatPairs {
			t.Errorf("instance %d: score %+v, recount %+v", i, got, want)
		}
	}
	if solved < 10 {
		t.Errorf("solved %d random instances, want at least 10", solved)
	}
}

func TestThoroughImprovesOnQuick(t *testing.T) {
	t.Parallel()
	// 20 guests at tables of 4 for 5 rounds with a host per table: no
	// design applies, and the annealing pass alone leaves repeats.
	p := golferProblem(5, 4, 5, true)
	quick, err := Solve(context.Background(), p, Options{Seed: 2})
	if err != nil {
		t.Fatalf("Solve() error = %v", err)
	}
	deep, err := Solve(context.Background(), p, Options{Seed: 2, Thorough: true, MaxIterations: 1_000_000})
	if err != nil {
		t.Fatalf("Solve() error = %v", err)
	}
	if quick.Score.RepeatPairs == 0 {
		t.Logf("the quick pass found no repeats either; the instance no longer tells them apart")
	}
	if got := deep.Score.RepeatPairs; got != 0 || !deep.Optimal {
		t.Errorf("thorough search: %d repeats, optimal %v; want 0 and true (quick pass: %d)", got, deep.Optimal, quick.Score.RepeatPairs)
	}
	if bad := checkPlan(p, deep); len(bad) > 0 {
		t.Errorf("broken constraints %v", bad)
	}
}

func TestThoroughTimeBudget(t *testing.T) {
	t.Parallel()
	p := golferProblem(2, 2, 4, false) // 4 guests, 4 rounds: a repeat is forced
	plan, err := Solve(context.Background(), p, Options{Seed: 1, Thorough: true, Budget: 1})
	if err != nil {
		t.Fatalf("Solve() error = %v", err)
	}
	if !plan.TimedOut || plan.Optimal {
		t.Errorf("TimedOut = %v, Optimal = %v after a 1ns budget, want true, false", plan.TimedOut, plan.Optimal)
	}
	if bad := checkPlan(p, plan); len(bad) > 0 {
		t.Errorf("broken constraints %v", bad)
	}
}

func TestObjectiveBoundHoldsForTheOptimum(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(13, 13))
	for i := 0; i < 5; {
		p := randomProblem(rng)
		if len(p.Guests) > 10 || Validate(p) != nil {
			continue
		}
		i++
		x, err := SolveExact(context.Background(), p, Options{Seed: 1, MaxIterations: 1000})
		if err != nil {
			continue
		}
		m, err := build(p, DefaultWeights())
		if err != nil {
			t.Fatal(err)
		}
		if got, bound := x.Score.Objective, m.objectiveBound(); got > bound+1e-6 {
			t.Errorf("instance %d: optimum %.3f above the bound %.3f", i, got, bound)
		}
	}
}

func TestGainTableMatchesMoves(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(19, 19))
	for checked := 0; checked < 2000; {
		p := randomProblem(rng)
		m, err := build(p, DefaultWeights())
		if err != nil {
			continue
		}
		c := newChain(m, 1, 0)
		if c.s.construct(c.rng) != nil {
			continue
		}
		c.s.buildGains()
		for range 100 {
			r := rng.IntN(m.R)
			a, b := int32(rng.IntN(m.n)), int32(rng.IntN(m.n))
			ta, tb := c.s.at[r][a], c.s.at[r][b]
			if ta == tb {
				continue
			}
			fair := c.s.fair
			got := c.s.gainSwap(r, a, b) + c.s.langDelta(r, a, b, -1)
			want := c.s.leave(r, a) + c.s.join(r, a, tb) + c.s.leave(r, b) + c.s.join(r, b, ta) - (c.s.fair - fair)
			if diff := got - want; diff > 1e-6 || diff < -1e-6 {
				t.Fatalf("gain table says %.6f, the swap changed the pair score by %.6f", got, want)
			}
			checked++
		}
		kept := c.s.gains
		c.s.buildGains()
		if !reflect.DeepEqual(roundTo(kept.g), roundTo(c.s.gains.g)) {
			t.Fatalf("gain table kept move by move differs from one built afresh")
		}
	}
}

func roundTo(g [][]float64) [][]int64 {
	out := make([][]int64, len(g))
	for r := range g {
		for _, v := range g[r] {
			out[r] = append(out[r], int64(v*1e6+0.5))
		}
	}
	return out
}

func TestShiftDeltaMatchesAppliedMove(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(23, 23))
	for checked := 0; checked < 1000; {
		p := randomProblem(rng)
		m, err := build(p, DefaultWeights())
		if err != nil || m.sh[0].nHi == 0 {
			continue
		}
		c := newChain(m, 1, 0)
		if c.s.construct(c.rng) != nil {
			continue
		}
		for range 50 {
			r := rng.IntN(m.R)
			a, t2 := int32(rng.IntN(m.n)), int32(rng.IntN(m.sh[r].T))
			ta := c.s.at[r][a]
			if ta == t2 {
				continue
			}
			want := c.s.shiftDelta(r, a, t2, c.fair)
			got := c.s.leave(r, a) + c.s.join(r, a, t2)
			if diff := got - want; diff > 1e-6 || diff < -1e-6 {
				t.Fatalf("shift delta %.6f, applied move changed the objective by %.6f", want, got)
			}
			c.s.leave(r, a)
			c.s.join(r, a, ta)
			checked++
		}
	}
}
