package tableplan_test

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/tableplan"
	"github.com/kindredhq/kindred/internal/testutil"
)

// seasonWorld is a series of dinners in Boston for a cohort of sixteen from
// eight organizations, everyone going to every dinner.
type seasonWorld struct {
	s       *store.Store
	p       *tableplan.Planner
	series  kindred.Series
	dinners []*kindred.Gathering
	people  []int64
	city    int64
}

func newSeasonWorld(t *testing.T, s *store.Store, dinners int) *seasonWorld {
	t.Helper()
	ctx := context.Background()
	q, err := jobs.New(jobs.Config{Store: s})
	if err != nil {
		t.Fatal(err)
	}
	w := &seasonWorld{s: s, p: &tableplan.Planner{Store: s, Queue: q, Budget: 300 * time.Millisecond}}
	err = s.WithTx(ctx, func(tx *store.Tx) error {
		city, err := tx.CreateCity(ctx, kindred.City{Name: "Boston", Slug: "boston", TimeZone: "America/New_York"})
		if err != nil {
			return err
		}
		w.city = city.ID
		if w.series, err = tx.CreateSeries(ctx, kindred.Series{Name: "Monthly dinners"}); err != nil {
			return err
		}
		var orgs []int64
		for i := range 8 {
			o, err := tx.CreateOrganization(ctx, kindred.Organization{Name: fmt.Sprintf("Org %c", 'A'+i), Kind: "nonprofit"})
			if err != nil {
				return err
			}
			orgs = append(orgs, o.ID)
		}
		for i := range 16 {
			m := &kindred.Member{Name: fmt.Sprintf("Person %02d", i+1), Affiliations: []kindred.Affiliation{{OrganizationID: orgs[i%8], Role: "Staff"}}}
			if _, err := tx.CreateMember(ctx, m); err != nil {
				return err
			}
			w.people = append(w.people, m.ID)
		}
		for d := range dinners {
			start := time.Date(2027, time.Month(3+d), 6, 22, 0, 0, 0, time.UTC)
			g, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: city.ID, SeriesID: w.series.ID, Title: fmt.Sprintf("Dinner %d", d+1),
				Capacity: 20, TableSize: 4, StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringOpen})
			if err != nil {
				return err
			}
			w.dinners = append(w.dinners, g)
			for _, m := range w.people {
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
	return w
}

func bostonOrganizer(city int64) *kindred.Viewer {
	return &kindred.Viewer{Account: &kindred.Account{ID: 0, Role: kindred.RoleOrganizer, CityIDs: []int64{city}}}
}

// TestComposeSeason: the series' organizers compose the season; every
// dinner gets its table plan, each person's season is told in plain words,
// and the composition is audited and announced once.
func TestComposeSeason(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newSeasonWorld(t, s, 3)
		other := &kindred.Viewer{Account: &kindred.Account{ID: 0, Role: kindred.RoleOrganizer, CityIDs: []int64{w.city + 100}}}
		if _, err := w.p.ComposeSeason(ctx, other, w.series.ID, tableplan.SeasonSettings{}); kindred.ErrorCode(err) != kindred.EFORBIDDEN {
			t.Fatalf("an organizer of another city composed the season: %v, want EFORBIDDEN", err)
		}
		if _, err := w.p.Season(ctx, other, w.series.ID); kindred.ErrorCode(err) != kindred.EFORBIDDEN {
			t.Fatalf("an organizer of another city read the season: %v, want EFORBIDDEN", err)
		}
		if _, err := w.p.ComposeSeason(ctx, bostonOrganizer(w.city), w.series.ID, tableplan.SeasonSettings{TableSize: 1}); kindred.ErrorCode(err) != kindred.EINVALID {
			t.Fatalf("table size 1: %v, want EINVALID", err)
		}
		season, err := w.p.ComposeSeason(ctx, bostonOrganizer(w.city), w.series.ID, tableplan.SeasonSettings{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if season.Planned != 3 || len(season.Dinners) != 3 || len(season.People) != 16 {
			t.Fatalf("season: %d planned of %d dinners, %d people; want 3 of 3 and 16", season.Planned, len(season.Dinners), len(season.People))
		}
		for _, g := range w.dinners {
			plan, err := s.TablePlan(ctx, g.ID)
			if err != nil || len(plan.Seats) != 16 || plan.TableCount() != 4 {
				t.Fatalf("%s: plan %+v, %v; want 16 seats at 4 tables", g.Title, plan, err)
			}
		}
		// Sixteen people at four tables of four over three dinners can each
		// meet nine new people (a resolvable design); the search finds it.
		if season.Score.RepeatPairs != 0 {
			t.Errorf("repeats over the season: %d, want 0", season.Score.RepeatPairs)
		}
		says := regexp.MustCompile(`^meets \d+ new people from \d+ organizations over 3 dinners`)
		for _, p := range season.People {
			if !says.MatchString(p.Text) || len(p.Seats) != 3 {
				t.Errorf("%s: %q with %d seats; want their season in words, a seat per dinner", p.Name, p.Text, len(p.Seats))
			}
		}
		audit, err := s.AuditLog(ctx, 10)
		if err != nil || !slices.ContainsFunc(audit, func(a store.AuditEntry) bool {
			return a.Action == "tables.season" && a.Subject == fmt.Sprintf("series:%d", w.series.ID)
		}) {
			t.Errorf("audit log %+v, %v; want a tables.season entry", audit, err)
		}
		events, err := s.EventsAfter(ctx, 0, 100)
		if err != nil || !slices.ContainsFunc(events, func(e store.StoredEvent) bool { return e.Type == kindred.EventSeasonComposed }) {
			t.Errorf("events %+v, %v; want season.composed", events, err)
		}
	})
}

// TestReplanSeason: after the first dinner is held and RSVPs change, composing
// again seats the new guest list of the dinners to come and leaves the held
// dinner exactly as it was.
func TestReplanSeason(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		w := newSeasonWorld(t, s, 3)
		host := bostonOrganizer(w.city)
		if _, err := w.p.ComposeSeason(ctx, host, w.series.ID, tableplan.SeasonSettings{Seed: 2}); err != nil {
			t.Fatal(err)
		}
		held, err := s.TablePlan(ctx, w.dinners[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		gone, last := w.people[0], w.dinners[2]
		err = s.WithTx(ctx, func(tx *store.Tx) error {
			if err := tx.SetGatheringStatus(ctx, w.dinners[0].ID, kindred.GatheringHeld); err != nil {
				return err
			}
			_, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: last.ID, MemberID: gone, Status: kindred.RSVPDeclined})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		before, err := w.p.Season(ctx, host, w.series.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d := before.Dinners[2]; !d.Changed() || len(d.Departed) != 1 || d.Departed[0].MemberID != gone {
			t.Fatalf("the last dinner after a decline: departed %+v; want the guest who declined", d.Departed)
		}
		if before.Dinners[0].Kept != "held" {
			t.Fatalf("the held dinner is kept %q, want held", before.Dinners[0].Kept)
		}
		after, err := w.p.ComposeSeason(ctx, host, w.series.ID, tableplan.SeasonSettings{Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		now, err := s.TablePlan(ctx, w.dinners[0].ID)
		if err != nil || now.Revision != held.Revision || !reflect.DeepEqual(now.Seats, held.Seats) {
			t.Errorf("the held dinner's plan changed: revision %d → %d, %v", held.Revision, now.Revision, err)
		}
		lastPlan, err := s.TablePlan(ctx, last.ID)
		if err != nil || len(lastPlan.Seats) != 15 || slices.Contains(lastPlan.MemberIDs(), gone) {
			t.Errorf("the last dinner re-planned: %d seats (guest who declined seated: %v), %v; want 15 without them",
				len(lastPlan.Seats), lastPlan != nil && slices.Contains(lastPlan.MemberIDs(), gone), err)
		}
		if after.Dinners[2].Changed() || after.Planned != 3 {
			t.Errorf("after re-planning: last dinner changed %v, %d planned; want the new guest list seated, 3 planned", after.Dinners[2].Changed(), after.Planned)
		}
	})
}
