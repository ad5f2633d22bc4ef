// Package seating composes table plans for gatherings: it seats guests at
// tables over one or more rounds so that people meet across organizations.
//
// It is a pure package: plain Go values in, plain Go values out, no database
// and no HTTP. The same input and seed give the same plan unless a time
// budget ends the search (see Options).
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
// with in at least one round. With M the most new people a guest could meet
// (largest table − 1 for each round they attend), the objective subtracts
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
// With Weights.Theme above zero, a new cross-organization pair who share a
// theme (Guest.Themes) is worth 1 + Weights.Theme: tables by theme. The
// explanation of each guest names the themes they share with new
// tablemates and who those are (Explanation.Themes), and Plan.TableThemes
// lists what each table has in common, for its prompt cards.
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
// CPUs. That is a quick search, what Solve does by default.
//
// A thorough search (Options.Thorough) goes on until its time budget: tabu
// search over swaps between tables (Dotú & Van Hentenryck 2005) with a gain
// table that prices a swap in constant time, kicked by a few random swaps
// when it stalls, and restarted now and then from a fresh greedy
// construction that seats guests a pair at a time by "freedom" — how many
// people the tablemates-to-be leave free to meet later (Triska & Musliu
// 2012).
//
// When a gathering looks like a social golfer problem (no hosts, pins,
// keep-together groups or languages, tables nearly full), one chain starts
// from a plan written down from a resolvable design instead (see design.go:
// rows over a group of order g, pairs over GF(2^m) for tables of 4, and a
// search for designs invariant under the group's translations), placing
// colleagues on seats that never meet; on such instances the bound is often
// met at once, e.g. 32 people at tables of 4 for 10 rounds with nobody
// meeting twice.
//
// Every search stops as soon as its plan meets the objective's upper bound
// (Plan.Optimal); see Options for how the seed, the move cap and the time
// budget make a plan reproducible or not (Plan.TimedOut).
//
// # Seasons
//
// PlanSeason seats a series of dinners for one cohort at once, each dinner
// with its own guests, hosts and pins: the dinners still to hold become the
// rounds of one plan in which each guest attends only their own dinners, so
// the search trades repeats across the whole season. Dinners already held
// are fixed history and never move (ReplanSeason re-plans the rest when
// guest lists change).
package seating
