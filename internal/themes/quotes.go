package themes

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/kindredhq/kindred/internal/textproc"
)

const maxQuoteBytes = 280

// quoteCandidates is how many of the most typical quotable stories of a
// group compete for its quotes.
const quoteCandidates = 12

// quotes picks up to n representative quotes for a group: among the
// quotable stories closest to the group's centre, the sentences (or, when a
// sentence is too long, the clauses) richest in the group's distinctive
// terms. A quote is always a slice of the story text, so it is verbatim by
// construction.
func (p *prepared) quotes(members []int, ranked []weighted, n int) []Quote {
	weight := make(map[string]float64, len(ranked))
	for _, r := range ranked {
		weight[r.term] = r.w
	}
	type scored struct {
		q     Quote
		score float64
	}
	var cands []scored
	for _, m := range members {
		if len(cands) == quoteCandidates {
			break
		}
		s := p.stories[m]
		if !s.Quotable {
			continue
		}
		if span, score, ok := p.bestSpan(m, weight); ok {
			cands = append(cands, scored{Quote{Story: m, ID: s.ID, Text: s.Text[span.Start:span.End], Start: span.Start, End: span.End}, score})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	var out []Quote
	seen := map[string]bool{}
	for _, c := range cands {
		if key := strings.ToLower(c.q.Text); len(out) < n && !seen[key] {
			seen[key] = true
			out = append(out, c.q)
		}
	}
	return out
}

// bestSpan returns the sentence or clause of story m with the highest
// distinctive weight per √terms, preferring spans under maxQuoteBytes. Spans
// are analysed as the story was (in English glosses when it was pivoted),
// so they meet the theme's terms; the span itself is verbatim.
func (p *prepared) bestSpan(m int, weight map[string]float64) (textproc.Span, float64, bool) {
	text := p.stories[m].Text
	var spans []textproc.Span
	for _, s := range textproc.Sentences(text) {
		if s.End-s.Start <= maxQuoteBytes {
			spans = append(spans, s)
			continue
		}
		spans = append(spans, textproc.Clauses(text, s)...)
	}
	if len(spans) == 0 {
		return textproc.Span{}, 0, false
	}
	texts := make([]string, len(spans))
	for i, s := range spans {
		texts[i] = p.views.span(m, text[s.Start:s.End])
	}
	cfg := textproc.DefaultConfig(p.lang)
	cfg.Phrases = false
	cfg.TextLangs = slices.Repeat([]string{p.views.lang(m)}, len(spans))
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
	return spans[best], bestScore, true
}
