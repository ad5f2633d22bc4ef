package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/csvx"
	"github.com/kindredhq/kindred/internal/seating"
)

// runSeason plans a season: the dinners of --season, keeping those of
// --held as they were. The plan goes to stdout as dinner,round,table,id
// for every dinner, held ones included, and a summary to stderr.
func runSeason(ctx context.Context, f seatFlags, sio stdio) error {
	p, err := loadSeason(f, sio.in)
	if err != nil {
		return usageError("%w", err)
	}
	start, cpu0 := time.Now(), cpuTime()
	plan, err := seating.PlanSeason(ctx, p, f.options())
	switch {
	case errors.Is(err, seating.ErrInvalid) || errors.Is(err, seating.ErrInfeasible):
		return usageError("%w", err)
	case err != nil:
		return err
	}
	if err := writeSeasonPlan(sio.out, plan); err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	if f.explain != "" {
		if err := writeSeasonExplanations(f.explain, plan); err != nil {
			return fmt.Errorf("write explanations: %w", err)
		}
	}
	writeSeasonSummary(sio.err, p, plan)
	writeSearch(sio.err, f, search{plan.Iterations, plan.TimedOut, plan.Optimal, time.Since(start), cpuTime() - cpu0})
	return nil
}

// loadSeason reads the cohort, history, rules, dinners and held seatings.
func loadSeason(f seatFlags, stdin io.Reader) (seating.SeasonProblem, error) {
	one, err := loadSeatProblem(f, stdin)
	if err != nil {
		return seating.SeasonProblem{}, err
	}
	p := seating.SeasonProblem{Guests: one.Guests, History: one.History, Apart: one.Apart, Together: one.Together, ExtraHosts: f.extraHosts}
	if err = readSeatFile(f.season, stdin, func(r io.Reader) error { p.Dinners, err = parseSeason(r); return err }); err != nil {
		return p, fmt.Errorf("season %s: %w", f.season, err)
	}
	for d := range p.Dinners {
		p.Dinners[d].TableSize, p.Dinners[d].Tables, p.Dinners[d].Rounds = f.tableSize, f.tables, f.rounds
	}
	if f.held != "" {
		if err = readSeatFile(f.held, stdin, func(r io.Reader) error { return parseHeld(r, p.Dinners) }); err != nil {
			return p, fmt.Errorf("held %s: %w", f.held, err)
		}
	}
	return p, nil
}

// writeSeasonPlan writes dinner,round,table,id with rounds and tables
// counted from 1, every dinner in order.
func writeSeasonPlan(w io.Writer, plan *seating.SeasonPlan) error {
	cw := csvx.NewWriter(w)
	if err := cw.Write([]string{"dinner", "round", "table", "id"}); err != nil {
		return err
	}
	for _, d := range plan.Dinners {
		for r, tables := range d.Rounds {
			for t, ids := range tables {
				for _, id := range ids {
					if err := cw.Write([]string{d.Name, strconv.Itoa(r + 1), strconv.Itoa(t + 1), id}); err != nil {
						return err
					}
				}
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeSeasonExplanations writes id,seats,new_people,new_orgs,repeats,same_org,explanation,themes
// with seats as dinner/round/table (rounds and tables from 1) separated by ;.
func writeSeasonExplanations(path string, plan *seating.SeasonPlan) (err error) {
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
	cw.Write([]string{"id", "seats", "new_people", "new_orgs", "repeats", "same_org", "explanation", "themes"})
	for _, g := range plan.Guests {
		seats := make([]string, len(g.Seats))
		for i, s := range g.Seats {
			seats[i] = fmt.Sprintf("%s/%d/%d", plan.Dinners[s.Dinner].Name, s.Round+1, s.Table+1)
		}
		cw.Write([]string{g.Guest, strings.Join(seats, ";"), strconv.Itoa(g.NewPeople), strconv.Itoa(g.NewOrgs),
			strconv.Itoa(g.Repeats), strconv.Itoa(g.SameOrg), g.Text, themeList(g.Themes)})
	}
	cw.Flush()
	return cw.Error()
}

func writeSeasonSummary(w io.Writer, p seating.SeasonProblem, plan *seating.SeasonPlan) {
	held := 0
	repeats := make([]string, len(plan.Dinners))
	for d, dp := range plan.Dinners {
		if dp.Held {
			held++
		}
		repeats[d] = strconv.Itoa(dp.Score.RepeatPairs)
	}
	fmt.Fprintf(w, "season of %d dinners (%d held, %d planned) for a cohort of %d\n", len(plan.Dinners), held, len(plan.Dinners)-held, len(p.Guests))
	writeScore(w, plan.Score)
	fmt.Fprintf(w, "repeat pairs by dinner  %s\n", strings.Join(repeats, " "))
}
