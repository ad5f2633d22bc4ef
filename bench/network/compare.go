package main

import (
	"context"
	"math"
	"os"
	"time"

	"github.com/kindredhq/kindred/internal/network"
)

// row is everything measured on one graph.
type row struct {
	name          string
	members, ties int
	centralRef    string
	// quality: medians over seeds
	qOurs, qIgraph     float64
	nmiOurs, nmiIgraph float64 // NaN without ground truth
	qSingle, nmiSingle float64 // ours, one Leiden run per seed (no restarts)
	restarts           int
	qNx, nmiNx         float64 // networkx Louvain
	ariOurs, ariIgraph float64 // mean adjusted Rand index between seeds
	tCommNx            float64
	tPathsNx           float64 // NaN when networkx was not run
	// correctness: largest absolute differences
	dDegree, dBetween, dClose, dQGiven float64
	// seconds
	tCommOurs, tCommIgraph float64
	tPathsOurs             float64 // exact betweenness + closeness
	tPathsIgraph           float64
	tAllOurs               float64 // Analyze: every metric
	ours, igraph           map[string]float64
}

func benchGraph(ctx context.Context, c config, script, name string) (row, error) {
	d, err := loadDataset(c.data, name)
	if err != nil {
		return row{}, err
	}
	r := row{name: name, members: d.g.Len(), ties: d.g.Ties(), nmiOurs: math.NaN(), nmiIgraph: math.NaN(),
		nmiSingle: math.NaN(), nmiNx: math.NaN(), restarts: network.DefaultRestarts(d.g.Len())}
	var labels [][]int
	var qs, nmis, times, qs1, nmis1 []float64
	for seed := uint64(1); seed <= uint64(c.seeds); seed++ {
		start := time.Now()
		l := network.BestCommunities(d.g, 1, seed, r.restarts)
		times = append(times, seconds(time.Since(start)))
		labels = append(labels, l)
		qs = append(qs, network.Modularity(d.g, l, 1))
		single := network.Communities(d.g, 1, seed)
		qs1 = append(qs1, network.Modularity(d.g, single, 1))
		if d.truth != nil {
			nmis = append(nmis, nmi(d.truth, l))
			nmis1 = append(nmis1, nmi(d.truth, single))
		}
	}
	r.qOurs, r.tCommOurs, r.qSingle = median(qs), median(times), median(qs1)
	r.ariOurs = meanARI(labels)
	if d.truth != nil {
		r.nmiOurs, r.nmiSingle = median(nmis), median(nmis1)
	}
	start := time.Now()
	ps := network.ShortestPaths(d.g, 0, 0, 1)
	r.tPathsOurs = seconds(time.Since(start))
	r.ours = oursPerMetric(d.g)
	start = time.Now()
	if _, err := network.Analyze(d.g, network.Options{Seed: 1}); err != nil {
		return r, err
	}
	r.tAllOurs = seconds(time.Since(start))

	parts, err := writePartitions(d, labels[0])
	if err != nil {
		return r, err
	}
	defer os.Remove(parts)
	ref, err := runReference(ctx, c, script, d, parts)
	if err != nil {
		return r, err
	}
	r.compare(d, ps, labels[0], ref)
	return r, nil
}

// compare fills the correctness and igraph columns from the reference.
func (r *row) compare(d dataset, ps network.PathStats, ours []int, ref *reference) {
	g := d.g
	r.centralRef = ref.CentralRef
	n := float64(g.Len())
	for i := range g.Len() {
		id := g.ID(i)
		r.dDegree = math.Max(r.dDegree, math.Abs(float64(g.Degree(i))/(n-1)-ref.Degree[id]))
		r.dBetween = math.Max(r.dBetween, math.Abs(ps.Betweenness[i]-ref.Betweenness[id]))
		r.dClose = math.Max(r.dClose, math.Abs(ps.Closeness[i]-ref.Closeness[id]))
	}
	r.dQGiven = math.Abs(network.Modularity(g, ours, 1) - ref.NxQ["ours"])
	if d.truth != nil {
		r.dQGiven = math.Max(r.dQGiven, math.Abs(network.Modularity(g, singletonsFor(d.truth), 1)-ref.NxQ["truth"]))
	}
	var ari [][]int
	r.qIgraph, r.nmiIgraph, r.tCommIgraph, ari = summarizeRuns(d, ref.Multilevel)
	r.ariIgraph = meanARI(ari)
	r.qNx, r.nmiNx, r.tCommNx, _ = summarizeRuns(d, ref.NxLouvain)
	r.tPathsIgraph = ref.Times["betweenness"] + ref.Times["closeness"]
	r.tPathsNx = math.NaN()
	if bt, ok := ref.NxTimes["betweenness"]; ok {
		r.tPathsNx = bt + ref.NxTimes["closeness"]
	}
	r.igraph = ref.Times
	r.igraph["communities"] = r.tCommIgraph
}

// summarizeRuns returns the median modularity, NMI (NaN without ground truth)
// and seconds of reference runs, and their memberships.
func summarizeRuns(d dataset, runs []refRun) (q, nmiMedian, secs float64, members [][]int) {
	var qs, nmis, times []float64
	for _, run := range runs {
		qs = append(qs, run.Modularity)
		times = append(times, run.Seconds)
		m := make([]int, d.g.Len())
		for i := range m {
			m[i] = run.Membership[d.g.ID(i)]
		}
		members = append(members, m)
		if d.truth != nil {
			nmis = append(nmis, nmi(d.truth, m))
		}
	}
	nmiMedian = math.NaN()
	if d.truth != nil {
		nmiMedian = median(nmis)
	}
	return median(qs), nmiMedian, median(times), members
}

// meanARI is the mean adjusted Rand index over all pairs of partitions: how
// much the result depends on the seed (1: not at all).
func meanARI(parts [][]int) float64 {
	sum, n := 0.0, 0
	for i := range parts {
		for j := i + 1; j < len(parts); j++ {
			sum += ari(parts[i], parts[j])
			n++
		}
	}
	if n == 0 {
		return 1
	}
	return sum / float64(n)
}

func ari(a, b []int) float64 {
	pairs := func(c float64) float64 { return c * (c - 1) / 2 }
	joint := map[[2]int]float64{}
	ca, cb := map[int]float64{}, map[int]float64{}
	for i := range a {
		joint[[2]int{a[i], b[i]}]++
		ca[a[i]]++
		cb[b[i]]++
	}
	index, sa, sb := 0.0, 0.0, 0.0
	for _, c := range joint {
		index += pairs(c)
	}
	for _, c := range ca {
		sa += pairs(c)
	}
	for _, c := range cb {
		sb += pairs(c)
	}
	expected := sa * sb / pairs(float64(len(a)))
	maxIndex := (sa + sb) / 2
	if maxIndex == expected {
		return 1
	}
	return (index - expected) / (maxIndex - expected)
}

// singletonsFor gives members without a ground-truth label their own label.
func singletonsFor(truth []int) []int {
	out := make([]int, len(truth))
	next := 0
	for _, t := range truth {
		next = max(next, t+1)
	}
	for i, t := range truth {
		out[i] = t
		if t < 0 {
			out[i] = next
			next++
		}
	}
	return out
}

// oursPerMetric times each of our metrics once, for the ca-grqc comparison.
func oursPerMetric(g *network.Graph) map[string]float64 {
	t := map[string]float64{}
	timeIt := func(name string, fn func()) {
		start := time.Now()
		fn()
		t[name] = seconds(time.Since(start))
	}
	timeIt("betweenness", func() { network.ShortestPaths(g, 0, 0, 1) })
	t["closeness"] = 0 // computed in the same pass as betweenness
	timeIt("components", func() { network.Components(g) })
	timeIt("coreness", func() { network.CoreNumbers(g) })
	timeIt("constraint", func() { network.Constraint(g) })
	timeIt("articulation", func() { network.Fragility(g) })
	timeIt("communities", func() { network.BestCommunities(g, 1, 1, network.DefaultRestarts(g.Len())) })
	return t
}

// nmi is the normalized mutual information (arithmetic mean of entropies, as
// scikit-learn's default and igraph's "nmi") over members with a truth label.
func nmi(truth, pred []int) float64 {
	joint := map[[2]int]float64{}
	pt, pp := map[int]float64{}, map[int]float64{}
	total := 0.0
	for i, t := range truth {
		if t < 0 {
			continue
		}
		joint[[2]int{t, pred[i]}]++
		pt[t]++
		pp[pred[i]]++
		total++
	}
	entropy := func(m map[int]float64) float64 {
		h := 0.0
		for _, c := range m {
			h -= c / total * math.Log(c/total)
		}
		return h
	}
	mi := 0.0
	for k, c := range joint {
		mi += c / total * math.Log(c*total/(pt[k[0]]*pp[k[1]]))
	}
	ht, hp := entropy(pt), entropy(pp)
	if ht+hp == 0 {
		return 1
	}
	return 2 * mi / (ht + hp)
}
