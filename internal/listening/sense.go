package listening

import (
	"context"
	"fmt"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
)

// FindThemes schedules a new theme run of the campaign's approved
// stories (the job runs sensemaking.Run). Only its organizers may ask.
func (s *Service) FindThemes(ctx context.Context, v *kindred.Viewer, slug string) error {
	c, err := s.Organized(ctx, v, slug)
	if err != nil {
		return err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := s.Queue.FindThemes(ctx, tx, c.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "themes.find", campaignSubject(c), "")
	})
	if err != nil {
		return fmt.Errorf("find themes: %w", err)
	}
	return nil
}

// ThemeChange is an organizer's edit of the latest themes, naming themes
// by their keys in that run: rename Theme to Label, merge Other into
// Theme, or split Theme in two.
type ThemeChange struct {
	Kind         string // store.EditRename, EditMerge or EditSplit
	Theme, Other int
	Label        string
}

// EditTheme stores an organizer's edit and applies every edit again to the
// latest run, so it survives re-theming. Only the campaign's organizers
// edit; ENOTFOUND when the campaign was never themed; EINVALID naming the
// field for a bad edit (an unknown theme is "theme" or "other").
func (s *Service) EditTheme(ctx context.Context, v *kindred.Viewer, slug string, in ThemeChange) (*store.ThemeRun, error) {
	c, err := s.Organized(ctx, v, slug)
	if err != nil {
		return nil, err
	}
	run, err := s.Store.LatestThemeRun(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	e := store.ThemeEdit{CampaignID: c.ID, Kind: in.Kind, Members: themeMembers(run, in.Theme), Label: in.Label, By: v.AccountID()}
	if in.Kind == store.EditMerge {
		e.Other = themeMembers(run, in.Other)
	}
	stories, edits, err := s.themeInputs(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	run.Result = sensemaking.Apply(ctx, run.Raw, append(edits, e), stories)
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.AddThemeEdit(ctx, e); err != nil {
			return err
		}
		if err := tx.SetThemeResult(ctx, run.ID, run.Result); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "theme.edit", campaignSubject(c), e.Kind+" "+strings.TrimSpace(e.Label))
	})
	if err != nil {
		return nil, fmt.Errorf("edit theme: %w", err)
	}
	return s.caughtUp(ctx, run, stories)
}

// themeMembers returns the member stories of the theme with key in run, or
// nil for an unknown key (which the edit's validation names).
func themeMembers(run *store.ThemeRun, key int) []int64 {
	for _, t := range run.Result.Themes {
		if t.Key == key {
			return t.Members
		}
	}
	return nil
}

// themeInputs reads what replaying edits needs: the approved stories by id
// (a split themes their texts) and the edits so far, oldest first.
func (s *Service) themeInputs(ctx context.Context, campaignID int64) (map[int64]*kindred.Story, []store.ThemeEdit, error) {
	list, err := s.Store.Stories(ctx, campaignID, store.StoryQuery{Reader: kindred.ReaderOrganizer, State: kindred.StateApproved})
	if err != nil {
		return nil, nil, err
	}
	stories := make(map[int64]*kindred.Story, len(list))
	for i := range list {
		stories[list[i].ID] = &list[i]
	}
	edits, err := s.Store.ThemeEdits(ctx, campaignID)
	if err != nil {
		return nil, nil, err
	}
	return stories, edits, nil
}

// caughtUp returns run, or, when a theme job stored a newer run while the
// edit was being made (and so may have missed it), that run with every
// edit applied again.
func (s *Service) caughtUp(ctx context.Context, run *store.ThemeRun, stories map[int64]*kindred.Story) (*store.ThemeRun, error) {
	latest, err := s.Store.LatestThemeRun(ctx, run.CampaignID)
	if err != nil || latest.ID == run.ID {
		return run, err
	}
	edits, err := s.Store.ThemeEdits(ctx, run.CampaignID)
	if err != nil {
		return nil, err
	}
	latest.Result = sensemaking.Apply(ctx, latest.Raw, edits, stories)
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error { return tx.SetThemeResult(ctx, latest.ID, latest.Result) })
	if err != nil {
		return nil, fmt.Errorf("edit theme: %w", err)
	}
	return latest, nil
}

// Select shortlists a story of the campaign with the reason it matters, or
// names it a bright spot (sel.CampaignID and sel.By are set here). Only
// the campaign's organizers select; EINVALID without a reason; ENOTFOUND
// for a story not in the campaign.
func (s *Service) Select(ctx context.Context, v *kindred.Viewer, slug string, sel store.Selection) error {
	c, err := s.Organized(ctx, v, slug)
	if err != nil {
		return err
	}
	sel.CampaignID, sel.By = c.ID, v.AccountID()
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.SelectStory(ctx, sel); err != nil {
			return err
		}
		action := "story.shortlist"
		if sel.BrightSpot {
			action = "story.bright_spot"
		}
		return tx.Audit(ctx, v.AccountID(), action, storySubject(sel.StoryID), c.Slug)
	})
	if err != nil {
		return fmt.Errorf("select story: %w", err)
	}
	return nil
}

// Unselect takes a story off the campaign's shortlist. Only its organizers
// may; ENOTFOUND when it was not on it.
func (s *Service) Unselect(ctx context.Context, v *kindred.Viewer, slug string, storyID int64) error {
	c, err := s.Organized(ctx, v, slug)
	if err != nil {
		return err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.UnselectStory(ctx, c.ID, storyID); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), "story.unshortlist", storySubject(storyID), c.Slug)
	})
	if err != nil {
		return fmt.Errorf("unselect story: %w", err)
	}
	return nil
}

// Promote adds a bright spot of the campaign to the practice library,
// keeping where it came from (the story and its campaign), and returns the
// practice. The story's words go into it only when its teller let the
// network read them, with emails and phone numbers masked. Only the
// campaign's organizers promote; EINVALID for a story that is not a bright
// spot, or a practice that does not validate (its title names the field);
// ECONFLICT for a story that already seeded a practice (a story seeds one).
// The practice follows the library's rules for sharing
// (kindred.Practice.MayShare, Validate), like library.Service.Share.
func (s *Service) Promote(ctx context.Context, v *kindred.Viewer, slug string, storyID int64, title string) (*kindred.Practice, error) {
	c, err := s.Organized(ctx, v, slug)
	if err != nil {
		return nil, err
	}
	st, err := s.Store.Story(ctx, c.ID, storyID)
	if err != nil {
		return nil, err
	}
	reason, err := s.brightSpotReason(ctx, c.ID, st.ID)
	if err != nil {
		return nil, err
	}
	if err := s.notPromoted(ctx, st.ID); err != nil {
		return nil, err
	}
	p := &kindred.Practice{Title: title, Summary: reason, Stage: kindred.StageEmerging,
		Sources: []kindred.PracticeSource{{Kind: "story", RefID: st.ID, Label: "Bright spot from “" + c.Title + "”"}}}
	if st.Consent == kindred.ConsentPublic || st.Consent == kindred.ConsentNetwork {
		p.Body = "> " + strings.ReplaceAll(kindred.MaskPII(st.Text), "\n", "\n> ")
	}
	if err := p.MayShare(v); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		id, err := tx.CreatePractice(ctx, p, v.AccountID())
		if err != nil {
			return err
		}
		p.ID = id
		if err := tx.Audit(ctx, v.AccountID(), "practice.from_story", p.Slug, fmt.Sprintf("story %d", st.ID)); err != nil {
			return err
		}
		return s.Queue.Emit(ctx, tx, v.AccountID(), kindred.Event{Type: kindred.EventPracticeShared,
			Subject: fmt.Sprintf("practice:%d", p.ID), Data: map[string]any{"id": p.ID, "slug": p.Slug, "title": p.Title,
				"stage": string(p.Stage)}})
	})
	if err != nil {
		return nil, fmt.Errorf("promote bright spot: %w", err)
	}
	return p, nil
}

// notPromoted returns an ECONFLICT *Error naming the practice when the
// story already seeded one.
func (s *Service) notPromoted(ctx context.Context, storyID int64) error {
	slug, err := s.Store.StoryPractice(ctx, storyID)
	if err != nil {
		return err
	}
	if slug != "" {
		return alreadyPromoted(slug)
	}
	return nil
}

func alreadyPromoted(slug string) error {
	msg := "This story is already in the practice library, as /practices/" + slug + "."
	return &kindred.Error{Code: kindred.ECONFLICT, Message: msg, Fields: map[string]string{"title": "belongs to a story already in the library"}}
}

// brightSpotReason returns why the panel named the story a bright spot;
// a story that is not one is EINVALID.
func (s *Service) brightSpotReason(ctx context.Context, campaignID, storyID int64) (string, error) {
	sels, err := s.Store.Selections(ctx, campaignID)
	if err != nil {
		return "", err
	}
	for _, sel := range sels {
		if sel.StoryID == storyID && sel.BrightSpot {
			return sel.Reason, nil
		}
	}
	return "", kindred.Errorf(kindred.EINVALID, "Only bright spots can go to the practice library; name it a bright spot first.")
}

// Themes returns the campaign's latest themes as anyone signed in reads
// them: sensemaking.Build keeps approved stories only, and quotes only
// from stories their tellers let us quote publicly, masked. The view is
// nil when the campaign was never themed, and shared by every reader (see
// ThemesPage): never change it. EUNAUTHORIZED for the anonymous, ENOTFOUND
// for an unknown campaign.
func (s *Service) Themes(ctx context.Context, v *kindred.Viewer, slug string) (*kindred.Campaign, *sensemaking.View, error) {
	if !v.SignedIn() {
		return nil, nil, kindred.Errorf(kindred.EUNAUTHORIZED, "Please sign in to read a campaign's themes.")
	}
	c, err := s.campaign(ctx, slug)
	if err != nil {
		return nil, nil, err
	}
	view, err := s.themeView(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	return c, view, nil
}
