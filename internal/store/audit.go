package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// AuditEntry is one recorded organizer or admin action.
type AuditEntry struct {
	ID        int64
	AccountID *int64
	Action    string
	Subject   string
	Detail    string
	CreatedAt time.Time
}

// Audit records an action by actorID (0 for the system or the command line).
func (tx *Tx) Audit(ctx context.Context, actorID int64, action, subject, detail string) error {
	var actor any
	if actorID != 0 {
		actor = actorID
	}
	if _, err := tx.exec(ctx, `INSERT INTO audit_log (account_id, action, subject, detail, created_at) VALUES (?, ?, ?, ?, ?)`,
		actor, action, subject, detail, tx.now); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// AuditLog returns the newest entries first.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := s.query(ctx, `SELECT id, account_id, action, subject, detail, created_at FROM audit_log ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var actor sql.NullInt64
		if err := rows.Scan(&e.ID, &actor, &e.Action, &e.Subject, &e.Detail, &e.CreatedAt); err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		if actor.Valid {
			e.AccountID = &actor.Int64
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
