package network

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// chunks is the fixed number of source groups shortest-path work is split
// into. It does not depend on the number of cores, so the floating-point sums —
// and therefore the results — are the same on every machine.
const chunks = 8

// PathStats holds the shortest-path measures of every member, indexed like the
// Graph. Paths count steps; tie weights are ignored.
type PathStats struct {
	// Betweenness is normalized like networkx: the share of shortest paths
	// between other pairs that pass through the member, in [0, 1].
	Betweenness []float64
	// Closeness is networkx's closeness with the Wasserman–Faust correction
	// for disconnected graphs. Nil when Sampled.
	Closeness []float64
	// AvgPathLength is the mean distance over connected pairs (0 when Sampled
	// or when no pair is connected).
	AvgPathLength float64
	// Sampled is true when betweenness was estimated from Pivots sources.
	Sampled bool
	Pivots  int
}

// ShortestPaths computes betweenness (Brandes 2001) and closeness. When the
// graph has more than exactLimit members, betweenness is estimated from
// `pivots` source members drawn uniformly with the seed and scaled by
// n/pivots (Brandes & Pich 2007): unbiased, with error shrinking as
// 1/sqrt(pivots); closeness and average path length are then not computed.
// exactLimit <= 0 means always exact.
func ShortestPaths(g *Graph, exactLimit, pivots int, seed uint64) PathStats {
	n := g.Len()
	ps := PathStats{Betweenness: make([]float64, n)}
	sources := make([]int32, n)
	for i := range sources {
		sources[i] = int32(i)
	}
	if exactLimit > 0 && n > exactLimit && pivots > 0 && pivots < n {
		r := rand.New(rand.NewPCG(seed, 0x6b696e64))
		r.Shuffle(n, func(i, j int) { sources[i], sources[j] = sources[j], sources[i] })
		sources = sources[:pivots]
		ps.Sampled, ps.Pivots = true, pivots
	} else {
		ps.Closeness = make([]float64, n)
	}
	acc, distSum, pairs := runBrandes(g, sources, ps.Closeness)
	scale := 0.0
	if n > 2 {
		scale = 1 / float64((n-1)*(n-2))
	}
	if ps.Sampled {
		scale *= float64(n) / float64(len(sources))
	}
	for i := range ps.Betweenness {
		ps.Betweenness[i] = acc[i] * scale
	}
	if !ps.Sampled && pairs > 0 {
		ps.AvgPathLength = distSum / pairs
	}
	return ps
}

// eachChunk runs work for each of the chunks on up to GOMAXPROCS goroutines;
// newWorker is called once per goroutine, for the state its chunks share.
func eachChunk(newWorker func() func(c int)) {
	next := make(chan int, chunks)
	for c := range chunks {
		next <- c
	}
	close(next)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), chunks) {
		wg.Go(func() {
			work := newWorker()
			for c := range next {
				work(c)
			}
		})
	}
	wg.Wait()
}

// runBrandes accumulates dependencies from each source, split over chunks
// run on up to GOMAXPROCS goroutines. closeness, when non-nil, is filled too.
func runBrandes(g *Graph, sources []int32, closeness []float64) (acc []float64, distSum, pairs float64) {
	n := g.Len()
	pg := relabelByDegree(g)
	parts := make([][]float64, chunks)
	dsum := make([]float64, chunks)
	dpairs := make([]float64, chunks)
	eachChunk(func() func(c int) {
		st := newBFSState(n)
		return func(c int) {
			parts[c] = make([]float64, n)
			for k := c; k < len(sources); k += chunks {
				s := sources[k]
				d, p := st.brandes(pg, pg.node[s], parts[c])
				if closeness != nil {
					closeness[s] = closenessOf(d, p, n)
				}
				dsum[c] += d
				dpairs[c] += p
			}
		}
	})
	acc = make([]float64, n)
	for c := range chunks {
		for i, v := range pg.node {
			acc[i] += parts[c][v]
		}
		distSum += dsum[c]
		pairs += dpairs[c]
	}
	return acc, distSum, pairs
}

// pathGraph is a Graph's adjacency with the members renumbered by
// decreasing degree. Most shortest paths run through the few members with
// many ties; numbered first, their search state shares a few cache lines
// instead of being spread over the whole array. With pathNode's fused state
// this took sampled betweenness on the 30,000-member benchmark ledger from
// about 4.0 to 2.9 s of CPU (BenchmarkSampledBetweenness30k, loaded
// machine).
type pathGraph struct {
	off  []int
	nbr  []int32
	node []int32 // node[i] is the number of the Graph's member i
}

func relabelByDegree(g *Graph) pathGraph {
	n := g.Len()
	member := make([]int32, n) // member[v] is the Graph index of node v
	for i := range member {
		member[i] = int32(i)
	}
	slices.SortStableFunc(member, func(a, b int32) int { return g.Degree(int(b)) - g.Degree(int(a)) })
	pg := pathGraph{off: make([]int, n+1), nbr: make([]int32, len(g.nbr)), node: make([]int32, n)}
	for v, i := range member {
		pg.node[i] = int32(v)
	}
	for v, i := range member {
		nb := g.nbr[g.off[i]:g.off[i+1]]
		pg.off[v+1] = pg.off[v] + len(nb)
		out := pg.nbr[pg.off[v]:pg.off[v+1]]
		for k, u := range nb {
			out[k] = pg.node[u]
		}
		slices.Sort(out)
	}
	return pg
}

// pathNode is one member's state in a search from one source: the distance
// (-1 when not reached) and, side by side so one cache line serves both,
// the number of shortest paths (sigma) on the way out, replaced on the way
// back by (1 + dependency) / sigma, which is all its predecessors need.
type pathNode struct {
	dist int32
	x    float64
}

type bfsState struct {
	nodes []pathNode
	order []int32
}

func newBFSState(n int) *bfsState {
	st := &bfsState{nodes: make([]pathNode, n), order: make([]int32, 0, n)}
	for i := range st.nodes {
		st.nodes[i].dist = -1
	}
	return st
}

// brandes runs one source of Brandes' algorithm, adds the dependencies to acc
// (indexed by node) and returns the sum of distances and the number of
// reached members.
func (st *bfsState) brandes(pg pathGraph, s int32, acc []float64) (distSum, reached float64) {
	st.bfs(pg, s)
	// Locals let the compiler keep the slices in registers in the hot loop.
	nodes, order, off, nbr := st.nodes, st.order, pg.off, pg.nbr
	// Pull form of the dependency sum: delta[v] = sigma[v] · Σ coef[w] over
	// successors w, with coef[w] = (1 + delta[w]) / sigma[w] computed once.
	for k := len(order) - 1; k >= 0; k-- {
		v := order[k]
		next := nodes[v].dist + 1
		sum := 0.0
		for _, w := range nbr[off[v]:off[v+1]] {
			if nw := &nodes[w]; nw.dist == next {
				sum += nw.x
			}
		}
		sigma := nodes[v].x
		delta := sigma * sum
		nodes[v].x = (1 + delta) / sigma
		if v != s {
			acc[v] += delta
		}
		distSum += float64(next - 1)
	}
	reached = float64(len(order) - 1)
	for _, v := range order {
		nodes[v] = pathNode{dist: -1}
	}
	return distSum, reached
}

func closenessOf(distSum, reached float64, n int) float64 {
	if distSum <= 0 || n <= 1 {
		return 0
	}
	return reached / distSum * reached / float64(n-1)
}

func (st *bfsState) bfs(pg pathGraph, s int32) {
	nodes, off, nbr := st.nodes, pg.off, pg.nbr
	nodes[s] = pathNode{dist: 0, x: 1}
	order := append(st.order[:0], s)
	for head := 0; head < len(order); head++ {
		v := order[head]
		next, sv := nodes[v].dist+1, nodes[v].x
		for _, w := range nbr[off[v]:off[v+1]] {
			switch nw := &nodes[w]; {
			case nw.dist < 0:
				nw.dist, nw.x = next, sv
				order = append(order, w)
			case nw.dist == next:
				nw.x += sv
			}
		}
	}
	st.order = order
}

// TwoStepReach returns, for every member, how many other members are at most
// two steps away (Kumu's "reach").
func TwoStepReach(g *Graph) []int {
	n := g.Len()
	reach := make([]int, n)
	stamp := make([]int32, n)
	for i := range stamp {
		stamp[i] = -1
	}
	for v := range n {
		stamp[v] = int32(v)
		count := 0
		for _, u := range g.nbr[g.off[v]:g.off[v+1]] {
			if stamp[u] != int32(v) {
				stamp[u] = int32(v)
				count++
			}
			for _, w := range g.nbr[g.off[u]:g.off[u+1]] {
				if stamp[w] != int32(v) {
					stamp[w] = int32(v)
					count++
				}
			}
		}
		reach[v] = count
	}
	return reach
}
