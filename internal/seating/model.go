package seating

// model is a validated Problem in index form: guests are numbered in input
// order, organizations and languages are small integers.
type model struct {
	n, T, R  int
	ids      []string
	org      []int32
	nOrg     int
	host     []bool
	nHosts   int
	lo, hi   int // table sizes
	nHi      int // tables with hi seats
	hostLo   int
	hostHi   int
	nHostHi  int       // tables with hostHi hosts
	block    []int32   // keep-together group of a guest, -1 when alone
	blocks   [][]int32 // members of each group
	lang     [][]int32 // languages of each guest
	nLang    int
	apart    [][]int32
	hist     history
	pins     [][]int32 // pins[r][g] is the pinned table or -1
	pinned   []bool    // pinned in some round
	w        Weights
	maxNew   int
	violW    float64
	pairsRnd int // pairs seated in one round, all tables full
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
	}
	if same {
		v -= m.w.SameOrg
	}
	return v
}

// fairness is the fairness term for a guest meeting c new people.
func (m *model) fairness(c int32) float64 {
	d := float64(m.maxNew - int(c))
	return -m.w.Fairness * d * d
}

// units returns the movable units of a round: keep-together groups as their
// member lists and single guests as one-element lists.
func (m *model) units() [][]int32 {
	var us [][]int32
	seen := make([]bool, len(m.blocks))
	for g := range m.n {
		b := m.block[g]
		switch {
		case b < 0:
			us = append(us, []int32{int32(g)})
		case !seen[b]:
			seen[b] = true
			us = append(us, m.blocks[b])
		}
	}
	return us
}

func (m *model) hostsIn(u []int32) int {
	c := 0
	for _, g := range u {
		if m.host[g] {
			c++
		}
	}
	return c
}

func pairs(k int) int { return k * (k - 1) / 2 }

// forcedSameOrg is the fewest same-organization pairs, outside keep-together
// groups, that any single round must seat: each organization spread as
// evenly as possible over the tables.
func (m *model) forcedSameOrg() int {
	size := make([]int, m.nOrg)
	for _, o := range m.org {
		size[o]++
	}
	f := 0
	for _, s := range size {
		q, r := s/m.T, s%m.T
		f += r*pairs(q+1) + (m.T-r)*pairs(q)
	}
	for _, b := range m.blocks {
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

func (m *model) blockPairs() int {
	c := 0
	for _, b := range m.blocks {
		c += pairs(len(b))
	}
	return c
}

// upperBound bounds the new cross-organization pairs of any plan.
func (m *model) upperBound() int {
	return m.R * (m.pairsRnd - m.blockPairs() - m.forcedSameOrg())
}
