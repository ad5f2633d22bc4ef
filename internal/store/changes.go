package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// CacheTTL bounds how long a read cached against Version may be reused. Writes
// made through this Store invalidate it at once, and so do writes by other
// instances on the same PostgreSQL database (announced on commit, see
// dialect.announce and listenForChanges); the TTL covers what no one announces: a CLI command
// writing to the SQLite file beside kindred serve.
const CacheTTL = 15 * time.Second

// changes counts the committed write transactions that touched each table,
// and where in the write-ahead log the latest of them ended (with replicas).
type changes struct {
	mu     sync.Mutex
	tables map[string]*tableChanges
	// reads holds the tables each query may read (see freshness).
	readsMu sync.RWMutex
	reads   map[string][]*tableChanges
}

// tableChanges is what changes knows of one table's commits.
type tableChanges struct {
	commits atomic.Uint64
	// lsn is a WAL position at or after the end of the latest commit, when
	// the Store has replicas (0 otherwise).
	lsn atomic.Uint64
}

// table returns a table's record, creating it on first use.
func (c *changes) table(name string) *tableChanges {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tables == nil {
		c.tables = map[string]*tableChanges{}
	}
	t := c.tables[name]
	if t == nil {
		t = new(tableChanges)
		c.tables[name] = t
	}
	return t
}

// counter returns the commit counter of a table, creating it on first use.
func (c *changes) counter(table string) *atomic.Uint64 { return &c.table(table).commits }

// anyTable stands for a write whose table could not be read from its SQL;
// it changes every Version.
const anyTable = "*"

// maxReadQueries bounds how many queries' tables freshness remembers; others
// are read from their SQL each time.
const maxReadQueries = 4096

// freshness returns the WAL position a replica must have replayed to answer
// q: the end of the latest commit known to have written any table q names,
// or a table no one could name (anyTable). Every word of q that could be a
// table counts, so a column named like a table only makes it stricter.
func (c *changes) freshness(q string) lsn {
	need := lsn(c.table(anyTable).lsn.Load())
	for _, t := range c.readTables(q) {
		need = max(need, lsn(t.lsn.Load()))
	}
	return need
}

// readTables returns the records of the words of q that could name tables.
func (c *changes) readTables(q string) []*tableChanges {
	c.readsMu.RLock()
	ts, ok := c.reads[q]
	c.readsMu.RUnlock()
	if ok {
		return ts
	}
	for _, w := range identifiers(q) {
		ts = append(ts, c.table(w))
	}
	c.readsMu.Lock()
	if c.reads == nil || len(c.reads) >= maxReadQueries {
		c.reads = map[string][]*tableChanges{}
	}
	c.reads[q] = ts
	c.readsMu.Unlock()
	return ts
}

// identifiers returns the distinct lower-case words of q that could name a
// table: letters, digits and underscores, not starting with a digit.
func identifiers(q string) []string {
	words := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !(r == '_' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
	seen := map[string]bool{}
	out := words[:0]
	for _, w := range words {
		if w[0] >= '0' && w[0] <= '9' || seen[w] {
			continue
		}
		seen[w] = true
		out = append(out, w)
	}
	return out
}

// bumpAll changes every version at once, as of WAL position pos (0 when
// unknown or without replicas): writes no one could name were made.
func (c *changes) bumpAll(pos lsn) {
	t := c.table(anyTable)
	maxLSN(&t.lsn, pos)
	t.commits.Add(1)
}

// Version returns a number that changes whenever a write transaction that
// touched one of the tables commits through this Store. Caches of reads keep
// the version they were made at and reload when it differs (or after CacheTTL).
func (s *Store) Version(tables ...string) uint64 {
	v := s.changes.counter(anyTable).Load()
	for _, t := range tables {
		v += s.changes.counter(t).Load()
	}
	return v
}

// touch notes the table a write statement changes, for Version after commit.
func (tx *Tx) touch(q string) {
	t := writtenTable(q)
	if t == "" {
		return
	}
	if tx.touched == nil {
		tx.touched = map[string]bool{}
	}
	tx.touched[t] = true
}

// committed bumps the versions of the tables tx wrote, noting first where
// the commit ended in the WAL (pos, 0 without replicas), so a read that sees
// the new version on a replica waits for the replica to replay it.
func (s *Store) committed(tx *Tx, pos lsn) {
	for t := range tx.touched {
		tc := s.changes.table(t)
		maxLSN(&tc.lsn, pos)
		tc.commits.Add(1)
	}
}

// writtenTable returns the table an INSERT, UPDATE or DELETE writes, anyTable
// for another statement that may write (e.g. one starting with WITH), and ""
// for a plain SELECT.
func writtenTable(q string) string {
	f := strings.Fields(q)
	if len(f) == 0 {
		return ""
	}
	var name string
	switch strings.ToUpper(f[0]) {
	case "SELECT":
		return ""
	case "INSERT", "DELETE", "REPLACE":
		name = wordAfter(f, "INTO", "FROM")
	case "UPDATE":
		if len(f) > 1 {
			name = f[1]
		}
	}
	name, _, _ = strings.Cut(strings.ToLower(name), "(")
	if name == "" {
		return anyTable
	}
	return name
}

// wordAfter returns the word after the first of keys found in f.
func wordAfter(f []string, keys ...string) string {
	for i := 0; i+1 < len(f); i++ {
		for _, k := range keys {
			if strings.EqualFold(f[i], k) {
				return f[i+1]
			}
		}
	}
	return ""
}

// Cached is one value read from the database and reused while the Version of
// its tables stays the same, for at most CacheTTL. The zero value is empty.
type Cached[T any] struct {
	mu      sync.Mutex
	ok      bool
	version uint64
	at      time.Time
	val     T
	loading *cacheLoad[T] // the load in flight, if any
}

// cacheLoad is one load of a Cached value that concurrent Gets of the same
// version wait for instead of loading again.
type cacheLoad[T any] struct {
	version uint64
	done    chan struct{}
	val     T
	err     error
}

// Get returns the cached value, or calls load and keeps its result when the
// tables changed since, CacheTTL passed or nothing is cached yet. The version
// is read before loading, so a write that commits during load only makes the
// next Get load again. Gets that miss while a load of the same version runs
// wait for it and share its result (and error), so a page that many people
// open at once after a change is read from the database once.
func (c *Cached[T]) Get(s *Store, tables []string, load func() (T, error)) (T, error) {
	v, now := s.Version(tables...), s.Now()
	c.mu.Lock()
	if c.ok && c.version == v && now.Sub(c.at) < CacheTTL {
		val := c.val
		c.mu.Unlock()
		return val, nil
	}
	if l := c.loading; l != nil && l.version == v {
		c.mu.Unlock()
		<-l.done
		return l.val, l.err
	}
	l := &cacheLoad[T]{version: v, done: make(chan struct{}), err: errLoadPanicked}
	c.loading = l
	c.mu.Unlock()
	defer c.finish(l, now) // also when load panics: the waiters get an error
	l.val, l.err = load()
	return l.val, l.err
}

// errLoadPanicked is what Gets waiting on a load that panicked get.
var errLoadPanicked = errors.New("cached read: the load panicked")

// finish keeps a load's result (unless a newer version is already kept) and
// releases the Gets waiting for it.
func (c *Cached[T]) finish(l *cacheLoad[T], now time.Time) {
	c.mu.Lock()
	if c.loading == l {
		c.loading = nil
	}
	if l.err == nil && (!c.ok || l.version >= c.version) {
		c.ok, c.version, c.at, c.val = true, l.version, now, l.val
	}
	c.mu.Unlock()
	close(l.done)
}

// cachedMapKeys is how many keys a CachedMap holds; all are dropped when a
// new key would exceed it.
const cachedMapKeys = 512

// CachedMap is a set of Cached values by key. The zero value is empty.
type CachedMap[T any] struct {
	mu sync.Mutex
	m  map[string]*Cached[T]
}

// Get is Cached.Get for the value under key.
func (c *CachedMap[T]) Get(s *Store, key string, tables []string, load func() (T, error)) (T, error) {
	c.mu.Lock()
	e := c.m[key]
	if e == nil {
		if c.m == nil || len(c.m) >= cachedMapKeys {
			c.m = make(map[string]*Cached[T])
		}
		e = new(Cached[T])
		c.m[key] = e
	}
	c.mu.Unlock()
	val, err := e.Get(s, tables, load)
	if err != nil {
		// A key that loads nothing (an unknown token, say) keeps no room, so
		// a stream of bad keys cannot push the good ones out.
		c.mu.Lock()
		if c.m[key] == e && !e.loaded() {
			delete(c.m, key)
		}
		c.mu.Unlock()
	}
	return val, err
}

// loaded reports whether c holds a value.
func (c *Cached[T]) loaded() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ok
}

// changesChannel is the PostgreSQL channel on which each commit names the
// tables it wrote, so every kindred instance on the database drops its cached
// reads of them at once (see Store.Version). SQLite is served by one process;
// CacheTTL bounds what a CLI command changes beside it.
const changesChannel = "kindred_changes"

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
	pos, err := s.walPositionOn(ctx, conn)
	if err != nil {
		return err
	}
	s.changes.bumpAll(pos)
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
		// The notification arrives after the commit, so the WAL position
		// now is past it.
		if pos, err = s.walPositionOn(ctx, conn); err != nil {
			return err
		}
		for _, t := range strings.Split(tables, ",") {
			tc := s.changes.table(t)
			maxLSN(&tc.lsn, pos)
			tc.commits.Add(1)
		}
	}
}

// walPositionOn returns the primary's WAL insert position read on conn when
// the Store has replicas, and 0 otherwise.
func (s *Store) walPositionOn(ctx context.Context, conn *pgx.Conn) (lsn, error) {
	if len(s.replicaDSNs) == 0 {
		return 0, nil
	}
	var text string
	if err := conn.QueryRow(ctx, walPositionSQL).Scan(&text); err != nil {
		return 0, fmt.Errorf("WAL position: %w", err)
	}
	return parseLSN(text)
}
