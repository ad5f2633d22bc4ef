package sensemaking

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Limits of a label made from a phrase.
const (
	labelWords = 9
	labelRunes = 72
)

// phraseLabel names a theme the way a person would: by the opening phrase
// of its most representative quote (the first: quotes come most typical
// first, and only from stories their tellers let us quote publicly), cut
// at the end of its first sentence or clause. It returns fallback (the
// keywords) when the theme has no quote: an unquotable story's words must
// not reach a label every member reads.
func phraseLabel(quotes []store.ThemeQuote, byID map[int64]*kindred.Story, fallback string) string {
	for _, q := range quotes {
		st := byID[q.StoryID]
		if st == nil || q.Start < 0 || q.End > len(st.Text) || q.Start >= q.End {
			continue
		}
		if l := phrase(kindred.MaskPII(st.Text[q.Start:q.End])); l != "" {
			return l
		}
	}
	return fallback
}

// phrase returns the first clause of text, at most labelWords words and
// labelRunes characters, without its closing punctuation, starting with a
// capital.
func phrase(text string) string {
	text = strings.TrimSpace(text)
	if i := strings.IndexAny(text, ".!?;:\n。！？؟"); i > 0 {
		text = text[:i]
	}
	words := strings.Fields(text)
	if len(words) > labelWords {
		words = words[:labelWords]
	}
	out := strings.Join(words, " ")
	for utf8.RuneCountInString(out) > labelRunes && len(words) > 1 {
		words = words[:len(words)-1]
		out = strings.Join(words, " ")
	}
	out = strings.TrimRightFunc(out, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSpace(r) })
	if utf8.RuneCountInString(out) < 8 {
		return ""
	}
	r, n := utf8.DecodeRuneInString(out)
	return string(unicode.ToUpper(r)) + out[n:]
}
