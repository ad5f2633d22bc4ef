package seating

import (
	"context"
	"fmt"
	"strings"
)

// SeasonProblem is a season: a series of gatherings of one cohort, in order
// (say a dinner a month for a year), each with its own guest list as RSVPs
// change. PlanSeason seats all dinners not yet held at once, so that across
// the season as few pairs as possible meet twice.
type SeasonProblem struct {
	// Guests is the cohort: everyone who comes to at least one dinner.
	Guests []Guest
	// History lists who met before the season.
	History []Meeting
	// Apart and Together hold at every dinner both guests come to.
	Apart    []Pair
	Together []Pair
	Dinners  []Dinner
	// ExtraHosts allows more hosts than tables at a dinner (see Problem).
	ExtraHosts bool
}

// Dinner is one gathering of a season.
type Dinner struct {
	// Name labels the dinner in messages; empty means "dinner N".
	Name string
	// Guests lists the ids of the cohort who come (for a held dinner, those
	// seated in Held).
	Guests []string
	// Hosts lists who hosts at this dinner; nil means the guests whose
	// cohort entry has Host set.
	Hosts []string
	// Exactly one of TableSize and Tables, as in Problem.
	TableSize int
	Tables    int
	// Rounds is the number of seatings at the dinner; 0 means 1.
	Rounds int
	// Pins fix guests to tables; Round and Table count from 0 within the dinner.
	Pins []Pin
	// Held is the seating of a dinner that already took place: Held[r][t]
	// lists the ids at table t in round r. Held dinners never move; their
	// meetings count as history for the dinners still to plan.
	Held [][][]string
}

// SeasonPlan is a season's table plans with scores and explanations.
type SeasonPlan struct {
	// Dinners holds every dinner in order, held ones as they were.
	Dinners []DinnerPlan
	// Score covers the whole season, held dinners included: a repeat is a
	// pair seated together who met before (in History or at an earlier
	// round or dinner of the season).
	Score Score
	// Guests explains each cohort guest's season, in cohort order.
	Guests []SeasonGuest
	// Violations lists broken hard constraints of the dinners planned.
	Violations []Violation
	// Iterations, TimedOut and Optimal report on the search as in Plan.
	Iterations int
	TimedOut   bool
	Optimal    bool
}

// DinnerPlan is one dinner of a season plan.
type DinnerPlan struct {
	Name string
	// Rounds[r][t] lists the guest ids at table t in round r.
	Rounds [][][]string
	// Held reports a dinner that took place (and was not planned now).
	Held bool
	// Score counts this dinner's pairs; repeats are pairs who met before
	// it (History or earlier in the season).
	Score Score
	// TableThemes[r][t] lists the themes guests at a table share, as in Plan.
	TableThemes [][][]TableTheme
}

// SeasonGuest tells whom a guest meets when over the season.
type SeasonGuest struct {
	Guest string
	// Seats lists where the guest sits, dinner by dinner and round by round.
	Seats     []SeasonSeat
	NewPeople int // distinct new people from other organizations
	NewOrgs   int
	Repeats   int // tablemates met before
	SameOrg   int
	// Themes lists the themes shared with new tablemates, as in Explanation.
	Themes []ThemeMatch
	Text   string
}

// SeasonSeat is a guest's table at one round of one dinner.
type SeasonSeat struct {
	Dinner, Round, Table int // from 0
	With                 []string
}

// PlanSeason seats every dinner of p that is not held, all at once. It
// returns an error wrapping ErrInvalid or ErrInfeasible for bad input (the
// message names the dinner), the context's error when ctx ends first, and
// ErrInfeasible together with the best plan found when the search could not
// satisfy every hard constraint. Options work as for Solve; Thorough with a
// Budget uses the whole budget unless the plan meets the bound.
func PlanSeason(ctx context.Context, p SeasonProblem, opt Options) (*SeasonPlan, error) {
	sm, err := buildSeason(p, opt.weights(), false)
	if err != nil {
		return nil, err
	}
	var at [][]int32
	iters, timedOut := 0, false
	if sm.m.R > 0 {
		at, iters, timedOut, err = runChains(ctx, sm.m, opt)
		if err != nil {
			return nil, fmt.Errorf("season: %w", err)
		}
	}
	plan, err := sm.plan(p, opt.weights(), at)
	if err != nil {
		return nil, err
	}
	plan.Iterations, plan.TimedOut = iters, timedOut
	if sm.m.R > 0 {
		s := load(sm.m, at)
		plan.Optimal = s.pen == 0 && s.objective() >= sm.m.objectiveBound()-1e-6
	}
	if len(plan.Violations) > 0 {
		return plan, fmt.Errorf("%w: could not satisfy %s", ErrInfeasible, violationList(plan.Violations))
	}
	return plan, nil
}

// ReplanSeason keeps the first held dinners of prev as they were and plans
// the rest of p again, for when guest lists change after some dinners took
// place. p describes the season as it stands now (its dinners in the same
// order as prev's); the held dinners' seatings come from prev and any Held
// set in p for them is replaced. It returns an error wrapping ErrInvalid
// when held is out of range or prev has fewer dinners, else as PlanSeason.
func ReplanSeason(ctx context.Context, p SeasonProblem, prev *SeasonPlan, held int, opt Options) (*SeasonPlan, error) {
	if held < 0 || held > len(p.Dinners) || prev == nil || held > len(prev.Dinners) {
		return nil, fmt.Errorf("%w: cannot keep %d held dinners", ErrInvalid, held)
	}
	q := p
	q.Dinners = append([]Dinner(nil), p.Dinners...)
	for d := range held {
		q.Dinners[d].Held = prev.Dinners[d].Rounds
		q.Dinners[d].Guests = nil
	}
	return PlanSeason(ctx, q, opt)
}

// dinnerName names dinner d (from 0) in messages.
func dinnerName(ds []Dinner, d int) string {
	if d < len(ds) && strings.TrimSpace(ds[d].Name) != "" {
		return strings.TrimSpace(ds[d].Name)
	}
	return fmt.Sprintf("dinner %d", d+1)
}
