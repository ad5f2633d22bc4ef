package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

// StoryRef names a story of a campaign.
type StoryRef struct{ CampaignID, StoryID int64 }

// ThemeSources is what members' themes come from, for tables by theme.
type ThemeSources struct {
	// Practices lists, per member, the theme areas and tags of the
	// practices they are a contact for (their practice interests).
	Practices map[int64][]string
	// Stories lists, per member, the approved stories they told under
	// their own name (matched by email; anonymous stories never are).
	Stories map[int64][]StoryRef
}

// ThemeSources reads what the given members' themes come from.
func (s *Store) ThemeSources(ctx context.Context, memberIDs []int64) (ThemeSources, error) {
	out := ThemeSources{Practices: map[int64][]string{}, Stories: map[int64][]StoryRef{}}
	if len(memberIDs) == 0 {
		return out, nil
	}
	in := placeholders(len(memberIDs))
	args := make([]any, len(memberIDs))
	for i, id := range memberIDs {
		args[i] = id
	}
	rows, err := s.query(ctx, `SELECT c.member_id, p.theme_area FROM practice_contacts c JOIN practices p ON p.id = c.practice_id
		WHERE c.member_id IN (`+in+`) AND p.theme_area <> ''
		UNION SELECT c.member_id, t.tag FROM practice_contacts c JOIN practice_tags t ON t.practice_id = c.practice_id
		WHERE c.member_id IN (`+in+`) ORDER BY 1, 2`, append(args, args...)...)
	if err != nil {
		return out, fmt.Errorf("practice interests: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var theme string
		if err := rows.Scan(&id, &theme); err != nil {
			return out, fmt.Errorf("practice interests: %w", err)
		}
		out.Practices[id] = append(out.Practices[id], theme)
	}
	if err := rows.Err(); err != nil {
		return out, err
	}
	return out, s.tellers(ctx, in, args, out.Stories)
}

// tellers adds the approved stories the members told under their own name.
func (s *Store) tellers(ctx context.Context, in string, args []any, into map[int64][]StoryRef) error {
	rows, err := s.query(ctx, `SELECT m.id, st.campaign_id, st.id FROM members m
		JOIN stories st ON LOWER(st.teller_email) = LOWER(m.email)
		WHERE m.id IN (`+in+`) AND st.anonymous = ? AND st.state = 'approved' ORDER BY m.id, st.id`, append(args, false)...)
	if err != nil {
		return fmt.Errorf("stories told: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var ref StoryRef
		if err := rows.Scan(&id, &ref.CampaignID, &ref.StoryID); err != nil {
			return fmt.Errorf("stories told: %w", err)
		}
		into[id] = append(into[id], ref)
	}
	return rows.Err()
}

// BrightSpot is a story the selection round named a bright spot, under the
// theme it was shortlisted in.
type BrightSpot struct {
	StoryRef
	Theme string
	Text  string
}

// BrightSpots returns the approved bright spots of the given themes
// (compared case-insensitively) that every member of the network may read:
// told with public or network consent. Never a teller's name.
func (s *Store) BrightSpots(ctx context.Context, themes []string) ([]BrightSpot, error) {
	want := map[string]bool{}
	for _, th := range themes {
		want[strings.ToLower(strings.TrimSpace(th))] = true
	}
	rows, err := s.query(ctx, `SELECT sel.campaign_id, sel.story_id, sel.theme, st.text FROM story_selections sel
		JOIN stories st ON st.id = sel.story_id
		WHERE sel.bright_spot = ? AND st.state = 'approved' AND st.consent IN (?, ?) ORDER BY sel.story_id`,
		true, string(kindred.ConsentPublic), string(kindred.ConsentNetwork))
	if err != nil {
		return nil, fmt.Errorf("bright spots: %w", err)
	}
	defer rows.Close()
	var out []BrightSpot
	for rows.Next() {
		var b BrightSpot
		if err := rows.Scan(&b.CampaignID, &b.StoryID, &b.Theme, &b.Text); err != nil {
			return nil, fmt.Errorf("bright spots: %w", err)
		}
		if want[strings.ToLower(strings.TrimSpace(b.Theme))] {
			out = append(out, b)
		}
	}
	return out, rows.Err()
}

// ConnectedPairs returns the pairs of the given members (keyed {a, b} with
// a < b) the relationship ledger connects by any tie that has not faded.
func (s *Store) ConnectedPairs(ctx context.Context, memberIDs []int64) (map[[2]int64]bool, error) {
	out := map[[2]int64]bool{}
	if len(memberIDs) < 2 {
		return out, nil
	}
	in := placeholders(len(memberIDs))
	args := make([]any, 0, 2*len(memberIDs))
	for range 2 {
		for _, id := range memberIDs {
			args = append(args, id)
		}
	}
	rows, err := s.query(ctx, `SELECT DISTINCT member_a, member_b FROM ties WHERE status <> 'faded'
		AND member_a IN (`+in+`) AND member_b IN (`+in+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("connected pairs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a, b int64
		if err := rows.Scan(&a, &b); err != nil {
			return nil, fmt.Errorf("connected pairs: %w", err)
		}
		out[[2]int64{min(a, b), max(a, b)}] = true
	}
	return out, rows.Err()
}
