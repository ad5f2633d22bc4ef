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
		if _, err := (&tableplan.Planner{Store: srv.Store}).Compose(ctx, g, tableplan.Settings{Rounds: 1, TableSize: 2, Seed: 7}); err != nil {
			t.Fatal(err)
		}
		code, body := send(t, "GET", u, at, "")
		var plan struct {
			Seed  int64
			Seats []struct {
				Table int
				Name  string
			}
		}
		if err := json.Unmarshal(body, &plan); code != 200 || err != nil || plan.Seed != 7 || len(plan.Seats) != 4 || plan.Seats[0].Name == "" {
			t.Errorf("GET tables: %d %s", code, body)
		}
		if code, _ := send(t, "GET", u, tokenFor(t, srv.Store, member), ""); code != 403 {
			t.Errorf("member GET tables: %d, want 403", code)
		}
	})
}
