package textproc

import (
	"runtime"
	"sort"
	"strings"
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
}

// DefaultConfig returns the configuration that clustered best on the
// development corpora for lang: stemming and phrases where a stemmer exists,
// character n-grams where there is none or the script has no spaces.
func DefaultConfig(lang string) Config {
	c := Config{Lang: lang, Stem: true, Phrases: true, MinPhrase: 3}
	switch {
	case lang == "zh" || lang == "ja" || lang == "th":
		c.Phrases, c.CharMin, c.CharMax = false, 1, 2
	case Stemmer(lang) == nil:
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
// large corpora and is deterministic.
func Analyze(texts []string, cfg Config) *Analysis {
	a := &Analysis{Words: make([][]string, len(texts)), Terms: make([][]string, len(texts))}
	parallel(len(texts), func(i int) { a.Words[i] = Words(texts[i]) })
	stems := stemAll(a.Words, cfg)
	content := make([][]string, len(texts))
	for i, ws := range a.Words {
		content[i] = contentStems(ws, stems, cfg)
	}
	var phrases map[string]bool
	if cfg.Phrases {
		phrases = FindPhrases(content, max(cfg.MinPhrase, 2))
	}
	parallel(len(texts), func(i int) { a.Terms[i] = terms(a.Words[i], content[i], phrases, cfg) })
	a.Surface = surfaces(a.Words, stems, phrases, cfg)
	return a
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

// stemAll maps every distinct content word to its stem ("" for stop words
// and dropped tokens), stemming each distinct word once.
func stemAll(words [][]string, cfg Config) map[string]string {
	stem := Stemmer(cfg.Lang)
	if !cfg.Stem {
		stem = nil
	}
	uniq := map[string]string{}
	for _, ws := range words {
		for _, w := range ws {
			if _, ok := uniq[w]; !ok {
				uniq[w] = ""
			}
		}
	}
	keys := make([]string, 0, len(uniq))
	for w := range uniq {
		keys = append(keys, w)
	}
	out := make([]string, len(keys))
	parallel(len(keys), func(i int) { out[i] = normalizeWord(keys[i], stem, cfg) })
	for i, w := range keys {
		uniq[w] = out[i]
	}
	return uniq
}

func normalizeWord(w string, stem func(string) string, cfg Config) string {
	if IsStopWord(cfg.Lang, w) || (!cfg.KeepDigits && IsNumber(w)) {
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

// contentStems returns the stems of the content words of one text, keeping
// "" placeholders where a stop word breaks a phrase.
func contentStems(ws []string, stems map[string]string, cfg Config) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = stems[w]
	}
	return out
}

func terms(ws, content []string, phrases map[string]bool, cfg Config) []string {
	var out []string
	for i, s := range content {
		if s == "" {
			continue
		}
		spaceless := IsSpaceless(ws[i])
		if !spaceless {
			out = append(out, s)
		}
		if cfg.CharMax > 0 && (spaceless || utf8.RuneCountInString(ws[i]) > cfg.CharMin) {
			for _, g := range CharNGrams(ws[i], cfg.CharMin, cfg.CharMax) {
				out = append(out, "#"+g)
			}
		}
		if i+1 < len(content) && content[i+1] != "" {
			if p := s + " " + content[i+1]; phrases[p] {
				out = append(out, p)
			}
		}
	}
	return out
}

// surfaces maps each stem and phrase to its most frequent spelling; ties go
// to the alphabetically first spelling so the result is deterministic.
func surfaces(words [][]string, stems map[string]string, phrases map[string]bool, cfg Config) map[string]string {
	counts := map[string]map[string]int{}
	add := func(key, form string) {
		m := counts[key]
		if m == nil {
			m = map[string]int{}
			counts[key] = m
		}
		m[form]++
	}
	for _, ws := range words {
		for i, w := range ws {
			s := stems[w]
			if s == "" {
				continue
			}
			add(s, w)
			if i+1 < len(ws) && stems[ws[i+1]] != "" && phrases[s+" "+stems[ws[i+1]]] {
				add(s+" "+stems[ws[i+1]], w+" "+ws[i+1])
			}
		}
	}
	out := make(map[string]string, len(counts))
	for key, forms := range counts {
		best, bestN := "", 0
		for f, n := range forms {
			if n > bestN || (n == bestN && f < best) {
				best, bestN = f, n
			}
		}
		out[key] = best
	}
	return out
}

// FindPhrases returns the two-term phrases ("a b") that occur in at least
// minDocs documents and whose terms co-occur more than chance predicts
// (a positive, document-level pointwise mutual information). Empty strings in
// docs break phrases.
func FindPhrases(docs [][]string, minDocs int) map[string]bool {
	df, pairDF := map[string]int{}, map[string]int{}
	for _, d := range docs {
		seen := map[string]bool{}
		for i, t := range d {
			if t == "" {
				continue
			}
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
			if i+1 < len(d) && d[i+1] != "" && d[i+1] != t {
				p := t + " " + d[i+1]
				if !seen[p] {
					seen[p] = true
					pairDF[p]++
				}
			}
		}
	}
	n := float64(len(docs))
	out := map[string]bool{}
	for p, c := range pairDF {
		if c < minDocs {
			continue
		}
		a, b, _ := strings.Cut(p, " ")
		if float64(c)*n > float64(df[a])*float64(df[b]) {
			out[p] = true
		}
	}
	return out
}

// SortedKeys returns the keys of m in ascending order.
func SortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
