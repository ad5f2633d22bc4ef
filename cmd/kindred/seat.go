package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/seating"
)

// maxSeatRowErrors is how many bad rows one error message lists.
const maxSeatRowErrors = 10

type seatFlags struct {
	guests, history, constraints string
	explain                      string
	tableSize, tables, rounds    int
	seconds                      float64
	seed                         uint64
	extraHosts                   bool
}

// runSeat composes a table plan from plain files:
//
//	kindred seat --guests G.csv [--history H.csv] --table-size N [--rounds R] [--seconds S] [--seed S] > PLAN.csv
//
// --tables N replaces --table-size; --constraints C.csv adds a,b,rule rows
// (apart or together); --explain FILE writes each guest's explanation.
// The plan goes to stdout as round,table,id and a score summary to stderr.
// The same input and --seed give the same plan when the search ends at its
// move cap before --seconds runs out (the summary says which ended it).
// Bad flags, unreadable or malformed files and infeasible constraints exit
// with status 2; no partial plan is written.
func runSeat(ctx context.Context, args []string, sio stdio) error {
	f, err := parseSeatFlags(args, sio.err)
	if err != nil {
		return err
	}
	p, err := loadSeatProblem(f, sio.in)
	if err != nil {
		return usageError("%w", err)
	}
	opt := seating.Options{Seed: f.seed, Budget: time.Duration(f.seconds * float64(time.Second))}
	start := time.Now()
	plan, err := seating.Solve(ctx, p, opt)
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
	writeSeatSummary(sio.err, p, f, plan, time.Since(start))
	return nil
}

func parseSeatFlags(args []string, stderr io.Writer) (seatFlags, error) {
	var f seatFlags
	fs := flag.NewFlagSet("seat", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.guests, "guests", "", "guest list `file`, CSV id,org[,host][,lang]; - reads stdin (required)")
	fs.StringVar(&f.history, "history", "", "`file` of pairs who already met, CSV a,b,times")
	fs.StringVar(&f.constraints, "constraints", "", "`file` of rules, CSV a,b,rule with rule apart or together")
	fs.StringVar(&f.explain, "explain", "", "also write each guest's explanation as CSV to `file`")
	fs.IntVar(&f.tableSize, "table-size", 0, "most seats at a table")
	fs.IntVar(&f.tables, "tables", 0, "number of tables, instead of --table-size")
	fs.IntVar(&f.rounds, "rounds", 1, "seatings in the gathering (guests move between courses)")
	fs.Float64Var(&f.seconds, "seconds", 10, "time budget; the plan is reproducible for a seed when the search ends at its move cap first (0: no limit)")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed")
	fs.BoolVar(&f.extraHosts, "extra-hosts", false, "allow more hosts than tables (spread as evenly as possible)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: kindred seat --guests G.csv [--history H.csv] [--constraints C.csv] --table-size N | --tables N [--rounds R] [--seconds S] [--seed S] > PLAN.csv")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return f, err
		}
		return f, usageError("%w", err)
	}
	switch {
	case fs.NArg() > 0:
		return f, usageError("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	case f.guests == "":
		return f, usageError("--guests is required")
	case (f.tableSize == 0) == (f.tables == 0):
		return f, usageError("set exactly one of --table-size and --tables")
	case f.tableSize != 0 && f.tableSize < 2:
		return f, usageError("--table-size %d is below 2", f.tableSize)
	case f.tables < 0:
		return f, usageError("--tables %d is below 1", f.tables)
	case f.rounds < 1:
		return f, usageError("--rounds %d is below 1", f.rounds)
	case f.seconds < 0 || math.IsNaN(f.seconds):
		return f, usageError("--seconds %v is negative", f.seconds)
	}
	return f, nil
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

func readSeatFile(path string, stdin io.Reader, parse func(io.Reader) error) error {
	if path == "-" {
		return parse(stdin)
	}
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	defer fh.Close()
	return parse(bufio.NewReader(fh))
}

// csvTable reads a CSV file whose header names its columns.
type csvTable struct {
	r      *csv.Reader
	col    map[string]int
	errs   []string
	nTotal int
}

// openCSV reads the header and checks it names only allowed columns and
// every required one.
func openCSV(r io.Reader, allowed, required []string) (*csvTable, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("empty file: want a header line " + strings.Join(allowed, ","))
	}
	if err != nil {
		return nil, err
	}
	t := &csvTable{r: cr, col: map[string]int{}}
	var unknown []string
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		switch _, dup := t.col[h]; {
		case !slices.Contains(allowed, h):
			unknown = append(unknown, strconv.Quote(h))
		case dup:
			return nil, fmt.Errorf("column %q appears twice", h)
		}
		t.col[h] = i
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("unknown columns %s (allowed: %s)", strings.Join(unknown, ", "), strings.Join(allowed, ", "))
	}
	for _, c := range required {
		if _, ok := t.col[c]; !ok {
			return nil, fmt.Errorf("missing column %q (header: %s)", c, strings.Join(header, ","))
		}
	}
	return t, nil
}

// next returns the next row and its line, or io.EOF. Rows with the wrong
// number of fields are recorded as bad rows and skipped.
func (t *csvTable) next() ([]string, int, error) {
	for {
		rec, err := t.r.Read()
		if err == nil {
			line, _ := t.r.FieldPos(0)
			return rec, line, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
			t.bad(pe.Line, "has %d fields, the header has %d", len(rec), len(t.col))
			continue
		}
		return nil, 0, err
	}
}

func (t *csvTable) get(rec []string, name string) string {
	if i, ok := t.col[name]; ok {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

func (t *csvTable) bad(line int, format string, a ...any) {
	t.nTotal++
	if len(t.errs) < maxSeatRowErrors {
		t.errs = append(t.errs, fmt.Sprintf("line %d: ", line)+fmt.Sprintf(format, a...))
	}
}

// err reports every bad row, or nil.
func (t *csvTable) err() error {
	if t.nTotal == 0 {
		return nil
	}
	msg := strings.Join(t.errs, "; ")
	if t.nTotal > len(t.errs) {
		msg += fmt.Sprintf("; and %d more bad rows", t.nTotal-len(t.errs))
	}
	return errors.New(msg)
}

// parseGuests reads a guest list: header id,org[,host][,lang]. host is
// 1/true/yes or 0/false/no/empty; lang holds languages separated by ; or |.
// It returns an error naming unknown columns and every bad row by line.
func parseGuests(r io.Reader) ([]seating.Guest, error) {
	t, err := openCSV(r, []string{"id", "org", "host", "lang"}, []string{"id", "org"})
	if err != nil {
		return nil, err
	}
	var guests []seating.Guest
	firstLine := map[string]int{}
	for {
		rec, line, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		g, ok := t.guest(rec, line, firstLine)
		if ok {
			guests = append(guests, g)
		}
	}
	if err := t.err(); err != nil {
		return nil, err
	}
	if len(guests) == 0 {
		return nil, errors.New("no guests")
	}
	return guests, nil
}

func (t *csvTable) guest(rec []string, line int, firstLine map[string]int) (seating.Guest, bool) {
	g := seating.Guest{ID: t.get(rec, "id"), Org: t.get(rec, "org")}
	host, hostOK := parseHostFlag(t.get(rec, "host"))
	first, dup := firstLine[g.ID]
	switch {
	case g.ID == "":
		t.bad(line, "empty id")
	case dup:
		t.bad(line, "duplicate id %q (first on line %d)", g.ID, first)
	case g.Org == "":
		t.bad(line, "guest %q has no organization", g.ID)
	case !hostOK:
		t.bad(line, "guest %q: host %q is not 1/0, true/false or yes/no", g.ID, t.get(rec, "host"))
	default:
		firstLine[g.ID] = line
		g.Host = host
		g.Languages = splitLanguages(t.get(rec, "lang"))
		return g, true
	}
	return g, false
}

func parseHostFlag(s string) (host, ok bool) {
	switch strings.ToLower(s) {
	case "1", "true", "yes", "y":
		return true, true
	case "", "0", "false", "no", "n":
		return false, true
	}
	return false, false
}

func splitLanguages(s string) []string {
	var out []string
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '|' }) {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// parseHistory reads pairs who already met: header a,b[,times]; times is a
// whole number of meetings, 1 when the column is absent.
func parseHistory(r io.Reader) ([]seating.Meeting, error) {
	t, err := openCSV(r, []string{"a", "b", "times"}, []string{"a", "b"})
	if err != nil {
		return nil, err
	}
	var out []seating.Meeting
	for {
		rec, line, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		m := seating.Meeting{A: t.get(rec, "a"), B: t.get(rec, "b"), Times: 1}
		if s := t.get(rec, "times"); s != "" {
			if m.Times, err = strconv.Atoi(s); err != nil || m.Times < 0 {
				t.bad(line, "times %q is not a whole number of meetings", s)
				continue
			}
		}
		if m.A == "" || m.B == "" {
			t.bad(line, "a pair needs two ids")
			continue
		}
		out = append(out, m)
	}
	return out, t.err()
}

// parseConstraints reads rules: header a,b,rule with rule apart (do-not-seat)
// or together (keep-together).
func parseConstraints(r io.Reader) (apart, together []seating.Pair, err error) {
	t, err := openCSV(r, []string{"a", "b", "rule"}, []string{"a", "b", "rule"})
	if err != nil {
		return nil, nil, err
	}
	for {
		rec, line, err := t.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		p := seating.Pair{A: t.get(rec, "a"), B: t.get(rec, "b")}
		switch rule := strings.ToLower(t.get(rec, "rule")); {
		case p.A == "" || p.B == "":
			t.bad(line, "a rule needs two ids")
		case rule == "apart":
			apart = append(apart, p)
		case rule == "together":
			together = append(together, p)
		default:
			t.bad(line, "rule %q is not apart or together", rule)
		}
	}
	return apart, together, t.err()
}

// writeExplanations writes id,tables,new_people,new_orgs,repeats,same_org,explanation
// with tables counted from 1 and separated by ; one per round.
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
	cw := csv.NewWriter(fh)
	cw.Write([]string{"id", "tables", "new_people", "new_orgs", "repeats", "same_org", "explanation"})
	for _, e := range plan.Guests {
		tables := make([]string, len(e.Tables))
		for i, t := range e.Tables {
			tables[i] = strconv.Itoa(t + 1)
		}
		cw.Write([]string{e.Guest, strings.Join(tables, ";"), strconv.Itoa(e.NewPeople), strconv.Itoa(e.NewOrgs),
			strconv.Itoa(e.Repeats), strconv.Itoa(e.SameOrg), e.Text})
	}
	cw.Flush()
	return cw.Error()
}

// writePlan writes round,table,id with rounds and tables counted from 1.
func writePlan(w io.Writer, plan *seating.Plan) error {
	cw := csv.NewWriter(w)
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

func writeSeatSummary(w io.Writer, p seating.Problem, f seatFlags, plan *seating.Plan, took time.Duration) {
	s := plan.Score
	share := func(n int) string {
		if s.SeatedPairs == 0 {
			return "-"
		}
		return fmt.Sprintf("%.2f%%", 100*float64(n)/float64(s.SeatedPairs))
	}
	fmt.Fprintf(w, "seated %d guests at %d tables over %d rounds (seed %d)\n", len(p.Guests), len(plan.Rounds[0]), len(plan.Rounds), f.seed)
	fmt.Fprintf(w, "pairs seated together   %d\n", s.SeatedPairs)
	fmt.Fprintf(w, "new cross-org pairs     %d (%s)\n", s.NewCrossOrgPairs, share(s.NewCrossOrgPairs))
	fmt.Fprintf(w, "upper bound             %d (%s): seated pairs minus the same-org pairs organization sizes force\n", s.UpperBound, share(s.UpperBound))
	fmt.Fprintf(w, "repeat pairs            %d\n", s.RepeatPairs)
	fmt.Fprintf(w, "same-org pairs          %d\n", s.SameOrgPairs)
	fmt.Fprintf(w, "constraint violations   %d\n", s.Violations)
	fmt.Fprintf(w, "new people per guest    min %d, mean %.2f\n", s.MinNewPeople, s.MeanNewPeople)
	fmt.Fprintf(w, "objective               %.2f\n", s.Objective)
	stop := "the move cap (reproducible for this seed)"
	if plan.TimedOut {
		stop = "the time budget (raise --seconds for a reproducible plan)"
	}
	fmt.Fprintf(w, "search                  %d moves in %.2fs, ended by %s\n", plan.Iterations, took.Seconds(), stop)
}
