package tableplan

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kindredhq/kindred/internal/seating"
)

// relaxation is a hard constraint the composer may set aside when the
// guests make it impossible, so composing always gives the host a plan.
type relaxation struct {
	name    string   // which constraint it sets aside
	keys    []string // words of the seating's complaint when it is at fault
	applies func(*seating.Problem) bool
	relax   func(*seating.Problem)
	words   string // what the host is told; %s is the complaint
}

// relaxations are tried in this order, unless the complaint names one.
func relaxations() []relaxation {
	return []relaxation{
		{name: "language", keys: []string{"language"}, words: "Not every table could share a language (%s), so the tables were composed without the language rule.",
			applies: func(p *seating.Problem) bool {
				return slices.ContainsFunc(p.Guests, func(g seating.Guest) bool { return len(g.Languages) > 0 })
			},
			relax: func(p *seating.Problem) {
				for i := range p.Guests {
					p.Guests[i].Languages = nil
				}
			}},
		{name: "pin", keys: []string{"pin"}, words: "The pinned seats could not all be kept (%s), so the pins were set aside.",
			applies: func(p *seating.Problem) bool { return len(p.Pins) > 0 },
			relax:   func(p *seating.Problem) { p.Pins = nil }},
		{name: "rules", keys: []string{"together", "do-not-seat"}, words: "The seating rules could not all be kept (%s), so they were set aside for this plan.",
			applies: func(p *seating.Problem) bool { return len(p.Together)+len(p.Apart) > 0 },
			relax:   func(p *seating.Problem) { p.Together, p.Apart = nil, nil }},
	}
}

// composed is what solveRelaxing found: the plan, the problem it solves
// (with whatever was set aside), and what was set aside, in the host's words.
type composed struct {
	plan    *seating.Plan
	prob    seating.Problem
	relaxed []string
	names   []string // the relaxations made
}

// solveRelaxing seats prob. When the guests make a hard constraint
// impossible it sets that constraint aside (the one the complaint names,
// else the next in order) and tries again, saying what it did; when the
// search's best plan still breaks a rule, that plan is kept and the host
// is told (the tables page lists the broken rules). Only what no
// relaxation can help (too few guests, bad settings) is an error, as
// seatingError words it.
func (p *Planner) solveRelaxing(ctx context.Context, r *Roster, prob seating.Problem, seed int64) (*composed, error) {
	out := &composed{prob: prob}
	steps := relaxations()
	for {
		plan, err := p.solve(ctx, out.prob, seed)
		switch {
		case err == nil:
			out.plan = plan
			return out, nil
		case plan != nil && errors.Is(err, seating.ErrInfeasible):
			out.plan = plan
			out.relaxed = append(out.relaxed, fmt.Sprintf("No plan keeps every seating rule with these guests; this one breaks %d, listed below.", len(plan.Violations)))
			return out, nil
		case !errors.Is(err, seating.ErrInvalid) && !errors.Is(err, seating.ErrInfeasible):
			return nil, err
		}
		i := pickRelaxation(steps, &out.prob, complaint(err))
		if i < 0 {
			return nil, r.seatingError(err)
		}
		out.relaxed = append(out.relaxed, fmt.Sprintf(steps[i].words, complaint(err)))
		out.names = append(out.names, steps[i].name)
		steps[i].relax(&out.prob)
		steps = slices.Delete(steps, i, i+1)
	}
}

// pickRelaxation chooses the relaxation the complaint names, else the first
// that applies; -1 when none does.
func pickRelaxation(steps []relaxation, prob *seating.Problem, text string) int {
	named := func(s relaxation) bool {
		return s.applies(prob) && slices.ContainsFunc(s.keys, func(k string) bool { return strings.Contains(text, k) })
	}
	if i := slices.IndexFunc(steps, named); i >= 0 {
		return i
	}
	return slices.IndexFunc(steps, func(s relaxation) bool { return s.applies(prob) })
}

// complaint is the seating package's error without its sentinel's words.
func complaint(err error) string {
	text := err.Error()
	for _, prefix := range []string{seating.ErrInvalid.Error() + ": ", seating.ErrInfeasible.Error() + ": "} {
		text = strings.TrimPrefix(text, prefix)
	}
	return text
}
