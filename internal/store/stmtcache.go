package store

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the prepared statements a stmtCache keeps; queries
// beyond it (say, IN lists of ever new lengths) run unprepared as before.
const maxCachedStmts = 512

// stmtCache keeps the read pool's statements prepared on SQLite, where
// preparing a statement is a fifth of a short read's time; database/sql
// prepares each once per connection and reuses it. PostgreSQL needs none:
// pgx caches prepared statements per connection itself.
type stmtCache struct {
	mu sync.Mutex
	db *sql.DB
	m  map[string]*sql.Stmt
}

// stmt returns q prepared on the read pool, or nil when the cache is off or
// full, or q does not prepare (the caller then runs it as is, to get the
// error in the usual place).
func (c *stmtCache) stmt(ctx context.Context, q string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[q]; ok {
		return st
	}
	if len(c.m) >= maxCachedStmts {
		return nil
	}
	st, err := c.db.PrepareContext(context.WithoutCancel(ctx), q)
	if err != nil {
		return nil
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[q] = st
	return st
}

// close closes the kept statements.
func (c *stmtCache) close() {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}
