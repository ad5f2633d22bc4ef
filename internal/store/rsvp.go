package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

const rsvpColumns = `r.gathering_id, r.member_id, m.name, COALESCE(m.email, ''), r.status, r.answers,
	m.diet, m.accessibility, m.preferred_language, COALESCE(r.invited_by, 0), r.checked_in_at, r.created_at, r.updated_at`

const rsvpFrom = ` FROM rsvps r JOIN members m ON m.id = r.member_id`

func scanRSVP(r rowScanner) (*kindred.RSVP, error) {
	var v kindred.RSVP
	var answers string
	var checked sql.NullTime
	if err := r.Scan(&v.GatheringID, &v.MemberID, &v.MemberName, &v.Email, &v.Status, &answers,
		&v.Needs.Diet, &v.Needs.Accessibility, &v.Needs.PreferredLanguage, &v.InvitedBy, &checked,
		&v.CreatedAt, &v.UpdatedAt); err != nil {
		return nil, err
	}
	v.CheckedInAt = nullTime(checked)
	v.CreatedAt, v.UpdatedAt = v.CreatedAt.UTC(), v.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(answers), &v.Answers); err != nil {
		return nil, fmt.Errorf("answers of member %d: %w", v.MemberID, err)
	}
	return &v, nil
}

// RSVP records a member's answer to a gathering, safely under concurrency:
// the gathering row is locked for the transaction, so seats are counted and
// taken by one writer at a time on either engine. A "going" answer takes a
// seat when one is free, joins the end of the waitlist when none is, or
// waits for approval on curated gatherings (unless an organizer answers).
// A decline frees the seat and promotes the waitlist in order.
//
// Errors: ENOTFOUND for an unknown gathering or member; EINVALID when the
// gathering does not take RSVPs (draft, closed, held, cancelled) or the
// status is not one a member may give.
func (tx *Tx) RSVP(ctx context.Context, req kindred.RSVPRequest) (*kindred.RSVPResult, error) {
	if err := tx.d.lockGathering(ctx, tx, req.GatheringID); err != nil {
		return nil, fmt.Errorf("rsvp: %w", tx.d.translate(err))
	}
	g, err := tx.gatheringSeats(ctx, req.GatheringID)
	if err != nil {
		return nil, err
	}
	if err := g.AllowsRSVP(req); err != nil {
		return nil, err
	}
	prev, err := tx.currentRSVP(ctx, req.GatheringID, req.MemberID)
	if err != nil {
		return nil, err
	}
	next, err := tx.nextStatus(ctx, g, req, prev)
	if err != nil {
		return nil, err
	}
	res := &kindred.RSVPResult{Changed: prev != next || req.Answers != nil}
	if err := tx.writeRSVP(ctx, req, prev, next); err != nil {
		return nil, err
	}
	if prev == kindred.RSVPGoing && next != kindred.RSVPGoing {
		if res.Promoted, err = tx.promote(ctx, req.GatheringID); err != nil {
			return nil, err
		}
	}
	res.RSVP, err = tx.RSVPOf(ctx, req.GatheringID, req.MemberID)
	return res, err
}

func (tx *Tx) gatheringSeats(ctx context.Context, id int64) (*kindred.Gathering, error) {
	var g kindred.Gathering
	err := tx.queryRow(ctx, `SELECT id, title, capacity, status, approval_required FROM gatherings WHERE id = ?`, id).
		Scan(&g.ID, &g.Title, &g.Capacity, &g.Status, &g.ApprovalRequired)
	if err != nil {
		return nil, fmt.Errorf("gathering %d: %w", id, tx.d.translate(err))
	}
	if g.Going, err = tx.countSeated(ctx, id); err != nil {
		return nil, err
	}
	return &g, nil
}

// nextStatus decides where an answer lands given the seats left.
func (tx *Tx) nextStatus(ctx context.Context, g *kindred.Gathering, req kindred.RSVPRequest, prev kindred.RSVPStatus) (kindred.RSVPStatus, error) {
	if req.Status != kindred.RSVPGoing {
		return req.Status, nil
	}
	switch {
	case prev == kindred.RSVPGoing || prev == kindred.RSVPAttended:
		return prev, nil
	case prev == kindred.RSVPWaitlist && g.Going >= g.Capacity:
		return prev, nil // keep the place in line
	case prev == kindred.RSVPPending && !req.ByOrganizer:
		return prev, nil
	case g.ApprovalRequired && !req.ByOrganizer:
		return kindred.RSVPPending, nil
	case g.Going < g.Capacity:
		return kindred.RSVPGoing, nil
	}
	return kindred.RSVPWaitlist, nil
}

// currentRSVP returns the member's status, or "" when they have none. An
// unknown member is ENOTFOUND.
func (tx *Tx) currentRSVP(ctx context.Context, gatheringID, memberID int64) (kindred.RSVPStatus, error) {
	var st kindred.RSVPStatus
	err := tx.queryRow(ctx, `SELECT status FROM rsvps WHERE gathering_id = ? AND member_id = ?`, gatheringID, memberID).Scan(&st)
	if err == sql.ErrNoRows {
		var one int
		if err := tx.queryRow(ctx, `SELECT 1 FROM members WHERE id = ?`, memberID).Scan(&one); err != nil {
			return "", fmt.Errorf("member %d: %w", memberID, tx.d.translate(err))
		}
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("rsvp: %w", err)
	}
	return st, nil
}

// writeRSVP inserts or updates the row; joining the waitlist (or taking a
// seat) takes the next sequence number, which orders the line. The gathering
// is locked, so the number is not raced for.
func (tx *Tx) writeRSVP(ctx context.Context, req kindred.RSVPRequest, prev, next kindred.RSVPStatus) error {
	var seq int64
	if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM rsvps WHERE gathering_id = ?`, req.GatheringID).Scan(&seq); err != nil {
		return fmt.Errorf("rsvp: %w", err)
	}
	if prev == "" {
		_, err := tx.exec(ctx, `INSERT INTO rsvps (gathering_id, member_id, status, seq, answers, invited_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, req.GatheringID, req.MemberID, string(next), seq, jsonText(answersOrEmpty(req.Answers)),
			nullInt(0), tx.now, tx.now)
		if err != nil {
			return fmt.Errorf("rsvp: %w", err)
		}
		return nil
	}
	q := `UPDATE rsvps SET status = ?, updated_at = ?`
	args := []any{string(next), tx.now}
	if next != prev && (next == kindred.RSVPWaitlist || next == kindred.RSVPGoing) {
		q += `, seq = ?`
		args = append(args, seq)
	}
	if req.Answers != nil {
		q += `, answers = ?`
		args = append(args, jsonText(req.Answers))
	}
	return tx.execOne(ctx, "rsvp", q+` WHERE gathering_id = ? AND member_id = ?`, append(args, req.GatheringID, req.MemberID)...)
}

func answersOrEmpty(a map[string]string) map[string]string {
	if a == nil {
		return map[string]string{}
	}
	return a
}

// promote gives free seats to the waitlist, first in line first.
func (tx *Tx) promote(ctx context.Context, gatheringID int64) ([]*kindred.RSVP, error) {
	var capacity int
	if err := tx.queryRow(ctx, `SELECT capacity FROM gatherings WHERE id = ?`, gatheringID).Scan(&capacity); err != nil {
		return nil, fmt.Errorf("promote: %w", tx.d.translate(err))
	}
	going, err := tx.countSeated(ctx, gatheringID)
	if err != nil || going >= capacity {
		return nil, err
	}
	ids, err := collectIDs(tx.query(ctx, `SELECT member_id FROM rsvps WHERE gathering_id = ? AND status = 'waitlist'
		ORDER BY seq, member_id LIMIT ?`, gatheringID, capacity-going))
	if err != nil {
		return nil, fmt.Errorf("promote: %w", err)
	}
	var out []*kindred.RSVP
	for _, id := range ids {
		if err := tx.execOne(ctx, "promote", `UPDATE rsvps SET status = 'going', updated_at = ? WHERE gathering_id = ? AND member_id = ?`,
			tx.now, gatheringID, id); err != nil {
			return nil, err
		}
		v, err := tx.RSVPOf(ctx, gatheringID, id)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// demoteLatest moves the n latest seated guests to the front of the
// waitlist, keeping their relative order.
func (tx *Tx) demoteLatest(ctx context.Context, gatheringID int64, n int) ([]*kindred.RSVP, error) {
	ids, err := collectIDs(tx.query(ctx, `SELECT member_id FROM rsvps WHERE gathering_id = ? AND status = 'going'
		ORDER BY seq DESC, member_id DESC LIMIT ?`, gatheringID, n))
	if err != nil {
		return nil, fmt.Errorf("demote: %w", err)
	}
	var front int64
	if err := tx.queryRow(ctx, `SELECT COALESCE(MIN(seq), 0) FROM rsvps WHERE gathering_id = ?`, gatheringID).Scan(&front); err != nil {
		return nil, fmt.Errorf("demote: %w", err)
	}
	var out []*kindred.RSVP
	for i, id := range ids {
		// ids run latest first; the earliest of them goes first in line.
		seq := front - int64(i) - 1
		if err := tx.execOne(ctx, "demote", `UPDATE rsvps SET status = 'waitlist', seq = ?, updated_at = ? WHERE gathering_id = ? AND member_id = ?`,
			seq, tx.now, gatheringID, id); err != nil {
			return nil, err
		}
		v, err := tx.RSVPOf(ctx, gatheringID, id)
		if err != nil {
			return nil, err
		}
		out = append([]*kindred.RSVP{v}, out...)
	}
	return out, nil
}

// countSeated counts the seats taken: going, and already checked in.
func (tx *Tx) countSeated(ctx context.Context, gatheringID int64) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM rsvps WHERE gathering_id = ? AND status IN ('going', 'attended')`, gatheringID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count seats: %w", err)
	}
	return n, nil
}

func (tx *Tx) countStatus(ctx context.Context, gatheringID int64, st kindred.RSVPStatus) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM rsvps WHERE gathering_id = ? AND status = ?`, gatheringID, string(st)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", st, err)
	}
	return n, nil
}

// RSVPOf reads one RSVP inside the transaction. ENOTFOUND if none.
func (tx *Tx) RSVPOf(ctx context.Context, gatheringID, memberID int64) (*kindred.RSVP, error) {
	return readRSVP(ctx, tx, tx.d, gatheringID, memberID)
}

// RSVPOf returns a member's RSVP to a gathering. ENOTFOUND if none.
func (s *Store) RSVPOf(ctx context.Context, gatheringID, memberID int64) (*kindred.RSVP, error) {
	return readRSVP(ctx, s, s.d, gatheringID, memberID)
}

func readRSVP(ctx context.Context, r reader, d dialect, gatheringID, memberID int64) (*kindred.RSVP, error) {
	v, err := scanRSVP(r.queryRow(ctx, `SELECT `+rsvpColumns+rsvpFrom+` WHERE r.gathering_id = ? AND r.member_id = ?`, gatheringID, memberID))
	if err != nil {
		return nil, fmt.Errorf("rsvp: %w", d.translate(err))
	}
	return v, nil
}

// ListRSVPs lists a gathering's RSVPs: going first (in the order they said
// yes), then the waitlist in line order, then the rest by name. With
// statuses, only those.
func (s *Store) ListRSVPs(ctx context.Context, gatheringID int64, statuses ...kindred.RSVPStatus) ([]*kindred.RSVP, error) {
	return listRSVPs(ctx, s, gatheringID, statuses)
}

// ListRSVPs is Store.ListRSVPs inside the transaction.
func (tx *Tx) ListRSVPs(ctx context.Context, gatheringID int64, statuses ...kindred.RSVPStatus) ([]*kindred.RSVP, error) {
	return listRSVPs(ctx, tx, gatheringID, statuses)
}

func listRSVPs(ctx context.Context, s reader, gatheringID int64, statuses []kindred.RSVPStatus) ([]*kindred.RSVP, error) {
	q := `SELECT ` + rsvpColumns + rsvpFrom + ` WHERE r.gathering_id = ?`
	args := []any{gatheringID}
	if len(statuses) > 0 {
		q += ` AND r.status IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(statuses)), ", ") + `)`
		for _, st := range statuses {
			args = append(args, string(st))
		}
	}
	q += ` ORDER BY CASE r.status WHEN 'attended' THEN 0 WHEN 'going' THEN 0 WHEN 'no_show' THEN 0 WHEN 'waitlist' THEN 1
		WHEN 'pending' THEN 2 WHEN 'invited' THEN 3 ELSE 4 END, CASE WHEN r.status IN ('going', 'waitlist') THEN r.seq ELSE 0 END, m.name, r.member_id`
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list rsvps: %w", err)
	}
	defer rows.Close()
	var out []*kindred.RSVP
	for rows.Next() {
		v, err := scanRSVP(rows)
		if err != nil {
			return nil, fmt.Errorf("list rsvps: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Invitation is the outcome of inviting members.
type Invitation struct {
	Invited []*kindred.RSVP // newly invited, to email
	Already []int64         // already had an RSVP: left as they were
	NoEmail []string        // names of members without an email address
}

// Invite records invitations for members who have none yet. Members without
// an email address cannot be invited (they could not answer): when every
// member chosen lacks one it is an EINVALID naming them; otherwise they are
// listed in NoEmail and the others are invited.
func (tx *Tx) Invite(ctx context.Context, gatheringID int64, memberIDs []int64, invitedBy int64) (*Invitation, error) {
	inv := &Invitation{}
	for _, id := range uniqueIDs(memberIDs) {
		var name, email string
		err := tx.queryRow(ctx, `SELECT name, COALESCE(email, '') FROM members WHERE id = ?`, id).Scan(&name, &email)
		if err != nil {
			return nil, fmt.Errorf("invite member %d: %w", id, tx.d.translate(err))
		}
		if email == "" {
			inv.NoEmail = append(inv.NoEmail, name)
			continue
		}
		res, err := tx.exec(ctx, `INSERT INTO rsvps (gathering_id, member_id, status, seq, answers, invited_by, created_at, updated_at)
			VALUES (?, ?, 'invited', 0, '{}', ?, ?, ?) ON CONFLICT (gathering_id, member_id) DO NOTHING`,
			gatheringID, id, nullInt(invitedBy), tx.now, tx.now)
		if err != nil {
			return nil, fmt.Errorf("invite: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			inv.Already = append(inv.Already, id)
			continue
		}
		v, err := tx.RSVPOf(ctx, gatheringID, id)
		if err != nil {
			return nil, err
		}
		inv.Invited = append(inv.Invited, v)
	}
	if len(inv.NoEmail) > 0 && len(inv.Invited) == 0 && len(inv.Already) == 0 {
		return nil, &kindred.Error{Code: kindred.EINVALID,
			Message: "Nobody was invited: " + strings.Join(inv.NoEmail, ", ") + " has no email address, so they could not answer. Add one on their profile first.",
			Fields:  map[string]string{"member_ids": "members without an email address cannot be invited"}}
	}
	return inv, nil
}

// CheckIn marks a guest as arrived (attended) or undoes it (back to going).
// Only guests going (or already checked in) can be checked in: EINVALID
// otherwise; ENOTFOUND when the member has no RSVP.
func (tx *Tx) CheckIn(ctx context.Context, gatheringID, memberID int64, arrived bool) (*kindred.RSVP, error) {
	st, err := tx.currentRSVP(ctx, gatheringID, memberID)
	if err != nil {
		return nil, err
	}
	switch {
	case st == "":
		return nil, kindred.Errorf(kindred.ENOTFOUND, "That person has not answered this gathering.")
	case st != kindred.RSVPGoing && st != kindred.RSVPAttended && st != kindred.RSVPNoShow:
		return nil, kindred.Errorf(kindred.EINVALID, "Only guests who are going can be checked in (this one is %s).", st.Label())
	}
	next, at := kindred.RSVPGoing, any(nil)
	if arrived {
		next, at = kindred.RSVPAttended, tx.now
	}
	err = tx.execOne(ctx, "check in", `UPDATE rsvps SET status = ?, checked_in_at = ?, updated_at = ? WHERE gathering_id = ? AND member_id = ?`,
		string(next), at, tx.now, gatheringID, memberID)
	if err != nil {
		return nil, err
	}
	return tx.RSVPOf(ctx, gatheringID, memberID)
}

// MarkNoShows turns everyone still "going" into a no-show once a gathering
// is held, and returns how many.
func (tx *Tx) MarkNoShows(ctx context.Context, gatheringID int64) (int, error) {
	res, err := tx.exec(ctx, `UPDATE rsvps SET status = 'no_show', updated_at = ? WHERE gathering_id = ? AND status = 'going'`, tx.now, gatheringID)
	if err != nil {
		return 0, fmt.Errorf("no-shows: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// SetAttendance records who came to a gathering: of the guests going,
// checked in or marked no-show, those in came attended (keeping the time
// they were checked in at the door, if they were) and the others did not
// come. It changes no other answer (the waitlist, declines), so marking a
// gathering held and correcting it later never loses an RSVP. It returns
// the members who now count as having come and did not before.
func (tx *Tx) SetAttendance(ctx context.Context, gatheringID int64, came []int64) ([]int64, error) {
	rs, err := tx.ListRSVPs(ctx, gatheringID, kindred.RSVPGoing, kindred.RSVPAttended, kindred.RSVPNoShow)
	if err != nil {
		return nil, err
	}
	var newly []int64
	for _, r := range rs {
		next, at := kindred.RSVPNoShow, any(nil)
		if slices.Contains(came, r.MemberID) {
			next, at = kindred.RSVPAttended, tx.now
			if r.CheckedInAt != nil {
				at = *r.CheckedInAt
			}
		}
		if next == r.Status {
			continue
		}
		if next == kindred.RSVPAttended {
			newly = append(newly, r.MemberID)
		}
		err := tx.execOne(ctx, "attendance", `UPDATE rsvps SET status = ?, checked_in_at = ?, updated_at = ? WHERE gathering_id = ? AND member_id = ?`,
			string(next), at, tx.now, gatheringID, r.MemberID)
		if err != nil {
			return nil, err
		}
	}
	return newly, nil
}

// DueReminder names a guest to remind about a gathering.
type DueReminder struct{ GatheringID, MemberID int64 }

// DueReminders records and returns the going guests of open gatherings that
// start in (from, to] and have not yet had reminder kind. Recording happens
// in tx, so with the email scheduled in the same transaction each reminder
// goes out exactly once.
func (tx *Tx) DueReminders(ctx context.Context, kind string, from, to time.Time) ([]DueReminder, error) {
	rows, err := tx.query(ctx, `SELECT r.gathering_id, r.member_id FROM rsvps r JOIN gatherings g ON g.id = r.gathering_id
		WHERE g.status = 'open' AND r.status = 'going' AND g.starts_at > ? AND g.starts_at <= ?
		AND NOT EXISTS (SELECT 1 FROM gathering_reminders x WHERE x.gathering_id = r.gathering_id AND x.member_id = r.member_id AND x.kind = ?)
		ORDER BY r.gathering_id, r.member_id`, from, to, kind)
	if err != nil {
		return nil, fmt.Errorf("due reminders: %w", err)
	}
	var due []DueReminder
	for rows.Next() {
		var d DueReminder
		if err := rows.Scan(&d.GatheringID, &d.MemberID); err != nil {
			rows.Close()
			return nil, fmt.Errorf("due reminders: %w", err)
		}
		due = append(due, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, d := range due {
		if _, err := tx.exec(ctx, `INSERT INTO gathering_reminders (gathering_id, member_id, kind, sent_at) VALUES (?, ?, ?, ?)`,
			d.GatheringID, d.MemberID, kind, tx.now); err != nil {
			return nil, fmt.Errorf("record reminder: %w", err)
		}
	}
	return due, nil
}

// Attendance counts, for each of members, the gatherings they attended.
func (s *Store) Attendance(ctx context.Context, memberIDs []int64) (map[int64]int, error) {
	out := map[int64]int{}
	for start := 0; start < len(memberIDs); start += 500 {
		chunk := memberIDs[start:min(start+500, len(memberIDs))]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := s.query(ctx, `SELECT member_id, COUNT(*) FROM rsvps WHERE status = 'attended' AND member_id IN (`+
			strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")+`) GROUP BY member_id`, args...)
		if err != nil {
			return nil, fmt.Errorf("attendance: %w", err)
		}
		for rows.Next() {
			var id int64
			var n int
			if err := rows.Scan(&id, &n); err != nil {
				rows.Close()
				return nil, fmt.Errorf("attendance: %w", err)
			}
			out[id] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
