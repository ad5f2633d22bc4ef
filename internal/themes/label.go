package themes

import (
	"math"
	"sort"
	"strings"

	"github.com/kindredhq/kindred/internal/textproc"
)

// termStats holds corpus-wide term frequencies for c-TF-IDF.
type termStats struct {
	docs     [][]string     // terms per story (all stories, input order)
	freq     map[string]int // occurrences in the whole corpus
	avgClass float64        // average number of term occurrences per theme
}

func newTermStats(docs [][]string, k int) termStats {
	ts := termStats{docs: docs, freq: map[string]int{}}
	total := 0
	for _, d := range docs {
		for _, t := range d {
			ts.freq[t]++
		}
		total += len(d)
	}
	ts.avgClass = float64(total) / float64(max(k, 1))
	return ts
}

type weighted struct {
	term string
	w    float64
}

// distinctive ranks the terms of a group of stories by class-based TF-IDF
// (Grootendorst 2022): tf(t, group)/|group| · log(1 + A/f(t)), where A is the
// average theme length in terms and f(t) the term's corpus frequency,
// times √(tf(t, group)/f(t)) so that words common to every theme ("used",
// "time") give way to words concentrated in this one. Terms
// found in only one story of a group of three or more are skipped so a label
// never rests on one teller's words.
func (ts termStats) distinctive(members []int) []weighted {
	tf, df := map[string]int{}, map[string]int{}
	length := 0
	for _, m := range members {
		seen := map[string]bool{}
		for _, t := range ts.docs[m] {
			tf[t]++
			length++
			if !seen[t] {
				seen[t] = true
				df[t]++
			}
		}
	}
	var out []weighted
	for t, c := range tf {
		if len(members) >= 3 && df[t] < 2 {
			continue
		}
		f := float64(ts.freq[t])
		w := float64(c) / float64(max(length, 1)) * math.Log(1+ts.avgClass/f) * math.Sqrt(float64(c)/f)
		out = append(out, weighted{t, w})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].w != out[j].w {
			return out[i].w > out[j].w
		}
		return out[i].term < out[j].term
	})
	return out
}

// keywords turns ranked terms into up to n readable keywords: the surface
// spelling of stems and phrases, character n-grams only for scripts without
// spaces, and no keyword contained in one already taken.
func keywords(ranked []weighted, surface map[string]string, lang string, n int) []string {
	var out []string
	for _, r := range ranked {
		if len(out) == n {
			break
		}
		kw, ok := readable(r.term, surface, lang)
		if !ok || overlaps(out, kw) {
			continue
		}
		out = append(out, kw)
	}
	return out
}

// readable returns the keyword a term stands for, if it is one a reader
// would recognise: character n-grams only for scripts without spaces, and
// never a stop word there.
func readable(term string, surface map[string]string, lang string) (string, bool) {
	if g, ok := strings.CutPrefix(term, "#"); ok {
		g = strings.TrimSpace(g)
		if strings.Contains(g, " ") || len([]rune(g)) < 2 || !textproc.IsSpaceless(g) || textproc.IsStopWord(lang, g) {
			return "", false
		}
		return g, true
	}
	if s, ok := surface[term]; ok {
		return s, true
	}
	return term, true
}

// overlaps reports whether kw repeats a keyword already taken: contains it,
// is contained in it, or (for character n-grams) continues it, as 空公
// continues 航空 in 航空公司.
func overlaps(taken []string, kw string) bool {
	for _, t := range taken {
		if strings.Contains(t, kw) || strings.Contains(kw, t) || adjacentFragments(t, kw) {
			return true
		}
	}
	return false
}

func adjacentFragments(a, b string) bool {
	if !textproc.IsSpaceless(a) || !textproc.IsSpaceless(b) {
		return false
	}
	ra, rb := []rune(a), []rune(b)
	return ra[len(ra)-1] == rb[0] || rb[len(rb)-1] == ra[0]
}

// label joins the first keywords into a short name, preferring phrases:
// the first two phrases if there are any, then single words up to three
// items.
func label(kws []string) string {
	var phrases, words []string
	for _, k := range kws {
		if strings.Contains(k, " ") {
			phrases = append(phrases, k)
		} else {
			words = append(words, k)
		}
	}
	parts := phrases[:min(len(phrases), 2)]
	for _, w := range words {
		if len(parts) >= 3 {
			break
		}
		parts = append(parts, w)
	}
	if len(parts) == 0 {
		return "(no words)"
	}
	return strings.Join(parts, ", ")
}
