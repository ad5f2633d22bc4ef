package store

import (
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// CacheTTL bounds how long a read cached against Version may be reused. Writes
// made through this Store invalidate it at once, and so do writes by other
// instances on the same PostgreSQL database (announced on commit, see
// dialect.announce); the TTL covers what no one announces: a CLI command
// writing to the SQLite file beside kindred serve.
const CacheTTL = 15 * time.Second

// changes counts the committed write transactions that touched each table.
type changes struct {
	mu     sync.Mutex
	tables map[string]*atomic.Uint64
}

// counter returns the counter of a table, creating it on first use.
func (c *changes) counter(table string) *atomic.Uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tables == nil {
		c.tables = map[string]*atomic.Uint64{}
	}
	n := c.tables[table]
	if n == nil {
		n = new(atomic.Uint64)
		c.tables[table] = n
	}
	return n
}

// anyTable stands for a write whose table could not be read from its SQL;
// it changes every Version.
const anyTable = "*"

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

// committed bumps the versions of the tables tx wrote.
func (s *Store) committed(tx *Tx) {
	for t := range tx.touched {
		s.changes.counter(t).Add(1)
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
}

// Get returns the cached value, or calls load and keeps its result when the
// tables changed since, CacheTTL passed or nothing is cached yet. The version
// is read before loading, so a write that commits during load only makes the
// next Get load again.
func (c *Cached[T]) Get(s *Store, tables []string, load func() (T, error)) (T, error) {
	v, now := s.Version(tables...), s.Now()
	c.mu.Lock()
	if c.ok && c.version == v && now.Sub(c.at) < CacheTTL {
		val := c.val
		c.mu.Unlock()
		return val, nil
	}
	c.mu.Unlock()
	val, err := load()
	if err != nil {
		return val, err
	}
	c.mu.Lock()
	c.ok, c.version, c.at, c.val = true, v, now, val
	c.mu.Unlock()
	return val, nil
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
