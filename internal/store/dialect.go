package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/kindred"
)

// dialect is everything that differs between SQLite and PostgreSQL.
type dialect struct {
	engine config.Engine
}

// openPools opens the read and write pools for the engine.
//
// SQLite: pragmas in the DSN (busy_timeout first, WAL, foreign keys), one
// write connection that begins transactions IMMEDIATE beside a read pool,
// whose statements are kept prepared (stmtCache).
// ":memory:" gives one shared connection for both, for tests.
// PostgreSQL: one pgx pool serves both, through database/sql.
func openPools(ctx context.Context, s *Store, engine config.Engine, dsn string) error {
	s.d = dialect{engine: engine}
	if engine == config.Postgres {
		pool, err := pgxpool.New(ctx, dsn)
		if err != nil {
			return fmt.Errorf("KINDRED_DB: %w", err)
		}
		db := stdlib.OpenDBFromPool(pool)
		s.instance = rand.Text() // tells its own announcements from other instances'
		listenCtx, stopListening := context.WithCancel(context.WithoutCancel(ctx))
		listening, firstTry := make(chan struct{}), make(chan struct{})
		go func() { defer close(listening); listenForChanges(listenCtx, pool, s, firstTry) }()
		s.read, s.write = db, db
		s.closeExtra = func() { stopListening(); <-listening; pool.Close() }
		if err := db.PingContext(ctx); err != nil {
			s.Close()
			return fmt.Errorf("connect to PostgreSQL: %w", err)
		}
		// Listening from the start means no cache is filled before the
		// reconnection bump of every version, and no commit of another
		// instance goes unheard.
		select {
		case <-firstTry:
		case <-ctx.Done():
		}
		return nil
	}
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

// changesChannel is the PostgreSQL channel on which each commit names the
// tables it wrote, so every kindred instance on the database drops its cached
// reads of them at once (see Store.Version). SQLite is served by one process;
// CacheTTL bounds what a CLI command changes beside it.
const changesChannel = "kindred_changes"

// announce names the tables tx wrote on changesChannel, after the instance
// that wrote them ("instance:table,table"); PostgreSQL delivers the
// notification when the transaction commits, and drops it on rollback.
func (d dialect) announce(ctx context.Context, tx *Tx, instance string) error {
	if d.engine != config.Postgres || len(tx.touched) == 0 {
		return nil
	}
	payload := instance + ":" + strings.Join(slices.Sorted(maps.Keys(tx.touched)), ",")
	if _, err := tx.tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, changesChannel, payload); err != nil {
		return fmt.Errorf("announce changes: %w", err)
	}
	return nil
}

// listenForChanges counts the commits other instances announce on
// changesChannel into s's versions, until ctx ends; its own commits are
// counted when they happen (Store.committed). While it is not listening
// (reconnecting after an error) notifications may be lost, so each
// (re)connection changes every version. firstTry is closed once the first
// attempt to listen has succeeded or failed.
func listenForChanges(ctx context.Context, pool *pgxpool.Pool, s *Store, firstTry chan struct{}) {
	var once sync.Once
	tried := func() { once.Do(func() { close(firstTry) }) }
	defer tried()
	for ctx.Err() == nil {
		err := listenOnce(ctx, pool, s, tried)
		tried()
		if ctx.Err() == nil {
			s.log.Warn("not listening for other instances' changes; retrying in a second, cached reads may lag them until then (at most store.CacheTTL)",
				"channel", changesChannel, "err", err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// listenOnce listens on its own connection until an error or ctx ends,
// calling listening once it is.
func listenOnce(ctx context.Context, pool *pgxpool.Pool, s *Store, listening func()) error {
	conn, err := pgx.ConnectConfig(ctx, pool.Config().ConnConfig)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+changesChannel); err != nil {
		return err
	}
	s.changes.counter(anyTable).Add(1)
	listening()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		from, tables, ok := strings.Cut(n.Payload, ":")
		if !ok {
			from, tables = "", n.Payload
		}
		if from == s.instance {
			continue
		}
		for _, t := range strings.Split(tables, ",") {
			s.changes.counter(t).Add(1)
		}
	}
}

// JobDriver returns the job queue's (River's) driver for this engine, over the
// write pool, so jobs can be inserted in the same transaction as the data
// they act on (see Tx.SQL).
func (s *Store) JobDriver() riverdriver.Driver[*sql.Tx] {
	if s.d.engine == config.Postgres {
		return riverdatabasesql.New(s.write)
	}
	return riversqlite.New(s.write)
}

// gooseDialect names the dialect for migrations.
func (d dialect) gooseDialect() goose.Dialect {
	if d.engine == config.Postgres {
		return goose.DialectPostgres
	}
	return goose.DialectSQLite3
}

// migrationDir is the folder under migrations/ for this engine.
func (d dialect) migrationDir() string {
	if d.engine == config.Postgres {
		return "migrations/postgres"
	}
	return "migrations/sqlite"
}

// rebind turns ? placeholders into $1, $2… for PostgreSQL. Queries in this
// package never contain a literal question mark.
func (d dialect) rebind(q string) string {
	if d.engine != config.Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// translate turns driver errors into domain errors: unique violations become
// ECONFLICT and sql.ErrNoRows becomes ENOTFOUND. Other errors pass through.
func (d dialect) translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &kindred.Error{Code: kindred.ENOTFOUND, Message: "Not found."}
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return conflict(pgErr.ConstraintName)
	}
	var sqErr *sqlite.Error
	if errors.As(err, &sqErr) && sqErr.Code()&0xff == sqlite3.SQLITE_CONSTRAINT &&
		(strings.Contains(sqErr.Error(), "UNIQUE") || strings.Contains(sqErr.Error(), "PRIMARY KEY")) {
		return conflict(sqErr.Error())
	}
	return err
}

// conflict describes a unique violation; detail is the constraint or message,
// from which a field name is guessed for accounts' email.
func conflict(detail string) error {
	e := &kindred.Error{Code: kindred.ECONFLICT, Message: "That already exists."}
	if strings.Contains(detail, "email") {
		e.Message = "An account with that email address already exists."
		e.Fields = map[string]string{"email": "is already in use"}
	}
	return e
}

// lockAccounts serializes "is this the first account?" checks. SQLite's single
// write connection serializes already; PostgreSQL needs a table lock.
func (d dialect) lockAccounts(ctx context.Context, tx *Tx) error {
	if d.engine != config.Postgres {
		return nil
	}
	_, err := tx.tx.ExecContext(ctx, "LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE")
	return err
}

// searchSQL returns the query that finds documents matching terms, with a
// title, a snippet marked with \x02…\x03 around matches and a rank (lower is
// better). Its arguments are the engine's match expression, the filter's
// values, then the limit. Snippets are made only for the rows returned.
func (d dialect) searchSQL(filter string) string {
	if d.engine == config.Postgres {
		return `SELECT kind, ref_id, scope,
		ts_headline('kindred_text', title, q, 'StartSel=` + "\x02" + `, StopSel=` + "\x03" + `, HighlightAll=true'),
		ts_headline('kindred_text', body, q, 'StartSel=` + "\x02" + `, StopSel=` + "\x03" + `, MaxWords=24, MinWords=10, MaxFragments=1'),
		rank
		FROM (SELECT d.id, d.kind, d.ref_id, d.scope, d.title, d.body, q, -ts_rank(d.tsv, q) AS rank
			FROM search_docs d, to_tsquery('kindred_text', ?) q
			WHERE d.tsv @@ q` + filter + `
			ORDER BY rank, d.id LIMIT ?) top
		ORDER BY rank, id`
	}
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

// searchArgs orders the arguments for searchSQL.
func (d dialect) searchArgs(match string, filter []any, limit int) []any {
	args := append(append([]any{match}, filter...), limit)
	if d.engine != config.Postgres {
		args = append(args, match) // highlight() and snippet() need the MATCH in their own query
	}
	return args
}

// analyze refreshes the query planner's statistics of tables (all when none
// are named) after bulk changes.
func (d dialect) analyze(tables []string) string {
	if d.engine == config.Postgres {
		return "ANALYZE " + strings.Join(tables, ", ")
	}
	return "PRAGMA optimize"
}

// matchExpr turns words into the engine's query syntax: every word must
// match, the last one as a prefix (search as you type).
func (d dialect) matchExpr(words []string) string {
	parts := make([]string, len(words))
	for i, w := range words {
		prefix := i == len(words)-1
		if d.engine == config.Postgres {
			parts[i] = "'" + strings.ReplaceAll(w, "'", "''") + "'"
			if prefix {
				parts[i] += ":*"
			}
			continue
		}
		parts[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
		if prefix {
			parts[i] += "*"
		}
	}
	if d.engine == config.Postgres {
		return strings.Join(parts, " & ")
	}
	return strings.Join(parts, " AND ")
}

// backupSQL returns the statement that writes a consistent copy of a SQLite
// database to path while it is in use; PostgreSQL is backed up with pg_dump.
func (d dialect) backupSQL() (string, error) {
	if d.engine == config.Postgres {
		return "", errors.New("PostgreSQL databases are backed up with pg_dump (see the README)")
	}
	return "VACUUM INTO ?", nil
}

// migrationLockKey is the PostgreSQL advisory lock that serializes migrations
// when several instances start at once.
const migrationLockKey = 4_702_011_925

// withMigrationLock runs fn while holding a lock that keeps other instances
// from migrating at the same time (PostgreSQL); SQLite's single writer
// needs none.
func (s *Store) withMigrationLock(ctx context.Context, fn func() error) error {
	if s.d.engine != config.Postgres {
		return fn()
	}
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migration lock: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLockKey); err != nil {
		return fmt.Errorf("migration lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLockKey) //nolint:errcheck
	return fn()
}

// lockGathering holds a gathering's row for the rest of the transaction, so
// RSVPs to it count and take seats one at a time. SQLite's write transactions
// begin IMMEDIATE on the single write connection (and take the file's write
// lock across processes), which serializes them already.
func (d dialect) lockGathering(ctx context.Context, tx *Tx, id int64) error {
	if d.engine != config.Postgres {
		return nil
	}
	var one int
	return tx.tx.QueryRowContext(ctx, "SELECT 1 FROM gatherings WHERE id = $1 FOR UPDATE", id).Scan(&one)
}
