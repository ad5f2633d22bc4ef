package seating

import "fmt"

// model is a validated Problem (or season) in index form: guests are
// numbered in input order, organizations and languages are small integers,
// and every round has its own table layout and, in a season, its own guests.
type model struct {
	n, R int
	ids  []string
	org  []int32
	nOrg int
	// host is each guest's own host flag; hostR[r][g] says whether g hosts
	// in round r (a season's dinner may name its own hosts).
	host  []bool
	hostR [][]bool
	// in[r][g] says whether g attends round r; nil when everyone attends
	// every round, as in a single gathering.
	in [][]bool
	sh []shape // per round
	// block is a guest's keep-together group, -1 when alone; blocks lists
	// the members of each group. blockR and blocksR are the same for one
	// round: a group only acts as one in a round two of its members attend.
	block   []int32
	blocks  [][]int32
	blockR  [][]int32
	blocksR [][][]int32
	lang    [][]int32 // languages of each guest
	nLang   int
	themes  themeSets
	apart   [][]int32
	hist    history
	pins    [][]int32 // pins[r][g] is the pinned table or -1
	pinned  []bool    // pinned in some round
	w       Weights
	maxNew  []int32 // most new people each guest could meet
	violW   float64
	// label names round r in messages; nil means "round r+1".
	label func(r int) string
}

// shape is the table layout of one round.
type shape struct {
	T, lo, hi, nHi int // tables, their sizes, tables with hi seats
	nHosts         int
	hostLo, hostHi int
	nHostHi        int // tables with hostHi hosts
	pairs          int // pairs seated in the round
}

// newShape lays out n guests, of whom hosts host, at T tables.
func newShape(n, T, hosts int) shape {
	s := shape{T: T, lo: n / T, nHosts: hosts}
	s.nHi = n - s.lo*T
	s.hi = s.lo + min(s.nHi, 1)
	s.hostLo = hosts / T
	s.nHostHi = hosts - s.hostLo*T
	s.hostHi = s.hostLo + min(s.nHostHi, 1)
	s.pairs = s.nHi*pairs(s.hi) + (T-s.nHi)*pairs(s.lo)
	return s
}

func (m *model) roundName(r int) string {
	if m.label != nil {
		return m.label(r)
	}
	return fmt.Sprintf("round %d", r+1)
}

// attends reports whether guest g is seated in round r.
func (m *model) attends(r int, g int32) bool {
	return m.in == nil || m.in[r][g]
}

// history holds how often two guests met before.
type history struct {
	n     int
	dense []uint8
	// sparse is used when a dense matrix would be too large.
	sparse map[uint64]uint8
}

const denseLimit = 4096

func newHistory(n int) history {
	if n <= denseLimit {
		return history{n: n, dense: make([]uint8, n*n)}
	}
	return history{n: n, sparse: map[uint64]uint8{}}
}

func pairKey(i, j int32) uint64 {
	if i > j {
		i, j = j, i
	}
	return uint64(i)<<32 | uint64(j)
}

func (h *history) get(i, j int32) int {
	if h.dense != nil {
		return int(h.dense[int(i)*h.n+int(j)])
	}
	return int(h.sparse[pairKey(i, j)])
}

// add records times more meetings, saturating at 255.
func (h *history) add(i, j int32, times int) {
	t := min(h.get(i, j)+times, 255)
	if h.dense != nil {
		h.dense[int(i)*h.n+int(j)] = uint8(t)
		h.dense[int(j)*h.n+int(i)] = uint8(t)
		return
	}
	h.sparse[pairKey(i, j)] = uint8(t)
}

func (m *model) sameBlock(i, j int32) bool {
	return m.block[i] >= 0 && m.block[i] == m.block[j]
}

// value is the objective worth of one occurrence of pair (i, j) after k
// earlier meetings.
func (m *model) value(i, j int32, k int) float64 {
	if m.sameBlock(i, j) {
		return 0
	}
	same := m.org[i] == m.org[j]
	v := 0.0
	switch {
	case k > 0:
		v = -m.w.Repeat * float64(k*k)
	case !same:
		v = 1
		if m.themes.n > 0 && m.themes.share(i, j) {
			v += m.w.Theme
		}
	}
	if same {
		v -= m.w.SameOrg
	}
	return v
}

// bestPair is the most one pair occurrence can be worth.
func (m *model) bestPair() float64 {
	if m.themes.n > 0 {
		return 1 + max(m.w.Theme, 0)
	}
	return 1
}

// fairness is the fairness term for guest g meeting c new people.
func (m *model) fairness(g, c int32) float64 {
	d := float64(m.maxNew[g] - c)
	return -m.w.Fairness * d * d
}

// units returns the movable units of round r: keep-together groups as
// their attending members and single guests as one-element lists.
func (m *model) units(r int) [][]int32 {
	var us [][]int32
	seen := make([]bool, len(m.blocks))
	for g := range int32(m.n) {
		if !m.attends(r, g) {
			continue
		}
		b := m.blockR[r][g]
		switch {
		case b < 0:
			us = append(us, []int32{g})
		case !seen[b]:
			seen[b] = true
			us = append(us, m.blocksR[r][b])
		}
	}
	return us
}

// hostsIn counts the hosts of round r among gs.
func (m *model) hostsIn(r int, gs []int32) int {
	c := 0
	for _, g := range gs {
		if m.hostR[r][g] {
			c++
		}
	}
	return c
}

func pairs(k int) int { return k * (k - 1) / 2 }

// forcedSameOrg is the fewest same-organization pairs, outside keep-together
// groups, that round r must seat: each organization spread as evenly as
// possible over the tables.
func (m *model) forcedSameOrg(r int) int {
	size := make([]int, m.nOrg)
	for g, o := range m.org {
		if m.attends(r, int32(g)) {
			size[o]++
		}
	}
	T := m.sh[r].T
	f := 0
	for _, s := range size {
		q, rest := s/T, s%T
		f += rest*pairs(q+1) + (T-rest)*pairs(q)
	}
	for _, b := range m.blocksR[r] {
		for i, g := range b {
			for _, h := range b[i+1:] {
				if m.org[g] == m.org[h] {
					f--
				}
			}
		}
	}
	return max(f, 0)
}

// blockPairs counts the keep-together pairs of round r.
func (m *model) blockPairs(r int) int {
	c := 0
	for _, b := range m.blocksR[r] {
		c += pairs(len(b))
	}
	return c
}

// freePairs bounds the new cross-organization pairs of round r.
func (m *model) freePairs(r int) int {
	return m.sh[r].pairs - m.blockPairs(r) - m.forcedSameOrg(r)
}

// upperBound bounds the new cross-organization pairs of any plan.
func (m *model) upperBound() int {
	ub := 0
	for r := range m.R {
		ub += m.freePairs(r)
	}
	return ub
}
