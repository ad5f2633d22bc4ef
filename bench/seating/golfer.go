package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/kindredhq/kindred/internal/seating"
)

// golfer is a social golfer instance: groups (tables), group size, weeks
// (rounds), with what the literature or a peer reports for it.
type golfer struct {
	groups, size, weeks int
	hosts               bool // one host per table: no design applies
	target              string
	peer                string
}

// golferInstances: the targets, then instances of the benchmark
// tables of [DV05] and [TM12]; all have plans without repeats.
var golferInstances = []golfer{
	{8, 4, 8, false, "0 within 5 s", "GEG: 4"},
	{8, 4, 10, false, "0 within 5 s", "GEG: 31; [TM12]: first metaheuristic to reach 0"},
	{10, 6, 6, false, "0 under 1 s", ""},
	{15, 8, 5, false, "0 under 1 s", ""},
	{8, 4, 9, false, "literature", ""},
	{10, 4, 7, false, "literature", ""},
	{10, 4, 9, false, "literature", ""},
	{10, 4, 10, false, "literature", ""},
	{9, 4, 8, false, "literature", ""},
	{8, 4, 8, true, "one host per table", ""},
}

func golferProblem(in golfer) seating.Problem {
	p := seating.Problem{TableSize: in.size, Rounds: in.weeks}
	for i := range in.groups * in.size {
		p.Guests = append(p.Guests, seating.Guest{ID: fmt.Sprintf("g%02d", i+1), Org: fmt.Sprintf("o%02d", i+1), Host: in.hosts && i < in.groups})
	}
	return p
}

// golfers solves each instance with the thorough search (2 chains, the
// given budget), once as composed and once without design seeds.
func golfers(ctx context.Context, w io.Writer, seconds float64) error {
	fmt.Fprintf(w, "Social golfer instances (g-s-w: g tables of s for w rounds; thorough search, 2 chains, %.0f s budget)\n", seconds)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "instance\tguests\trepeats\toptimal\tseconds\tcpu s\tsearch only: repeats\tseconds\tcpu s\ttarget\tpeer / published\t")
	budget := time.Duration(seconds * float64(time.Second))
	for _, in := range golferInstances {
		p := golferProblem(in)
		name := fmt.Sprintf("%d-%d-%d", in.groups, in.size, in.weeks)
		if in.hosts {
			name += " hosts"
		}
		a, err := timedSolve(ctx, p, seating.Options{Seed: 1, Thorough: true, Budget: budget})
		if err != nil {
			return err
		}
		b, err := timedSolve(ctx, p, seating.Options{Seed: 1, Thorough: true, Budget: budget, NoDesign: true})
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%v\t%.2f\t%.2f\t%d\t%.2f\t%.2f\t%s\t%s\t\n", name, len(p.Guests), a.plan.Score.RepeatPairs, a.plan.Optimal,
			a.wall, a.cpu, b.plan.Score.RepeatPairs, b.wall, b.cpu, in.target, in.peer)
	}
	tw.Flush()
	fmt.Fprintln(w, "optimal: the plan meets the upper bound (no repeats), so the search stopped early; search only: the same budget without design seeds")
	fmt.Fprintln(w, "GEG: Good-Enough Golfers as reported in issue #20; [TM12]: Triska & Musliu 2012 (see README)")
	fmt.Fprintln(w)
	return nil
}

type timed struct {
	plan      *seating.Plan
	wall, cpu float64
}

func timedSolve(ctx context.Context, p seating.Problem, opt seating.Options) (timed, error) {
	t0, cpu0 := time.Now(), cpuSeconds()
	plan, err := seating.Solve(ctx, p, opt)
	if err != nil {
		return timed{}, err
	}
	return timed{plan, time.Since(t0).Seconds(), cpuSeconds() - cpu0}, nil
}
