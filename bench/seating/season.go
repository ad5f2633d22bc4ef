package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/kindredhq/kindred/internal/seating"
	"github.com/kindredhq/kindred/internal/seating/seatgen"
)

// seasonConfig is the season of the issue: 48 people, 10 dinners, guest
// lists drifting by 10–20% of the cohort from one dinner to the next.
func seasonConfig(tableSize int) seatgen.SeasonConfig {
	return seatgen.SeasonConfig{Cohort: 48, Orgs: 12, Zipf: 0.8, HostShare: 0.1, Dinners: 10, Attend: 0.85,
		ChangeMin: 0.1, ChangeMax: 0.2, TableSize: tableSize, Rounds: 1, Seed: 1}
}

// Season budgets: planning the whole season, each dinner of the one at a
// time baseline, and each re-plan.
const (
	seasonBudget  = 5 * time.Second
	dinnerBudget  = 500 * time.Millisecond
	replanBudget  = 1500 * time.Millisecond
	replanSeconds = 2.0 // the target for a re-plan
)

func seasons(ctx context.Context, w io.Writer) error {
	fmt.Fprintln(w, "Seasons: 48 people from 12 organizations, 10 dinners of 1 round, guest lists drifting 10–20% between dinners")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "tables of\tplanning\trepeats\tsame-org\tforced\tnew x-org\tseconds\tcpu s\tslowest re-plan s\ttarget\t")
	for _, size := range []int{4, 6} {
		p := seatgen.Season(seasonConfig(size))
		forced := forcedMeetings(p)
		rows := []struct {
			name string
			run  func() (*seating.SeasonPlan, float64, error)
		}{
			{"whole season at once", func() (*seating.SeasonPlan, float64, error) { return planAtOnce(ctx, p) }},
			{"one dinner at a time", func() (*seating.SeasonPlan, float64, error) { return planOneByOne(ctx, p) }},
			{"re-planned before each dinner", func() (*seating.SeasonPlan, float64, error) { return replanEach(ctx, p) }},
		}
		for _, row := range rows {
			t0, cpu0 := time.Now(), cpuSeconds()
			plan, slowest, err := row.run()
			if err != nil {
				return fmt.Errorf("%s: %w", row.name, err)
			}
			s := plan.Score
			target, slow := "", "-"
			if slowest > 0 {
				slow = fmt.Sprintf("%.2f", slowest)
				target = "met"
				if slowest >= replanSeconds {
					target = "MISSED"
				}
			}
			fmt.Fprintf(tw, "%d\t%s\t%d\t%d\t%d\t%d\t%.2f\t%.2f\t%s\t%s\t\n", size, row.name, s.RepeatPairs, s.SameOrgPairs, forced,
				s.NewCrossOrgPairs, time.Since(t0).Seconds(), cpuSeconds()-cpu0, slow, target)
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "budgets: whole season %v, each dinner alone %v, each re-plan %v (thorough search, 2 chains); target: re-plan under %.0f s\n",
		seasonBudget, dinnerBudget, replanBudget, replanSeconds)
	fmt.Fprintln(w, "forced: repeat or same-org pairs no plan can avoid (guests who have more seats beside them over the season than people to meet)")
	return nil
}

func thorough(budget time.Duration) seating.Options {
	return seating.Options{Seed: 1, Thorough: true, Budget: budget}
}

func planAtOnce(ctx context.Context, p seating.SeasonProblem) (*seating.SeasonPlan, float64, error) {
	plan, err := seating.PlanSeason(ctx, p, thorough(seasonBudget))
	return plan, 0, err
}

// planOneByOne plans each dinner just before it, given those before it.
func planOneByOne(ctx context.Context, p seating.SeasonProblem) (*seating.SeasonPlan, float64, error) {
	q := p
	q.Dinners = slices.Clone(p.Dinners)
	var plan *seating.SeasonPlan
	for d := range q.Dinners {
		part := q
		part.Dinners = q.Dinners[:d+1]
		sp, err := seating.PlanSeason(ctx, part, thorough(dinnerBudget))
		if err != nil {
			return nil, 0, err
		}
		q.Dinners[d].Held, q.Dinners[d].Guests = sp.Dinners[d].Rounds, nil
		plan = sp
	}
	return plan, 0, nil
}

// replanEach plans the season, then before each dinner lets the guest
// lists of the dinners still to come drift again and re-plans them,
// keeping the dinners held; it returns the slowest re-plan's seconds.
func replanEach(ctx context.Context, p seating.SeasonProblem) (*seating.SeasonPlan, float64, error) {
	rng := rand.New(rand.NewPCG(7, 7))
	cur := p
	cur.Dinners = slices.Clone(p.Dinners)
	index := map[string]int{}
	for g, gu := range p.Guests {
		index[gu.ID] = g
	}
	var plan *seating.SeasonPlan
	slowest := 0.0
	for d := range cur.Dinners {
		for e := d; e < len(cur.Dinners) && d > 0; e++ {
			cur.Dinners[e].Guests = drift(rng, cur.Dinners[e].Guests, p.Guests, index)
		}
		t0 := time.Now()
		var err error
		if plan == nil {
			plan, err = seating.PlanSeason(ctx, cur, thorough(replanBudget))
		} else {
			plan, err = seating.ReplanSeason(ctx, cur, plan, d, thorough(replanBudget))
		}
		if err != nil {
			return nil, 0, err
		}
		slowest = max(slowest, time.Since(t0).Seconds())
	}
	return plan, slowest, nil
}

// drift flips 10–20% of the cohort's RSVPs to a dinner.
func drift(rng *rand.Rand, ids []string, cohort []seating.Guest, index map[string]int) []string {
	coming := make([]bool, len(cohort))
	for _, id := range ids {
		coming[index[id]] = true
	}
	seatgen.Drift(rng, coming, 0.1, 0.2)
	var out []string
	for g, ok := range coming {
		if ok {
			out = append(out, cohort[g].ID)
		}
	}
	return out
}

// forcedMeetings bounds from below the repeat and same-org pairs of any
// plan: a guest with more seats beside them over the season (the smaller
// table size at each dinner they come to) than people from other
// organizations coming to one of their dinners must meet someone twice or
// sit with a colleague; each such pair involves two guests at most.
func forcedMeetings(p seating.SeasonProblem) int {
	n := len(p.Guests)
	index := map[string]int{}
	for g, gu := range p.Guests {
		index[gu.ID] = g
	}
	seats := make([]int, n)
	together := make([][]bool, n)
	for g := range together {
		together[g] = make([]bool, n)
	}
	for _, dn := range p.Dinners {
		tables := (len(dn.Guests) + dn.TableSize - 1) / dn.TableSize
		lo := len(dn.Guests) / tables
		for _, a := range dn.Guests {
			seats[index[a]] += lo - 1
			for _, b := range dn.Guests {
				together[index[a]][index[b]] = true
			}
		}
	}
	excess := 0
	for g := range n {
		partners := 0
		for x := range n {
			if x != g && together[g][x] && p.Guests[x].Org != p.Guests[g].Org {
				partners++
			}
		}
		excess += max(0, seats[g]-partners)
	}
	return (excess + 1) / 2
}
