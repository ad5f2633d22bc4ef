package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Sessions is a session store for scs kept in the database, so several
// kindred serve instances share sign-ins.
type Sessions struct{ s *Store }

// Sessions returns the database-backed session store.
func (s *Store) Sessions() *Sessions { return &Sessions{s: s} }

// FindCtx returns a live session's data; found is false for a missing or
// expired one.
func (ss *Sessions) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := ss.s.queryRow(ctx, `SELECT data FROM sessions WHERE token = ? AND expiry > ?`, token, ss.s.Now()).Scan(&data)
	if err == sql.ErrNoRows {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("find session: %w", err)
	}
	return data, true, nil
}

// CommitCtx stores or replaces a session.
func (ss *Sessions) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	return ss.s.WithTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES (?, ?, ?)
			ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`,
			token, b, expiry.UTC().Truncate(time.Microsecond))
		if err != nil {
			return fmt.Errorf("commit session: %w", err)
		}
		return nil
	})
}

// DeleteCtx removes a session.
func (ss *Sessions) DeleteCtx(ctx context.Context, token string) error {
	return ss.s.WithTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM sessions WHERE token = ?`, token)
		return err
	})
}

// Find implements scs.Store; scs calls the Ctx variants.
func (ss *Sessions) Find(token string) ([]byte, bool, error) {
	return ss.FindCtx(context.Background(), token)
}

// Commit implements scs.Store.
func (ss *Sessions) Commit(token string, b []byte, expiry time.Time) error {
	return ss.CommitCtx(context.Background(), token, b, expiry)
}

// Delete implements scs.Store.
func (ss *Sessions) Delete(token string) error { return ss.DeleteCtx(context.Background(), token) }
