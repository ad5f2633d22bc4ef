package listening

import (
	"context"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Journey is where a teller's story went, as the teller reads it (Most
// Significant Change's feedback step): read or not, the theme it joined,
// whether the panel shortlisted or chose it and why, the practice it
// seeded and the published report. Only what the organizers confirmed is
// told: a theme no organizer named or confirmed is "still being named",
// never its keyword label.
type Journey struct {
	Campaign *kindred.Campaign
	Story    *kindred.Story
	Excerpt  string // the story's first words, so the teller knows which
	Themed   bool   // the stories were sorted into themes
	// Theme is the organizer-confirmed name of the story's theme; ""
	// with Unnamed when its theme is not named yet, "" alone when the
	// story is in no theme.
	Theme       string
	Unnamed     bool
	Shortlisted bool
	BrightSpot  bool
	Reason      string // why the panel shortlisted or chose it
	// Practice is the practice the story seeded in the library, nil when
	// none.
	Practice *kindred.Practice
	// ReportPath is the published report's address, "" when it is not
	// published.
	ReportPath string
}

// ExcerptRunes is how much of the story the teller's page quotes back.
const ExcerptRunes = 160

// JourneyByLink returns where the story went, for its teller's edit link.
// ENOTFOUND for an unknown secret or a withdrawn story.
func (s *Service) JourneyByLink(ctx context.Context, secret string) (*Journey, error) {
	st, c, err := s.StoryByLink(ctx, secret)
	if err != nil {
		return nil, err
	}
	return s.journey(ctx, st, c)
}

// JourneyBySignedLink returns where the story went, for the link of a
// "report published" mail (kindred.TellerToken). ENOTFOUND for a link that
// was altered or a story since withdrawn.
func (s *Service) JourneyBySignedLink(ctx context.Context, token string) (*Journey, error) {
	key, err := s.Store.LinkKey(ctx, TellerLinkKey)
	if err != nil {
		return nil, fmt.Errorf("journey: %w", err)
	}
	t, err := kindred.ParseTellerToken(token, key)
	if err != nil {
		return nil, err
	}
	st, err := s.Store.StoryByID(ctx, t.StoryID)
	if err != nil {
		return nil, err
	}
	c, err := s.Store.CampaignByID(ctx, st.CampaignID)
	if err != nil {
		return nil, fmt.Errorf("journey: %w", err)
	}
	return s.journey(ctx, st, c)
}

// journey follows st through its campaign's latest themes, the selection
// round and the library.
func (s *Service) journey(ctx context.Context, st *kindred.Story, c *kindred.Campaign) (*Journey, error) {
	j := &Journey{Campaign: c, Story: st, Excerpt: excerpt(st.Text, ExcerptRunes)}
	if c.ReportPublished != nil {
		j.ReportPath = ReportPath(c.Slug)
	}
	if st.State != kindred.StateApproved {
		return j, nil // not read yet, or kept out: nothing more happened to it
	}
	run, err := s.Store.LatestThemeRun(ctx, c.ID)
	switch {
	case kindred.ErrorCode(err) == kindred.ENOTFOUND:
	case err != nil:
		return nil, fmt.Errorf("journey: %w", err)
	default:
		j.Themed = true
		j.Theme, j.Unnamed = themeOf(run, st.ID)
	}
	sels, err := s.Store.Selections(ctx, c.ID)
	if err != nil {
		return nil, fmt.Errorf("journey: %w", err)
	}
	for _, sel := range sels {
		if sel.StoryID == st.ID {
			j.Shortlisted, j.BrightSpot, j.Reason = true, sel.BrightSpot, sel.Reason
		}
	}
	slug, err := s.Store.StoryPractice(ctx, st.ID)
	if err != nil || slug == "" {
		return j, err
	}
	if j.Practice, err = s.Store.PracticeBySlug(ctx, slug); err != nil {
		return nil, fmt.Errorf("journey: %w", err)
	}
	return j, nil
}

// themeOf returns the confirmed name of the theme the story is in, or
// unnamed when its theme has no confirmed name yet; "" and false when it
// is in no theme.
func themeOf(run *store.ThemeRun, storyID int64) (name string, unnamed bool) {
	for _, t := range run.Result.Themes {
		if slices.Contains(t.Members, storyID) {
			if t.Renamed {
				return t.Label, false
			}
			return "", true
		}
	}
	return "", false
}

// excerpt returns the first n characters of s, cut at a space, with an
// ellipsis when something was left out.
func excerpt(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	if i := lastSpace(r); i > n/2 {
		r = r[:i]
	}
	return string(r) + "…"
}

func lastSpace(r []rune) int {
	for i := len(r) - 1; i >= 0; i-- {
		if r[i] == ' ' || r[i] == '\n' {
			return i
		}
	}
	return -1
}
