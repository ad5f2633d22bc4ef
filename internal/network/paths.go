package network

import (
	"math/rand/v2"
	"runtime"
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

// runBrandes accumulates dependencies from each source, split over chunks
// run on up to GOMAXPROCS goroutines. closeness, when non-nil, is filled too.
func runBrandes(g *Graph, sources []int32, closeness []float64) (acc []float64, distSum, pairs float64) {
	n := g.Len()
	parts := make([][]float64, chunks)
	dsum := make([]float64, chunks)
	dpairs := make([]float64, chunks)
	work := make(chan int, chunks)
	for c := range chunks {
		work <- c
	}
	close(work)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), chunks) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st := newBFSState(n)
			for c := range work {
				parts[c] = make([]float64, n)
				for k := c; k < len(sources); k += chunks {
					d, p := st.brandes(g, int(sources[k]), parts[c], closeness)
					dsum[c] += d
					dpairs[c] += p
				}
			}
		}()
	}
	wg.Wait()
	acc = make([]float64, n)
	for c := range chunks {
		for i, v := range parts[c] {
			acc[i] += v
		}
		distSum += dsum[c]
		pairs += dpairs[c]
	}
	return acc, distSum, pairs
}

type bfsState struct {
	dist  []int32
	sigma []float64
	delta []float64
	coef  []float64
	order []int32
}

func newBFSState(n int) *bfsState {
	st := &bfsState{
		dist:  make([]int32, n),
		sigma: make([]float64, n),
		delta: make([]float64, n),
		coef:  make([]float64, n),
		order: make([]int32, 0, n),
	}
	for i := range st.dist {
		st.dist[i] = -1
	}
	return st
}

// brandes runs one source of Brandes' algorithm, adds the dependencies to acc
// and returns the sum of distances and the number of reached members.
func (st *bfsState) brandes(g *Graph, s int, acc, closeness []float64) (distSum, reached float64) {
	st.bfs(g, s)
	// Locals let the compiler keep the slices in registers in the hot loop.
	dist, sigma, delta, coef, order := st.dist, st.sigma, st.delta, st.coef, st.order
	off, nbr := g.off, g.nbr
	// Pull form of the dependency sum: delta[v] = sigma[v] · Σ coef[w] over
	// successors w, with coef[w] = (1 + delta[w]) / sigma[w] computed once.
	for k := len(order) - 1; k >= 0; k-- {
		v := order[k]
		next := dist[v] + 1
		sum := 0.0
		for _, w := range nbr[off[v]:off[v+1]] {
			if dist[w] == next {
				sum += coef[w]
			}
		}
		delta[v] = sigma[v] * sum
		coef[v] = (1 + delta[v]) / sigma[v]
		if int(v) != s {
			acc[v] += delta[v]
		}
		distSum += float64(next - 1)
	}
	reached = float64(len(order) - 1)
	if closeness != nil {
		closeness[s] = closenessOf(distSum, reached, g.Len())
	}
	st.reset()
	return distSum, reached
}

func closenessOf(distSum, reached float64, n int) float64 {
	if distSum <= 0 || n <= 1 {
		return 0
	}
	return reached / distSum * reached / float64(n-1)
}

func (st *bfsState) bfs(g *Graph, s int) {
	dist, sigma, off, nbr := st.dist, st.sigma, g.off, g.nbr
	dist[s], sigma[s] = 0, 1
	order := append(st.order[:0], int32(s))
	for head := 0; head < len(order); head++ {
		v := order[head]
		next, sv := dist[v]+1, sigma[v]
		for _, w := range nbr[off[v]:off[v+1]] {
			switch dw := dist[w]; {
			case dw < 0:
				dist[w], sigma[w] = next, sv
				order = append(order, w)
			case dw == next:
				sigma[w] += sv
			}
		}
	}
	st.order = order
}

func (st *bfsState) reset() {
	for _, v := range st.order {
		st.dist[v], st.sigma[v], st.delta[v] = -1, 0, 0
	}
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
