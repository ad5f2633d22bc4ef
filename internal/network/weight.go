package network

import (
	"fmt"
	"math"
	"time"
)

// TieWeights turns a tie of the relationship ledger into a weight: the kind's
// base weight (an introduction counts less than a collaboration) decayed
// exponentially with the tie's age, halving every HalfLife. The current time is
// passed in, never read from the clock.
type TieWeights struct {
	// Kinds maps a tie kind ("met", "nominated", "collaborated"…) to its base
	// weight. Unknown kinds use Default.
	Kinds map[string]float64
	// Default is the base weight of kinds missing from Kinds.
	Default float64
	// HalfLife is the age at which a tie counts half. Zero means no decay.
	HalfLife time.Duration
	// Floor is the smallest weight returned, so an old tie still counts a little
	// and never reaches zero (the Builder refuses zero weights).
	Floor float64
}

// DefaultTieWeights are the weights Kindred uses unless configured otherwise:
// a shared table at a gathering counts 1, a follow-up nomination 2, working
// together 3; a tie halves in weight every year.
func DefaultTieWeights() TieWeights {
	return TieWeights{
		Kinds:    map[string]float64{"met": 1, "introduced": 1, "nominated": 2, "collaborated": 3},
		Default:  1,
		HalfLife: 365 * 24 * time.Hour,
		Floor:    0.01,
	}
}

// Weight returns the weight of a tie of the given kind formed at `at`, seen
// from `now`. A tie dated in the future counts as new. It returns an error when
// the base weight of the kind is not positive and finite.
func (tw TieWeights) Weight(kind string, at, now time.Time) (float64, error) {
	base, ok := tw.Kinds[kind]
	if !ok {
		base = tw.Default
	}
	if !(base > 0) || math.IsInf(base, 0) {
		return 0, fmt.Errorf("tie weight of kind %q is %v: %w", kind, base, ErrBadWeight)
	}
	age := now.Sub(at)
	if tw.HalfLife <= 0 || age <= 0 {
		return base, nil
	}
	w := math.Max(base*math.Exp2(-age.Hours()/tw.HalfLife.Hours()), tw.Floor)
	if w <= 0 {
		w = math.SmallestNonzeroFloat64
	}
	return w, nil
}
