package network

import (
	"math"
	"slices"
)

// Components labels every member with its connected component. Components are
// numbered by decreasing size (ties by lowest member index), so component 0 is
// the largest. It returns the labels and the size of each component.
func Components(g *Graph) (label []int, sizes []int) {
	n := g.Len()
	raw := make([]int, n)
	for i := range raw {
		raw[i] = -1
	}
	var rawSizes []int
	queue := make([]int32, 0, n)
	for s := range n {
		if raw[s] >= 0 {
			continue
		}
		c := len(rawSizes)
		raw[s] = c
		queue = append(queue[:0], int32(s))
		for head := 0; head < len(queue); head++ {
			for _, w := range g.nbr[g.off[queue[head]]:g.off[queue[head]+1]] {
				if raw[w] < 0 {
					raw[w] = c
					queue = append(queue, w)
				}
			}
		}
		rawSizes = append(rawSizes, len(queue))
	}
	return relabelBySize(raw, rawSizes)
}

// relabelBySize renumbers groups by decreasing size, keeping first-seen order
// among equal sizes.
func relabelBySize(raw, rawSizes []int) ([]int, []int) {
	order := make([]int, len(rawSizes))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return rawSizes[b] - rawSizes[a] })
	newID := make([]int, len(rawSizes))
	sizes := make([]int, len(rawSizes))
	for k, old := range order {
		newID[old] = k
		sizes[k] = rawSizes[old]
	}
	label := make([]int, len(raw))
	for i, c := range raw {
		label[i] = newID[c]
	}
	return label, sizes
}

// Density returns ties / possible ties, 0 for fewer than two members.
func Density(g *Graph) float64 {
	n := float64(g.Len())
	if n < 2 {
		return 0
	}
	return float64(g.Ties()) / (n * (n - 1) / 2)
}

// DegreeCentralization is Freeman's degree centralization: the sum of the
// differences between the largest degree and every degree, divided by its
// maximum (n-1)(n-2), reached by a star. 1 for a star, 0 when all degrees are
// equal and for fewer than three members.
func DegreeCentralization(g *Graph) float64 {
	n := g.Len()
	if n < 3 {
		return 0
	}
	maxDeg := 0
	for i := range n {
		maxDeg = max(maxDeg, g.Degree(i))
	}
	sum := 0.0
	for i := range n {
		sum += float64(maxDeg - g.Degree(i))
	}
	return sum / float64((n-1)*(n-2))
}

// BetweennessCentralization is Freeman's betweenness centralization from
// normalized betweenness values: sum(max − b_i) / (n − 1). 1 for a star.
func BetweennessCentralization(b []float64) float64 {
	n := len(b)
	if n < 3 {
		return 0
	}
	top := slices.Max(b)
	sum := 0.0
	for _, v := range b {
		sum += top - v
	}
	return sum / float64(n-1)
}

// Hubs returns the members whose degree exceeds the mean by more than two
// standard deviations (the research note's "number of hubs"), highest first.
func Hubs(g *Graph) []int {
	n := g.Len()
	if n == 0 {
		return nil
	}
	mean, sq := 0.0, 0.0
	for i := range n {
		d := float64(g.Degree(i))
		mean += d
		sq += d * d
	}
	mean /= float64(n)
	sd := math.Sqrt(math.Max(sq/float64(n)-mean*mean, 0))
	var hubs []int
	for i := range n {
		if float64(g.Degree(i)) > mean+2*sd {
			hubs = append(hubs, i)
		}
	}
	slices.SortStableFunc(hubs, func(a, b int) int { return g.Degree(b) - g.Degree(a) })
	return hubs
}

// CoreNumbers returns each member's k-core number: the largest k such that the
// member belongs to a subgraph where everyone has at least k ties
// (Batagelj–Zaversnik, O(ties)).
func CoreNumbers(g *Graph) []int {
	n := g.Len()
	deg := make([]int, n)
	maxDeg := 0
	for i := range n {
		deg[i] = g.Degree(i)
		maxDeg = max(maxDeg, deg[i])
	}
	bin := make([]int, maxDeg+2)
	for _, d := range deg {
		bin[d+1]++
	}
	for d := 1; d < len(bin); d++ {
		bin[d] += bin[d-1]
	}
	// bin[d] is now the start of degree-d members in vert.
	vert, pos := make([]int, n), make([]int, n)
	next := slices.Clone(bin)
	for v, d := range deg {
		pos[v] = next[d]
		vert[pos[v]] = v
		next[d]++
	}
	for k := range n {
		v := vert[k]
		for _, u32 := range g.nbr[g.off[v]:g.off[v+1]] {
			u := int(u32)
			if deg[u] <= deg[v] {
				continue
			}
			du := deg[u]
			pu, pw := pos[u], bin[du]
			w := vert[pw]
			if u != w {
				vert[pu], vert[pw] = w, u
				pos[u], pos[w] = pw, pu
			}
			bin[du]++
			deg[u]--
		}
	}
	return deg
}
