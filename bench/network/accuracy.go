package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/kindredhq/kindred/internal/network"
)

// printAccuracy compares sampled with exact betweenness on the generated
// ledger. Exact betweenness takes minutes there, so it runs only when asked.
// The error of a sampled member's betweenness depends on the pivots, not on
// the network's size (Brandes & Pich 2007), so what holds here for k pivots
// holds for the xlarge network of the same shape.
func printAccuracy(w io.Writer, g *network.Graph) {
	start := time.Now()
	exact := network.ShortestPaths(g, 0, 0, 1).Betweenness
	fmt.Fprintf(w, "\n## Sampled betweenness against exact (%.0f s) on the generated ledger\n\n", time.Since(start).Seconds())
	fmt.Fprintln(w, "| pivots | seed | exact top 10 in sampled top 10 | top 20 in top 20 | top 50 in top 50 | rank correlation, exact top 1,000 | largest relative error, exact top 10 | centralization sampled / exact |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|")
	order := byValue(exact)
	for _, k := range []int{100, 150, 200, 250, network.DefaultPivots} {
		for _, seed := range []uint64{1, 2, 3} {
			s := network.ShortestPaths(g, 1, k, seed).Betweenness
			sorder := byValue(s)
			worst := 0.0
			for _, i := range order[:10] {
				worst = math.Max(worst, math.Abs(s[i]-exact[i])/exact[i])
			}
			fmt.Fprintf(w, "| %d | %d | %d | %d | %d | %.3f | %.1f%% | %.4f / %.4f |\n", k, seed,
				overlap(order, sorder, 10), overlap(order, sorder, 20), overlap(order, sorder, 50),
				rankCorrelation(order[:1000], exact, s), 100*worst,
				network.BetweennessCentralization(s), network.BetweennessCentralization(exact))
		}
	}
}

// overlap counts the members among the first k of a that are among the
// first k of b.
func overlap(a, b []int, k int) int {
	top := map[int]bool{}
	for _, i := range a[:k] {
		top[i] = true
	}
	n := 0
	for _, i := range b[:k] {
		if top[i] {
			n++
		}
	}
	return n
}

// rankCorrelation is Spearman's correlation between the ranks of members
// by x and by y (average ranks for equal values are not needed: sampled
// values of these members are distinct).
func rankCorrelation(members []int, x, y []float64) float64 {
	rank := func(v []float64) []float64 {
		vals := make([]float64, len(members))
		for k, i := range members {
			vals[k] = v[i]
		}
		r := make([]float64, len(members))
		for k, pos := range byValue(vals) {
			r[pos] = float64(k)
		}
		return r
	}
	rx, ry := rank(x), rank(y)
	n := float64(len(members))
	d2 := 0.0
	for k := range rx {
		d2 += (rx[k] - ry[k]) * (rx[k] - ry[k])
	}
	return 1 - 6*d2/(n*(n*n-1))
}

// byValue returns member indexes by decreasing value.
func byValue(v []float64) []int {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case v[a] > v[b]:
			return -1
		case v[a] < v[b]:
			return 1
		}
		return 0
	})
	return idx
}
