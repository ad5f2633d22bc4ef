package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestOrganizerHomeSaysWhatNeedsDoing: a Chicago organizer's home lists the
// next Chicago dinners, the RSVP waiting for approval and the waitlist, each
// a count and a link, and nothing of Boston's; an administrator's counts
// every city; a member's home has no such list. On both engines.
func TestOrganizerHomeSaysWhatNeedsDoing(t *testing.T) {
	t.Parallel()
	testutil.ForEachServer(t, testutil.ServerOptions{}, func(t *testing.T, srv *testutil.Server) {
		n := seedNetwork(t, srv.Store)
		curated, full, boston := seedOrganizerWork(t, srv.Store, n)
		organizer := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("chicago.organizer"), kindred.RoleOrganizer)
		if err := srv.Store.WithTx(context.Background(), func(tx *store.Tx) error {
			return tx.SetRole(context.Background(), organizer.ID, kindred.RoleOrganizer, []int64{n.chicago.ID})
		}); err != nil {
			t.Fatal(err)
		}
		body := homeOf(t, srv, organizer.ID)
		for _, want := range []string{"What needs doing", "2 dinners coming up", "1 RSVP waits for your approval", "1 person is on a waitlist",
			"/gatherings/" + itoa(curated.ID) + "/guests", "/gatherings/" + itoa(full.ID) + "/guests"} {
			if !strings.Contains(body, want) {
				t.Errorf("the Chicago organizer's home lacks %q", want)
			}
		}
		if strings.Contains(body, boston.Title) || strings.Contains(body, "/gatherings/"+itoa(boston.ID)) {
			t.Errorf("the Chicago organizer's home shows Boston's dinner")
		}
		admin := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("home.admin"), kindred.RoleAdmin)
		if body := homeOf(t, srv, admin.ID); !strings.Contains(body, "3 dinners coming up") || !strings.Contains(body, "2 RSVPs wait for your approval") {
			t.Errorf("the administrator's home does not count every city's dinners and RSVPs")
		}
		member := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("home.member"), kindred.RoleMember)
		if body := homeOf(t, srv, member.ID); strings.Contains(body, "What needs doing") {
			t.Errorf("a member's home shows an organizer's work")
		}
	})
}

// TestOrganizerHomeInABrowser pictures an organizer's home on a phone.
func TestOrganizerHomeInABrowser(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	n := seedNetwork(t, srv.Store)
	seedOrganizerWork(t, srv.Store, n)
	admin := testutil.CreateAccount(t, srv.Store, "home.admin@example.org", kindred.RoleAdmin)
	phone := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, phone, srv, admin.ID)
	phone.Open(srv.URL + "/")
	if got := phone.Text("#todo-pending"); !strings.Contains(got, "2 RSVPs wait") {
		t.Errorf("the RSVPs waiting say %q", got)
	}
	phone.CheckA11y()
	phone.Screenshot("home-organizer-phone")
}

func homeOf(t *testing.T, srv *testutil.Server, accountID int64) string {
	t.Helper()
	resp, body := get(t, testutil.SignedInClient(t, srv, accountID), srv.URL+"/")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("home: status %d", resp.StatusCode)
	}
	return body
}

// seedOrganizerWork makes two Chicago dinners (one asking for approval,
// where María waits; one full, where she is on the waitlist) and a Boston
// dinner asking for approval, where Kwame waits.
func seedOrganizerWork(t *testing.T, s *store.Store, n network) (curated, full, boston *kindred.Gathering) {
	t.Helper()
	ctx := context.Background()
	start := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Hour)
	dinner := func(tx *store.Tx, city int64, title string, capacity int, approval bool) (*kindred.Gathering, error) {
		return tx.CreateGathering(ctx, kindred.Gathering{CityID: city, Title: title, Capacity: capacity, ApprovalRequired: approval,
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringOpen, Visibility: "network"})
	}
	rsvp := func(tx *store.Tx, g *kindred.Gathering, m *kindred.Member, byOrganizer bool) error {
		_, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: m.ID, Status: kindred.RSVPGoing, ByOrganizer: byOrganizer})
		return err
	}
	err := s.WithTx(ctx, func(tx *store.Tx) (err error) {
		if curated, err = dinner(tx, n.chicago.ID, "Chicago curated dinner", 10, true); err != nil {
			return err
		}
		if full, err = dinner(tx, n.chicago.ID, "Chicago small dinner", 1, false); err != nil {
			return err
		}
		if boston, err = dinner(tx, n.boston.ID, "Boston curated dinner", 10, true); err != nil {
			return err
		}
		for _, step := range []error{rsvp(tx, curated, n.maria, false), rsvp(tx, full, n.kwame, true), rsvp(tx, full, n.maria, false),
			rsvp(tx, boston, n.kwame, false)} {
			if step != nil {
				return step
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return curated, full, boston
}
