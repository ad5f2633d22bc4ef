package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
)

// themesArgs asks for a new theme run over one campaign's approved stories,
// or, with IfStale, over every campaign whose stories changed since its
// latest run (the periodic check).
type themesArgs struct {
	CampaignID int64 `json:"campaign_id"`
	IfStale    bool  `json:"if_stale"`
}

func (themesArgs) Kind() string { return "find_themes" }

type themesWorker struct {
	river.WorkerDefaults[themesArgs]
	store *store.Store
}

// Work themes the campaign. A campaign with nothing to theme yet is not an
// error worth retrying.
func (w *themesWorker) Work(ctx context.Context, job *river.Job[themesArgs]) error {
	if !job.Args.IfStale {
		return w.run(ctx, job.Args.CampaignID)
	}
	list, err := w.store.Campaigns(ctx)
	if err != nil {
		return err
	}
	for _, c := range list {
		stale, err := w.store.ThemesStale(ctx, c.ID)
		if err != nil {
			return err
		}
		if stale {
			if err := w.run(ctx, c.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

func (w *themesWorker) run(ctx context.Context, campaignID int64) error {
	_, err := sensemaking.Run(ctx, w.store, campaignID)
	if errors.Is(err, sensemaking.ErrNoStories) {
		return nil
	}
	return err
}

// Timeout allows large campaigns (100,000 stories) their seconds of analysis.
func (w *themesWorker) Timeout(*river.Job[themesArgs]) time.Duration { return 10 * time.Minute }

// RethemeEvery is how often campaigns whose stories changed are themed again.
const RethemeEvery = time.Hour

// FindThemes schedules a theme run of the campaign, in tx.
func (q *Queue) FindThemes(ctx context.Context, tx *store.Tx, campaignID int64) error {
	_, err := q.client.InsertTx(ctx, tx.SQL(), themesArgs{CampaignID: campaignID}, nil)
	return err
}
