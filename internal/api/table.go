package api

import (
	"net/http"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/tableplan"
)

// tablePlanJSON is a gathering's table plan as the API shows it.
type tablePlanJSON struct {
	GatheringID   int64                `json:"gathering_id"`
	Revision      int                  `json:"revision"`
	Rounds        int                  `json:"rounds"`
	TableSize     int                  `json:"table_size"`
	Seed          int64                `json:"seed"`
	Summary       kindred.TableSummary `json:"summary"`
	LockedAt      *time.Time           `json:"locked_at"`
	TiesWrittenAt *time.Time           `json:"ties_written_at"`
	Seats         []seatJSON           `json:"seats"`
	Rules         []seatingRuleJSON    `json:"rules"`
	UpdatedAt     time.Time            `json:"updated_at"`
}

// seatJSON is one guest's seat in one round.
type seatJSON struct {
	Round        int    `json:"round"`
	Table        int    `json:"table"`
	MemberID     int64  `json:"member_id"`
	Name         string `json:"name"`
	Organization string `json:"organization"`
	Host         bool   `json:"host"`
	Pinned       bool   `json:"pinned"`
}

// seatingRuleJSON is a host's rule about two guests.
type seatingRuleJSON struct {
	ID      int64  `json:"id"`
	Kind    string `json:"kind"`
	MemberA int64  `json:"member_a"`
	MemberB int64  `json:"member_b"`
	Note    string `json:"note"`
}

// getTablePlan answers the gathering's table plan to organizers of its city.
func (a *API) getTablePlan(w http.ResponseWriter, r *http.Request) {
	g, err := a.visibleGathering(r)
	if err == nil && !accountFrom(r.Context()).CanOrganize(g.CityID) {
		err = kindred.Errorf(kindred.EFORBIDDEN, "Only organizers of the city and administrators can read the table plan.")
	}
	var plan *kindred.TablePlan
	if err == nil {
		plan, err = a.Store.TablePlan(r.Context(), g.ID)
	}
	var roster *tableplan.Roster
	if err == nil {
		roster, err = (&tableplan.Planner{Store: a.Store}).Roster(r.Context(), g)
	}
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	out := tablePlanJSON{GatheringID: g.ID, Revision: plan.Revision, Rounds: plan.Rounds, TableSize: plan.TableSize, Seed: plan.Seed, Summary: plan.Summary,
		LockedAt: plan.LockedAt, TiesWrittenAt: plan.TiesWrittenAt, Seats: make([]seatJSON, 0, len(plan.Seats)), Rules: make([]seatingRuleJSON, 0, len(roster.Rules)), UpdatedAt: plan.UpdatedAt}
	for _, rule := range roster.Rules {
		out.Rules = append(out.Rules, seatingRuleJSON{ID: rule.ID, Kind: rule.Kind, MemberA: rule.MemberA, MemberB: rule.MemberB, Note: rule.Note})
	}
	for _, s := range plan.Seats {
		gu := roster.Guest(s.MemberID)
		out.Seats = append(out.Seats, seatJSON{Round: s.Round, Table: s.Table, MemberID: s.MemberID, Name: gu.Name,
			Organization: gu.Org, Host: gu.Host, Pinned: s.Pinned})
	}
	writeJSON(w, http.StatusOK, out)
}
