package gatherings

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kindredhq/kindred/internal/kindred"
)

// FuzzAnswers: whatever a page or an API client sends as answers, only
// answers to the gathering's questions are kept, each valid text (when it
// was) no longer than maxAnswer bytes.
func FuzzAnswers(f *testing.F) {
	for _, s := range []string{"", "a" + strings.Repeat("é", 1500), "\xff\xfe", strings.Repeat("🙂", 700)} {
		f.Add("What is working?", s)
	}
	g := &kindred.Gathering{Questions: []string{"What is working?", "Whom will you follow up with?"}}
	f.Fuzz(func(t *testing.T, q, a string) {
		for k, got := range answersTo(g, map[string]string{q: a, "not asked": a}) {
			if k != q || len(got) > maxAnswer || (utf8.ValidString(a) && !utf8.ValidString(got)) {
				t.Errorf("answer to %q: %d bytes, valid UTF-8 %v", k, len(got), utf8.ValidString(got))
			}
		}
	})
}

// TestAnswersKeepWholeCharacters: a long answer is cut between characters.
func TestAnswersKeepWholeCharacters(t *testing.T) {
	t.Parallel()
	got := answersTo(&kindred.Gathering{Questions: []string{"Q"}}, map[string]string{"Q": "a" + strings.Repeat("é", 1500)})["Q"]
	if len(got) > maxAnswer || !utf8.ValidString(got) {
		t.Errorf("cut answer: %d bytes, valid UTF-8 %v", len(got), utf8.ValidString(got))
	}
}
