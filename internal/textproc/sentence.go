package textproc

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// Sentences returns the sentences of text as byte spans, trimmed of
// surrounding white space, so text[s.Start:s.End] is always a verbatim
// substring. A sentence ends after '.', '!', '?', '…', '।', '؟', '。',
// '！', '？' or a line break, when followed by space and not by a lower-case word, or by
// the end.
func Sentences(text string) []Span {
	var out []Span
	start := 0
	for i, r := range text {
		if r == '\n' || (isSentenceEnd(r) && nextIsBreak(text, i+utf8.RuneLen(r), r)) {
			out = appendTrimmed(out, text, start, i+utf8.RuneLen(r))
			start = i + utf8.RuneLen(r)
		}
	}
	return appendTrimmed(out, text, start, len(text))
}

// Clauses splits the span s of text at commas, semicolons and colons (also
// their CJK and Arabic forms), returning trimmed verbatim spans.
func Clauses(text string, s Span) []Span {
	var out []Span
	start := s.Start
	for i, r := range text[s.Start:s.End] {
		if strings.ContainsRune(",;:，；：、،؛", r) {
			end := s.Start + i + utf8.RuneLen(r)
			out = appendTrimmed(out, text, start, end)
			start = end
		}
	}
	return appendTrimmed(out, text, start, s.End)
}

func isSentenceEnd(r rune) bool {
	return strings.ContainsRune(".!?…।॥؟。！？", r)
}

func nextIsBreak(text string, i int, end rune) bool {
	if end == '。' || end == '！' || end == '？' {
		return true
	}
	if i >= len(text) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(text[i:])
	if !unicode.IsSpace(r) {
		return r == '"' || r == '\'' || r == '”' || r == '»'
	}
	// "e.g. people": a lower-case word after the stop continues the sentence.
	rest := strings.TrimLeftFunc(text[i:], unicode.IsSpace)
	next, _ := utf8.DecodeRuneInString(rest)
	return rest == "" || !unicode.IsLower(next)
}

// appendTrimmed appends text[start:end] trimmed of spaces and of trailing
// punctuation-free leftovers, skipping spans without a letter or digit.
func appendTrimmed(out []Span, text string, start, end int) []Span {
	seg := text[start:end]
	trimmed := strings.TrimLeftFunc(seg, unicode.IsSpace)
	start += len(seg) - len(trimmed)
	trimmed = strings.TrimRightFunc(trimmed, unicode.IsSpace)
	end = start + len(trimmed)
	if strings.IndexFunc(trimmed, isWordRune) < 0 {
		return out
	}
	return append(out, Span{start, end})
}
