// Package langid tells the language of a story from its words: by script
// where a script belongs to one supported language (Arabic, Devanagari,
// Cyrillic, Han, Hangul, …), and for Latin-script text by which language's
// stop words and dictionary words (internal/lexicon) its words are. A
// language given with the story is a hint: it wins when the text does not
// clearly say otherwise.
//
// It is a pure package, deterministic and safe for concurrent use. Accuracy
// on SIB-200 sentences is measured by bench/themes -langid.
package langid

import (
	"sync"
	"unicode"

	"github.com/kindredhq/kindred/internal/lexicon"
	"github.com/kindredhq/kindred/internal/textproc"
)

// latin are the Latin-script languages told apart, in a fixed order so
// ties resolve the same way every run.
var latin = []string{"en", "es", "fr", "pt", "de", "it", "nl", "sv", "no", "da", "fi", "tr", "id", "vi", "tl", "sw",
	"yo", "hu", "ro"}

// scripts maps a script to the language assumed for text mostly written in
// it, and the languages a hint may name for that script.
var scripts = []struct {
	table *unicode.RangeTable
	lang  string
	hints []string
}{
	{unicode.Hangul, "ko", nil}, {unicode.Hiragana, "ja", nil}, {unicode.Katakana, "ja", nil},
	{unicode.Han, "zh", []string{"ja"}}, {unicode.Arabic, "ar", []string{"fa", "ur", "ps", "ku"}},
	{unicode.Devanagari, "hi", []string{"mr", "ne", "sa"}}, {unicode.Bengali, "bn", []string{"as"}},
	{unicode.Thai, "th", nil}, {unicode.Greek, "el", nil}, {unicode.Hebrew, "he", []string{"yi"}},
	{unicode.Tamil, "ta", nil}, {unicode.Cyrillic, "ru", []string{"uk", "bg", "sr", "mk", "be", "kk", "mn", "ky"}},
}

// Detector guesses languages. Build it once with New; it is immutable.
type Detector struct {
	vocab map[string]masks // word → the Latin-script languages it belongs to
}

// masks have bit i set when a word is a stop word, or a dictionary word,
// of latin[i].
type masks struct{ stop, dict uint32 }

// builtin is built on first use from the built-in lexicon (about 50 ms).
// It is written once under sync.Once and only read afterwards.
var builtin = sync.OnceValues(func() (*Detector, error) {
	lex, err := lexicon.Builtin()
	if err != nil {
		return nil, err
	}
	return New(lex), nil
})

// Builtin returns the Detector of the built-in lexicon, building it on first
// call. It returns an error only if the embedded lexicon is corrupt.
func Builtin() (*Detector, error) { return builtin() }

// New returns a Detector that knows the headwords of lex for the
// Latin-script languages it covers, and the English glosses as English
// words. lex may be nil (stop words only).
func New(lex *lexicon.Lexicon) *Detector {
	d := &Detector{vocab: map[string]masks{}}
	for i, l := range latin {
		for _, w := range textproc.StopWordList(l) {
			m := d.vocab[w]
			m.stop |= 1 << i
			d.vocab[w] = m
		}
	}
	if lex == nil {
		return d
	}
	for i, l := range latin {
		lex.Each(l, func(head, gloss string) {
			m := d.vocab[head]
			m.dict |= 1 << i
			d.vocab[head] = m
			if gloss != "" {
				g := d.vocab[gloss]
				g.dict |= 1 // latin[0] is English
				d.vocab[gloss] = g
			}
		})
	}
	return d
}

// Guess is a detected language with the evidence for it.
type Guess struct {
	Lang string // ISO 639-1 code, "" when nothing tells
	// Score is the share of words (or, by script, of letters) that point to
	// Lang; 0 when Lang is "".
	Score float64
}

// minEvidence is the least Latin-script score (about two stop words) with
// which a text overrules the language its teller gave.
const minEvidence = 1.5

// Detect returns the language of a text given as its lower-cased words
// (textproc.Words), taking hint (any tag textproc.NormalizeLang reads) when
// the text agrees with it or cannot tell: the hint wins when the text has
// letters of the hint's script (Han for Chinese, Cyrillic for Russian or
// Ukrainian), or, for Latin-script text, when the hint's score reaches half
// the best one or the best one is under minEvidence (Yoruba tellers write
// many words Spanish or English dictionaries also list).
func (d *Detector) Detect(words []string, hint string) Guess {
	hint = textproc.NormalizeLang(hint)
	counts, latinN, total := scriptCounts(words)
	for i, n := range counts {
		if n > 0 && (hint == scripts[i].lang || contains(scripts[i].hints, hint)) {
			// The text has letters of the script of the teller's language
			// (a Chinese story full of Latin names is still Chinese).
			return Guess{Lang: hint, Score: float64(n) / float64(total)}
		}
	}
	letters, script := dominant(counts, latinN, total)
	if script >= 0 {
		s := scripts[script]
		g := Guess{Lang: s.lang, Score: letters}
		if s.lang == "zh" && hasKana(words) {
			g.Lang = "ja"
		}
		return g
	}
	if letters == 0 {
		return Guess{Lang: hint}
	}
	scores := d.latinScores(words)
	best := 0
	for i := range scores {
		if scores[i] > scores[best] {
			best = i
		}
	}
	if scores[best] == 0 {
		return Guess{Lang: hint}
	}
	n := float64(len(words))
	for i, l := range latin {
		if l == hint && (scores[i] >= 0.5*scores[best] || scores[best] < minEvidence) {
			return Guess{Lang: hint, Score: scores[i] / n}
		}
	}
	if hint != "" && !contains(latin, hint) && !textproc.HasStopWords(hint) {
		// A Latin-script language we know nothing of: trust the teller.
		return Guess{Lang: hint, Score: 0}
	}
	return Guess{Lang: latin[best], Score: scores[best] / n}
}

// latinScores counts, per Latin-script language, its stop words (weight 1),
// dictionary words (weight ½) and words spelt with letters only it uses
// (weight 1: Vietnamese ơ, ư, ặ…; Yoruba ṣ and tone-marked ẹ, ọ).
// Only the first maxWords words count: they tell the language as well as
// all of a long story, at a fraction of the cost.
func (d *Detector) latinScores(words []string) []float64 {
	scores := make([]float64, len(latin))
	for _, w := range words[:min(len(words), maxWords)] {
		if i := signature(w); i >= 0 {
			scores[i]++
			continue
		}
		m, ok := d.vocab[w]
		if !ok {
			continue
		}
		for i := range latin {
			switch {
			case m.stop&(1<<i) != 0:
				scores[i]++
			case m.dict&(1<<i) != 0:
				scores[i] += 0.5
			}
		}
	}
	return scores
}

// maxWords is how many words of a story language detection reads.
const maxWords = 200

var (
	vietnamese = indexOf(latin, "vi")
	yoruba     = indexOf(latin, "yo")
)

// signature returns the index in latin of the only language that spells
// words with some letter of w, or -1.
func signature(w string) int {
	dotted := false
	for _, r := range w {
		switch {
		case r == 'ṣ' || (dotted && (r == '\u0300' || r == '\u0301')):
			return yoruba
		case r == 'ẹ' || r == 'ọ':
			dotted = true
		case r == 'ơ' || r == 'ư' || r == 'ă' || r == 'đ' || (r >= 0x1EA0 && r <= 0x1EF9):
			return vietnamese
		}
	}
	return -1
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// scriptCounts counts the letters of words in each script of scripts, in
// Latin, and in all.
func scriptCounts(words []string) (counts []int, latinN, total int) {
	counts = make([]int, len(scripts))
	for _, w := range words[:min(len(words), maxWords)] {
		for _, r := range w {
			if !unicode.IsLetter(r) {
				continue
			}
			total++
			if unicode.Is(unicode.Latin, r) {
				latinN++
				continue
			}
			for i, s := range scripts {
				if unicode.Is(s.table, r) {
					counts[i]++
					break
				}
			}
		}
	}
	return counts, latinN, total
}

// dominant returns the share of letters in the most used script and its
// index in scripts, or -1 when Latin (or no script) dominates.
func dominant(counts []int, latinN, total int) (float64, int) {
	best, bestN := -1, latinN
	for i, n := range counts {
		if n > bestN {
			best, bestN = i, n
		}
	}
	if total == 0 {
		return 0, -1
	}
	return float64(bestN) / float64(total), best
}

func hasKana(words []string) bool {
	for _, w := range words {
		for _, r := range w {
			if unicode.In(r, unicode.Hiragana, unicode.Katakana) {
				return true
			}
		}
	}
	return false
}

func contains(list []string, s string) bool { return indexOf(list, s) >= 0 }
