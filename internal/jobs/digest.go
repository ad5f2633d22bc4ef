package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/mail"
	"github.com/kindredhq/kindred/internal/store"
)

// DigestEvery is how often a member who asked for it gets the digest.
const DigestEvery = 7 * 24 * time.Hour

// digestArgs asks for the weekly digests that are due.
type digestArgs struct{}

func (digestArgs) Kind() string { return "practice_digest" }

type digestWorker struct {
	river.WorkerDefaults[digestArgs]
	store    *store.Store
	composer *mail.Composer
	queue    *Queue
	baseURL  string
}

// Work sends each due member their digest of new practices and adoptions in
// their city and interests; a week with nothing for them sends nothing.
func (w *digestWorker) Work(ctx context.Context, _ *river.Job[digestArgs]) error {
	if w.composer == nil {
		return nil
	}
	since := w.store.Now().Add(-DigestEvery)
	due, err := w.store.DigestDue(ctx, since)
	if err != nil {
		return err
	}
	for _, a := range due {
		if err := w.send(ctx, a, since); err != nil {
			return fmt.Errorf("digest for account %d: %w", a.ID, err)
		}
	}
	return nil
}

func (w *digestWorker) send(ctx context.Context, a *kindred.Account, since time.Time) error {
	m, err := w.store.MemberByAccount(ctx, a.ID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		m, err = &kindred.Member{Name: a.DisplayName()}, nil
	}
	if err != nil {
		return err
	}
	items, err := w.store.DigestFor(ctx, m, since)
	if err != nil {
		return err
	}
	// Outside the transaction: the link key may be written on first use,
	// and SQLite has one writer.
	unsub, err := w.queue.UnsubscribeURL(ctx, a.ID, kindred.UnsubscribePractices)
	if err != nil {
		return err
	}
	return w.store.WithTx(ctx, func(tx *store.Tx) error {
		claimed, err := tx.ClaimDigest(ctx, a.ID, since)
		if err != nil || !claimed {
			return err
		}
		if len(items) > 0 {
			msg, err := w.composer.Compose("digest", a.Email, map[string]any{"Name": m.Name, "Items": items, "BaseURL": w.baseURL,
				"UnsubscribeURL": unsub})
			if err != nil {
				return err
			}
			msg.ListUnsubscribe = unsub
			if _, err := w.queue.SendMail(ctx, tx, msg); err != nil {
				return err
			}
		}
		return nil
	})
}

// SendDigests runs the digest now (for tests and operators).
func (q *Queue) SendDigests(ctx context.Context, tx *store.Tx) error {
	_, err := q.client.InsertTx(ctx, tx.SQL(), digestArgs{}, nil)
	return err
}
