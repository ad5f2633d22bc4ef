package seating

import "slices"

// gains makes a tabu step cheap: for every round r, guest g and table t it
// keeps what g's pairs with the guests at t are worth, so the pair-score
// change of a swap or a move is read off in constant time instead of
// summed over two tables (as in tabu search for graph colouring). It leaves
// out the fairness term, which is not a sum over pairs, and the language
// rule, which is not either; the tabu step adds the latter itself, and every
// applied move updates the full objective exactly.
//
// Keeping the table costs O(guests + table size × rounds) per seat change,
// more than an annealing move itself, so it is built for the tabu phase only
// (state.gains is nil otherwise) and only when it stays small (gainsLimit).
type gains struct {
	g [][]float64 // g[r][guest*T_r+t]
}

// gainsLimit bounds the entries of the gain table (rounds × guests × tables).
const gainsLimit = 4 << 20

func (m *model) gainsFit() bool {
	if m.n > coLimit {
		return false // gainsMet reads the co matrix
	}
	total := 0
	for r := range m.R {
		total += m.n * m.sh[r].T
	}
	return total <= gainsLimit
}

// buildGains fills the gain table of a complete state.
func (s *state) buildGains() {
	m := s.m
	gs := &gains{g: make([][]float64, m.R)}
	for r := range m.R {
		T := m.sh[r].T
		row := make([]float64, m.n*T)
		for g := range int32(m.n) {
			if !m.attends(r, g) {
				continue
			}
			for t, tab := range s.tables[r] {
				for _, x := range tab {
					if x != g {
						row[int(g)*T+t] += s.pairVal(r, g, x)
					}
				}
			}
		}
		gs.g[r] = row
	}
	s.gains = gs
}

// pairVal is what pair (g, x) is worth in round r were they at one table
// there, given every other round: their value after all other meetings,
// or the heavy penalty of a do-not-seat pair on top.
func (s *state) pairVal(r int, g, x int32) float64 {
	m := s.m
	v := m.value(g, x, m.hist.get(g, x)+s.together(r, g, x))
	if len(m.apart[g]) > 0 && slices.Contains(m.apart[g], x) {
		v -= m.violW
	}
	return v
}

// gainsJoin updates the table after x sat down at t in round r.
func (s *state) gainsJoin(r int, x, t int32) {
	s.gainsSeat(r, x, t, 1)
}

// gainsLeave updates the table after x left t in round r.
func (s *state) gainsLeave(r int, x, t int32) {
	s.gainsSeat(r, x, t, -1)
}

func (s *state) gainsSeat(r int, x, t int32, dir int) {
	m, row := s.m, s.gains.g[r]
	T := int32(m.sh[r].T)
	for y := range int32(m.n) {
		if y != x && m.attends(r, y) {
			row[y*T+t] += float64(dir) * s.pairVal(r, y, x)
		}
	}
	for _, y := range s.tables[r][t] {
		if y != x {
			s.gainsMet(r, x, y, dir)
		}
	}
}

// gainsMet updates, in every round but r, what pair (x, y) is worth now
// that they meet once more (dir 1) or once less (dir -1) in round r.
func (s *state) gainsMet(r int, x, y int32, dir int) {
	m := s.m
	a := m.hist.get(x, y) + int(s.co[int(x)*m.n+int(y)])
	for q := range m.R {
		tx, ty := s.at[q][x], s.at[q][y]
		if q == r || tx < 0 || ty < 0 {
			continue
		}
		k := a
		if tx == ty {
			k--
		}
		d := m.value(x, y, k) - m.value(x, y, k-dir)
		T := int32(m.sh[q].T)
		s.gains.g[q][x*T+ty] += d
		s.gains.g[q][y*T+tx] += d
	}
}

// gainSwap is the pair-score change of swapping a and b (at different
// tables) in round r, do-not-seat penalties included, fairness and
// languages left out.
func (s *state) gainSwap(r int, a, b int32) float64 {
	row, T := s.gains.g[r], int32(s.m.sh[r].T)
	ta, tb := s.at[r][a], s.at[r][b]
	ab := s.pairVal(r, a, b)
	return row[a*T+tb] - row[a*T+ta] + row[b*T+ta] - row[b*T+tb] - 2*ab
}

// gainShift is the pair-score change of moving a to table t in round r.
func (s *state) gainShift(r int, a, t int32) float64 {
	row, T := s.gains.g[r], int32(s.m.sh[r].T)
	return row[a*T+t] - row[a*T+s.at[r][a]]
}

// langDelta is the change in language misfits of a swap (b >= 0) or a move
// of a to table t (b < 0) in round r, times the penalty weight.
func (s *state) langDelta(r int, a, b, t int32) float64 {
	if s.m.nLang == 0 {
		return 0
	}
	ta := s.at[r][a]
	if b >= 0 {
		t = s.at[r][b]
	}
	old := s.langViol(r, ta) + s.langViol(r, t)
	s.countLangs(r, a, ta, -1)
	s.countLangs(r, a, t, 1)
	if b >= 0 {
		s.countLangs(r, b, t, -1)
		s.countLangs(r, b, ta, 1)
	}
	d := s.langViol(r, ta) + s.langViol(r, t) - old
	s.countLangs(r, a, t, -1)
	s.countLangs(r, a, ta, 1)
	if b >= 0 {
		s.countLangs(r, b, ta, -1)
		s.countLangs(r, b, t, 1)
	}
	return -s.m.violW * float64(d)
}
