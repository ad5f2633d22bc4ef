package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/kindredhq/kindred/internal/csvx"
	"github.com/kindredhq/kindred/internal/seating"
)

// maxSeatRowErrors is how many bad rows one error message lists.
const maxSeatRowErrors = 10

type seatFlags struct {
	guests, history, constraints string
	explain                      string
	season, held                 string
	tableSize, tables, rounds    int
	seconds                      float64
	moves                        int
	quick                        bool
	seed                         uint64
	extraHosts                   bool
}

// seatUsage is printed by --help; the time budget paragraph is the
// contract of --seconds, --moves and --quick.
const seatUsage = `usage: kindred seat --guests G.csv [--history H.csv] [--constraints C.csv] --table-size N | --tables N [--rounds R] [--seconds S] [--moves M] [--seed S] > PLAN.csv
       kindred seat --season D.csv [--held P.csv] --guests G.csv ... > PLAN.csv

G: id,org[,host][,lang][,themes]; H: a,b[,times]; C: a,b,rule (apart or together).
PLAN: round,table,id, rounds and tables counted from 1; a score summary goes to stderr.
Guests who share a theme (themes: labels separated by ; or |) and never met are seated together.

Seasons: D lists each dinner's guests as dinner,id[,host] (dinners in order of first
appearance, --table-size/--tables and --rounds for every dinner); P holds the seating
of dinners already held, as dinner,round,table,id. Held dinners are kept as they were
and count as history; the other dinners are planned together so that as few pairs
as possible meet twice in the season. PLAN then starts with a dinner column.

Time budget: the search stops early only when the plan provably cannot be improved
(it meets the bound shown in the summary); otherwise it keeps improving the plan until
--seconds run out, so expect it to take that long. A plan ended by the time budget may
differ from run to run; one ended by the bound or by --moves is the same for the same
input and --seed on any machine. --quick runs a single annealing pass instead (well
under a second for a few hundred guests, reproducible).

Flags:`

// runSeat composes a table plan (or a season's plans) from plain files;
// see seatUsage. Bad flags, unreadable or malformed files and infeasible
// constraints exit with status 2; no partial plan is written.
func runSeat(ctx context.Context, args []string, sio stdio) error {
	f, err := parseSeatFlags(args, sio.err)
	if err != nil {
		return err
	}
	if f.season != "" {
		return runSeason(ctx, f, sio)
	}
	p, err := loadSeatProblem(f, sio.in)
	if err != nil {
		return usageError("%w", err)
	}
	start, cpu0 := time.Now(), cpuTime()
	plan, err := seating.Solve(ctx, p, f.options())
	switch {
	case errors.Is(err, seating.ErrInvalid) || errors.Is(err, seating.ErrInfeasible):
		return usageError("%w", err)
	case err != nil:
		return err
	}
	if err := writePlan(sio.out, plan); err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	if f.explain != "" {
		if err := writeExplanations(f.explain, plan); err != nil {
			return fmt.Errorf("write explanations: %w", err)
		}
	}
	fmt.Fprintf(sio.err, "seated %d guests at %d tables over %d rounds (seed %d)\n", len(p.Guests), len(plan.Rounds[0]), len(plan.Rounds), f.seed)
	writeScore(sio.err, plan.Score)
	writeSearch(sio.err, f, search{plan.Iterations, plan.TimedOut, plan.Optimal, time.Since(start), cpuTime() - cpu0})
	return nil
}

// options turns the flags into search options.
func (f seatFlags) options() seating.Options {
	return seating.Options{Seed: f.seed, Budget: time.Duration(f.seconds * float64(time.Second)),
		MaxIterations: f.moves, Thorough: !f.quick}
}

func parseSeatFlags(args []string, stderr io.Writer) (seatFlags, error) {
	var f seatFlags
	fs := flag.NewFlagSet("seat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.guests, "guests", "", "guest list `file`, CSV id,org[,host][,lang][,themes]; - reads stdin (required)")
	fs.StringVar(&f.history, "history", "", "`file` of pairs who already met, CSV a,b,times")
	fs.StringVar(&f.constraints, "constraints", "", "`file` of rules, CSV a,b,rule with rule apart or together")
	fs.StringVar(&f.explain, "explain", "", "also write each guest's explanation as CSV to `file`")
	fs.StringVar(&f.season, "season", "", "plan a season: `file` of each dinner's guests, CSV dinner,id[,host]")
	fs.StringVar(&f.held, "held", "", "with --season: `file` of the dinners already held, CSV dinner,round,table,id")
	fs.IntVar(&f.tableSize, "table-size", 0, "most seats at a table")
	fs.IntVar(&f.tables, "tables", 0, "number of tables, instead of --table-size")
	fs.IntVar(&f.rounds, "rounds", 1, "seatings in the gathering (guests move between courses)")
	fs.Float64Var(&f.seconds, "seconds", 10, "time budget in seconds, used in full unless the plan provably cannot be improved (0: no limit, then the search stops at a default move cap)")
	fs.IntVar(&f.moves, "moves", 0, "stop after this many moves per search chain; a plan ended by it is reproducible for the --seed (0: no cap)")
	fs.BoolVar(&f.quick, "quick", false, "one annealing pass instead of using the time budget (reproducible, well under a second)")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed")
	fs.BoolVar(&f.extraHosts, "extra-hosts", false, "allow more hosts than tables (spread as evenly as possible)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, seatUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return f, err
		}
		return f, usageError("%w", err)
	}
	return f, f.check(fs.Args())
}

// check reports flags that cannot go together or are out of range.
func (f seatFlags) check(rest []string) error {
	switch {
	case len(rest) > 0:
		return usageError("unexpected arguments: %s", strings.Join(rest, " "))
	case f.guests == "":
		return usageError("--guests is required")
	case (f.tableSize == 0) == (f.tables == 0):
		return usageError("set exactly one of --table-size and --tables")
	case f.tableSize != 0 && f.tableSize < 2:
		return usageError("--table-size %d is below 2", f.tableSize)
	case f.tables < 0:
		return usageError("--tables %d is below 1", f.tables)
	case f.rounds < 1:
		return usageError("--rounds %d is below 1", f.rounds)
	case f.seconds < 0 || math.IsNaN(f.seconds):
		return usageError("--seconds %v is negative", f.seconds)
	case f.moves < 0:
		return usageError("--moves %d is negative", f.moves)
	case f.held != "" && f.season == "":
		return usageError("--held needs --season")
	case f.season == "-" && f.guests == "-":
		return usageError("--season and --guests cannot both read stdin")
	}
	return nil
}

// loadSeatProblem reads the guest, history and constraint files.
func loadSeatProblem(f seatFlags, stdin io.Reader) (seating.Problem, error) {
	p := seating.Problem{TableSize: f.tableSize, Tables: f.tables, Rounds: f.rounds, ExtraHosts: f.extraHosts}
	var err error
	if err = readSeatFile(f.guests, stdin, func(r io.Reader) error { p.Guests, err = parseGuests(r); return err }); err != nil {
		return p, fmt.Errorf("guests %s: %w", f.guests, err)
	}
	if f.history != "" {
		if err = readSeatFile(f.history, stdin, func(r io.Reader) error { p.History, err = parseHistory(r); return err }); err != nil {
			return p, fmt.Errorf("history %s: %w", f.history, err)
		}
	}
	if f.constraints != "" {
		if err = readSeatFile(f.constraints, stdin, func(r io.Reader) error { p.Apart, p.Together, err = parseConstraints(r); return err }); err != nil {
			return p, fmt.Errorf("constraints %s: %w", f.constraints, err)
		}
	}
	return p, nil
}

// writeExplanations writes id,tables,new_people,new_orgs,repeats,same_org,explanation,themes
// with tables counted from 1 and separated by ; one per round, and themes
// as "theme: id id" separated by ;.
func writeExplanations(path string, plan *seating.Plan) (err error) {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := fh.Close(); err == nil {
			err = cerr
		}
	}()
	cw := csvx.NewWriter(fh)
	cw.Write([]string{"id", "tables", "new_people", "new_orgs", "repeats", "same_org", "explanation", "themes"})
	for _, e := range plan.Guests {
		tables := make([]string, len(e.Tables))
		for i, t := range e.Tables {
			tables[i] = strconv.Itoa(t + 1)
		}
		cw.Write([]string{e.Guest, strings.Join(tables, ";"), strconv.Itoa(e.NewPeople), strconv.Itoa(e.NewOrgs),
			strconv.Itoa(e.Repeats), strconv.Itoa(e.SameOrg), e.Text, themeList(e.Themes)})
	}
	cw.Flush()
	return cw.Error()
}

// themeList writes theme matches as "theme: id id; theme: id".
func themeList(ms []seating.ThemeMatch) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.Theme + ": " + strings.Join(m.With, " ")
	}
	return strings.Join(parts, "; ")
}

// writePlan writes round,table,id with rounds and tables counted from 1.
func writePlan(w io.Writer, plan *seating.Plan) error {
	cw := csvx.NewWriter(w)
	if err := cw.Write([]string{"round", "table", "id"}); err != nil {
		return err
	}
	for r, tables := range plan.Rounds {
		for t, ids := range tables {
			for _, id := range ids {
				if err := cw.Write([]string{strconv.Itoa(r + 1), strconv.Itoa(t + 1), id}); err != nil {
					return err
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeScore prints a plan's (or a season's) score summary.
func writeScore(w io.Writer, s seating.Score) {
	share := func(n int) string {
		if s.SeatedPairs == 0 {
			return "-"
		}
		return fmt.Sprintf("%.2f%%", 100*float64(n)/float64(s.SeatedPairs))
	}
	fmt.Fprintf(w, "pairs seated together   %d\n", s.SeatedPairs)
	fmt.Fprintf(w, "new cross-org pairs     %d (%s)\n", s.NewCrossOrgPairs, share(s.NewCrossOrgPairs))
	fmt.Fprintf(w, "upper bound             %d (%s): seated pairs minus the same-org pairs organization sizes force\n", s.UpperBound, share(s.UpperBound))
	fmt.Fprintf(w, "repeat pairs            %d\n", s.RepeatPairs)
	fmt.Fprintf(w, "same-org pairs          %d\n", s.SameOrgPairs)
	if s.ThemePairs > 0 {
		fmt.Fprintf(w, "theme pairs             %d (new cross-org pairs who share a theme)\n", s.ThemePairs)
	}
	fmt.Fprintf(w, "constraint violations   %d\n", s.Violations)
	fmt.Fprintf(w, "new people per guest    min %d, mean %.2f\n", s.MinNewPeople, s.MeanNewPeople)
	fmt.Fprintf(w, "objective               %.2f\n", s.Objective)
}

// search describes how a search ended, for the summary.
type search struct {
	moves           int
	timedOut, bound bool
	took, cpu       time.Duration
}

func writeSearch(w io.Writer, f seatFlags, s search) {
	var stop string
	switch {
	case s.bound:
		stop = "the bound: no plan can be better (reproducible for this seed)"
	case s.timedOut:
		stop = "the time budget (set --moves for a reproducible plan)"
	case f.quick:
		stop = "the end of the quick pass (reproducible for this seed)"
	default:
		stop = "the move cap (reproducible for this seed)"
	}
	fmt.Fprintf(w, "search                  %d moves in %.2fs (%.2fs CPU), ended by %s\n", s.moves, s.took.Seconds(), s.cpu.Seconds(), stop)
}

// cpuTime is the CPU time this process used so far, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
