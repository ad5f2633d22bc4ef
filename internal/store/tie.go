package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

const tieColumns = `t.id, t.member_a, t.member_b, ma.name, mb.name, t.kind, t.source, t.source_ref, t.note, t.happened_on,
	t.status, t.hidden_by_a, t.hidden_by_b, COALESCE(t.awaiting, 0), t.created_at`

const tieFrom = ` FROM ties t JOIN members ma ON ma.id = t.member_a JOIN members mb ON mb.id = t.member_b`

// AddTie records a tie in the ledger and returns its id.
func (tx *Tx) AddTie(ctx context.Context, t kindred.Tie) (int64, error) {
	if err := t.Validate(); err != nil {
		return 0, err
	}
	id, err := tx.insertID(ctx, `INSERT INTO ties (member_a, member_b, kind, source, source_ref, note, happened_on, status,
		hidden_by_a, hidden_by_b, awaiting, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.A, t.B, string(t.Kind), string(t.Source), t.SourceRef, t.Note, t.HappenedOn.UTC().Format(time.DateOnly), t.Status,
		t.HiddenByA, t.HiddenByB, nullInt(t.Awaiting), tx.now)
	if err != nil {
		return 0, fmt.Errorf("add tie: %w", err)
	}
	return id, nil
}

// Tie returns one tie of the ledger. ENOTFOUND if there is none.
func (tx *Tx) Tie(ctx context.Context, id int64) (kindred.Tie, error) {
	ties, err := tx.ties(ctx, ` WHERE t.id = ?`, id)
	if err != nil {
		return kindred.Tie{}, err
	}
	if len(ties) == 0 {
		return kindred.Tie{}, fmt.Errorf("tie %d: %w", id, kindred.Errorf(kindred.ENOTFOUND, "No such connection."))
	}
	return ties[0], nil
}

// SelfReportedTies lists the self-reported ties between members a and b,
// oldest first, pending or not.
func (tx *Tx) SelfReportedTies(ctx context.Context, a, b int64) ([]kindred.Tie, error) {
	return tx.ties(ctx, ` WHERE t.member_a = ? AND t.member_b = ? AND t.kind = ? ORDER BY t.id`,
		min(a, b), max(a, b), string(kindred.TieSelfReported))
}

// ConfirmTie records that the member the tie awaited confirmed it: from
// now on it counts. ENOTFOUND when the tie awaits no one.
func (tx *Tx) ConfirmTie(ctx context.Context, id int64) error {
	return tx.execOne(ctx, "confirm tie", `UPDATE ties SET awaiting = NULL WHERE id = ? AND awaiting IS NOT NULL`, id)
}

// DeleteTie removes a tie from the ledger. ENOTFOUND if there is none.
func (tx *Tx) DeleteTie(ctx context.Context, id int64) error {
	return tx.execOne(ctx, "delete tie", `DELETE FROM ties WHERE id = ?`, id)
}

// SetTieHidden hides (or shows again) a tie on behalf of one of its members.
// ENOTFOUND when the member is not one of the tie's ends.
func (tx *Tx) SetTieHidden(ctx context.Context, tieID, memberID int64, hidden bool) error {
	return tx.execOne(ctx, "hide tie", `UPDATE ties SET
		hidden_by_a = CASE WHEN member_a = ? THEN ? ELSE hidden_by_a END,
		hidden_by_b = CASE WHEN member_b = ? THEN ? ELSE hidden_by_b END
		WHERE id = ? AND (member_a = ? OR member_b = ?)`, memberID, hidden, memberID, hidden, tieID, memberID, memberID)
}

// TiesOf lists a member's ties, newest first.
func (s *Store) TiesOf(ctx context.Context, memberID int64) ([]kindred.Tie, error) {
	return s.ties(ctx, ` WHERE t.member_a = ? OR t.member_b = ? ORDER BY t.happened_on DESC, t.id DESC`, memberID, memberID)
}

// LedgerFilter chooses the ties of the network's graph.
type LedgerFilter struct {
	Until      time.Time         // ties that happened on or before this day; zero means all
	SharedOnly bool              // leave out ties either member has hidden
	Kinds      []kindred.TieKind // only ties of these kinds; none means every kind
}

// where is the filter's condition on ties t: never faded ties, nor ones
// still awaiting a member's confirmation.
func (f LedgerFilter) where() (string, []any) {
	cond, args := ` WHERE t.status <> 'faded' AND t.awaiting IS NULL`, []any{}
	if !f.Until.IsZero() {
		cond += ` AND t.happened_on <= ?`
		args = append(args, f.Until.UTC().Format(time.DateOnly))
	}
	if f.SharedOnly {
		cond += ` AND t.hidden_by_a = ? AND t.hidden_by_b = ?`
		args = append(args, false, false)
	}
	if len(f.Kinds) > 0 {
		cond += ` AND t.kind IN (` + placeholders(len(f.Kinds)) + `)`
		for _, k := range f.Kinds {
			args = append(args, string(k))
		}
	}
	return cond, args
}

// Ledger returns the ties for the network's measures: never faded ones, nor
// ones still awaiting a member's confirmation.
func (s *Store) Ledger(ctx context.Context, f LedgerFilter) ([]kindred.Tie, error) {
	cond, args := f.where()
	return s.ties(ctx, cond+` ORDER BY t.id`, args...)
}

// LedgerTables are the tables EachLedgerTie and Ledger read, for caches of
// what they return (see Cached).
var LedgerTables = []string{"ties"}

// EachLedgerTie calls fn with each tie Ledger would return, in id order, but
// with only ID, A, B, Kind and HappenedOn set, one row at a time: the
// network's measures need no more, and on a ledger of millions of ties the
// full rows (names, notes) are most of the time and memory. It returns fn's
// first error, or the read's, wrapped.
func (s *Store) EachLedgerTie(ctx context.Context, f LedgerFilter, fn func(t kindred.Tie) error) error {
	cond, args := f.where()
	rows, err := s.query(ctx, `SELECT t.id, t.member_a, t.member_b, t.kind, t.happened_on FROM ties t`+cond+` ORDER BY t.id`, args...)
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	defer rows.Close()
	var day string
	var t kindred.Tie
	for rows.Next() {
		if err := rows.Scan(&t.ID, &t.A, &t.B, &t.Kind, &day); err != nil {
			return fmt.Errorf("ledger: %w", err)
		}
		if t.HappenedOn, err = time.Parse(time.DateOnly, day); err != nil {
			return fmt.Errorf("tie %d date %q: %w", t.ID, day, err)
		}
		if err := fn(t); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	return nil
}

func (s *Store) ties(ctx context.Context, where string, args ...any) ([]kindred.Tie, error) {
	rows, err := s.query(ctx, `SELECT `+tieColumns+tieFrom+where, args...)
	return scanTies(rows, err)
}

func (tx *Tx) ties(ctx context.Context, where string, args ...any) ([]kindred.Tie, error) {
	rows, err := tx.query(ctx, `SELECT `+tieColumns+tieFrom+where, args...)
	return scanTies(rows, err)
}

// scanTies reads tieColumns rows (and closes them).
func scanTies(rows *sql.Rows, err error) ([]kindred.Tie, error) {
	if err != nil {
		return nil, fmt.Errorf("ties: %w", err)
	}
	defer rows.Close()
	var out []kindred.Tie
	for rows.Next() {
		var t kindred.Tie
		var day string
		if err := rows.Scan(&t.ID, &t.A, &t.B, &t.AName, &t.BName, &t.Kind, &t.Source, &t.SourceRef, &t.Note, &day,
			&t.Status, &t.HiddenByA, &t.HiddenByB, &t.Awaiting, &t.CreatedAt); err != nil {
			return nil, fmt.Errorf("ties: %w", err)
		}
		if t.HappenedOn, err = time.Parse(time.DateOnly, day); err != nil {
			return nil, fmt.Errorf("tie %d date %q: %w", t.ID, day, err)
		}
		t.CreatedAt = t.CreatedAt.UTC()
		out = append(out, t)
	}
	return out, rows.Err()
}

// SnapshotRecord is one stored snapshot of the network's measures; Report is
// JSON written and read by the emergence package.
type SnapshotRecord struct {
	ID      int64
	TakenAt time.Time
	Members int
	Ties    int
	Stage   string
	Report  []byte
}

// SaveSnapshot stores a snapshot.
func (tx *Tx) SaveSnapshot(ctx context.Context, r SnapshotRecord) (int64, error) {
	id, err := tx.insertID(ctx, `INSERT INTO network_snapshots (taken_at, members, ties, stage, report, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		r.TakenAt.UTC().Truncate(time.Microsecond), r.Members, r.Ties, r.Stage, string(r.Report), tx.now)
	if err != nil {
		return 0, fmt.Errorf("save snapshot: %w", err)
	}
	return id, nil
}

// Snapshots returns the newest n snapshots, oldest first.
func (s *Store) Snapshots(ctx context.Context, n int) ([]SnapshotRecord, error) {
	rows, err := s.query(ctx, `SELECT id, taken_at, members, ties, stage, report FROM network_snapshots ORDER BY taken_at DESC, id DESC LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("snapshots: %w", err)
	}
	defer rows.Close()
	var out []SnapshotRecord
	for rows.Next() {
		var r SnapshotRecord
		var report string
		if err := rows.Scan(&r.ID, &r.TakenAt, &r.Members, &r.Ties, &r.Stage, &report); err != nil {
			return nil, fmt.Errorf("snapshots: %w", err)
		}
		r.TakenAt, r.Report = r.TakenAt.UTC(), []byte(report)
		out = append([]SnapshotRecord{r}, out...)
	}
	return out, rows.Err()
}

// MemberSummaryTables are the tables MemberSummaries reads.
var MemberSummaryTables = []string{"members", "affiliations", "organizations"}

// MemberSummaries returns every member as little as the network map needs
// them: id, account, name, city, visibility and primary affiliation (its
// organization's name only), in one query. Like every member, each is to be
// shown through VisibleTo.
func (s *Store) MemberSummaries(ctx context.Context) (map[int64]*kindred.Member, error) {
	rows, err := s.query(ctx, `SELECT m.id, COALESCE(m.account_id, 0), m.name, COALESCE(m.city_id, 0), m.visibility, COALESCE(o.name, '')
		FROM members m
		LEFT JOIN affiliations a ON a.member_id = m.id AND a.is_primary = ?
		LEFT JOIN organizations o ON o.id = a.organization_id`, true)
	if err != nil {
		return nil, fmt.Errorf("member summaries: %w", err)
	}
	defer rows.Close()
	out := map[int64]*kindred.Member{}
	for rows.Next() {
		m := &kindred.Member{}
		var vis, org string
		if err := rows.Scan(&m.ID, &m.AccountID, &m.Name, &m.CityID, &vis, &org); err != nil {
			return nil, fmt.Errorf("member summaries: %w", err)
		}
		if err := json.Unmarshal([]byte(vis), &m.Visibility); err != nil {
			return nil, fmt.Errorf("visibility of member %d: %w", m.ID, err)
		}
		if org != "" {
			m.Affiliations = []kindred.Affiliation{{MemberID: m.ID, OrganizationName: org, Primary: true}}
		}
		out[m.ID] = m
	}
	return out, rows.Err()
}

// SnapshotTables are the tables SnapshotIndex and SnapshotReport read.
var SnapshotTables = []string{"network_snapshots"}

// SnapshotIndex lists the newest n snapshots without their reports, oldest first.
func (s *Store) SnapshotIndex(ctx context.Context, n int) ([]SnapshotRecord, error) {
	rows, err := s.query(ctx, `SELECT id, taken_at, members, ties, stage FROM network_snapshots ORDER BY taken_at DESC, id DESC LIMIT ?`, n)
	if err != nil {
		return nil, fmt.Errorf("snapshot index: %w", err)
	}
	defer rows.Close()
	var out []SnapshotRecord
	for rows.Next() {
		var r SnapshotRecord
		if err := rows.Scan(&r.ID, &r.TakenAt, &r.Members, &r.Ties, &r.Stage); err != nil {
			return nil, fmt.Errorf("snapshot index: %w", err)
		}
		r.TakenAt = r.TakenAt.UTC()
		out = append([]SnapshotRecord{r}, out...)
	}
	return out, rows.Err()
}

// SnapshotReport returns one snapshot's report. ENOTFOUND if missing.
func (s *Store) SnapshotReport(ctx context.Context, id int64) ([]byte, error) {
	var report string
	if err := s.queryRow(ctx, `SELECT report FROM network_snapshots WHERE id = ?`, id).Scan(&report); err != nil {
		return nil, fmt.Errorf("snapshot %d: %w", id, s.d.translate(err))
	}
	return []byte(report), nil
}
