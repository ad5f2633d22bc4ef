package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// themeSpots makes guests 2, 3 and 4 (of three organizations) contacts of a
// "Membership engagement" practice, and names one story of a campaign a
// bright spot of that theme.
func themeSpots(t *testing.T, s *store.Store, guests []*kindred.Member) {
	t.Helper()
	ctx := context.Background()
	c := createBrightSpots(t, s, nil)
	err := s.WithTx(ctx, func(tx *store.Tx) error {
		p := &kindred.Practice{Title: "Door-knocking circles", Summary: "Members visit members.", ThemeArea: "Membership engagement", Stage: kindred.StageTried,
			Contacts: []kindred.Contact{{MemberID: guests[2].ID}, {MemberID: guests[3].ID}, {MemberID: guests[4].ID}}}
		if _, err := tx.CreatePractice(ctx, p, 0); err != nil {
			return err
		}
		story, _, err := tx.CreateStory(ctx, c, kindred.NewStory{Text: "Our members now visit each other every month, and turnout at meetings doubled in a year.",
			Lang: "en", Consent: kindred.ConsentNetwork, Source: "form"})
		if err != nil {
			return err
		}
		if err := tx.ModerateStory(ctx, c.ID, story.ID, kindred.StateApproved, false); err != nil {
			return err
		}
		return tx.SelectStory(ctx, store.Selection{CampaignID: c.ID, StoryID: story.ID, Theme: "Membership engagement", Reason: "It works.", BrightSpot: true})
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTablesByThemeInBrowser: a host ticks "Tables by theme"; the people who
// share a theme sit together, the table card and each seat say why, and the
// table's prompt card prints the theme's bright spot.
func TestTablesByThemeInBrowser(t *testing.T) {
	t.Parallel()
	srv := testutil.StartServer(t, testutil.ServerOptions{})
	g, guests := tableDinner(t, srv.Store, seedNetwork(t, srv.Store), 12)
	themeSpots(t, srv.Store, guests)
	admin := testutil.CreateAccount(t, srv.Store, testutil.UniqueEmail("host"), kindred.RoleAdmin)
	b := testutil.NewBrowser(t, testutil.DesktopWidth, testutil.DesktopHeight)
	testutil.SignIn(t, b, srv, admin.ID)
	base := fmt.Sprintf("%s/gatherings/%d/tables", srv.URL, g.ID)
	b.Open(base)
	b.Do(chromedp.Click(chromedp.CSS("#by_theme")))
	b.Submit(`.compose button[value=compose]`)
	if got := b.Text(".flash"); !strings.Contains(got, "composed") {
		t.Fatalf("after composing by theme: %q", got)
	}
	plan := storedPlan(t, srv.Store, g.ID)
	// Guests 2 and 3 sat together before, so guest 4 joins one of them.
	two, _ := plan.Seat(1, guests[2].ID)
	three, _ := plan.Seat(1, guests[3].ID)
	four, _ := plan.Seat(1, guests[4].ID)
	if !plan.ByTheme || (four.Table != two.Table && four.Table != three.Table) || two.Table == three.Table {
		t.Errorf("by theme %v; guests sharing the theme at tables %d, %d and %d; want 4 with 2 or 3, and 2 apart from 3", plan.ByTheme, two.Table, three.Table, four.Table)
	}
	if got := b.Text(".tables"); !strings.Contains(got, "Theme: Membership engagement, shared by") || !strings.Contains(got, `shares "Membership engagement" with`) {
		t.Errorf("table cards: %q, want the shared theme and why each sits there", got)
	}
	if !strings.Contains(pageHTML(t, b), `id="by_theme" name="by_theme" value="1" checked`) {
		t.Error("the compose form forgot the plan is by theme")
	}
	b.CheckA11y()
	b.Screenshot("tables-by-theme")
	b.Open(base + "/cards")
	if got := b.Text(".table-lists"); !strings.Contains(got, "Tonight's theme: Membership engagement") || !strings.Contains(got, "turnout at meetings doubled") {
		t.Errorf("prompt cards: %q, want the theme and its bright spot", got)
	}
	b.CheckA11y()
	b.Screenshot("tables-prompt-cards")
}
