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
}

// DefaultWeights returns the weights used when Options.Weights is zero.
func DefaultWeights() Weights {
	return Weights{Repeat: 1, SameOrg: 1, Fairness: 0.01}
}

// Options tune the search. The zero value is usable.
type Options struct {
	Seed uint64
	// Budget bounds wall-clock time per chain; 0 means no time limit.
	Budget time.Duration
	// MaxIterations caps annealing moves per chain; 0 picks a cap from the
	// instance size. Reaching the cap first makes the run reproducible.
	MaxIterations int
	// Chains is the number of independent annealing chains; 0 means 2.
	Chains int
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
	// Iterations is the number of annealing moves tried, summed over chains.
	Iterations int
	// TimedOut reports that the time budget ended a chain before its
	// iteration cap, so the plan may differ from run to run.
	TimedOut bool
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
	Text      string
}

// Violation is one broken hard constraint.
type Violation struct {
	Rule   string // "apart", "together", "language", "size", "hosts", "pin"
	Round  int
	Table  int
	Guests []string
}

// String describes the violation with rounds and tables counted from 1.
func (v Violation) String() string {
	return fmt.Sprintf("%s at round %d table %d (%s)", v.Rule, v.Round+1, v.Table+1, strings.Join(v.Guests, ", "))
}
