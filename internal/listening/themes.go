package listening

import (
	"context"
	"fmt"
	"strconv"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
)

// TypicalStories is how many of a theme's most typical stories organizers
// read on the themes page (the selection round's candidates).
const TypicalStories = 8

// ThemesPage is a campaign's latest themes as the themes page shows them
// to its reader. Members get the view alone: counts, trends and public
// quotes, never a story's text. Organizers also get the texts of each
// theme's most typical stories and of the shortlisted ones, the shortlist,
// and the practices bright spots seeded.
type ThemesPage struct {
	Campaign  *kindred.Campaign
	Organizer bool
	// View is nil before the first theme run. It is shared by every reader
	// of the campaign (see Service.themeView): never change it.
	View       *sensemaking.View
	Stories    map[int64]kindred.Story // organizers only: typical and shortlisted stories, as told
	Selections []store.Selection       // organizers only
	Promoted   map[int64]string        // bright spot → the slug of the practice it seeded; organizers only
}

// ThemesPage returns the campaign's themes page for v, who must be signed
// in (EUNAUTHORIZED otherwise). It reads only what the page shows: the view
// is built once for all readers (themeView), and organizers' story texts
// are read by id. ENOTFOUND for an unknown campaign.
func (s *Service) ThemesPage(ctx context.Context, v *kindred.Viewer, slug string) (*ThemesPage, error) {
	if !v.SignedIn() {
		return nil, kindred.Errorf(kindred.EUNAUTHORIZED, "Please sign in to read a campaign's themes.")
	}
	c, err := s.campaign(ctx, slug)
	if err != nil {
		return nil, err
	}
	p := &ThemesPage{Campaign: c, Organizer: c.OrganizedBy(v), Stories: map[int64]kindred.Story{}, Promoted: map[int64]string{}}
	if p.View, err = s.themeView(ctx, c); err != nil {
		return nil, err
	}
	if p.View == nil || !p.Organizer {
		return p, nil
	}
	if p.Selections, err = s.Store.Selections(ctx, c.ID); err != nil {
		return nil, fmt.Errorf("themes page: %w", err)
	}
	var ids []int64
	for _, t := range p.View.Themes {
		ids = append(ids, t.Members[:min(len(t.Members), TypicalStories)]...)
	}
	for _, sel := range p.Selections {
		ids = append(ids, sel.StoryID)
		if sel.BrightSpot {
			if p.Promoted[sel.StoryID], err = s.Store.StoryPractice(ctx, sel.StoryID); err != nil {
				return nil, fmt.Errorf("themes page: %w", err)
			}
		}
	}
	if p.Stories, err = s.Store.StoriesByID(ctx, c.ID, ids); err != nil {
		return nil, fmt.Errorf("themes page: %w", err)
	}
	return p, nil
}

// Typical returns up to TypicalStories of a theme's most typical stories,
// as organizers read them; nothing for members.
func (p *ThemesPage) Typical(t sensemaking.ThemeView) []kindred.Story {
	var out []kindred.Story
	for _, id := range t.Members {
		if st, ok := p.Stories[id]; ok {
			out = append(out, st)
		}
		if len(out) == TypicalStories {
			break
		}
	}
	return out
}

// StoryText returns a shortlisted story's text for organizers ("" for
// members).
func (p *ThemesPage) StoryText(id int64) string { return p.Stories[id].Text }

// viewTables are the tables a themes view is built from: a new run or an
// edit, a story told, moderated, edited or withdrawn, or the campaign's
// signifiers changed make it stale.
var viewTables = []string{"theme_runs", "stories", "campaigns"}

// themeView returns the campaign's latest themes as sensemaking.Build shows
// them, nil when it was never themed. The view is the same for every reader
// (members and organizers differ only in what ThemesPage adds), so it is
// built once per change of its tables (store.CachedMap) and shared: many
// people opening the page of a large campaign at once build it once.
func (s *Service) themeView(ctx context.Context, c *kindred.Campaign) (*sensemaking.View, error) {
	return s.views.Get(s.Store, strconv.FormatInt(c.ID, 10), viewTables, func() (*sensemaking.View, error) {
		// Others may be waiting for this build: one reader leaving must not fail it.
		return s.buildView(context.WithoutCancel(ctx), c)
	})
}

// buildView reads what sensemaking.Build needs and builds the view: the
// latest run, the approved stories without their words, and the texts of
// the quoted stories only.
func (s *Service) buildView(ctx context.Context, c *kindred.Campaign) (*sensemaking.View, error) {
	run, err := s.Store.LatestThemeRun(ctx, c.ID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("themes: %w", err)
	}
	stories, err := s.Store.ApprovedStoryFacts(ctx, c.ID)
	if err != nil {
		return nil, fmt.Errorf("themes: %w", err)
	}
	quoted, err := s.Store.StoriesByID(ctx, c.ID, sensemaking.QuotedStories(run))
	if err != nil {
		return nil, fmt.Errorf("themes: %w", err)
	}
	for i := range stories {
		if st, ok := quoted[stories[i].ID]; ok {
			stories[i].Text = st.Text
		}
	}
	return sensemaking.Build(run, c, stories), nil
}
