package pivot

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/kindredhq/kindred/internal/lexicon"
	"github.com/kindredhq/kindred/internal/textproc"
)

// vocab is the English side of the test lexicon, in frequency order.
var vocab = []string{"garden", "community", "water", "book", "world", "house", "read", "president", "energy",
	"investigation", "internet", "scientific", "tree", "apple", "new", "network", "technology"}

type english map[string]int

func (e english) Rank(w string) (int, bool) { r, ok := e[w]; return r, ok }

func testTranslator(t *testing.T, langs ...string) *Translator {
	t.Helper()
	rank := english{}
	for i, w := range vocab {
		rank[w] = i
	}
	g := func(w string) int { return rank[w] }
	var buf bytes.Buffer
	err := lexicon.Write(&buf, map[string][]lexicon.Entry{
		"es": {{Head: "huerto", Gloss: g("garden")}, {Head: "comunidad", Gloss: g("community")}, {Head: "agua", Gloss: g("water")},
			{Head: "año", Gloss: g("world")}, {Head: "sobre", Gloss: lexicon.FunctionWord}, {Head: "red", Gloss: g("network")}},
		"de": {{Head: "garten", Gloss: g("garden")}, {Head: "gemeinschaft", Gloss: g("community")}, {Head: "apfel", Gloss: g("apple")},
			{Head: "baum", Gloss: g("tree")}},
		"ar": {{Head: "كتاب", Gloss: g("book")}, {Head: "حديقة", Gloss: g("garden")}},
		"sw": {{Head: "kubwa", Gloss: g("world")}, {Head: "pya", Gloss: g("new")}, {Head: "soma", Gloss: g("read")}, {Head: "nyumba", Gloss: g("house")}},
		"hi": {{Head: "किताब", Gloss: g("book")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	lex, err := lexicon.Parse(buf.Bytes(), func(r int) string {
		if r < len(vocab) {
			return vocab[r]
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	return New(lex, rank, langs)
}

func TestWord(t *testing.T) {
	t.Parallel()
	tr := testTranslator(t, "es", "de", "ar", "sw", "hi")
	tests := []struct {
		name, lang, word, gloss string
		kind                    Kind
	}{
		{"exact", "es", "huerto", "garden", Known},
		{"stop word", "es", "los", "", Drop},
		{"function word from the lexicon", "es", "sobre", "", Drop},
		{"number", "es", "2024", "", Drop},
		{"false friend found in the lexicon first", "es", "red", "network", Known},
		{"snowball stem", "es", "huertos", "garden", Known},
		{"plural", "es", "años", "world", Known},
		{"cognate", "es", "presidente", "president", Known},
		{"cognate ending", "es", "investigación", "investigation", Known},
		{"cognate with accents", "es", "energía", "energy", Known},
		{"spelt as in English", "es", "internet", "internet", Known},
		{"unknown", "es", "zapato", "", Unknown},
		{"German compound", "de", "apfelbaum", "tree", Known},
		{"German compound with linking s", "de", "gemeinschaftsgarten", "garden", Known},
		{"Arabic article", "ar", "الكتاب", "book", Known},
		{"Arabic conjunction and article", "ar", "والحديقة", "garden", Known},
		{"Arabic with vowel marks", "ar", "كِتَاب", "book", Known},
		{"Swahili class prefix", "sw", "mkubwa", "world", Known},
		{"Swahili verb prefixes", "sw", "walisoma", "read", Known},
		{"Swahili locative", "sw", "nyumbani", "house", Known},
		{"Hindi ending", "hi", "किताबें", "book", Known},
		{"language not covered", "it", "giardino", "", Unknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, k := tr.Word(tt.lang, tt.word)
			if g != tt.gloss || k != tt.kind {
				t.Errorf("Word(%s, %q) = %q, %d; want %q, %d", tt.lang, tt.word, g, k, tt.gloss, tt.kind)
			}
		})
	}
}

func TestWords(t *testing.T) {
	t.Parallel()
	tr := testTranslator(t, "es")
	s := tr.Words("es", textproc.Words("Los vecinos riegan el huerto de la comunidad con agua de lluvia"))
	if want := []string{"vecinos", "riegan", "garden", "community", "water", "lluvia"}; !reflect.DeepEqual(s.Words, want) {
		t.Errorf("Words = %q, want %q", s.Words, want)
	}
	if s.Content != 6 || s.Known != 3 || s.Coverage() != 0.5 || !s.Worth() {
		t.Errorf("content %d known %d coverage %.2f worth %v; want 6, 3, 0.50, true", s.Content, s.Known, s.Coverage(), s.Worth())
	}
	low := tr.Words("es", textproc.Words("Los vecinos riegan la lluvia"))
	if low.Worth() || low.Coverage() != 0 {
		t.Errorf("no word known: coverage %.2f worth %v; want 0, false", low.Coverage(), low.Worth())
	}
	if empty := tr.Words("es", textproc.Words("de la y")); empty.Worth() || empty.Content != 0 {
		t.Errorf("stop words only: %+v, want no content and not worth pivoting", empty)
	}
}
