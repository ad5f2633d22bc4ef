package seating

import (
	"context"
	"fmt"
)

// MaxExactGuests is the largest instance SolveExact accepts.
const MaxExactGuests = 16

// SolveExact finds a plan with the best objective by branch and bound, for
// benchmarks and tests on small instances. It returns an error wrapping
// ErrTooLarge above MaxExactGuests guests, ErrInvalid or ErrInfeasible for
// bad input (ErrInfeasible also when no plan meets every hard constraint),
// and the context's error when ctx ends first. The search starts from
// Solve's plan, so it only has to prove it optimal or beat it.
func SolveExact(ctx context.Context, p Problem, opt Options) (*Plan, error) {
	m, err := build(p, opt.weights())
	if err != nil {
		return nil, err
	}
	if m.n > MaxExactGuests {
		return nil, fmt.Errorf("exact: %w: %d guests, at most %d", ErrTooLarge, m.n, MaxExactGuests)
	}
	b := newBnB(ctx, m)
	if start, _, _, err := runChains(ctx, m, opt); err == nil {
		if s := load(m, start); s.pen == 0 && len(s.violations()) == 0 {
			b.best, b.bestObj = start, s.objective()
		}
	}
	b.search(0)
	if b.err != nil {
		return nil, fmt.Errorf("exact: %w", b.err)
	}
	if b.best == nil {
		return nil, fmt.Errorf("exact: %w: no plan meets every hard constraint", ErrInfeasible)
	}
	plan := m.plan(b.best)
	plan.Iterations = b.nodes
	return plan, nil
}

// bnb is a depth-first branch and bound over seating one unit (a guest or a
// keep-together group) at a time, round by round. Tables of a round without
// pins are interchangeable, so a unit opens at most one empty table.
type bnb struct {
	ctx     context.Context
	m       *model
	s       *state
	steps   []bnbStep
	pinned  []bool  // round has pins
	future  float64 // bound on one untouched round's pair score
	best    [][]int32
	bestObj float64
	nodes   int
	err     error
}

type bnbStep struct {
	r int
	u []int32
}

func newBnB(ctx context.Context, m *model) *bnb {
	b := &bnb{ctx: ctx, m: m, s: newState(m), pinned: make([]bool, m.R)}
	for r := range m.R {
		var hosts, rest []bnbStep
		for _, u := range m.units(r) {
			switch {
			case m.pins[r][u[0]] >= 0:
				b.pinned[r] = true
				b.steps = append(b.steps, bnbStep{r, u})
			case m.hostsIn(r, u) > 0:
				hosts = append(hosts, bnbStep{r, u})
			default:
				rest = append(rest, bnbStep{r, u})
			}
		}
		b.steps = append(append(b.steps, hosts...), rest...)
	}
	// Every round of a single gathering has the same layout and guests.
	f := m.forcedSameOrg(0)
	b.future = float64(m.freePairs(0))*m.bestPair() - float64(f)*m.w.SameOrg
	return b
}

func (b *bnb) search(step int) {
	if b.err != nil {
		return
	}
	b.nodes++
	if b.nodes&4095 == 0 {
		b.err = b.ctx.Err()
	}
	s, m := b.s, b.m
	if step == len(b.steps) {
		if obj := s.objective(); s.pen == 0 && (b.best == nil || obj > b.bestObj+1e-9) {
			b.best, b.bestObj = s.snapshot(b.best), obj
		}
		return
	}
	st := b.steps[step]
	hu := m.hostsIn(st.r, st.u)
	openedEmpty := false
	for t := range int32(m.sh[st.r].T) {
		if p := m.pins[st.r][st.u[0]]; p >= 0 && p != t {
			continue
		}
		if len(s.tables[st.r][t]) == 0 && !b.pinned[st.r] {
			if openedEmpty {
				continue
			}
			openedEmpty = true
		}
		if !s.fits(st.r, t, len(st.u), hu) || b.conflicts(st.r, st.u, t) {
			continue
		}
		for _, g := range st.u {
			s.join(st.r, g, t)
		}
		if s.pen == 0 && (b.best == nil || b.bound(st.r) > b.bestObj+1e-9) {
			b.search(step + 1)
		}
		for _, g := range st.u {
			s.leave(st.r, g)
		}
	}
}

func (b *bnb) conflicts(r int, u []int32, t int32) bool {
	for _, g := range u {
		if b.s.apartAt(r, g, t) > 0 {
			return true
		}
	}
	return false
}

// bound is an upper bound on the objective of any completion: every pair
// still to be seated in round r is worth at most 1, later rounds at most
// b.future, and each guest meets at most one new person per seat left.
func (b *bnb) bound(r int) float64 {
	s, m := b.s, b.m
	placed := 0
	for _, tab := range s.tables[r] {
		placed += pairs(len(tab))
	}
	hi := m.sh[r].hi
	ub := s.pairSum + float64(m.sh[r].pairs-placed)*m.bestPair() + float64(m.R-1-r)*b.future
	later := (m.R - 1 - r) * (hi - 1)
	for g := range int32(m.n) {
		left := hi - 1
		if t := s.at[r][g]; t >= 0 {
			left = hi - len(s.tables[r][t])
		}
		ub += m.fairness(g, min(m.maxNew[g], s.newCnt[g]+int32(left+later)))
	}
	return ub
}
