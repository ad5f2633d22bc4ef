package themes

import (
	"math"
	"slices"
	"sort"
)

// Weak signals. Candidates are the stories least similar to their theme
// centre (the bottom outlierShare, at most maxCandidates). Two candidates are
// linked when they are more similar to each other than either is to its own
// theme, by at least weakMargin, and at least minWeakSim. Connected groups of
// 3 to max(5, 2% of stories) candidates become weak signals; the other
// candidates that are also below outlierSim of their centre are outliers.
const (
	outlierShare  = 0.10
	maxCandidates = 2000
	weakMargin    = 0.05
	minWeakSim    = 0.3
)

func (p *prepared) weakSignals(res *Result, ts termStats, opt Options) ([]WeakSignal, []int) {
	cand := p.candidates(res)
	if len(cand) < 3 {
		return nil, cand
	}
	groups := p.linkCandidates(cand, res)
	maxSize := max(5, len(p.rows)/50)
	var signals []WeakSignal
	inSignal := map[int]bool{}
	for _, g := range groups {
		if len(g) < 3 || len(g) > maxSize {
			continue
		}
		ranked := ts.distinctive(g)
		kws := keywords(ranked, p.analysis.Surface, opt.Keywords)
		signals = append(signals, WeakSignal{Label: label(kws), Keywords: kws, Stories: g, Quotes: p.quotes(g, ranked, opt.Quotes)})
		for _, s := range g {
			inSignal[s] = true
		}
	}
	var outliers []int
	for _, c := range cand {
		if !inSignal[c] {
			outliers = append(outliers, c)
		}
	}
	slices.Sort(outliers)
	return signals, outliers
}

// candidates returns the story indexes (into p.stories) least similar to
// their theme centre.
func (p *prepared) candidates(res *Result) []int {
	if len(p.rows) < 20 {
		return nil
	}
	idx := slices.Clone(p.rows)
	sort.SliceStable(idx, func(a, b int) bool { return res.Similarity[idx[a]] < res.Similarity[idx[b]] })
	n := min(maxCandidates, int(math.Ceil(outlierShare*float64(len(idx)))))
	return idx[:n]
}

// linkCandidates groups candidates by union-find over the link rule and
// returns groups of story indexes in ascending order, largest group first.
func (p *prepared) linkCandidates(cand []int, res *Result) [][]int {
	row := make(map[int]int, len(p.rows))
	for i, r := range p.rows {
		row[r] = i
	}
	parent := make([]int, len(cand))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i := range cand {
		for j := i + 1; j < len(cand); j++ {
			s := dot(p.x.row(row[cand[i]]), p.x.row(row[cand[j]]))
			need := max(minWeakSim, math.Max(res.Similarity[cand[i]], res.Similarity[cand[j]])+weakMargin)
			if s >= need {
				parent[find(i)] = find(j)
			}
		}
	}
	byRoot := map[int][]int{}
	for i, c := range cand {
		byRoot[find(i)] = append(byRoot[find(i)], c)
	}
	var groups [][]int
	for _, g := range byRoot {
		slices.Sort(g)
		groups = append(groups, g)
	}
	sort.Slice(groups, func(a, b int) bool {
		if len(groups[a]) != len(groups[b]) {
			return len(groups[a]) > len(groups[b])
		}
		return groups[a][0] < groups[b][0]
	})
	return groups
}
