package lexicon

import (
	"bytes"
	"compress/gzip"
	"reflect"
	"strings"
	"testing"
)

var ranks = []string{"the", "garden", "world", "community", "book"}

func word(r int) string {
	if r < 0 || r >= len(ranks) {
		return ""
	}
	return ranks[r]
}

func build(t *testing.T, tables map[string][]Entry) *Lexicon {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, tables); err != nil {
		t.Fatal(err)
	}
	lx, err := Parse(buf.Bytes(), word)
	if err != nil {
		t.Fatal(err)
	}
	return lx
}

func TestWriteParseLookup(t *testing.T) {
	t.Parallel()
	lx := build(t, map[string][]Entry{
		"es": {{"mundo", 2}, {"huerto", 1}, {"jardín", 1}, {"sobre", FunctionWord}, {"comunidad", 3}},
		"sw": {{"dunia", 2}, {"bustani", 1}},
	})
	tests := []struct {
		lang, word, gloss string
		found             bool
	}{
		{"es", "huerto", "garden", true},
		{"es", "jardín", "garden", true},
		{"es", "comunidad", "community", true},
		{"es", "sobre", "", true}, // function word
		{"es", "libro", "", false},
		{"es", "", "", false},
		{"sw", "dunia", "world", true},
		{"fr", "monde", "", false},
	}
	for _, tt := range tests {
		g, found := lx.Lookup(tt.lang, tt.word)
		if g != tt.gloss || found != tt.found {
			t.Errorf("Lookup(%s, %q) = %q, %v; want %q, %v", tt.lang, tt.word, g, found, tt.gloss, tt.found)
		}
	}
	if got, want := lx.Langs(), []string{"es", "sw"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Langs = %q, want %q", got, want)
	}
	if got := lx.Len("es"); got != 5 {
		t.Errorf("Len(es) = %d, want 5", got)
	}
	var heads []string
	lx.Each("es", func(h, _ string) { heads = append(heads, h) })
	if want := []string{"comunidad", "huerto", "jardín", "mundo", "sobre"}; !reflect.DeepEqual(heads, want) {
		t.Errorf("Each order = %q, want %q", heads, want)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	gz := func(raw string) []byte {
		var b bytes.Buffer
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(raw))
		zw.Close()
		return b.Bytes()
	}
	var good bytes.Buffer
	Write(&good, map[string][]Entry{"es": {{"mundo", 2}, {"libro", 4}}})
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not gzip", []byte("KLEX"), "gzip"},
		{"bad header", gz("NOPE\x01\x00"), "bad header"},
		{"truncated", gz("KLEX\x01\x01es\x02\x00\x00\x00\x00\x05mun"), "truncated"},
		{"unknown rank", gz("KLEX\x01\x01es\x01\x00\x00\x00\x00\x05mundo\x09\x00\x00"), "unknown gloss rank"},
		{"out of order", gz("KLEX\x01\x01es\x02\x00\x00\x00\x00\x01b\x01\x00\x00\x00\x01a\x01\x00\x00"), "not after"},
	}
	for _, tt := range tests {
		if _, err := Parse(tt.data, word); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v, want it to mention %q", tt.name, err, tt.want)
		}
	}
	if _, err := Parse(good.Bytes(), word); err != nil {
		t.Errorf("good table: %v", err)
	}
	if err := Write(&bytes.Buffer{}, map[string][]Entry{"es": {{"a", 1}, {"a", 2}}}); err == nil {
		t.Error("Write with a repeated headword: want an error")
	}
	if err := Write(&bytes.Buffer{}, map[string][]Entry{"spa": {{"a", 1}}}); err == nil {
		t.Error("Write with a three-letter code: want an error")
	}
}

// TestBuiltin checks the embedded table: its size on disk, the languages
// and headword counts it was built with, and a few lookups per language.
func TestBuiltin(t *testing.T) {
	t.Parallel()
	if n := len(builtinData); n > 3<<20 {
		t.Errorf("embedded lexicon is %d bytes, want at most 3 MB", n)
	}
	lx, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	minLen := map[string]int{"es": 4000, "fr": 6000, "pt": 12000, "de": 150000, "ar": 20000, "sw": 2400, "hi": 9000, "ru": 30000}
	for l, n := range minLen {
		if got := lx.Len(l); got < n {
			t.Errorf("Len(%s) = %d, want at least %d", l, got, n)
		}
	}
	tests := []struct{ lang, word, gloss string }{
		{"es", "año", "year"}, {"fr", "jardin", "garden"}, {"pt", "comunidade", "community"},
		{"de", "gemeinschaft", "community"}, {"ar", "كتاب", "book"}, {"sw", "bustani", "garden"},
		{"hi", "किताब", "book"}, {"ru", "сад", "garden"},
	}
	for _, tt := range tests {
		if g, _ := lx.Lookup(tt.lang, tt.word); g != tt.gloss {
			t.Errorf("Lookup(%s, %q) = %q, want %q", tt.lang, tt.word, g, tt.gloss)
		}
	}
}
