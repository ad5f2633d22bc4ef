package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/kindredhq/kindred/internal/kindred"
)

// ApprovedStoryFacts lists the campaign's approved stories by id without
// their words: no text, teller name or email, only what the themes view
// counts and compares (sensemaking.Build: state, flag and consent, day
// told, language, context and signifier answers). A campaign of 100,000
// stories is read in one query without carrying every text along; the
// few texts a page quotes are read by StoriesByID.
func (s *Store) ApprovedStoryFacts(ctx context.Context, campaignID int64) ([]kindred.Story, error) {
	rows, err := s.query(ctx, `SELECT id, lang, consent, signifiers, context, pii, created_at FROM stories
		WHERE campaign_id = ? AND state = 'approved' ORDER BY id`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("story facts: %w", err)
	}
	defer rows.Close()
	var out []kindred.Story
	var sigs, ctxJSON sql.RawBytes // decoded before the next row
	for rows.Next() {
		st := kindred.Story{CampaignID: campaignID, State: kindred.StateApproved}
		if err := rows.Scan(&st.ID, &st.Lang, &st.Consent, &sigs, &ctxJSON, &st.PII, &st.CreatedAt); err != nil {
			return nil, fmt.Errorf("story facts: %w", err)
		}
		st.CreatedAt = st.CreatedAt.UTC()
		if err := json.Unmarshal(sigs, &st.Signifiers); err != nil {
			return nil, fmt.Errorf("story %d signifiers: %w", st.ID, err)
		}
		if err := json.Unmarshal(ctxJSON, &st.Context); err != nil {
			return nil, fmt.Errorf("story %d context: %w", st.ID, err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("story facts: %w", err)
	}
	return out, nil
}

// StoriesByID returns the campaign's stories with the given ids, unfiltered
// as organizers read them, by id; ids of withdrawn stories, of stories of
// another campaign or of none are left out. It reads them in one query.
func (s *Store) StoriesByID(ctx context.Context, campaignID int64, ids []int64) (map[int64]kindred.Story, error) {
	out := make(map[int64]kindred.Story, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, 0, len(ids)+1)
	args = append(args, campaignID)
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := s.query(ctx, `SELECT `+storyColumns+` FROM stories
		WHERE campaign_id = ? AND state <> 'withdrawn' AND id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("stories by id: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, fmt.Errorf("stories by id: %w", err)
		}
		out[st.ID] = *st
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("stories by id: %w", err)
	}
	return out, nil
}
