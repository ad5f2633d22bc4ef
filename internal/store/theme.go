package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kindredhq/kindred/internal/kindred"
)

// ThemeQuote is a verbatim excerpt of a story: the bytes Start:End of its
// text. Keeping offsets instead of copies means a quote can never drift from
// what the teller wrote, and disappears when the story is withdrawn.
type ThemeQuote struct {
	StoryID int64 `json:"story"`
	Start   int   `json:"start"`
	End     int   `json:"end"`
}

// ThemeGroup is one theme (or weak signal) of a run.
type ThemeGroup struct {
	Key      int          `json:"key"` // stable within a run; splits get new keys
	Label    string       `json:"label"`
	Keywords []string     `json:"keywords"`
	Members  []int64      `json:"members"` // story ids, most typical first
	Quotes   []ThemeQuote `json:"quotes"`
	Renamed  bool         `json:"renamed,omitempty"` // the label is an organizer's
}

// ThemeParams records how a run was made, so a result can be explained and
// reproduced.
type ThemeParams struct {
	Seed           uint64  `json:"seed"`
	K              int     `json:"k"` // 0: chosen automatically
	Lang           string  `json:"lang"`
	Representation string  `json:"representation"`
	Stories        int     `json:"stories"`
	Quotable       int     `json:"quotable"`
	Silhouette     float64 `json:"silhouette"`
	Millis         int64   `json:"millis"`
}

// ThemeResult is what a run found (or that with the edits applied).
type ThemeResult struct {
	Themes      []ThemeGroup  `json:"themes"`
	WeakSignals []ThemeGroup  `json:"weak_signals"`
	Secondary   map[int64]int `json:"secondary"` // story id → key of its second theme
	Outliers    []int64       `json:"outliers"`
}

// ThemeRun is one stored run of the theme finder over a campaign.
type ThemeRun struct {
	ID         int64
	CampaignID int64
	Params     ThemeParams
	Raw        ThemeResult // as found
	Result     ThemeResult // with the organizers' edits applied
	CreatedAt  time.Time   `json:"-"`
}

// SaveThemeRun stores a new run for its campaign and sets its ID.
func (tx *Tx) SaveThemeRun(ctx context.Context, run *ThemeRun) error {
	params, raw, result, err := marshal3(run.Params, run.Raw, run.Result)
	if err != nil {
		return fmt.Errorf("save theme run: %w", err)
	}
	id, err := tx.insertID(ctx, `INSERT INTO theme_runs (campaign_id, params, raw, result, created_at) VALUES (?, ?, ?, ?, ?)`,
		run.CampaignID, params, raw, result, tx.now)
	if err != nil {
		return fmt.Errorf("save theme run: %w", tx.d.translate(err))
	}
	run.ID, run.CreatedAt = id, tx.now
	return nil
}

// SetThemeResult replaces the edited result of a run. ENOTFOUND if there is
// no such run.
func (tx *Tx) SetThemeResult(ctx context.Context, runID int64, r ThemeResult) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("set theme result: %w", err)
	}
	return tx.execOne(ctx, "set theme result", `UPDATE theme_runs SET result = ? WHERE id = ?`, string(b), runID)
}

func marshal3(a, b, c any) (string, string, string, error) {
	var out [3]string
	for i, v := range []any{a, b, c} {
		j, err := json.Marshal(v)
		if err != nil {
			return "", "", "", err
		}
		out[i] = string(j)
	}
	return out[0], out[1], out[2], nil
}

// LatestThemeRun returns the campaign's most recent run. ENOTFOUND when the
// campaign has never been themed.
func (s *Store) LatestThemeRun(ctx context.Context, campaignID int64) (*ThemeRun, error) {
	var run ThemeRun
	var params, raw, result string
	err := s.queryRow(ctx, `SELECT id, campaign_id, params, raw, result, created_at FROM theme_runs
		WHERE campaign_id = ? ORDER BY id DESC LIMIT 1`, campaignID).
		Scan(&run.ID, &run.CampaignID, &params, &raw, &result, &run.CreatedAt)
	if err != nil {
		return nil, fmt.Errorf("latest theme run: %w", s.d.translate(err))
	}
	run.CreatedAt = run.CreatedAt.UTC()
	for _, p := range []struct {
		s string
		v any
	}{{params, &run.Params}, {raw, &run.Raw}, {result, &run.Result}} {
		if err := json.Unmarshal([]byte(p.s), p.v); err != nil {
			return nil, fmt.Errorf("theme run %d: %w", run.ID, err)
		}
	}
	return &run, nil
}

// Theme edit kinds.
const (
	EditRename = "rename"
	EditMerge  = "merge"
	EditSplit  = "split"
)

// ThemeEdit is an organizer's change to the themes. Themes are named by
// their member stories at the time of the edit (Members, and Other for the
// theme merged in), so the edit finds its theme again in a new run.
type ThemeEdit struct {
	ID         int64     `json:"-"`
	CampaignID int64     `json:"-"`
	Kind       string    `json:"-"`
	Members    []int64   `json:"members"`
	Other      []int64   `json:"other,omitempty"`
	Label      string    `json:"label,omitempty"`
	By         int64     `json:"-"`
	CreatedAt  time.Time `json:"-"`
}

// MaxThemeLabel is the longest label an organizer may give a theme.
const MaxThemeLabel = 120

func (e *ThemeEdit) validate() error {
	var p kindred.Problems
	e.Label = strings.TrimSpace(e.Label)
	switch e.Kind {
	case EditRename:
		if e.Label == "" {
			p.Add("label", "is required")
		} else if utf8.RuneCountInString(e.Label) > MaxThemeLabel {
			p.Add("label", fmt.Sprintf("is longer than %d characters", MaxThemeLabel))
		}
	case EditMerge:
		if len(e.Other) == 0 {
			p.Add("other", "is required: choose the theme to merge in")
		}
	case EditSplit:
	default:
		p.Add("kind", "must be rename, merge or split")
	}
	if len(e.Members) == 0 {
		p.Add("theme", "is required")
	}
	return p.Err()
}

// AddThemeEdit validates and stores an edit. Bad input is EINVALID naming
// the field.
func (tx *Tx) AddThemeEdit(ctx context.Context, e ThemeEdit) error {
	if err := e.validate(); err != nil {
		return err
	}
	detail, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("add theme edit: %w", err)
	}
	_, err = tx.exec(ctx, `INSERT INTO theme_edits (campaign_id, kind, detail, created_by, created_at) VALUES (?, ?, ?, ?, ?)`,
		e.CampaignID, e.Kind, string(detail), nullID(e.By), tx.now)
	if err != nil {
		return fmt.Errorf("add theme edit: %w", tx.d.translate(err))
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// ThemeEdits returns a campaign's edits, oldest first (the order to replay them).
func (s *Store) ThemeEdits(ctx context.Context, campaignID int64) ([]ThemeEdit, error) {
	rows, err := s.query(ctx, `SELECT id, kind, detail, created_by, created_at FROM theme_edits
		WHERE campaign_id = ? ORDER BY id`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("theme edits: %w", err)
	}
	defer rows.Close()
	var out []ThemeEdit
	for rows.Next() {
		var e ThemeEdit
		var detail string
		var by sql.NullInt64
		var at time.Time
		if err := rows.Scan(&e.ID, &e.Kind, &detail, &by, &at); err != nil {
			return nil, fmt.Errorf("theme edits: %w", err)
		}
		if err := json.Unmarshal([]byte(detail), &e); err != nil {
			return nil, fmt.Errorf("theme edit %d: %w", e.ID, err)
		}
		e.CampaignID, e.By, e.CreatedAt = campaignID, by.Int64, at.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}

// Selection is a story the panel shortlisted in the selection round.
type Selection struct {
	CampaignID int64
	StoryID    int64
	Theme      string // the theme's label when it was shortlisted
	Reason     string // why it matters
	BrightSpot bool
	By         int64
	UpdatedAt  time.Time
}

// MaxReason is the longest reason the panel may record.
const MaxReason = 2000

// SelectStory shortlists a story (or updates its reason and bright-spot
// mark). EINVALID without a reason; ENOTFOUND when the campaign has no such
// story.
func (tx *Tx) SelectStory(ctx context.Context, sel Selection) error {
	sel.Reason = strings.TrimSpace(sel.Reason)
	var p kindred.Problems
	if sel.Reason == "" {
		p.Add("reason", "is required: say why this story matters")
	} else if utf8.RuneCountInString(sel.Reason) > MaxReason {
		p.Add("reason", fmt.Sprintf("is longer than %d characters", MaxReason))
	}
	if err := p.Err(); err != nil {
		return err
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM stories WHERE id = ? AND campaign_id = ? AND state <> 'withdrawn'`,
		sel.StoryID, sel.CampaignID).Scan(&n); err != nil {
		return fmt.Errorf("select story: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("select story: %w", kindred.Errorf(kindred.ENOTFOUND, "That story is not in this campaign."))
	}
	_, err := tx.exec(ctx, `INSERT INTO story_selections (campaign_id, story_id, theme, reason, bright_spot, selected_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (campaign_id, story_id) DO UPDATE SET reason = excluded.reason, theme = excluded.theme,
			bright_spot = excluded.bright_spot, selected_by = excluded.selected_by, updated_at = excluded.updated_at`,
		sel.CampaignID, sel.StoryID, sel.Theme, sel.Reason, sel.BrightSpot, nullID(sel.By), tx.now, tx.now)
	if err != nil {
		return fmt.Errorf("select story: %w", tx.d.translate(err))
	}
	return nil
}

// UnselectStory takes a story off the shortlist. ENOTFOUND if it was not on it.
func (tx *Tx) UnselectStory(ctx context.Context, campaignID, storyID int64) error {
	return tx.execOne(ctx, "unselect story", `DELETE FROM story_selections WHERE campaign_id = ? AND story_id = ?`, campaignID, storyID)
}

// Selections returns a campaign's shortlist, bright spots first, then by
// theme and story.
func (s *Store) Selections(ctx context.Context, campaignID int64) ([]Selection, error) {
	rows, err := s.query(ctx, `SELECT sel.story_id, sel.theme, sel.reason, sel.bright_spot, sel.selected_by, sel.updated_at
		FROM story_selections sel JOIN stories st ON st.id = sel.story_id
		WHERE sel.campaign_id = ? AND st.state <> 'withdrawn'
		ORDER BY sel.bright_spot DESC, sel.theme, sel.story_id`, campaignID)
	if err != nil {
		return nil, fmt.Errorf("selections: %w", err)
	}
	defer rows.Close()
	var out []Selection
	for rows.Next() {
		sel := Selection{CampaignID: campaignID}
		var by sql.NullInt64
		if err := rows.Scan(&sel.StoryID, &sel.Theme, &sel.Reason, &sel.BrightSpot, &by, &sel.UpdatedAt); err != nil {
			return nil, fmt.Errorf("selections: %w", err)
		}
		sel.By, sel.UpdatedAt = by.Int64, sel.UpdatedAt.UTC()
		out = append(out, sel)
	}
	return out, rows.Err()
}

// ThemesStale reports whether a campaign should be themed again: it has
// approved stories, and its stories changed (told, moderated, edited or
// withdrawn) after its latest run, or it was never themed.
func (s *Store) ThemesStale(ctx context.Context, campaignID int64) (bool, error) {
	var approved int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM stories WHERE campaign_id = ? AND state = 'approved'`, campaignID).Scan(&approved); err != nil {
		return false, fmt.Errorf("themes stale: %w", err)
	}
	if approved == 0 {
		return false, nil
	}
	var changed, themed time.Time
	if err := s.queryRow(ctx, `SELECT updated_at FROM stories WHERE campaign_id = ? ORDER BY updated_at DESC LIMIT 1`, campaignID).Scan(&changed); err != nil {
		return false, fmt.Errorf("themes stale: %w", err)
	}
	err := s.queryRow(ctx, `SELECT created_at FROM theme_runs WHERE campaign_id = ? ORDER BY id DESC LIMIT 1`, campaignID).Scan(&themed)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("themes stale: %w", err)
	}
	return changed.After(themed), nil
}
