package themes

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

var topics = [][]string{
	{"garden", "tomatoes", "volunteers", "water", "plants", "soil", "harvest", "seeds"},
	{"food", "bank", "meals", "families", "boxes", "kitchen", "hunger", "pantry"},
	{"voters", "canvass", "election", "phone", "organizers", "ballot", "precinct", "turnout"},
}

// corpus returns n stories cycling through topics; each story has two
// sentences so quotes have something to choose from.
func corpus(n int, quotable func(i int) bool) []Story {
	var out []Story
	for i := range n {
		w := topics[i%len(topics)]
		text := fmt.Sprintf("Story %d is about our %s and the %s. We saw %s, %s and %s together!",
			i, w[i%8], w[(i+1)%8], w[(i+2)%8], w[(i+3)%8], w[(i+5)%8])
		out = append(out, Story{ID: fmt.Sprintf("s%d", i), Text: text, Lang: "en", Quotable: quotable(i)})
	}
	return out
}

func all(int) bool { return true }

func TestFindDeterministicForSeed(t *testing.T) {
	t.Parallel()
	stories := corpus(60, all)
	a, err := Find(context.Background(), stories, Options{K: 3, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Find(context.Background(), stories, Options{K: 3, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("two runs with the same seed differ")
	}
	want := make([]int, len(stories))
	for i := range want {
		want[i] = i % 3
	}
	if got, _ := AMI(want, a.Theme); got < 0.9 {
		t.Errorf("AMI against the planted topics = %.3f, want ≥ 0.9", got)
	}
}

func TestFindThemesAreWellFormed(t *testing.T) {
	t.Parallel()
	stories := corpus(90, func(i int) bool { return i%2 == 0 })
	for _, rep := range []Representation{RepAuto, RepLexical, RepVectors, RepCombined} {
		t.Run(string(rep), func(t *testing.T) {
			res, err := Find(context.Background(), stories, Options{Seed: 1, Rep: rep})
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, stories, res)
		})
	}
}

func checkResult(t *testing.T, stories []Story, res *Result) {
	t.Helper()
	if len(res.Theme) != len(stories) || len(res.Secondary) != len(stories) {
		t.Fatalf("per-story slices have %d, %d entries, want %d", len(res.Theme), len(res.Secondary), len(stories))
	}
	sizes := 0
	for i, th := range res.Themes {
		if th.ID != i+1 || th.Label == "" || len(th.Keywords) == 0 || th.Size != len(th.Members) {
			t.Errorf("theme %d malformed: %+v", i, th)
		}
		if i > 0 && th.Size > res.Themes[i-1].Size {
			t.Errorf("theme %d larger than theme %d", th.ID, i)
		}
		sizes += th.Size
		for _, q := range th.Quotes {
			s := stories[q.Story]
			if !s.Quotable || s.Text[q.Start:q.End] != q.Text || q.ID != s.ID {
				t.Errorf("quote %+v is not a verbatim quote of a quotable story", q)
			}
		}
	}
	if sizes != len(stories) {
		t.Errorf("theme sizes sum to %d, want %d", sizes, len(stories))
	}
	for i, sec := range res.Secondary {
		if sec != 0 && (sec == res.Theme[i] || sec > len(res.Themes)) {
			t.Errorf("story %d: secondary theme %d, primary %d", i, sec, res.Theme[i])
		}
	}
}

func TestFindErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		stories []Story
		opt     Options
		want    error
	}{
		{"no stories", nil, Options{}, ErrTooFew},
		{"only punctuation", []Story{{ID: "a", Text: "?!"}, {ID: "b", Text: " "}}, Options{}, ErrTooFew},
		{"k above stories", corpus(3, all), Options{K: 4}, ErrK},
		{"negative k", corpus(3, all), Options{K: -1}, ErrK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Find(context.Background(), tt.stories, tt.opt); !errors.Is(err, tt.want) {
				t.Errorf("error = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestFindSmallInputs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		stories   []Story
		opt       Options
		wantTheme []int
	}{
		{"one story", []Story{{ID: "a", Text: "We planted a garden.", Quotable: true}}, Options{}, []int{1}},
		{"empty text gets no theme", []Story{{ID: "a", Text: "garden water"}, {ID: "b", Text: ""}, {ID: "c", Text: "garden soil"}}, Options{}, []int{1, 0, 1}},
		{"k equals stories", []Story{{ID: "a", Text: "garden water"}, {ID: "b", Text: "election ballot"}}, Options{K: 2}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Find(context.Background(), tt.stories, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantTheme != nil && !reflect.DeepEqual(res.Theme, tt.wantTheme) {
				t.Errorf("themes = %v, want %v", res.Theme, tt.wantTheme)
			}
		})
	}
}

func TestWeakSignalFound(t *testing.T) {
	t.Parallel()
	stories := corpus(120, all)
	for i := range 4 { // a small, distinctive practice
		stories = append(stories, Story{ID: fmt.Sprintf("w%d", i), Quotable: true, Lang: "en",
			Text: fmt.Sprintf("Our choir sang protest songs %d and the choir rehearsal drew new singers.", i)})
	}
	res, err := Find(context.Background(), stories, Options{K: 3, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range res.WeakSignals {
		if strings.Contains(w.Label, "choir") || strings.Contains(w.Label, "sang") {
			found = true
		}
	}
	if !found {
		t.Errorf("weak signals = %+v, want one about the choir", res.WeakSignals)
	}
}

func TestTopK(t *testing.T) {
	t.Parallel()
	sims := []float64{0.9, 0.1, 0.8, 0.8, 0.95, 0.2}
	if got, want := topK(sims, 0, 3, nil), []int{4, 2, 3}; !reflect.DeepEqual(got, want) {
		t.Errorf("topK = %v, want %v", got, want)
	}
}

// topicEmbedder returns one fixed direction per planted topic word.
type topicEmbedder struct{ calls int }

func (e *topicEmbedder) Embed(_ context.Context, texts []string) ([][]float64, error) {
	e.calls++
	out := make([][]float64, len(texts))
	for i, t := range texts {
		v := make([]float64, len(topics))
		for j, words := range topics {
			for _, w := range words {
				if strings.Contains(t, w) {
					v[j]++
				}
			}
		}
		out[i] = v
	}
	return out, nil
}

func TestFindWithEmbedder(t *testing.T) {
	t.Parallel()
	e := &topicEmbedder{}
	stories := corpus(60, all)
	res, err := Find(context.Background(), stories, Options{K: 3, Seed: 1, Embedder: e, Rep: RepVectors})
	if err != nil {
		t.Fatal(err)
	}
	if e.calls != 1 || res.Representation != RepVectors {
		t.Errorf("embedder calls = %d, representation %q; want 1, vectors", e.calls, res.Representation)
	}
	checkResult(t, stories, res)
}

func TestFindCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Find(ctx, corpus(30, all), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}

func TestKnee(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		scores []float64
		want   int
	}{
		{"clear elbow at the third run", []float64{10, 20, 30, 31, 32, 33}, 2},
		{"straight line keeps the first", []float64{1, 2, 3, 4}, 0},
		{"too few runs", []float64{5, 9}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			runs := make([]clustering, len(tt.scores))
			for i, s := range tt.scores {
				runs[i] = clustering{k: i + 2, score: s}
			}
			if got := knee(runs); got != tt.want {
				t.Errorf("knee = %d, want %d", got, tt.want)
			}
		})
	}
}
