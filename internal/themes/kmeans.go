package themes

import (
	"math"
	"math/rand/v2"
)

// clustering is the outcome of one k-means run on unit vectors.
type clustering struct {
	k         int
	assign    []int
	centroids *dense // unit-length centroids
	score     float64
}

// sphericalKMeans clusters unit rows of x into k groups by cosine
// similarity: k-means++ seeding, Lloyd iterations with renormalised
// centroids, the best of restarts runs by total similarity. Everything
// random comes from rng, so a seed fixes the result.
func sphericalKMeans(x *dense, k, restarts int, rng *rand.Rand) clustering {
	var best clustering
	for r := range max(restarts, 1) {
		c := kmeansOnce(x, k, rng)
		if r == 0 || c.score > best.score {
			best = c
		}
	}
	return best
}

// maxFullRows bounds the rows k-means restarts run on: larger corpora are
// clustered on a sample of this size and then refined on every row from the
// sample's centroids, which converges in a few iterations.
const maxFullRows = 10000

// clusterAll is sphericalKMeans with the large-corpus shortcut above.
func clusterAll(x *dense, k, restarts int, rng *rand.Rand) clustering {
	if x.rows <= maxFullRows {
		return sphericalKMeans(x, k, restarts, rng)
	}
	c := sphericalKMeans(sampleRows(x, maxFullRows, rng), k, restarts, rng)
	return lloyd(x, clustering{k: k, assign: make([]int, x.rows), centroids: c.centroids}, rng)
}

func kmeansOnce(x *dense, k int, rng *rand.Rand) clustering {
	return lloyd(x, clustering{k: k, assign: make([]int, x.rows), centroids: seedPlusPlus(x, k, rng)}, rng)
}

// lloyd runs Lloyd iterations from c's centroids until few rows move.
func lloyd(x *dense, c clustering, rng *rand.Rand) clustering {
	for i := range c.assign {
		c.assign[i] = -1
	}
	// Stop when fewer than 0.1% of rows move: the last moves are
	// boundary stories that soft membership reports anyway.
	for iter := 0; iter < 100; iter++ {
		changed := assignNearest(x, c.centroids, c.assign)
		updateCentroids(x, &c, rng)
		if changed <= x.rows/1000 {
			break
		}
	}
	assignNearest(x, c.centroids, c.assign)
	c.score = totalSimilarity(x, c.centroids, c.assign)
	return c
}

// seedPlusPlus picks k starting centroids, each new one with probability
// proportional to its cosine distance from the nearest chosen centroid.
func seedPlusPlus(x *dense, k int, rng *rand.Rand) *dense {
	cents := newDense(k, x.cols)
	dist := make([]float64, x.rows)
	first := rng.IntN(x.rows)
	copy(cents.row(0), x.row(first))
	for i := range dist {
		dist[i] = math.Max(0, 1-dot(x.row(i), cents.row(0)))
	}
	for c := 1; c < k; c++ {
		pick := sampleWeighted(dist, rng)
		copy(cents.row(c), x.row(pick))
		parallelRange(x.rows, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				dist[i] = math.Min(dist[i], math.Max(0, 1-dot(x.row(i), cents.row(c))))
			}
		})
	}
	return cents
}

func sampleWeighted(w []float64, rng *rand.Rand) int {
	total := 0.0
	for _, v := range w {
		total += v
	}
	if total <= 0 {
		return rng.IntN(len(w))
	}
	r := rng.Float64() * total
	for i, v := range w {
		r -= v
		if r < 0 {
			return i
		}
	}
	return len(w) - 1
}

// assignNearest moves each row to its most similar centroid and returns how
// many rows changed.
func assignNearest(x, cents *dense, assign []int) int {
	changedBy := make([]int, x.rows)
	parallelRange(x.rows, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			best, bestSim := 0, math.Inf(-1)
			for c := range cents.rows {
				if s := dot(x.row(i), cents.row(c)); s > bestSim {
					best, bestSim = c, s
				}
			}
			if assign[i] != best {
				assign[i] = best
				changedBy[i] = 1
			}
		}
	})
	n := 0
	for _, c := range changedBy {
		n += c
	}
	return n
}

// updateCentroids recomputes unit centroids; an empty cluster is restarted
// at the row least similar to its own centroid.
func updateCentroids(x *dense, c *clustering, rng *rand.Rand) {
	cents := newDense(c.k, x.cols)
	counts := make([]int, c.k)
	for i, a := range c.assign {
		axpy(cents.row(a), 1, x.row(i))
		counts[a]++
	}
	for j := range c.k {
		if counts[j] == 0 {
			copy(cents.row(j), x.row(worstRow(x, c, rng)))
		}
		normalize(cents.row(j))
	}
	c.centroids = cents
}

func worstRow(x *dense, c *clustering, rng *rand.Rand) int {
	worst, worstSim := rng.IntN(x.rows), math.Inf(1)
	for i, a := range c.assign {
		if s := dot(x.row(i), c.centroids.row(a)); s < worstSim {
			worst, worstSim = i, s
		}
	}
	return worst
}

func totalSimilarity(x, cents *dense, assign []int) float64 {
	s := 0.0
	for i, a := range assign {
		s += dot(x.row(i), cents.row(a))
	}
	return s
}
