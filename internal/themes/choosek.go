package themes

import (
	"math/rand/v2"
)

// chooseK picks the number of themes at the knee of the k-means objective
// (Satopää et al. 2011, "Kneedle"): spherical k-means runs for every k in
// 2…MaxK (at most a third of the stories; best of two runs) on a sample of up to 2,500
// stories; the total similarity of stories to their centres rises with k,
// steeply while k splits real themes and slowly once it splits themes
// apart; the chosen k is the one farthest above the straight line from the
// first to the last point of that curve. Mean silhouette, the criterion
// Polis uses, kept rising with k on text (BBC: 0.08 at k=2, 0.16 at k=12),
// while the knee finds k=5 on BBC news (5 labels) and k=5 on SIB-200
// English (7 labels). Corpora of fewer than 6 stories get one theme. It
// returns k and the silhouette of that clustering on the sample.
func chooseK(x *dense, opt Options, rng *rand.Rand) (int, float64) {
	if x.rows < 6 {
		return 1, 0
	}
	sample := sampleRows(x, 2500, rng)
	maxK := max(2, min(opt.MaxK, sample.rows/3))
	var runs []clustering
	for k := 2; k <= maxK; k++ {
		runs = append(runs, sphericalKMeans(sample, k, 2, rng))
	}
	best := knee(runs)
	m := min(sample.rows, 1000)
	return runs[best].k, silhouette(pairwise(sample, m), runs[best].assign[:m], runs[best].k)
}

// knee returns the index of the run farthest above the chord joining the
// first and last runs' scores; the first run when the curve never rises
// above its chord.
func knee(runs []clustering) int {
	last := len(runs) - 1
	if last < 2 {
		return 0
	}
	first, end := runs[0].score, runs[last].score
	best, bestGap := 0, 0.0
	for i, r := range runs {
		chord := first + (end-first)*float64(i)/float64(last)
		if gap := r.score - chord; gap > bestGap+1e-9 {
			best, bestGap = i, gap
		}
	}
	return best
}

// sampledSilhouette measures the silhouette of a given clustering on up to
// 1,000 rows.
func sampledSilhouette(x *dense, assign []int, k int, rng *rand.Rand) float64 {
	idx := rng.Perm(x.rows)[:min(x.rows, 1000)]
	sub := newDense(len(idx), x.cols)
	a := make([]int, len(idx))
	for i, r := range idx {
		copy(sub.row(i), x.row(r))
		a[i] = assign[r]
	}
	return silhouette(pairwise(sub, sub.rows), a, k)
}

// sampleRows returns up to n rows of x picked at random (all rows, in a
// random order, when x is small).
func sampleRows(x *dense, n int, rng *rand.Rand) *dense {
	idx := rng.Perm(x.rows)[:min(x.rows, n)]
	out := newDense(len(idx), x.cols)
	for i, r := range idx {
		copy(out.row(i), x.row(r))
	}
	return out
}

// pairwise returns the m×m cosine similarities of the first m rows.
func pairwise(x *dense, m int) []float64 {
	s := make([]float64, m*m)
	parallelRange(m, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			for j := range m {
				s[i*m+j] = dot(x.row(i), x.row(j))
			}
		}
	})
	return s
}

// silhouette returns the mean silhouette with cosine distance 1−sim over the
// m points whose similarities sims holds (m×m). Points alone in their
// cluster score 0, as in scikit-learn.
func silhouette(sims []float64, assign []int, k int) float64 {
	m := len(assign)
	size := make([]int, k)
	for _, a := range assign {
		size[a]++
	}
	total := 0.0
	sum := make([]float64, k)
	for i := range m {
		clear(sum)
		for j := range m {
			sum[assign[j]] += 1 - sims[i*m+j]
		}
		own := assign[i]
		if size[own] < 2 {
			continue
		}
		a := sum[own] / float64(size[own]-1)
		b := -1.0
		for c := range k {
			if c != own && size[c] > 0 {
				if d := sum[c] / float64(size[c]); b < 0 || d < b {
					b = d
				}
			}
		}
		if b >= 0 && max(a, b) > 0 {
			total += (b - a) / max(a, b)
		}
	}
	return total / float64(m)
}
