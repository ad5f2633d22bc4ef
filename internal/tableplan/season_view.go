package tableplan

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kindredhq/kindred/internal/seating"
)

// seasonView scores the stored plans of sd as one season (each plan as it
// is, in date order) and lays out whom each person meets when.
func (p *Planner) seasonView(ctx context.Context, sd *seasonData) (*Season, error) {
	out := &Season{Series: sd.series}
	prob := seating.SeasonProblem{Guests: sd.cohort.seatingGuests(false), ExtraHosts: true}
	var index []int // prob.Dinners[i] is out.Dinners[index[i]]
	for i, d := range sd.dinners {
		out.Dinners = append(out.Dinners, sd.dinnerView(d))
		if d.plan != nil && len(d.plan.Seats) > 0 {
			prob.Dinners = append(prob.Dinners, seating.Dinner{Name: d.g.Title, Held: sd.cohort.planRounds(d.plan)})
			index = append(index, i)
		}
	}
	out.Planned = len(index)
	if len(index) == 0 {
		return out, nil
	}
	var err error
	if prob.History, err = p.seasonHistory(ctx, sd); err != nil {
		return nil, err
	}
	plan, err := seating.PlanSeason(ctx, prob, seating.Options{})
	if err != nil {
		return nil, fmt.Errorf("season of series %d: %w", sd.series.ID, err)
	}
	out.Score = plan.Score
	for i, dp := range plan.Dinners {
		out.Dinners[index[i]].Score = dp.Score
	}
	out.People = sd.people(plan, index)
	return out, nil
}

// dinnerView lays out one dinner: its guests, its plan's tables, and who
// came or went since the plan.
func (sd *seasonData) dinnerView(d *seasonDinner) SeasonDinner {
	dv := SeasonDinner{Gathering: d.g, Plan: d.plan, Kept: d.kept, Coming: byName(slices.Clone(d.roster.Coming))}
	if d.plan == nil {
		return dv
	}
	seated := map[int64]bool{}
	for r := range d.plan.Rounds {
		var tables [][]Guest
		for _, members := range d.plan.Tables(r + 1) {
			table := make([]Guest, 0, len(members))
			for _, m := range members {
				seated[m] = true
				table = append(table, d.roster.Guest(m))
			}
			tables = append(tables, byName(table))
		}
		dv.Rounds = append(dv.Rounds, tables)
	}
	for _, gu := range dv.Coming {
		if !seated[gu.MemberID] {
			dv.Unseated = append(dv.Unseated, gu)
		}
	}
	for m := range seated {
		if gu := d.roster.Guest(m); !gu.Coming() {
			dv.Departed = append(dv.Departed, gu)
		}
	}
	byName(dv.Departed)
	return dv
}

// people turns the season plan's per-guest explanations into each person's
// season, by name; index maps the plan's dinners to the season's.
func (sd *seasonData) people(plan *seating.SeasonPlan, index []int) []SeasonPerson {
	var out []SeasonPerson
	for _, sg := range plan.Guests {
		if len(sg.Seats) == 0 {
			continue
		}
		sp := SeasonPerson{Guest: sd.cohort.guest(sg.Guest), Text: sg.Text, NewPeople: sg.NewPeople, Repeats: sg.Repeats}
		for _, seat := range sg.Seats {
			ps := PersonSeat{Dinner: index[seat.Dinner], Round: seat.Round + 1, Table: seat.Table + 1}
			for _, id := range seat.With {
				ps.With = append(ps.With, sd.cohort.guest(id))
			}
			ps.With = byName(ps.With)
			sp.Seats = append(sp.Seats, ps)
		}
		out = append(out, sp)
	}
	slices.SortStableFunc(out, func(a, b SeasonPerson) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// byName sorts guests by name, and returns them.
func byName(gs []Guest) []Guest {
	slices.SortStableFunc(gs, func(a, b Guest) int { return strings.Compare(a.Name, b.Name) })
	return gs
}
