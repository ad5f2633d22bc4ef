package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// APITokenPrefix starts every API token, so leaked ones are easy to spot.
const APITokenPrefix = "kdt_"

// CreateAPIToken stores a new API token named name for the account and returns
// the secret (shown once) with the token's description.
func (tx *Tx) CreateAPIToken(ctx context.Context, accountID int64, name string) (string, *kindred.APIToken, error) {
	var p kindred.Problems
	name = kindred.ValidateTokenName(name, "name", &p)
	if err := p.Err(); err != nil {
		return "", nil, err
	}
	secret, hash := kindred.NewSecret(APITokenPrefix)
	prefix := secret[:len(APITokenPrefix)+6]
	id, err := tx.insertID(ctx, `INSERT INTO api_tokens (account_id, name, prefix, token_hash, created_at) VALUES (?, ?, ?, ?, ?)`,
		accountID, name, prefix, hash, tx.now)
	if err != nil {
		return "", nil, fmt.Errorf("create token: %w", err)
	}
	return secret, &kindred.APIToken{ID: id, AccountID: accountID, Name: name, Prefix: prefix, CreatedAt: tx.now}, nil
}

// APITokens lists the account's tokens that are not revoked, newest first.
func (s *Store) APITokens(ctx context.Context, accountID int64) ([]kindred.APIToken, error) {
	rows, err := s.query(ctx, `SELECT id, account_id, name, prefix, created_at, last_used_at FROM api_tokens
		WHERE account_id = ? AND revoked_at IS NULL ORDER BY created_at DESC, id DESC`, accountID)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	var out []kindred.APIToken
	for rows.Next() {
		var t kindred.APIToken
		var used sql.NullTime
		if err := rows.Scan(&t.ID, &t.AccountID, &t.Name, &t.Prefix, &t.CreatedAt, &used); err != nil {
			return nil, fmt.Errorf("list tokens: %w", err)
		}
		t.LastUsedAt = nullTime(used)
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes one of the account's tokens. ENOTFOUND if it is not theirs.
func (tx *Tx) RevokeAPIToken(ctx context.Context, accountID, tokenID int64) error {
	return tx.execOne(ctx, "revoke token", `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL`,
		tx.now, tokenID, accountID)
}

// TokenOwner returns the account id of a valid (unrevoked) token and when it
// was last used. EUNAUTHORIZED for an unknown or revoked token.
// Valid tokens are cached until a token changes (use, revocation; see Cached).
func (s *Store) TokenOwner(ctx context.Context, secret string) (tokenID, accountID int64, lastUsed *time.Time, err error) {
	hash := kindred.HashSecret(secret)
	t, err := s.caches.tokens.Get(s, hash, []string{"api_tokens", "accounts"}, func() (tokenOwner, error) { return s.loadTokenOwner(ctx, hash) })
	return t.tokenID, t.accountID, t.lastUsed, err
}

// tokenOwner is what TokenOwner returns.
type tokenOwner struct {
	tokenID, accountID int64
	lastUsed           *time.Time
}

func (s *Store) loadTokenOwner(ctx context.Context, hash string) (tokenOwner, error) {
	var t tokenOwner
	var used sql.NullTime
	err := s.queryRow(ctx, `SELECT id, account_id, last_used_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL`,
		hash).Scan(&t.tokenID, &t.accountID, &used)
	if err == sql.ErrNoRows {
		return t, kindred.Errorf(kindred.EUNAUTHORIZED, "The API token is not valid or has been revoked.")
	}
	if err != nil {
		return t, fmt.Errorf("check token: %w", err)
	}
	t.lastUsed = nullTime(used)
	return t, nil
}

// TouchAPIToken records that a token was used.
func (tx *Tx) TouchAPIToken(ctx context.Context, tokenID int64) error {
	_, err := tx.exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, tx.now, tokenID)
	return err
}
