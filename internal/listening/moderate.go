package listening

import (
	"context"
	"fmt"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Moderate applies an organizer's decision to a story of the campaign with
// slug and returns the story as it now is. Only the campaign's organizers
// moderate (EFORBIDDEN otherwise); ENOTFOUND for an unknown campaign or
// story (withdrawn ones included); EINVALID naming "state" for a state an
// organizer may not set. It writes one audit entry, story.moderate, and
// records story.approved when the story becomes approved.
func (s *Service) Moderate(ctx context.Context, v *kindred.Viewer, slug string, storyID int64, m kindred.Moderation) (*kindred.Story, error) {
	c, err := s.Organized(ctx, v, slug)
	if err != nil {
		return nil, err
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	st, err := s.Store.Story(ctx, c.ID, storyID)
	if err != nil {
		return nil, err
	}
	state, pii := m.Apply(st)
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.ModerateStory(ctx, c.ID, st.ID, state, pii); err != nil {
			return err
		}
		if err := tx.Audit(ctx, v.AccountID(), "story.moderate", storySubject(st.ID), moderationDetail(state, pii)); err != nil {
			return err
		}
		if state != kindred.StateApproved || st.State == kindred.StateApproved {
			return nil
		}
		return s.Queue.Emit(ctx, tx, v.AccountID(), kindred.Event{Type: kindred.EventStoryApproved,
			Subject: "story:" + storySubject(st.ID), Data: approvedData(c, st)})
	})
	if err != nil {
		return nil, fmt.Errorf("moderate story: %w", err)
	}
	st.State, st.PII = state, pii
	return st, nil
}

func moderationDetail(state kindred.StoryState, pii bool) string {
	if pii {
		return string(state) + ", personal information flagged"
	}
	return string(state)
}

// approvedData is what an outside system is told of an approved story:
// where it belongs and who may read it, never its words or its teller.
func approvedData(c *kindred.Campaign, st *kindred.Story) map[string]any {
	return map[string]any{"id": st.ID, "campaign": c.Slug, "lang": st.Lang, "consent": string(st.Consent)}
}
