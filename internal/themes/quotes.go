package themes

import (
	"math"
	"strings"

	"github.com/kindredhq/kindred/internal/textproc"
)

const maxQuoteBytes = 280

// quotes picks up to n representative quotes for a group: from the quotable
// stories closest to the group's centre, the sentence (or, when a sentence
// is too long, the clause) with the most distinctive terms. A quote is
// always a slice of the story text, so it is verbatim by construction.
func (p *prepared) quotes(members []int, ranked []weighted, n int) []Quote {
	weight := make(map[string]float64, len(ranked))
	for _, r := range ranked {
		weight[r.term] = r.w
	}
	cfg := textproc.DefaultConfig(p.lang)
	cfg.Phrases = false
	var out []Quote
	seen := map[string]bool{}
	for _, m := range members {
		if len(out) == n {
			break
		}
		s := p.stories[m]
		if !s.Quotable {
			continue
		}
		span, ok := bestSpan(s.Text, weight, cfg)
		if !ok {
			continue
		}
		q := Quote{Story: m, ID: s.ID, Text: s.Text[span.Start:span.End], Start: span.Start, End: span.End}
		if key := strings.ToLower(q.Text); !seen[key] {
			seen[key] = true
			out = append(out, q)
		}
	}
	return out
}

// bestSpan returns the sentence or clause of text with the highest
// distinctive weight per √terms, preferring spans under maxQuoteBytes.
func bestSpan(text string, weight map[string]float64, cfg textproc.Config) (textproc.Span, bool) {
	var spans []textproc.Span
	for _, s := range textproc.Sentences(text) {
		if s.End-s.Start <= maxQuoteBytes {
			spans = append(spans, s)
			continue
		}
		spans = append(spans, textproc.Clauses(text, s)...)
	}
	if len(spans) == 0 {
		return textproc.Span{}, false
	}
	texts := make([]string, len(spans))
	for i, s := range spans {
		texts[i] = text[s.Start:s.End]
	}
	terms := textproc.Analyze(texts, cfg).Terms
	best, bestScore := 0, math.Inf(-1)
	for i, ts := range terms {
		score := 0.0
		for _, t := range ts {
			score += weight[t]
		}
		score /= math.Sqrt(float64(len(ts) + 1))
		if spans[i].End-spans[i].Start > maxQuoteBytes {
			score /= 2
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	return spans[best], true
}
