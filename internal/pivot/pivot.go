// Package pivot carries stories written in other languages into English
// words, so that stories telling the same thing in different languages land
// in the same theme: each content word (not a stop word of its language)
// is replaced by its English gloss from a bilingual lexicon
// (internal/lexicon); a word not found as written is looked up by its
// snowball stem, by light affix stripping (Arabic clitics, Hindi endings,
// Swahili prefixes), as a cognate (presidente → president) and, for German,
// by the last part of a compound.
//
// A story is worth pivoting only when most of its content words are
// found: Coverage reports the share, and Worth applies the threshold
// measured on SIB-200 (bench/themes).
//
// It is a pure package: plain values in and out, deterministic, safe for
// concurrent use once built.
package pivot

import (
	"strings"
	"unicode/utf8"

	"github.com/kindredhq/kindred/internal/lexicon"
	"github.com/kindredhq/kindred/internal/textproc"
)

// MinCoverage is the share of a language's content words (pooled over a
// campaign's stories in it) that must have an English gloss for its stories
// to be pivoted. Below it the original words are kept: a story mostly made
// of untranslated words themes worse in English than in its own language
// (SIB-200 Russian with a 1,700-word dictionary: AMI 0.15 → 0.08).
const MinCoverage = 0.45

// Translator looks words up in a lexicon, with stem indexes built for the
// languages it was made for. It is immutable after New.
type Translator struct {
	lex     *lexicon.Lexicon
	english English // nil: no cognates
	stems   map[string]stemIndex
}

// stemIndex maps the snowball stem of a language's headwords to the gloss
// of the shortest headword with that stem (its most basic form).
type stemIndex struct {
	stem  func(string) string
	gloss map[string]string
}

// New returns a Translator for the given languages (ISO 639-1 codes; ones
// the lexicon does not cover are ignored). Building the stem index costs
// about a millisecond per thousand headwords, so pass only the languages a
// corpus has. english, when not nil, lets words the lexicon lacks be
// carried over as cognates (presidente → president).
func New(lex *lexicon.Lexicon, english English, langs []string) *Translator {
	t := &Translator{lex: lex, english: english, stems: map[string]stemIndex{}}
	for _, l := range langs {
		stem := textproc.Stemmer(l)
		if stem == nil || !lex.Has(l) {
			continue
		}
		idx := stemIndex{stem: stem, gloss: map[string]string{}}
		best := map[string]string{}
		lex.Each(l, func(head, gloss string) {
			if gloss == "" {
				return
			}
			s := stem(head)
			if b, ok := best[s]; !ok || len(head) < len(b) || (len(head) == len(b) && head < b) {
				best[s], idx.gloss[s] = head, gloss
			}
		})
		t.stems[l] = idx
	}
	return t
}

// Covers reports whether the lexicon has words of lang.
func (t *Translator) Covers(lang string) bool { return t.lex.Has(lang) }

// Kind says what the pivot does with a word.
type Kind int

// The kinds of word.
const (
	Drop    Kind = iota // a stop word, function word, number or single letter
	Known               // translated: Gloss holds the English word
	Unknown             // a content word the lexicon does not know
)

// Word returns what becomes of one lower-cased word of lang.
func (t *Translator) Word(lang, w string) (gloss string, kind Kind) {
	if textproc.IsStopWord(lang, w) || textproc.IsNumber(w) || utf8.RuneCountInString(w) < 2 {
		return "", Drop
	}
	if g, found := t.lex.Lookup(lang, w); found {
		if g == "" {
			return "", Drop
		}
		return g, Known
	}
	if g, ok := t.byStem(lang, w); ok {
		return g, Known
	}
	for _, v := range variants(lang, w) {
		if g, found := t.lex.Lookup(lang, v); found && g != "" {
			return g, Known
		}
		if g, ok := t.byStem(lang, v); ok {
			return g, Known
		}
	}
	if g, ok := cognate(lang, w, t.english); ok {
		return g, Known
	}
	if lang == "de" {
		if g, ok := t.compound(w); ok {
			return g, Known
		}
	}
	return "", Unknown
}

func (t *Translator) byStem(lang, w string) (string, bool) {
	idx, ok := t.stems[lang]
	if !ok {
		return "", false
	}
	g, ok := idx.gloss[idx.stem(w)]
	return g, ok
}

// compound glosses a German compound by its longest final part that the
// lexicon knows ("Gemeinschaftsgarten" → garden), provided the rest is a
// word too (optionally with a linking s, n, e or en).
func (t *Translator) compound(w string) (string, bool) {
	for i := 3; i+4 <= len(w); i++ {
		if !utf8.RuneStart(w[i]) {
			continue
		}
		g, found := t.lex.Lookup("de", w[i:])
		if !found || g == "" {
			continue
		}
		for _, link := range []string{"", "s", "n", "e", "en"} {
			if f, ok := strings.CutSuffix(w[:i], link); ok && len(f) >= 3 {
				if _, found := t.lex.Lookup("de", f); found {
					return g, true
				}
			}
		}
	}
	return "", false
}

// Story is a story's words carried into English.
type Story struct {
	Words   []string // English glosses, then (when kept) untranslated words, in text order
	Content int      // content words (not dropped)
	Known   int      // content words translated
}

// Coverage returns the share of content words translated (0 without any).
func (s Story) Coverage() float64 {
	if s.Content == 0 {
		return 0
	}
	return float64(s.Known) / float64(s.Content)
}

// Worth reports whether the story has content words and at least
// MinCoverage of them translated.
func (s Story) Worth() bool { return s.Content > 0 && s.Coverage() >= MinCoverage }

// Words carries the lower-cased words of a text in lang into English,
// dropping stop words and keeping untranslated content words as written
// (names and places often are the same in every language).
func (t *Translator) Words(lang string, words []string) Story {
	var s Story
	for _, w := range words {
		g, kind := t.Word(lang, w)
		switch kind {
		case Known:
			s.Content++
			s.Known++
			s.Words = append(s.Words, g)
		case Unknown:
			s.Content++
			s.Words = append(s.Words, w)
		}
	}
	return s
}
