package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// InviteRun is an "invite all N" being sent by background jobs: how many
// people it names, how many are done and how many of those were newly
// invited (the others had been invited or had answered already).
type InviteRun struct {
	ID          int64
	GatheringID int64
	Total       int
	Done        int
	Invited     int
	CreatedAt   time.Time
	FinishedAt  *time.Time
}

// Finished reports whether every batch of the run is done.
func (r *InviteRun) Finished() bool { return r.FinishedAt != nil }

// Percent is how far the run is, from 0 to 100.
func (r *InviteRun) Percent() int {
	if r.Total == 0 {
		return 100
	}
	return min(100, r.Done*100/r.Total)
}

// CreateInviteRun records a run inviting total people to a gathering.
func (tx *Tx) CreateInviteRun(ctx context.Context, gatheringID int64, total int, by int64) (int64, error) {
	var finished any
	if total == 0 {
		finished = tx.now
	}
	id, err := tx.insertID(ctx, `INSERT INTO invite_runs (gathering_id, total, created_by, created_at, finished_at) VALUES (?, ?, ?, ?, ?)`,
		gatheringID, total, nullInt(by), tx.now, finished)
	if err != nil {
		return 0, fmt.Errorf("create invite run: %w", err)
	}
	return id, nil
}

// AdvanceInviteRun counts a batch of done people (invited of them newly) and
// marks the run finished once all are done. A batch run twice (a retried
// job) never counts past the total.
func (tx *Tx) AdvanceInviteRun(ctx context.Context, id int64, done, invited int) error {
	_, err := tx.exec(ctx, `UPDATE invite_runs SET done = CASE WHEN done + ? > total THEN total ELSE done + ? END,
		invited = invited + ? WHERE id = ?`, done, done, invited, id)
	if err == nil {
		_, err = tx.exec(ctx, `UPDATE invite_runs SET finished_at = ? WHERE id = ? AND done >= total AND finished_at IS NULL`, tx.now, id)
	}
	if err != nil {
		return fmt.Errorf("advance invite run: %w", err)
	}
	return nil
}

// LatestInviteRun returns the gathering's latest run, ENOTFOUND when there
// has been none (or id names none of the gathering's, when id is not 0).
func (s *Store) LatestInviteRun(ctx context.Context, gatheringID, id int64) (*InviteRun, error) {
	q := `SELECT id, gathering_id, total, done, invited, created_at, finished_at FROM invite_runs WHERE gathering_id = ?`
	args := []any{gatheringID}
	if id != 0 {
		q, args = q+` AND id = ?`, append(args, id)
	}
	var r InviteRun
	var finished sql.NullTime
	err := s.queryRow(ctx, q+` ORDER BY id DESC LIMIT 1`, args...).Scan(&r.ID, &r.GatheringID, &r.Total, &r.Done, &r.Invited,
		&r.CreatedAt, &finished)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "No invitations are being sent.")
	}
	if err != nil {
		return nil, fmt.Errorf("invite run: %w", err)
	}
	if finished.Valid {
		t := finished.Time.UTC()
		r.FinishedAt = &t
	}
	r.CreatedAt = r.CreatedAt.UTC()
	return &r, nil
}

// EmailInvitation is an invitation by address to someone not in the
// directory.
type EmailInvitation struct {
	ID          int64
	GatheringID int64
	Email       string
	MemberID    int64 // once accepted
	CreatedAt   time.Time
	AcceptedAt  *time.Time
}

// InviteEmail records an invitation to the address (lower-cased); created
// is false when the address was already invited to the gathering.
func (tx *Tx) InviteEmail(ctx context.Context, gatheringID int64, email string, by int64) (id int64, created bool, err error) {
	email = strings.ToLower(strings.TrimSpace(email))
	res, err := tx.exec(ctx, `INSERT INTO email_invitations (gathering_id, email, invited_by, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (gathering_id, email) DO NOTHING`, gatheringID, email, nullInt(by), tx.now)
	if err != nil {
		return 0, false, fmt.Errorf("invite by email: %w", err)
	}
	n, _ := res.RowsAffected()
	err = tx.queryRow(ctx, `SELECT id FROM email_invitations WHERE gathering_id = ? AND email = ?`, gatheringID, email).Scan(&id)
	if err != nil {
		return 0, false, fmt.Errorf("invite by email: %w", err)
	}
	return id, n > 0, nil
}

const emailInvitationColumns = `SELECT id, gathering_id, email, COALESCE(member_id, 0), created_at, accepted_at FROM email_invitations`

func scanEmailInvitation(r rowScanner) (*EmailInvitation, error) {
	var e EmailInvitation
	var accepted sql.NullTime
	if err := r.Scan(&e.ID, &e.GatheringID, &e.Email, &e.MemberID, &e.CreatedAt, &accepted); err != nil {
		return nil, err
	}
	if accepted.Valid {
		t := accepted.Time.UTC()
		e.AcceptedAt = &t
	}
	e.CreatedAt = e.CreatedAt.UTC()
	return &e, nil
}

// EmailInvitation reads invitation id, ENOTFOUND when there is none.
func (s *Store) EmailInvitation(ctx context.Context, id int64) (*EmailInvitation, error) {
	e, err := scanEmailInvitation(s.queryRow(ctx, emailInvitationColumns+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "This invitation no longer exists.")
	}
	if err != nil {
		return nil, fmt.Errorf("email invitation: %w", err)
	}
	return e, nil
}

// EmailInvitations lists the gathering's invitations by address, oldest first.
func (s *Store) EmailInvitations(ctx context.Context, gatheringID int64) ([]*EmailInvitation, error) {
	rows, err := s.query(ctx, emailInvitationColumns+` WHERE gathering_id = ? ORDER BY id`, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("email invitations: %w", err)
	}
	defer rows.Close()
	var out []*EmailInvitation
	for rows.Next() {
		e, err := scanEmailInvitation(rows)
		if err != nil {
			return nil, fmt.Errorf("email invitations: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// AcceptEmailInvitation records that invitation id was accepted by member.
func (tx *Tx) AcceptEmailInvitation(ctx context.Context, id, memberID int64) error {
	return tx.execOne(ctx, "accept invitation", `UPDATE email_invitations SET member_id = ?, accepted_at = ? WHERE id = ?`,
		memberID, tx.now, id)
}

// DecodeMemberCursor reads the name and id a member list's cursor names
// (MemberCursor); ok is false for a cursor that is not one.
func DecodeMemberCursor(c string) (name string, id int64, ok bool) { return decodeCursor(c) }
