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
	ByTheme       bool                 `json:"by_theme"`
	TableThemes   []tableThemeJSON     `json:"table_themes"`
}

// tableThemeJSON is the theme a table of a plan by theme shares, with the
// bright spots its prompt card prints.
type tableThemeJSON struct {
	Round       int      `json:"round"`
	Table       int      `json:"table"`
	Theme       string   `json:"theme"`
	Guests      []string `json:"guests"`
	BrightSpots []string `json:"bright_spots"`
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
func (a *API) getTablePlan(w http.ResponseWriter, r *http.Request) error {
	g, err := a.organized(r)
	if err != nil {
		return err
	}
	plan, err := a.Store.TablePlan(r.Context(), g.ID)
	if err != nil {
		return err
	}
	return a.writePlan(w, r, g, plan, http.StatusOK)
}

// writePlan answers plan as the API shows it, with its tables' themes.
func (a *API) writePlan(w http.ResponseWriter, r *http.Request, g *kindred.Gathering, plan *kindred.TablePlan, status int) error {
	roster, err := a.planner().Roster(r.Context(), g)
	if err != nil {
		return err
	}
	out := tablePlanJSON{GatheringID: g.ID, Revision: plan.Revision, Rounds: plan.Rounds, TableSize: plan.TableSize, Seed: plan.Seed, Summary: plan.Summary,
		LockedAt: plan.LockedAt, TiesWrittenAt: plan.TiesWrittenAt, Seats: make([]seatJSON, 0, len(plan.Seats)), Rules: make([]seatingRuleJSON, 0, len(roster.Rules)),
		UpdatedAt: plan.UpdatedAt, ByTheme: plan.ByTheme, TableThemes: []tableThemeJSON{}}
	for _, rule := range roster.Rules {
		out.Rules = append(out.Rules, seatingRuleJSON{ID: rule.ID, Kind: rule.Kind, MemberA: rule.MemberA, MemberB: rule.MemberB, Note: rule.Note})
	}
	for _, s := range plan.Seats {
		gu := roster.Guest(s.MemberID)
		out.Seats = append(out.Seats, seatJSON{Round: s.Round, Table: s.Table, MemberID: s.MemberID, Name: gu.Name,
			Organization: gu.Org, Host: gu.Host, Pinned: s.Pinned})
	}
	themes, err := a.planner().TableThemes(r.Context(), roster, plan)
	if err != nil {
		return err
	}
	for ri, tables := range themes {
		for ti, tt := range tables {
			if tt == nil {
				continue
			}
			tj := tableThemeJSON{Round: ri + 1, Table: ti + 1, Theme: tt.Theme, Guests: tt.Guests, BrightSpots: []string{}}
			for _, b := range tt.BrightSpots {
				tj.BrightSpots = append(tj.BrightSpots, b.Text)
			}
			out.TableThemes = append(out.TableThemes, tj)
		}
	}
	writeJSON(w, status, out)
	return nil
}

// composeBody is what composing a gathering's tables takes.
type composeBody struct {
	Rounds          int   `json:"rounds"`
	TableSize       int   `json:"table_size"`
	Seed            int64 `json:"seed"`
	Revision        int   `json:"revision"`
	ByTheme         bool  `json:"by_theme"`
	IgnoreLanguages bool  `json:"ignore_languages"`
	KeepPins        bool  `json:"keep_pins"`
}

// composeTables composes the gathering's tables (organizers of its city),
// by theme when asked.
func (a *API) composeTables(w http.ResponseWriter, r *http.Request) error {
	g, err := a.organized(r)
	if err != nil {
		return err
	}
	var b composeBody
	if err := decode(r, &b); err != nil {
		return err
	}
	plan, err := a.planner().Compose(r.Context(), g, tableplan.Change{Viewer: kindred.ViewerFrom(r.Context()), Against: b.Revision},
		tableplan.Settings{Rounds: b.Rounds, TableSize: b.TableSize, Seed: b.Seed, KeepPins: b.KeepPins, IgnoreLanguages: b.IgnoreLanguages, ByTheme: b.ByTheme})
	if err != nil {
		return err
	}
	return a.writePlan(w, r, g, plan, http.StatusOK)
}
