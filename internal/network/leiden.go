package network

import (
	"math/rand/v2"
)

// Communities finds communities with the Leiden algorithm (Traag, Waltman &
// van Eck 2019) maximising modularity with the given resolution (1 is
// standard modularity; higher finds smaller communities). Each iteration does
// fast local moving, then a refinement that merges members only into
// well-connected sub-communities they are tied to, then aggregation by the
// refined partition; iterations repeat until the partition stops improving
// (at most maxIterations). Refinement is greedy (Leiden with θ → 0), so the
// seed only orders the visits. Every community is connected: refinement only
// merges tied sub-communities, and as a final guarantee any community found
// disconnected is split into its connected parts (which only raises
// modularity).
//
// It returns one community label per member, numbered by decreasing size
// (ties by lowest member), and is deterministic for a seed. Members without
// ties form singleton communities. A resolution <= 0 is treated as 1.
func Communities(g *Graph, resolution float64, seed uint64) []int {
	if resolution <= 0 {
		resolution = 1
	}
	const maxIterations = 10
	base := fromGraph(g)
	rng := rand.New(rand.NewPCG(seed, 0x6c656964656e))
	comm := make([]int32, g.Len())
	for i := range comm {
		comm[i] = int32(i)
	}
	best := Modularity(g, toInts(comm), resolution)
	for range maxIterations {
		next := leidenIteration(base, comm, resolution, rng)
		q := Modularity(g, toInts(next), resolution)
		if q <= best+1e-12 {
			break
		}
		comm, best = next, q
	}
	return splitDisconnected(g, toInts(comm))
}

// DefaultRestarts is the number of Leiden runs Analyze keeps the best of:
// three for networks up to DefaultExactLimit members (a few milliseconds
// each), one above. Restarts raise modularity and make the result depend
// less on the seed.
func DefaultRestarts(members int) int {
	if members <= DefaultExactLimit {
		return 3
	}
	return 1
}

// BestCommunities runs Communities `restarts` times with seeds derived from
// seed and returns the partition with the highest modularity (the first on
// ties). It is deterministic for a seed; restarts < 1 means 1.
func BestCommunities(g *Graph, resolution float64, seed uint64, restarts int) []int {
	if resolution <= 0 {
		resolution = 1
	}
	seeds := rand.New(rand.NewPCG(seed, 0x72657374617274))
	var best []int
	bestQ := 0.0
	for r := range max(restarts, 1) {
		s := seed
		if r > 0 {
			s = seeds.Uint64()
		}
		label := Communities(g, resolution, s)
		if q := Modularity(g, label, resolution); best == nil || q > bestQ+1e-12 {
			best, bestQ = label, q
		}
	}
	return best
}

// leidenIteration runs one Leiden iteration from the initial partition and
// returns the new partition of the base graph's nodes.
func leidenIteration(base *wgraph, initial []int32, gamma float64, rng *rand.Rand) []int32 {
	g := base
	comm := compact(append([]int32(nil), initial...))
	nodeOf := make([]int32, base.n) // base node -> node of the current level
	for i := range nodeOf {
		nodeOf[i] = int32(i)
	}
	for {
		moveNodes(g, comm, gamma, rng)
		comm = compact(comm)
		if countLabels(comm) == g.n {
			break
		}
		ref := compact(refine(g, comm, gamma, rng))
		nRef := countLabels(ref)
		if nRef == g.n {
			break
		}
		agg := aggregate(g, ref, nRef)
		aggComm := make([]int32, nRef)
		for v := range g.n {
			aggComm[ref[v]] = comm[v]
		}
		for i, v := range nodeOf {
			nodeOf[i] = ref[v]
		}
		g, comm = agg, aggComm
	}
	out := make([]int32, base.n)
	for i, v := range nodeOf {
		out[i] = comm[v]
	}
	return out
}

// moveNodes is Leiden's fast local moving: visit nodes from a queue in random
// order, move each to the neighboring community with the best modularity
// gain, and requeue the neighbors of moved nodes that are not in the new
// community.
func moveNodes(g *wgraph, comm []int32, gamma float64, rng *rand.Rand) {
	K := make([]float64, g.n)
	count := make([]int, g.n)
	for v := range g.n {
		K[comm[v]] += g.deg[v]
		count[comm[v]]++
	}
	var empty []int32
	for c := range g.n {
		if count[c] == 0 {
			empty = append(empty, int32(c))
		}
	}
	q := newRingQueue(rng.Perm(g.n))
	sc := newScratch(g.n)
	scale := gamma / g.total
	for q.len() > 0 {
		v := q.pop()
		cv := comm[v]
		K[cv] -= g.deg[v]
		count[cv]--
		sc.gather(g, v, comm)
		best, bestGain := cv, sc.w[cv]-g.deg[v]*K[cv]*scale
		for _, c := range sc.touched {
			if gain := sc.w[c] - g.deg[v]*K[c]*scale; gain > bestGain+1e-12 {
				best, bestGain = c, gain
			}
		}
		if bestGain < -1e-12 && count[cv] > 0 && len(empty) > 0 {
			best = empty[len(empty)-1]
			empty = empty[:len(empty)-1]
		}
		K[best] += g.deg[v]
		count[best]++
		if count[cv] == 0 && best != cv {
			empty = append(empty, cv)
		}
		comm[v] = best
		sc.reset()
		if best != cv {
			for _, u := range g.nbr[g.off[v]:g.off[v+1]] {
				if comm[u] != best {
					q.push(int(u))
				}
			}
		}
	}
}

// refine splits each community into well-connected sub-communities: starting
// from singletons, each well-connected singleton joins the well-connected
// sub-community of its own community to which it has the best non-negative
// modularity gain. A node only joins a sub-community it is tied to, so every
// sub-community is connected.
func refine(g *wgraph, comm []int32, gamma float64, rng *rand.Rand) []int32 {
	scale := gamma / g.total
	Kc := make([]float64, g.n) // total degree per community
	for v := range g.n {
		Kc[comm[v]] += g.deg[v]
	}
	ref := make([]int32, g.n)
	Kr := make([]float64, g.n)   // total degree per sub-community
	ext := make([]float64, g.n)  // weight from a sub-community to the rest of its community
	size := make([]int, g.n)     // nodes per sub-community
	extV := make([]float64, g.n) // weight from a node to the rest of its community
	for v := range g.n {
		ref[v], Kr[v], size[v] = int32(v), g.deg[v], 1
		for k, u := range g.nbr[g.off[v]:g.off[v+1]] {
			if comm[u] == comm[v] {
				extV[v] += g.wt[g.off[v]+k]
			}
		}
		ext[v] = extV[v]
	}
	sc := newScratch(g.n)
	for _, v := range rng.Perm(g.n) {
		c := comm[v]
		if size[ref[v]] != 1 || extV[v] < g.deg[v]*(Kc[c]-g.deg[v])*scale {
			continue
		}
		sc.gatherWithin(g, v, comm, ref)
		best, bestGain := int32(-1), 0.0
		for _, s := range sc.touched {
			wellConnected := ext[s] >= Kr[s]*(Kc[c]-Kr[s])*scale
			if gain := sc.w[s] - g.deg[v]*Kr[s]*scale; s != ref[v] && wellConnected && gain >= bestGain {
				best, bestGain = s, gain
			}
		}
		if best >= 0 {
			old := ref[v]
			Kr[best] += g.deg[v]
			ext[best] += extV[v] - 2*sc.w[best]
			size[best]++
			Kr[old], size[old] = 0, 0
			ref[v] = best
		}
		sc.reset()
	}
	return ref
}

// scratch accumulates the weight from one node to each neighboring label.
type scratch struct {
	w       []float64
	touched []int32
	seen    []bool
}

func newScratch(n int) *scratch {
	return &scratch{w: make([]float64, n), seen: make([]bool, n)}
}

func (s *scratch) add(label int32, w float64) {
	if !s.seen[label] {
		s.seen[label] = true
		s.touched = append(s.touched, label)
	}
	s.w[label] += w
}

func (s *scratch) gather(g *wgraph, v int, label []int32) {
	for k, u := range g.nbr[g.off[v]:g.off[v+1]] {
		s.add(label[u], g.wt[g.off[v]+k])
	}
}

// gatherWithin gathers weights to the sub-communities (ref) of v's neighbors
// in v's own community.
func (s *scratch) gatherWithin(g *wgraph, v int, comm, ref []int32) {
	for k, u := range g.nbr[g.off[v]:g.off[v+1]] {
		if comm[u] == comm[v] {
			s.add(ref[u], g.wt[g.off[v]+k])
		}
	}
}

func (s *scratch) reset() {
	for _, c := range s.touched {
		s.w[c], s.seen[c] = 0, false
	}
	s.touched = s.touched[:0]
}

// ringQueue is a FIFO of node indexes holding each node at most once.
type ringQueue struct {
	buf        []int
	in         []bool
	head, size int
}

func newRingQueue(initial []int) *ringQueue {
	q := &ringQueue{buf: make([]int, len(initial)), in: make([]bool, len(initial))}
	for _, v := range initial {
		q.push(v)
	}
	return q
}

func (q *ringQueue) len() int { return q.size }

func (q *ringQueue) push(v int) {
	if q.in[v] {
		return
	}
	q.in[v] = true
	q.buf[(q.head+q.size)%len(q.buf)] = v
	q.size++
}

func (q *ringQueue) pop() int {
	v := q.buf[q.head]
	q.head = (q.head + 1) % len(q.buf)
	q.size--
	q.in[v] = false
	return v
}

// compact renumbers labels to 0..k-1 in order of first appearance.
func compact(label []int32) []int32 {
	id := make(map[int32]int32)
	for i, c := range label {
		nc, ok := id[c]
		if !ok {
			nc = int32(len(id))
			id[c] = nc
		}
		label[i] = nc
	}
	return label
}

func countLabels(label []int32) int {
	k := int32(-1)
	for _, c := range label {
		k = max(k, c)
	}
	return int(k + 1)
}

func toInts(label []int32) []int {
	out := make([]int, len(label))
	for i, c := range label {
		out[i] = int(c)
	}
	return out
}
