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

// AuditLog returns the newest limit entries, newest first.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]AuditEntry, error) {
	entries, _, err := s.AuditPage(ctx, 0, limit)
	return entries, err
}

// AuditPage returns a page of at most limit entries, newest first, older
// than the entry with id before (0: from the newest), and the cursor of the
// next page: the id of its last entry, 0 when no older entry is left.
func (s *Store) AuditPage(ctx context.Context, before int64, limit int) ([]AuditEntry, int64, error) {
	q, args := `SELECT id, account_id, action, subject, detail, created_at FROM audit_log`, []any{}
	if before > 0 {
		q, args = q+` WHERE id < ?`, append(args, before)
	}
	rows, err := s.query(ctx, q+` ORDER BY id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, 0, fmt.Errorf("audit log: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var actor sql.NullInt64
		if err := rows.Scan(&e.ID, &actor, &e.Action, &e.Subject, &e.Detail, &e.CreatedAt); err != nil {
			return nil, 0, fmt.Errorf("audit log: %w", err)
		}
		if actor.Valid {
			e.AccountID = &actor.Int64
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("audit log: %w", err)
	}
	if len(out) <= limit {
		return out, 0, nil
	}
	out = out[:limit]
	return out, out[limit-1].ID, nil
}

// CountAudit returns how many entries the audit log holds.
func (s *Store) CountAudit(ctx context.Context) (int, error) {
	var n int
	if err := s.queryRow(ctx, `SELECT count(*) FROM audit_log`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count audit log: %w", err)
	}
	return n, nil
}
