package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// ErrBulkNeedsPostgres is BulkLoad's answer on SQLite: loading millions of
// rows at once is what PostgreSQL's COPY is for.
var ErrBulkNeedsPostgres = errors.New("bulk loading needs PostgreSQL (KINDRED_DB=postgres://…)")

// bulkTx is one bulk load's transaction, as the dialect provides it.
type bulkTx interface {
	// copyRows writes rows into table's columns with COPY.
	copyRows(ctx context.Context, table string, columns []string, rows [][]any) error
	// exec runs a statement ($n placeholders).
	exec(ctx context.Context, q string, args ...any) error
	// queryInt runs a query answering one integer.
	queryInt(ctx context.Context, q string, args ...any) (int64, error)
}

// Bulk writes large generated data sets (the xlarge demo) in one
// transaction with COPY: the same rows the Tx methods write, without their
// one-statement-per-row cost, and without their checks — the caller hands
// in valid values. Methods take batches; each assigns the ids of what it
// stores.
type Bulk struct {
	tx  bulkTx
	now time.Time
	ids map[string]int64 // next id per table, once asked
}

// BulkLoad runs fn with a Bulk in one transaction, committed when fn returns
// nil. It returns ErrBulkNeedsPostgres on SQLite. Every cached read is
// dropped afterwards.
func (s *Store) BulkLoad(ctx context.Context, fn func(b *Bulk) error) error {
	b := &Bulk{now: s.Now(), ids: map[string]int64{}}
	err := s.d.bulk(ctx, s.write, func(tx bulkTx) error {
		b.tx = tx
		if err := fn(b); err != nil {
			return err
		}
		return b.setSequences(ctx)
	})
	if err != nil {
		return err
	}
	var pos lsn
	if s.replicas != nil {
		pos, _ = s.d.walPosition(ctx, s.write)
	}
	s.changes.bumpAll(pos)
	return nil
}

// nextIDs reserves n ids of table and returns the first.
func (b *Bulk) nextIDs(ctx context.Context, table string, n int) (int64, error) {
	next, ok := b.ids[table]
	if !ok {
		max, err := b.tx.queryInt(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table)
		if err != nil {
			return 0, fmt.Errorf("bulk %s ids: %w", table, err)
		}
		next = max + 1
	}
	b.ids[table] = next + int64(n)
	return next, nil
}

// setSequences moves the id sequences of the tables whose ids Bulk chose
// past them, so later inserts get fresh ids.
func (b *Bulk) setSequences(ctx context.Context) error {
	for table := range b.ids {
		if err := b.tx.exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), (SELECT MAX(id) FROM `+table+`))`, table); err != nil {
			return fmt.Errorf("bulk %s sequence: %w", table, err)
		}
	}
	return nil
}

// Members stores members with their lists, affiliations (whose
// OrganizationName must be set, for the search index) and search entries,
// setting each member's ID.
func (b *Bulk) Members(ctx context.Context, ms []*kindred.Member) error {
	first, err := b.nextIDs(ctx, "members", len(ms))
	if err != nil {
		return err
	}
	var members, values, affs, docs [][]any
	for i, m := range ms {
		m.ID = first + int64(i)
		args, err := memberArgs(m)
		if err != nil {
			return fmt.Errorf("bulk member %s: %w", m.Email, err)
		}
		members = append(members, append(append([]any{m.ID}, args...), false, b.now, b.now))
		for _, v := range memberValues(m) {
			values = append(values, []any{m.ID, v.kind, v.position, v.value})
		}
		for _, a := range m.Affiliations {
			affs = append(affs, []any{m.ID, a.OrganizationID, a.Role, a.Since, a.Until, a.Primary, b.now})
		}
		d := memberDoc(m)
		docs = append(docs, []any{d.Kind, d.RefID, "network", d.Title, d.Body, b.now})
	}
	return b.copyAll(ctx, []copyBatch{
		{"members", []string{"id", "account_id", "email", "name", "pronouns", "bio", "city_id", "diet", "accessibility",
			"preferred_language", "visibility", "has_photo", "created_at", "updated_at"}, members},
		{"member_values", []string{"member_id", "kind", "position", "value"}, values},
		{"affiliations", []string{"member_id", "organization_id", "role", "since", "until", "is_primary", "created_at"}, affs},
		{"search_docs", searchDocColumns, docs},
	})
}

var searchDocColumns = []string{"kind", "ref_id", "scope", "title", "body", "updated_at"}

// copyBatch is rows for one table.
type copyBatch struct {
	table   string
	columns []string
	rows    [][]any
}

// copyAll copies each batch that has rows.
func (b *Bulk) copyAll(ctx context.Context, batches []copyBatch) error {
	for _, c := range batches {
		if len(c.rows) == 0 {
			continue
		}
		if err := b.tx.copyRows(ctx, c.table, c.columns, c.rows); err != nil {
			return fmt.Errorf("bulk %s: %w", c.table, err)
		}
	}
	return nil
}

// Gatherings stores gatherings (TimeZone set, as their city's) with their
// hosts, setting each gathering's ID.
func (b *Bulk) Gatherings(ctx context.Context, gs []*kindred.Gathering) error {
	first, err := b.nextIDs(ctx, "gatherings", len(gs))
	if err != nil {
		return err
	}
	var rows, hosts [][]any
	for i, g := range gs {
		if g.TimeZone == "" {
			return fmt.Errorf("bulk gathering %q: no time zone", g.Title)
		}
		g.ID = first + int64(i)
		rows = append(rows, []any{g.ID, g.CityID, nullInt(g.SeriesID), g.Title, g.Theme, jsonText(g.Questions), g.VenueName,
			g.Address, g.AccessibilityNotes, jsonText(g.DietsServed), g.StartsAt, g.EndsAt, g.TimeZone, g.Capacity, g.TableSize,
			g.Visibility, string(g.Status), g.ApprovalRequired, nullInt(g.CreatedBy), b.now, b.now})
		for _, h := range uniqueIDs(g.HostIDs) {
			hosts = append(hosts, []any{g.ID, h})
		}
	}
	return b.copyAll(ctx, []copyBatch{
		{"gatherings", []string{"id", "city_id", "series_id", "title", "theme", "questions", "venue_name", "address",
			"accessibility_notes", "diets_served", "starts_at", "ends_at", "time_zone", "capacity", "table_size", "visibility",
			"status", "approval_required", "created_by", "created_at", "updated_at"}, rows},
		{"gathering_hosts", []string{"gathering_id", "member_id"}, hosts},
	})
}

// RSVPs stores answers as they stand (status, check-in, answers); each
// gathering's answers are numbered in the order given, as the waitlist
// orders them.
func (b *Bulk) RSVPs(ctx context.Context, rs []kindred.RSVP) error {
	rows := make([][]any, 0, len(rs))
	seq := map[int64]int64{}
	for _, r := range rs {
		seq[r.GatheringID]++
		rows = append(rows, []any{r.GatheringID, r.MemberID, string(r.Status), seq[r.GatheringID],
			jsonText(answersOrEmpty(r.Answers)), nullInt(r.InvitedBy), r.CheckedInAt, r.CreatedAt, r.UpdatedAt})
	}
	return b.copyAll(ctx, []copyBatch{{"rsvps", []string{"gathering_id", "member_id", "status", "seq", "answers", "invited_by",
		"checked_in_at", "created_at", "updated_at"}, rows}})
}

// Ties stores ledger ties (A < B).
func (b *Bulk) Ties(ctx context.Context, ts []kindred.Tie) error {
	rows := make([][]any, 0, len(ts))
	for _, t := range ts {
		status := t.Status
		if status == "" {
			status = "active"
		}
		rows = append(rows, []any{t.A, t.B, string(t.Kind), string(t.Source), t.SourceRef, t.Note,
			t.HappenedOn.UTC().Format(time.DateOnly), status, t.HiddenByA, t.HiddenByB, b.now})
	}
	return b.copyAll(ctx, []copyBatch{{"ties", []string{"member_a", "member_b", "kind", "source", "source_ref", "note",
		"happened_on", "status", "hidden_by_a", "hidden_by_b", "created_at"}, rows}})
}

// Stories stores stories of campaign c as they stand (state, told at
// CreatedAt), without tellers' edit links.
func (b *Bulk) Stories(ctx context.Context, c *kindred.Campaign, ss []*kindred.Story) error {
	rows := make([][]any, 0, len(ss))
	for _, st := range ss {
		sigs, err := json.Marshal(st.Signifiers)
		if err != nil {
			return fmt.Errorf("bulk story: %w", err)
		}
		ctxJSON, err := json.Marshal(st.Context)
		if err != nil {
			return fmt.Errorf("bulk story: %w", err)
		}
		rows = append(rows, []any{c.ID, st.Text, st.Lang, string(st.Consent), st.Anonymous, nullIfEmpty(st.Name),
			nullIfEmpty(st.Email), string(sigs), string(ctxJSON), string(st.State), st.PII, st.Source, st.CreatedAt, st.CreatedAt})
	}
	return b.copyAll(ctx, []copyBatch{{"stories", []string{"campaign_id", "text", "lang", "consent", "anonymous", "teller_name",
		"teller_email", "signifiers", "context", "state", "pii", "source", "created_at", "updated_at"}, rows}})
}
