package seating

import (
	"cmp"
	"math/bits"
	"math/rand/v2"
	"slices"
)

// Design seeds. When a gathering looks like a social golfer problem —
// everyone attends every round, no hosts, pins, keep-together groups or
// languages, and the tables nearly full — a plan in which nobody meets
// twice can often be written down from the structure of a resolvable
// design instead of searched for. The search then starts one chain from
// that plan; on a pure instance it already meets the bound, otherwise
// (organizations, history, do-not-seat pairs) the local search goes on
// from it with the full objective.
//
// Two constructions are used:
//
//   - Rows: n ≤ g·s guests in s rows of g seats (the last row short by at
//     most g−1); in round w the guest in row i, column j sits at table
//     j + c_i(w) in a group of order g (Z_g, or Z_2^k when g = 2^k). Two
//     guests of different rows i, i' meet in round w exactly when the
//     difference of their columns is c_i'(w) − c_i(w); when these
//     differences are distinct over the rounds for every pair of rows (a
//     difference array, found by a small search), nobody meets twice, and
//     guests of one row never meet. When s divides g, one more round seats
//     each row's guests among themselves. Up to g (+1) rounds; every
//     table gets one guest per row, so a short last row leaves some tables
//     one seat short, as the table sizes require.
//   - Pairs (tables of 4, n = 2^(m+1)): guests are the points x of
//     GF(2^m) on two levels. A round of kind A with differences a, b seats
//     {(c,0), (c+a,0), (c+b,1), (c+a+b,1)} for c over the cosets of {0,a}:
//     it covers the pairs at distance a on each level and across the levels
//     at distances b and a+b. A round of kind B seats the cosets of a
//     2-dimensional subspace V on each level. With 2^(m−1) rounds of kind A
//     whose cross pairs {b, a+b} partition GF(2^m), and as many rounds of
//     kind B as there are disjoint subspaces for the distances left, every
//     pair is covered at most once in ⌊(n−1)/3⌋ rounds: the maximum, e.g.
//     10 rounds for 32 guests (the original social golfer problem).
//
// Guests are placed on the design's seats organization by organization
// along an order in which seats that never meet come together, so
// colleagues rarely share a table.

// designNodes bounds the search for a difference array.
const designNodes = 200_000

// design is a schedule of abstract seats 0..n-1: tables[r][t] lists them.
type design struct {
	tables [][][]int32
	// apart lists groups of seats that never meet (rows, pairs left out),
	// covering every seat; colleagues are placed within one when they fit.
	apart [][]int32
}

// designFits reports whether everyone attends every round, all rounds
// have one layout, and there are no hosts, pins, keep-together groups or
// languages.
func (m *model) designFits() bool {
	if m.in != nil || len(m.blocks) > 0 || m.nLang > 0 || m.sh[0].nHosts > 0 {
		return false
	}
	for _, sh := range m.sh {
		if sh != m.sh[0] {
			return false
		}
	}
	for g := range m.n {
		if m.pinned[g] {
			return false
		}
	}
	return true
}

// findDesign returns a design for the model's rounds, or nil.
func (m *model) findDesign() *design {
	if !m.designFits() {
		return nil
	}
	sh := m.sh[0]
	full := sh.nHi == 0
	if full && sh.lo == 4 && bits.OnesCount(uint(m.n)) == 1 && m.n >= 8 {
		if d := pairsDesign(m.n, m.R); d != nil {
			return d
		}
	}
	if d := rowsDesign(m.n, sh.T, sh.hi, m.R); d != nil {
		return d
	}
	if full && sh.lo <= orbitMaxSize {
		return orbitDesign(sh.T, sh.lo, m.R)
	}
	return nil
}

// orbitMaxSize is the largest table the orbit construction tries: the
// partitions of a table's rows grow fast with its size.
const orbitMaxSize = 6

// rowsDesign builds the rows construction for n guests at g tables of at
// most s, over rounds rounds, or returns nil.
func rowsDesign(n, g, s, rounds int) *design {
	split := rounds == g+1 && g%s == 0
	weeks := rounds
	if split {
		weeks = g
	}
	if s > g || weeks > g {
		return nil
	}
	grp := group{n: g, xor: bits.OnesCount(uint(g)) == 1}
	c := differenceArray(grp, s, weeks)
	if c == nil {
		return nil
	}
	rs := rowSeats{g: g, s: s, short: g*s - n}
	d := &design{}
	for w := range weeks {
		d.tables = append(d.tables, rs.round(func(i, j int) int { return grp.add(j, c[i][w]) }))
	}
	if split {
		d.tables = append(d.tables, rs.round(func(i, j int) int { return i*(g/s) + j/s }))
		d.apart = singles(n)
	} else {
		d.apart = rs.rows()
	}
	if !d.balanced() {
		return nil
	}
	return d
}

// rowSeats numbers the seats of s rows of g, the last row short by short.
type rowSeats struct{ g, s, short int }

// seat is row i, column j's seat, or -1 where the last row is short.
func (rs rowSeats) seat(i, j int) int32 {
	if i == rs.s-1 && j >= rs.g-rs.short {
		return -1
	}
	return int32(i*rs.g + j)
}

// round seats every seat at table(row, column).
func (rs rowSeats) round(table func(i, j int) int) [][]int32 {
	tables := make([][]int32, rs.g)
	for i := range rs.s {
		for j := range rs.g {
			if x := rs.seat(i, j); x >= 0 {
				t := table(i, j)
				tables[t] = append(tables[t], x)
			}
		}
	}
	return tables
}

// rows lists each row's seats.
func (rs rowSeats) rows() [][]int32 {
	out := make([][]int32, rs.s)
	for i := range rs.s {
		for j := range rs.g {
			if x := rs.seat(i, j); x >= 0 {
				out[i] = append(out[i], x)
			}
		}
	}
	return out
}

// balanced reports whether table sizes differ by at most one in every round.
func (d *design) balanced() bool {
	for _, tables := range d.tables {
		lo, hi := len(tables[0]), len(tables[0])
		for _, t := range tables {
			lo, hi = min(lo, len(t)), max(hi, len(t))
		}
		if hi-lo > 1 || lo < 2 {
			return false
		}
	}
	return true
}

// group is Z_n, or Z_2^k (addition is xor) when xor is set.
type group struct {
	n   int
	xor bool
}

func (g group) add(a, b int) int {
	if g.xor {
		return a ^ b
	}
	return (a + b) % g.n
}

func (g group) sub(a, b int) int {
	if g.xor {
		return a ^ b
	}
	return (a - b + g.n) % g.n
}

// differenceArray finds c[i][w] (row 0 all zero) such that for every pair
// of rows the differences c_i'(w) − c_i(w) are distinct over the weeks, by
// depth-first search week by week, or returns nil.
func differenceArray(grp group, rows, weeks int) [][]int {
	c := make([][]int, rows)
	for i := range c {
		c[i] = make([]int, weeks)
	}
	// used[i][i'] marks the differences rows i < i' already have.
	used := make([][][]bool, rows)
	for i := range used {
		used[i] = make([][]bool, rows)
		for k := i + 1; k < rows; k++ {
			used[i][k] = make([]bool, grp.n)
			used[i][k][0] = true // week 0 seats everyone at column + 0
		}
	}
	nodes := 0
	var place func(w, i int) bool
	place = func(w, i int) bool {
		if w == weeks {
			return true
		}
		if i == rows {
			return place(w+1, 1)
		}
		for v := range grp.n {
			if nodes++; nodes > designNodes {
				return false
			}
			if !fresh(grp, c, used, w, i, v) {
				continue
			}
			mark(grp, c, used, w, i, v, true)
			c[i][w] = v
			if place(w, i+1) {
				return true
			}
			mark(grp, c, used, w, i, v, false)
		}
		return false
	}
	if weeks <= 1 || place(1, 1) {
		return c
	}
	return nil
}

func fresh(grp group, c [][]int, used [][][]bool, w, i, v int) bool {
	for k := range i {
		if used[k][i][grp.sub(v, c[k][w])] {
			return false
		}
	}
	return true
}

func mark(grp group, c [][]int, used [][][]bool, w, i, v int, on bool) {
	for k := range i {
		used[k][i][grp.sub(v, c[k][w])] = on
	}
}

// pairsDesign builds the pairs construction for n = 2^(m+1) guests at
// tables of 4, or returns nil when it has fewer rounds than asked.
func pairsDesign(n, rounds int) *design {
	q := n / 2 // the points of GF(2^m), added by xor
	spread := partialSpread(q, (q/2-1)/3)
	inSpread := make([]bool, q)
	for _, v := range spread {
		for _, x := range v {
			inSpread[x] = true
		}
	}
	var diffs []int
	for x := 1; x < q; x++ {
		if !inSpread[x] {
			diffs = append(diffs, x)
		}
	}
	if len(diffs) < q/2 || len(diffs) > q/2+1 {
		return nil
	}
	leave := -1
	cross := pairPartition(q, diffs)
	if cross == nil && len(diffs) == q/2+1 {
		// leave out one distance: its pairs are the ones who never meet
		for k := range diffs {
			rest := slices.Delete(slices.Clone(diffs), k, k+1)
			if cross = pairPartition(q, rest); cross != nil {
				leave = diffs[k]
				break
			}
		}
	}
	if cross == nil || len(cross)+len(spread) < rounds {
		return nil
	}
	d := &design{}
	for _, ab := range cross {
		d.tables = append(d.tables, crossRound(q, ab[0], ab[1]))
	}
	for _, v := range spread {
		d.tables = append(d.tables, levelRound(q, v))
	}
	d.tables = d.tables[:rounds]
	d.apart = pairsApart(q, leave)
	return d
}

// crossRound is a round of kind A: {(c,0), (c+a,0), (c+b,1), (c+a+b,1)}
// for c over the cosets of {0, a}; the seat of (x, level) is level·q + x.
func crossRound(q, a, b int) [][]int32 {
	var tables [][]int32
	for c := range q {
		if c < c^a {
			tables = append(tables, []int32{int32(c), int32(c ^ a), int32(q + (c ^ b)), int32(q + (c ^ a ^ b))})
		}
	}
	return tables
}

// levelRound is a round of kind B: the cosets of subspace v on each level.
func levelRound(q int, v [4]int) [][]int32 {
	var tables [][]int32
	for level := range 2 {
		for c := range q {
			if c < min(c^v[1], c^v[2], c^v[3]) {
				at := level * q
				tables = append(tables, []int32{int32(at + c), int32(at + (c ^ v[1])), int32(at + (c ^ v[2])), int32(at + (c ^ v[3]))})
			}
		}
	}
	return tables
}

// pairsApart lists the pairs of seats that never meet (distance leave on
// one level), or every seat alone when there are none.
func pairsApart(q, leave int) [][]int32 {
	if leave < 0 {
		return singles(2 * q)
	}
	var out [][]int32
	for level := range 2 {
		for x := range q {
			if x < x^leave {
				out = append(out, []int32{int32(level*q + x), int32(level*q + (x ^ leave))})
			}
		}
	}
	return out
}

// singles lists each of n seats alone.
func singles(n int) [][]int32 {
	out := make([][]int32, n)
	for x := range out {
		out[x] = []int32{int32(x)}
	}
	return out
}

// partialSpread finds up to k 2-dimensional subspaces of GF(2)^m (q = 2^m
// points) meeting only in 0, greedily; each is listed as {0, u, v, u^v}.
func partialSpread(q, k int) [][4]int {
	var out [][4]int
	used := make([]bool, q)
	for u := 1; u < q && len(out) < k; u++ {
		for v := u + 1; v < q && !used[u]; v++ {
			if used[v] || used[u^v] || u^v < v {
				continue
			}
			out = append(out, [4]int{0, u, v, u ^ v})
			used[u], used[v], used[u^v] = true, true, true
			if len(out) == k {
				break
			}
		}
	}
	return out
}

// pairPartition splits the q points into q/2 pairs {b, b+a}, one for each
// distance a of diffs (which must have q/2 distinct entries), and returns
// the (a, b) of each, or nil.
func pairPartition(q int, diffs []int) [][2]int {
	if len(diffs) != q/2 {
		return nil
	}
	ds := slices.Clone(diffs)
	slices.SortFunc(ds, func(a, b int) int { return cmp.Compare(b, a) })
	paired := make([]bool, q)
	usedD := make([]bool, len(ds))
	out := make([][2]int, 0, q/2)
	nodes := 0
	var next func() bool
	next = func() bool {
		x := slices.Index(paired, false)
		if x < 0 {
			return true
		}
		for k, a := range ds {
			if nodes++; nodes > designNodes {
				return false
			}
			if usedD[k] || paired[x^a] {
				continue
			}
			paired[x], paired[x^a], usedD[k] = true, true, true
			out = append(out, [2]int{a, x})
			if next() {
				return true
			}
			out = out[:len(out)-1]
			paired[x], paired[x^a], usedD[k] = false, false, false
		}
		return false
	}
	if !next() {
		return nil
	}
	return out
}

// loadDesign seats everyone by the design: organizations, largest first
// (ties in a random order), go whole into the group of seats that never
// meet with most room left when one fits, and the rest fill the seats
// left in order.
func (s *state) loadDesign(d *design, rng *rand.Rand) {
	m := s.m
	members := make([][]int32, m.nOrg)
	for g, o := range m.org {
		members[o] = append(members[o], int32(g))
	}
	rng.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
	slices.SortStableFunc(members, func(a, b []int32) int { return cmp.Compare(len(b), len(a)) })
	room := make([][]int32, len(d.apart))
	for i, grp := range d.apart {
		room[i] = slices.Clone(grp)
	}
	at := make([]int32, m.n) // at[seat] is the guest on it
	var rest []int32
	for _, org := range members {
		i := roomiest(room)
		if len(room[i]) < len(org) {
			rest = append(rest, org...)
			continue
		}
		for k, g := range org {
			at[room[i][k]] = g
		}
		room[i] = room[i][len(org):]
	}
	var free []int32
	for _, grp := range room {
		free = append(free, grp...)
	}
	for k, g := range rest {
		at[free[k]] = g
	}
	for r, tables := range d.tables {
		for t, seats := range tables {
			for _, x := range seats {
				s.join(r, at[x], int32(t))
			}
		}
	}
}

// roomiest returns the group with most seats left, the first on ties.
func roomiest(room [][]int32) int {
	best := 0
	for i := range room {
		if len(room[i]) > len(room[best]) {
			best = i
		}
	}
	return best
}
