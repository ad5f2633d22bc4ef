package store

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/kindredhq/kindred/internal/kindred"
)

// IndexDocument adds doc to the full-text index or replaces the entry for the
// same kind and ref id.
func (tx *Tx) IndexDocument(ctx context.Context, doc kindred.SearchDoc) error {
	if doc.Scope == "" {
		doc.Scope = "network"
	}
	_, err := tx.exec(ctx, `INSERT INTO search_docs (kind, ref_id, scope, title, body, updated_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, ref_id) DO UPDATE SET scope = excluded.scope, title = excluded.title,
		body = excluded.body, updated_at = excluded.updated_at`,
		doc.Kind, doc.RefID, doc.Scope, doc.Title, doc.Body, tx.now)
	if err != nil {
		return fmt.Errorf("index %s %d: %w", doc.Kind, doc.RefID, err)
	}
	return nil
}

// RemoveDocument drops a document from the index; a missing one is not an error.
func (tx *Tx) RemoveDocument(ctx context.Context, kind string, refID int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM search_docs WHERE kind = ? AND ref_id = ?`, kind, refID); err != nil {
		return fmt.Errorf("unindex %s %d: %w", kind, refID, err)
	}
	return nil
}

// Search finds documents containing every word of q.Text (the last word as a
// prefix), best first, using the engine's own full-text search: FTS5 on
// SQLite, tsvector on PostgreSQL. An empty query returns no hits.
func (s *Store) Search(ctx context.Context, q kindred.SearchQuery) ([]kindred.SearchHit, error) {
	words := searchWords(q.Text)
	if len(words) == 0 {
		return nil, nil
	}
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	var filter strings.Builder
	var filterArgs []any
	filterArgs = appendIn(&filter, " AND d.kind IN (", q.Kinds, filterArgs)
	filterArgs = appendIn(&filter, " AND d.scope IN (", q.Scopes, filterArgs)
	args := s.d.searchArgs(s.d.matchExpr(words), filterArgs, q.Limit)
	rows, err := s.query(ctx, s.d.searchSQL(filter.String()), args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var hits []kindred.SearchHit
	for rows.Next() {
		var h kindred.SearchHit
		if err := rows.Scan(&h.Kind, &h.RefID, &h.Scope, &h.Title, &h.Snippet, &h.Rank); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// CountSearch returns how many documents match q (its Limit aside): the
// true number of hits Search would find with no limit.
func (s *Store) CountSearch(ctx context.Context, q kindred.SearchQuery) (int, error) {
	from, args, ok := s.searchMatch(q)
	if !ok {
		return 0, nil
	}
	var n int
	if err := s.queryRow(ctx, `SELECT count(*)`+from, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count search: %w", err)
	}
	return n, nil
}

// searchMatch returns the FROM and WHERE of every document matching q's
// text, kinds and scopes, with its arguments; false for a query of no
// words, which matches nothing.
func (s *Store) searchMatch(q kindred.SearchQuery) (string, []any, bool) {
	words := searchWords(q.Text)
	if len(words) == 0 {
		return "", nil, false
	}
	var filter strings.Builder
	args := []any{s.d.matchExpr(words)}
	args = appendIn(&filter, " AND d.kind IN (", q.Kinds, args)
	args = appendIn(&filter, " AND d.scope IN (", q.Scopes, args)
	return s.d.searchFrom(filter.String()), args, true
}

// searchWords splits a query into words of letters and digits, dropping the
// punctuation that both engines' query languages would read as operators.
func searchWords(text string) []string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r)
	})
	if len(words) > 12 {
		words = words[:12]
	}
	return words
}

// appendIn writes "prefix ?, ?, …)" for values (nothing when empty) and
// returns args with the values appended.
func appendIn(b *strings.Builder, prefix string, values []string, args []any) []any {
	if len(values) == 0 {
		return args
	}
	b.WriteString(prefix)
	for i, v := range values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("?")
		args = append(args, v)
	}
	b.WriteString(")")
	return args
}

// Analyze refreshes the planner's statistics of the tables a bulk change
// filled (all tables when none are named). Analyzing a table while it is
// still empty would make PostgreSQL plan later lookups in it as scans.
func (s *Store) Analyze(ctx context.Context, tables ...string) error {
	if _, err := s.write.ExecContext(ctx, s.d.analyze(tables)); err != nil {
		return fmt.Errorf("analyze: %w", err)
	}
	return nil
}
