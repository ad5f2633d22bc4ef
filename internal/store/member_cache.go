package store

import (
	"context"
	"sync"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// memberCacheTables are the tables a member is read from: the profile, the
// lists, the affiliations with their organizations' names, the city's name,
// and accounts (deleting an account unlinks its member).
var memberCacheTables = []string{"members", "member_values", "affiliations", "organizations", "cities", "accounts"}

// memberCacheSize bounds how many members memberCache holds (about 1.3 KB
// each on the demo network, so some 13 MB at most); all are dropped when one
// more would exceed it.
const memberCacheSize = 10000

// memberCache holds members as lists show them, each reused while the
// Version of memberCacheTables is the one it was read at and for at most
// CacheTTL. A list then pays for its ids query and for the members not read
// since the last write, not for every member's rows again. The members are
// shared by every caller and never changed once cached. The zero value is
// empty.
type memberCache struct {
	mu   sync.Mutex
	byID map[int64]cachedMember
}

// cachedMember is one member with the version and time it was read at.
type cachedMember struct {
	m       *kindred.Member
	version uint64
	at      time.Time
}

// sharedMembers returns the members with ids, in the order of ids, reading
// those not cached (or cached before a write) in one query per 500; ids of
// members that no longer exist are skipped. The members are the cache's own:
// callers must not change them. The version is read before loading, so a
// write that commits meanwhile only makes the next call read again.
func (s *Store) sharedMembers(ctx context.Context, ids []int64) ([]*kindred.Member, error) {
	c := &s.caches.members
	v, now := s.Version(memberCacheTables...), s.Now()
	out := make([]*kindred.Member, len(ids))
	var missing []int64
	c.mu.Lock()
	for i, id := range ids {
		e, ok := c.byID[id]
		if ok && e.version == v && now.Sub(e.at) < CacheTTL {
			out[i] = e.m
		} else {
			missing = append(missing, id)
		}
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	loaded, err := s.membersByIDs(ctx, missing)
	if err != nil {
		return nil, err
	}
	c.keep(loaded, v, now)
	byID := make(map[int64]*kindred.Member, len(loaded))
	for _, m := range loaded {
		byID[m.ID] = m
	}
	found := out[:0]
	for i, m := range out {
		if m == nil {
			m = byID[ids[i]]
		}
		if m != nil {
			found = append(found, m)
		}
	}
	return found, nil
}

// keep caches members read at version v.
func (c *memberCache) keep(ms []*kindred.Member, v uint64, at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.byID == nil || len(c.byID)+len(ms) > memberCacheSize {
		c.byID = make(map[int64]cachedMember, min(len(ms), memberCacheSize))
	}
	for _, m := range ms {
		c.byID[m.ID] = cachedMember{m, v, at}
	}
}
