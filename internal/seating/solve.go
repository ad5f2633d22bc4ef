package seating

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func (o Options) weights() Weights {
	if o.Weights == (Weights{}) {
		return DefaultWeights()
	}
	return o.Weights
}

// Solve seats p's guests. It returns an error wrapping ErrInvalid or
// ErrInfeasible for bad input, the context's error when ctx ends first, and
// ErrInfeasible together with the best plan found (its Violations listed)
// when the search could not satisfy every hard constraint.
func Solve(ctx context.Context, p Problem, opt Options) (*Plan, error) {
	m, err := build(p, opt.weights())
	if err != nil {
		return nil, err // already names the sentinel and every problem
	}
	best, iters, timedOut, err := runChains(ctx, m, opt)
	if err != nil {
		return nil, fmt.Errorf("seating: %w", err)
	}
	plan := m.plan(best)
	plan.Iterations, plan.TimedOut = iters, timedOut
	plan.Optimal = len(plan.Violations) == 0 && plan.Score.Objective >= m.objectiveBound()-1e-6
	if len(plan.Violations) > 0 {
		return plan, fmt.Errorf("%w: could not satisfy %s", ErrInfeasible, violationList(plan.Violations))
	}
	return plan, nil
}

func violationList(vs []Violation) string {
	var parts []string
	for i, v := range vs {
		if i == maxProblems {
			parts = append(parts, fmt.Sprintf("and %d more", len(vs)-i))
			break
		}
		parts = append(parts, v.String())
	}
	return strings.Join(parts, "; ")
}

// thoroughFactor sets the cap of a thorough search without a budget, in
// multiples of the quick search's length.
const thoroughFactor = 200

// runChains runs the chains in parallel and returns the best assignment:
// the plan that met the bound in the fewest moves when one did, else the
// best objective, lowest chain first on ties.
func runChains(ctx context.Context, m *model, opt Options) ([][]int32, int, bool, error) {
	n := opt.Chains
	if n <= 0 {
		n = 2
	}
	lim := opt.limits(m)
	var d *design
	if !opt.NoDesign {
		d = m.findDesign()
	}
	chains := make([]*chain, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range chains {
		chains[i] = newChain(m, opt.Seed, i)
		if i == 0 {
			chains[i].design = d
		}
		wg.Go(func() { errs[i] = chains[i].run(ctx, lim) })
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, 0, false, err
	}
	var best *chain
	timedOut := false
	for i, c := range chains {
		timedOut = timedOut || (c.timedOut && c.reached < 0)
		if errs[i] == nil && better(c, best) {
			best = c
		}
	}
	if best == nil {
		return nil, 0, false, errors.Join(errs...)
	}
	// Once a chain met the bound, the others' moves past that point depend
	// on their speed; count every chain up to it.
	iters, upTo := 0, math.MaxInt
	if best.reached >= 0 {
		upTo = best.reached + 1
	}
	for _, c := range chains {
		iters += min(c.iters, upTo)
	}
	return best.best, iters, timedOut && best.reached < 0, nil
}

// better reports whether chain c's plan beats best's (nil: none yet).
func better(c, best *chain) bool {
	switch {
	case best == nil:
		return true
	case c.reached >= 0 || best.reached >= 0:
		return c.reached >= 0 && (best.reached < 0 || c.reached < best.reached)
	}
	return c.bestObj > best.bestObj+1e-9
}

// limits turns the options into the bounds of every chain's search; see
// Options for how seed, cap and budget interact.
func (o Options) limits(m *model) limits {
	lim := limits{cap: o.MaxIterations, thorough: o.Thorough, bound: m.objectiveBound(), first: new(atomic.Int64)}
	lim.first.Store(math.MaxInt64)
	if o.Budget > 0 {
		lim.deadline = time.Now().Add(o.Budget)
	}
	quick := defaultIterations(m)
	switch {
	case lim.cap > 0:
	case o.Thorough && o.Budget > 0:
		// no cap: the budget or the bound ends the search
	case o.Thorough:
		lim.cap = thoroughFactor * quick
	default:
		lim.cap = quick
	}
	lim.anneal = lim.cap
	if o.Thorough {
		lim.anneal = quick
		if lim.cap > 0 {
			lim.anneal = min(quick, lim.cap)
		}
	}
	return lim
}
