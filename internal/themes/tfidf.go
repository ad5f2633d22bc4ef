package themes

import (
	"math"
	"slices"
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
	ids := map[string]int32{}
	var all []string
	var df, last []int
	for d, doc := range docs {
		for _, t := range doc {
			id, ok := ids[t]
			if !ok {
				id = int32(len(all))
				ids[t] = id
				all, df, last = append(all, t), append(df, 0), append(last, 0)
			}
			if last[id] != d+1 {
				last[id], df[id] = d+1, df[id]+1
			}
		}
	}
	limit := int(o.maxDF * float64(len(docs)))
	var keep []int32
	for id, c := range df {
		if c >= o.minDF && (c <= limit || len(docs) < 10) {
			keep = append(keep, int32(id))
		}
	}
	sort.Slice(keep, func(i, j int) bool {
		a, b := keep[i], keep[j]
		if df[a] != df[b] {
			return df[a] > df[b]
		}
		return all[a] < all[b]
	})
	if o.maxTerms > 0 && len(keep) > o.maxTerms {
		keep = keep[:o.maxTerms]
	}
	v := vocabulary{terms: make([]string, len(keep)), index: make(map[string]int32, len(keep)), df: make([]int, len(keep))}
	for i, id := range keep {
		v.terms[i], v.df[i] = all[id], df[id]
		v.index[all[id]] = int32(i)
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
	counts := make([]int, len(v.terms))
	var cols []int32
	for _, d := range docs {
		cols = cols[:0]
		for _, t := range d {
			if j, ok := v.index[t]; ok {
				if counts[j] == 0 {
					cols = append(cols, j)
				}
				counts[j]++
			}
		}
		slices.Sort(cols)
		start := len(m.val)
		for _, j := range cols {
			m.idx = append(m.idx, j)
			m.val = append(m.val, (1+math.Log(float64(counts[j])))*idf[j])
			counts[j] = 0
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
