// Package store holds all of Kindred's SQL. It runs on SQLite (embedded, the
// default) and PostgreSQL; what differs between them is the dialect interface,
// implemented once per engine (dialect_sqlite.go, dialect_postgres.go).
//
// Reads go through the read pool; every write opens one transaction on the
// write pool (a single connection on SQLite), so nothing is half-written.
// On PostgreSQL, reads marked LagTolerant may go to streaming replicas
// (see replica.go).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/kindred"
)

// Store is a handle on Kindred's database.
type Store struct {
	d     dialect
	read  *sql.DB
	write *sql.DB
	now   func() time.Time
	// closeExtra releases what the pools sit on (PostgreSQL's pgx pool).
	closeExtra func()
	changes    changes // committed writes per table, for Version
	// stmts keeps read statements prepared (SQLite only; nil otherwise).
	stmts *stmtCache
	// log reports trouble the Store works around (see WithLogger).
	log *slog.Logger
	// instance names this Store in its announcements on PostgreSQL.
	instance string
	caches   caches
	// replicaDSNs and replicaOpts are set by WithReplicas; replicas is nil
	// without any.
	replicaDSNs []string
	replicaOpts ReplicaOptions
	replicas    *replicaSet
	reads       readCounts
}

// caches are the Store's own cached reads (see Cached).
type caches struct {
	cities      Cached[[]kindred.City]
	series      Cached[[]kindred.Series]
	linkKeys    CachedMap[[]byte] // by name; a key never changes once made
	orgChoices  Cached[[]*kindred.Organization]
	memberPages CachedMap[memberPage] // see DirectoryMembers
	accounts    CachedMap[*kindred.Account]
	tokens      CachedMap[tokenOwner] // by token hash
	// accountMembers holds each account's member (nil for none).
	accountMembers CachedMap[*kindred.Member]
	orgPages       CachedMap[[]*kindred.Organization] // see ListOrganizations
	members        memberCache                        // see ListMembersShared
}

// Option changes how Open sets up a Store.
type Option func(*Store)

// WithLogger sets where the Store reports trouble it works around on its
// own (a lost PostgreSQL change listener it reconnects); silent by default.
func WithLogger(l *slog.Logger) Option { return func(s *Store) { s.log = l } }

// WithClock injects the clock, so tests control time.
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// Open connects to the database named by dsn (a SQLite file path or a
// postgres:// URL). It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string, opts ...Option) (*Store, error) {
	engine, err := config.ParseDB(dsn)
	if err != nil {
		return nil, err
	}
	s := &Store{now: time.Now, log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(s)
	}
	s.d = newDialect(engine)
	if err := s.d.open(ctx, s, dsn); err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	if len(s.replicaDSNs) > 0 {
		if err := s.startReplicas(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// startReplicas opens the replicas and checks them in the background until
// Close.
func (s *Store) startReplicas(ctx context.Context) error {
	if err := s.openReplicas(ctx); err != nil {
		return err
	}
	checkCtx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); s.replicas.checkLoop(checkCtx, s) }()
	closeExtra := s.closeExtra
	s.closeExtra = func() {
		stop()
		<-done
		s.replicas.close()
		if closeExtra != nil {
			closeExtra()
		}
	}
	return nil
}

// Close closes both pools, and the replicas'.
func (s *Store) Close() error {
	s.stmts.close()
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	if s.closeExtra != nil {
		s.closeExtra()
	}
	return err
}

// Engine reports which database engine the store runs on.
func (s *Store) Engine() config.Engine { return s.d.engine() }

// DB returns the write pool, for subsystems (the job queue) that need a
// *sql.DB of their own. All of Kindred's SQL still lives in this package.
func (s *Store) DB() *sql.DB { return s.write }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.read.PingContext(ctx) }

// Now returns the store's clock reading, in UTC and truncated to the
// microsecond precision both engines keep.
func (s *Store) Now() time.Time { return s.now().UTC().Truncate(time.Microsecond) }

// Tx is one write transaction. Write methods hang off Tx so a caller can
// combine several (and enqueue jobs) atomically with Store.WithTx.
type Tx struct {
	tx  *sql.Tx
	d   dialect
	now time.Time
	// orgNames caches organization names read in this transaction.
	orgNames map[int64]string
	touched  map[string]bool // tables written, for Store.Version
}

// SQL returns the underlying transaction, for the job queue's InsertTx.
func (tx *Tx) SQL() *sql.Tx { return tx.tx }

// Now is the time the transaction started, used for every timestamp it writes.
func (tx *Tx) Now() time.Time { return tx.now }

// WithTx runs fn in one write transaction, committing when fn returns nil and
// rolling back otherwise. fn's error is returned as is.
func (s *Store) WithTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", s.d.translate(err))
	}
	tx := &Tx{tx: sqlTx, d: s.d, now: s.Now()}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := s.d.announce(ctx, tx, s.instance); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", s.d.translate(err))
	}
	s.committed(tx, s.commitPosition(ctx, tx, writesFrom(ctx)))
	return nil
}

// commitPosition returns where a commit ended in the WAL, for the replicas'
// sake (0 without replicas or writes), and notes it in w. When the primary
// does not say, reads keep going to replicas that may lack the commit for
// up to the lag bound: the commit itself succeeded.
func (s *Store) commitPosition(ctx context.Context, tx *Tx, w *Writes) lsn {
	if s.replicas == nil || len(tx.touched) == 0 {
		return 0
	}
	pos, err := s.d.walPosition(context.WithoutCancel(ctx), s.write)
	if err != nil {
		s.log.Warn("no WAL position after a commit: replicas may serve reads without it for up to the lag bound", "err", err)
		return 0
	}
	if w != nil {
		maxLSN(&w.wrote, pos)
	}
	return pos
}

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	tx.touch(q)
	res, err := tx.tx.ExecContext(ctx, tx.d.rebind(q), args...)
	return res, tx.d.translate(err)
}

func (tx *Tx) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	tx.touch(q)
	rows, err := tx.tx.QueryContext(ctx, tx.d.rebind(q), args...)
	return rows, tx.d.translate(err)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	tx.touch(q)
	return tx.tx.QueryRowContext(ctx, tx.d.rebind(q), args...)
}

func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = s.d.rebind(q)
	if r := s.readerFor(ctx, q); r != nil {
		rows, err := r.db.QueryContext(ctx, q, args...)
		if err == nil {
			r.reads.Add(1)
			return rows, nil
		}
		if !s.retryOnPrimary(ctx, r, err) {
			return nil, s.d.translate(err)
		}
	}
	s.reads.primary.Add(1)
	if st := s.stmts.stmt(ctx, q); st != nil {
		rows, err := st.QueryContext(ctx, args...)
		return rows, s.d.translate(err)
	}
	rows, err := s.read.QueryContext(ctx, q, args...)
	return rows, s.d.translate(err)
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = s.d.rebind(q)
	if r := s.readerFor(ctx, q); r != nil {
		row := r.db.QueryRowContext(ctx, q, args...)
		if err := row.Err(); err == nil || !s.retryOnPrimary(ctx, r, err) {
			r.reads.Add(1)
			return row
		}
	}
	s.reads.primary.Add(1)
	if st := s.stmts.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.read.QueryRowContext(ctx, q, args...)
}

// insertID runs an INSERT … RETURNING id and returns the id.
func (tx *Tx) insertID(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, tx.d.translate(err)
}

// nullTime turns a nullable time column into a pointer.
func nullTime(nt sql.NullTime) *time.Time {
	if !nt.Valid {
		return nil
	}
	t := nt.Time.UTC()
	return &t
}
