package themes

import (
	"math"

	"github.com/kindredhq/kindred/internal/embeddings"
	"github.com/kindredhq/kindred/internal/textproc"
)

// sifVectors embeds each text as the smooth-inverse-frequency weighted mean
// of its word vectors with the common component removed (Arora, Liang and
// Ma 2017; raw GloVe vectors as in the paper: unit-length word vectors gave
// AMI 0.438 instead of 0.449 on SIB-200 English). Word frequencies are estimated from the table's frequency
// ranks by Zipf's law, so the weights do not depend on the corpus size.
// Stop words are skipped. It also returns the share of texts with at least
// one known word.
func sifVectors(words [][]string, lang string, t *embeddings.Table) (*dense, float64) {
	const a = 1e-3
	harmonic := math.Log(400000) + 0.5772 // GloVe 6B's vocabulary size
	out := newDense(len(words), t.Dims())
	covered := make([]int, len(words))
	parallelRange(len(words), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			dst := out.row(i)
			for _, w := range words[i] {
				r, ok := t.Rank(w)
				if !ok || textproc.IsStopWord(lang, w) {
					continue
				}
				p := 1 / (float64(r+1) * harmonic)
				t.AddTo(dst, w, a/(a+p))
				covered[i] = 1
			}
		}
	})
	removeCommonComponent(out)
	n := 0
	for i, c := range covered {
		n += c
		normalize(out.row(i))
	}
	return out, float64(n) / float64(max(len(words), 1))
}

// removeCommonComponent subtracts from every row its projection on the
// first right singular vector of the matrix (found by power iteration).
func removeCommonComponent(x *dense) {
	u := make([]float64, x.cols)
	for i := range u {
		u[i] = 1
	}
	normalize(u)
	for range 30 {
		next := make([]float64, x.cols)
		for i := range x.rows {
			axpy(next, dot(x.row(i), u), x.row(i))
		}
		normalize(next)
		u = next
	}
	for i := range x.rows {
		axpy(x.row(i), -dot(x.row(i), u), u)
	}
}

// concat joins two unit-row representations so that the cosine of the
// result is w·cos(a) + (1−w)·cos(b) for rows that are unit in both.
func concat(a, b *dense, w float64) *dense {
	out := newDense(a.rows, a.cols+b.cols)
	sa, sb := math.Sqrt(w), math.Sqrt(1-w)
	for i := range a.rows {
		r := out.row(i)
		axpy(r[:a.cols], sa, a.row(i))
		axpy(r[a.cols:], sb, b.row(i))
		normalize(r)
	}
	return out
}
