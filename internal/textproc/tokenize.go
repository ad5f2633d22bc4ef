// Package textproc turns story text into terms for clustering: Unicode-aware
// tokenization, language detection by script and stop words, stop-word
// removal, snowball stemming, phrase (bigram) detection and character n-grams
// for languages without stemmers or without spaces between words.
//
// Everything here is pure and safe for concurrent use unless stated.
package textproc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Token is one word of a text: its lower-cased form and the byte offsets of
// the original spelling in the text.
type Token struct {
	Text       string
	Start, End int
}

// Tokenize splits text into word tokens. A token is a maximal run of letters,
// combining marks and digits (so Devanagari or Bengali vowel signs stay inside
// words); apostrophes and hyphens split words. Scripts written without spaces
// (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) form one token per run,
// which callers cut into character n-grams. Tokens are lower-cased.
func Tokenize(text string) []Token {
	var toks []Token
	start, spaceless := -1, false
	flush := func(end int) {
		if start >= 0 {
			toks = append(toks, Token{Text: strings.ToLower(text[start:end]), Start: start, End: end})
			start = -1
		}
	}
	for i, r := range text {
		if !isWordRune(r) {
			flush(i)
			continue
		}
		sl := isSpaceless(r)
		if start >= 0 && sl != spaceless && !unicode.IsMark(r) {
			flush(i)
		}
		if start < 0 {
			start, spaceless = i, sl
		}
	}
	flush(len(text))
	return toks
}

// Words returns the lower-cased token texts of text.
func Words(text string) []string {
	toks := Tokenize(text)
	if len(toks) == 0 {
		return nil
	}
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Text
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
}

// isSpaceless reports whether r belongs to a script written without spaces
// between words.
func isSpaceless(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana,
		unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar)
}

// IsSpaceless reports whether word is written in a script without spaces
// between words (its first rune decides).
func IsSpaceless(word string) bool {
	r, _ := utf8.DecodeRuneInString(word)
	return isSpaceless(r)
}

// IsNumber reports whether word is made of digits only.
func IsNumber(word string) bool {
	for _, r := range word {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return word != ""
}

// CharNGrams returns the character n-grams of word for n in [minN, maxN],
// with word boundaries marked by spaces on both sides (like scikit-learn's
// "char_wb" analyzer), so prefixes and suffixes are distinct features. A word
// shorter than minN yields itself padded.
func CharNGrams(word string, minN, maxN int) []string {
	runes := []rune(" " + word + " ")
	var out []string
	for n := minN; n <= maxN; n++ {
		if n > len(runes) {
			break
		}
		for i := 0; i+n <= len(runes); i++ {
			out = append(out, string(runes[i:i+n]))
		}
	}
	if len(out) == 0 {
		out = append(out, string(runes))
	}
	return out
}
