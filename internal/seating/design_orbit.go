package seating

import (
	"math/bits"
	"slices"
)

// The orbit construction looks for a design on s rows of g seats that the
// translations of a group of order g (Z_g, or Z_2^k when g = 2^k) map to
// itself, in the manner of Kramer and Mesner: such a round is a partition
// of the rows into parts, each part P with a subgroup H of order s/|P| and
// an offset x_i per row, seating the cosets ∪_{i∈P} (x_i + c + H). A round
// seats whole classes of pairs at once — in row i the pairs at a distance
// in H, between rows i and i' of a part the pairs whose columns differ by
// x_i' − x_i + H — so choosing rounds that never share a class is an exact
// cover problem over a few dozen classes, which a depth-first search with
// the "fewest candidates first" rule solves quickly. Classes may stay
// uncovered as long as the pairs they hold fit in what the rounds leave
// unmet. This finds, among others, the 10 rounds for 32 guests at tables of
// 4, which the rows construction cannot reach.

// Orbit search limits: candidate rounds enumerated and search nodes.
const (
	orbitCands = 40_000
	orbitNodes = 600
)

// orbitRound is one candidate round: its parts and the classes it covers.
type orbitRound struct {
	parts []orbitPart
	cells []uint64
}

type orbitPart struct {
	rows []int
	sub  []int // the subgroup H
	offs []int // offset of each row of the part
}

// orbitSpace indexes the classes of pairs of s rows of g seats.
type orbitSpace struct {
	grp       group
	g, s      int
	within    map[[2]int]int // (row, distance class) -> class
	cross     map[[3]int]int // (row, row, difference) -> class
	nCells    int
	cellPairs []int
}

func newOrbitSpace(g, s int) *orbitSpace {
	o := &orbitSpace{grp: group{n: g, xor: bits.OnesCount(uint(g)) == 1}, g: g, s: s,
		within: map[[2]int]int{}, cross: map[[3]int]int{}}
	for i := range s {
		for d := 1; d < g; d++ {
			k := [2]int{i, o.distance(d)}
			if _, ok := o.within[k]; !ok {
				o.within[k] = o.nCells
				pairs := g
				if o.grp.xor || 2*k[1] == g {
					pairs = g / 2
				}
				o.cellPairs = append(o.cellPairs, pairs)
				o.nCells++
			}
		}
	}
	for i := range s {
		for j := i + 1; j < s; j++ {
			for d := range g {
				o.cross[[3]int{i, j, d}] = o.nCells
				o.cellPairs = append(o.cellPairs, g)
				o.nCells++
			}
		}
	}
	return o
}

// distance names the class of pairs {x, x+d} in one row.
func (o *orbitSpace) distance(d int) int {
	if o.grp.xor {
		return d
	}
	return min(d, o.g-d)
}

// orbitDesign finds rounds for g tables of s guests (n = g·s), or nil.
func orbitDesign(g, s, rounds int) *design {
	o := newOrbitSpace(g, s)
	cands := o.candidates()
	if cands == nil {
		return nil
	}
	leave := g*s*(g*s-1)/2 - rounds*g*pairs(s)
	if leave < 0 {
		return nil
	}
	chosen := o.search(cands, rounds, leave)
	if chosen == nil {
		return nil
	}
	d := &design{}
	for _, ci := range chosen {
		d.tables = append(d.tables, o.tables(cands[ci]))
	}
	d.apart = singles(g * s)
	return d
}

// candidates enumerates every round that maps to itself under the group,
// or returns nil when there would be more than orbitCands.
func (o *orbitSpace) candidates() []orbitRound {
	var out []orbitRound
	for _, rowParts := range setPartitions(o.s) {
		options := make([][]orbitPart, len(rowParts))
		count := 1
		for k, rows := range rowParts {
			options[k] = o.partOptions(rows)
			count *= len(options[k])
			if count == 0 || count > orbitCands {
				break
			}
		}
		if count == 0 {
			continue
		}
		if count+len(out) > orbitCands {
			return nil
		}
		out = o.product(options, nil, out)
	}
	return out
}

func (o *orbitSpace) product(options [][]orbitPart, cur []orbitPart, out []orbitRound) []orbitRound {
	if len(cur) == len(options) {
		r := orbitRound{parts: slices.Clone(cur), cells: make([]uint64, (o.nCells+63)/64)}
		for _, p := range cur {
			o.mark(r.cells, p)
		}
		return append(out, r)
	}
	for _, p := range options[len(cur)] {
		out = o.product(options, append(cur, p), out)
	}
	return out
}

// partOptions lists the ways rows can form one part: a subgroup of order
// s/len(rows) and offsets for all rows but the first (which is 0).
func (o *orbitSpace) partOptions(rows []int) []orbitPart {
	if o.s%len(rows) != 0 {
		return nil
	}
	var out []orbitPart
	for _, sub := range subgroups(o.grp, o.s/len(rows)) {
		reps := o.cosetReps(sub)
		idx := make([]int, len(rows)-1)
		for {
			offs := make([]int, len(rows))
			for k := range idx {
				offs[k+1] = reps[idx[k]]
			}
			out = append(out, orbitPart{rows: rows, sub: sub, offs: offs})
			if !nextIndex(idx, len(reps)) {
				break
			}
		}
	}
	return out
}

// nextIndex advances a mixed-radix counter; false when it wraps.
func nextIndex(idx []int, base int) bool {
	for k := range idx {
		idx[k]++
		if idx[k] < base {
			return true
		}
		idx[k] = 0
	}
	return false
}

func (o *orbitSpace) cosetReps(sub []int) []int {
	seen := make([]bool, o.g)
	var reps []int
	for x := range o.g {
		if seen[x] {
			continue
		}
		reps = append(reps, x)
		for _, h := range sub {
			seen[o.grp.add(x, h)] = true
		}
	}
	return reps
}

// mark sets the classes a part covers.
func (o *orbitSpace) mark(cells []uint64, p orbitPart) {
	set := func(id int) { cells[id/64] |= 1 << uint(id%64) }
	for _, i := range p.rows {
		for _, h := range p.sub {
			if h != 0 {
				set(o.within[[2]int{i, o.distance(h)}])
			}
		}
	}
	for a := range p.rows {
		for b := a + 1; b < len(p.rows); b++ {
			for _, h := range p.sub {
				set(o.cross[[3]int{p.rows[a], p.rows[b], o.grp.add(o.grp.sub(p.offs[b], p.offs[a]), h)}])
			}
		}
	}
}

// search picks rounds whose classes do not overlap, leaving classes with
// at most leave pairs in all uncovered, and returns their indexes or nil.
func (o *orbitSpace) search(cands []orbitRound, rounds, leave int) []int {
	covered := make([]uint64, (o.nCells+63)/64)
	var chosen []int
	nodes := 0
	count := make([]int, o.nCells)
	var dfs func(left, leave int) bool
	dfs = func(left, leave int) bool {
		if left == 0 {
			return true
		}
		if nodes++; nodes > orbitNodes {
			return false
		}
		fits := o.compatible(cands, covered, count)
		if len(fits) < left {
			return false
		}
		cell := o.scarcest(covered, count)
		if cell < 0 {
			return false
		}
		bit, word := uint64(1)<<uint(cell%64), cell/64
		for _, ci := range fits {
			c := cands[ci].cells
			if c[word]&bit == 0 {
				continue
			}
			orInto(covered, c)
			chosen = append(chosen, ci)
			if dfs(left-1, leave) {
				return true
			}
			chosen = chosen[:len(chosen)-1]
			andNot(covered, c)
		}
		if o.cellPairs[cell] > leave {
			return false
		}
		covered[word] |= bit
		if dfs(left, leave-o.cellPairs[cell]) {
			return true
		}
		covered[word] &^= bit
		return false
	}
	if !dfs(rounds, leave) {
		return nil
	}
	return chosen
}

// compatible lists the candidates sharing no class with covered and counts,
// per class, the candidates that could still cover it.
func (o *orbitSpace) compatible(cands []orbitRound, covered []uint64, count []int) []int {
	clear(count)
	var fits []int
	for ci, c := range cands {
		if overlaps(c.cells, covered) {
			continue
		}
		fits = append(fits, ci)
		for w, x := range c.cells {
			for ; x != 0; x &= x - 1 {
				count[w*64+bits.TrailingZeros64(x)]++
			}
		}
	}
	return fits
}

// scarcest returns the uncovered class with fewest candidates, or -1.
func (o *orbitSpace) scarcest(covered []uint64, count []int) int {
	best := -1
	for id := range o.nCells {
		if covered[id/64]&(1<<uint(id%64)) == 0 && (best < 0 || count[id] < count[best]) {
			best = id
		}
	}
	return best
}

// tables seats a round: a table per coset of each part's subgroup.
func (o *orbitSpace) tables(r orbitRound) [][]int32 {
	var out [][]int32
	for _, p := range r.parts {
		for _, c := range o.cosetReps(p.sub) {
			var t []int32
			for k, i := range p.rows {
				for _, h := range p.sub {
					t = append(t, int32(i*o.g+o.grp.add(c, o.grp.add(p.offs[k], h))))
				}
			}
			out = append(out, t)
		}
	}
	return out
}

// subgroups lists the subgroups of order h, each sorted.
func subgroups(grp group, h int) [][]int {
	if !grp.xor {
		if grp.n%h != 0 {
			return nil
		}
		var sub []int
		for x := 0; x < grp.n; x += grp.n / h {
			sub = append(sub, x)
		}
		return [][]int{sub}
	}
	if bits.OnesCount(uint(h)) != 1 || h > grp.n {
		return nil
	}
	seen := map[string]bool{}
	var out [][]int
	var grow func(sub []int, from int)
	grow = func(sub []int, from int) {
		if len(sub) == h {
			key := string(fmtInts(sub))
			if !seen[key] {
				seen[key] = true
				out = append(out, sub)
			}
			return
		}
		for v := from; v < grp.n; v++ {
			if slices.Contains(sub, v) {
				continue
			}
			next := slices.Clone(sub)
			for _, x := range sub {
				next = append(next, x^v)
			}
			slices.Sort(next)
			grow(next, v+1)
		}
	}
	grow([]int{0}, 1)
	return out
}

func fmtInts(xs []int) []byte {
	b := make([]byte, 0, 2*len(xs))
	for _, x := range xs {
		b = append(b, byte(x), byte(x>>8))
	}
	return b
}

// setPartitions lists the partitions of 0..n-1 into parts, each part in
// increasing order.
func setPartitions(n int) [][][]int {
	var out [][][]int
	var rec func(i int, cur [][]int)
	rec = func(i int, cur [][]int) {
		if i == n {
			cp := make([][]int, len(cur))
			for k := range cur {
				cp[k] = slices.Clone(cur[k])
			}
			out = append(out, cp)
			return
		}
		for k := range cur {
			cur[k] = append(cur[k], i)
			rec(i+1, cur)
			cur[k] = cur[k][:len(cur[k])-1]
		}
		rec(i+1, append(cur, []int{i}))
	}
	rec(0, nil)
	return out
}

func overlaps(a, b []uint64) bool {
	for k := range a {
		if a[k]&b[k] != 0 {
			return true
		}
	}
	return false
}

func andNot(dst, src []uint64) {
	for k := range dst {
		dst[k] &^= src[k]
	}
}
