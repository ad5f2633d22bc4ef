package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/store"
)

// reminderScanArgs asks for the reminders now due to be scheduled.
type reminderScanArgs struct{}

func (reminderScanArgs) Kind() string { return "gathering_reminders" }

type reminderWorker struct {
	river.WorkerDefaults[reminderScanArgs]
	q *Queue
}

// Work finds going guests whose gathering starts within a reminder's lead
// time and schedules one reminder each, recording it so it goes out once
// even with several instances scanning.
func (w *reminderWorker) Work(ctx context.Context, _ *river.Job[reminderScanArgs]) error {
	now := w.q.now().UTC()
	prev := time.Duration(0)
	for _, lead := range w.q.reminders {
		kind := "before-" + lead.String()
		from, to := now.Add(prev), now.Add(lead)
		err := w.q.store.WithTx(ctx, func(tx *store.Tx) error {
			due, err := tx.DueReminders(ctx, kind, from, to)
			if err != nil {
				return err
			}
			for _, d := range due {
				if err := w.q.NotifyGathering(ctx, tx, MailReminder, d.GatheringID, d.MemberID); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		prev = lead
	}
	return nil
}

// ScanReminders schedules a reminder scan now (they also run every minute).
func (q *Queue) ScanReminders(ctx context.Context) error {
	_, err := q.client.Insert(ctx, reminderScanArgs{}, nil)
	return err
}
