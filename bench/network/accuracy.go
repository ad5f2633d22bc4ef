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
func printAccuracy(w io.Writer, g *network.Graph) {
	start := time.Now()
	exact := network.ShortestPaths(g, 0, 0, 1).Betweenness
	fmt.Fprintf(w, "\n## Sampled betweenness against exact (%.0f s) on the generated ledger\n\n", time.Since(start).Seconds())
	fmt.Fprintln(w, "| pivots | seed | exact top 20 in sampled top 20 | largest relative error, exact top 10 | centralization sampled / exact |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|")
	order := byValue(exact)
	for _, k := range []int{100, 250, network.DefaultPivots} {
		for _, seed := range []uint64{1, 2} {
			s := network.ShortestPaths(g, 1, k, seed).Betweenness
			top := map[int]bool{}
			for _, i := range order[:20] {
				top[i] = true
			}
			overlap := 0
			for _, i := range byValue(s)[:20] {
				if top[i] {
					overlap++
				}
			}
			worst := 0.0
			for _, i := range order[:10] {
				worst = math.Max(worst, math.Abs(s[i]-exact[i])/exact[i])
			}
			fmt.Fprintf(w, "| %d | %d | %d | %.1f%% | %.4f / %.4f |\n", k, seed, overlap, 100*worst,
				network.BetweennessCentralization(s), network.BetweennessCentralization(exact))
		}
	}
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
