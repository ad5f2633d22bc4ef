package network

import (
	"slices"
)

// CutPoint is a member whose loss would split their component (an
// articulation point): a broker the network depends on.
type CutPoint struct {
	Node int
	// Pieces are the sizes of the parts their component falls into without
	// them, largest first.
	Pieces []int
	// BreaksOff is how many members end up outside the largest piece.
	BreaksOff int
}

// Bridge is a tie whose loss would split its component.
type Bridge struct {
	A, B int
	// BreaksOff is the size of the smaller side.
	BreaksOff int
}

// Fragility finds articulation points and bridges (Hopcroft–Tarjan, one
// iterative depth-first search, O(ties)). Both lists are sorted by BreaksOff,
// largest first, then by member index.
func Fragility(g *Graph) ([]CutPoint, []Bridge) {
	t := newTarjan(g.Len())
	for s := range g.Len() {
		if t.disc[s] < 0 {
			t.component(g, s)
		}
	}
	slices.SortStableFunc(t.cuts, func(a, b CutPoint) int {
		if a.BreaksOff != b.BreaksOff {
			return b.BreaksOff - a.BreaksOff
		}
		return a.Node - b.Node
	})
	slices.SortStableFunc(t.bridges, func(a, b Bridge) int {
		if a.BreaksOff != b.BreaksOff {
			return b.BreaksOff - a.BreaksOff
		}
		return min(a.A, a.B) - min(b.A, b.B)
	})
	return t.cuts, t.bridges
}

type tarjan struct {
	disc, low, parent, sub []int
	clock                  int
	cuts                   []CutPoint
	bridges                []Bridge
}

func newTarjan(n int) *tarjan {
	t := &tarjan{disc: make([]int, n), low: make([]int, n), parent: make([]int, n), sub: make([]int, n)}
	for i := range t.disc {
		t.disc[i], t.parent[i] = -1, -1
	}
	return t
}

type frame struct{ v, next int }

// component runs the depth-first search from root and records the cut points
// and bridges of root's component.
func (t *tarjan) component(g *Graph, root int) {
	var order []int // members in discovery order
	stack := []frame{{root, g.off[root]}}
	t.visit(root, &order)
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		v := top.v
		if top.next < g.off[v+1] {
			w := int(g.nbr[top.next])
			top.next++
			if t.disc[w] < 0 {
				t.parent[w] = v
				t.visit(w, &order)
				stack = append(stack, frame{w, g.off[w]})
			} else if w != t.parent[v] {
				t.low[v] = min(t.low[v], t.disc[w])
			}
			continue
		}
		stack = stack[:len(stack)-1]
		if p := t.parent[v]; p >= 0 {
			t.low[p] = min(t.low[p], t.low[v])
			t.sub[p] += t.sub[v]
		}
	}
	t.collect(order, len(order))
}

func (t *tarjan) visit(v int, order *[]int) {
	t.disc[v], t.low[v], t.sub[v] = t.clock, t.clock, 1
	t.clock++
	*order = append(*order, v)
}

// collect derives cut points and bridges from the finished search of one
// component of the given size.
func (t *tarjan) collect(order []int, size int) {
	pieces := make(map[int][]int)
	for _, c := range order {
		p := t.parent[c]
		if p < 0 {
			continue
		}
		if t.low[c] > t.disc[p] {
			t.bridges = append(t.bridges, Bridge{A: p, B: c, BreaksOff: min(t.sub[c], size-t.sub[c])})
		}
		if t.low[c] >= t.disc[p] {
			pieces[p] = append(pieces[p], t.sub[c])
		}
	}
	for _, v := range order {
		ps := pieces[v]
		if t.parent[v] < 0 { // the root is a cut point only with two or more children
			if len(ps) < 2 {
				continue
			}
		} else {
			if len(ps) == 0 {
				continue
			}
			rest := size - 1
			for _, s := range ps {
				rest -= s
			}
			ps = append(ps, rest)
		}
		slices.SortFunc(ps, func(a, b int) int { return b - a })
		t.cuts = append(t.cuts, CutPoint{Node: v, Pieces: ps, BreaksOff: size - 1 - ps[0]})
	}
}
