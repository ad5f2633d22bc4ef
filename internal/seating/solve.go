package seating

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
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

// runChains runs the annealing chains in parallel and returns the best
// assignment, lowest chain first on ties.
func runChains(ctx context.Context, m *model, opt Options) ([][]int32, int, bool, error) {
	n := opt.Chains
	if n <= 0 {
		n = 2
	}
	maxIt := opt.MaxIterations
	if maxIt <= 0 {
		maxIt = defaultIterations(m)
	}
	var deadline time.Time
	if opt.Budget > 0 {
		deadline = time.Now().Add(opt.Budget)
	}
	chains := make([]*chain, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range chains {
		chains[i] = newChain(m, opt.Seed, i)
		wg.Go(func() { errs[i] = chains[i].run(ctx, maxIt, deadline) })
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, 0, false, err
	}
	var best *chain
	iters, timedOut := 0, false
	for i, c := range chains {
		iters += c.iters
		timedOut = timedOut || c.timedOut
		if errs[i] == nil && (best == nil || c.bestObj > best.bestObj+1e-9) {
			best = c
		}
	}
	if best == nil {
		return nil, 0, false, errors.Join(errs...)
	}
	return best.best, iters, timedOut, nil
}
