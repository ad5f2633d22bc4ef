package network

// wgraph is the weighted graph Leiden works on at each level: nodes are
// members at the first level and refined sub-communities above it.
type wgraph struct {
	n     int
	off   []int
	nbr   []int32
	wt    []float64
	deg   []float64 // weighted degree, self-loops counted twice
	total float64   // sum of deg (2m)
}

func fromGraph(g *Graph) *wgraph {
	w := &wgraph{n: g.Len(), off: g.off, nbr: g.nbr, wt: g.wt, deg: make([]float64, g.Len())}
	for v := range w.n {
		w.deg[v] = g.Strength(v)
		w.total += w.deg[v]
	}
	if w.total == 0 {
		w.total = 1 // no ties: every gain is zero and nothing moves
	}
	return w
}

// aggregate collapses each label into one node; ties inside a label become
// part of its degree only (self-loops are not needed for modularity gains,
// which use degrees and ties to other nodes).
func aggregate(g *wgraph, label []int32, k int) *wgraph {
	members := make([][]int32, k)
	for v := range g.n {
		members[label[v]] = append(members[label[v]], int32(v))
	}
	a := &wgraph{n: k, off: make([]int, k+1), deg: make([]float64, k), total: g.total}
	sc := newScratch(k)
	for c := range k {
		for _, v := range members[c] {
			a.deg[c] += g.deg[v]
			for j, u := range g.nbr[g.off[v]:g.off[v+1]] {
				if lu := label[u]; lu != int32(c) {
					sc.add(lu, g.wt[g.off[v]+j])
				}
			}
		}
		for _, d := range sc.touched {
			a.nbr = append(a.nbr, d)
			a.wt = append(a.wt, sc.w[d])
		}
		a.off[c+1] = len(a.nbr)
		sc.reset()
	}
	return a
}

// Modularity returns Newman's modularity of a partition with the given
// resolution γ: Σ_c [ w_c/m − γ (K_c/2m)² ], where w_c is the weight of ties
// inside community c, K_c the total weighted degree of its members and m the
// total tie weight. It equals networkx's modularity. label must have one entry
// per member; it returns 0 for a graph without ties.
func Modularity(g *Graph, label []int, resolution float64) float64 {
	m := g.TotalWeight()
	if m == 0 {
		return 0
	}
	k := 0
	for _, c := range label {
		k = max(k, c+1)
	}
	in := make([]float64, k)
	deg := make([]float64, k)
	for v := range g.Len() {
		nb, wt := g.Neighbors(v)
		for j, u := range nb {
			deg[label[v]] += wt[j]
			if label[u] == label[v] {
				in[label[v]] += wt[j] / 2
			}
		}
	}
	q := 0.0
	for c := range k {
		f := deg[c] / (2 * m)
		q += in[c]/m - resolution*f*f
	}
	return q
}

// splitDisconnected gives every connected part of a community its own label
// and renumbers communities by decreasing size.
func splitDisconnected(g *Graph, label []int) []int {
	n := g.Len()
	raw := make([]int, n)
	for i := range raw {
		raw[i] = -1
	}
	var sizes []int
	queue := make([]int32, 0, n)
	for s := range n {
		if raw[s] >= 0 {
			continue
		}
		c := len(sizes)
		raw[s] = c
		queue = append(queue[:0], int32(s))
		for head := 0; head < len(queue); head++ {
			v := queue[head]
			for _, w := range g.nbr[g.off[v]:g.off[v+1]] {
				if raw[w] < 0 && label[w] == label[v] {
					raw[w] = c
					queue = append(queue, w)
				}
			}
		}
		sizes = append(sizes, len(queue))
	}
	out, _ := relabelBySize(raw, sizes)
	return out
}
