package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestGenerateStoriesIsReproducible: the same seed and day give the same
// bright-spots stories, in several languages, with signifiers and context.
func TestGenerateStoriesIsReproducible(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	gen := func(seed uint64) []kindred.Story {
		s := testutil.OpenStore(t, ":memory:", store.WithClock(func() time.Time { return day }))
		c, err := demo.GenerateStories(context.Background(), s, 300, seed)
		if err != nil {
			t.Fatal(err)
		}
		if c.Slug != "bright-spots" || c.OpenOn(day.Format(time.DateOnly)) != nil {
			t.Fatalf("campaign %q not open on %s", c.Slug, day)
		}
		list, err := s.Stories(context.Background(), c.ID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
		if err != nil {
			t.Fatal(err)
		}
		return list
	}
	a, b, other := gen(42), gen(42), gen(43)
	if len(a) != 300 {
		t.Fatalf("%d stories, want 300", len(a))
	}
	langs := map[string]bool{}
	for i := range a {
		if a[i].Text != b[i].Text || a[i].Signifiers["energy"].Text() != b[i].Signifiers["energy"].Text() || !a[i].CreatedAt.Equal(b[i].CreatedAt) {
			t.Fatalf("story %d differs between runs with the same seed", i)
		}
		langs[a[i].Lang] = true
		if len(a[i].Signifiers) != 5 || a[i].Context["region"] == "" {
			t.Errorf("story %d lacks signifiers or context: %+v", i, a[i])
		}
	}
	if len(langs) < 5 {
		t.Errorf("languages %v, want at least 5", langs)
	}
	same := 0
	for i := range a {
		if a[i].Text == other[i].Text {
			same++
		}
	}
	if same == len(a) {
		t.Errorf("another seed gives the same stories")
	}
}
