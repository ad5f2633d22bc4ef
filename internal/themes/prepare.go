package themes

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"

	"github.com/kindredhq/kindred/internal/embeddings"
	"github.com/kindredhq/kindred/internal/textproc"
)

// prepared holds a corpus on its way through the pipeline. rows lists the
// stories that have usable words; x has one row per entry of rows.
type prepared struct {
	stories  []Story
	views    views
	lang     string
	analysis *textproc.Analysis
	rows     []int
	x        *dense
	rep      Representation
	short    bool          // median story shorter than shortMedianWords
	knn      [][]neighbour // nearest rows before smoothing, when smoothed
}

// medianFields returns the median number of space-separated fields of the
// non-empty texts.
func medianFields(texts []string) int {
	var n []int
	for _, t := range texts {
		if f := len(strings.Fields(t)); f > 0 {
			n = append(n, f)
		}
	}
	if len(n) == 0 {
		return 0
	}
	slices.Sort(n)
	return n[len(n)/2]
}

func prepare(ctx context.Context, stories []Story, opt Options) (*prepared, error) {
	v, err := newViews(stories, opt)
	if err != nil {
		return nil, err
	}
	p := &prepared{stories: stories, views: v}
	var others []string
	p.lang, others = v.mainLang()
	if p.lang == "" {
		p.lang = textproc.NormalizeLang(opt.Lang)
	}
	texts := make([]string, len(stories))
	for i, s := range stories {
		texts[i] = s.Text
	}
	p.short = medianFields(texts) < shortMedianWords
	cfg := textproc.DefaultConfig(p.lang)
	cfg.OtherLangs = union(others, otherLangs(stories, p.lang))
	cfg.TextLangs = make([]string, len(stories))
	for i := range stories {
		cfg.TextLangs[i] = v.lang(i)
	}
	if !p.short && p.lang == "en" {
		// Long English texts: exact word forms separated BBC topics better
		// than Porter2 stems (AMI 0.902 vs 0.893); short texts need stems.
		cfg.Stem = false
	}
	p.analysis = textproc.Analyze(v.texts, cfg)
	for i, t := range p.analysis.Terms {
		if len(t) > 0 {
			p.rows = append(p.rows, i)
		}
	}
	return p, ctx.Err()
}

// union returns the sorted distinct languages of a and b.
func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

// vectorize computes p.x for the representation asked for, falling back to
// the lexical one when no vectors exist for the corpus language.
func (p *prepared) vectorize(ctx context.Context, opt Options, rng *rand.Rand) error {
	if err := p.represent(ctx, opt, rng); err != nil {
		return err
	}
	if p.short && len(p.rows) <= smoothMaxStories && !opt.NoSmooth {
		p.x, p.knn = knnSmooth(p.x, smoothNeighbours)
	}
	return nil
}

func (p *prepared) represent(ctx context.Context, opt Options, rng *rand.Rand) error {
	lex, err := p.lexical(opt, rng)
	if err != nil {
		return err
	}
	p.rep = opt.Rep
	if p.rep == RepAuto {
		p.rep = RepCombined
	}
	if p.rep == RepLexical {
		p.x = lex
		return nil
	}
	sem, err := p.semantic(ctx, opt)
	if err != nil {
		return err
	}
	w := opt.VectorWeight
	if w == 0 {
		w = defaultVectorWeight(p.short)
	}
	switch {
	case sem == nil || (p.rep == RepCombined && w <= 0):
		p.x, p.rep = lex, RepLexical
	case p.rep == RepVectors:
		p.x = sem
	default:
		p.x = concat(lex, sem, 1-w)
	}
	return nil
}

// defaultVectorWeight is the share of word-vector similarity for a short
// or long corpus (-1: none). Measured with bench/themes:
// on short texts (SIB-200 English, median 21 words) two stories rarely share
// words and 70% vectors + 30% LSA wins (AMI 0.43 vs 0.10 lexical, 0.42
// vectors alone); on long texts (BBC news, ~380 words) every share of
// vectors lowered AMI (0.893 lexical, 0.885 at 10%, 0.79 vectors alone), so
// long corpora use LSA only.
func defaultVectorWeight(short bool) float64 {
	if !short {
		return -1
	}
	return 0.7
}

// lexical returns the LSA vectors of the TF-IDF matrix of the stories in rows.
func (p *prepared) lexical(opt Options, rng *rand.Rand) (*dense, error) {
	docs := make([][]string, len(p.rows))
	for i, r := range p.rows {
		docs[i] = p.analysis.Terms[r]
	}
	o := tfidfOptions{minDF: 2, maxDF: 0.5, maxTerms: 50000}
	if len(docs) < 50 {
		o.minDF = 1
	}
	v := buildVocabulary(docs, o)
	if len(v.terms) == 0 {
		v = buildVocabulary(docs, tfidfOptions{minDF: 1, maxDF: 1})
	}
	x, err := lsa(tfidf(docs, v), opt.LSADims, rng)
	if err != nil {
		return nil, fmt.Errorf("themes: %w", err)
	}
	return x, nil
}

// semantic returns dense story vectors from opt.Embedder, or from the
// built-in table for a corpus mostly in (or pivoted into) English, or nil
// when neither applies. Stories analysed in another language get a zero
// word vector.
func (p *prepared) semantic(ctx context.Context, opt Options) (*dense, error) {
	if opt.Embedder != nil {
		return p.remote(ctx, opt.Embedder)
	}
	if p.lang != "en" {
		return nil, nil
	}
	t, err := embeddings.English()
	if err != nil {
		return nil, fmt.Errorf("themes: %w", err)
	}
	words := make([][]string, len(p.rows))
	for i, r := range p.rows {
		if l := p.views.lang(r); l == "en" || l == "" {
			words[i] = p.analysis.Words[r] // other stories rest on their LSA part alone
		}
	}
	x, coverage := sifVectors(words, p.lang, t)
	if coverage < 0.5 {
		return nil, nil // not really English: vectors would be noise
	}
	return x, nil
}

func (p *prepared) remote(ctx context.Context, e embeddings.Embedder) (*dense, error) {
	texts := make([]string, len(p.rows))
	for i, r := range p.rows {
		texts[i] = p.stories[r].Text
	}
	vecs, err := e.Embed(ctx, texts)
	if err != nil {
		return nil, fmt.Errorf("themes: %w", err)
	}
	if len(vecs) != len(texts) || len(vecs[0]) == 0 {
		return nil, fmt.Errorf("themes: embedder returned %d vectors for %d stories", len(vecs), len(texts))
	}
	x := newDense(len(vecs), len(vecs[0]))
	for i, v := range vecs {
		if len(v) != x.cols {
			return nil, fmt.Errorf("themes: embedder returned vectors of different lengths")
		}
		copy(x.row(i), v)
		normalize(x.row(i))
	}
	return x, nil
}

// sortedBySize returns the cluster indexes ordered by size, largest first,
// ties by first member so the order is deterministic.
func sortedBySize(assign []int, k int) []int {
	size, first := make([]int, k), make([]int, k)
	for i := range first {
		first[i] = len(assign)
	}
	for i, a := range assign {
		size[a]++
		first[a] = min(first[a], i)
	}
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		if size[order[a]] != size[order[b]] {
			return size[order[a]] > size[order[b]]
		}
		return first[order[a]] < first[order[b]]
	})
	return order
}

// otherLangs returns the languages stories declare besides the corpus
// language, for a mixed campaign's stop words.
func otherLangs(stories []Story, main string) []string {
	seen := map[string]bool{main: true}
	var out []string
	for _, s := range stories {
		if l := textproc.NormalizeLang(s.Lang); l != "" && !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}
