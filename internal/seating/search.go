package seating

import (
	"math"
	"math/rand/v2"
)

// Annealing temperatures, in objective units (one new pair is worth 1).
// A plan from a design starts cooler, so annealing keeps its structure.
const (
	tempStart  = 3.0
	tempDesign = 0.3
	tempEnd    = 0.02
)

// chain is one search: annealing, then (when thorough) tabu search with
// restarts, from its own random stream.
type chain struct {
	s       *state
	rng     *rand.Rand
	free    [][]int32 // guests not pinned, per round
	scratch []int32
	fair    *fairScratch
	tabu    *tabu
	design  *design // a design to start from (chain 0 only), or nil
	best    [][]int32
	bestObj float64
	// iters counts moves: annealing moves tried and tabu steps taken.
	iters int
	// reached is the move count at which the plan met the bound, or -1.
	reached  int
	timedOut bool
	stopped  bool
}

// defaultIterations scales the annealing length with the instance.
func defaultIterations(m *model) int {
	return max(150_000, 120*m.n*m.R)
}

func newChain(m *model, seed uint64, index int) *chain {
	c := &chain{s: newState(m), rng: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15+uint64(index))), fair: newFairScratch(m.n), reached: -1}
	c.free = make([][]int32, m.R)
	for r := range m.R {
		for g := range int32(m.n) {
			if m.attends(r, g) && m.pins[r][g] < 0 {
				c.free[r] = append(c.free[r], g)
			}
		}
	}
	return c
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
	if b := m.blockR[r][a]; b >= 0 {
		c.tryGroup(r, m.blocksR[r][b], temp)
		return
	}
	if m.sh[r].nHi > 0 && c.rng.IntN(8) == 0 {
		c.tryShift(r, a, temp)
		return
	}
	b := free[c.rng.IntN(len(free))]
	if c.s.at[r][a] == c.s.at[r][b] {
		return
	}
	if bb := m.blockR[r][b]; bb >= 0 {
		c.tryGroup(r, m.blocksR[r][bb], temp)
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
	return s.apartAt(r, g, t) > 0 || s.langViol(r, t) > 0 || s.newCnt[g] < m.maxNew[g]
}

// hostsOK reports whether moving dh hosts from table a to table b keeps both
// within the host bounds.
func (c *chain) hostsOK(r int, a, b int32, dh int) bool {
	if dh == 0 {
		return true
	}
	sh := &c.s.m.sh[r]
	ha, hb := int(c.s.hosts[r][a])-dh, int(c.s.hosts[r][b])+dh
	return ha >= sh.hostLo && ha <= sh.hostHi && hb >= sh.hostLo && hb <= sh.hostHi
}

// hostDiff is the change in hosts at b's table when a and b (in round r)
// swap: +1 when only a hosts, -1 when only b does.
func hostDiff(m *model, r int, a, b int32) int {
	d := 0
	if m.hostR[r][a] {
		d++
	}
	if m.hostR[r][b] {
		d--
	}
	return d
}

func (c *chain) trySwap(r int, a, b int32, temp float64) {
	s := c.s
	ta, tb := s.at[r][a], s.at[r][b]
	if !c.hostsOK(r, ta, tb, hostDiff(s.m, r, a, b)) {
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
	s, m, sh := c.s, c.s.m, &c.s.m.sh[r]
	ta := s.at[r][a]
	tb := int32(c.rng.IntN(sh.T))
	if len(s.tables[r][ta]) != sh.hi || len(s.tables[r][tb]) != sh.lo {
		return
	}
	if m.hostR[r][a] && !c.hostsOK(r, ta, tb, 1) {
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
	tb := int32(c.rng.IntN(m.sh[r].T))
	if tb == ta || m.pins[r][grp[0]] >= 0 {
		return
	}
	c.scratch = c.scratch[:0]
	for _, x := range s.tables[r][tb] {
		if m.blockR[r][x] < 0 && m.pins[r][x] < 0 {
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
	if !c.hostsOK(r, ta, tb, m.hostsIn(r, grp)-m.hostsIn(r, others)) {
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
