package themes

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kindredhq/kindred/internal/embeddings"
	"github.com/kindredhq/kindred/internal/langid"
	"github.com/kindredhq/kindred/internal/lexicon"
	"github.com/kindredhq/kindred/internal/pivot"
	"github.com/kindredhq/kindred/internal/textproc"
)

// views are the texts the pipeline analyses: a story in a language the
// lexicon covers, with enough of its content words translated, is carried
// into English glosses (see internal/pivot); any other story is analysed as
// written, in its own language.
type views struct {
	texts   []string // per story: the English glosses, or the original text
	langs   []string // per story: the detected language of the original
	pivoted []bool
	tr      *pivot.Translator // nil when no story is in a covered language
}

// lang returns the language story i is analysed in.
func (v views) lang(i int) string {
	if v.pivoted[i] {
		return "en"
	}
	return v.langs[i]
}

// newViews detects each story's language (its Lang, else opt.Lang, is a
// hint) and pivots the stories worth it, unless opt.NoPivot.
func newViews(stories []Story, opt Options) (views, error) {
	v := views{texts: make([]string, len(stories)), langs: make([]string, len(stories)), pivoted: make([]bool, len(stories))}
	words := make([][]string, len(stories))
	parallelRange(len(stories), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			words[i] = textproc.Words(stories[i].Text)
		}
	})
	det, err := langid.Builtin()
	if err != nil {
		return v, fmt.Errorf("themes: %w", err)
	}
	parallelRange(len(stories), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			hint := stories[i].Lang
			if textproc.NormalizeLang(hint) == "" {
				hint = opt.Lang
			}
			v.langs[i] = det.Detect(words[i], hint).Lang
			v.texts[i] = stories[i].Text
		}
	})
	if opt.NoPivot {
		return v, nil
	}
	return v, v.pivot(words)
}

// pivot carries into English the stories of every covered language whose
// content words, pooled over the campaign's stories in it, are translated
// at least pivot.MinCoverage of the time. Deciding per language keeps one
// language's stories together: pivoting only the well-covered ones would
// split that language into an English and an untranslated group (which
// then takes a theme of its own: mixed SIB-200 AMI vs topic 0.28 → 0.26
// when stories under 20% coverage kept their words).
func (v *views) pivot(words [][]string) error {
	lex, err := lexicon.Builtin()
	if err != nil {
		return fmt.Errorf("themes: %w", err)
	}
	var covered []string
	for _, l := range v.langs {
		if l != "en" && lex.Has(l) && !slices.Contains(covered, l) {
			covered = append(covered, l)
		}
	}
	if len(covered) == 0 {
		return nil
	}
	slices.Sort(covered)
	glove, err := embeddings.English()
	if err != nil {
		return fmt.Errorf("themes: %w", err)
	}
	v.tr = pivot.New(lex, glove, covered)
	carried := make([]pivot.Story, len(words))
	parallelRange(len(words), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if slices.Contains(covered, v.langs[i]) {
				carried[i] = v.tr.Words(v.langs[i], words[i])
			}
		}
	})
	pooled := map[string]*pivot.Story{}
	for i, s := range carried {
		if p := pooled[v.langs[i]]; p != nil {
			p.Content, p.Known = p.Content+s.Content, p.Known+s.Known
		} else {
			pooled[v.langs[i]] = &pivot.Story{Content: s.Content, Known: s.Known}
		}
	}
	for i, s := range carried {
		if p := pooled[v.langs[i]]; s.Content > 0 && p.Worth() {
			v.texts[i], v.pivoted[i] = strings.Join(s.Words, " "), true
		}
	}
	return nil
}

// span returns the text a span of story i is analysed as: the span itself,
// or its English glosses when the story was pivoted.
func (v views) span(i int, text string) string {
	if !v.pivoted[i] {
		return text
	}
	return strings.Join(v.tr.Words(v.langs[i], textproc.Words(text)).Words, " ")
}

// mainLang returns the language most stories are analysed in (ties to the
// alphabetically first), and the others, sorted.
func (v views) mainLang() (string, []string) {
	counts := map[string]int{}
	for i := range v.texts {
		if l := v.lang(i); l != "" {
			counts[l]++
		}
	}
	best := ""
	var others []string
	for l, n := range counts {
		others = append(others, l)
		if n > counts[best] || (n == counts[best] && l < best) {
			best = l
		}
	}
	slices.Sort(others)
	others = slices.DeleteFunc(others, func(l string) bool { return l == best })
	return best, others
}
