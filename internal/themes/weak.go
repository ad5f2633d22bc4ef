package themes

import (
	"math"
	"slices"
	"sort"
)

// Weak signals are small groups of stories much closer to each other than to
// their theme. Two stories are linked when their similarity s is at least
// minWeakSim and closes a share of the gap between their similarity m to
// their theme centres (the larger of the two) and 1: s − m ≥ gap·(1 − m).
// When the corpus was smoothed, the pairs examined are every story's
// nearest neighbours (found before smoothing) with gap knnGap; otherwise
// they are the pairs among the stories least similar to their theme (the
// bottom outlierShare, at most maxCandidates) with the smaller candGap.
// Connected groups of 3 to max(5, 2% of stories) become weak signals. The
// stories in the bottom outlierShare that are in no weak signal are
// outliers.
const (
	outlierShare  = 0.10
	maxCandidates = 2000
	knnGap        = 0.6
	candGap       = 0.1
	minWeakSim    = 0.3
)

func (p *prepared) weakSignals(res *Result, ts termStats, opt Options) ([]WeakSignal, []int) {
	cand := p.candidates(res)
	var groups [][]int
	if p.knn != nil {
		groups = p.linkNeighbours(res)
	} else if len(cand) >= 3 {
		groups = p.linkCandidates(cand, res)
	}
	maxSize := max(5, len(p.rows)/50)
	var signals []WeakSignal
	inSignal := map[int]bool{}
	for _, g := range groups {
		if len(g) < 3 || len(g) > maxSize {
			continue
		}
		ranked := ts.distinctive(g)
		kws := keywords(ranked, p.analysis.Surface, p.lang, opt.Keywords)
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
// returns groups of story indexes.
func (p *prepared) linkCandidates(cand []int, res *Result) [][]int {
	row := make(map[int]int, len(p.rows))
	for i, r := range p.rows {
		row[r] = i
	}
	u := newUnionFind(len(cand))
	for i := range cand {
		for j := i + 1; j < len(cand); j++ {
			s := dot(p.x.row(row[cand[i]]), p.x.row(row[cand[j]]))
			if linked(s, res.Similarity[cand[i]], res.Similarity[cand[j]], candGap) {
				u.union(i, j)
			}
		}
	}
	return u.groups(cand)
}

// linkNeighbours links each story to those of its nearest neighbours that
// pass the link rule, and returns the groups as linkCandidates does.
func (p *prepared) linkNeighbours(res *Result) [][]int {
	u := newUnionFind(len(p.rows))
	for i, nb := range p.knn {
		for _, n := range nb {
			if linked(n.sim, res.Similarity[p.rows[i]], res.Similarity[p.rows[n.row]], knnGap) {
				u.union(i, n.row)
			}
		}
	}
	return u.groups(p.rows)
}

func linked(sim, simA, simB, gap float64) bool {
	m := math.Max(simA, simB)
	return sim >= minWeakSim && sim-m >= gap*(1-m)
}

// unionFind groups element indexes into connected components.
type unionFind []int

func newUnionFind(n int) unionFind {
	u := make(unionFind, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u unionFind) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u unionFind) union(a, b int) { u[u.find(a)] = u.find(b) }

// groups maps the components to labels[i] values, each group sorted, the
// largest group first (ties by first element).
func (u unionFind) groups(labels []int) [][]int {
	byRoot := map[int][]int{}
	for i, c := range labels {
		byRoot[u.find(i)] = append(byRoot[u.find(i)], c)
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
