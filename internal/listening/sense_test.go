package listening_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
)

// TestEditsSurviveRetheming renames and merges themes, adds stories, themes
// the campaign again, and checks every edit still holds.
func TestEditsSurviveRetheming(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c, err := demo.GenerateStories(ctx, w.st, 200, 3)
		if err != nil {
			t.Fatal(err)
		}
		run, err := sensemaking.Run(ctx, w.st, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		edit := func(in listening.ThemeChange) *store.ThemeRun {
			t.Helper()
			run, err := w.svc.EditTheme(ctx, w.admin, c.Slug, in)
			if err != nil {
				t.Fatalf("%s: %v", in.Kind, err)
			}
			return run
		}
		run = edit(listening.ThemeChange{Kind: store.EditRename, Theme: run.Result.Themes[0].Key, Label: "  Volunteers lead  "})
		if got := run.Result.Themes[0].Label; got != "Volunteers lead" {
			t.Fatalf("after rename: label %q, want %q", got, "Volunteers lead")
		}
		before := len(run.Result.Themes)
		run = edit(listening.ThemeChange{Kind: store.EditMerge, Theme: run.Result.Themes[1].Key, Other: run.Result.Themes[2].Key})
		if got := len(run.Result.Themes); got != before-1 {
			t.Fatalf("after merge: %d themes, want %d", got, before-1)
		}
		merged := len(run.Result.Themes)
		same, err := sensemaking.Run(ctx, w.st, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := len(same.Result.Themes); got != merged {
			t.Errorf("after re-theming: %d themes, want %d (the merge kept)", got, merged)
		}
		for i := 0; i < 30; i++ {
			w.approveIn(t, c, "Volunteers ran the phone bank themselves and doubled the calls we made.")
		}
		again, err := sensemaking.Run(ctx, w.st, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var labels []string
		for _, th := range again.Result.Themes {
			labels = append(labels, th.Label)
		}
		if !strings.Contains(strings.Join(labels, "|"), "Volunteers lead") {
			t.Errorf("rename lost after re-theming: labels %q", labels)
		}
		if got := w.audits(t, "theme.edit"); got != 2 {
			t.Errorf("theme.edit audited %d times, want 2", got)
		}
	})
}

// approveIn stores an approved story in c.
func (w *world) approveIn(t *testing.T, c *kindred.Campaign, text string) {
	t.Helper()
	ctx := context.Background()
	err := w.st.WithTx(ctx, func(tx *store.Tx) error {
		s, _, err := tx.CreateStory(ctx, c, kindred.NewStory{Text: text, Lang: "en", Consent: kindred.ConsentPublic, Source: "import"})
		if err != nil {
			return err
		}
		return tx.ModerateStory(ctx, c.ID, s.ID, kindred.StateApproved, false)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSplitAndBadEdits: edits before any run, by someone who does not
// organize the campaign, or naming no theme are refused; a split makes one
// theme two.
func TestSplitAndBadEdits(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		c, err := demo.GenerateStories(ctx, w.st, 150, 5)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.EditTheme(ctx, w.admin, c.Slug, listening.ThemeChange{Kind: store.EditRename, Theme: 1, Label: "x"}); code(err) != kindred.ENOTFOUND {
			t.Errorf("edit before any run: got %v, want ENOTFOUND", err)
		}
		run, err := sensemaking.Run(ctx, w.st, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		big := run.Result.Themes[0].Key
		if _, err := w.svc.EditTheme(ctx, w.chicagoOrg, c.Slug, listening.ThemeChange{Kind: store.EditSplit, Theme: big}); code(err) != kindred.EFORBIDDEN {
			t.Errorf("a city's organizer edits a campaign of the whole network: %v, want EFORBIDDEN", err)
		}
		for _, in := range []listening.ThemeChange{
			{Kind: store.EditRename, Theme: big, Label: " "},
			{Kind: store.EditMerge, Theme: big},
			{Kind: "shuffle", Theme: big},
			{Kind: store.EditSplit, Theme: 999},
		} {
			if _, err := w.svc.EditTheme(ctx, w.admin, c.Slug, in); code(err) != kindred.EINVALID {
				t.Errorf("%+v: got %v, want EINVALID", in, err)
			}
		}
		before := len(run.Result.Themes)
		run, err = w.svc.EditTheme(ctx, w.admin, c.Slug, listening.ThemeChange{Kind: store.EditSplit, Theme: big})
		if err != nil || len(run.Result.Themes) != before+1 {
			t.Errorf("after split: %d themes (%v), want %d", len(run.Result.Themes), err, before+1)
		}
	})
}

// TestSelectAndPromote: the campaign's organizers shortlist stories, name
// bright spots and take one to the practice library, which keeps where it
// came from; a story that is not a bright spot stays out.
func TestSelectAndPromote(t *testing.T) {
	t.Parallel()
	forEachWorld(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		spot := w.approve(t, kindred.NewStory{Text: "Neighbours called neighbours: reach me at ana@example.org", Lang: "en", Consent: kindred.ConsentNetwork})
		plain := w.approve(t, kindred.NewStory{Text: "A quieter story", Lang: "en", Consent: kindred.ConsentOrganizers})
		sel := store.Selection{StoryID: spot.ID, Theme: "Calls", Reason: "It spread by itself.", BrightSpot: true}
		if err := w.svc.Select(ctx, w.bostonOrg, w.campaign.Slug, sel); code(err) != kindred.EFORBIDDEN {
			t.Errorf("another city's organizer selects: %v, want EFORBIDDEN", err)
		}
		if err := w.svc.Select(ctx, w.chicagoOrg, w.campaign.Slug, store.Selection{StoryID: plain.ID}); kindred.ErrorFields(err)["reason"] == "" {
			t.Errorf("no reason: %v, want EINVALID on reason", err)
		}
		if err := w.svc.Select(ctx, w.chicagoOrg, w.campaign.Slug, sel); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Select(ctx, w.chicagoOrg, w.campaign.Slug, store.Selection{StoryID: plain.ID, Reason: "Quiet but telling."}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.Promote(ctx, w.chicagoOrg, w.campaign.Slug, plain.ID, "Quiet practice"); code(err) != kindred.EINVALID {
			t.Errorf("promoting a story that is not a bright spot: %v, want EINVALID", err)
		}
		if _, err := w.svc.Promote(ctx, w.chicagoOrg, w.campaign.Slug, spot.ID, "  "); kindred.ErrorFields(err)["title"] == "" {
			t.Errorf("promoting without a name: %v, want EINVALID on title (no name is made up)", err)
		}
		if _, err := w.svc.Promote(ctx, w.noCity, w.campaign.Slug, spot.ID, "Neighbour calls"); code(err) != kindred.EFORBIDDEN {
			t.Errorf("an organizer with no city promotes: %v, want EFORBIDDEN", err)
		}
		p, err := w.svc.Promote(ctx, w.chicagoOrg, w.campaign.Slug, spot.ID, "Neighbour calls")
		if err != nil {
			t.Fatal(err)
		}
		if p.Slug == "" || p.Summary != "It spread by itself." || !strings.Contains(p.Body, "[email]") || len(p.Sources) != 1 || p.Sources[0].RefID != spot.ID {
			t.Errorf("practice %+v", p)
		}
		if _, err := w.svc.Promote(ctx, w.chicagoOrg, w.campaign.Slug, spot.ID, "Neighbour calls again"); code(err) != kindred.ECONFLICT ||
			!strings.Contains(kindred.ErrorMessage(err), p.Slug) {
			t.Errorf("promoting the same story twice: %v, want ECONFLICT naming /practices/%s", err, p.Slug)
		}
		if w.audits(t, "practice.from_story") != 1 || w.events(t, kindred.EventPracticeShared) != 1 || w.audits(t, "story.bright_spot") != 1 {
			t.Errorf("promotion audited %d, shared %d, bright spots %d; want 1 each", w.audits(t, "practice.from_story"),
				w.events(t, kindred.EventPracticeShared), w.audits(t, "story.bright_spot"))
		}
		if err := w.svc.Unselect(ctx, w.chicagoOrg, w.campaign.Slug, plain.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.Unselect(ctx, w.chicagoOrg, w.campaign.Slug, plain.ID); code(err) != kindred.ENOTFOUND {
			t.Errorf("unselecting twice: %v, want ENOTFOUND", err)
		}
	})
}
