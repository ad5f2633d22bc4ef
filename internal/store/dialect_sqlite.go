package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/kindredhq/kindred/internal/config"
)

// sqliteDialect is SQLite (modernc.org/sqlite, pure Go): one process, one
// writer, full-text search with FTS5.
type sqliteDialect struct{}

func (sqliteDialect) engine() config.Engine { return config.SQLite }

// open sets pragmas in the DSN (busy_timeout first, WAL, foreign keys): one
// write connection that begins transactions IMMEDIATE beside a read pool,
// whose statements are kept prepared (stmtCache). ":memory:" gives one
// shared connection for both, for tests.
func (sqliteDialect) open(ctx context.Context, s *Store, dsn string) error {
	if dsn == ":memory:" {
		db, err := sql.Open("sqlite", "file::memory:?_pragma=foreign_keys(1)&_txlock=immediate")
		if err != nil {
			return err
		}
		db.SetMaxOpenConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
		s.read, s.write = db, db
		s.stmts = &stmtCache{db: db}
		return db.PingContext(ctx)
	}
	path := strings.TrimPrefix(dsn, "file:")
	base := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)"
	write, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return err
	}
	write.SetMaxOpenConns(1)
	read, err := sql.Open("sqlite", base)
	if err != nil {
		write.Close()
		return err
	}
	read.SetMaxOpenConns(8)
	s.read, s.write = read, write
	s.stmts = &stmtCache{db: read}
	if err := write.PingContext(ctx); err != nil {
		s.Close()
		return fmt.Errorf("open SQLite file %q: %w", path, err)
	}
	return nil
}

// rebind keeps ? placeholders, which SQLite understands.
func (sqliteDialect) rebind(q string) string { return q }

func (sqliteDialect) translate(err error) error {
	if err == nil {
		return nil
	}
	if noRows(err) {
		return notFound()
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) && sqErr.Code()&0xff == sqlite3.SQLITE_CONSTRAINT &&
		(strings.Contains(sqErr.Error(), "UNIQUE") || strings.Contains(sqErr.Error(), "PRIMARY KEY")) {
		return conflict(sqErr.Error())
	}
	return err
}

func (sqliteDialect) gooseDialect() goose.Dialect { return goose.DialectSQLite3 }

func (sqliteDialect) migrationDir() string { return "migrations/sqlite" }

func (sqliteDialect) jobDriver(db *sql.DB) riverdriver.Driver[*sql.Tx] { return riversqlite.New(db) }

// announce does nothing: SQLite is served by one process, and CacheTTL
// bounds what a CLI command changes beside it.
func (sqliteDialect) announce(context.Context, *Tx, string) error { return nil }

// lockAccounts does nothing: the single write connection serializes.
func (sqliteDialect) lockAccounts(context.Context, *Tx) error { return nil }

// lockGathering does nothing: write transactions begin IMMEDIATE on the
// single write connection (and take the file's write lock across
// processes), which serializes them already.
func (sqliteDialect) lockGathering(context.Context, *Tx, int64) error { return nil }

// withMigrationLock needs no lock: SQLite has a single writer.
func (sqliteDialect) withMigrationLock(_ context.Context, _ *sql.DB, fn func() error) error {
	return fn()
}

// searchSQL ranks with bm25; highlight() and snippet() need the MATCH in
// their own query, so it appears twice.
func (sqliteDialect) searchSQL(filter string) string {
	return `SELECT top.kind, top.ref_id, top.scope,
		highlight(search_fts, 0, char(2), char(3)),
		snippet(search_fts, 1, char(2), char(3), '…', 16),
		top.score
		FROM (SELECT search_fts.rowid AS rid, d.kind, d.ref_id, d.scope, bm25(search_fts, 5.0, 1.0) AS score
			FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
			WHERE search_fts MATCH ?` + filter + `
			ORDER BY score, d.id LIMIT ?) top
		JOIN search_fts ON search_fts.rowid = top.rid
		WHERE search_fts MATCH ?
		ORDER BY top.score, top.rid`
}

func (sqliteDialect) searchFrom(filter string) string {
	return ` FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid WHERE search_fts MATCH ?` + filter
}

func (sqliteDialect) searchArgs(match string, filter []any, limit int) []any {
	return append(append(append([]any{match}, filter...), limit), match)
}

// matchExpr quotes each word as an FTS5 string, the last as a prefix.
func (sqliteDialect) matchExpr(words []string) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
		if i == len(words)-1 {
			parts[i] += "*"
		}
	}
	return strings.Join(parts, " AND ")
}

func (sqliteDialect) analyze([]string) string { return "PRAGMA optimize" }

func (sqliteDialect) backupSQL() (string, error) { return "VACUUM INTO ?", nil }

func (sqliteDialect) openReplica(context.Context, string) (*sql.DB, func(), error) {
	return nil, nil, errNoReplicas
}

func (sqliteDialect) walPosition(context.Context, *sql.DB) (lsn, error) { return 0, errNoReplicas }

func (sqliteDialect) replicaStatus(context.Context, *sql.DB) (lsn, time.Duration, error) {
	return 0, 0, errNoReplicas
}

// lostConnection is false: SQLite is a file, not a server.
func (sqliteDialect) lostConnection(error) bool { return false }

func (sqliteDialect) bulk(context.Context, *sql.DB, func(bulkTx) error) error {
	return ErrBulkNeedsPostgres
}
