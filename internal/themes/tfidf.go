package themes

import (
	"math"
	"sort"
)

// sparse is a compressed-row matrix: row i holds columns cols[ptr[i]:ptr[i+1]].
type sparse struct {
	rows, cols int
	ptr        []int
	idx        []int32
	val        []float64
}

// tfidfOptions bound the vocabulary the way scikit-learn's min_df / max_df do.
type tfidfOptions struct {
	minDF    int     // a term must occur in at least minDF documents
	maxDF    float64 // and in at most this share of them
	maxTerms int     // keep at most this many terms, by document frequency
}

// vocabulary is the list of terms kept, with their document frequencies.
type vocabulary struct {
	terms []string
	index map[string]int32
	df    []int
}

func buildVocabulary(docs [][]string, o tfidfOptions) vocabulary {
	df := map[string]int{}
	for _, d := range docs {
		seen := map[string]bool{}
		for _, t := range d {
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
		}
	}
	limit := int(o.maxDF * float64(len(docs)))
	var terms []string
	for t, c := range df {
		if c >= o.minDF && (c <= limit || len(docs) < 10) {
			terms = append(terms, t)
		}
	}
	sort.Slice(terms, func(i, j int) bool {
		if df[terms[i]] != df[terms[j]] {
			return df[terms[i]] > df[terms[j]]
		}
		return terms[i] < terms[j]
	})
	if o.maxTerms > 0 && len(terms) > o.maxTerms {
		terms = terms[:o.maxTerms]
	}
	v := vocabulary{terms: terms, index: make(map[string]int32, len(terms)), df: make([]int, len(terms))}
	for i, t := range terms {
		v.index[t] = int32(i)
		v.df[i] = df[t]
	}
	return v
}

// tfidf builds the L2-normalised TF-IDF matrix with sublinear term
// frequency (1 + log tf) and smoothed idf, as scikit-learn's
// TfidfVectorizer(sublinear_tf=True) does.
func tfidf(docs [][]string, v vocabulary) *sparse {
	n := len(docs)
	idf := make([]float64, len(v.terms))
	for i, d := range v.df {
		idf[i] = math.Log(float64(1+n)/float64(1+d)) + 1
	}
	m := &sparse{rows: n, cols: len(v.terms), ptr: make([]int, 1, n+1)}
	for _, d := range docs {
		counts := map[int32]int{}
		for _, t := range d {
			if j, ok := v.index[t]; ok {
				counts[j]++
			}
		}
		cols := make([]int32, 0, len(counts))
		for j := range counts {
			cols = append(cols, j)
		}
		sort.Slice(cols, func(a, b int) bool { return cols[a] < cols[b] })
		start := len(m.val)
		for _, j := range cols {
			m.idx = append(m.idx, j)
			m.val = append(m.val, (1+math.Log(float64(counts[j])))*idf[j])
		}
		normalize(m.val[start:])
		m.ptr = append(m.ptr, len(m.val))
	}
	return m
}

// normalize scales v to unit length in place; a zero vector stays zero.
func normalize(v []float64) {
	s := 0.0
	for _, x := range v {
		s += x * x
	}
	if s == 0 {
		return
	}
	s = 1 / math.Sqrt(s)
	for i := range v {
		v[i] *= s
	}
}
