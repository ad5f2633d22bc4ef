package seating

import (
	"context"
	"math"
	"math/rand/v2"
	"time"
)

// Annealing temperatures, in objective units (one new pair is worth 1).
const (
	tempStart = 3.0
	tempEnd   = 0.02
)

// chain is one simulated-annealing run.
type chain struct {
	s        *state
	rng      *rand.Rand
	free     [][]int32 // guests not pinned, per round
	scratch  []int32
	fair     *fairScratch
	best     [][]int32
	bestObj  float64
	iters    int
	timedOut bool
}

// defaultIterations scales the annealing length with the instance.
func defaultIterations(m *model) int {
	return max(150_000, 120*m.n*m.R)
}

func newChain(m *model, seed uint64, index int) *chain {
	c := &chain{s: newState(m), rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15+uint64(index))), fair: newFairScratch(m.n)}
	c.free = make([][]int32, m.R)
	for r := range m.R {
		for g := range m.n {
			if m.pins[r][g] < 0 {
				c.free[r] = append(c.free[r], int32(g))
			}
		}
	}
	return c
}

// run builds a plan and anneals it until the iteration cap, the deadline or
// the context ends it.
func (c *chain) run(ctx context.Context, maxIt int, deadline time.Time) error {
	if err := c.s.construct(c.rng); err != nil {
		return err
	}
	c.best, c.bestObj = c.s.snapshot(nil), c.s.objective()
	temp := tempStart
	for c.iters = 0; c.iters < maxIt; c.iters++ {
		if c.iters&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			if !deadline.IsZero() && time.Now().After(deadline) {
				c.timedOut = true
				break
			}
			temp = tempStart * math.Pow(tempEnd/tempStart, float64(c.iters)/float64(maxIt))
		}
		c.step(temp)
		if obj := c.s.objective(); obj > c.bestObj+1e-9 {
			c.best, c.bestObj = c.s.snapshot(c.best), obj
		}
	}
	return nil
}

func (c *chain) accept(d, temp float64) bool {
	return d >= 0 || c.rng.Float64() < math.Exp(d/temp)
}

// step tries one random move in a random round.
func (c *chain) step(temp float64) {
	m := c.s.m
	r := c.rng.IntN(m.R)
	free := c.free[r]
	if len(free) < 2 {
		return
	}
	a := c.pick(r, free)
	if m.block[a] >= 0 {
		c.tryGroup(r, m.blocks[m.block[a]], temp)
		return
	}
	if m.nHi > 0 && c.rng.IntN(8) == 0 {
		c.tryShift(r, a, temp)
		return
	}
	b := free[c.rng.IntN(len(free))]
	if c.s.at[r][a] == c.s.at[r][b] {
		return
	}
	if m.block[b] >= 0 {
		c.tryGroup(r, m.blocks[m.block[b]], temp)
		return
	}
	c.trySwap(r, a, b, temp)
}

// pick draws a movable guest, preferring one with a bad tablemate.
func (c *chain) pick(r int, free []int32) int32 {
	var g int32
	for range 3 {
		g = free[c.rng.IntN(len(free))]
		if c.unhappy(r, g) {
			break
		}
	}
	return g
}

// unhappy reports whether g sits with a repeat, a colleague or a conflict.
func (c *chain) unhappy(r int, g int32) bool {
	s, m := c.s, c.s.m
	t := s.at[r][g]
	for _, x := range s.tables[r][t] {
		if x != g && !m.sameBlock(g, x) && m.value(g, x, m.hist.get(g, x)+s.together(r, g, x)) < 1 {
			return true
		}
	}
	return s.apartAt(r, g, t) > 0 || s.langViol(r, t) > 0 || int(s.newCnt[g]) < m.maxNew
}

// hostsOK reports whether moving dh hosts from table a to table b keeps both
// within the host bounds.
func (c *chain) hostsOK(r int, a, b int32, dh int) bool {
	if dh == 0 {
		return true
	}
	m := c.s.m
	ha, hb := int(c.s.hosts[r][a])-dh, int(c.s.hosts[r][b])+dh
	return ha >= m.hostLo && ha <= m.hostHi && hb >= m.hostLo && hb <= m.hostHi
}

func hostDiff(m *model, a, b int32) int {
	d := 0
	if m.host[a] {
		d++
	}
	if m.host[b] {
		d--
	}
	return d
}

func (c *chain) trySwap(r int, a, b int32, temp float64) {
	s := c.s
	ta, tb := s.at[r][a], s.at[r][b]
	if !c.hostsOK(r, ta, tb, hostDiff(s.m, a, b)) {
		return
	}
	if !c.accept(s.swapDelta(r, a, b, c.fair), temp) {
		return
	}
	s.leave(r, a)
	s.join(r, a, tb)
	s.leave(r, b)
	s.join(r, b, ta)
}

// tryShift moves a from a larger table to a smaller one.
func (c *chain) tryShift(r int, a int32, temp float64) {
	s, m := c.s, c.s.m
	ta := s.at[r][a]
	tb := int32(c.rng.IntN(m.T))
	if len(s.tables[r][ta]) != m.hi || len(s.tables[r][tb]) != m.lo {
		return
	}
	if m.host[a] && !c.hostsOK(r, ta, tb, 1) {
		return
	}
	d := s.leave(r, a) + s.join(r, a, tb)
	if c.accept(d, temp) {
		return
	}
	s.leave(r, a)
	s.join(r, a, ta)
}

// tryGroup swaps a keep-together group with as many single, unpinned guests
// of another table.
func (c *chain) tryGroup(r int, grp []int32, temp float64) {
	s, m := c.s, c.s.m
	ta := s.at[r][grp[0]]
	tb := int32(c.rng.IntN(m.T))
	if tb == ta || m.pins[r][grp[0]] >= 0 {
		return
	}
	c.scratch = c.scratch[:0]
	for _, x := range s.tables[r][tb] {
		if m.block[x] < 0 && m.pins[r][x] < 0 {
			c.scratch = append(c.scratch, x)
		}
	}
	if len(c.scratch) < len(grp) {
		return
	}
	for i := range grp {
		j := i + c.rng.IntN(len(c.scratch)-i)
		c.scratch[i], c.scratch[j] = c.scratch[j], c.scratch[i]
	}
	others := c.scratch[:len(grp)]
	if !c.hostsOK(r, ta, tb, m.hostsIn(grp)-m.hostsIn(others)) {
		return
	}
	d := c.moveAll(r, grp, tb) + c.moveAll(r, others, ta)
	if c.accept(d, temp) {
		return
	}
	c.moveAll(r, others, tb)
	c.moveAll(r, grp, ta)
}

func (c *chain) moveAll(r int, gs []int32, t int32) float64 {
	d := 0.0
	for _, g := range gs {
		d += c.s.leave(r, g) + c.s.join(r, g, t)
	}
	return d
}
