package kindred

import (
	"strings"
	"unicode"
)

// Mentions: a post names a member by writing @ and their name as the
// directory shows it ("@María López"). An @ counts only at the start of the
// text or after a space or an opening bracket, so email addresses
// (ana@example.org) mention nobody.

// maxMentionWords is the longest name a mention may hold, in words.
const maxMentionWords = 4

// maxMentions bounds the mentions of one post, so a post cannot mail the
// whole network.
const maxMentions = 20

// MentionPhrases returns the names a post may mention: for each @, its next
// one to four words, exactly as typed. The store looks them up; ResolveMentions
// then picks, for each @, the longest that names one member.
func MentionPhrases(body string) []string {
	var out []string
	seen := map[string]bool{}
	for _, words := range mentionWords(body) {
		for n := 1; n <= len(words); n++ {
			p := strings.Join(words[:n], " ")
			if !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// ResolveMentions returns the members the post mentions, in order, each
// once: for each @, the longest phrase that named exactly one member in
// named (a phrase → the ids of members with that name). A name two members
// share mentions neither.
func ResolveMentions(body string, named map[string][]int64) []int64 {
	var out []int64
	seen := map[int64]bool{}
	for _, words := range mentionWords(body) {
		for n := len(words); n >= 1; n-- {
			ids := named[strings.Join(words[:n], " ")]
			if len(ids) == 1 {
				if !seen[ids[0]] && len(out) < maxMentions {
					seen[ids[0]] = true
					out = append(out, ids[0])
				}
				break
			}
		}
	}
	return out
}

// mentionWords returns, for each @ that starts a mention, the words after
// it (at most maxMentionWords), trailing punctuation removed.
func mentionWords(body string) [][]string {
	var out [][]string
	runes := []rune(body)
	for i, r := range runes {
		if r != '@' || (i > 0 && !mentionBoundary(runes[i-1])) {
			continue
		}
		if words := wordsAfter(runes[i+1:]); len(words) > 0 {
			out = append(out, words)
		}
		if len(out) == 3*maxMentions {
			break
		}
	}
	return out
}

// mentionBoundary reports whether an @ after r starts a mention.
func mentionBoundary(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune("([{\"'“‘*_", r)
}

// wordsAfter reads up to maxMentionWords name words: letters, digits and
// the marks names carry (' - .), separated by single spaces. It stops at
// a line break or other punctuation.
func wordsAfter(rs []rune) []string {
	var words []string
	var cur []rune
	flush := func() {
		w := strings.TrimRight(string(cur), ".'-’")
		if w != "" {
			words = append(words, w)
		}
		cur = cur[:0]
	}
	for _, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("'-.’", r):
			cur = append(cur, r)
			continue
		case r == ' ' && len(cur) > 0:
			flush()
			if len(words) == maxMentionWords {
				return words
			}
			continue
		}
		break
	}
	if len(words) < maxMentionWords {
		flush()
	}
	return words
}
