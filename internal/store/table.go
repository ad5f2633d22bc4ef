package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// SaveTablePlan stores p as its gathering's table plan, replacing the plan's
// figures and every seat, on behalf of p.ChangedBy. p.Revision is the
// revision the change was made against (0 when there was no plan yet): when
// the stored plan is at another revision, it returns *kindred.PlanChanged
// (ECONFLICT) and writes nothing. A locked plan, or one whose pairs are
// already in the ledger, is ECONFLICT; a bad shape is EINVALID. The caller's
// p gets its new revision and the stored timestamps.
func (tx *Tx) SaveTablePlan(ctx context.Context, p *kindred.TablePlan) error {
	if err := p.Validate(); err != nil {
		return err
	}
	if err := tx.d.lockGathering(ctx, tx, p.GatheringID); err != nil {
		return fmt.Errorf("save table plan: %w", tx.d.translate(err))
	}
	if err := tx.refuseFinalPlan(ctx, p.GatheringID); err != nil {
		return err
	}
	if err := tx.writePlanRow(ctx, p); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM table_seats WHERE gathering_id = ?`, p.GatheringID); err != nil {
		return fmt.Errorf("save table plan seats: %w", err)
	}
	for _, s := range p.Seats {
		if _, err := tx.exec(ctx, `INSERT INTO table_seats (gathering_id, round, table_no, member_id, pinned) VALUES (?, ?, ?, ?, ?)`,
			p.GatheringID, s.Round, s.Table, s.MemberID, s.Pinned); err != nil {
			return fmt.Errorf("save table plan seat of member %d: %w", s.MemberID, err)
		}
	}
	return tx.queryRow(ctx, `SELECT revision, created_at, updated_at FROM table_plans WHERE gathering_id = ?`, p.GatheringID).
		Scan(&p.Revision, &p.CreatedAt, &p.UpdatedAt)
}

// writePlanRow inserts the plan's row when p.Revision is 0, or updates it
// when the stored revision is still p.Revision; the condition is part of the
// statement, so no change made since can be overwritten.
func (tx *Tx) writePlanRow(ctx context.Context, p *kindred.TablePlan) error {
	summary, _ := json.Marshal(p.Summary) // a struct of numbers always marshals
	if p.Revision == 0 {
		res, err := tx.exec(ctx, `INSERT INTO table_plans (gathering_id, rounds, table_size, seed, by_language, by_theme, summary, revision,
			changed_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (gathering_id) DO NOTHING`,
			p.GatheringID, p.Rounds, p.TableSize, p.Seed, p.ByLanguage, p.ByTheme, string(summary), nullInt(p.ChangedBy), tx.now, tx.now)
		return tx.planWritten(ctx, "save table plan", res, err, p.GatheringID, 0)
	}
	return tx.changePlan(ctx, planChange{what: "save table plan", gatheringID: p.GatheringID, by: p.ChangedBy, against: p.Revision,
		set:  `rounds = ?, table_size = ?, seed = ?, by_language = ?, by_theme = ?, summary = ?`,
		args: []any{p.Rounds, p.TableSize, p.Seed, p.ByLanguage, p.ByTheme, string(summary)}})
}

// planChange is a conditional update of a gathering's plan row: a new
// revision made by account by, on condition that the stored revision is
// still against.
type planChange struct {
	what        string // for errors: "lock table plan"
	gatheringID int64
	by          int64 // account id; 0 for none
	against     int
	set         string // the SET assignments of the change itself
	args        []any  // set's arguments
	cond        string // a further condition that may hold the row back without an error; "" for none
}

// changePlan applies c. It returns *kindred.PlanChanged when the plan is at
// another revision than c.against, ENOTFOUND when there is none, and nil when
// only c.cond held the row back.
func (tx *Tx) changePlan(ctx context.Context, c planChange) error {
	q := `UPDATE table_plans SET ` + c.set + `, revision = revision + 1, changed_by = ?, updated_at = ?
		WHERE gathering_id = ? AND revision = ?` + c.cond
	res, err := tx.exec(ctx, q, append(c.args, nullInt(c.by), tx.now, c.gatheringID, c.against)...)
	return tx.planWritten(ctx, c.what, res, err, c.gatheringID, c.against)
}

// planWritten checks the outcome of a conditional write of the gathering's
// plan row: no row written means no plan, a newer revision than against, or
// (same revision) a condition of the caller's own that held the row back.
func (tx *Tx) planWritten(ctx context.Context, what string, res sql.Result, err error, gatheringID int64, against int) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	p, err := readPlanHead(ctx, tx, tx.d, gatheringID)
	if err != nil {
		return err
	}
	if p.Revision != against {
		return p.Changed()
	}
	return nil
}

// refuseFinalPlan returns ECONFLICT when the gathering's plan is locked or
// already written to the ledger, and nil when there is no plan yet.
func (tx *Tx) refuseFinalPlan(ctx context.Context, gatheringID int64) error {
	var locked, written sql.NullTime
	err := tx.queryRow(ctx, `SELECT locked_at, ties_written_at FROM table_plans WHERE gathering_id = ?`, gatheringID).
		Scan(&locked, &written)
	switch {
	case err == sql.ErrNoRows:
		return nil
	case err != nil:
		return fmt.Errorf("table plan state: %w", tx.d.translate(err))
	}
	return (&kindred.TablePlan{LockedAt: nullTime(locked), TiesWrittenAt: nullTime(written)}).Final()
}

// LockTablePlan makes the gathering's plan final, on behalf of accountID,
// who saw it at revision against. ENOTFOUND when the gathering has no plan;
// *kindred.PlanChanged when it has changed since; locking a locked plan
// keeps the first lock.
func (tx *Tx) LockTablePlan(ctx context.Context, gatheringID, accountID int64, against int) error {
	if err := tx.d.lockGathering(ctx, tx, gatheringID); err != nil {
		return fmt.Errorf("lock table plan: %w", tx.d.translate(err))
	}
	return tx.changePlan(ctx, planChange{what: "lock table plan", gatheringID: gatheringID, by: accountID, against: against,
		set: `locked_at = ?, locked_by = ?`, args: []any{tx.now, nullInt(accountID)}, cond: ` AND locked_at IS NULL`})
}

// UnlockTablePlan lets the gathering's plan change again, on behalf of
// accountID, who saw it at revision against. ENOTFOUND when there is no
// plan; ECONFLICT once its pairs are in the ledger; *kindred.PlanChanged when
// it has changed since. Unlocking an unlocked plan changes nothing.
func (tx *Tx) UnlockTablePlan(ctx context.Context, gatheringID, accountID int64, against int) error {
	if err := tx.d.lockGathering(ctx, tx, gatheringID); err != nil {
		return fmt.Errorf("unlock table plan: %w", tx.d.translate(err))
	}
	var written sql.NullTime
	err := tx.queryRow(ctx, `SELECT ties_written_at FROM table_plans WHERE gathering_id = ?`, gatheringID).Scan(&written)
	if err != nil {
		return noPlan(fmt.Errorf("unlock table plan: %w", tx.d.translate(err)))
	}
	if written.Valid {
		return kindred.Errorf(kindred.ECONFLICT, "The table pairs of this gathering are already in the relationship ledger, so its plan stays locked.")
	}
	return tx.changePlan(ctx, planChange{what: "unlock table plan", gatheringID: gatheringID, by: accountID, against: against,
		set: `locked_at = NULL, locked_by = NULL`, cond: ` AND locked_at IS NOT NULL`})
}

// noPlan rewords a not-found error for a gathering without a table plan.
func noPlan(err error) error {
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return &kindred.Error{Code: kindred.ENOTFOUND, Message: "This gathering has no table plan yet."}
	}
	return err
}

// TablePlan returns the gathering's table plan with its seats, ordered by
// round, table and member. ENOTFOUND when the gathering has none.
func (s *Store) TablePlan(ctx context.Context, gatheringID int64) (*kindred.TablePlan, error) {
	return readTablePlan(ctx, s, s.d, gatheringID)
}

// TablePlan reads the gathering's table plan inside the transaction.
// ENOTFOUND when the gathering has none.
func (tx *Tx) TablePlan(ctx context.Context, gatheringID int64) (*kindred.TablePlan, error) {
	return readTablePlan(ctx, tx, tx.d, gatheringID)
}

func readTablePlan(ctx context.Context, r reader, d dialect, gatheringID int64) (*kindred.TablePlan, error) {
	p, err := readPlanHead(ctx, r, d, gatheringID)
	if err != nil {
		return nil, err
	}
	if p.Seats, err = readSeats(ctx, r, gatheringID); err != nil {
		return nil, err
	}
	return p, nil
}

// readPlanHead reads the gathering's plan without its seats. ENOTFOUND when
// there is none.
func readPlanHead(ctx context.Context, r reader, d dialect, gatheringID int64) (*kindred.TablePlan, error) {
	p := kindred.TablePlan{GatheringID: gatheringID}
	var summary string
	var locked, written sql.NullTime
	err := r.queryRow(ctx, `SELECT p.revision, COALESCE(p.changed_by, 0), COALESCE(NULLIF(c.name, ''), c.email, ''),
		p.rounds, p.table_size, p.seed, p.by_language, p.by_theme, p.summary, p.locked_at, COALESCE(p.locked_by, 0),
		COALESCE(NULLIF(a.name, ''), a.email, ''), p.ties_written_at, p.created_at, p.updated_at
		FROM table_plans p LEFT JOIN accounts a ON a.id = p.locked_by LEFT JOIN accounts c ON c.id = p.changed_by
		WHERE p.gathering_id = ?`, gatheringID).
		Scan(&p.Revision, &p.ChangedBy, &p.ChangedByName, &p.Rounds, &p.TableSize, &p.Seed, &p.ByLanguage, &p.ByTheme, &summary, &locked,
			&p.LockedBy, &p.LockedByName, &written, &p.CreatedAt, &p.UpdatedAt)
	if err != nil {
		return nil, noPlan(fmt.Errorf("table plan of gathering %d: %w", gatheringID, d.translate(err)))
	}
	p.LockedAt, p.TiesWrittenAt = nullTime(locked), nullTime(written)
	p.CreatedAt, p.UpdatedAt = p.CreatedAt.UTC(), p.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(summary), &p.Summary); err != nil {
		return nil, fmt.Errorf("table plan summary of gathering %d: %w", gatheringID, err)
	}
	return &p, nil
}

func readSeats(ctx context.Context, r reader, gatheringID int64) ([]kindred.Seat, error) {
	rows, err := r.query(ctx, `SELECT round, table_no, member_id, pinned FROM table_seats WHERE gathering_id = ?
		ORDER BY round, table_no, member_id`, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("table seats: %w", err)
	}
	defer rows.Close()
	var out []kindred.Seat
	for rows.Next() {
		var st kindred.Seat
		if err := rows.Scan(&st.Round, &st.Table, &st.MemberID, &st.Pinned); err != nil {
			return nil, fmt.Errorf("table seats: %w", err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// TableMates lists the members seated at the gathering's physical table
// (numbered from 1) in any round, in ascending id order; none when the table
// or the plan does not exist.
func (s *Store) TableMates(ctx context.Context, gatheringID int64, table int) ([]int64, error) {
	ids, err := collectIDs(s.query(ctx, `SELECT DISTINCT member_id FROM table_seats WHERE gathering_id = ? AND table_no = ?
		ORDER BY member_id`, gatheringID, table))
	if err != nil {
		return nil, fmt.Errorf("table mates: %w", err)
	}
	return ids, nil
}

// TableOf lists the tables (numbered from 1, ascending) where the member sat
// at the gathering in any round; none when they were not seated.
func (s *Store) TableOf(ctx context.Context, gatheringID, memberID int64) ([]int, error) {
	ids, err := collectIDs(s.query(ctx, `SELECT DISTINCT table_no FROM table_seats WHERE gathering_id = ? AND member_id = ?
		ORDER BY table_no`, gatheringID, memberID))
	if err != nil {
		return nil, fmt.Errorf("table of member: %w", err)
	}
	out := make([]int, len(ids))
	for i, id := range ids {
		out[i] = int(id)
	}
	return out, nil
}

// WriteTableTies records in the ledger one sat_together tie for each pair of
// guests who shared a table at the gathering, in any round, once per pair,
// dated the gathering's local day and named after it, and marks the plan
// written so a second call writes nothing; marking it written is a new
// revision of the plan, made by no one. Guests whose RSVP is no longer
// going or attended (no-shows) get no ties. It returns the number of ties
// written and whether they had been written before; ENOTFOUND when the
// gathering has no table plan.
func (tx *Tx) WriteTableTies(ctx context.Context, gatheringID int64) (written int, already bool, err error) {
	if err := tx.d.lockGathering(ctx, tx, gatheringID); err != nil {
		return 0, false, fmt.Errorf("write table ties: %w", tx.d.translate(err))
	}
	p, err := tx.TablePlan(ctx, gatheringID)
	if err != nil || p.TiesWrittenAt != nil {
		return 0, err == nil, err
	}
	g, err := tx.Gathering(ctx, gatheringID)
	if err != nil {
		return 0, false, err
	}
	came, err := tx.seatedGuests(ctx, gatheringID)
	if err != nil {
		return 0, false, err
	}
	day := g.LocalDay()
	for _, pair := range p.TablePairs() {
		if !came[pair[0]] || !came[pair[1]] {
			continue
		}
		if _, err := tx.AddTie(ctx, kindred.Tie{A: pair[0], B: pair[1], Kind: kindred.TieSatTogether,
			Source: kindred.SourceGathering, SourceRef: g.Title, HappenedOn: day}); err != nil {
			return 0, false, fmt.Errorf("write table ties: %w", err)
		}
		written++
	}
	err = tx.changePlan(ctx, planChange{what: "write table ties", gatheringID: gatheringID, against: p.Revision,
		set: `ties_written_at = ?`, args: []any{tx.now}})
	return written, false, err
}

// seatedGuests is the set of members whose RSVP to the gathering says they
// are coming or came.
func (tx *Tx) seatedGuests(ctx context.Context, gatheringID int64) (map[int64]bool, error) {
	ids, err := collectIDs(tx.query(ctx, `SELECT member_id FROM rsvps WHERE gathering_id = ? AND status IN ('going', 'attended')`,
		gatheringID))
	if err != nil {
		return nil, fmt.Errorf("seated guests: %w", err)
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// SatTogetherCounts returns, for each pair of the given members (keyed
// {a, b} with a < b), how many sat_together ties the ledger holds between
// them from before the day before (not faded); pairs that never sat
// together are absent. A gathering passes its own day, so the ties its
// plan wrote do not count as history against that plan.
func (s *Store) SatTogetherCounts(ctx context.Context, memberIDs []int64, before time.Time) (map[[2]int64]int, error) {
	out := map[[2]int64]int{}
	if len(memberIDs) < 2 {
		return out, nil
	}
	in := placeholders(len(memberIDs))
	args := make([]any, 0, 2*len(memberIDs)+2)
	args = append(args, string(kindred.TieSatTogether), before.UTC().Format(time.DateOnly))
	for range 2 {
		for _, id := range memberIDs {
			args = append(args, id)
		}
	}
	rows, err := s.query(ctx, `SELECT member_a, member_b, COUNT(*) FROM ties WHERE kind = ? AND happened_on < ? AND status <> 'faded' AND member_a IN (`+in+`)
		AND member_b IN (`+in+`) GROUP BY member_a, member_b`, args...)
	if err != nil {
		return nil, fmt.Errorf("sat together counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a, b int64
		var n int
		if err := rows.Scan(&a, &b, &n); err != nil {
			return nil, fmt.Errorf("sat together counts: %w", err)
		}
		out[[2]int64{min(a, b), max(a, b)}] += n
	}
	return out, rows.Err()
}

// placeholders returns n comma-separated ? placeholders for an IN list.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// SeatingGuests lists the gathering's RSVPs as ListRSVPs does, with what the
// table composer needs of each guest filled in as well: their primary
// organization (Affiliation) and the languages they speak.
func (s *Store) SeatingGuests(ctx context.Context, gatheringID int64) ([]*kindred.RSVP, error) {
	rsvps, err := s.ListRSVPs(ctx, gatheringID)
	if err != nil {
		return nil, err
	}
	byMember := make(map[int64]*kindred.RSVP, len(rsvps))
	for _, v := range rsvps {
		byMember[v.MemberID] = v
	}
	if err := s.addAffiliations(ctx, gatheringID, byMember); err != nil {
		return nil, err
	}
	return rsvps, s.addLanguages(ctx, gatheringID, byMember)
}

// addAffiliations fills in the primary organization of each guest; when the
// data hold more than one, the first by name.
func (s *Store) addAffiliations(ctx context.Context, gatheringID int64, guests map[int64]*kindred.RSVP) error {
	rows, err := s.query(ctx, `SELECT a.member_id, o.name FROM rsvps r
		JOIN affiliations a ON a.member_id = r.member_id AND a.is_primary = ?
		JOIN organizations o ON o.id = a.organization_id
		WHERE r.gathering_id = ? ORDER BY a.member_id, o.name`, true, gatheringID)
	if err != nil {
		return fmt.Errorf("seating affiliations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var org string
		if err := rows.Scan(&id, &org); err != nil {
			return fmt.Errorf("seating affiliations: %w", err)
		}
		if v := guests[id]; v != nil && v.Affiliation == "" {
			v.Affiliation = org
		}
	}
	return rows.Err()
}

func (s *Store) addLanguages(ctx context.Context, gatheringID int64, guests map[int64]*kindred.RSVP) error {
	rows, err := s.query(ctx, `SELECT v.member_id, v.value FROM member_values v
		JOIN rsvps r ON r.member_id = v.member_id AND r.gathering_id = ?
		WHERE v.kind = 'language' ORDER BY v.member_id, v.position`, gatheringID)
	if err != nil {
		return fmt.Errorf("seating languages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var lang string
		if err := rows.Scan(&id, &lang); err != nil {
			return fmt.Errorf("seating languages: %w", err)
		}
		if v := guests[id]; v != nil {
			v.Languages = append(v.Languages, lang)
		}
	}
	return rows.Err()
}
