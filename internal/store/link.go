package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// Purposes of one-time links.
const (
	LinkSignIn = "signin" // signs an existing account in
	LinkSetup  = "setup"  // creates the first admin on an empty install
)

// CreateMagicLink stores a one-time link for accountID (nil for a setup link)
// valid for ttl, and returns its secret, which is not stored.
func (tx *Tx) CreateMagicLink(ctx context.Context, accountID *int64, purpose string, ttl time.Duration, redirect string) (string, error) {
	secret, hash := kindred.NewSecret("")
	_, err := tx.exec(ctx, `INSERT INTO magic_links (account_id, purpose, token_hash, redirect, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)`,
		accountID, purpose, hash, redirect, tx.now, tx.now.Add(ttl))
	if err != nil {
		return "", fmt.Errorf("create link: %w", err)
	}
	return secret, nil
}

// RevokeMagicLink deletes the link with that secret, if any: a link made
// for a message that could not be delivered must not stay usable.
func (tx *Tx) RevokeMagicLink(ctx context.Context, secret string) error {
	if _, err := tx.exec(ctx, `DELETE FROM magic_links WHERE token_hash = ?`, kindred.HashSecret(secret)); err != nil {
		return fmt.Errorf("revoke link: %w", err)
	}
	return nil
}

// MagicLink is a link found by its secret.
type MagicLink struct {
	AccountID int64 // 0 for setup links
	Redirect  string
}

// ConsumeMagicLink marks the link used and returns it. A link used before or
// past its expiry is an EGONE error saying which; an unknown one is ENOTFOUND.
func (tx *Tx) ConsumeMagicLink(ctx context.Context, secret, purpose string) (MagicLink, error) {
	var l MagicLink
	var acct sql.NullInt64
	err := tx.queryRow(ctx, `UPDATE magic_links SET used_at = ?
		WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?
		RETURNING account_id, redirect`, tx.now, kindred.HashSecret(secret), purpose, tx.now).Scan(&acct, &l.Redirect)
	if err == nil {
		l.AccountID = acct.Int64
		return l, nil
	}
	if err != sql.ErrNoRows {
		return l, fmt.Errorf("use link: %w", tx.d.translate(err))
	}
	return l, linkProblem(tx.queryRow(ctx, `SELECT used_at IS NOT NULL FROM magic_links WHERE token_hash = ? AND purpose = ?`,
		kindred.HashSecret(secret), purpose))
}

// CheckMagicLink tells whether a link could be used now, without using it,
// with the same errors as ConsumeMagicLink.
func (s *Store) CheckMagicLink(ctx context.Context, secret, purpose string) error {
	var used, expired bool
	err := s.queryRow(ctx, `SELECT used_at IS NOT NULL, expires_at <= ? FROM magic_links WHERE token_hash = ? AND purpose = ?`,
		s.Now(), kindred.HashSecret(secret), purpose).Scan(&used, &expired)
	switch {
	case err == sql.ErrNoRows:
		return kindred.Errorf(kindred.ENOTFOUND, "This link is not valid. Check that you copied all of it, or ask for a new one.")
	case err != nil:
		return fmt.Errorf("check link: %w", err)
	case used:
		return kindred.Errorf(kindred.EGONE, "This link has already been used. Each link works once; ask for a new one.")
	case expired:
		return kindred.Errorf(kindred.EGONE, "This link has expired. Ask for a new one.")
	}
	return nil
}

// linkProblem explains why a link could not be consumed.
func linkProblem(row *sql.Row) error {
	var used bool
	switch err := row.Scan(&used); {
	case err == sql.ErrNoRows:
		return kindred.Errorf(kindred.ENOTFOUND, "This link is not valid. Check that you copied all of it, or ask for a new one.")
	case err != nil:
		return fmt.Errorf("use link: %w", err)
	case used:
		return kindred.Errorf(kindred.EGONE, "This link has already been used. Each link works once; ask for a new one.")
	}
	return kindred.Errorf(kindred.EGONE, "This link has expired. Ask for a new one.")
}

// DeleteExpired removes expired sessions and links older than a day past expiry.
func (tx *Tx) DeleteExpired(ctx context.Context) error {
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE expiry < ?`, tx.now); err != nil {
		return fmt.Errorf("delete expired sessions: %w", err)
	}
	if _, err := tx.exec(ctx, `DELETE FROM magic_links WHERE expires_at < ?`, tx.now.Add(-24*time.Hour)); err != nil {
		return fmt.Errorf("delete expired links: %w", err)
	}
	return nil
}
