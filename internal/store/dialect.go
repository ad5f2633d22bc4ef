package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver"

	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/kindred"
)

// dialect is everything that differs between SQLite and PostgreSQL. Each
// engine implements it in a file of its own (dialect_sqlite.go,
// dialect_postgres.go); no other file asks which engine it runs on.
type dialect interface {
	// engine names the engine.
	engine() config.Engine
	// open connects s's read and write pools to dsn.
	open(ctx context.Context, s *Store, dsn string) error
	// rebind turns the package's ? placeholders into the engine's own.
	rebind(q string) string
	// translate turns driver errors into domain errors: unique violations
	// become ECONFLICT and sql.ErrNoRows becomes ENOTFOUND; other errors
	// pass through.
	translate(err error) error
	// gooseDialect and migrationDir locate the engine's migrations.
	gooseDialect() goose.Dialect
	migrationDir() string
	// jobDriver is the job queue's (River's) driver over db.
	jobDriver(db *sql.DB) riverdriver.Driver[*sql.Tx]
	// announce tells other instances which tables tx wrote, on commit
	// (see changes.go).
	announce(ctx context.Context, tx *Tx, instance string) error
	// lockAccounts serializes "is this the first account?" checks.
	lockAccounts(ctx context.Context, tx *Tx) error
	// lockGathering holds a gathering's row for the rest of tx, so RSVPs
	// to it count and take seats one at a time.
	lockGathering(ctx context.Context, tx *Tx, id int64) error
	// withMigrationLock runs fn while no other instance migrates.
	withMigrationLock(ctx context.Context, db *sql.DB, fn func() error) error
	// searchSQL returns the query that finds documents matching terms,
	// with a title, a snippet marked with \x02…\x03 around matches and a
	// rank (lower is better); searchArgs orders its arguments.
	searchSQL(filter string) string
	searchArgs(match string, filter []any, limit int) []any
	// searchFrom returns the FROM and WHERE of every document matching
	// the match expression (its one argument, before the filter's), as
	// search_docs d, unranked: for counting matches and for selecting
	// them all.
	searchFrom(filter string) string
	// matchExpr turns words into the engine's query syntax: every word
	// must match, the last one as a prefix (search as you type).
	matchExpr(words []string) string
	// analyze refreshes the planner's statistics of tables after bulk
	// changes.
	analyze(tables []string) string
	// backupSQL writes a consistent copy of the database to a path, where
	// the engine can.
	backupSQL() (string, error)

	// openReplica connects to a read replica at dsn, returning its pool and
	// what closes it; errNoReplicas on an engine without replicas.
	openReplica(ctx context.Context, dsn string) (*sql.DB, func(), error)
	// walPosition returns the primary's write-ahead log insert position:
	// read after a commit, it is at or past the commit's end.
	walPosition(ctx context.Context, db *sql.DB) (lsn, error)
	// replicaStatus returns how far a replica has replayed the primary's
	// WAL, and how long ago the last transaction it replayed committed; an
	// error when it does not answer or is no longer a standby.
	replicaStatus(ctx context.Context, db *sql.DB) (replayed lsn, replayAge time.Duration, err error)
	// lostConnection reports whether err means the connection to the
	// server failed, rather than the statement.
	lostConnection(err error) bool
	// bulk runs fn in one transaction on a connection of db that can COPY;
	// ErrBulkNeedsPostgres on an engine without it.
	bulk(ctx context.Context, db *sql.DB, fn func(bulkTx) error) error
}

// newDialect returns the dialect of engine.
func newDialect(engine config.Engine) dialect {
	if engine == config.Postgres {
		return postgresDialect{}
	}
	return sqliteDialect{}
}

// noRows reports whether err is sql.ErrNoRows, which both engines'
// translate answer with notFound.
func noRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// notFound is a missing row as the person hears it.
func notFound() error { return &kindred.Error{Code: kindred.ENOTFOUND, Message: "Not found."} }

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

// JobDriver returns the job queue's (River's) driver for this engine, over the
// write pool, so jobs can be inserted in the same transaction as the data
// they act on (see Tx.SQL).
func (s *Store) JobDriver() riverdriver.Driver[*sql.Tx] { return s.d.jobDriver(s.write) }

// withMigrationLock runs fn while holding a lock that keeps other instances
// from migrating at the same time.
func (s *Store) withMigrationLock(ctx context.Context, fn func() error) error {
	return s.d.withMigrationLock(ctx, s.write, fn)
}
