package seating

import (
	"context"
	"math"
	"sync/atomic"
	"time"
)

// limits bound the search of every chain of one solve.
type limits struct {
	// cap is the most moves a chain makes; 0 means no cap (a thorough
	// search under a time budget).
	cap int
	// anneal is the length of the first annealing pass, which sets its
	// temperature schedule.
	anneal   int
	deadline time.Time
	thorough bool
	// bound is the objective no plan can beat (objectiveBound).
	bound float64
	// first is the fewest moves after which some chain met the bound;
	// every chain stops after that many, so which chain wins does not
	// depend on how fast each ran.
	first *atomic.Int64
}

// Thorough search settings, tuned on the benchmark's social golfer
// instances.
const (
	tabuStall    = 4000 // tabu steps without a better plan before a kick
	kicksPerRun  = 8    // kicks from the best plan before a fresh start
	kickSwaps    = 3    // random swaps in a kick
	clockEvery   = 1024 // annealing moves between clock checks
	clockEveryTS = 16   // tabu steps between clock checks
)

// run searches until the bound is met, the cap or the deadline is reached
// or the context ends: first a construction and an annealing pass (all a
// quick search does), then tabu search from the best plan, kicked by a few
// random swaps when it stalls and restarted from a fresh freedom
// construction now and then.
func (c *chain) run(ctx context.Context, lim limits) error {
	temp0 := tempStart
	if c.design != nil {
		c.s.loadDesign(c.design, c.rng)
		temp0 = tempDesign
	} else if err := c.s.construct(c.rng); err != nil {
		return err
	}
	c.best, c.bestObj = c.s.snapshot(nil), c.s.objective()
	if c.record(lim) {
		return nil
	}
	if err := c.anneal(ctx, lim, lim.anneal, temp0); err != nil || !lim.thorough || c.stopped {
		return err
	}
	c.tabu = newTabu()
	for run := 0; !c.stopped; run++ {
		if err := c.restart(run); err != nil {
			return err
		}
		if err := c.tabuRun(ctx, lim); err != nil {
			return err
		}
	}
	return nil
}

// restart sets the state for tabu run number run: the best plan with a
// few random swaps, or after every kicksPerRun kicks a fresh start.
func (c *chain) restart(run int) error {
	m := c.s.m
	c.tabu.reset()
	if run%(kicksPerRun+1) == kicksPerRun {
		if err := c.freshStart(run / (kicksPerRun + 1)); err != nil {
			return err
		}
	} else {
		c.s = load(m, c.best)
		if run > 0 {
			c.kick()
		}
	}
	if m.gainsFit() {
		c.s.buildGains()
	}
	return nil
}

// freshStart builds fresh start number k: the design (with guests placed
// anew) every other time when the chain has one, else a freedom
// construction on small instances and the greedy one on large.
func (c *chain) freshStart(k int) error {
	m := c.s.m
	c.s = newState(m)
	switch {
	case c.design != nil && k%2 == 0:
		c.s.loadDesign(c.design, c.rng)
		return nil
	case m.n <= freedomLimit:
		return c.s.constructFreedom(c.rng)
	}
	return c.s.construct(c.rng)
}

// kick makes kickSwaps random swaps of single guests, each in a random
// round, keeping hosts spread.
func (c *chain) kick() {
	s, m := c.s, c.s.m
	for range kickSwaps {
		r := c.rng.IntN(m.R)
		free := c.free[r]
		if len(free) < 2 {
			continue
		}
		a, b := free[c.rng.IntN(len(free))], free[c.rng.IntN(len(free))]
		ta, tb := s.at[r][a], s.at[r][b]
		if ta == tb || m.blockR[r][a] >= 0 || m.blockR[r][b] >= 0 || !c.hostsOK(r, ta, tb, hostDiff(m, r, a, b)) {
			continue
		}
		s.leave(r, a)
		s.join(r, a, tb)
		s.leave(r, b)
		s.join(r, b, ta)
	}
}

// anneal runs length annealing moves cooling from temp0 to tempEnd.
func (c *chain) anneal(ctx context.Context, lim limits, length int, temp0 float64) error {
	temp := temp0
	for i := 0; i < length; i++ {
		if i%clockEvery == 0 {
			if err := c.clock(ctx, lim); err != nil || c.stopped {
				return err
			}
			temp = temp0 * math.Pow(tempEnd/temp0, float64(i)/float64(length))
		}
		if c.mustStop(lim) {
			return nil
		}
		c.iters++
		c.step(temp)
		if c.improved() && c.record(lim) {
			return nil
		}
	}
	return nil
}

// tabuRun takes tabu steps until tabuStall steps bring no better plan.
func (c *chain) tabuRun(ctx context.Context, lim limits) error {
	runBest, since := c.s.objective(), 0
	for since < tabuStall {
		if since%clockEveryTS == 0 {
			if err := c.clock(ctx, lim); err != nil || c.stopped {
				return err
			}
		}
		if c.mustStop(lim) {
			return nil
		}
		moved, tried := c.tabuStep()
		c.iters += max(tried, 1)
		if !moved {
			return nil
		}
		since++
		if obj := c.s.objective(); obj > runBest+1e-9 {
			runBest, since = obj, 0
		}
		if c.improved() && c.record(lim) {
			return nil
		}
	}
	return nil
}

// mustStop reports whether the chain must stop before its next move: its
// cap is reached, or another chain met the bound in fewer moves.
func (c *chain) mustStop(lim limits) bool {
	if (lim.cap > 0 && c.iters >= lim.cap) || int64(c.iters) > lim.first.Load() {
		c.stopped = true
	}
	return c.stopped
}

// clock stops the chain when the context ends or the deadline passes.
func (c *chain) clock(ctx context.Context, lim limits) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !lim.deadline.IsZero() && time.Now().After(lim.deadline) {
		c.timedOut, c.stopped = true, true
	}
	return nil
}

// improved keeps the current plan when it beats the chain's best.
func (c *chain) improved() bool {
	obj := c.s.objective()
	if obj <= c.bestObj+1e-9 {
		return false
	}
	c.best, c.bestObj = c.s.snapshot(c.best), obj
	return true
}

// record notes when the best plan meets the bound and stops the chain.
func (c *chain) record(lim limits) bool {
	if c.bestObj < lim.bound-1e-9 || c.s.pen > 0 {
		return false
	}
	c.reached, c.stopped = c.iters, true
	for {
		cur := lim.first.Load()
		if int64(c.iters) >= cur || lim.first.CompareAndSwap(cur, int64(c.iters)) {
			return true
		}
	}
}
