package jobs

import (
	"context"
	"errors"
	"time"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
)

// themesArgs asks for a new theme run over one campaign's approved stories.
type themesArgs struct {
	CampaignID int64 `json:"campaign_id"`
}

func (themesArgs) Kind() string { return "find_themes" }

type themesWorker struct {
	river.WorkerDefaults[themesArgs]
	store *store.Store
}

// Work themes the campaign. A campaign with nothing to theme yet is not an
// error worth retrying.
func (w *themesWorker) Work(ctx context.Context, job *river.Job[themesArgs]) error {
	_, err := sensemaking.Run(ctx, w.store, job.Args.CampaignID)
	if errors.Is(err, sensemaking.ErrNoStories) {
		return nil
	}
	return err
}

// Timeout allows large campaigns (100,000 stories) their seconds of analysis.
func (w *themesWorker) Timeout(*river.Job[themesArgs]) time.Duration { return 10 * time.Minute }

// FindThemes schedules a theme run of the campaign, in tx.
func (q *Queue) FindThemes(ctx context.Context, tx *store.Tx, campaignID int64) error {
	_, err := q.client.InsertTx(ctx, tx.SQL(), themesArgs{CampaignID: campaignID}, nil)
	return err
}
