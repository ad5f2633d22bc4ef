package tableplan

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/seating"
	"github.com/kindredhq/kindred/internal/store"
)

// Season is a series' gatherings in date order with their table plans, and
// whom each person meets when, as the series' organizers see it.
type Season struct {
	Series  kindred.Series
	Dinners []SeasonDinner
	// People is everyone seated at some dinner or coming to one, by name,
	// each with their season in plain words.
	People []SeasonPerson
	// Score covers the dinners with a plan, in order: a repeat is a pair
	// seated together who met before (in the ledger before the season, or at
	// an earlier dinner of it).
	Score seating.Score
	// Planned counts the dinners with a table plan.
	Planned int
	// Relaxed says, in the organizer's words, what composing set aside
	// because the guests made it impossible; only after a composition.
	Relaxed []string
}

// SeasonDinner is one gathering of a season.
type SeasonDinner struct {
	Gathering *kindred.Gathering
	Plan      *kindred.TablePlan // nil when it has none
	// Kept says why composing the season leaves this dinner's plan as it
	// is ("held", "locked", "past"); "" when composing seats it again.
	Kept string
	// Coming lists the guests going or checked in, by name.
	Coming []Guest
	// Rounds[r][t] lists the guests at table t in round r of the plan.
	Rounds [][][]Guest
	// Score counts this dinner's pairs; repeats are pairs who met before it.
	Score seating.Score
	// Unseated are coming but have no seat; Departed have a seat but are no
	// longer coming: the guest list changed since the plan was made.
	Unseated, Departed []Guest
}

// Changed reports whether the guest list changed since the dinner's plan.
func (d *SeasonDinner) Changed() bool { return len(d.Unseated)+len(d.Departed) > 0 }

// SeasonPerson is one person's season.
type SeasonPerson struct {
	Guest
	// Text is their season in plain words: "meets 9 new people from 7
	// organizations over 10 dinners".
	Text      string
	NewPeople int
	Repeats   int
	Seats     []PersonSeat
}

// PersonSeat is where a person sits at one round of one dinner.
type PersonSeat struct {
	Dinner int // index in Season.Dinners
	Round  int // from 1
	Table  int // from 1
	With   []Guest
}

// SeasonSettings are what an organizer chooses when composing a season.
type SeasonSettings struct {
	// TableSize is the most seats at a table at every dinner; 0 keeps each
	// gathering's own table size.
	TableSize int
	Seed      int64
}

// seasonData is a season as read from the store: the series, its
// gatherings in order, each with its guest list and plan, and the cohort.
type seasonData struct {
	series  kindred.Series
	dinners []*seasonDinner
	cohort  *cohort
}

type seasonDinner struct {
	g      *kindred.Gathering
	roster *Roster
	plan   *kindred.TablePlan
	kept   string
}

// Season reads the series' season: its gatherings in order, their plans
// scored as a season and whom each person meets when. Only the series'
// organizers see it (kindred.Series.MayPlanSeason, EFORBIDDEN); a series
// that does not exist is ENOTFOUND.
func (p *Planner) Season(ctx context.Context, v *kindred.Viewer, seriesID int64) (*Season, error) {
	sd, err := p.loadSeason(ctx, v, seriesID)
	if err != nil {
		return nil, err
	}
	return p.seasonView(ctx, sd)
}

// loadSeason reads the series, its gatherings (not cancelled) in date order
// with their guest lists and plans, and checks that v may plan it.
func (p *Planner) loadSeason(ctx context.Context, v *kindred.Viewer, seriesID int64) (*seasonData, error) {
	sr, err := p.Store.Series(ctx, seriesID)
	if err != nil {
		if kindred.ErrorCode(err) == kindred.ENOTFOUND {
			return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no such series.")
		}
		return nil, err
	}
	gs, err := p.Store.ListGatherings(ctx, store.GatheringFilter{SeriesID: seriesID, Limit: 200})
	if err != nil {
		return nil, err
	}
	gs = slices.DeleteFunc(gs, func(g *kindred.Gathering) bool { return g.Status == kindred.GatheringCancelled })
	slices.SortStableFunc(gs, func(a, b *kindred.Gathering) int { return a.StartsAt.Compare(b.StartsAt) })
	if err := sr.MayPlanSeason(v, gs); err != nil {
		return nil, err
	}
	sd := &seasonData{series: sr, cohort: newCohort()}
	now := p.Store.Now()
	for _, g := range gs {
		d := &seasonDinner{g: g}
		if d.roster, err = p.Roster(ctx, g); err != nil {
			return nil, err
		}
		d.plan, err = p.Store.TablePlan(ctx, g.ID)
		if err != nil && kindred.ErrorCode(err) != kindred.ENOTFOUND {
			return nil, err
		}
		d.kept = keptBecause(g, d.plan, now)
		sd.cohort.add(d)
		sd.dinners = append(sd.dinners, d)
	}
	sd.cohort.name()
	return sd, nil
}

// keptBecause says why composing a season must leave a dinner's plan as it
// is: the dinner took place, its plan is final (locked, or its pairs are
// in the ledger), or it is over; "" when composing may seat it again.
func keptBecause(g *kindred.Gathering, plan *kindred.TablePlan, now time.Time) string {
	switch {
	case g.Status == kindred.GatheringHeld:
		return "held"
	case plan != nil && plan.Final() != nil:
		return "locked"
	case g.EndsAt.Before(now):
		return "past"
	}
	return ""
}

// cohort is everyone a season seats or may seat, with the ids the seating
// package knows them by: their names, made unique with the member id when
// names repeat.
type cohort struct {
	guests map[int64]Guest
	order  []int64 // members in the order first met
	seatID map[int64]string
	member map[string]int64
}

func newCohort() *cohort {
	return &cohort{guests: map[int64]Guest{}, seatID: map[int64]string{}, member: map[string]int64{}}
}

// add puts the dinner's coming guests and everyone its plan seats in the cohort.
func (c *cohort) add(d *seasonDinner) {
	put := func(gu Guest) {
		if _, ok := c.guests[gu.MemberID]; !ok {
			gu.Host, gu.Status = false, ""
			c.guests[gu.MemberID] = gu
			c.order = append(c.order, gu.MemberID)
		}
	}
	for _, gu := range d.roster.Coming {
		put(gu)
	}
	if d.plan != nil {
		for _, id := range d.plan.MemberIDs() {
			put(d.roster.Guest(id))
		}
	}
}

// name gives every cohort member their seating id, once all are added.
func (c *cohort) name() {
	names := map[string]int{}
	for _, gu := range c.guests {
		names[gu.Name]++
	}
	for _, m := range c.order {
		id := c.guests[m].Name
		if names[id] > 1 || id == "" {
			id += " #" + strconv.FormatInt(m, 10)
		}
		c.seatID[m], c.member[id] = id, m
	}
}

// guest is the cohort member with seating id id.
func (c *cohort) guest(id string) Guest { return c.guests[c.member[id]] }

// seatingGuests is the cohort as the seating package's guests, in order.
func (c *cohort) seatingGuests(byLanguage bool) []seating.Guest {
	out := make([]seating.Guest, 0, len(c.order))
	for _, m := range c.order {
		gu := c.guests[m]
		org := gu.Org
		if org == "" {
			org = "member:" + strconv.FormatInt(m, 10)
		}
		sg := seating.Guest{ID: c.seatID[m], Org: org}
		if byLanguage {
			sg.Languages = gu.Languages
		}
		out = append(out, sg)
	}
	return out
}

// planRounds is a stored plan's tables as seating ids, round by round.
func (c *cohort) planRounds(plan *kindred.TablePlan) [][][]string {
	out := make([][][]string, plan.Rounds)
	for r := range out {
		for _, members := range plan.Tables(r + 1) {
			ids := make([]string, 0, len(members))
			for _, m := range members {
				ids = append(ids, c.seatID[m])
			}
			out[r] = append(out[r], ids)
		}
	}
	return out
}

// history is how often each pair of the cohort sat together in the ledger
// before the season's first dinner.
func (p *Planner) seasonHistory(ctx context.Context, sd *seasonData) ([]seating.Meeting, error) {
	if len(sd.dinners) == 0 {
		return nil, nil
	}
	met, err := p.Store.SatTogetherCounts(ctx, sd.cohort.order, sd.dinners[0].g.LocalDay())
	if err != nil {
		return nil, err
	}
	out := make([]seating.Meeting, 0, len(met))
	for pair, n := range met {
		out = append(out, seating.Meeting{A: sd.cohort.seatID[pair[0]], B: sd.cohort.seatID[pair[1]], Times: n})
	}
	slices.SortFunc(out, func(a, b seating.Meeting) int { return strings.Compare(a.A+"\x00"+a.B, b.A+"\x00"+b.B) })
	return out, nil
}
