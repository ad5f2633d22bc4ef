package seating

// state is a (possibly partial) plan with everything the objective needs,
// kept up to date move by move so a move costs only its tablemates.
type state struct {
	m        *model
	at       [][]int32   // at[r][g] is g's table in round r, or -1
	atg      []int32     // atg[g*R+r] mirrors at[r][g], one guest's rounds side by side
	tables   [][][]int32 // tables[r][t] lists the guests at t
	pos      [][]int32   // pos[r][g] is g's index in tables[r][at[r][g]]
	hosts    [][]int32   // hosts[r][t]
	nBig     []int       // tables above lo guests, per round
	nHostBig []int       // tables above hostLo hosts, per round
	langCnt  [][]int32   // langCnt[r][t*nLang+l] speakers of l at t
	langN    [][]int32   // langN[r][t] guests at t who list languages
	newCnt   []int32     // new people per guest
	// co[i*n+j] counts the rounds i and j share a table in, kept when the
	// matrix is small enough to stay in cache (coLimit); nil otherwise.
	co      []uint8
	gains   *gains // kept during the tabu phase only
	pairSum float64
	fair    float64
	pen     float64 // broken do-not-seat pairs and language misfits
}

// coLimit is the most guests for which a state keeps the co matrix; above
// it, looking up a pair's other rounds in each guest's short list of
// tables is faster than a cache miss in a large matrix.
const coLimit = 512

func newState(m *model) *state {
	s := &state{m: m, newCnt: make([]int32, m.n), nBig: make([]int, m.R), nHostBig: make([]int, m.R)}
	s.atg = make([]int32, m.n*m.R)
	for i := range s.atg {
		s.atg[i] = -1
	}
	for r := range m.R {
		sh := m.sh[r]
		at := make([]int32, m.n)
		for g := range at {
			at[g] = -1
		}
		s.at = append(s.at, at)
		s.pos = append(s.pos, make([]int32, m.n))
		tabs := make([][]int32, sh.T)
		for t := range tabs {
			tabs[t] = make([]int32, 0, sh.hi+1)
		}
		s.tables = append(s.tables, tabs)
		s.hosts = append(s.hosts, make([]int32, sh.T))
		s.langCnt = append(s.langCnt, make([]int32, sh.T*m.nLang))
		s.langN = append(s.langN, make([]int32, sh.T))
	}
	if m.n <= coLimit {
		s.co = make([]uint8, m.n*m.n)
	}
	for g := range int32(m.n) {
		s.fair += m.fairness(g, 0)
	}
	return s
}

// objective is the value the search maximizes.
func (s *state) objective() float64 {
	return s.pairSum + s.fair - s.m.violW*s.pen
}

// together counts the rounds other than r in which i and j share a table.
func (s *state) together(r int, i, j int32) int {
	if s.co != nil {
		c := int(s.co[int(i)*s.m.n+int(j)])
		if t := s.at[r][i]; t >= 0 && t == s.at[r][j] {
			c--
		}
		return c
	}
	R := s.m.R
	ai, aj := s.atg[int(i)*R:int(i)*R+R], s.atg[int(j)*R:int(j)*R+R]
	c := 0
	for q, t := range ai {
		if q != r && t >= 0 && t == aj[q] {
			c++
		}
	}
	return c
}

// toggle adds (dir 1) or removes (dir -1) one occurrence of pair (g, x) in
// round r and returns the change in pair score and fairness.
func (s *state) toggle(r int, g, x int32, dir int) float64 {
	m := s.m
	co := s.together(r, g, x)
	h := m.hist.get(g, x)
	d := float64(dir) * m.value(g, x, h+co)
	s.pairSum += d
	if co == 0 && h == 0 && m.org[g] != m.org[x] && !m.sameBlock(g, x) {
		d += s.bumpNew(g, dir) + s.bumpNew(x, dir)
	}
	return d
}

func (s *state) bumpNew(g int32, dir int) float64 {
	old := s.m.fairness(g, s.newCnt[g])
	s.newCnt[g] += int32(dir)
	d := s.m.fairness(g, s.newCnt[g]) - old
	s.fair += d
	return d
}

// langViol counts the guests at a table who do not speak its most spoken
// language.
func (s *state) langViol(r int, t int32) int {
	if s.m.nLang == 0 {
		return 0
	}
	L := s.m.nLang
	best := int32(0)
	for _, c := range s.langCnt[r][int(t)*L : int(t)*L+L] {
		best = max(best, c)
	}
	return int(s.langN[r][t] - best)
}

func (s *state) apartAt(r int, g, t int32) int {
	c := 0
	for _, p := range s.m.apart[g] {
		if s.at[r][p] == t {
			c++
		}
	}
	return c
}

// leave takes g from its table in round r and returns the objective change.
func (s *state) leave(r int, g int32) float64 {
	t := s.at[r][g]
	lv := s.langViol(r, t)
	s.detach(r, g, t)
	d := 0.0
	for _, x := range s.tables[r][t] {
		d += s.toggle(r, g, x, -1)
	}
	dp := float64(s.langViol(r, t)-lv) - float64(s.apartAt(r, g, t))
	s.pen += dp
	return d - s.m.violW*dp
}

// join seats g at table t in round r and returns the objective change.
func (s *state) join(r int, g, t int32) float64 {
	lv := s.langViol(r, t)
	ap := s.apartAt(r, g, t)
	d := 0.0
	for _, x := range s.tables[r][t] {
		d += s.toggle(r, g, x, 1)
	}
	s.attach(r, g, t)
	dp := float64(s.langViol(r, t)-lv) + float64(ap)
	s.pen += dp
	return d - s.m.violW*dp
}

func (s *state) attach(r int, g, t int32) {
	m, sh := s.m, &s.m.sh[r]
	if s.co != nil {
		s.meet(g, s.tables[r][t], 1)
	}
	s.at[r][g] = t
	s.atg[int(g)*m.R+r] = t
	s.pos[r][g] = int32(len(s.tables[r][t]))
	s.tables[r][t] = append(s.tables[r][t], g)
	if len(s.tables[r][t]) == sh.lo+1 {
		s.nBig[r]++
	}
	if m.hostR[r][g] {
		s.hosts[r][t]++
		if int(s.hosts[r][t]) == sh.hostLo+1 {
			s.nHostBig[r]++
		}
	}
	s.countLangs(r, g, t, 1)
	if s.gains != nil {
		s.gainsJoin(r, g, t)
	}
}

func (s *state) detach(r int, g, t int32) {
	m, sh := s.m, &s.m.sh[r]
	tab := s.tables[r][t]
	if len(tab) == sh.lo+1 {
		s.nBig[r]--
	}
	i, last := s.pos[r][g], tab[len(tab)-1]
	tab[i] = last
	s.pos[r][last] = i
	s.tables[r][t] = tab[:len(tab)-1]
	if s.co != nil {
		s.meet(g, s.tables[r][t], -1)
	}
	s.at[r][g] = -1
	s.atg[int(g)*m.R+r] = -1
	if m.hostR[r][g] {
		if int(s.hosts[r][t]) == sh.hostLo+1 {
			s.nHostBig[r]--
		}
		s.hosts[r][t]--
	}
	s.countLangs(r, g, t, -1)
	if s.gains != nil {
		s.gainsLeave(r, g, t)
	}
}

// meet adds dir to the rounds g shares with each of xs in the co matrix.
func (s *state) meet(g int32, xs []int32, dir int) {
	n := s.m.n
	for _, x := range xs {
		s.co[int(g)*n+int(x)] += uint8(dir)
		s.co[int(x)*n+int(g)] += uint8(dir)
	}
}

func (s *state) countLangs(r int, g, t int32, dir int32) {
	ls := s.m.lang[g]
	if len(ls) == 0 {
		return
	}
	s.langN[r][t] += dir
	for _, l := range ls {
		s.langCnt[r][int(t)*s.m.nLang+int(l)] += dir
	}
}

// fits reports whether adding a unit with k guests and hu hosts to table t
// keeps table sizes and host counts within their bounds once all are seated.
func (s *state) fits(r int, t int32, k, hu int) bool {
	sh := &s.m.sh[r]
	sz := len(s.tables[r][t])
	if sz+k > sh.hi {
		return false
	}
	if sz+k > sh.lo && sz <= sh.lo && s.nBig[r]+1 > sh.nHi {
		return false
	}
	if hu == 0 {
		return true
	}
	h := int(s.hosts[r][t])
	if h+hu > sh.hostHi {
		return false
	}
	return !(h+hu > sh.hostLo && h <= sh.hostLo && s.nHostBig[r]+1 > sh.nHostHi)
}

// load replaces the state's seating by the assignment at[r][g].
func load(m *model, at [][]int32) *state {
	s := newState(m)
	for r := range at {
		for g, t := range at[r] {
			if t >= 0 {
				s.join(r, int32(g), t)
			}
		}
	}
	return s
}

func (s *state) snapshot(dst [][]int32) [][]int32 {
	if dst == nil {
		dst = make([][]int32, len(s.at))
	}
	for r := range s.at {
		dst[r] = append(dst[r][:0], s.at[r]...)
	}
	return dst
}
