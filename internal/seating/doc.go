// Package seating composes table plans for gatherings: it seats guests at
// tables over one or more rounds so that people meet across organizations.
//
// It is a pure package: plain Go values in, plain Go values out, no database
// and no HTTP. The same input and seed give the same plan.
//
// # Objective
//
// Every pair of guests seated at the same table in a round is one pair
// occurrence. Let k be the number of times the two already met before that
// occurrence: their history plus the earlier rounds of the same plan. The
// occurrence is worth
//
//	+1                      if k = 0 and the guests are from different organizations
//	-Weights.Repeat * k²    if k > 0 (the Good-Enough Golfers penalty)
//	-Weights.SameOrg        in addition, if both are from the same organization
//
// Pairs inside a keep-together group are fixed by the input and are worth 0
// (they are not counted as seated pairs, repeats or same-organization pairs).
//
// Fairness is a weighted secondary objective. A guest's new people are the
// distinct guests from other organizations they have never met before and sit
// with in at least one round. With M the most new people anyone could meet
// (rounds × (largest table − 1)), the objective subtracts
// Weights.Fairness × Σ (M − new people)² over all guests. The square makes one
// more new person worth most to the guest who meets fewest, so among plans
// with the same pair score the search prefers the one that lifts the minimum;
// the default weight (0.01) is small, so a whole new pair is traded for
// fairness only when a guest is far behind the others.
//
// Hard constraints: table sizes differ by at most one; hosts are spread so
// that host counts per table differ by at most one (one host per table while
// hosts last); do-not-seat pairs never share a table; keep-together groups
// always do; when languages are given, the guests at a table who list
// languages share at least one (guests who list none speak any); pins fix a
// guest to a table in a round. The search keeps sizes, hosts, groups and pins
// exact by construction and treats do-not-seat and language as heavy
// penalties; a plan that still breaks one is never returned silently
// (see ErrInfeasible).
//
// # Search
//
// A greedy construction seats guests round by round, each at the table where
// they add most, then simulated annealing improves the plan with swaps of two
// guests, moves of a guest between a larger and a smaller table, and swaps of
// a keep-together group with as many guests of another table. Every move is
// evaluated incrementally. Several independent chains (Options.Chains) run in
// parallel from seeds derived from Options.Seed, and the best plan wins, ties
// going to the lowest chain, so the result does not depend on the number of
// CPUs. The annealing schedule depends only on the iteration count, so a run
// that stops at Options.MaxIterations is reproducible; a run stopped by
// Options.Budget (wall-clock time) or its context is not, and Plan.TimedOut
// says so.
package seating
