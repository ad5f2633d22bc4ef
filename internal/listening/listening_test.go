package listening_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// clock is a settable clock, so the tests move time instead of sleeping.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }

func (c *clock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.now = c.now.Add(d) }

// world is a small network: Chicago and Boston, one viewer per role, and
// an open campaign in Chicago, run by a service on a clock that says
// 14:37:21 on 10 March 2026.
type world struct {
	st       *store.Store
	svc      *listening.Service
	clock    *clock
	campaign *kindred.Campaign
	chicago  kindred.City
	boston   kindred.City
	// The viewers.
	anon, member, chicagoOrg, bostonOrg, noCity, networkWide, admin *kindred.Viewer
}

// forEachWorld runs fn as a subtest on a fresh world per engine.
func forEachWorld(t *testing.T, fn func(t *testing.T, w *world)) {
	for _, e := range testutil.Engines(t) {
		t.Run(e.Name, func(t *testing.T) {
			c := &clock{now: time.Date(2026, 3, 10, 14, 37, 21, 123456000, time.UTC)}
			st := testutil.OpenStore(t, e.DSN(t), store.WithClock(c.Now))
			fn(t, newWorld(t, st, c))
		})
	}
}

func newWorld(t *testing.T, st *store.Store, c *clock) *world {
	t.Helper()
	ctx := context.Background()
	q, err := jobs.New(jobs.Config{Store: st, Clock: c.Now})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{st: st, svc: listening.New(st, q), clock: c, anon: &kindred.Viewer{}}
	w.svc.BaseURL = "https://kindred.example"
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		if w.chicago, err = tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"}); err != nil {
			return err
		}
		w.boston, err = tx.CreateCity(ctx, kindred.City{Name: "Boston", Slug: "boston", TimeZone: "America/New_York"})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	w.member = w.viewer(t, "member@example.org", kindred.RoleMember)
	w.chicagoOrg = w.viewer(t, "chicago@example.org", kindred.RoleOrganizer, w.chicago.ID)
	w.bostonOrg = w.viewer(t, "boston@example.org", kindred.RoleOrganizer, w.boston.ID)
	w.noCity = w.viewer(t, "nocity@example.org", kindred.RoleOrganizer)
	w.networkWide = w.viewer(t, "network@example.org", kindred.RoleOrganizer)
	w.networkWide.Account.NetworkWide = true
	w.admin = w.viewer(t, "admin@example.org", kindred.RoleAdmin)
	camp := demo.BrightSpots(c.Now())
	camp.Slug, camp.CityID, camp.StartsOn, camp.EndsOn = "chicago-voices", w.chicago.ID, "2026-01-01", ""
	camp.MinStoryLength = 1 // these tests tell short stories; TestShortestStory holds tellers to the default
	if w.campaign, err = w.svc.CreateCampaign(ctx, w.chicagoOrg, listening.CampaignInput{Campaign: camp}); err != nil {
		t.Fatal(err)
	}
	return w
}

// viewer makes an account with role (organizing cities) and returns it as
// a viewer.
func (w *world) viewer(t *testing.T, email string, role kindred.Role, cities ...int64) *kindred.Viewer {
	t.Helper()
	a := testutil.CreateAccount(t, w.st, email, role)
	if len(cities) > 0 {
		err := w.st.WithTx(context.Background(), func(tx *store.Tx) error { return tx.SetRole(context.Background(), a.ID, role, cities) })
		if err != nil {
			t.Fatal(err)
		}
		a.CityIDs = cities
	}
	return &kindred.Viewer{Account: a}
}

// tell tells a story as a teller through the use case, as the API does
// (no form, so no stamp).
func (w *world) tell(t *testing.T, v *kindred.Viewer, client string, n kindred.NewStory) *listening.Told {
	t.Helper()
	told, err := w.svc.Tell(context.Background(), v, listening.Telling{Slug: w.campaign.Slug, Story: n, Client: client})
	if err != nil {
		t.Fatalf("tell %q: %v", n.Text, err)
	}
	return told
}

// stamp is the stamp of a form of the world's campaign shown now, through
// the live session with code live ("" for none).
func (w *world) stamp(t *testing.T, live string) string {
	t.Helper()
	stamp, _, err := w.svc.FormStamp(context.Background(), w.campaign, live)
	if err != nil {
		t.Fatal(err)
	}
	return stamp
}

// approve tells a story and has the Chicago organizer approve it.
func (w *world) approve(t *testing.T, n kindred.NewStory) *kindred.Story {
	t.Helper()
	told := w.tell(t, w.anon, "203.0.113.9", n)
	st, err := w.svc.Moderate(context.Background(), w.chicagoOrg, w.campaign.Slug, told.Story.ID, kindred.Moderation{State: kindred.StateApproved})
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// audits counts the audit entries with action.
func (w *world) audits(t *testing.T, action string) int {
	t.Helper()
	entries, err := w.st.AuditLog(context.Background(), 10000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == action {
			n++
		}
	}
	return n
}

// events counts the recorded events of type typ ("" counts them all).
func (w *world) events(t *testing.T, typ kindred.EventType) int {
	t.Helper()
	evs, err := w.st.EventsAfter(context.Background(), 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evs {
		if typ == "" || e.Type == typ {
			n++
		}
	}
	return n
}

func code(err error) string { return kindred.ErrorCode(err) }
