package sensemaking

import (
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

func TestPhraseLabel(t *testing.T) {
	t.Parallel()
	text := "volunteers ran the phone bank themselves, and we doubled our calls in a week. Then more came."
	byID := map[int64]*kindred.Story{1: {ID: 1, Text: text}, 2: {ID: 2, Text: "Hi."}}
	for _, tc := range []struct {
		quotes []store.ThemeQuote
		want   string
	}{
		{[]store.ThemeQuote{{StoryID: 1, Start: 0, End: len(text)}}, "Volunteers ran the phone bank themselves, and we doubled"},
		{[]store.ThemeQuote{{StoryID: 2, Start: 0, End: 3}, {StoryID: 1, Start: 78, End: len(text)}}, "Then more came"},
		{nil, "phone, bank, calls"},
		{[]store.ThemeQuote{{StoryID: 9, Start: 0, End: 3}}, "phone, bank, calls"},
	} {
		if got := phraseLabel(tc.quotes, byID, "phone, bank, calls"); got != tc.want {
			t.Errorf("phraseLabel(%v) = %q, want %q", tc.quotes, got, tc.want)
		}
	}
	mail := "write to ana@example.org about the phone bank"
	byID[3] = &kindred.Story{ID: 3, Text: mail}
	if got := phraseLabel([]store.ThemeQuote{{StoryID: 3, End: len(mail)}}, byID, ""); got != "Write to [email] about the phone bank" {
		t.Errorf("a label from a quote with an address: %q, want it masked", got)
	}
}
