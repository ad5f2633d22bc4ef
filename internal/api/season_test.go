package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestSeasonAPI composes a series' season through the API and reads it
// back: each dinner gets its plan, each person their season in words; a
// member is refused and a bad table size named.
func TestSeasonAPI(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		ctx := context.Background()
		admin := testutil.CreateAccount(t, srv.Store, "admin@example.org", kindred.RoleAdmin)
		member := testutil.CreateAccount(t, srv.Store, "alex@example.org", kindred.RoleMember)
		var sr kindred.Series
		var dinners []int64
		err := srv.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
			city, err := tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
			if err != nil {
				return err
			}
			if sr, err = tx.CreateSeries(ctx, kindred.Series{Name: "Supper club"}); err != nil {
				return err
			}
			var people []int64
			for i := range 8 {
				m := &kindred.Member{Name: fmt.Sprintf("Guest %d", i), Email: fmt.Sprintf("guest%d@example.org", i)}
				if _, err := tx.CreateMember(ctx, m); err != nil {
					return err
				}
				people = append(people, m.ID)
			}
			for d := range 2 {
				start := time.Date(2027, time.Month(4+d), 15, 23, 30, 0, 0, time.UTC)
				g, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: city.ID, SeriesID: sr.ID, Title: fmt.Sprintf("Supper %d", d+1),
					Capacity: 10, TableSize: 4, StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen})
				if err != nil {
					return err
				}
				dinners = append(dinners, g.ID)
				for _, m := range people {
					if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: m, Status: kindred.RSVPGoing}); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		u := fmt.Sprintf("%s/api/v1/series/%d/season", srv.URL, sr.ID)
		at := tokenFor(t, srv.Store, admin)
		if code, body := send(t, "POST", u, tokenFor(t, srv.Store, member), "{}"); code != 403 {
			t.Errorf("a member composing: %d %s, want 403", code, body)
		}
		if code, body := send(t, "POST", u, at, `{"table_size": 1}`); code != 422 || !jsonHasField(body, "table_size") {
			t.Errorf("table size 1: %d %s, want 422 naming table_size", code, body)
		}
		code, body := send(t, "POST", u, at, `{"seed": 3}`)
		var season struct {
			Planned int
			Score   struct {
				RepeatPairs int `json:"repeat_pairs"`
			}
			Dinners []struct {
				GatheringID int64 `json:"gathering_id"`
				Tables      [][][]int64
			}
			People []struct{ Text string }
		}
		if err := json.Unmarshal(body, &season); code != 200 || err != nil || season.Planned != 2 || len(season.People) != 8 ||
			len(season.Dinners) != 2 || len(season.Dinners[1].Tables) != 1 || len(season.Dinners[1].Tables[0]) != 2 {
			t.Fatalf("composing: %d %s, want 2 dinners planned at 2 tables, 8 people", code, body)
		}
		// Eight people at two tables of four over two dinners: at best each
		// table of the second takes two from each table of the first, so two
		// pairs meet again there, four in all.
		if season.Score.RepeatPairs != 4 {
			t.Errorf("repeats: %d, want the 4 that two tables of four force at the second dinner", season.Score.RepeatPairs)
		}
		for _, id := range dinners {
			if plan, err := srv.Store.TablePlan(ctx, id); err != nil || len(plan.Seats) != 8 {
				t.Errorf("dinner %d: plan %+v, %v; want 8 seats", id, plan, err)
			}
		}
		if code, body := send(t, "GET", u, at, ""); code != 200 || !json.Valid(body) {
			t.Errorf("GET season: %d %s", code, body)
		}
	})
}

// jsonHasField reports whether an error body names field among its fields.
func jsonHasField(body []byte, field string) bool {
	var e struct {
		Error struct{ Fields map[string]string }
	}
	if json.Unmarshal(body, &e) == nil && e.Error.Fields[field] != "" {
		return true
	}
	var flat struct{ Fields map[string]string }
	return json.Unmarshal(body, &flat) == nil && flat.Fields[field] != ""
}
