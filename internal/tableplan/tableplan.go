// Package tableplan composes and edits gatherings' table plans. It reads the
// going list and the ledger's history from the store, seats the guests with
// the pure seating package, explains the result in plain words and stores
// the plan. The web pages, the API and the demo share it.
package tableplan

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/seating"
	"github.com/kindredhq/kindred/internal/store"
)

// Guest is one person a table plan seats, as hosts see them.
type Guest struct {
	MemberID  int64
	Name      string
	Org       string // primary organization, "" when none is listed
	Host      bool
	Languages []string
	Status    kindred.RSVPStatus
}

// Coming reports whether the guest is going or has checked in.
func (g Guest) Coming() bool {
	return g.Status == kindred.RSVPGoing || g.Status == kindred.RSVPAttended
}

// Roster is everyone with an RSVP to a gathering, and the guests to seat.
type Roster struct {
	Coming []Guest               // going or checked in, in guest-list order
	All    map[int64]*Guest      // every RSVP, by member
	Rules  []kindred.SeatingRule // the hosts' keep-together and keep-apart rules
	before time.Time             // the gathering's day: history is what came before
	seatID map[int64]string      // member → id given to the seating package
	member map[string]int64      // and back
}

// Guest returns the guest with memberID, or a placeholder naming the member
// when they have no RSVP (any more).
func (r *Roster) Guest(memberID int64) Guest {
	if g, ok := r.All[memberID]; ok {
		return *g
	}
	return Guest{MemberID: memberID, Name: fmt.Sprintf("Member %d", memberID)}
}

// Planner composes, edits and explains table plans.
type Planner struct {
	Store *store.Store
	// Queue records the events of season compositions (ComposeSeason).
	Queue *jobs.Queue
	// Budget bounds the seating search's wall-clock time; 0 means 5 seconds.
	// Dinners finish far sooner, within the search's iteration cap, so
	// composing is reproducible for a seed.
	Budget time.Duration
}

// Change names who changes a plan and the revision of it they saw. Only
// organizers of the gathering's city and administrators change plans
// (kindred.Gathering.MayManage). A change made against an older revision
// is refused with *kindred.PlanChanged, so when two hosts edit at once the
// later one is told instead of silently undoing the other's change.
type Change struct {
	Viewer  *kindred.Viewer
	Against int // the plan's revision the host saw; 0 when there was no plan
}

// by is the account the plan records as its last changer.
func (ch Change) by() int64 { return ch.Viewer.AccountID() }

// Settings are what a host chooses when composing.
type Settings struct {
	Rounds    int
	TableSize int
	Seed      int64
	// KeepPins keeps pinned guests at their tables (re-running around them).
	KeepPins bool
	// IgnoreLanguages seats guests without the rule that each table shares a
	// language, for when the languages guests listed make it impossible.
	IgnoreLanguages bool
	// ByTheme seats together guests who share a theme (of their listening
	// stories or practice interests) and are not yet connected in the
	// ledger, across organizations (see TableThemes).
	ByTheme bool
}

// Roster reads the gathering's RSVPs: the guests to seat are those going or
// checked in; hosts are the gathering's hosts.
func (p *Planner) Roster(ctx context.Context, g *kindred.Gathering) (*Roster, error) {
	rsvps, err := p.Store.SeatingGuests(ctx, g.ID)
	if err != nil {
		return nil, fmt.Errorf("table plan guests: %w", err)
	}
	rules, err := p.Store.SeatingRules(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	r := &Roster{Rules: rules, before: g.LocalDay(), All: map[int64]*Guest{}, seatID: map[int64]string{}, member: map[string]int64{}}
	names := map[string]int{}
	for _, v := range rsvps {
		names[v.MemberName]++
	}
	for _, v := range rsvps {
		gu := &Guest{MemberID: v.MemberID, Name: v.MemberName, Org: v.Affiliation, Languages: v.Languages,
			Host: slices.Contains(g.HostIDs, v.MemberID), Status: v.Status}
		r.All[v.MemberID] = gu
		if gu.Coming() {
			r.Coming = append(r.Coming, *gu)
		}
		// The seating package names guests by id in its messages, so the id
		// is the name, made unique with the member id when names repeat.
		id := v.MemberName
		if names[id] > 1 || id == "" {
			id += " #" + strconv.FormatInt(v.MemberID, 10)
		}
		r.seatID[v.MemberID], r.member[id] = id, v.MemberID
	}
	return r, nil
}

// Compose seats the gathering's coming guests and stores the plan as ch,
// keeping pinned guests where they are when set.KeepPins. It always gives
// a plan when there are guests to seat: a constraint the guests make
// impossible (a shared language at every table, the pins, the seating
// rules) is set aside and the plan's Relaxed says so, naming the guests. A
// viewer who does not organize the city is EFORBIDDEN; fewer than two
// guests and settings out of range are EINVALID; a locked plan is
// ECONFLICT; a plan changed since ch.Against is *kindred.PlanChanged.
func (p *Planner) Compose(ctx context.Context, g *kindred.Gathering, ch Change, set Settings) (*kindred.TablePlan, error) {
	if err := g.MayManage(ch.Viewer); err != nil {
		return nil, err
	}
	if err := checkSettings(set); err != nil {
		return nil, err
	}
	r, err := p.Roster(ctx, g)
	if err != nil {
		return nil, err
	}
	if len(r.Coming) < 2 {
		return nil, &kindred.Error{Code: kindred.EINVALID, Message: fmt.Sprintf(
			"Composing tables needs at least 2 guests going, and %d %s.", len(r.Coming), plural(len(r.Coming), "is", "are"))}
	}
	old, err := p.Store.TablePlan(ctx, g.ID)
	if err != nil && kindred.ErrorCode(err) != kindred.ENOTFOUND {
		return nil, err
	}
	if err := checkAgainst(old, ch.Against); err != nil {
		return nil, err // before the search, which may take seconds
	}
	prob, err := p.problem(ctx, r, r.Coming, set.Rounds, !set.IgnoreLanguages)
	if err != nil {
		return nil, err
	}
	prob.TableSize = set.TableSize
	if set.ByTheme {
		if err := p.addThemes(ctx, r, &prob); err != nil {
			return nil, err
		}
	}
	if set.KeepPins && old != nil {
		prob.Pins = pinsOf(old, r, set.Rounds)
	}
	c, err := p.solveRelaxing(ctx, r, prob, set.Seed)
	if err != nil {
		return nil, err
	}
	tp := &kindred.TablePlan{GatheringID: g.ID, Revision: ch.Against, ChangedBy: ch.by(), Rounds: set.Rounds, TableSize: set.TableSize,
		Seed: set.Seed, ByLanguage: !set.IgnoreLanguages && !slices.Contains(c.names, "language"), ByTheme: set.ByTheme, Summary: summaryOf(c.plan.Score),
		Relaxed: c.relaxed}
	for ri, tables := range c.plan.Rounds {
		for ti, ids := range tables {
			for _, id := range ids {
				m := r.member[id]
				tp.Seats = append(tp.Seats, kindred.Seat{Round: ri + 1, Table: ti + 1, MemberID: m, Pinned: pinned(c.prob.Pins, id, ri)})
			}
		}
	}
	detail := fmt.Sprintf("%d guests, %d rounds", len(r.Coming), set.Rounds)
	if set.ByTheme {
		detail += ", by theme"
	}
	return tp, p.save(ctx, tp, "tables.compose", detail)
}

func (p *Planner) solve(ctx context.Context, prob seating.Problem, seed int64) (*seating.Plan, error) {
	budget := p.Budget
	if budget == 0 {
		budget = 5 * time.Second
	}
	return seating.Solve(ctx, prob, seating.Options{Seed: uint64(seed), Budget: budget})
}

// checkAgainst refuses a change to plan (nil when there is none yet) made
// against another revision, or to a final plan, before any work is done on
// it. The store checks the revision again in the transaction that writes.
func checkAgainst(plan *kindred.TablePlan, against int) error {
	if plan == nil {
		return nil
	}
	if err := plan.Final(); err != nil {
		return err
	}
	if plan.Revision != against {
		return plan.Changed()
	}
	return nil
}

// save stores the plan and audits the change as action.
func (p *Planner) save(ctx context.Context, tp *kindred.TablePlan, action, detail string) error {
	return p.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.SaveTablePlan(ctx, tp); err != nil {
			return err
		}
		return tx.Audit(ctx, tp.ChangedBy, action, strconv.FormatInt(tp.GatheringID, 10), detail)
	})
}

// checkSettings holds the settings to the limits of a plan.
func checkSettings(set Settings) error {
	return (&kindred.TablePlan{Rounds: set.Rounds, TableSize: set.TableSize}).Validate()
}

// problem describes guests to the seating package: organization (or the
// guest alone when they list none), host flag, languages, how often each
// pair already sat together according to the ledger, and the hosts' seating
// rules about two of these guests. Languages count only byLanguage.
func (p *Planner) problem(ctx context.Context, r *Roster, guests []Guest, rounds int, byLanguage bool) (seating.Problem, error) {
	prob := seating.Problem{Rounds: rounds, ExtraHosts: true}
	ids := make([]int64, len(guests))
	for i, gu := range guests {
		org := gu.Org
		if org == "" {
			org = "member:" + strconv.FormatInt(gu.MemberID, 10)
		}
		guest := seating.Guest{ID: r.seatID[gu.MemberID], Org: org, Host: gu.Host}
		if byLanguage {
			guest.Languages = gu.Languages
		}
		prob.Guests = append(prob.Guests, guest)
		ids[i] = gu.MemberID
	}
	for _, rule := range r.Rules {
		if !slices.Contains(ids, rule.MemberA) || !slices.Contains(ids, rule.MemberB) {
			continue // a rule about someone not coming binds no one
		}
		pair := seating.Pair{A: r.seatID[rule.MemberA], B: r.seatID[rule.MemberB]}
		if rule.Kind == kindred.SeatApart {
			prob.Apart = append(prob.Apart, pair)
		} else {
			prob.Together = append(prob.Together, pair)
		}
	}
	met, err := p.Store.SatTogetherCounts(ctx, ids, r.before)
	if err != nil {
		return prob, err
	}
	for pair, n := range met {
		prob.History = append(prob.History, seating.Meeting{A: r.seatID[pair[0]], B: r.seatID[pair[1]], Times: n})
	}
	slices.SortFunc(prob.History, func(a, b seating.Meeting) int { return strings.Compare(a.A+"\x00"+a.B, b.A+"\x00"+b.B) })
	return prob, nil
}

// pinsOf lists the old plan's pins of guests still coming, in rounds the new
// plan has.
func pinsOf(old *kindred.TablePlan, r *Roster, rounds int) []seating.Pin {
	var out []seating.Pin
	for _, s := range old.Seats {
		if gu, ok := r.All[s.MemberID]; ok && s.Pinned && gu.Coming() && s.Round <= rounds {
			out = append(out, seating.Pin{Guest: r.seatID[s.MemberID], Round: s.Round - 1, Table: s.Table - 1})
		}
	}
	return out
}

func pinned(pins []seating.Pin, id string, round int) bool {
	return slices.ContainsFunc(pins, func(p seating.Pin) bool { return p.Guest == id && p.Round == round })
}

// seatingError turns the seating package's complaint into a sentence for the
// host; the guests it names are already named by name.
func (r *Roster) seatingError(err error) error {
	if !errors.Is(err, seating.ErrInvalid) && !errors.Is(err, seating.ErrInfeasible) {
		return err
	}
	text := complaint(err)
	e := &kindred.Error{Code: kindred.EINVALID, Message: "The tables could not be composed: " + text + "."}
	if strings.Contains(text, "language") {
		e.Message += " To seat everyone anyway, choose “Ignore languages” and compose again."
		e.Fields = map[string]string{"languages": "no shared language at every table is possible with these guests"}
	}
	return e
}

func summaryOf(sc seating.Score) kindred.TableSummary {
	return kindred.TableSummary{SeatedPairs: sc.SeatedPairs, NewCrossOrgPairs: sc.NewCrossOrgPairs, RepeatPairs: sc.RepeatPairs,
		SameOrgPairs: sc.SameOrgPairs, Violations: sc.Violations, MinNewPeople: sc.MinNewPeople,
		MeanNewPeople: sc.MeanNewPeople, UpperBound: sc.UpperBound}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
