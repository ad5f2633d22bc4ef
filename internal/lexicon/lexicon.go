// Package lexicon holds the bilingual word lists that carry stories in other
// languages into English before theming: for each supported language, a
// sorted table from a lower-cased single-word headword to one English gloss,
// the most frequent English translation the source dictionaries give.
//
// The built-in table (lexicon.klex) is built by scripts/lexicon/build.go
// from Debian's FreeDict packages and the Mueller English–Russian
// dictionary (GPL-2+ / GPL-3+; provenance in NOTICE and in the script).
// Glosses are stored as frequency ranks into the GloVe table of
// internal/embeddings, so every gloss has a word vector.
//
// File format: a gzip stream of
//
//	"KLEX" version(uint8=1) languages(uint8)
//	per language: code(2 bytes, ISO 639-1) entries(uint32 LE)
//	  per entry, headwords in byte order, front-coded:
//	  shared(uint8) suffixLen(uint8) suffix  gloss(uint24 LE)
//
// where shared is the number of leading bytes the headword has in common
// with the previous one, and gloss is a GloVe rank or FunctionWord.
package lexicon

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/kindredhq/kindred/internal/embeddings"
)

//go:embed lexicon.klex
var builtinData []byte

// FunctionWord is the gloss rank of a headword whose every English
// translation is a stop word ("sobre" → about, on): the pivot drops it like
// a stop word instead of counting it as an untranslated content word.
const FunctionWord = 1<<24 - 1

// Lexicon is an immutable set of per-language word tables. It is safe for
// concurrent use.
type Lexicon struct {
	langs map[string]*table
}

// table is one language: headwords concatenated in byte order, their start
// offsets (plus a final end offset), and the gloss of each.
type table struct {
	heads   string
	offs    []uint32
	glosses []string // "" for a function word
}

// builtin is parsed on first use (about 40 ms): commands that never meet a
// story in another language should not pay for it. It is written once under
// sync.Once and only read afterwards.
var builtin = sync.OnceValues(func() (*Lexicon, error) {
	glove, err := embeddings.English()
	if err != nil {
		return nil, err
	}
	return Parse(builtinData, glove.Word)
})

// Builtin returns the embedded lexicon, parsing it on first call. It returns
// an error only if the embedded data (or the GloVe table its glosses point
// into) is corrupt.
func Builtin() (*Lexicon, error) { return builtin() }

// Parse decodes a lexicon in the format of the package comment; word turns
// a gloss rank into the English word. It returns an error when the data is
// not gzip, has the wrong header, is truncated, lists headwords out of
// order, or names a rank word does not know.
func Parse(data []byte, word func(rank int) string) (*Lexicon, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("parse lexicon: not gzip: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("parse lexicon: %w", err)
	}
	if len(raw) < 6 || string(raw[:4]) != "KLEX" || raw[4] != 1 {
		return nil, errors.New("parse lexicon: bad header")
	}
	r := &reader{data: raw, pos: 6}
	lx := &Lexicon{langs: map[string]*table{}}
	for range int(raw[5]) {
		code, t, err := r.table(word)
		if err != nil {
			return nil, fmt.Errorf("parse lexicon: %w", err)
		}
		lx.langs[code] = t
	}
	if r.pos != len(raw) {
		return nil, fmt.Errorf("parse lexicon: %d bytes after the last table", len(raw)-r.pos)
	}
	return lx, nil
}

type reader struct {
	data []byte
	pos  int
}

func (r *reader) take(n int) ([]byte, error) {
	if r.pos+n > len(r.data) {
		return nil, fmt.Errorf("truncated at byte %d", r.pos)
	}
	b := r.data[r.pos : r.pos+n]
	r.pos += n
	return b, nil
}

func (r *reader) table(word func(int) string) (string, *table, error) {
	h, err := r.take(6)
	if err != nil {
		return "", nil, err
	}
	code := string(h[:2])
	n := int(uint32(h[2]) | uint32(h[3])<<8 | uint32(h[4])<<16 | uint32(h[5])<<24)
	t := &table{offs: make([]uint32, 0, n+1), glosses: make([]string, 0, n)}
	var heads strings.Builder
	prev := ""
	for i := range n {
		b, err := r.take(2)
		if err != nil {
			return "", nil, fmt.Errorf("%s entry %d: %w", code, i, err)
		}
		shared, sl := int(b[0]), int(b[1])
		suffix, err := r.take(sl + 3)
		if err != nil {
			return "", nil, fmt.Errorf("%s entry %d: %w", code, i, err)
		}
		if shared > len(prev) {
			return "", nil, fmt.Errorf("%s entry %d: bad front coding", code, i)
		}
		head := prev[:shared] + string(suffix[:sl])
		if i > 0 && head <= prev {
			return "", nil, fmt.Errorf("%s entry %d: %q not after %q", code, i, head, prev)
		}
		g := int(suffix[sl]) | int(suffix[sl+1])<<8 | int(suffix[sl+2])<<16
		gloss := ""
		if g != FunctionWord {
			if gloss = word(g); gloss == "" {
				return "", nil, fmt.Errorf("%s entry %q: unknown gloss rank %d", code, head, g)
			}
		}
		t.offs = append(t.offs, uint32(heads.Len()))
		heads.WriteString(head)
		t.glosses = append(t.glosses, gloss)
		prev = head
	}
	t.offs = append(t.offs, uint32(heads.Len()))
	t.heads = heads.String()
	return code, t, nil
}

func (t *table) head(i int) string { return t.heads[t.offs[i]:t.offs[i+1]] }

// Lookup returns the English gloss of a lower-cased word of lang (an ISO
// 639-1 code). found is false when the language or the word is not in the
// lexicon; a found word with gloss "" is a function word (see FunctionWord).
func (l *Lexicon) Lookup(lang, word string) (gloss string, found bool) {
	t := l.langs[lang]
	if t == nil {
		return "", false
	}
	n := len(t.glosses)
	i := sort.Search(n, func(i int) bool { return t.head(i) >= word })
	if i == n || t.head(i) != word {
		return "", false
	}
	return t.glosses[i], true
}

// Langs returns the languages the lexicon covers, sorted.
func (l *Lexicon) Langs() []string {
	out := make([]string, 0, len(l.langs))
	for code := range l.langs {
		out = append(out, code)
	}
	slices.Sort(out)
	return out
}

// Has reports whether the lexicon covers lang.
func (l *Lexicon) Has(lang string) bool { return l.langs[lang] != nil }

// Len returns the number of headwords of lang (0 when not covered).
func (l *Lexicon) Len(lang string) int {
	if t := l.langs[lang]; t != nil {
		return len(t.glosses)
	}
	return 0
}

// Each calls f for every headword of lang in byte order, with its gloss (""
// for a function word).
func (l *Lexicon) Each(lang string, f func(head, gloss string)) {
	t := l.langs[lang]
	if t == nil {
		return
	}
	for i, g := range t.glosses {
		f(t.head(i), g)
	}
}
