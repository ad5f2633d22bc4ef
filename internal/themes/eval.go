package themes

import (
	"errors"
	"math"
)

// ErrLength is returned by the agreement measures when the two labelings
// have different lengths or are empty.
var ErrLength = errors.New("labelings must be non-empty and of equal length")

// contingency counts pairs of labels; a and b are arbitrary label values.
type contingency struct {
	n          int
	table      map[[2]int]int
	rows, cols map[int]int
}

func newContingency(a, b []int) (contingency, error) {
	if len(a) != len(b) || len(a) == 0 {
		return contingency{}, ErrLength
	}
	c := contingency{n: len(a), table: map[[2]int]int{}, rows: map[int]int{}, cols: map[int]int{}}
	for i := range a {
		c.table[[2]int{a[i], b[i]}]++
		c.rows[a[i]]++
		c.cols[b[i]]++
	}
	return c, nil
}

// ARI returns the adjusted Rand index of two labelings (Hubert and Arabie
// 1985), 1 for identical partitions and about 0 for random ones. It returns
// ErrLength when the labelings differ in length or are empty.
func ARI(a, b []int) (float64, error) {
	c, err := newContingency(a, b)
	if err != nil {
		return 0, err
	}
	comb := func(x int) float64 { return float64(x) * float64(x-1) / 2 }
	sumT, sumA, sumB := 0.0, 0.0, 0.0
	for _, v := range c.table {
		sumT += comb(v)
	}
	for _, v := range c.rows {
		sumA += comb(v)
	}
	for _, v := range c.cols {
		sumB += comb(v)
	}
	expected := sumA * sumB / comb(c.n)
	maxIndex := (sumA + sumB) / 2
	if maxIndex == expected {
		return 1, nil
	}
	return (sumT - expected) / (maxIndex - expected), nil
}

// AMI returns the adjusted mutual information of two labelings with the
// arithmetic-mean normalisation, as scikit-learn's
// adjusted_mutual_info_score computes it (Vinh, Epps and Bailey 2010). It
// returns ErrLength when the labelings differ in length or are empty.
func AMI(a, b []int) (float64, error) {
	c, err := newContingency(a, b)
	if err != nil {
		return 0, err
	}
	if len(c.rows) == 1 && len(c.cols) == 1 || len(c.rows) == c.n && len(c.cols) == c.n {
		return 1, nil
	}
	mi := mutualInfo(c)
	emi := expectedMutualInfo(c)
	ha, hb := entropy(c.rows, c.n), entropy(c.cols, c.n)
	denom := (ha+hb)/2 - emi
	if math.Abs(denom) < 1e-15 {
		denom = math.Copysign(1e-15, denom)
	}
	return (mi - emi) / denom, nil
}

func entropy(counts map[int]int, n int) float64 {
	h := 0.0
	for _, v := range counts {
		p := float64(v) / float64(n)
		h -= p * math.Log(p)
	}
	return h
}

func mutualInfo(c contingency) float64 {
	n := float64(c.n)
	mi := 0.0
	for k, v := range c.table {
		nij := float64(v)
		mi += nij / n * math.Log(nij*n/(float64(c.rows[k[0]])*float64(c.cols[k[1]])))
	}
	return mi
}

// expectedMutualInfo is E[MI] under the hypergeometric model of random
// labelings with the same cluster sizes.
func expectedMutualInfo(c contingency) float64 {
	n := c.n
	lg := func(x int) float64 { v, _ := math.Lgamma(float64(x) + 1); return v }
	emi := 0.0
	for _, ai := range c.rows {
		for _, bj := range c.cols {
			lo := max(1, ai+bj-n)
			hi := min(ai, bj)
			for nij := lo; nij <= hi; nij++ {
				term := float64(nij) / float64(n) * math.Log(float64(n)*float64(nij)/(float64(ai)*float64(bj)))
				logP := lg(ai) + lg(bj) + lg(n-ai) + lg(n-bj) - lg(n) - lg(nij) - lg(ai-nij) - lg(bj-nij) - lg(n-ai-bj+nij)
				emi += term * math.Exp(logP)
			}
		}
	}
	return emi
}
