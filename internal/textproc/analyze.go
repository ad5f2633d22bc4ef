package textproc

import (
	"runtime"
	"sync"
	"unicode/utf8"
)

// Config says how Analyze turns texts into terms. The zero value plus a
// language is completed by DefaultConfig.
type Config struct {
	Lang       string // ISO 639-1 code; "" means no stop words and no stemmer
	Stem       bool   // apply the snowball stemmer when the language has one
	Phrases    bool   // add detected two-word phrases as extra terms
	MinPhrase  int    // a phrase must occur in at least this many texts
	CharMin    int    // character n-gram sizes; CharMax 0 disables n-grams
	CharMax    int
	KeepDigits bool // keep tokens made only of digits
	// OtherLangs are further languages in a mixed corpus whose stop words
	// are dropped too, so "de" or "cada" never become a theme's keyword.
	OtherLangs []string
	// TextLangs, when set, gives each text its own language (one entry per
	// text; "" means Lang): its stop words, stemmer and, for a language
	// other than Lang, its DefaultConfig character n-grams. A word spelt
	// alike in two languages is stemmed by each language's rules.
	TextLangs []string
}

// textLang returns the language of text d.
func (c Config) textLang(d int) string {
	if d < len(c.TextLangs) && c.TextLangs[d] != "" {
		return c.TextLangs[d]
	}
	return c.Lang
}

// forLang returns c for a text in lang: its stop words and stemmer, and
// its own character n-gram sizes when it is not the corpus language.
func (c Config) forLang(lang string) Config {
	if lang == c.Lang {
		return c
	}
	d := DefaultConfig(lang)
	c.OtherLangs = append(append([]string{}, c.OtherLangs...), c.Lang)
	c.Lang, c.CharMin, c.CharMax = lang, d.CharMin, d.CharMax
	return c
}

// isStop reports whether w is a stop word in the corpus language or any of
// the other languages it mixes in.
func (c Config) isStop(w string) bool {
	if IsStopWord(c.Lang, w) {
		return true
	}
	for _, l := range c.OtherLangs {
		if IsStopWord(l, w) {
			return true
		}
	}
	return false
}

// DefaultConfig returns the configuration that clustered best on the
// development corpora (SIB-200, bench/themes) for lang: stems and phrases
// where a stemmer exists, plus character n-grams for every language but
// English (which has word vectors instead). N-gram sizes follow the script:
// 1–2 for scripts without spaces, 1–3 for Hangul syllable blocks, 3–5 for
// Indic scripts, 2–4 otherwise (AMI on SIB-200 Spanish 0.13 → 0.19,
// German 0.10 → 0.19, Vietnamese 0.18 → 0.32, Korean 0.04 → 0.14).
func DefaultConfig(lang string) Config {
	c := Config{Lang: lang, Stem: true, Phrases: true, MinPhrase: 3, CharMin: 2, CharMax: 4}
	switch lang {
	case "en":
		c.CharMin, c.CharMax = 0, 0
	case "zh", "ja", "th":
		c.Phrases, c.CharMin, c.CharMax = false, 1, 2
	case "ko":
		c.CharMin, c.CharMax = 1, 3
	case "hi", "bn", "mr", "ne", "ta", "te", "gu", "pa", "kn", "ml", "si":
		c.CharMin, c.CharMax = 3, 5
	}
	return c
}

// Analysis holds the terms of every text of a corpus.
type Analysis struct {
	Words [][]string // lower-cased tokens of each text, stop words included
	Terms [][]string // features of each text: stems, phrases "a b", n-grams
	// Surface maps a stem or phrase to its most frequent original spelling,
	// for labels a reader understands.
	Surface map[string]string
}

// Analyze tokenizes and normalises texts with cfg. It uses all CPUs for
// large corpora and is deterministic. Internally words, stems and phrases
// are interned as integers, so a 100,000-story corpus takes about a second.
func Analyze(texts []string, cfg Config) *Analysis {
	a := &Analysis{Words: make([][]string, len(texts)), Terms: make([][]string, len(texts))}
	parallel(len(texts), func(i int) { a.Words[i] = Words(texts[i]) })
	lex := newLexicon(a.Words, cfg)
	phrases := map[uint64]string{}
	if cfg.Phrases {
		phrases = lex.findPhrases(max(cfg.MinPhrase, 2))
	}
	byLang := map[string]Config{cfg.Lang: cfg}
	for _, l := range cfg.TextLangs {
		if _, ok := byLang[l]; !ok && l != "" {
			byLang[l] = cfg.forLang(l)
		}
	}
	parallel(len(texts), func(i int) { a.Terms[i] = lex.terms(i, a.Words[i], phrases, byLang[cfg.textLang(i)]) })
	a.Surface = lex.surfaces(phrases)
	return a
}

// lexicon interns a corpus: every distinct word gets an id, every word a
// stem id (-1 for stop words and dropped tokens).
type lexicon struct {
	words   []string  // word id → word
	langs   []string  // word id → language of the texts it was read in
	freq    []int     // word id → occurrences
	stemOf  []int32   // word id → stem id or -1
	stems   []string  // stem id → stem
	docs    [][]int32 // per text: word ids
	content [][]int32 // per text: stem ids, -1 where a stop word breaks phrases
}

func newLexicon(words [][]string, cfg Config) *lexicon {
	lx := &lexicon{docs: make([][]int32, len(words)), content: make([][]int32, len(words))}
	ids := map[string]int32{}
	for d, ws := range words {
		doc := make([]int32, len(ws))
		lang := cfg.textLang(d)
		for i, w := range ws {
			key := w
			if lang != cfg.Lang {
				key = lang + "\x00" + w
			}
			id, ok := ids[key]
			if !ok {
				id = int32(len(lx.words))
				ids[key] = id
				lx.words = append(lx.words, w)
				lx.langs = append(lx.langs, lang)
				lx.freq = append(lx.freq, 0)
			}
			lx.freq[id]++
			doc[i] = id
		}
		lx.docs[d] = doc
	}
	lx.stemWords(cfg)
	for d, doc := range lx.docs {
		c := make([]int32, len(doc))
		for i, w := range doc {
			c[i] = lx.stemOf[w]
		}
		lx.content[d] = c
	}
	return lx
}

// stemWords stems each distinct word once, in parallel, by the rules of
// the language it was read in.
func (lx *lexicon) stemWords(cfg Config) {
	type rules struct {
		cfg  Config
		stem func(string) string
	}
	byLang := map[string]rules{}
	for _, l := range lx.langs {
		if _, ok := byLang[l]; !ok {
			c := cfg.forLang(l)
			r := rules{cfg: c}
			if cfg.Stem {
				r.stem = Stemmer(l)
			}
			byLang[l] = r
		}
	}
	norm := make([]string, len(lx.words))
	parallel(len(lx.words), func(i int) {
		r := byLang[lx.langs[i]]
		norm[i] = normalizeWord(lx.words[i], r.stem, r.cfg)
	})
	stemIDs := map[string]int32{}
	lx.stemOf = make([]int32, len(lx.words))
	for i, s := range norm {
		if s == "" {
			lx.stemOf[i] = -1
			continue
		}
		id, ok := stemIDs[s]
		if !ok {
			id = int32(len(lx.stems))
			stemIDs[s] = id
			lx.stems = append(lx.stems, s)
		}
		lx.stemOf[i] = id
	}
}

func normalizeWord(w string, stem func(string) string, cfg Config) string {
	if cfg.isStop(w) || (!cfg.KeepDigits && IsNumber(w)) {
		return ""
	}
	if utf8.RuneCountInString(w) < 2 && !IsSpaceless(w) {
		return ""
	}
	if stem != nil {
		if s := stem(w); s != "" {
			return s
		}
	}
	return w
}

func pairKey(a, b int32) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// findPhrases returns the two-stem phrases that occur in at least minDocs
// texts and whose stems co-occur in more texts than chance predicts
// (positive document-level pointwise mutual information), keyed by stem
// pair, valued "stem1 stem2".
func (lx *lexicon) findPhrases(minDocs int) map[uint64]string {
	df := make([]int, len(lx.stems))
	last := make([]int, len(lx.stems))
	type pairCount struct{ n, last int }
	pairs := map[uint64]pairCount{}
	for d, c := range lx.content {
		for i, s := range c {
			if s < 0 {
				continue
			}
			if last[s] != d+1 {
				last[s], df[s] = d+1, df[s]+1
			}
			if i+1 < len(c) && c[i+1] >= 0 && c[i+1] != s {
				k := pairKey(s, c[i+1])
				if pc := pairs[k]; pc.last != d+1 {
					pairs[k] = pairCount{pc.n + 1, d + 1}
				}
			}
		}
	}
	n := float64(len(lx.content))
	out := map[uint64]string{}
	for k, pc := range pairs {
		a, b := int32(k>>32), int32(uint32(k))
		if pc.n >= minDocs && float64(pc.n)*n > float64(df[a])*float64(df[b]) {
			out[k] = lx.stems[a] + " " + lx.stems[b]
		}
	}
	return out
}

func (lx *lexicon) terms(d int, ws []string, phrases map[uint64]string, cfg Config) []string {
	content := lx.content[d]
	var out []string
	for i, s := range content {
		if s < 0 {
			continue
		}
		spaceless := IsSpaceless(ws[i])
		if !spaceless {
			out = append(out, lx.stems[s])
		}
		if cfg.CharMax > 0 && (spaceless || utf8.RuneCountInString(ws[i]) > cfg.CharMin) {
			for _, g := range CharNGrams(ws[i], cfg.CharMin, cfg.CharMax) {
				out = append(out, "#"+g)
			}
		}
		if i+1 < len(content) && content[i+1] >= 0 {
			if p, ok := phrases[pairKey(s, content[i+1])]; ok {
				out = append(out, p)
			}
		}
	}
	return out
}

// surfaces maps each stem and phrase to its most frequent spelling; ties go
// to the alphabetically first spelling so the result is deterministic.
func (lx *lexicon) surfaces(phrases map[uint64]string) map[string]string {
	best := make([]int32, len(lx.stems))
	for i := range best {
		best[i] = -1
	}
	for w, s := range lx.stemOf {
		if s >= 0 && (best[s] < 0 || better(lx.freq[w], lx.words[w], lx.freq[best[s]], lx.words[best[s]])) {
			best[s] = int32(w)
		}
	}
	out := make(map[string]string, len(lx.stems)+len(phrases))
	for s, w := range best {
		out[lx.stems[s]] = lx.words[w]
	}
	if len(phrases) == 0 {
		return out
	}
	forms := map[uint64]int{} // word-id pair → occurrences, for phrase pairs only
	for d, c := range lx.content {
		for i := 0; i+1 < len(c); i++ {
			if c[i] >= 0 && c[i+1] >= 0 {
				if _, ok := phrases[pairKey(c[i], c[i+1])]; ok {
					forms[pairKey(lx.docs[d][i], lx.docs[d][i+1])]++
				}
			}
		}
	}
	bestForm := map[string]string{}
	bestN := map[string]int{}
	for k, n := range forms {
		a, b := int32(k>>32), int32(uint32(k))
		p := phrases[pairKey(lx.stemOf[a], lx.stemOf[b])]
		form := lx.words[a] + " " + lx.words[b]
		if better(n, form, bestN[p], bestForm[p]) {
			bestForm[p], bestN[p] = form, n
		}
	}
	for p, f := range bestForm {
		out[p] = f
	}
	return out
}

func better(n int, form string, bestN int, bestForm string) bool {
	return n > bestN || (n == bestN && form < bestForm)
}

// parallel runs f(i) for i in [0, n) on all CPUs; results must go to
// distinct slots so the outcome does not depend on scheduling.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/256))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += workers {
				f(i)
			}
		}()
	}
	wg.Wait()
}
