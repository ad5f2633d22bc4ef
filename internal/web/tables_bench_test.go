package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// Size of the large dinner BenchmarkTablesPage renders.
const (
	benchGuests = 200
	benchRounds = 3
	benchTables = 25 // of 8
	benchOrgs   = 20
)

// BenchmarkTablesPage renders the tables page and the place cards of a large
// dinner (200 guests at 25 tables, 3 rounds, 20 organizations, some of
// whom sat together before) through the real server on SQLite.
//
//	go test ./internal/web -run '^$' -bench TablesPage -benchtime 50x
func BenchmarkTablesPage(b *testing.B) {
	srv := testutil.StartServer(b, testutil.ServerOptions{})
	g := largeDinner(b, srv.Store)
	admin := testutil.CreateAccount(b, srv.Store, testutil.UniqueEmail("host"), kindred.RoleAdmin)
	c := testutil.SignedInClient(b, srv, admin.ID)
	base := fmt.Sprintf("%s/gatherings/%d/tables", srv.URL, g.ID)
	for _, page := range []struct{ name, url string }{{"page", base}, {"cards", base + "/cards"}} {
		b.Run(page.name, func(b *testing.B) {
			for b.Loop() {
				resp, err := c.Get(page.url)
				if err != nil {
					b.Fatal(err)
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Fatalf("%s: %d", page.url, resp.StatusCode)
				}
			}
		})
	}
}

// largeDinner stores a dinner of benchGuests going with a plan of
// benchRounds rounds at benchTables tables, and one earlier meeting per
// guest with the next guest.
func largeDinner(b *testing.B, s *store.Store) *kindred.Gathering {
	b.Helper()
	ctx := context.Background()
	var g *kindred.Gathering
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		city, err := tx.CreateCity(ctx, kindred.City{Name: "Chicago", Slug: "chicago", TimeZone: "America/Chicago"})
		if err != nil {
			return err
		}
		var orgs []int64
		for i := range benchOrgs {
			o, err := tx.CreateOrganization(ctx, kindred.Organization{Name: fmt.Sprintf("Organization %02d", i), Kind: "nonprofit"})
			if err != nil {
				return err
			}
			orgs = append(orgs, o.ID)
		}
		var guests []int64
		for i := range benchGuests {
			m := &kindred.Member{Name: fmt.Sprintf("Guest %03d", i), Email: fmt.Sprintf("guest%03d@example.org", i), CityID: city.ID,
				Languages:    []string{"en"},
				Affiliations: []kindred.Affiliation{{OrganizationID: orgs[i%benchOrgs], Role: "Organizer"}}}
			if _, err := tx.CreateMember(ctx, m); err != nil {
				return err
			}
			guests = append(guests, m.ID)
		}
		start := time.Date(2027, 3, 4, 0, 0, 0, 0, time.UTC)
		if g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: city.ID, Title: "Large dinner", Capacity: benchGuests, TableSize: 8,
			StartsAt: start, EndsAt: start.Add(3 * time.Hour), Status: kindred.GatheringOpen, HostIDs: guests[:benchTables]}); err != nil {
			return err
		}
		plan := &kindred.TablePlan{GatheringID: g.ID, Rounds: benchRounds, TableSize: 8, Seed: 1, ByLanguage: true}
		for i, id := range guests {
			if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: id, Status: kindred.RSVPGoing}); err != nil {
				return err
			}
			if _, err := tx.AddTie(ctx, kindred.Tie{A: id, B: guests[(i+1)%benchGuests], Kind: kindred.TieSatTogether,
				Source: kindred.SourceGathering, SourceRef: "Winter dinner", HappenedOn: start.AddDate(0, -3, 0)}); err != nil {
				return err
			}
			for r := range benchRounds { // each block of 25 guests spreads over the 25 tables
				table := (i+r*(i/benchTables))%benchTables + 1
				plan.Seats = append(plan.Seats, kindred.Seat{Round: r + 1, Table: table, MemberID: id})
			}
		}
		return tx.SaveTablePlan(ctx, plan)
	})
	if err != nil {
		b.Fatal(err)
	}
	return g
}
