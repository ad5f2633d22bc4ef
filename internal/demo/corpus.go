package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// corpusCities name where a generated practice or note is set, so texts
// differ beyond their seeds.
var corpusCities = []string{"Chicago", "Boston", "Oakland", "Detroit", "Atlanta", "Denver", "Phoenix", "Seattle", "Baltimore", "Austin"}

// CorpusPractice generates the i-th practice of a large library from the
// demo's practices and stories: the same kind of text, varied, for search
// benchmarks at sizes the demo does not reach.
func CorpusPractice(rng *rand.Rand, i int) *kindred.Practice {
	d := demoPractices[rng.IntN(len(demoPractices))]
	story := storySeeds["en"]
	city := corpusCities[rng.IntN(len(corpusCities))]
	return &kindred.Practice{
		Title:     fmt.Sprintf("%s in %s (%d)", d.title, city, i),
		Summary:   d.summary + " " + pick(rng, story[1]),
		Body:      d.body + "\n\n" + pick(rng, story[0]) + " " + pick(rng, story[1]),
		ThemeArea: d.area, Tags: d.tags,
		Stage: kindred.Stages[rng.IntN(len(kindred.Stages))],
	}
}

// CorpusNote generates a harvest note as a demo table would write it, with
// the consent mix of the demo: mostly shared with names, a quarter without,
// and about one in seven off the record.
func CorpusNote(rng *rand.Rand) (prompt, text string, consent kindred.NoteConsent) {
	prompt = kindred.DefaultHarvestPrompts[rng.IntN(len(kindred.DefaultHarvestPrompts))]
	story := storySeeds["en"]
	tail := pick(rng, story[1])
	text = pick(rng, demoNotes[prompt]) + " " + strings.ToLower(tail[:1]) + tail[1:]
	switch r := rng.IntN(100); {
	case r < 61:
		consent = kindred.ConsentAttributable
	case r < 86:
		consent = kindred.ConsentChatham
	default:
		consent = kindred.ConsentOffRecord
	}
	return prompt, text, consent
}
