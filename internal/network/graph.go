package network

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// Graph is an immutable undirected weighted graph of members. Build one with
// a Builder. Node indexes run from 0 to Len()-1 in the order ids were first
// added.
type Graph struct {
	ids   []string
	index map[string]int
	attrs []map[string]string
	off   []int     // neighbors of i are nbr[off[i]:off[i+1]]
	nbr   []int32   // sorted ascending per node
	wt    []float64 // weight of the tie to nbr[k]
	ties  int
}

// Builder collects members and ties and produces a Graph. The zero value is
// not ready for use; call NewBuilder.
type Builder struct {
	ids   []string
	index map[string]int
	attrs []map[string]string
	ties  []rawTie
}

type rawTie struct {
	a, b int32
	w    float64
}

// Errors returned by Builder.AddTie.
var (
	ErrSelfLoop  = errors.New("a member cannot have a tie to themselves")
	ErrBadWeight = errors.New("tie weight must be a positive finite number")
	ErrEmptyID   = errors.New("member id is empty")
)

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder {
	return &Builder{index: make(map[string]int)}
}

// AddNode adds a member (if new) and merges attrs into its attributes; later
// values win. It returns the member's index. It never fails: ids are not
// checked here (AddTie refuses empty ids), so callers adding members without
// ties should pass non-empty ids.
func (b *Builder) AddNode(id string, attrs map[string]string) int {
	i, ok := b.index[id]
	if !ok {
		i = len(b.ids)
		b.index[id] = i
		b.ids = append(b.ids, id)
		b.attrs = append(b.attrs, nil)
	}
	if len(attrs) > 0 && b.attrs[i] == nil {
		b.attrs[i] = make(map[string]string, len(attrs))
	}
	for k, v := range attrs {
		b.attrs[i][k] = v
	}
	return i
}

// Has reports whether a member with the given id was added.
func (b *Builder) Has(id string) bool {
	_, ok := b.index[id]
	return ok
}

// Len returns the number of members added so far.
func (b *Builder) Len() int { return len(b.ids) }

// AddTie adds an undirected tie of weight w between members a and b, adding
// the members if needed. Ties between the same pair accumulate: their weights
// are summed, as several ties of different kinds make a stronger relationship.
// It returns ErrEmptyID, ErrSelfLoop or ErrBadWeight (wrapped) and adds
// nothing in that case.
func (b *Builder) AddTie(a, c string, w float64) error {
	switch {
	case a == "" || c == "":
		return fmt.Errorf("add tie %q–%q: %w", a, c, ErrEmptyID)
	case a == c:
		return fmt.Errorf("add tie %q–%q: %w", a, c, ErrSelfLoop)
	case !(w > 0) || math.IsInf(w, 1):
		return fmt.Errorf("add tie %q–%q weight %v: %w", a, c, w, ErrBadWeight)
	}
	i, j := int32(b.AddNode(a, nil)), int32(b.AddNode(c, nil))
	if i > j {
		i, j = j, i
	}
	b.ties = append(b.ties, rawTie{i, j, w})
	return nil
}

// Build returns the Graph. The Builder may be reused afterwards; the Graph
// does not share its memory.
func (b *Builder) Build() *Graph {
	ties := mergeTies(b.ties)
	n := len(b.ids)
	g := &Graph{
		ids:   slices.Clone(b.ids),
		index: make(map[string]int, n),
		attrs: make([]map[string]string, n),
		off:   make([]int, n+1),
		nbr:   make([]int32, 2*len(ties)),
		wt:    make([]float64, 2*len(ties)),
		ties:  len(ties),
	}
	for i, id := range g.ids {
		g.index[id] = i
		g.attrs[i] = cloneAttrs(b.attrs[i])
	}
	for _, t := range ties {
		g.off[t.a+1]++
		g.off[t.b+1]++
	}
	for i := range n {
		g.off[i+1] += g.off[i]
	}
	pos := slices.Clone(g.off[:n])
	// ties are sorted by (a, b), so each adjacency list comes out sorted.
	for _, t := range ties {
		g.nbr[pos[t.a]], g.wt[pos[t.a]] = t.b, t.w
		pos[t.a]++
	}
	for _, t := range ties {
		g.nbr[pos[t.b]], g.wt[pos[t.b]] = t.a, t.w
		pos[t.b]++
	}
	for i := range n {
		sortAdjacency(g.nbr[g.off[i]:g.off[i+1]], g.wt[g.off[i]:g.off[i+1]])
	}
	return g
}

func mergeTies(in []rawTie) []rawTie {
	ties := slices.Clone(in)
	slices.SortFunc(ties, func(x, y rawTie) int {
		if x.a != y.a {
			return int(x.a - y.a)
		}
		return int(x.b - y.b)
	})
	out := ties[:0]
	for _, t := range ties {
		if k := len(out) - 1; k >= 0 && out[k].a == t.a && out[k].b == t.b {
			out[k].w += t.w
			continue
		}
		out = append(out, t)
	}
	return out
}

func sortAdjacency(nbr []int32, wt []float64) {
	if slices.IsSorted(nbr) {
		return
	}
	idx := make([]int, len(nbr))
	for k := range idx {
		idx[k] = k
	}
	slices.SortFunc(idx, func(x, y int) int { return int(nbr[x] - nbr[y]) })
	n2, w2 := slices.Clone(nbr), slices.Clone(wt)
	for k, j := range idx {
		nbr[k], wt[k] = n2[j], w2[j]
	}
}

func cloneAttrs(a map[string]string) map[string]string {
	if a == nil {
		return nil
	}
	c := make(map[string]string, len(a))
	for k, v := range a {
		c[k] = v
	}
	return c
}

// Len returns the number of members.
func (g *Graph) Len() int { return len(g.ids) }

// Ties returns the number of distinct ties (unordered pairs).
func (g *Graph) Ties() int { return g.ties }

// ID returns the id of member i. It panics if i is out of range.
func (g *Graph) ID(i int) string { return g.ids[i] }

// Index returns the index of the member with the given id and whether it exists.
func (g *Graph) Index(id string) (int, bool) {
	i, ok := g.index[id]
	return i, ok
}

// Attr returns attribute key of member i, or "" when it is not set.
func (g *Graph) Attr(i int, key string) string { return g.attrs[i][key] }

// Degree returns the number of ties of member i.
func (g *Graph) Degree(i int) int { return g.off[i+1] - g.off[i] }

// Neighbors returns the members tied to i (ascending) and the tie weights.
// The slices belong to the Graph and must not be modified.
func (g *Graph) Neighbors(i int) ([]int32, []float64) {
	return g.nbr[g.off[i]:g.off[i+1]], g.wt[g.off[i]:g.off[i+1]]
}

// Strength returns the sum of the weights of member i's ties.
func (g *Graph) Strength(i int) float64 {
	s := 0.0
	for _, w := range g.wt[g.off[i]:g.off[i+1]] {
		s += w
	}
	return s
}

// TotalWeight returns the sum of all tie weights (each tie once).
func (g *Graph) TotalWeight() float64 {
	s := 0.0
	for _, w := range g.wt {
		s += w
	}
	return s / 2
}

// HasTie reports whether members i and j are tied.
func (g *Graph) HasTie(i, j int) bool {
	nb, _ := g.Neighbors(i)
	_, ok := slices.BinarySearch(nb, int32(j))
	return ok
}

// Subgraph returns the members for which keep returns true and the ties among
// them, keeping ids, attributes, weights and relative order — for example the
// members of one city, or the ties of one period when the caller builds a
// graph per period. It never fails.
func (g *Graph) Subgraph(keep func(i int) bool) *Graph {
	b := NewBuilder()
	for i := range g.Len() {
		if keep(i) {
			b.AddNode(g.ids[i], g.attrs[i])
		}
	}
	forEachTie(g, func(v, u int) {
		if b.Has(g.ids[v]) && b.Has(g.ids[u]) {
			w := g.wt[g.off[v]+tiePos(g, v, u)]
			b.ties = append(b.ties, rawTie{int32(b.index[g.ids[v]]), int32(b.index[g.ids[u]]), w})
		}
	})
	return b.Build()
}

// tiePos is the position of u among v's neighbors; u must be a neighbor.
func tiePos(g *Graph, v, u int) int {
	k, _ := slices.BinarySearch(g.nbr[g.off[v]:g.off[v+1]], int32(u))
	return k
}
