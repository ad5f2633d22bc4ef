// Command seating benchmarks the table composer on generated instances and
// prints tables of quality and time:
//
//	go run ./bench/seating [-only exact|scale|golfer|season]
//
// Golfer: social golfer instances (everyone from their own organization,
// no history) from the issue and from the literature, with the thorough
// search under a time budget, with and without design seeds. Season: a
// cohort of 48 over 10 dinners whose guest lists drift, planned at once,
// one dinner at a time, and re-planned before each dinner.
//
// Exactness: instances of at most 16 guests are solved exactly by branch and
// bound and compared with the heuristic. Scale: 1,000 guests at tables of 8
// over 3 rounds with 20,000 history pairs, compared with an upper bound on
// new cross-organization pairs (seated pairs minus the same-organization
// pairs that organization sizes force when each organization is spread as
// evenly as possible over the tables).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/kindredhq/kindred/internal/seating"
	"github.com/kindredhq/kindred/internal/seating/seatgen"
)

func main() {
	seeds := flag.Int("seeds", 3, "instances per exactness shape and scale setting")
	only := flag.String("only", "", "run one section: exact, scale, golfer or season")
	skipExact := flag.Bool("skip-exact", false, "skip the exactness section")
	history := flag.Int("history", 20000, "history pairs in the scale instances")
	golferSeconds := flag.Float64("golfer-seconds", 5, "time budget of each golfer instance")
	flag.Parse()
	ctx := context.Background()
	fmt.Printf("seating benchmark (GOMAXPROCS=%d, %s)\n\n", runtime.GOMAXPROCS(0), runtime.Version())
	run := func(name string, f func() error) {
		if *only != "" && *only != name || name == "exact" && *skipExact {
			return
		}
		if err := f(); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			os.Exit(1)
		}
	}
	run("exact", func() error { return exactness(ctx, os.Stdout, *seeds) })
	run("scale", func() error { return scale(ctx, os.Stdout, *seeds, *history) })
	run("golfer", func() error { return golfers(ctx, os.Stdout, *golferSeconds) })
	run("season", func() error { return seasons(ctx, os.Stdout) })
}

// shape is a small instance family: guests, table size, rounds, organizations.
type shape struct {
	guests, size, rounds, orgs, history int
}

var shapes = []shape{
	{8, 4, 2, 3, 4},
	{9, 3, 3, 4, 6},
	{10, 5, 2, 3, 8},
	{12, 3, 2, 5, 10},
	{12, 4, 2, 4, 12},
	{12, 6, 2, 4, 10},
	{14, 5, 1, 5, 15},
	{15, 5, 2, 6, 15},
	{16, 4, 1, 6, 20},
	{16, 4, 2, 6, 16},
	{16, 8, 2, 5, 20},
}

func exactness(ctx context.Context, w io.Writer, seeds int) error {
	fmt.Fprintln(w, "Exactness: heuristic (default options) against branch and bound")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "instance\tguests\ttables\trounds\thosts\trules\toptimum\theuristic\tgap %\texact ms\theuristic ms\t")
	worst := 0.0
	for _, sh := range shapes {
		for seed := range seeds {
			p := smallProblem(sh, uint64(seed+1))
			t0 := time.Now()
			h, err := seating.Solve(ctx, p, seating.Options{Seed: 1})
			if err != nil {
				return err
			}
			t1 := time.Now()
			x, err := seating.SolveExact(ctx, p, seating.Options{Seed: 1})
			if err != nil {
				return err
			}
			t2 := time.Now()
			gap := 100 * (x.Score.Objective - h.Score.Objective) / math.Abs(x.Score.Objective)
			worst = max(worst, gap)
			fmt.Fprintf(tw, "g%d-s%d-r%d#%d\t%d\t%d\t%d\t%d\t%d\t%.2f\t%.2f\t%.2f\t%d\t%d\t\n",
				sh.guests, sh.size, sh.rounds, seed+1, sh.guests, len(x.Rounds[0]), sh.rounds, hosts(p), len(p.Apart)+len(p.Together),
				x.Score.Objective, h.Score.Objective, gap, t2.Sub(t1).Milliseconds(), t1.Sub(t0).Milliseconds())
		}
	}
	tw.Flush()
	fmt.Fprintf(w, "worst gap: %.2f%% (target: within 1%%)\n\n", worst)
	return nil
}

func smallProblem(sh shape, seed uint64) seating.Problem {
	tables := (sh.guests + sh.size - 1) / sh.size
	g, h := seatgen.Generate(seatgen.Config{
		Guests: sh.guests, Orgs: sh.orgs, Zipf: 1.2, HostShare: 0.15, MaxHosts: tables,
		HistoryPairs: sh.history, Seed: seed,
	})
	p := seating.Problem{Guests: g, History: h, TableSize: sh.size, Rounds: sh.rounds}
	// The second and third instance of each shape add a do-not-seat and a
	// keep-together pair, when the instance stays feasible.
	q := p
	switch seed {
	case 2:
		q.Apart = []seating.Pair{{A: g[0].ID, B: g[1].ID}}
	case 3:
		q.Together = []seating.Pair{{A: g[2].ID, B: g[3].ID}}
	}
	if seating.Validate(q) == nil {
		return q
	}
	return p
}

func hosts(p seating.Problem) int {
	c := 0
	for _, g := range p.Guests {
		if g.Host {
			c++
		}
	}
	return c
}

func scale(ctx context.Context, w io.Writer, seeds, history int) error {
	fmt.Fprintf(w, "Scale: 1,000 guests, tables of 8, 3 rounds, %d history pairs, 10%% hosts, 100 organizations\n", history)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "zipf\tlargest org\tseed\tseated\tnew x-org\tshare %\tbound\tbound %\tof bound %\trepeats\tsame-org\tviolations\tmin new\tmean new\tseconds\tcpu s\ttarget\t")
	for _, z := range []float64{0.6, 1.0, 1.4} {
		for seed := range seeds {
			g, h := seatgen.Generate(seatgen.Config{
				Guests: 1000, Orgs: 100, Zipf: z, HostShare: 0.10, MaxHosts: 125,
				HistoryPairs: history, Seed: uint64(seed + 1),
			})
			p := seating.Problem{Guests: g, History: h, TableSize: 8, Rounds: 3}
			t0, cpu0 := time.Now(), cpuSeconds()
			plan, err := seating.Solve(ctx, p, seating.Options{Seed: 1})
			if err != nil {
				return err
			}
			sec, cpu := time.Since(t0).Seconds(), cpuSeconds()-cpu0
			s := plan.Score
			met := "met"
			if s.Violations > 0 || sec >= 2 || (s.NewCrossOrgPairs < s.UpperBound && pct(s.NewCrossOrgPairs, s.SeatedPairs) < 99) {
				met = "MISSED"
			}
			fmt.Fprintf(tw, "%.1f\t%d\t%d\t%d\t%d\t%.2f\t%d\t%.2f\t%.2f\t%d\t%d\t%d\t%d\t%.2f\t%.2f\t%.2f\t%s\t\n",
				z, largestOrg(g), seed+1, s.SeatedPairs, s.NewCrossOrgPairs, pct(s.NewCrossOrgPairs, s.SeatedPairs),
				s.UpperBound, pct(s.UpperBound, s.SeatedPairs), pct(s.NewCrossOrgPairs, s.UpperBound),
				s.RepeatPairs, s.SameOrgPairs, s.Violations, s.MinNewPeople, s.MeanNewPeople, sec, cpu, met)
		}
	}
	tw.Flush()
	fmt.Fprintln(w, "target: zero violations, new cross-org share >= 99% or equal to the bound, under 2 seconds")
	return nil
}

// cpuSeconds is the CPU time this process used so far, user and system;
// on a shared machine it shows how much of the wall time was waiting.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func largestOrg(gs []seating.Guest) int {
	size := map[string]int{}
	top := 0
	for _, g := range gs {
		size[g.Org]++
		top = max(top, size[g.Org])
	}
	return top
}

func pct(a, b int) float64 { return 100 * float64(a) / float64(b) }
