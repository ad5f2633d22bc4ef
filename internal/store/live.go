package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

const liveColumns = `id, campaign_id, code, COALESCE(opened_by, 0), starts_at, ends_at`

func scanLive(r rowScanner) (*kindred.LiveSession, error) {
	var l kindred.LiveSession
	if err := r.Scan(&l.ID, &l.CampaignID, &l.Code, &l.OpenedBy, &l.StartsAt, &l.EndsAt); err != nil {
		return nil, err
	}
	l.StartsAt, l.EndsAt = l.StartsAt.UTC(), l.EndsAt.UTC()
	return &l, nil
}

// OpenLiveSession starts a live session of the campaign with code until
// until, ending the campaign's sessions still open (one room at a time).
// ECONFLICT when the code is taken.
func (tx *Tx) OpenLiveSession(ctx context.Context, campaignID, openedBy int64, code string, until time.Time) (*kindred.LiveSession, error) {
	if err := tx.EndLiveSessions(ctx, campaignID); err != nil {
		return nil, err
	}
	id, err := tx.insertID(ctx, `INSERT INTO live_sessions (campaign_id, code, opened_by, starts_at, ends_at) VALUES (?, ?, ?, ?, ?)`,
		campaignID, code, nullID(openedBy), tx.now, until)
	if err != nil {
		return nil, fmt.Errorf("open live session: %w", err)
	}
	return &kindred.LiveSession{ID: id, CampaignID: campaignID, Code: code, OpenedBy: openedBy, StartsAt: tx.now, EndsAt: until}, nil
}

// EndLiveSessions ends the campaign's live sessions that are still open.
func (tx *Tx) EndLiveSessions(ctx context.Context, campaignID int64) error {
	_, err := tx.exec(ctx, `UPDATE live_sessions SET ends_at = ? WHERE campaign_id = ? AND ends_at > ?`, tx.now, campaignID, tx.now)
	if err != nil {
		return fmt.Errorf("end live sessions: %w", err)
	}
	return nil
}

// LiveSession returns the live session of the campaign with code,
// whether open or not. ENOTFOUND when there is none.
func (s *Store) LiveSession(ctx context.Context, campaignID int64, code string) (*kindred.LiveSession, error) {
	l, err := scanLive(s.queryRow(ctx, `SELECT `+liveColumns+` FROM live_sessions WHERE campaign_id = ? AND code = ?`, campaignID, code))
	if err != nil {
		return nil, fmt.Errorf("live session: %w", s.d.translate(err))
	}
	return l, nil
}

// LiveSessionByID returns a live session. ENOTFOUND when there is none.
func (s *Store) LiveSessionByID(ctx context.Context, id int64) (*kindred.LiveSession, error) {
	l, err := scanLive(s.queryRow(ctx, `SELECT `+liveColumns+` FROM live_sessions WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("live session %d: %w", id, s.d.translate(err))
	}
	return l, nil
}

// OpenLiveSessionOf returns the campaign's live session open now.
// ENOTFOUND when none is.
func (s *Store) OpenLiveSessionOf(ctx context.Context, campaignID int64) (*kindred.LiveSession, error) {
	now := s.Now()
	l, err := scanLive(s.queryRow(ctx, `SELECT `+liveColumns+` FROM live_sessions
		WHERE campaign_id = ? AND starts_at <= ? AND ends_at > ? ORDER BY id DESC LIMIT 1`, campaignID, now, now))
	if err != nil {
		return nil, fmt.Errorf("open live session: %w", s.d.translate(err))
	}
	return l, nil
}

// FormStampUsed reports whether the form stamp with nonce was used.
func (s *Store) FormStampUsed(ctx context.Context, nonce string) (bool, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM form_stamps WHERE nonce = ?`, nonce).Scan(&n); err != nil {
		return false, fmt.Errorf("form stamp used: %w", s.d.translate(err))
	}
	return n > 0, nil
}

// UseFormStamp records that the form stamp with nonce was used, until
// expires (after which the stamp is refused for its age anyway), and
// forgets the nonces past their expiry. It reports false when the nonce
// was already used — by this instance or another sharing the database —
// so a form is sent at most once.
func (tx *Tx) UseFormStamp(ctx context.Context, campaignID int64, nonce string, expires time.Time) (bool, error) {
	if _, err := tx.exec(ctx, `DELETE FROM form_stamps WHERE expires_at < ?`, tx.now); err != nil {
		return false, fmt.Errorf("prune form stamps: %w", err)
	}
	res, err := tx.exec(ctx, `INSERT INTO form_stamps (nonce, campaign_id, expires_at) VALUES (?, ?, ?) ON CONFLICT (nonce) DO NOTHING`,
		nonce, campaignID, expires)
	if err != nil {
		return false, fmt.Errorf("use form stamp: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("use form stamp: %w", err)
	}
	return n == 1, nil
}
