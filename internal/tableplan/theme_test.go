package tableplan_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/tableplan"
	"github.com/kindredhq/kindred/internal/testutil"
)

// themeDinner stores a dinner of eight from four organizations (two each);
// guests 0, 2 and 4 are contacts of a "Membership engagement" practice, and
// the theme has two bright spots: one the network may read, one for the
// campaign's organizers only.
func themeDinner(t *testing.T, s *store.Store) (*kindred.Gathering, []int64) {
	t.Helper()
	ctx := context.Background()
	var g *kindred.Gathering
	var ids []int64
	err := s.WithTx(ctx, func(tx *store.Tx) (err error) {
		city, err := tx.CreateCity(ctx, kindred.City{Name: "Boston", Slug: "boston", TimeZone: "America/New_York"})
		if err != nil {
			return err
		}
		start := time.Date(2027, 5, 6, 22, 0, 0, 0, time.UTC)
		if g, err = tx.CreateGathering(ctx, kindred.Gathering{CityID: city.ID, Title: "Theme dinner", Capacity: 20, TableSize: 4,
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Status: kindred.GatheringOpen}); err != nil {
			return err
		}
		return themeGuests(ctx, tx, g, &ids)
	})
	if err != nil {
		t.Fatal(err)
	}
	return g, ids
}

// themeGuests stores the eight guests (two per organization), their
// practice and the bright spots.
func themeGuests(ctx context.Context, tx *store.Tx, g *kindred.Gathering, ids *[]int64) error {
	var orgs []int64
	for i := range 4 {
		o, err := tx.CreateOrganization(ctx, kindred.Organization{Name: fmt.Sprintf("Group %c", 'A'+i), Kind: "nonprofit"})
		if err != nil {
			return err
		}
		orgs = append(orgs, o.ID)
	}
	for i := range 8 {
		m := &kindred.Member{Name: fmt.Sprintf("Guest %d", i), Affiliations: []kindred.Affiliation{{OrganizationID: orgs[i/2], Role: "Staff"}}}
		if _, err := tx.CreateMember(ctx, m); err != nil {
			return err
		}
		if _, err := tx.RSVP(ctx, kindred.RSVPRequest{GatheringID: g.ID, MemberID: m.ID, Status: kindred.RSVPGoing}); err != nil {
			return err
		}
		*ids = append(*ids, m.ID)
	}
	ids2 := *ids
	p := &kindred.Practice{Title: "Door-knocking circles", Summary: "Members visit members.", ThemeArea: "Membership engagement", Stage: kindred.StageTried,
		Contacts: []kindred.Contact{{MemberID: ids2[0]}, {MemberID: ids2[2]}, {MemberID: ids2[4]}}}
	if _, err := tx.CreatePractice(ctx, p, 0); err != nil {
		return err
	}
	c, err := tx.CreateCampaign(ctx, demo.BrightSpots(tx.Now()))
	if err != nil {
		return err
	}
	for _, st := range []struct {
		text    string
		consent kindred.Consent
	}{{"Our members now visit each other every month, and turnout doubled.", kindred.ConsentPublic},
		{"A private story only the organizers may read.", kindred.ConsentOrganizers}} {
		story, _, err := tx.CreateStory(ctx, c, kindred.NewStory{Text: st.text, Lang: "en", Consent: st.consent, Source: "form"})
		if err != nil {
			return err
		}
		if err := tx.ModerateStory(ctx, c.ID, story.ID, kindred.StateApproved, false); err != nil {
			return err
		}
		if err := tx.SelectStory(ctx, store.Selection{CampaignID: c.ID, StoryID: story.ID, Theme: "Membership engagement", Reason: "It works.", BrightSpot: true}); err != nil {
			return err
		}
	}
	return nil
}

// TestTablesByTheme: composing by theme seats the three people who share a
// theme together, says why, and the table's prompt card prints only the
// bright spot the network may read.
func TestTablesByTheme(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		g, ids := themeDinner(t, s)
		p := &tableplan.Planner{Store: s}
		plan, err := p.Compose(ctx, g, tableplan.Change{Viewer: admin()}, tableplan.Settings{Rounds: 1, TableSize: 4, Seed: 5, ByTheme: true})
		if err != nil {
			t.Fatal(err)
		}
		stored, err := s.TablePlan(ctx, g.ID)
		if err != nil || !stored.ByTheme {
			t.Fatalf("stored plan by theme: %v, %v", stored != nil && stored.ByTheme, err)
		}
		a, _ := plan.Seat(1, ids[0])
		b, _ := plan.Seat(1, ids[2])
		c, _ := plan.Seat(1, ids[4])
		if a.Table != b.Table || a.Table != c.Table {
			t.Fatalf("the three who share a theme sit at tables %d, %d, %d; want one", a.Table, b.Table, c.Table)
		}
		roster, err := p.Roster(ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		assessed, err := p.Assess(ctx, roster, stored)
		if err != nil || !strings.Contains(assessed.Explain[ids[0]], `shares "Membership engagement" with Guest 2, Guest 4`) {
			t.Errorf("why guest 0 sits there: %q, %v", assessed.Explain[ids[0]], err)
		}
		themes, err := p.TableThemes(ctx, roster, stored)
		if err != nil {
			t.Fatal(err)
		}
		tt := themes[0][a.Table-1]
		if tt == nil || tt.Theme != "Membership engagement" || len(tt.BrightSpots) != 1 || !strings.Contains(tt.BrightSpots[0].Text, "turnout doubled") {
			t.Errorf("the table's theme: %+v; want Membership engagement with the one public bright spot", tt)
		}
		if other := themes[0][2-a.Table]; other != nil {
			t.Errorf("the other table shares %+v, want no theme", other)
		}
		if slices.ContainsFunc(themes[0], func(x *tableplan.TableTheme) bool {
			return x != nil && slices.ContainsFunc(x.BrightSpots, func(b store.BrightSpot) bool { return strings.Contains(b.Text, "private") })
		}) {
			t.Error("a prompt card prints a story only the organizers may read")
		}
	})
}
