// Package themes finds themes in a collection of stories: clustering with an
// automatic number of themes, soft membership, weak signals and outliers,
// c-TF-IDF labels and verbatim representative quotes; plus the statistics the
// sensemaking page shows (segment comparison, trends) and the agreement
// measures used by the benchmarks (AMI, ARI).
//
// It is a pure package: plain Go values in, plain Go values out, no I/O.
// Results are deterministic for a given Options.Seed.
//
// The pipeline of Find:
//  1. textproc.Analyze: tokens, stop words, snowball stems (not for long
//     English texts), detected two-word phrases, character n-grams for
//     languages without word vectors.
//  2. TF-IDF (sublinear tf, min_df 2, max_df 0.5) → LSA with 100 dimensions
//     (randomized SVD).
//  3. For English (or with Options.Embedder): SIF-weighted GloVe story
//     vectors, combined with LSA for short stories (70% vectors), not used
//     for long ones (see defaultVectorWeight).
//  4. Short stories, up to 5,000: each vector averaged with its 8 nearest
//     neighbours (see smooth.go).
//  5. Spherical k-means (k-means++, restarts, best total similarity); k
//     from the knee of the objective when not given (see chooseK).
//  6. Per theme: soft membership, c-TF-IDF keywords and label, verbatim
//     quotes from quotable stories; weak signals and outliers (weak.go).
package themes

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"

	"github.com/kindredhq/kindred/internal/embeddings"
)

// Story is one text to theme.
type Story struct {
	ID   string
	Text string
	Lang string // language tag ("en", "eng_Latn", …); "" lets the package detect it
	// Quotable is the teller's consent to be quoted: only quotable stories
	// give representative quotes.
	Quotable bool
}

// Representation selects the story vectors clustering works on.
type Representation string

// The representations. RepAuto picks per corpus: built-in word vectors
// combined with LSA for English, LSA alone for other languages.
const (
	RepAuto     Representation = ""
	RepLexical  Representation = "lexical"  // TF-IDF → LSA
	RepVectors  Representation = "vectors"  // word vectors (or the Embedder) only
	RepCombined Representation = "combined" // both, weighted by VectorWeight
)

// Options tune Find. The zero value chooses everything automatically.
type Options struct {
	K    int    // number of themes; 0 chooses it (see chooseK)
	MaxK int    // upper bound when choosing; 0 means 12
	Seed uint64 // fixes every random choice
	// Lang is the language of stories that do not give their own: a hint,
	// like Story.Lang, that the text may overrule. "" detects it.
	Lang string
	Rep  Representation
	// VectorWeight is the share of word-vector similarity in RepCombined;
	// 0 picks it from the corpus shape (see defaultVectorWeight).
	VectorWeight float64
	LSADims      int  // LSA dimensions; 0 means 100
	Restarts     int  // k-means restarts; 0 picks by corpus size
	Quotes       int  // representative quotes per theme; 0 means 3
	Keywords     int  // keywords per theme; 0 means 8
	NoSmooth     bool // skip neighbour smoothing of short stories (see smooth.go)
	// NoPivot keeps every story in its own language instead of carrying
	// stories in languages the lexicon covers into English (see pivot.go).
	NoPivot bool
	// Embedder, when set, replaces the built-in word vectors (for example
	// an OpenAI-compatible endpoint configured by the operator).
	Embedder embeddings.Embedder
}

// Theme is one group of stories.
type Theme struct {
	ID       int      // 1-based, largest theme first
	Label    string   // a few distinctive phrases
	Keywords []string // most distinctive words and phrases
	Size     int      // stories whose primary theme this is
	Members  []int    // indexes of those stories, most typical first
	Quotes   []Quote
}

// Quote is a verbatim excerpt: Text == stories[Story].Text[Start:End].
type Quote struct {
	Story      int
	ID         string
	Text       string
	Start, End int
}

// WeakSignal is a small group of stories that resemble each other more than
// any theme: a candidate emerging practice. Its stories keep their primary
// theme too.
type WeakSignal struct {
	Label    string
	Keywords []string
	Stories  []int
	Quotes   []Quote
}

// Result is the outcome of Find. Slices indexed by story follow the input
// order.
type Result struct {
	Lang           string   // the language most stories were analysed in ("en" once pivoted)
	Langs          []string // per story: its detected language ("" when its text tells none)
	Pivoted        []bool   // per story: carried into English glosses for theming
	Representation Representation
	Themes         []Theme
	Theme          []int     // primary theme ID per story; 0 when a story has no usable words
	Secondary      []int     // second theme ID when the story is nearly as close to it; 0 otherwise
	Similarity     []float64 // cosine similarity of each story to its theme's centre
	WeakSignals    []WeakSignal
	Outliers       []int   // stories far from every theme and from each other
	Silhouette     float64 // mean silhouette of the chosen clustering (sample)
	ChosenK        bool    // true when the number of themes was chosen automatically
}

// Errors returned by Find; wrap-checked with errors.Is.
var (
	ErrTooFew = errors.New("no story has usable words")
	ErrK      = errors.New("number of themes out of range")
)

// Find clusters stories into themes. It returns ErrTooFew when no story has
// usable words, ErrK when opt.K exceeds the number of such stories or is
// negative, the Embedder's error when that fails, and ctx.Err() when the
// context ends first.
func Find(ctx context.Context, stories []Story, opt Options) (*Result, error) {
	opt = withDefaults(opt)
	p, err := prepare(ctx, stories, opt)
	if err != nil {
		return nil, err
	}
	if len(p.rows) == 0 {
		return nil, ErrTooFew
	}
	if opt.K < 0 || opt.K > len(p.rows) {
		return nil, fmt.Errorf("%w: %d themes for %d stories with words", ErrK, opt.K, len(p.rows))
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x6b696e64726564))
	if err := p.vectorize(ctx, opt, rng); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	k, sil := opt.K, 0.0
	if k == 0 {
		k, sil = chooseK(p.x, opt, rng)
	}
	c := clusterAll(p.x, k, restarts(opt, len(p.rows)), rng)
	if opt.K != 0 {
		sil = sampledSilhouette(p.x, c.assign, k, rng)
	}
	res := p.result(c, opt)
	res.Silhouette, res.ChosenK = sil, opt.K == 0
	return res, nil
}

func withDefaults(o Options) Options {
	if o.MaxK == 0 {
		o.MaxK = 12
	}
	if o.LSADims == 0 {
		o.LSADims = 100
	}
	if o.Quotes == 0 {
		o.Quotes = 3
	}
	if o.Keywords == 0 {
		o.Keywords = 8
	}
	return o
}

func restarts(o Options, n int) int {
	switch {
	case o.Restarts > 0:
		return o.Restarts
	case n <= 5000:
		return 10
	}
	return 4
}
