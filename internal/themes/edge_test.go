package themes

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func TestFindDegenerateCorpora(t *testing.T) {
	t.Parallel()
	same := make([]Story, 30)
	for i := range same {
		same[i] = Story{ID: fmt.Sprint(i), Text: "The same story about the garden.", Quotable: true}
	}
	long := make([]Story, 12)
	for i := range long {
		long[i] = Story{ID: fmt.Sprint(i), Text: fmt.Sprintf("%d %s", i, repeatWords("garden water soil harvest ", 40)), Lang: "es"}
	}
	tests := []struct {
		name    string
		stories []Story
		opt     Options
	}{
		{"identical stories, k chosen", same, Options{}},
		{"identical stories, k=5", same, Options{K: 5}},
		{"one distinct term", []Story{{ID: "a", Text: "garden"}, {ID: "b", Text: "garden"}, {ID: "c", Text: "garden"}}, Options{K: 3}},
		{"long texts in another language", long, Options{}},
		{"numbers only and one word", []Story{{ID: "a", Text: "123 456"}, {ID: "b", Text: "garden"}}, Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Find(context.Background(), tt.stories, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			checkResultLoose(t, tt.stories, res)
		})
	}
}

// checkResultLoose checks the invariants that hold even for stories without
// words: every story has a theme in range or 0.
func checkResultLoose(t *testing.T, stories []Story, res *Result) {
	t.Helper()
	for i, th := range res.Theme {
		if th < 0 || th > len(res.Themes) {
			t.Errorf("story %d: theme %d of %d", i, th, len(res.Themes))
		}
	}
	for _, th := range res.Themes {
		for _, q := range th.Quotes {
			if stories[q.Story].Text[q.Start:q.End] != q.Text {
				t.Errorf("quote %q is not verbatim", q.Text)
			}
		}
	}
}

func repeatWords(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

func FuzzFind(f *testing.F) {
	f.Add("garden water\nfood bank\nelection ballot", 0)
	f.Add("我们的花园\n한국어 문장\nاللغة العربية", 2)
	f.Add("\n\n?!\n123", 1)
	f.Add("a b c d e f g h i j k l m n o p", 3)
	f.Fuzz(func(t *testing.T, input string, k int) {
		var stories []Story
		for i, line := range strings.Split(input, "\n") {
			stories = append(stories, Story{ID: fmt.Sprint(i), Text: line, Quotable: true})
		}
		res, err := Find(context.Background(), stories, Options{K: k % 5})
		if err != nil {
			return
		}
		checkResultLoose(t, stories, res)
	})
}
