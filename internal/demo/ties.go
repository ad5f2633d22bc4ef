package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// tieMonths is how far back the demo ledger goes.
const tieMonths = 18

// ledgerPerson is what the tie generator needs to know of a member.
type ledgerPerson struct {
	id   int64
	org  int // primary organization index, -1 if none
	city int64
}

// createTies fills the relationship ledger: colleagues who work together,
// and ties across organizations from past dinners and introductions that grow
// in number over the months, so the network visibly weaves together.
func (l *loader) createTies(ctx context.Context, rng *rand.Rand, people []ledgerPerson, now time.Time) error {
	byOrg, byCity := map[int][]int{}, map[int64][]int{}
	for i, p := range people {
		if p.org >= 0 {
			byOrg[p.org] = append(byOrg[p.org], i)
		}
		byCity[p.city] = append(byCity[p.city], i)
	}
	add := func(a, b ledgerPerson, kind kindred.TieKind, src kindred.TieSource, ref string, monthsAgo int) error {
		if a.id == b.id {
			return nil
		}
		day := now.AddDate(0, -monthsAgo, -rng.IntN(28))
		_, err := l.tx.AddTie(ctx, kindred.Tie{A: a.id, B: b.id, Kind: kind, Source: src, SourceRef: ref, HappenedOn: day,
			HiddenByA: rng.IntN(50) == 0})
		return err
	}
	for i, p := range people {
		if colleagues := byOrg[p.org]; p.org >= 0 && len(colleagues) > 1 {
			for k := 0; k < 2; k++ {
				if err := add(p, people[colleagues[rng.IntN(len(colleagues))]], kindred.TieCollaborated, kindred.SourceImport, "", tieMonths); err != nil {
					return fmt.Errorf("demo tie: %w", err)
				}
			}
		}
		// Dinners: more recent months bring more cross-organization ties.
		neighbours := byCity[p.city]
		for k := 0; k < 3; k++ {
			if rng.Float64() > 0.45 || len(neighbours) < 2 {
				continue
			}
			// Skewed towards recent months: the weaving speeds up.
			monthsAgo := int(float64(tieMonths) * rng.Float64() * rng.Float64())
			other := people[neighbours[rng.IntN(len(neighbours))]]
			if other.org == p.org {
				continue
			}
			kind, src, ref := kindred.TieSatTogether, kindred.SourceGathering, "Community of Practice dinner"
			if rng.IntN(5) == 0 {
				kind, src, ref = kindred.TieFollowUp, kindred.SourceGathering, "Follow-up after a dinner"
			}
			if err := add(p, other, kind, src, ref, monthsAgo); err != nil {
				return fmt.Errorf("demo tie: %w", err)
			}
		}
		if i%40 == 0 && len(people) > 1 {
			if err := add(p, people[rng.IntN(len(people))], kindred.TieIntroduced, kindred.SourceIntroduction, "Introduced by Robin", rng.IntN(6)); err != nil {
				return fmt.Errorf("demo tie: %w", err)
			}
		}
	}
	return nil
}

// monthEnds returns the last n month ends before now, oldest first.
func monthEnds(now time.Time, n int) []time.Time {
	var out []time.Time
	first := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)
	for i := n; i >= 1; i-- {
		out = append(out, first.AddDate(0, -i+1, 0).Add(-time.Second))
	}
	return out
}
