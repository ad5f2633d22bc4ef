package web_test

import (
	"context"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// seasonSeries stores a series of monthly Chicago dinners from March 2027,
// with n guests from four organizations going to each, the first hosting.
func seasonSeries(t *testing.T, s *store.Store, nw network, dinners, n int) (kindred.Series, []*kindred.Gathering, []*kindred.Member) {
	t.Helper()
	ctx := context.Background()
	var sr kindred.Series
	var gs []*kindred.Gathering
	var guests []*kindred.Member
	err := s.WithTx(ctx, func(tx *store.Tx) (err error) {
		if sr, err = tx.CreateSeries(ctx, kindred.Series{Name: "Chicago supper club"}); err != nil {
			return err
		}
		orgs := []int64{nw.union.ID, nw.clinic.ID}
		for _, name := range []string{"Eastside Food Bank", "Youth Voices Chicago"} {
			o, err := tx.CreateOrganization(ctx, kindred.Organization{Name: name, Kind: "nonprofit", CityIDs: []int64{nw.chicago.ID}})
			if err != nil {
				return err
			}
			orgs = append(orgs, o.ID)
		}
		for i := range n {
			m := &kindred.Member{Name: tableGuestNames[i%len(tableGuestNames)], Email: testutil.UniqueEmail("season"), CityID: nw.chicago.ID,
				Affiliations: []kindred.Affiliation{{OrganizationID: orgs[i%len(orgs)], Role: "Organizer"}}}
			if _, err := tx.CreateMember(ctx, m); err != nil {
				return err
			}
			guests = append(guests, m)
		}
		for d := range dinners {
			start := time.Date(2027, time.Month(3+d), 4, 0, 0, 0, 0, time.UTC)
			g, err := tx.CreateGathering(ctx, kindred.Gathering{CityID: nw.chicago.ID, SeriesID: sr.ID, Title: fmt.Sprintf("Supper %d", d+1),
				Capacity: 40, TableSize: 4, StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen, HostIDs: []int64{guests[0].ID}})
			if err != nil {
				return err
			}
			gs = append(gs, g)
			for _, m := range guests {
				if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: m.ID, Status: kindred.RSVPGoing}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return sr, gs, guests
}

// TestSeasonInBrowser: an organizer opens the season from a dinner's
// tables page, composes it, reads who meets whom, and after the first
// dinner is held and RSVPs change, re-plans the rest without moving it.
func TestSeasonInBrowser(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	ctx := context.Background()
	nw := seedNetwork(t, srv.Store)
	sr, gs, guests := seasonSeries(t, srv.Store, nw, 3, 12)
	host := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("host"), kindred.RoleOrganizer)
	if err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		return tx.SetRole(ctx, host.ID, kindred.RoleOrganizer, []int64{nw.chicago.ID})
	}); err != nil {
		t.Fatal(err)
	}
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, b, srv, host.ID)
	b.Open(fmt.Sprintf("%s/gatherings/%d/tables", srv.URL, gs[0].ID))
	b.Submit(`.subnav a[href$="/season"]`)
	if got := b.Text("h1"); got != "Season: "+sr.Name {
		t.Fatalf("the season page's title: %q", got)
	}
	b.Fill("#table_size", "lots")
	b.Submit(`.compose button`)
	if got := b.Text(".alert"); !strings.Contains(got, "people per table") || b.Value("#table_size") != "lots" {
		t.Errorf("a table size that is no number: %q, typed %q", got, b.Value("#table_size"))
	}
	b.Fill("#table_size", " ") // empty: each dinner's own
	b.Submit(`.compose button`)
	if got := b.Text(".flash"); !strings.Contains(got, "The season is composed: 3 dinners with tables") {
		t.Fatalf("after composing: %q", got)
	}
	people := b.Text(".season-people")
	if !strings.Contains(people, guests[5].Name+" meets ") || !strings.Contains(people, "over 3 dinners") {
		t.Errorf("who meets whom: %q, want each person's season in words", people)
	}
	// Open one person's season and the first supper's tables for the picture.
	b.Do(chromedp.Click(chromedp.CSS(`.season-people details summary`)), chromedp.Click(chromedp.CSS(`.season-dinners details summary`)))
	b.CheckA11y()
	b.Screenshot("season")

	// The first supper is held; one guest declines the last and a newcomer
	// comes: the page says so, and re-planning seats them, the first kept.
	held := storedPlan(t, srv.Store, gs[0].ID)
	newcomer := seasonNewcomer(t, srv.Store, nw, gs[0].ID, gs[2].ID, guests[3].ID)
	b.Open(fmt.Sprintf("%s/series/%d/season", srv.URL, sr.ID))
	if got := b.Text(".season-dinners"); !strings.Contains(got, "Held: its tables stay as they were") ||
		!strings.Contains(got, "not seated yet: "+newcomer.Name) || !strings.Contains(got, "no longer going: "+guests[3].Name) {
		t.Errorf("dinners after RSVPs changed: %q", got)
	}
	b.Submit(`.compose button`)
	if got := b.Text(".flash"); !strings.Contains(got, "composed") {
		t.Fatalf("after re-planning: %q", got)
	}
	if now := storedPlan(t, srv.Store, gs[0].ID); now.Revision != held.Revision || !reflect.DeepEqual(now.Seats, held.Seats) {
		t.Errorf("re-planning moved the held supper: revision %d → %d", held.Revision, now.Revision)
	}
	last := storedPlan(t, srv.Store, gs[2].ID).MemberIDs()
	if !slices.Contains(last, newcomer.ID) || slices.Contains(last, guests[3].ID) {
		t.Errorf("the last supper after re-planning seats %v; want the newcomer %d and not %d", last, newcomer.ID, guests[3].ID)
	}
	b.CheckA11y()
	phone := testutil.NewBrowser(t, testutil.PhoneWidth, testutil.PhoneHeight)
	testutil.SignIn(t, phone, srv, host.ID)
	phone.Open(fmt.Sprintf("%s/series/%d/season", srv.URL, sr.ID))
	phone.Screenshot("season-phone")
}

// seasonNewcomer marks the dinner held, declines member's RSVP to last and
// brings a newcomer to it, whom it returns.
func seasonNewcomer(t *testing.T, s *store.Store, nw network, held, last, member int64) *kindred.Member {
	t.Helper()
	ctx := context.Background()
	m := &kindred.Member{Name: "Zora Newman", Email: testutil.UniqueEmail("new"), CityID: nw.chicago.ID,
		Affiliations: []kindred.Affiliation{{OrganizationID: nw.clinic.ID, Role: "Staff"}}}
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.SetGatheringStatus(ctx, held, kindred.GatheringHeld); err != nil {
			return err
		}
		if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: last, MemberID: member, Status: kindred.RSVPDeclined}); err != nil {
			return err
		}
		if _, err := tx.CreateMember(ctx, m); err != nil {
			return err
		}
		_, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: last, MemberID: m.ID, Status: kindred.RSVPGoing})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSeasonRefusesOthers: an organizer of another city may neither see
// nor compose the season; a series that does not exist is not found.
func TestSeasonRefusesOthers(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	nw := seedNetwork(t, srv.Store)
	sr, gs, _ := seasonSeries(t, srv.Store, nw, 2, 6)
	other := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("boston"), kindred.RoleOrganizer)
	ctx := context.Background()
	if err := srv.Store.WithTx(ctx, func(tx *store.Tx) error {
		return tx.SetRole(ctx, other.ID, kindred.RoleOrganizer, []int64{nw.boston.ID})
	}); err != nil {
		t.Fatal(err)
	}
	c := testutil.SignedInClient(t, srv, other.ID)
	base := fmt.Sprintf("%s/series/%d/season", srv.URL, sr.ID)
	if status, _ := send(t, c, base, nil); status != 403 {
		t.Errorf("GET the season as an organizer of Boston: %d, want 403", status)
	}
	if status, _ := send(t, c, base, url.Values{}); status != 403 {
		t.Errorf("POST the season as an organizer of Boston: %d, want 403", status)
	}
	if _, err := srv.Store.TablePlan(ctx, gs[0].ID); kindred.ErrorCode(err) != kindred.ENOTFOUND {
		t.Errorf("a refused composition stored a plan: %v", err)
	}
	if status, _ := send(t, c, fmt.Sprintf("%s/series/%d/season", srv.URL, sr.ID+1000), nil); status != 404 {
		t.Errorf("GET the season of no series: %d, want 404", status)
	}
}
