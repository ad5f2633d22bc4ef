package tableplan

import (
	"context"
	"fmt"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/seating"
)

// Assessment is how a stored plan scores with today's guest list and
// ledger: figures, a sentence per guest and the hard constraints it breaks.
type Assessment struct {
	Summary    kindred.TableSummary
	Explain    map[int64]string // member → "meets 5 new people from 5 organizations"
	Violations []string         // in plain words, guests named
	Unseated   []Guest          // coming but not in the plan
	Departed   []Guest          // in the plan but no longer coming
}

// Assess scores plan for the gathering as it stands. Seats the host moved
// by hand may break hard constraints (a table too full, two hosts at one
// table); they are listed in Violations, not returned as an error.
func (p *Planner) Assess(ctx context.Context, r *Roster, plan *kindred.TablePlan) (*Assessment, error) {
	a := &Assessment{Explain: map[int64]string{}}
	seated := map[int64]bool{}
	for _, id := range plan.MemberIDs() {
		seated[id] = true
		if gu := r.Guest(id); !gu.Coming() {
			a.Departed = append(a.Departed, gu)
		}
	}
	for _, gu := range r.Coming {
		if !seated[gu.MemberID] {
			a.Unseated = append(a.Unseated, gu)
		}
	}
	scored, err := p.evaluate(ctx, r, plan)
	if err != nil {
		return nil, err
	}
	a.Summary = summaryOf(scored.Score)
	for _, e := range scored.Guests {
		a.Explain[r.member[e.Guest]] = e.Text
	}
	for _, v := range scored.Violations {
		a.Violations = append(a.Violations, describe(v))
	}
	return a, nil
}

// evaluate scores plan with today's guest list and ledger (and, for a plan
// by theme, the guests' themes), naming guests no longer on the list by
// their name too.
func (p *Planner) evaluate(ctx context.Context, r *Roster, plan *kindred.TablePlan) (*seating.Plan, error) {
	var guests []Guest
	for _, id := range plan.MemberIDs() {
		gu := r.Guest(id)
		if _, ok := r.seatID[id]; !ok {
			r.seatID[id], r.member[gu.Name] = gu.Name, id
		}
		guests = append(guests, gu)
	}
	prob, err := p.problem(ctx, r, guests, plan.Rounds, plan.ByLanguage)
	if err != nil {
		return nil, err
	}
	if plan.ByTheme {
		if err := p.addThemes(ctx, r, &prob); err != nil {
			return nil, err
		}
	}
	prob.Tables = plan.TableCount()
	scored, err := seating.Evaluate(prob, seatIDs(r, plan), seating.Weights{})
	if err != nil {
		return nil, fmt.Errorf("assess table plan of gathering %d: %w", plan.GatheringID, err)
	}
	return scored, nil
}

// seatIDs lists plan's tables per round as the seating package's ids.
func seatIDs(r *Roster, plan *kindred.TablePlan) [][][]string {
	out := make([][][]string, plan.Rounds)
	for ri := range out {
		for _, members := range plan.Tables(ri + 1) {
			ids := make([]string, len(members))
			for i, m := range members {
				ids[i] = r.seatID[m]
			}
			out[ri] = append(out[ri], ids)
		}
	}
	return out
}

// describe puts a broken hard constraint in a host's words.
func describe(v seating.Violation) string {
	at := fmt.Sprintf("Round %d, table %d", v.Round+1, v.Table+1)
	names := strings.Join(v.Guests, ", ")
	switch v.Rule {
	case "size":
		return fmt.Sprintf("%s seats %d people, out of balance with the other tables", at, len(v.Guests))
	case "hosts":
		return at + ": hosts are not spread one per table"
	case "language":
		return fmt.Sprintf("%s: %s share no language", at, names)
	case "apart":
		return fmt.Sprintf("%s: %s should not sit together", at, names)
	case "together":
		return fmt.Sprintf("%s: %s should sit together", at, names)
	}
	return fmt.Sprintf("%s: %s (%s)", at, v.Rule, names)
}

// Move seats memberID at table in round and pins them there, as ch, so
// re-running keeps the move; the plan's figures are measured again. A viewer
// who does not organize the city is EFORBIDDEN; a round,
// table or guest the plan does not have is EINVALID naming "round", "table"
// or "member"; a locked plan is ECONFLICT; a plan changed since ch.Against
// is *kindred.PlanChanged; no plan is ENOTFOUND.
func (p *Planner) Move(ctx context.Context, g *kindred.Gathering, ch Change, memberID int64, round, table int) (*kindred.TablePlan, error) {
	return p.editSeat(ctx, g, ch, memberID, round, "tables.move", func(s *kindred.Seat, plan *kindred.TablePlan) error {
		if n := plan.TableCount(); table < 1 || table > n {
			return &kindred.Error{Code: kindred.EINVALID, Message: fmt.Sprintf("There is no table %d: this plan has tables 1 to %d.", table, n),
				Fields: map[string]string{"table": fmt.Sprintf("must be a table from 1 to %d", n)}}
		}
		s.Table, s.Pinned = table, true
		return nil
	})
}

// SetPinned pins memberID to their table in round (or unpins them), so
// re-running the composer keeps (or may move) them, as ch. Errors as Move's.
func (p *Planner) SetPinned(ctx context.Context, g *kindred.Gathering, ch Change, memberID int64, round int, pin bool) (*kindred.TablePlan, error) {
	action := "tables.unpin"
	if pin {
		action = "tables.pin"
	}
	return p.editSeat(ctx, g, ch, memberID, round, action, func(s *kindred.Seat, _ *kindred.TablePlan) error {
		s.Pinned = pin
		return nil
	})
}

// editSeat applies edit to memberID's seat in round, measures the plan
// again and stores it as ch. The guest, round and table are checked against
// the plan ch.Against names, so a plan changed since is refused first.
func (p *Planner) editSeat(ctx context.Context, g *kindred.Gathering, ch Change, memberID int64, round int, action string,
	edit func(*kindred.Seat, *kindred.TablePlan) error) (*kindred.TablePlan, error) {
	if err := g.MayManage(ch.Viewer); err != nil {
		return nil, err
	}
	plan, err := p.Store.TablePlan(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	if err := checkAgainst(plan, ch.Against); err != nil {
		return nil, err
	}
	// Saved as made against ch.Against: the store refuses it if another
	// change lands between this read and the save.
	plan.Revision, plan.ChangedBy = ch.Against, ch.by()
	if round < 1 || round > plan.Rounds {
		return nil, &kindred.Error{Code: kindred.EINVALID, Message: fmt.Sprintf("There is no round %d: this plan has %d.", round, plan.Rounds),
			Fields: map[string]string{"round": fmt.Sprintf("must be a round from 1 to %d", plan.Rounds)}}
	}
	i := seatIndex(plan, round, memberID)
	if i < 0 {
		return nil, &kindred.Error{Code: kindred.EINVALID, Message: "Please choose a guest seated in this plan.",
			Fields: map[string]string{"member": fmt.Sprintf("is not seated in round %d", round)}}
	}
	if err := edit(&plan.Seats[i], plan); err != nil {
		return nil, err
	}
	r, err := p.Roster(ctx, g)
	if err != nil {
		return nil, err
	}
	a, err := p.Assess(ctx, r, plan)
	if err != nil {
		return nil, err
	}
	plan.Summary = a.Summary
	return plan, p.save(ctx, plan, action, fmt.Sprintf("member %d, round %d, table %d", memberID, round, plan.Seats[i].Table))
}

func seatIndex(plan *kindred.TablePlan, round int, memberID int64) int {
	for i, s := range plan.Seats {
		if s.Round == round && s.MemberID == memberID {
			return i
		}
	}
	return -1
}
