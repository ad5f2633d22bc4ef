package textproc

import (
	"strings"
	"unicode"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/arabic"
	"github.com/blevesearch/snowballstem/danish"
	"github.com/blevesearch/snowballstem/dutch"
	"github.com/blevesearch/snowballstem/finnish"
	"github.com/blevesearch/snowballstem/german"
	"github.com/blevesearch/snowballstem/irish"
	"github.com/blevesearch/snowballstem/italian"
	"github.com/blevesearch/snowballstem/portuguese"
	"github.com/blevesearch/snowballstem/romanian"
	"github.com/blevesearch/snowballstem/tamil"
	"github.com/blevesearch/snowballstem/turkish"
	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
)

// aliases maps language names and FLORES/ISO 639-3 codes to the two-letter
// ISO 639-1 codes used throughout Kindred.
var aliases = map[string]string{
	"eng": "en", "english": "en", "spa": "es", "spanish": "es", "fra": "fr", "fre": "fr", "french": "fr",
	"por": "pt", "portuguese": "pt", "deu": "de", "ger": "de", "german": "de", "ita": "it", "italian": "it",
	"nld": "nl", "dut": "nl", "dutch": "nl", "rus": "ru", "russian": "ru", "arb": "ar", "ara": "ar", "arabic": "ar",
	"hin": "hi", "hindi": "hi", "ben": "bn", "bengali": "bn", "zho": "zh", "chi": "zh", "cmn": "zh", "chinese": "zh",
	"kor": "ko", "korean": "ko", "vie": "vi", "vietnamese": "vi", "tgl": "tl", "fil": "tl", "tagalog": "tl",
	"swh": "sw", "swa": "sw", "swahili": "sw", "yor": "yo", "yoruba": "yo", "jpn": "ja", "japanese": "ja",
	"swe": "sv", "swedish": "sv", "nor": "no", "nob": "no", "nb": "no", "nn": "no", "norwegian": "no",
	"hun": "hu", "hungarian": "hu", "dan": "da", "danish": "da", "fin": "fi", "finnish": "fi", "ron": "ro",
	"rum": "ro", "romanian": "ro", "tur": "tr", "turkish": "tr", "gle": "ga", "irish": "ga", "tam": "ta",
	"tamil": "ta", "tha": "th", "thai": "th", "ind": "id", "indonesian": "id",
}

// NormalizeLang returns the ISO 639-1 code for a language tag such as "en",
// "en-US", "eng_Latn", "eng" or "English", or "" when the tag is empty or
// unknown (unknown two-letter codes are returned lower-cased as they are).
func NormalizeLang(tag string) string {
	t := strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(t, "-_"); i >= 0 {
		t = t[:i]
	}
	if code, ok := aliases[t]; ok {
		return code
	}
	if len(t) == 2 && strings.IndexFunc(t, func(r rune) bool { return r < 'a' || r > 'z' }) < 0 {
		return t
	}
	return ""
}

// Stemmer returns the snowball stemmer for lang (an ISO 639-1 code), or nil
// when there is none. kljensen/snowball serves en, es, fr, ru, sv, no and hu;
// blevesearch/snowballstem serves de, nl, it, pt, da, fi, ro, tr, ga, ar and
// ta. The returned function is safe for concurrent use.
func Stemmer(lang string) func(string) string {
	if f, ok := kljensen[lang]; ok {
		return func(w string) string { return f(w, true) }
	}
	if f, ok := bleve[lang]; ok {
		return func(w string) string {
			env := snowballstem.NewEnv(w)
			f(env)
			return env.Current()
		}
	}
	return nil
}

var kljensen = map[string]func(string, bool) string{
	"en": english.Stem, "es": spanish.Stem, "fr": french.Stem, "ru": russian.Stem,
	"sv": swedish.Stem, "no": norwegian.Stem, "hu": hungarian.Stem,
}

var bleve = map[string]func(*snowballstem.Env) bool{
	"de": german.Stem, "nl": dutch.Stem, "it": italian.Stem, "pt": portuguese.Stem, "da": danish.Stem,
	"fi": finnish.Stem, "ro": romanian.Stem, "tr": turkish.Stem, "ga": irish.Stem, "ar": arabic.Stem,
	"ta": tamil.Stem,
}

// scriptLangs maps a script to the language assumed when a text is mostly
// written in it; Latin and Cyrillic need stop words to tell languages apart.
var scriptLangs = []struct {
	table *unicode.RangeTable
	lang  string
}{
	{unicode.Hangul, "ko"}, {unicode.Hiragana, "ja"}, {unicode.Katakana, "ja"}, {unicode.Han, "zh"},
	{unicode.Arabic, "ar"}, {unicode.Devanagari, "hi"}, {unicode.Bengali, "bn"}, {unicode.Thai, "th"},
	{unicode.Greek, "el"}, {unicode.Hebrew, "he"}, {unicode.Tamil, "ta"}, {unicode.Cyrillic, "ru"},
}

// DetectLang guesses the language of text: by script for non-Latin scripts
// (Japanese wins over Chinese when kana appear), and by counting stop words
// for Latin-script languages. It returns "" when it cannot tell.
func DetectLang(text string) string {
	counts := map[string]int{}
	latin := 0
	for _, r := range text {
		if unicode.Is(unicode.Latin, r) {
			latin++
			continue
		}
		for _, s := range scriptLangs {
			if unicode.Is(s.table, r) {
				counts[s.lang]++
				break
			}
		}
	}
	best, bestN := "", latin
	for _, s := range scriptLangs {
		if n := counts[s.lang]; n > bestN {
			best, bestN = s.lang, n
		}
	}
	if best == "zh" && counts["ja"] > 0 {
		return "ja"
	}
	if best != "" || latin == 0 {
		return best
	}
	return detectLatin(Words(text))
}

// detectLatin picks the Latin-script language whose stop words cover the
// most tokens, requiring at least one hit.
func detectLatin(words []string) string {
	best, bestN := "", 0
	for _, lang := range latinLangs {
		stop := stopWords[lang]
		n := 0
		for _, w := range words {
			if stop[w] {
				n++
			}
		}
		if n > bestN {
			best, bestN = lang, n
		}
	}
	return best
}

// DetectCorpusLang returns the language of most texts and the share of
// texts in that language (0 when texts is empty).
func DetectCorpusLang(texts []string) (string, float64) {
	counts := map[string]int{}
	for _, t := range texts {
		counts[DetectLang(t)]++
	}
	best, bestN := "", 0
	for l, n := range counts {
		if n > bestN || (n == bestN && l < best) {
			best, bestN = l, n
		}
	}
	if len(texts) == 0 {
		return "", 0
	}
	return best, float64(bestN) / float64(len(texts))
}
