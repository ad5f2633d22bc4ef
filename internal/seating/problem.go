package seating

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrInvalid marks input that cannot describe a seating problem: missing
// organizations, duplicate or unknown ids, bad sizes, more hosts than tables.
var ErrInvalid = errors.New("invalid seating input")

// ErrInfeasible marks input whose hard constraints cannot all hold, such as a
// keep-together pair that is also do-not-seat, or a plan in which the search
// could not satisfy every constraint.
var ErrInfeasible = errors.New("infeasible seating constraints")

// ErrTooLarge is returned by SolveExact for instances beyond exact search.
var ErrTooLarge = errors.New("instance too large for exact search")

// Guest is one person to seat.
type Guest struct {
	ID  string
	Org string
	// Host guests are spread one per table while hosts last.
	Host bool
	// Languages the guest speaks; empty means the guest speaks any language.
	Languages []string
	// Themes the guest cares about (from listening stories or practice
	// interests); guests who share one and have never met are seated
	// together when Weights.Theme is above zero. See TableThemes.
	Themes []string
}

// Meeting records that guests A and B already sat together Times times.
// Meetings of the same pair add up; counts above 255 count as 255.
type Meeting struct {
	A, B  string
	Times int
}

// Pair names two guests of a do-not-seat or keep-together constraint.
type Pair struct{ A, B string }

// Pin fixes a guest to a table in one round; Round and Table count from 0.
type Pin struct {
	Guest        string
	Round, Table int
}

// Problem is one seating instance. Exactly one of TableSize (the most seats
// at a table) and Tables (the number of tables) must be set. With TableSize
// the plan uses the fewest tables that seat everyone; either way table sizes
// differ by at most one and every table seats at least two.
type Problem struct {
	Guests    []Guest
	TableSize int
	Tables    int
	// Rounds is the number of seatings (guests move between courses); 0 means 1.
	Rounds   int
	History  []Meeting
	Apart    []Pair // do-not-seat
	Together []Pair // keep-together
	Pins     []Pin
	// ExtraHosts allows more hosts than tables; they are then spread so that
	// host counts per table differ by at most one. Without it more hosts than
	// tables is an ErrInvalid error.
	ExtraHosts bool
}

// Weights are the objective's penalties; see the package documentation.
type Weights struct {
	Repeat   float64
	SameOrg  float64
	Fairness float64
	// Theme is the bonus for a new cross-organization pair who share a
	// theme; it only acts when guests have themes.
	Theme float64
}

// DefaultWeights returns the weights used when Options.Weights is zero.
func DefaultWeights() Weights {
	return Weights{Repeat: 1, SameOrg: 1, Fairness: 0.01, Theme: 0.5}
}

// Options tune the search. The zero value is usable.
//
// How seed, cap and budget interact: every chain draws its moves from a
// random stream fixed by Seed and its number, and counts its moves
// (annealing moves tried plus tabu steps taken). A chain stops at the first
// of: its plan meets the bound (no plan can be better, see
// Score.UpperBound), MaxIterations moves, the Budget, or the context. A
// plan is therefore reproducible — the same input, Seed and options give
// the same plan on any machine and any number of CPUs — whenever the bound
// or the cap ends the search before the budget does; Plan.TimedOut says
// when the budget ended it. When one chain meets the bound, the others stop
// after as many moves, so the winner does not depend on their speed.
//
// A quick search (the default) constructs a plan and anneals it for a
// length set by the instance size (MaxIterations, when set, shortens or
// lengthens it), typically well under a second. A thorough search
// (Thorough) continues with tabu search and restarts and uses the whole
// Budget unless the bound is met first; with MaxIterations it stops at that
// many moves, and without a Budget it stops at a default cap.
type Options struct {
	Seed uint64
	// Budget bounds wall-clock time per chain; 0 means no time limit.
	Budget time.Duration
	// MaxIterations caps the moves per chain; 0 picks a cap from the
	// instance size, except for a thorough search with a Budget, which
	// then runs until the budget.
	MaxIterations int
	// Thorough keeps searching after the annealing pass: tabu search over
	// swaps between tables with kicks and fresh starts.
	Thorough bool
	// Chains is the number of independent chains run in parallel; 0 means 2.
	Chains int
	// NoDesign starts every chain from a greedy construction, never from a
	// design (see the package documentation), to measure the search alone.
	NoDesign bool
	// Weights zero means DefaultWeights.
	Weights Weights
}

// Plan is a table plan with its score and a per-guest explanation.
type Plan struct {
	// Rounds[r][t] lists the guest ids at table t in round r, in input order.
	Rounds [][][]string
	Score  Score
	// Guests explains each guest's seating, in input order.
	Guests []Explanation
	// Violations lists broken hard constraints; empty for a returned plan
	// unless Solve also returned ErrInfeasible.
	Violations []Violation
	// Iterations is the number of moves (annealing moves tried and moves a
	// tabu step weighed), summed over chains; when a chain met the bound,
	// every chain's moves are counted up to that point.
	Iterations int
	// TimedOut reports that the time budget ended the search before its
	// cap or the bound, so the plan may differ from run to run.
	TimedOut bool
	// Optimal reports that the plan meets the objective's upper bound: no
	// plan can be better.
	Optimal bool
	// TableThemes[r][t] lists the themes two or more guests at table t in
	// round r share, most shared first; nil when no guest has themes.
	TableThemes [][][]TableTheme
}

// Score measures a plan. Pair counts are over all rounds and tables.
type Score struct {
	Objective        float64
	SeatedPairs      int // pairs sharing a table, keep-together pairs excluded
	NewCrossOrgPairs int // never met before and from different organizations
	RepeatPairs      int // met before (history or an earlier round)
	SameOrgPairs     int
	Violations       int // broken hard constraints
	MinNewPeople     int
	MeanNewPeople    float64
	// ThemePairs counts the new cross-organization pairs who share a theme.
	ThemePairs int
	// UpperBound bounds NewCrossOrgPairs for any plan: seated pairs minus the
	// same-organization pairs that organization sizes force at these tables.
	UpperBound int
}

// Explanation tells why a guest sits where they do.
type Explanation struct {
	Guest string
	// Tables[r] is the guest's table in round r (from 0).
	Tables    []int
	NewPeople int // distinct new people from other organizations
	NewOrgs   int // distinct organizations among them
	Repeats   int // tablemates met before
	SameOrg   int // tablemates from the guest's own organization
	// Themes lists, per theme the guest shares with new tablemates from
	// other organizations, who those tablemates are.
	Themes []ThemeMatch
	Text   string
}

// ThemeMatch names tablemates who share a theme with a guest.
type ThemeMatch struct {
	Theme string
	With  []string
}

// TableTheme is a theme shared at one table, and by whom.
type TableTheme struct {
	Theme  string
	Guests []string
}

// Violation is one broken hard constraint.
type Violation struct {
	Rule string // "apart", "together", "language", "size", "hosts", "pin"
	// Dinner is the dinner of a season plan (from 0); Round counts within it.
	Dinner   int
	Round    int
	Table    int
	Guests   []string
	inSeason bool
}

// String describes the violation with dinners, rounds and tables counted
// from 1.
func (v Violation) String() string {
	where := fmt.Sprintf("round %d table %d", v.Round+1, v.Table+1)
	if v.inSeason {
		where = fmt.Sprintf("dinner %d %s", v.Dinner+1, where)
	}
	return fmt.Sprintf("%s at %s (%s)", v.Rule, where, strings.Join(v.Guests, ", "))
}
