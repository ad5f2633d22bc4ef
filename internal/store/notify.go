package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// NotifySettings returns how an account hears of each kind of news (kinds
// it never set are missing, which NotifySettings.Of reads as the default).
func (s *Store) NotifySettings(ctx context.Context, accountID int64) (kindred.NotifySettings, error) {
	rows, err := s.query(ctx, `SELECT kind, mode FROM notification_settings WHERE account_id = ?`, accountID)
	if err != nil {
		return nil, fmt.Errorf("notification settings: %w", err)
	}
	defer rows.Close()
	out := kindred.NotifySettings{}
	for rows.Next() {
		var k kindred.NotifyKind
		var m kindred.NotifyMode
		if err := rows.Scan(&k, &m); err != nil {
			return nil, fmt.Errorf("notification settings: %w", err)
		}
		out[k] = m
	}
	return out, rows.Err()
}

// SetNotify records how an account hears of one kind of news. A kind no
// longer sent as a digest drops what was waiting for the digest.
func (tx *Tx) SetNotify(ctx context.Context, accountID int64, kind kindred.NotifyKind, mode kindred.NotifyMode) error {
	_, err := tx.exec(ctx, `INSERT INTO notification_settings (account_id, kind, mode, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (account_id, kind) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at`,
		accountID, string(kind), string(mode), tx.now)
	if err != nil {
		return fmt.Errorf("set notification: %w", err)
	}
	if mode != kindred.NotifyDigest {
		if _, err := tx.exec(ctx, `DELETE FROM notification_digest_items WHERE account_id = ? AND reason = ?`,
			accountID, string(kind)); err != nil {
			return fmt.Errorf("set notification: %w", err)
		}
	}
	return nil
}

// AddDigestItem keeps a post for an account's next daily digest; reason is
// the kind of news it is (a post is kept once, for its first reason).
func (tx *Tx) AddDigestItem(ctx context.Context, accountID, postID int64, reason kindred.NotifyKind) error {
	_, err := tx.exec(ctx, `INSERT INTO notification_digest_items (account_id, post_id, reason, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (account_id, post_id) DO NOTHING`, accountID, postID, string(reason), tx.now)
	if err != nil {
		return fmt.Errorf("add digest item: %w", err)
	}
	return nil
}

// WaitingPost is a post waiting for an account's daily digest.
type WaitingPost struct {
	ID     int64 // the item's, in the order items were kept
	PostID int64
	Reason kindred.NotifyKind
}

// ConversationDigestsDue returns the accounts whose daily digest is due at
// now: they have posts waiting, and their last digest (or, before the
// first, their oldest waiting post) is at least every old.
func (s *Store) ConversationDigestsDue(ctx context.Context, now time.Time, every time.Duration) ([]int64, error) {
	ids, err := collectIDs(s.query(ctx, `SELECT i.account_id FROM notification_digest_items i
		LEFT JOIN notification_digests d ON d.account_id = i.account_id
		GROUP BY i.account_id, d.sent_at
		HAVING COALESCE(d.sent_at, MIN(i.created_at)) <= ?
		ORDER BY i.account_id`, now.Add(-every)))
	if err != nil {
		return nil, fmt.Errorf("digests due: %w", err)
	}
	return ids, nil
}

// DigestItems returns what waits for an account's digest, oldest first.
func (s *Store) DigestItems(ctx context.Context, accountID int64) ([]WaitingPost, error) {
	rows, err := s.query(ctx, `SELECT id, post_id, reason FROM notification_digest_items WHERE account_id = ? ORDER BY id`, accountID)
	if err != nil {
		return nil, fmt.Errorf("digest items: %w", err)
	}
	defer rows.Close()
	var out []WaitingPost
	for rows.Next() {
		var it WaitingPost
		if err := rows.Scan(&it.ID, &it.PostID, &it.Reason); err != nil {
			return nil, fmt.Errorf("digest items: %w", err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("digest items: %w", err)
	}
	return out, nil
}

// ClearDigestItems removes an account's digest items up to the item upTo
// (those DigestItems returned; later ones wait for the next digest) and
// records the digest as sent now.
func (tx *Tx) ClearDigestItems(ctx context.Context, accountID, upTo int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM notification_digest_items WHERE account_id = ? AND id <= ?`, accountID, upTo); err != nil {
		return fmt.Errorf("digest items: %w", err)
	}
	_, err := tx.exec(ctx, `INSERT INTO notification_digests (account_id, sent_at) VALUES (?, ?)
		ON CONFLICT (account_id) DO UPDATE SET sent_at = excluded.sent_at`, accountID, tx.now)
	if err != nil {
		return fmt.Errorf("mark digest: %w", err)
	}
	return nil
}
