//go:build ignore

// Build turns bilingual dictionaries in dictd format, as Debian installs
// them in /usr/share/dictd, into the compact word table embedded in
// internal/lexicon (lexicon.klex). Run it by hand, from the repository root,
// after installing the source packages:
//
//	apt-get install -y dict-freedict-spa-eng dict-freedict-eng-spa dict-freedict-fra-eng \
//	    dict-freedict-eng-fra dict-freedict-por-eng dict-freedict-eng-por dict-freedict-deu-eng \
//	    dict-freedict-ara-eng dict-freedict-eng-ara dict-freedict-swh-eng dict-freedict-eng-swh \
//	    dict-freedict-eng-hin dict-freedict-eng-rus mueller7-dict dict-freedict-spa-deu
//	go run scripts/lexicon/build.go -dictd /usr/share/dictd -out internal/lexicon/lexicon.klex
//
// Sources (Debian package, version, dictionary edition, licence), all
// recorded in NOTICE too:
//
//	dict-freedict-spa-eng 2022.04.21-1  FreeDict spa-eng 0.3.1    GPL-2+
//	dict-freedict-eng-spa 2022.04.21-1  FreeDict eng-spa 0.3.1    GPL-2+  (inverted)
//	dict-freedict-fra-eng 2022.04.21-1  FreeDict fra-eng 0.4.1    GPL-2+
//	dict-freedict-eng-fra 2022.04.21-1  FreeDict eng-fra 0.1.6    GPL-2+  (inverted)
//	dict-freedict-por-eng 2022.04.21-1  FreeDict por-eng 0.2      GPL-2+
//	dict-freedict-eng-por 2022.04.21-1  FreeDict eng-por 0.3      GPL-2+  (inverted)
//	dict-freedict-deu-eng 2022.04.21-1  FreeDict deu-eng 1.9-fd1  GPL-3+ (GPLv3 or AGPLv3, from Ding)
//	dict-freedict-ara-eng 2022.04.21-1  FreeDict ara-eng 0.6.3    GPL-2+
//	dict-freedict-eng-ara 2022.04.21-1  FreeDict eng-ara 0.6.3    GPL-2+  (inverted)
//	dict-freedict-swh-eng 2022.04.21-1  FreeDict swh-eng 0.4.4    GPL-2+
//	dict-freedict-eng-swh 2022.04.21-1  FreeDict eng-swh 0.2.2    GPL-2+  (inverted)
//	dict-freedict-eng-hin 2022.04.21-1  FreeDict eng-hin 1.6      GPL-2+  (inverted)
//	dict-freedict-eng-rus 2022.04.21-1  FreeDict eng-rus 0.3.1    GPL-2+  (inverted)
//	mueller7-dict         2002.02.27-13 Mueller English–Russian, 7th edition (S. Starostin,
//	                                    E. S. Cymbalyuk)  GPL-2+  (inverted)
//	dict-freedict-spa-deu 2022.04.21-1  FreeDict spa-deu 0.1      GPL-2+  (chained through German)
//
// What is kept: single-word headwords (lower-cased, as textproc tokenizes
// them; Arabic without diacritics and article); for each, the candidate
// English glosses from every source (the translations of a X→English
// entry, or the headword of every English→X entry that translates to it),
// and of those the most frequent word of the GloVe table in
// internal/embeddings. Single-word glosses and English headwords of which
// the word is the first translation win over later translations, and
// those over the content words of multi-word glosses. A headword with more English stop words
// than content words among its translations ("sobre" → about, on, upon,
// envelope) is stored as a function word, which the pivot drops. With -compounds=false, German headwords that are
// two other headwords joined (with an optional linking s, n, e or en) are
// left out; the pivot then falls back to the gloss of the last part.
// Spanish words none of the direct sources has are glossed through
// Spanish–German (the gloss of their German translations, by vote).
//
// Sizes (this build): 1.7 MB in all, of which German 190,641 headwords;
// -compounds=false leaves German at 74,847 and the table at 1.0 MB; without
// German (-langs es,fr,pt,ar,sw,hi,ru) it is 0.53 MB.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/kindredhq/kindred/internal/embeddings"
	"github.com/kindredhq/kindred/internal/lexicon"
	"github.com/kindredhq/kindred/internal/textproc"
)

// source is one dictd dictionary.
type source struct {
	lang     string // ISO 639-1 code of the non-English side
	file     string // dictd base name
	edition  string // the edition the 00-database-info must name
	inverted bool   // English → lang: its translations become headwords
	mueller  bool   // Mueller's layout instead of FreeDict's
	// firstOnly (inverted sources of languages without an X→English one):
	// a word is glossed by the English headwords it is the first
	// translation of before those it is a later one of.
	firstOnly bool
}

var sources = []source{
	{"es", "freedict-spa-eng", "0.3.1", false, false, false},
	{"es", "freedict-eng-spa", "0.3.1", true, false, false},
	{"fr", "freedict-fra-eng", "0.4.1", false, false, false},
	{"fr", "freedict-eng-fra", "0.1.6", true, false, false},
	{"pt", "freedict-por-eng", "0.2", false, false, false},
	{"pt", "freedict-eng-por", "0.3", true, false, false},
	{"de", "freedict-deu-eng", "1.9-fd1", false, false, false},
	{"ar", "freedict-ara-eng", "0.6.3", false, false, false},
	{"ar", "freedict-eng-ara", "0.6.3", true, false, false},
	{"sw", "freedict-swh-eng", "0.4.4", false, false, false},
	{"sw", "freedict-eng-swh", "0.2.2", true, false, false},
	{"hi", "freedict-eng-hin", "1.6", true, false, true},
	{"ru", "freedict-eng-rus", "0.3.1", true, false, true},
	{"ru", "mueller7", "", true, true, true},
}

// chain is a dictionary between two other languages that glosses words
// of lang the direct sources lack, through the gloss of their translation
// in via (Spanish huerto → French potager → garden).
type chain struct {
	lang, via string
	file      string
	edition   string
	inverted  bool // via → lang
}

// Only GPL-licensed chains: FreeDict's fra-spa, deu-spa and por-spa
// (WikDict, from Wiktionary) are CC BY-SA 3.0, which GPL and AGPL code may
// not take in; with them SIB-200 Spanish would reach coverage 0.92 and AMI
// 0.35 (0.27 without chains).
var chains = []chain{
	{"es", "de", "freedict-spa-deu", "0.1", false},
}

func main() {
	dir := flag.String("dictd", "/usr/share/dictd", "directory of the dictd files")
	out := flag.String("out", "internal/lexicon/lexicon.klex", "output table")
	compounds := flag.Bool("compounds", true, "keep German compound headwords")
	only := flag.String("langs", "", "comma-separated languages to build (default: all)")
	withChains := flag.Bool("chains", true, "gloss Spanish words the direct dictionaries lack through French, German and Portuguese")
	flag.Parse()
	glove, err := embeddings.English()
	if err != nil {
		log.Fatal(err)
	}
	b := &builder{glove: glove, cands: map[string]map[string]*candidates{}}
	for _, s := range sources {
		if *only != "" && !strings.Contains(","+*only+",", ","+s.lang+",") {
			continue
		}
		n, err := b.read(*dir, s)
		if err != nil {
			log.Fatal(err)
		}
		log.Printf("%-18s %7d entries", s.file, n)
	}
	tables := b.tables(*compounds)
	if *withChains {
		for _, c := range chains {
			if *only != "" && !strings.Contains(","+*only+",", ","+c.lang+",") {
				continue
			}
			n, err := b.readChain(*dir, c, tables)
			if err != nil {
				log.Fatal(err)
			}
			log.Printf("%-18s %7d chained candidates", c.file, n)
		}
		b.addChained(tables)
	}
	var buf bytes.Buffer
	if err := lexicon.Write(&buf, tables); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	for _, l := range sortedKeys(tables) {
		fn := 0
		for _, e := range tables[l] {
			if e.Gloss == lexicon.FunctionWord {
				fn++
			}
		}
		log.Printf("%s: %d headwords (%d function words)", l, len(tables[l]), fn)
	}
	log.Printf("wrote %s: %d bytes", *out, buf.Len())
}

// candidates are the English words proposed for one headword.
type candidates struct {
	single   map[int]bool // GloVe ranks of single-word glosses, and of English headwords it is the first translation of
	later    map[int]bool // ranks of English headwords it is a later translation of
	inPhrase map[int]bool // ranks of content words of multi-word glosses
	stops    int          // translations that are English stop words
}

type builder struct {
	glove   *embeddings.Table
	cands   map[string]map[string]*candidates // lang → headword → candidates
	chained map[string]map[string]map[int]int // lang → headword → gloss rank → votes
}

func (b *builder) add(lang, head string) *candidates {
	m := b.cands[lang]
	if m == nil {
		m = map[string]*candidates{}
		b.cands[lang] = m
	}
	c := m[head]
	if c == nil {
		c = &candidates{single: map[int]bool{}, later: map[int]bool{}, inPhrase: map[int]bool{}}
		m[head] = c
	}
	return c
}

// read adds every entry of one dictionary and returns how many it used.
func (b *builder) read(dir string, s source) (int, error) {
	entries, err := readDictd(filepath.Join(dir, s.file))
	if err != nil {
		return 0, err
	}
	if s.edition != "" && !strings.Contains(info(entries), "Edition: "+s.edition) {
		return 0, fmt.Errorf("%s: not edition %s; update the source list and NOTICE", s.file, s.edition)
	}
	n := 0
	for _, e := range entries {
		if strings.HasPrefix(e.key, "00") {
			continue
		}
		head, glosses := parseFreeDict(e.body)
		if s.mueller {
			head, glosses = parseMueller(e.body)
		}
		if s.inverted {
			n += b.addInverted(s.lang, head, glosses, s.firstOnly)
		} else {
			n += b.addForward(s.lang, head, glosses)
		}
	}
	return n, nil
}

// addForward records the English glosses of a lang headword.
func (b *builder) addForward(lang, head string, glosses []string) int {
	h, ok := oneWord(normalizeHead(lang, head))
	if !ok {
		return 0
	}
	c := b.add(lang, h)
	for _, g := range glosses {
		b.addGloss(c, g)
	}
	return 1
}

func (b *builder) addGloss(c *candidates, gloss string) {
	words := textproc.Words(englishGloss(gloss))
	if len(words) == 1 {
		if textproc.IsStopWord("en", words[0]) {
			c.stops++
		} else if r, ok := b.glove.Rank(words[0]); ok {
			c.single[r] = true
		}
		return
	}
	for _, w := range words {
		if r, ok := b.glove.Rank(w); ok && !textproc.IsStopWord("en", w) && !textproc.IsNumber(w) {
			c.inPhrase[r] = true
		}
	}
}

// addInverted records an English headword as a gloss of each single-word
// translation.
func (b *builder) addInverted(lang, head string, translations []string, firstOnly bool) int {
	e, ok := oneWord(englishGloss(head))
	if !ok {
		return 0
	}
	r, known := b.glove.Rank(e)
	stop := textproc.IsStopWord("en", e)
	if !known && !stop {
		return 0
	}
	n := 0
	for _, t := range translations {
		h, ok := oneWord(normalizeHead(lang, t))
		if !ok || !inScript(lang, h) {
			continue
		}
		c := b.add(lang, h)
		switch {
		case stop:
			c.stops++
		case n == 0 || !firstOnly:
			c.single[r] = true
		default:
			c.later[r] = true
		}
		n++
	}
	return n
}

// tables chooses each headword's gloss: a function word when more of its
// translations are English stop words than content words, else the most frequent single-word gloss,
// else the most frequent content word of a multi-word gloss.
func (b *builder) tables(compounds bool) map[string][]lexicon.Entry {
	out := map[string][]lexicon.Entry{}
	for lang, m := range b.cands {
		for head, c := range m {
			if lang == "de" && !compounds && isCompound(head, m) {
				continue
			}
			g := -1
			switch {
			case c.stops > len(c.single)+len(c.later):
				g = lexicon.FunctionWord
			case len(c.single) > 0:
				g = minKey(c.single)
			case len(c.later) > 0:
				g = minKey(c.later)
			case len(c.inPhrase) > 0:
				g = minKey(c.inPhrase)
			}
			if g >= 0 && len(head) <= 255 {
				out[lang] = append(out[lang], lexicon.Entry{Head: head, Gloss: g})
			}
		}
	}
	return out
}

// readChain collects, for words of c.lang, the glosses of their
// translations in c.via.
func (b *builder) readChain(dir string, c chain, tables map[string][]lexicon.Entry) (int, error) {
	entries, err := readDictd(filepath.Join(dir, c.file))
	if err != nil {
		return 0, err
	}
	if !strings.Contains(info(entries), "Edition: "+c.edition) {
		return 0, fmt.Errorf("%s: not edition %s; update the chain list and NOTICE", c.file, c.edition)
	}
	via := map[string]int{}
	for _, e := range tables[c.via] {
		via[e.Head] = e.Gloss
	}
	if b.chained == nil {
		b.chained = map[string]map[string]map[int]int{}
	}
	if b.chained[c.lang] == nil {
		b.chained[c.lang] = map[string]map[int]int{}
	}
	n := 0
	vote := func(word string, gloss int) {
		if gloss == lexicon.FunctionWord {
			return
		}
		m := b.chained[c.lang][word]
		if m == nil {
			m = map[int]int{}
			b.chained[c.lang][word] = m
		}
		m[gloss]++
		n++
	}
	for _, e := range entries {
		if strings.HasPrefix(e.key, "00") {
			continue
		}
		head, translations := parseFreeDict(e.body)
		h, ok := oneWord(head)
		if !ok {
			continue
		}
		for _, t := range translations {
			w, ok := oneWord(t)
			if !ok {
				continue
			}
			if c.inverted {
				if g, ok := via[h]; ok {
					vote(w, g)
				}
			} else if g, ok := via[w]; ok {
				vote(h, g)
			}
		}
	}
	return n, nil
}

// addChained adds the words only chains gloss: the gloss most of their
// translations agree on, ties to the most frequent.
func (b *builder) addChained(tables map[string][]lexicon.Entry) {
	for lang, words := range b.chained {
		have := map[string]bool{}
		for _, e := range tables[lang] {
			have[e.Head] = true
		}
		added := 0
		for w, votes := range words {
			if have[w] {
				continue
			}
			best, bestN := -1, 0
			for g, n := range votes {
				if n > bestN || (n == bestN && g < best) {
					best, bestN = g, n
				}
			}
			tables[lang] = append(tables[lang], lexicon.Entry{Head: w, Gloss: best})
			added++
		}
		log.Printf("%s: %d headwords added through chains", lang, added)
	}
}

// isCompound reports whether a German headword is two headwords of at least
// four bytes joined, optionally with a linking s, n, e or en.
func isCompound(head string, m map[string]*candidates) bool {
	for i := 4; i+4 <= len(head); i++ {
		if _, ok := m[head[i:]]; !ok {
			continue
		}
		first := head[:i]
		for _, link := range []string{"", "s", "n", "e", "en"} {
			if f, ok := strings.CutSuffix(first, link); ok && len(f) >= 3 {
				if _, ok := m[f]; ok {
					return true
				}
			}
		}
	}
	return false
}

func minKey(m map[int]bool) int {
	best := -1
	for k := range m {
		if best < 0 || k < best {
			best = k
		}
	}
	return best
}

// arabicMarks are the short-vowel and other diacritics Arabic text mostly
// leaves out.
var arabicMarks = regexp.MustCompile(`[\x{064B}-\x{0652}\x{0670}\x{0640}]`)

// normalizeHead spells a headword the way stories mostly do: Arabic
// without diacritics and without the article al- (English–Arabic entries
// give الكتاب for book; the pivot strips the article from stories too).
func normalizeHead(lang, h string) string {
	if lang != "ar" {
		return h
	}
	h = arabicMarks.ReplaceAllString(strings.TrimSpace(h), "")
	if s, ok := strings.CutPrefix(h, "ال"); ok && len([]rune(s)) >= 3 {
		return s
	}
	return h
}

// oneWord returns the single lower-cased token of s, if it has exactly one
// and it is not a number.
func oneWord(s string) (string, bool) {
	w := textproc.Words(s)
	if len(w) != 1 || textproc.IsNumber(w[0]) || len([]rune(w[0])) < 2 {
		return "", false
	}
	return w[0], true
}

// inScript keeps translations written in the language's own script (an
// English-to-Hindi entry sometimes gives a Latin transliteration).
func inScript(lang, w string) bool {
	want := map[string]string{"ar": "Arabic", "hi": "Devanagari", "ru": "Cyrillic"}[lang]
	if want == "" {
		return true
	}
	return textproc.DetectLang(w) == map[string]string{"Arabic": "ar", "Devanagari": "hi", "Cyrillic": "ru"}[want]
}

var (
	parens    = regexp.MustCompile(`\([^)]*\)|\[[^\]]*\]|\{[^}]*\}|<[^>]*>`)
	senseNum  = regexp.MustCompile(`(^|\s)\d+[.)]\s*`)
	articles  = regexp.MustCompile(`^(to|a|an|the|sb\.?|sth\.?|something|someone)\s+`)
	separator = regexp.MustCompile(`[,;:/]`)
)

// englishGloss strips a gloss of notes and a leading infinitive "to" or
// article.
func englishGloss(g string) string {
	g = strings.ToLower(strings.TrimSpace(parens.ReplaceAllString(g, " ")))
	for {
		next := articles.ReplaceAllString(g, "")
		if next == g {
			return strings.TrimSpace(g)
		}
		g = next
	}
}

// parseFreeDict splits a FreeDict entry into its headword (the first line
// up to the pronunciation or part of speech) and its translations, leaving
// out examples, synonyms and cross-references.
func parseFreeDict(body string) (string, []string) {
	lines := strings.Split(body, "\n")
	head := lines[0]
	if i := strings.IndexAny(head, "/<"); i >= 0 {
		head = head[:i]
	}
	var out []string
	for _, l := range lines[1:] {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, `"`) || strings.HasPrefix(t, "Synonym") || strings.HasPrefix(t, "see:") ||
			strings.HasPrefix(t, "Note") || strings.HasPrefix(t, "[") {
			continue
		}
		out = append(out, splitGlosses(t)...)
	}
	return strings.TrimSpace(head), out
}

// parseMueller reads an entry of the Mueller English–Russian dictionary:
// the headword on the first line, then transcriptions in brackets, labels
// starting with "_", numbered senses and examples that contain the
// headword's tilde or Latin letters.
func parseMueller(body string) (string, []string) {
	lines := strings.Split(body, "\n")
	var out []string
	for _, l := range lines[1:] {
		var kept []string
		for _, f := range strings.Fields(parens.ReplaceAllString(l, " ")) {
			if !strings.HasPrefix(f, "_") {
				kept = append(kept, f)
			}
		}
		for _, g := range splitGlosses(strings.Join(kept, " ")) {
			if !strings.ContainsAny(g, "~abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
				out = append(out, g)
			}
		}
	}
	return strings.TrimSpace(lines[0]), out
}

func splitGlosses(s string) []string {
	s = senseNum.ReplaceAllString(parens.ReplaceAllString(s, " "), ",")
	var out []string
	for _, g := range separator.Split(s, -1) {
		if g = strings.TrimSpace(g); g != "" {
			out = append(out, g)
		}
	}
	return out
}

// entry is one article of a dictd dictionary under its index key.
type entry struct{ key, body string }

// info returns the dictionary's 00-database-info article.
func info(entries []entry) string {
	for _, e := range entries {
		if e.key == "00databaseinfo" || e.key == "00-database-info" {
			return e.body
		}
	}
	return ""
}

// readDictd returns the articles of a dictd dictionary (base name without
// .index / .dict.dz) in index order.
func readDictd(base string) ([]entry, error) {
	index, err := os.ReadFile(base + ".index")
	if err != nil {
		return nil, err
	}
	f, err := os.Open(base + ".dict.dz")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", base, err)
	}
	dict, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", base, err)
	}
	var out []entry
	for i, line := range strings.Split(strings.TrimRight(string(index), "\n"), "\n") {
		parts := strings.Split(line, "\t")
		if len(parts) < 3 {
			return nil, fmt.Errorf("%s.index line %d: %d fields", base, i+1, len(parts))
		}
		off, n := b64(parts[1]), b64(parts[2])
		if off < 0 || n < 0 || off+n > len(dict) {
			return nil, fmt.Errorf("%s.index line %d: bad offset", base, i+1)
		}
		out = append(out, entry{parts[0], string(dict[off : off+n])})
	}
	return out, nil
}

// b64 decodes dictd's base-64 numbers.
func b64(s string) int {
	const digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	n := 0
	for _, c := range s {
		d := strings.IndexRune(digits, c)
		if d < 0 {
			return -1
		}
		n = n*64 + d
	}
	return n
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
