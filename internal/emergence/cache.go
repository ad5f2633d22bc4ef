package emergence

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"

	"github.com/kindredhq/kindred/internal/store"
)

// maxCached bounds the reports a Reports cache keeps.
const maxCached = 48

// Reports keeps decoded snapshot reports by snapshot id. Snapshots never
// change once taken, so a cached report is never stale, on any instance.
// The zero value is not usable; call NewReports.
type Reports struct {
	mu   sync.Mutex
	byID map[int64]*Report
	// history is the latest History by its length, kept until a snapshot
	// is taken (or removed), so a page asks the database for nothing.
	history store.CachedMap[[]*Report]
}

// NewReports returns an empty cache.
func NewReports() *Reports { return &Reports{byID: map[int64]*Report{}} }

// History returns up to n reports, oldest first, decoding only those not
// decoded before (a large network's report is a few hundred kilobytes).
// The reports and the slice are shared between callers: never change them.
// It returns the store's errors and a report's decoding error.
func (c *Reports) History(ctx context.Context, st *store.Store, n int) ([]*Report, error) {
	return c.history.Get(st, strconv.Itoa(n), store.SnapshotTables, func() ([]*Report, error) {
		return c.load(context.WithoutCancel(ctx), st, n)
	})
}

// load reads the index of the n latest snapshots and their reports.
func (c *Reports) load(ctx context.Context, st *store.Store, n int) ([]*Report, error) {
	idx, err := st.SnapshotIndex(ctx, n)
	if err != nil {
		return nil, err
	}
	out := make([]*Report, 0, len(idx))
	for _, rec := range idx {
		r, err := c.get(ctx, st, rec.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

func (c *Reports) get(ctx context.Context, st *store.Store, id int64) (*Report, error) {
	c.mu.Lock()
	r, ok := c.byID[id]
	c.mu.Unlock()
	if ok {
		return r, nil
	}
	b, err := st.SnapshotReport(ctx, id)
	if err != nil {
		return nil, err
	}
	r = &Report{}
	if err := json.Unmarshal(b, r); err != nil {
		return nil, fmt.Errorf("snapshot %d: %w", id, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.byID) >= maxCached {
		for k := range c.byID {
			delete(c.byID, k)
			break
		}
	}
	c.byID[id] = r
	return r, nil
}
