package seating

// Tabu search over swaps, after Dotú & Van Hentenryck (2005): every step
// looks at the guests who sit badly (a repeat, a colleague, a broken rule)
// and applies the best swap of one of them with a guest at another table
// of the same round — or, where table sizes differ, the best move of one
// of them to a smaller table — even when it makes the plan worse, unless
// the move is tabu: for a few steps after two guests swap in a round they
// may not swap back there (nor a moved guest return to the table it left),
// except when the move gives the best plan yet.

// Tabu settings, tuned on the benchmark's season and host instances.
const (
	tabuTenure    = 4  // steps a move stays tabu, at least
	tabuTenureRnd = 6  // plus up to this many more, drawn at random
	tabuSample    = 24 // badly seated guests looked at per step, at most
)

// tabu is the memory of one chain's tabu search.
type tabu struct {
	until map[uint64]int // move key -> the step before which it is tabu
	step  int            // steps taken
	bad   []rg           // scratch: badly seated guests
	moves []tabuMov      // scratch: the best moves of a step
}

type rg struct {
	r int
	g int32
}

// tabuMov swaps a and b in round r, or moves a to table t when b < 0.
type tabuMov struct {
	r    int
	a, b int32
	t    int32
}

func newTabu() *tabu {
	return &tabu{until: map[uint64]int{}}
}

// reset forgets every tabu, as after a restart.
func (tb *tabu) reset() {
	clear(tb.until)
	tb.step = 0
}

// key names a move so that it and its reverse share the name: the round
// and the two guests, or the guest and the table (after the guests).
func (tb *tabu) key(n int, mv tabuMov) uint64 {
	a, b := uint64(mv.a), uint64(mv.b)
	if mv.b < 0 {
		b = uint64(n) + uint64(mv.t)
	}
	if a > b {
		a, b = b, a
	}
	return uint64(mv.r)<<42 | a<<21 | b
}

// tabuStep applies the best allowed move; it reports whether there was one
// and how many moves it evaluated.
func (c *chain) tabuStep() (bool, int) {
	s, m, tb := c.s, c.s.m, c.tabu
	tb.step++
	bad := c.badlySeated()
	if len(bad) == 0 {
		return false, 0
	}
	tb.moves = tb.moves[:0]
	bestD, tried := 0.0, 0
	consider := func(mv tabuMov, d float64) {
		tried++
		if tb.until[tb.key(m.n, mv)] > tb.step && s.objective()+d <= c.bestObj+1e-9 {
			return
		}
		switch {
		case len(tb.moves) == 0 || d > bestD+1e-9:
			tb.moves, bestD = append(tb.moves[:0], mv), d
		case d > bestD-1e-9:
			tb.moves = append(tb.moves, mv)
		}
	}
	for _, x := range bad {
		c.tabuMovesOf(x.r, x.g, consider)
	}
	if len(tb.moves) == 0 {
		return false, tried
	}
	c.applyTabu(tb.moves[c.rng.IntN(len(tb.moves))])
	return true, tried
}

// tabuMovesOf offers every swap of guest a with a single guest at another
// table of round r, and every move of a to a smaller table.
func (c *chain) tabuMovesOf(r int, a int32, consider func(tabuMov, float64)) {
	s, m := c.s, c.s.m
	ta := s.at[r][a]
	for _, b := range c.free[r] {
		tb := s.at[r][b]
		if tb == ta || m.blockR[r][b] >= 0 || !c.hostsOK(r, ta, tb, hostDiff(m, r, a, b)) {
			continue
		}
		consider(tabuMov{r: r, a: a, b: b}, c.swapGain(r, a, b))
	}
	sh := &m.sh[r]
	if sh.nHi == 0 || len(s.tables[r][ta]) != sh.hi {
		return
	}
	hosts := 0
	if m.hostR[r][a] {
		hosts = 1
	}
	for t := range int32(sh.T) {
		if len(s.tables[r][t]) == sh.lo && c.hostsOK(r, ta, t, hosts) {
			consider(tabuMov{r: r, a: a, b: -1, t: t}, c.shiftGain(r, a, t))
		}
	}
}

func (c *chain) applyTabu(mv tabuMov) {
	s, tb := c.s, c.tabu
	ta := s.at[mv.r][mv.a]
	back := mv
	if mv.b < 0 {
		back.t = ta
		s.leave(mv.r, mv.a)
		s.join(mv.r, mv.a, mv.t)
	} else {
		tbl := s.at[mv.r][mv.b]
		s.leave(mv.r, mv.a)
		s.join(mv.r, mv.a, tbl)
		s.leave(mv.r, mv.b)
		s.join(mv.r, mv.b, ta)
	}
	tb.until[tb.key(s.m.n, back)] = tb.step + tabuTenure + c.rng.IntN(tabuTenureRnd+1)
}

// badlySeated lists movable single guests who sit with a repeat, a
// colleague or a broken rule — or, when there are none, who meet fewer new
// people than they could — at most tabuSample of them, drawn at random.
func (c *chain) badlySeated() []rg {
	s, m, tb := c.s, c.s.m, c.tabu
	tb.bad = tb.bad[:0]
	for r := range m.R {
		for _, g := range c.free[r] {
			if m.blockR[r][g] < 0 && c.conflicted(r, g) {
				tb.bad = append(tb.bad, rg{r, g})
			}
		}
	}
	if len(tb.bad) == 0 {
		for r := range m.R {
			for _, g := range c.free[r] {
				if m.blockR[r][g] < 0 && s.newCnt[g] < m.maxNew[g] {
					tb.bad = append(tb.bad, rg{r, g})
				}
			}
		}
	}
	if len(tb.bad) > tabuSample {
		for i := range tabuSample {
			j := i + c.rng.IntN(len(tb.bad)-i)
			tb.bad[i], tb.bad[j] = tb.bad[j], tb.bad[i]
		}
		tb.bad = tb.bad[:tabuSample]
	}
	return tb.bad
}

// conflicted reports whether g sits in round r with someone met before, a
// colleague, someone they must not sit with, or at a table without a
// shared language.
func (c *chain) conflicted(r int, g int32) bool {
	s, m := c.s, c.s.m
	t := s.at[r][g]
	for _, x := range s.tables[r][t] {
		if x == g || m.sameBlock(g, x) {
			continue
		}
		if m.org[x] == m.org[g] || m.hist.get(g, x)+s.together(r, g, x) > 0 {
			return true
		}
	}
	return s.apartAt(r, g, t) > 0 || s.langViol(r, t) > 0
}

// swapGain is the objective change of a swap as the tabu step sees it:
// from the gain table when there is one (fairness left out), else exact.
func (c *chain) swapGain(r int, a, b int32) float64 {
	if c.s.gains != nil {
		return c.s.gainSwap(r, a, b) + c.s.langDelta(r, a, b, -1)
	}
	return c.s.swapDelta(r, a, b, c.fair)
}

// shiftGain is swapGain for a move of a to table t.
func (c *chain) shiftGain(r int, a, t int32) float64 {
	if c.s.gains != nil {
		return c.s.gainShift(r, a, t) + c.s.langDelta(r, a, -1, t)
	}
	return c.s.shiftDelta(r, a, t, c.fair)
}
