package translate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
)

// Key identifies one translation: the same text between the same
// languages always translates the same way.
type Key struct {
	Source, Target, Text string
}

// Hash returns a fixed-length identifier of the key (SHA-256, hex), for a
// cache that stores keys in a database column.
func (k Key) Hash() string {
	h := sha256.New()
	for _, part := range []string{k.Source, k.Target, k.Text} {
		h.Write([]byte(part))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Cache keeps translations so that a text is sent to the server once per
// target language. A store-backed implementation keeps them across
// restarts; MemoryCache keeps them in the process. Implementations must be
// safe for concurrent use; an error makes the translation fail.
type Cache interface {
	Get(ctx context.Context, k Key) (text string, ok bool, err error)
	Put(ctx context.Context, k Key, text string) error
}

// MemoryCache is a Cache in memory holding at most Max translations; when
// full, a new one replaces an arbitrary old one. The zero value holds up
// to 10,000.
type MemoryCache struct {
	Max int
	mu  sync.Mutex
	m   map[string]string
}

// Get returns the cached translation of k. It never fails.
func (c *MemoryCache) Get(_ context.Context, k Key) (string, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t, ok := c.m[k.Hash()]
	return t, ok, nil
}

// Put stores the translation of k. It never fails.
func (c *MemoryCache) Put(_ context.Context, k Key, text string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]string{}
	}
	limit := c.Max
	if limit <= 0 {
		limit = 10000
	}
	h := k.Hash()
	if _, ok := c.m[h]; !ok && len(c.m) >= limit {
		for old := range c.m {
			delete(c.m, old)
			break
		}
	}
	c.m[h] = text
	return nil
}
