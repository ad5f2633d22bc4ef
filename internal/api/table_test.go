package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/tableplan"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestTablePlanAPI reads a composed plan as an organizer; members get 403
// and a gathering without a plan 404.
func TestTablePlanAPI(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
		member := testutil.CreateAccount(t, srv.Store, "alex@example.org", kindred.RoleMember)
		var g *kindred.Gathering
		err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
			city, err := tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
			if err != nil {
				return err
			}
			start := time.Date(2027, 4, 15, 23, 30, 0, 0, time.UTC)
			if g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: city.ID, Title: "Dinner", Capacity: 10, TableSize: 2,
				StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen}); err != nil {
				return err
			}
			for i := range 4 {
				m := &kindred.Member{Name: fmt.Sprintf("Guest %d", i), Email: fmt.Sprintf("guest%d@example.org", i)}
				if _, err := tx.CreateMember(ctx, m); err != nil {
					return err
				}
				if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: m.ID, Status: kindred.RSVPGoing}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		u := fmt.Sprintf("%s/api/v1/gatherings/%d/tables", srv.URL, g.ID)
		at := tokenFor(t, srv.Store, admin)
		if code, body := send(t, "GET", u, at, ""); code != 404 {
			t.Errorf("before composing: %d %s, want 404", code, body)
		}
		planner, host := &tableplan.Planner{Store: srv.Store}, &kindred.Viewer{Account: admin}
		composed, err := planner.Compose(ctx, g, tableplan.Change{Viewer: host}, tableplan.Settings{Rounds: 1, TableSize: 2, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		type planJSON struct {
			Revision int
			Seed     int64
			Seats    []struct {
				Table    int
				MemberID int64 `json:"member_id"`
				Name     string
				Pinned   bool
			}
		}
		code, body := send(t, "GET", u, at, "")
		var plan planJSON
		if err := json.Unmarshal(body, &plan); code != 200 || err != nil || plan.Revision != 1 || plan.Seed != 7 || len(plan.Seats) != 4 || plan.Seats[0].Name == "" {
			t.Errorf("GET tables: %d %s, want revision 1 and 4 seats", code, body)
		}
		// A host's edit makes a new revision, which the API shows.
		first := composed.Seats[0]
		if _, err := planner.SetPinned(ctx, g, tableplan.Change{Viewer: host, Against: 1}, first.MemberID, 1, true); err != nil {
			t.Fatal(err)
		}
		code, body = send(t, "GET", u, at, "")
		plan = planJSON{}
		if err := json.Unmarshal(body, &plan); code != 200 || err != nil || plan.Revision != 2 {
			t.Errorf("GET tables after a pin: %d %s, want revision 2", code, body)
		}
		// Seating rules are part of the plan's answer.
		err = srv.Store.WithTx(ctx, func(tx *store.Tx) error {
			_, err := tx.AddSeatingRule(ctx, kindred.SeatingRule{GatheringID: g.ID, Kind: kindred.SeatApart,
				MemberA: composed.Seats[0].MemberID, MemberB: composed.Seats[1].MemberID, Note: "cousins"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var withRules struct {
			Rules []struct {
				Kind    string
				MemberA int64 `json:"member_a"`
				Note    string
			}
		}
		code, body = send(t, "GET", u, at, "")
		if err := json.Unmarshal(body, &withRules); code != 200 || err != nil || len(withRules.Rules) != 1 ||
			withRules.Rules[0].Kind != "apart" || withRules.Rules[0].Note != "cousins" || withRules.Rules[0].MemberA == 0 {
			t.Errorf("GET tables with a rule: %d %s", code, body)
		}
		if code, _ := send(t, "GET", u, tokenFor(t, srv.Store, member), ""); code != 403 {
			t.Errorf("member GET tables: %d, want 403", code)
		}
	})
}

// TestComposeTablesAPI composes a gathering's tables by theme through the
// API; a bad table size is named, and a stale revision is a conflict.
func TestComposeTablesAPI(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
		var g *kindred.Gathering
		err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
			city, err := tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
			if err != nil {
				return err
			}
			start := time.Date(2027, 4, 15, 23, 30, 0, 0, time.UTC)
			if g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: city.ID, Title: "Dinner", Capacity: 10, TableSize: 2,
				StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen}); err != nil {
				return err
			}
			for i := range 4 {
				m := &kindred.Member{Name: fmt.Sprintf("Guest %d", i), Email: fmt.Sprintf("guest%d@example.org", i)}
				if _, err := tx.CreateMember(ctx, m); err != nil {
					return err
				}
				if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: m.ID, Status: kindred.RSVPGoing}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		u := fmt.Sprintf("%s/api/v1/gatherings/%d/tables", srv.URL, g.ID)
		at := tokenFor(t, srv.Store, admin)
		if code, body := send(t, "POST", u, at, `{"rounds": 1, "table_size": 1}`); code != 422 {
			t.Errorf("table size 1: %d %s, want 422", code, body)
		}
		code, body := send(t, "POST", u, at, `{"rounds": 1, "table_size": 2, "seed": 4, "by_theme": true}`)
		var plan struct {
			Revision    int
			ByTheme     bool `json:"by_theme"`
			Seats       []struct{}
			TableThemes []struct{} `json:"table_themes"`
		}
		if err := json.Unmarshal(body, &plan); code != 200 || err != nil || plan.Revision != 1 || !plan.ByTheme || len(plan.Seats) != 4 || plan.TableThemes == nil {
			t.Fatalf("composing by theme: %d %s", code, body)
		}
		if code, body := send(t, "POST", u, at, `{"rounds": 1, "table_size": 2, "revision": 0}`); code != 409 {
			t.Errorf("composing against no plan when there is one: %d %s, want 409", code, body)
		}
	})
}
