package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Follow-up emails after a gathering (templates gathering_followup and
// gathering_followup_check).
const (
	MailFollowUp      = "followup"       // whom from your table will you follow up with?
	MailFollowUpCheck = "followup_check" // 30 days on: did the follow-up happen?
)

// FollowUpAfter is how long after a mutual nomination both are asked whether
// the follow-up happened.
const FollowUpAfter = 30 * 24 * time.Hour

// AskFollowUps schedules, inside tx, the "whom will you follow up with?"
// email to every guest who attended the gathering (call it when the
// gathering is marked held, after no-shows are marked).
func (q *Queue) AskFollowUps(ctx context.Context, tx *store.Tx, gatheringID int64) error {
	guests, err := tx.ListRSVPs(ctx, gatheringID, kindred.RSVPAttended)
	if err != nil {
		return err
	}
	for _, v := range guests {
		if err := q.NotifyGathering(ctx, tx, MailFollowUp, gatheringID, v.MemberID); err != nil {
			return err
		}
	}
	return nil
}

// FollowUpLink returns a member's personal follow-up page for a gathering;
// it works without signing in, until well after the 30-day question.
func (q *Queue) FollowUpLink(ctx context.Context, g *kindred.Gathering, memberID int64) (string, error) {
	return FollowUpLink(ctx, q.store, q.baseURL, g, memberID)
}

// FollowUpLink is Queue.FollowUpLink for callers without a queue (pages).
func FollowUpLink(ctx context.Context, s *store.Store, baseURL string, g *kindred.Gathering, memberID int64) (string, error) {
	key, err := s.LinkKey(ctx, "followup")
	if err != nil {
		return "", err
	}
	return baseURL + "/followup/" + kindred.FollowUpToken(g, memberID).Sign(key), nil
}

// followUpCheckArgs asks both members of a follow-up whether it happened.
type followUpCheckArgs struct {
	GatheringID int64 `json:"gathering_id"`
	A           int64 `json:"a"`
	B           int64 `json:"b"`
}

func (followUpCheckArgs) Kind() string { return "follow_up_check" }

// ScheduleFollowUpChecks schedules, inside tx, the 30-day question of each
// follow-up, FollowUpAfter from the queue's clock.
func (q *Queue) ScheduleFollowUpChecks(ctx context.Context, tx *store.Tx, made []store.FollowUp) error {
	at := q.now().Add(FollowUpAfter)
	for _, f := range made {
		_, err := q.client.InsertTx(ctx, tx.SQL(), followUpCheckArgs{GatheringID: f.GatheringID, A: f.A, B: f.B},
			&river.InsertOpts{ScheduledAt: at})
		if err != nil {
			return fmt.Errorf("schedule follow-up check: %w", err)
		}
	}
	return nil
}

type followUpCheckWorker struct {
	river.WorkerDefaults[followUpCheckArgs]
	q *Queue
}

// Work asks both members once, however often the job runs.
func (w *followUpCheckWorker) Work(ctx context.Context, job *river.Job[followUpCheckArgs]) error {
	a := job.Args
	return w.q.store.WithTx(ctx, func(tx *store.Tx) error {
		first, err := tx.MarkFollowUpAsked(ctx, a.GatheringID, a.A, a.B)
		if err != nil || !first {
			return err
		}
		return w.q.NotifyGathering(ctx, tx, MailFollowUpCheck, a.GatheringID, a.A, a.B)
	})
}
