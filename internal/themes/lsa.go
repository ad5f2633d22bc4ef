package themes

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// dense is a row-major matrix of document vectors.
type dense struct {
	rows, cols int
	data       []float64
}

func newDense(rows, cols int) *dense {
	return &dense{rows: rows, cols: cols, data: make([]float64, rows*cols)}
}

func (d *dense) row(i int) []float64 { return d.data[i*d.cols : (i+1)*d.cols] }

// lsa projects the rows of x onto their top `dims` singular directions
// (U·Σ, as scikit-learn's TruncatedSVD) with the randomized range finder of
// Halko, Martinsson and Tropp (2011): 10 oversampling columns and one or two
// power iterations, orthonormalised by Cholesky-QR. Rows are L2-normalised.
func lsa(x *sparse, dims int, rng *rand.Rand) (*dense, error) {
	l := min(dims+10, x.rows, x.cols)
	dims = min(dims, l)
	omega := newDense(x.cols, l)
	for i := range omega.data {
		omega.data[i] = rng.NormFloat64()
	}
	y, err := orthonormalize(x.mulDense(omega))
	if err != nil {
		return nil, err
	}
	for range powerIterations(x.rows) {
		if y, err = orthonormalize(x.mulDense(x.tMulDense(y))); err != nil {
			return nil, err
		}
	}
	return project(x, y, dims)
}

// powerIterations trades accuracy of the trailing singular directions for
// speed on large corpora, where topics are well separated anyway.
func powerIterations(rows int) int {
	if rows > 20000 {
		return 1
	}
	return 2
}

// project returns Q·W·√Λ restricted to the top dims eigenpairs of
// B·Bᵀ where B = Qᵀ·X, which equals X·V·… = U·Σ of the rank-l approximation.
func project(x *sparse, q *dense, dims int) (*dense, error) {
	z := x.tMulDense(q) // Xᵀ·Q = Bᵀ
	zm := mat.NewDense(z.rows, z.cols, z.data)
	var g mat.SymDense
	g.SymOuterK(1, zm.T())
	var eig mat.EigenSym
	if !eig.Factorize(&g, true) {
		return nil, fmt.Errorf("lsa: eigendecomposition failed")
	}
	vals := eig.Values(nil)
	var w mat.Dense
	eig.VectorsTo(&w)
	l := len(vals)
	proj := mat.NewDense(l, dims, nil)
	for k := range dims { // eigenvalues ascend: take them from the end
		src := l - 1 - k
		s := math.Sqrt(math.Max(vals[src], 0))
		for r := range l {
			proj.Set(r, k, w.At(r, src)*s)
		}
	}
	out := newDense(q.rows, dims)
	om := mat.NewDense(out.rows, dims, out.data)
	om.Mul(mat.NewDense(q.rows, q.cols, q.data), proj)
	for i := range out.rows {
		normalize(out.row(i))
	}
	return out, nil
}

// orthonormalize returns an (almost) orthonormal basis of the columns of y
// by one Cholesky-QR pass, adding a tiny ridge when y is rank deficient. One
// pass is enough for the well-conditioned random sketches LSA feeds it; a
// second pass cost 2 s on 100,000 stories and did not change AMI.
func orthonormalize(y *dense) (*dense, error) {
	for range 1 {
		ym := mat.NewDense(y.rows, y.cols, y.data)
		var g mat.SymDense
		g.SymOuterK(1, ym.T())
		var ch mat.Cholesky
		ridge := 1e-10
		for !ch.Factorize(&g) {
			if ridge > 1 {
				return nil, fmt.Errorf("lsa: orthonormalization failed")
			}
			for i := range y.cols {
				g.SetSym(i, i, g.At(i, i)+ridge)
			}
			ridge *= 100
		}
		var r, rinv mat.TriDense
		ch.UTo(&r)
		if err := rinv.InverseTri(&r); err != nil {
			return nil, fmt.Errorf("lsa: invert R: %w", err)
		}
		out := newDense(y.rows, y.cols)
		mat.NewDense(out.rows, out.cols, out.data).Mul(ym, &rinv)
		y = out
	}
	return y, nil
}

// mulDense returns X·B for a dense B with x.cols rows.
func (x *sparse) mulDense(b *dense) *dense {
	out := newDense(x.rows, b.cols)
	parallelRange(x.rows, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			dst := out.row(i)
			for p := x.ptr[i]; p < x.ptr[i+1]; p++ {
				axpy(dst, x.val[p], b.row(int(x.idx[p])))
			}
		}
	})
	return out
}

// tMulDense returns Xᵀ·B for a dense B with x.rows rows. Rows of X scatter
// into rows of the output, so each worker owns a block of B's columns instead
// of a block of rows: race-free and deterministic.
func (x *sparse) tMulDense(b *dense) *dense {
	out := newDense(x.cols, b.cols)
	parallelBlocks(b.cols, func(lo, hi int) {
		for i := range x.rows {
			src := b.row(i)[lo:hi]
			for p := x.ptr[i]; p < x.ptr[i+1]; p++ {
				axpy(out.row(int(x.idx[p]))[lo:hi], x.val[p], src)
			}
		}
	})
	return out
}

func axpy(dst []float64, a float64, x []float64) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] += a * v
	}
}

// dot is the inner product, unrolled with four accumulators: k-means and
// neighbour search spend most of their time here.
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		s0 += a[i] * b[i]
		s1 += a[i+1] * b[i+1]
		s2 += a[i+2] * b[i+2]
		s3 += a[i+3] * b[i+3]
	}
	for ; i < len(a); i++ {
		s0 += a[i] * b[i]
	}
	return (s0 + s1) + (s2 + s3)
}
