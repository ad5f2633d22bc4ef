package web

import (
	"context"
	"sync"
	"time"

	"github.com/kindredhq/kindred/internal/store"
)

// facetsTTL is how long the directory's filter menus are reused: counting
// every tag and language of a large network on each page view is wasteful,
// and a new tag appearing a minute late harms no one.
const facetsTTL = time.Minute

// cachedFacets keeps the directory's filter values for facetsTTL.
type cachedFacets struct {
	mu  sync.Mutex
	at  time.Time
	val store.DirectoryFacets
}

// get returns the cached facets, loading them when older than facetsTTL.
func (c *cachedFacets) get(ctx context.Context, st *store.Store, now time.Time) (store.DirectoryFacets, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && now.Sub(c.at) < facetsTTL {
		return c.val, nil
	}
	f, err := st.Facets(ctx)
	if err != nil {
		return f, err
	}
	c.val, c.at = f, now
	return f, nil
}
