package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/kindredhq/kindred/internal/kindred"
)

// EditTokenPrefix starts every story edit/withdraw secret.
const EditTokenPrefix = "kds_"

const storyColumns = `id, campaign_id, text, lang, consent, anonymous, teller_name, teller_email,
	signifiers, context, state, pii, source, created_at, notify_report`

func scanStory(r rowScanner) (*kindred.Story, error) {
	var st kindred.Story
	var name, email sql.NullString
	var sigs, ctxJSON string
	err := r.Scan(&st.ID, &st.CampaignID, &st.Text, &st.Lang, &st.Consent, &st.Anonymous, &name, &email,
		&sigs, &ctxJSON, &st.State, &st.PII, &st.Source, &st.CreatedAt, &st.NotifyReport)
	if err != nil {
		return nil, err
	}
	st.Name, st.Email, st.CreatedAt = name.String, email.String, st.CreatedAt.UTC()
	if err := json.Unmarshal([]byte(sigs), &st.Signifiers); err != nil {
		return nil, fmt.Errorf("story %d signifiers: %w", st.ID, err)
	}
	if err := json.Unmarshal([]byte(ctxJSON), &st.Context); err != nil {
		return nil, fmt.Errorf("story %d context: %w", st.ID, err)
	}
	return &st, nil
}

// nullIfEmpty stores "" as NULL, so anonymous stories hold no identifier at all.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateStory validates n against the campaign and stores it as pending,
// with the day it was told and never the time (kindred.StoryDay).
// When the teller left an email (and is not anonymous) it returns a secret
// for the edit/withdraw link; only its hash is stored. Bad input is an
// EINVALID *Error naming each field. It does not check the campaign's dates:
// callers taking stories from the public do (imports of offline stories may
// come after a campaign closes).
func (tx *Tx) CreateStory(ctx context.Context, c *kindred.Campaign, n kindred.NewStory) (*kindred.Story, string, error) {
	if err := kindred.StoryError(c.CheckStory(&n)); err != nil {
		return nil, "", err
	}
	if n.Signifiers == nil {
		n.Signifiers = map[string]kindred.SignifierValue{}
	}
	if n.Context == nil {
		n.Context = map[string]string{}
	}
	sigs, err := json.Marshal(n.Signifiers)
	if err != nil {
		return nil, "", fmt.Errorf("create story: %w", err)
	}
	ctxJSON, err := json.Marshal(n.Context)
	if err != nil {
		return nil, "", fmt.Errorf("create story: %w", err)
	}
	told := kindred.StoryDay(tx.now) // the day only: see kindred.StoryDay
	if n.ToldAt != nil && n.ToldAt.Before(tx.now) {
		told = kindred.StoryDay(*n.ToldAt)
	}
	var secret, hash string
	if n.Email != "" && !n.Anonymous {
		secret, hash = kindred.NewSecret(EditTokenPrefix)
	}
	id, err := tx.insertID(ctx, `INSERT INTO stories (campaign_id, text, lang, consent, anonymous, teller_name, teller_email,
		signifiers, context, state, pii, source, edit_token_hash, created_at, updated_at, notify_report, mail_lang)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', FALSE, ?, ?, ?, ?, ?, ?)`,
		c.ID, n.Text, n.Lang, string(n.Consent), n.Anonymous, nullIfEmpty(n.Name), nullIfEmpty(n.Email),
		string(sigs), string(ctxJSON), n.Source, nullIfEmpty(hash), told, kindred.StoryDay(tx.now), n.NotifyReport, n.MailLang)
	if err != nil {
		return nil, "", fmt.Errorf("create story: %w", err)
	}
	st, err := scanStory(tx.queryRow(ctx, `SELECT `+storyColumns+` FROM stories WHERE id = ?`, id))
	if err != nil {
		return nil, "", fmt.Errorf("create story: %w", tx.d.translate(err))
	}
	return st, secret, nil
}

// Story returns the story with id in the campaign, unfiltered (for
// organizers). ENOTFOUND if missing.
func (s *Store) Story(ctx context.Context, campaignID, id int64) (*kindred.Story, error) {
	st, err := scanStory(s.queryRow(ctx, `SELECT `+storyColumns+` FROM stories WHERE id = ? AND campaign_id = ?`, id, campaignID))
	if err != nil {
		return nil, fmt.Errorf("story %d: %w", id, s.d.translate(err))
	}
	return st, nil
}

// StoryByEditToken returns the story the teller's edit secret belongs to.
// ENOTFOUND for an unknown secret or a withdrawn story.
func (s *Store) StoryByEditToken(ctx context.Context, secret string) (*kindred.Story, error) {
	st, err := scanStory(s.queryRow(ctx, `SELECT `+storyColumns+` FROM stories
		WHERE edit_token_hash = ? AND state <> 'withdrawn'`, kindred.HashSecret(secret)))
	if err != nil {
		return nil, fmt.Errorf("story by link: %w", s.d.translate(err))
	}
	return st, nil
}

// StoryQuery selects stories of one campaign for a reader.
type StoryQuery struct {
	Reader  kindred.Reader
	State   kindred.StoryState // "" means every state the reader may see
	AfterID int64              // keyset pagination: stories with a larger id
	Limit   int                // 0 means no limit
}

// Stories lists a campaign's stories by id as q.Reader may see them: beyond
// organizers, only approved, unflagged stories their consent allows, with
// emails and phone numbers masked and no teller name or email. Withdrawn
// stories are never listed.
func (s *Store) Stories(ctx context.Context, campaignID int64, q StoryQuery) ([]kindred.Story, error) {
	where := ` WHERE campaign_id = ? AND id > ? AND state <> 'withdrawn'`
	args := []any{campaignID, q.AfterID}
	switch q.Reader {
	case kindred.ReaderOrganizer:
	case kindred.ReaderMember:
		where += ` AND state = 'approved' AND NOT pii AND consent IN ('public', 'network')`
	default:
		where += ` AND state = 'approved' AND NOT pii AND consent = 'public'`
	}
	if q.State != "" {
		where += ` AND state = ?`
		args = append(args, string(q.State))
	}
	limit := ""
	if q.Limit > 0 {
		limit = ` LIMIT ?`
		args = append(args, q.Limit)
	}
	rows, err := s.query(ctx, `SELECT `+storyColumns+` FROM stories`+where+` ORDER BY id`+limit, args...)
	if err != nil {
		return nil, fmt.Errorf("list stories: %w", err)
	}
	defer rows.Close()
	var out []kindred.Story
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, fmt.Errorf("list stories: %w", err)
		}
		if st.VisibleTo(q.Reader) {
			out = append(out, st.ForReader(q.Reader))
		}
	}
	return out, rows.Err()
}

// CountStories returns how many stories a campaign holds (withdrawn ones excluded).
func (s *Store) CountStories(ctx context.Context, campaignID int64) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM stories WHERE campaign_id = ? AND state <> 'withdrawn'`, campaignID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count stories: %w", err)
	}
	return n, nil
}

// ModerateStory sets a story's moderation state and PII flag. ENOTFOUND if
// the campaign has no such story; withdrawn stories cannot be moderated
// (ENOTFOUND too).
func (tx *Tx) ModerateStory(ctx context.Context, campaignID, id int64, state kindred.StoryState, pii bool) error {
	if state != kindred.StatePending && state != kindred.StateApproved && state != kindred.StateHidden {
		return &kindred.Error{Code: kindred.EINVALID, Message: "Unknown moderation state.",
			Fields: map[string]string{"state": "must be pending, approved or hidden"}}
	}
	return tx.execOne(ctx, "moderate story", `UPDATE stories SET state = ?, pii = ?, updated_at = ?
		WHERE id = ? AND campaign_id = ? AND state <> 'withdrawn'`, string(state), pii, tx.now, id, campaignID)
}

// EditStory replaces the text of the story the teller's secret belongs to and
// sends it back to moderation. ENOTFOUND for an unknown secret; EINVALID for
// bad text.
func (tx *Tx) EditStory(ctx context.Context, c *kindred.Campaign, secret, text string) error {
	n := kindred.NewStory{Text: text, Lang: "und", Consent: kindred.ConsentOrganizers, Anonymous: true}
	codes := c.CheckStory(&n)
	if code, ok := codes["text"]; ok {
		return kindred.StoryError(map[string]string{"text": code})
	}
	return tx.execOne(ctx, "edit story", `UPDATE stories SET text = ?, state = 'pending', updated_at = ?
		WHERE edit_token_hash = ? AND campaign_id = ? AND state <> 'withdrawn'`, n.Text, tx.now, kindred.HashSecret(secret), c.ID)
}

// StoryByID returns the story with id, unfiltered, wherever it was told:
// for the teller's signed link (kindred.TellerToken), which names the
// story alone. ENOTFOUND for an unknown or withdrawn story.
func (s *Store) StoryByID(ctx context.Context, id int64) (*kindred.Story, error) {
	st, err := scanStory(s.queryRow(ctx, `SELECT `+storyColumns+` FROM stories WHERE id = ? AND state <> 'withdrawn'`, id))
	if err != nil {
		return nil, fmt.Errorf("story %d: %w", id, s.d.translate(err))
	}
	return st, nil
}

// ReportTeller is a teller to tell that the report is published: one of
// their stories, their address and the language to write in.
type ReportTeller struct {
	StoryID int64
	Email   string
	Lang    string
}

// ClaimReportMail marks, once and for all, every story of the campaign
// whose teller asked to hear of the report and has not been mailed about
// it, and returns them (oldest first). A story is claimed by one call only,
// even when two run at once, so the caller mails each teller once: the
// claim and the mail commit together or not at all. Withdrawn stories
// (whose email is erased) are never claimed.
func (tx *Tx) ClaimReportMail(ctx context.Context, campaignID int64) ([]ReportTeller, error) {
	rows, err := tx.query(ctx, `UPDATE stories SET report_mailed_at = ?
		WHERE campaign_id = ? AND notify_report AND report_mailed_at IS NULL AND teller_email IS NOT NULL
			AND state <> 'withdrawn'
		RETURNING id, teller_email, mail_lang`, tx.now, campaignID)
	if err != nil {
		return nil, fmt.Errorf("claim report mail: %w", err)
	}
	defer rows.Close()
	var out []ReportTeller
	for rows.Next() {
		var t ReportTeller
		if err := rows.Scan(&t.StoryID, &t.Email, &t.Lang); err != nil {
			return nil, fmt.Errorf("claim report mail: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claim report mail: %w", err)
	}
	slices.SortFunc(out, func(a, b ReportTeller) int { return cmp.Compare(a.StoryID, b.StoryID) })
	return out, nil
}

// WithdrawStory erases the text, name and email of the story the teller's
// secret belongs to and marks it withdrawn; the secret stops working.
// ENOTFOUND for an unknown secret.
func (tx *Tx) WithdrawStory(ctx context.Context, secret string) error {
	return tx.execOne(ctx, "withdraw story", `UPDATE stories SET text = '', teller_name = NULL, teller_email = NULL,
		signifiers = '{}', context = '{}', state = 'withdrawn', edit_token_hash = NULL, updated_at = ?
		WHERE edit_token_hash = ? AND state <> 'withdrawn'`, tx.now, kindred.HashSecret(secret))
}
