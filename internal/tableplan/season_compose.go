package tableplan

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/seating"
	"github.com/kindredhq/kindred/internal/store"
)

// ComposeSeason seats every dinner of the series that is still to come, all
// at once, so that across the season as few people as possible sit with
// someone they met before (in the ledger before the season, or at an
// earlier dinner of it), and stores each dinner's plan as its table plan.
// Dinners held, locked or over keep their plans, which count as meetings
// for the dinners after them; composing again after RSVPs changed
// re-plans only the dinners still to come. Each dinner's guests are those
// going or checked in, its hosts are spread one per table, pinned guests
// keep their tables, and the seating rules of every dinner hold wherever
// both guests come; a language rule or pins the guests make impossible are
// set aside and Relaxed says so.
//
// Only the series' organizers compose (EFORBIDDEN); an unknown series is
// ENOTFOUND; a table size out of range, or no dinner with two guests left
// to seat, is EINVALID; a plan another organizer changed meanwhile is
// *kindred.PlanChanged. All plans, one audit entry and the
// season.composed event are written in one transaction.
func (p *Planner) ComposeSeason(ctx context.Context, v *kindred.Viewer, seriesID int64, set SeasonSettings) (*Season, error) {
	if set.TableSize != 0 && (set.TableSize < 2 || set.TableSize > kindred.MaxTableSize) {
		return nil, &kindred.Error{Code: kindred.EINVALID, Message: "Please give a table size the tables can seat.",
			Fields: map[string]string{"table_size": fmt.Sprintf("must be between 2 and %d", kindred.MaxTableSize)}}
	}
	sd, err := p.loadSeason(ctx, v, seriesID)
	if err != nil {
		return nil, err
	}
	free := sd.toPlan()
	if len(free) == 0 {
		return nil, kindred.Errorf(kindred.EINVALID, "There is no dinner left to plan in %s: every dinner is held, locked or over, or has fewer than 2 guests going.", sd.series.Name)
	}
	sp, err := p.seasonProblem(ctx, sd, free, set)
	if err != nil {
		return nil, err
	}
	plan, relaxed, err := p.solveSeason(ctx, sp, set.Seed)
	if err != nil {
		return nil, err
	}
	if err := p.saveSeason(ctx, v, sd, sp, plan, set); err != nil {
		return nil, err
	}
	if sd, err = p.loadSeason(ctx, v, seriesID); err != nil {
		return nil, err
	}
	out, err := p.seasonView(ctx, sd)
	if err != nil {
		return nil, err
	}
	out.Relaxed = relaxed
	return out, nil
}

// toPlan lists the dinners composing seats: not kept, with two guests coming.
func (sd *seasonData) toPlan() []*seasonDinner {
	var out []*seasonDinner
	for _, d := range sd.dinners {
		if d.kept == "" && len(d.roster.Coming) >= 2 {
			out = append(out, d)
		}
	}
	return out
}

// seasonProblem is what composing hands the seating package: the cohort,
// the kept dinners' plans as held, and each dinner to plan (one round each).
type seasonProblem struct {
	prob   seating.SeasonProblem
	dinner []*seasonDinner // prob.Dinners[i] is dinner[i]
	sizes  []int           // table size of each dinner to plan, 0 for kept ones
}

func (p *Planner) seasonProblem(ctx context.Context, sd *seasonData, free []*seasonDinner, set SeasonSettings) (*seasonProblem, error) {
	sp := &seasonProblem{prob: seating.SeasonProblem{Guests: sd.cohort.seatingGuests(true), ExtraHosts: true}}
	for _, d := range sd.dinners {
		switch {
		case slices.Contains(free, d):
			size := cmpOr(set.TableSize, d.g.TableSize, 8)
			sp.prob.Dinners = append(sp.prob.Dinners, sd.freeDinner(d, size))
			sp.sizes = append(sp.sizes, size)
			sp.addRules(sd.cohort, d.roster)
		case d.kept != "" && d.plan != nil && len(d.plan.Seats) > 0:
			sp.prob.Dinners = append(sp.prob.Dinners, seating.Dinner{Name: d.g.Title, Held: sd.cohort.planRounds(d.plan)})
			sp.sizes = append(sp.sizes, 0)
		default:
			continue // nothing to plan, nothing that happened
		}
		sp.dinner = append(sp.dinner, d)
	}
	var err error
	sp.prob.History, err = p.seasonHistory(ctx, sd)
	return sp, err
}

// freeDinner describes a dinner to plan: its coming guests, its hosts among
// them, the table size and its pins in round 1.
func (sd *seasonData) freeDinner(d *seasonDinner, size int) seating.Dinner {
	dn := seating.Dinner{Name: d.g.Title, TableSize: size, Rounds: 1, Hosts: []string{}}
	for _, gu := range d.roster.Coming {
		id := sd.cohort.seatID[gu.MemberID]
		dn.Guests = append(dn.Guests, id)
		if gu.Host {
			dn.Hosts = append(dn.Hosts, id)
		}
	}
	if d.plan != nil {
		for _, s := range d.plan.Seats {
			if gu, ok := d.roster.All[s.MemberID]; ok && s.Pinned && s.Round == 1 && gu.Coming() {
				dn.Pins = append(dn.Pins, seating.Pin{Guest: sd.cohort.seatID[s.MemberID], Table: s.Table - 1})
			}
		}
	}
	return dn
}

// addRules adds a dinner's seating rules about two of its coming guests;
// they then hold at every dinner both come to.
func (sp *seasonProblem) addRules(c *cohort, r *Roster) {
	for _, rule := range r.Rules {
		a, aok := r.All[rule.MemberA]
		b, bok := r.All[rule.MemberB]
		if !aok || !bok || !a.Coming() || !b.Coming() {
			continue
		}
		pair := seating.Pair{A: c.seatID[rule.MemberA], B: c.seatID[rule.MemberB]}
		list := &sp.prob.Together
		if rule.Kind == kindred.SeatApart {
			list = &sp.prob.Apart
		}
		if !slices.Contains(*list, pair) {
			*list = append(*list, pair)
		}
	}
}

// solveSeason seats the season, setting aside the language rule and then
// the pins when the guests make them impossible, as Compose does for one
// dinner; a plan that still breaks a seating rule is kept and said so.
func (p *Planner) solveSeason(ctx context.Context, sp *seasonProblem, seed int64) (*seating.SeasonPlan, []string, error) {
	var relaxed []string
	opt := seating.Options{Seed: uint64(seed), Budget: p.seasonBudget(), Thorough: true}
	for {
		plan, err := seating.PlanSeason(ctx, sp.prob, opt)
		switch {
		case err == nil:
			return plan, relaxed, nil
		case plan != nil && errors.Is(err, seating.ErrInfeasible):
			return plan, append(relaxed, fmt.Sprintf("No plan keeps every seating rule at every dinner; this one breaks %d (%s).",
				len(plan.Violations), complaint(err))), nil
		case !errors.Is(err, seating.ErrInvalid) && !errors.Is(err, seating.ErrInfeasible):
			return nil, nil, fmt.Errorf("compose season: %w", err)
		}
		if note := sp.relax(complaint(err)); note != "" {
			relaxed = append(relaxed, note)
			continue
		}
		return nil, nil, &kindred.Error{Code: kindred.EINVALID, Message: "The season could not be composed: " + complaint(err) + "."}
	}
}

// relax sets aside the first constraint still in place of: the language
// rule, the pins, the seating rules. It returns what it did in the
// organizer's words, or "" when there is nothing left to set aside.
func (sp *seasonProblem) relax(why string) string {
	pr := &sp.prob
	switch {
	case slices.ContainsFunc(pr.Guests, func(g seating.Guest) bool { return len(g.Languages) > 0 }):
		for i := range pr.Guests {
			pr.Guests[i].Languages = nil
		}
		return fmt.Sprintf("Not every table could share a language (%s), so the season was composed without the language rule.", why)
	case slices.ContainsFunc(pr.Dinners, func(d seating.Dinner) bool { return len(d.Pins) > 0 }):
		for i := range pr.Dinners {
			pr.Dinners[i].Pins = nil
		}
		return fmt.Sprintf("The pinned seats could not all be kept (%s), so the pins were set aside.", why)
	case len(pr.Together)+len(pr.Apart) > 0:
		pr.Together, pr.Apart = nil, nil
		return fmt.Sprintf("The seating rules could not all be kept (%s), so they were set aside for this season.", why)
	}
	return ""
}

// seasonBudget is the season search's time: the planner's budget, or 2
// seconds, within which re-planning a season of 10 dinners for 48 people
// finishes (bench/seating).
func (p *Planner) seasonBudget() time.Duration {
	if p.Budget > 0 {
		return p.Budget
	}
	return 2 * time.Second
}

// saveSeason stores the plan of every dinner composed, against the revision
// read, with one audit entry and the season.composed event, in one
// transaction.
func (p *Planner) saveSeason(ctx context.Context, v *kindred.Viewer, sd *seasonData, sp *seasonProblem, plan *seating.SeasonPlan, set SeasonSettings) error {
	by := v.AccountID()
	byLanguage := slices.ContainsFunc(sp.prob.Guests, func(g seating.Guest) bool { return len(g.Languages) > 0 })
	planned := 0
	err := p.Store.WithTx(ctx, func(tx *store.Tx) error {
		for i, d := range sp.dinner {
			if sp.sizes[i] == 0 {
				continue
			}
			tp := sd.tablePlan(d, plan.Dinners[i], by, sp.sizes[i], set.Seed, byLanguage)
			if err := tx.SaveTablePlan(ctx, tp); err != nil {
				return fmt.Errorf("%s: %w", d.g.Title, err)
			}
			planned++
		}
		subject := "series:" + strconv.FormatInt(sd.series.ID, 10)
		detail := fmt.Sprintf("%d dinners planned, %d repeated pairs", planned, plan.Score.RepeatPairs)
		if err := tx.Audit(ctx, by, "tables.season", subject, detail); err != nil {
			return err
		}
		return p.Queue.Emit(ctx, tx, by, kindred.Event{Type: kindred.EventSeasonComposed, Subject: subject,
			Data: map[string]any{"series_id": sd.series.ID, "dinners_planned": planned, "repeat_pairs": plan.Score.RepeatPairs,
				"new_cross_org_pairs": plan.Score.NewCrossOrgPairs}})
	})
	if err != nil {
		return fmt.Errorf("save season: %w", err)
	}
	return nil
}

// tablePlan is a composed dinner's plan, made against the stored revision.
func (sd *seasonData) tablePlan(d *seasonDinner, dp seating.DinnerPlan, by int64, size int, seed int64, byLanguage bool) *kindred.TablePlan {
	tp := &kindred.TablePlan{GatheringID: d.g.ID, ChangedBy: by, Rounds: 1, TableSize: size, Seed: seed,
		ByLanguage: byLanguage, Summary: summaryOf(dp.Score)}
	if d.plan != nil {
		tp.Revision = d.plan.Revision
	}
	for ri, tables := range dp.Rounds {
		for ti, ids := range tables {
			for _, id := range ids {
				m := sd.cohort.member[id]
				old, _ := seatOf(d.plan, ri+1, m)
				tp.Seats = append(tp.Seats, kindred.Seat{Round: ri + 1, Table: ti + 1, MemberID: m, Pinned: old.Pinned && old.Table == ti+1})
			}
		}
	}
	return tp
}

func seatOf(plan *kindred.TablePlan, round int, memberID int64) (kindred.Seat, bool) {
	if plan == nil {
		return kindred.Seat{}, false
	}
	return plan.Seat(round, memberID)
}

// cmpOr is the first of xs above zero.
func cmpOr(xs ...int) int {
	for _, x := range xs {
		if x > 0 {
			return x
		}
	}
	return 0
}
