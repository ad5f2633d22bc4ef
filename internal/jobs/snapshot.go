package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/store"
)

// SnapshotEvery is how often the network is measured: the monthly snapshots
// that give every metric a trend.
const SnapshotEvery = 30 * 24 * time.Hour

// snapshotArgs asks for a snapshot of the relationship network; IfDue skips
// it when the latest is recent (the daily check).
type snapshotArgs struct {
	IfDue bool `json:"if_due"`
}

func (snapshotArgs) Kind() string { return "network_snapshot" }

type snapshotWorker struct {
	river.WorkerDefaults[snapshotArgs]
	store *store.Store
}

// Work takes a snapshot unless one is not due yet. An empty ledger is not an
// error: there is nothing to measure yet.
func (w *snapshotWorker) Work(ctx context.Context, job *river.Job[snapshotArgs]) error {
	now := w.store.Now()
	if job.Args.IfDue {
		last, err := w.store.Snapshots(ctx, 1)
		if err != nil {
			return err
		}
		if len(last) == 1 && now.Sub(last[0].TakenAt) < SnapshotEvery {
			return nil
		}
	}
	_, err := emergence.Take(ctx, w.store, now, 1)
	if errors.Is(err, emergence.ErrNoTies) {
		return nil
	}
	return err
}

// Timeout allows large networks several seconds of analysis.
func (w *snapshotWorker) Timeout(*river.Job[snapshotArgs]) time.Duration { return 5 * time.Minute }

// TakeSnapshot schedules a snapshot of the network now, in tx.
func (q *Queue) TakeSnapshot(ctx context.Context, tx *store.Tx) error {
	_, err := q.client.InsertTx(ctx, tx.SQL(), snapshotArgs{}, nil)
	return err
}
