package themes

import (
	"sort"
)

// secondaryRatio: a story also belongs to its second-closest theme when its
// similarity to that theme is at least this share of its similarity to its
// own theme.
const secondaryRatio = 0.85

// result turns a clustering of p.rows into a Result with themes numbered by
// size, soft membership, labels, quotes and weak signals.
func (p *prepared) result(c clustering, opt Options) *Result {
	n := len(p.stories)
	res := &Result{Lang: p.lang, Langs: p.views.langs, Pivoted: p.views.pivoted, Representation: p.rep, Theme: make([]int, n), Secondary: make([]int, n), Similarity: make([]float64, n)}
	order := sortedBySize(c.assign, c.k)
	id := make([]int, c.k)
	for rank, cl := range order {
		id[cl] = rank + 1
	}
	for i, r := range p.rows {
		first, second, s1, s2 := nearestTwo(p.x.row(i), c.centroids)
		res.Theme[r], res.Similarity[r] = id[first], s1
		if second >= 0 && s2 > 0 && s2 >= secondaryRatio*s1 {
			res.Secondary[r] = id[second]
		}
	}
	ts := newTermStats(p.analysis.Terms, c.k)
	for rank := range order {
		res.Themes = append(res.Themes, p.theme(rank+1, res, ts, opt))
	}
	res.WeakSignals, res.Outliers = p.weakSignals(res, ts, opt)
	return res
}

func nearestTwo(v []float64, cents *dense) (first, second int, s1, s2 float64) {
	first, second, s1, s2 = -1, -1, -2, -2
	for c := range cents.rows {
		s := dot(v, cents.row(c))
		switch {
		case s > s1:
			second, s2 = first, s1
			first, s1 = c, s
		case s > s2:
			second, s2 = c, s
		}
	}
	return first, second, s1, s2
}

func (p *prepared) theme(id int, res *Result, ts termStats, opt Options) Theme {
	var members []int
	for _, r := range p.rows {
		if res.Theme[r] == id {
			members = append(members, r)
		}
	}
	byClosest(members, res.Similarity)
	ranked := ts.distinctive(members)
	kws := keywords(ranked, p.analysis.Surface, p.lang, opt.Keywords)
	return Theme{ID: id, Label: label(kws), Keywords: kws, Size: len(members), Members: members,
		Quotes: p.quotes(members, ranked, opt.Quotes)}
}

// byClosest sorts story indexes by similarity to their centre, highest
// first, ties by index.
func byClosest(idx []int, sim []float64) {
	sort.SliceStable(idx, func(a, b int) bool {
		if sim[idx[a]] != sim[idx[b]] {
			return sim[idx[a]] > sim[idx[b]]
		}
		return idx[a] < idx[b]
	})
}
