package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"

	"github.com/kindredhq/kindred/internal/config"
)

// postgresDialect is PostgreSQL through pgx: several instances may share
// one database, so commits are announced and rows locked.
type postgresDialect struct{}

func (postgresDialect) engine() config.Engine { return config.Postgres }

// open makes one pgx pool serve both pools through database/sql, and
// listens for the other instances' commits (see listenForChanges) before it
// returns, so no cache is filled before the listener's first bump of every
// version and no commit of another instance goes unheard.
func (postgresDialect) open(ctx context.Context, s *Store, dsn string) error {
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
	select {
	case <-firstTry:
	case <-ctx.Done():
	}
	return nil
}

// rebind turns ? placeholders into $1, $2…. Queries in this package never
// contain a literal question mark.
func (postgresDialect) rebind(q string) string {
	if !strings.Contains(q, "?") {
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

func (postgresDialect) translate(err error) error {
	if err == nil {
		return nil
	}
	if noRows(err) {
		return notFound()
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return conflict(pgErr.ConstraintName)
	}
	return err
}

func (postgresDialect) gooseDialect() goose.Dialect { return goose.DialectPostgres }

func (postgresDialect) migrationDir() string { return "migrations/postgres" }

func (postgresDialect) jobDriver(db *sql.DB) riverdriver.Driver[*sql.Tx] {
	return riverdatabasesql.New(db)
}

// announce names the tables tx wrote on changesChannel, after the instance
// that wrote them ("instance:table,table"); PostgreSQL delivers the
// notification when the transaction commits, and drops it on rollback.
func (postgresDialect) announce(ctx context.Context, tx *Tx, instance string) error {
	if len(tx.touched) == 0 {
		return nil
	}
	payload := instance + ":" + strings.Join(slices.Sorted(maps.Keys(tx.touched)), ",")
	if _, err := tx.tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, changesChannel, payload); err != nil {
		return fmt.Errorf("announce changes: %w", err)
	}
	return nil
}

// lockAccounts takes a table lock: instances may create accounts at once.
func (postgresDialect) lockAccounts(ctx context.Context, tx *Tx) error {
	_, err := tx.tx.ExecContext(ctx, "LOCK TABLE accounts IN SHARE ROW EXCLUSIVE MODE")
	return err
}

func (postgresDialect) lockGathering(ctx context.Context, tx *Tx, id int64) error {
	var one int
	return tx.tx.QueryRowContext(ctx, "SELECT 1 FROM gatherings WHERE id = $1 FOR UPDATE", id).Scan(&one)
}

// migrationLockKey is the advisory lock that serializes migrations when
// several instances start at once.
const migrationLockKey = 4_702_011_925

func (postgresDialect) withMigrationLock(ctx context.Context, db *sql.DB, fn func() error) error {
	conn, err := db.Conn(ctx)
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

// searchSQL ranks with ts_rank and makes snippets only for the rows
// returned.
func (postgresDialect) searchSQL(filter string) string {
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

func (postgresDialect) searchFrom(filter string) string {
	return ` FROM search_docs d WHERE d.tsv @@ to_tsquery('kindred_text', ?)` + filter
}

func (postgresDialect) searchArgs(match string, filter []any, limit int) []any {
	return append(append([]any{match}, filter...), limit)
}

// matchExpr quotes each word as a tsquery lexeme, the last as a prefix.
func (postgresDialect) matchExpr(words []string) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = "'" + strings.ReplaceAll(w, "'", "''") + "'"
		if i == len(words)-1 {
			parts[i] += ":*"
		}
	}
	return strings.Join(parts, " & ")
}

func (postgresDialect) analyze(tables []string) string {
	return "ANALYZE " + strings.Join(tables, ", ")
}

func (postgresDialect) backupSQL() (string, error) {
	return "", errors.New("PostgreSQL databases are backed up with pg_dump (see the README)")
}

// walPositionSQL reads the primary's WAL insert position: after a commit
// returns, it is past the commit record even with synchronous_commit off.
const walPositionSQL = `SELECT pg_current_wal_insert_lsn()::text`

// replicaConnectTimeout bounds connecting to a replica, so one that stopped
// answering (rather than refusing) is skipped quickly.
const replicaConnectTimeout = 2 * time.Second

// openReplica makes a pgx pool for a replica, read-only by default.
func (postgresDialect) openReplica(ctx context.Context, dsn string) (*sql.DB, func(), error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, nil, errors.New("not a valid PostgreSQL URL")
	}
	cfg.ConnConfig.ConnectTimeout = replicaConnectTimeout
	if cfg.ConnConfig.RuntimeParams == nil {
		cfg.ConnConfig.RuntimeParams = map[string]string{}
	}
	cfg.ConnConfig.RuntimeParams["default_transaction_read_only"] = "on"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, nil, err
	}
	db := stdlib.OpenDBFromPool(pool)
	return db, func() { db.Close(); pool.Close() }, nil
}

func (postgresDialect) walPosition(ctx context.Context, db *sql.DB) (lsn, error) {
	var text string
	if err := db.QueryRowContext(ctx, walPositionSQL).Scan(&text); err != nil {
		return 0, fmt.Errorf("WAL position: %w", err)
	}
	return parseLSN(text)
}

// replicaStatus asks the standby how far it replayed; the age of the last
// replayed transaction is measured on the replica's clock.
func (postgresDialect) replicaStatus(ctx context.Context, db *sql.DB) (lsn, time.Duration, error) {
	var standby bool
	var replayed sql.NullString
	var age sql.NullFloat64
	err := db.QueryRowContext(ctx, `SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,
		EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())::float8`).Scan(&standby, &replayed, &age)
	if err != nil {
		return 0, 0, err
	}
	if !standby || !replayed.Valid {
		return 0, 0, errors.New("not a standby (promoted, or not a replica at all)")
	}
	pos, err := parseLSN(replayed.String)
	if err != nil {
		return 0, 0, err
	}
	// Without a replayed transaction yet the age is unknown: only the
	// primary's samples can vouch for the replica then.
	ageDur := time.Duration(math.MaxInt64)
	if age.Valid {
		ageDur = time.Duration(max(0, age.Float64) * float64(time.Second))
	}
	return pos, ageDur, nil
}

// lostConnection is true for errors that are not the server's answer to the
// statement (a closed or refused connection), and for the server's own
// connection and shutdown classes (08, 57P0x).
func (postgresDialect) lostConnection(err error) bool {
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		return !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded)
	}
	return strings.HasPrefix(pgErr.Code, "08") || strings.HasPrefix(pgErr.Code, "57P0")
}

// bulk runs fn in a pgx transaction on one connection of db, so it can use
// COPY.
func (postgresDialect) bulk(ctx context.Context, db *sql.DB, fn func(bulkTx) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("bulk: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		tx, err := dc.(*stdlib.Conn).Conn().Begin(ctx)
		if err != nil {
			return fmt.Errorf("bulk: %w", err)
		}
		if err := fn(pgxBulk{tx}); err != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
			return err
		}
		return tx.Commit(ctx)
	})
}

// pgxBulk is a bulk load's pgx transaction.
type pgxBulk struct{ tx pgx.Tx }

func (b pgxBulk) copyRows(ctx context.Context, table string, columns []string, rows [][]any) error {
	_, err := b.tx.CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(rows))
	return err
}

func (b pgxBulk) exec(ctx context.Context, q string, args ...any) error {
	_, err := b.tx.Exec(ctx, q, args...)
	return err
}

func (b pgxBulk) queryInt(ctx context.Context, q string, args ...any) (int64, error) {
	var n int64
	err := b.tx.QueryRow(ctx, q, args...).Scan(&n)
	return n, err
}
