package seating

// fairScratch accumulates changes to guests' new-people counts while a move
// is evaluated without being applied.
type fairScratch struct {
	dnew    []int32
	touched []int32
}

func newFairScratch(n int) *fairScratch {
	return &fairScratch{dnew: make([]int32, n)}
}

func (f *fairScratch) bump(g int32, dir int32) {
	if f.dnew[g] == 0 {
		f.touched = append(f.touched, g)
	}
	f.dnew[g] += dir
}

// settle returns the fairness change of the accumulated counts and resets.
func (f *fairScratch) settle(s *state) float64 {
	d := 0.0
	for _, g := range f.touched {
		if f.dnew[g] != 0 {
			d += s.m.fairness(g, s.newCnt[g]+f.dnew[g]) - s.m.fairness(g, s.newCnt[g])
			f.dnew[g] = 0
		}
	}
	f.touched = f.touched[:0]
	return d
}

// swapDelta is the objective change of swapping a and b, at different
// tables in round r, computed without changing the state.
func (s *state) swapDelta(r int, a, b int32, f *fairScratch) float64 {
	ta, tb := s.at[r][a], s.at[r][b]
	d := 0.0
	for _, x := range s.tables[r][ta] {
		if x != a {
			d += s.pairDelta(r, a, x, -1, f) + s.pairDelta(r, b, x, 1, f)
		}
	}
	for _, y := range s.tables[r][tb] {
		if y != b {
			d += s.pairDelta(r, b, y, -1, f) + s.pairDelta(r, a, y, 1, f)
		}
	}
	d += f.settle(s)
	return d - s.m.violW*s.swapPenalty(r, a, b, ta, tb)
}

// pairDelta is the change in pair score from adding (dir 1) or removing
// (dir -1) pair (g, x) in round r; new-people changes go to f.
func (s *state) pairDelta(r int, g, x int32, dir int32, f *fairScratch) float64 {
	m := s.m
	co := s.together(r, g, x)
	h := m.hist.get(g, x)
	if co == 0 && h == 0 && m.org[g] != m.org[x] && !m.sameBlock(g, x) {
		f.bump(g, dir)
		f.bump(x, dir)
	}
	return float64(dir) * m.value(g, x, h+co)
}

// swapPenalty is the change in broken do-not-seat pairs and language
// misfits when a (at ta) and b (at tb) swap.
func (s *state) swapPenalty(r int, a, b, ta, tb int32) float64 {
	m := s.m
	p := s.apartAt(r, a, tb) - s.apartAt(r, a, ta) + s.apartAt(r, b, ta) - s.apartAt(r, b, tb)
	for _, x := range m.apart[a] {
		if x == b {
			p -= 2 // counted above as if each still sat at the other's table
		}
	}
	if m.nLang == 0 {
		return float64(p)
	}
	old := s.langViol(r, ta) + s.langViol(r, tb)
	s.swapLangs(r, a, b, ta, tb)
	p += s.langViol(r, ta) + s.langViol(r, tb) - old
	s.swapLangs(r, b, a, ta, tb)
	return float64(p)
}

func (s *state) swapLangs(r int, a, b, ta, tb int32) {
	s.countLangs(r, a, ta, -1)
	s.countLangs(r, b, ta, 1)
	s.countLangs(r, b, tb, -1)
	s.countLangs(r, a, tb, 1)
}

// shiftDelta is the objective change of moving a to table tb in round r,
// computed without changing the state.
func (s *state) shiftDelta(r int, a, tb int32, f *fairScratch) float64 {
	ta := s.at[r][a]
	d := 0.0
	for _, x := range s.tables[r][ta] {
		if x != a {
			d += s.pairDelta(r, a, x, -1, f)
		}
	}
	for _, y := range s.tables[r][tb] {
		d += s.pairDelta(r, a, y, 1, f)
	}
	d += f.settle(s)
	p := s.apartAt(r, a, tb) - s.apartAt(r, a, ta)
	if s.m.nLang > 0 {
		old := s.langViol(r, ta) + s.langViol(r, tb)
		s.countLangs(r, a, ta, -1)
		s.countLangs(r, a, tb, 1)
		p += s.langViol(r, ta) + s.langViol(r, tb) - old
		s.countLangs(r, a, tb, -1)
		s.countLangs(r, a, ta, 1)
	}
	return d - s.m.violW*float64(p)
}
