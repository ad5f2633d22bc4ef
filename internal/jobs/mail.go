package jobs

import (
	"context"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// mailArgs asks for one stored message to be delivered.
type mailArgs struct {
	MessageID int64 `json:"message_id"`
}

func (mailArgs) Kind() string { return "send_mail" }

type mailWorker struct {
	river.WorkerDefaults[mailArgs]
	store  *store.Store
	sender Sender
	log    *slog.Logger
}

// Work delivers the message once. A message already sent (a retry after a
// crash between sending and recording) is not sent again.
func (w *mailWorker) Work(ctx context.Context, job *river.Job[mailArgs]) error {
	m, err := w.store.Mail(ctx, job.Args.MessageID)
	if err != nil {
		return err
	}
	if m.Status != kindred.MailQueued && m.Status != kindred.MailFailed {
		return nil
	}
	if w.sender == nil {
		return w.mark(ctx, m.ID, kindred.MailOutbox, "")
	}
	if err := w.sender.Send(ctx, m); err != nil {
		w.log.Warn("mail delivery failed", "mail_id", m.ID, "attempt", job.Attempt, "err", err)
		if markErr := w.mark(ctx, m.ID, kindred.MailFailed, err.Error()); markErr != nil {
			w.log.Error("record mail failure", "mail_id", m.ID, "err", markErr)
		}
		return err
	}
	return w.mark(ctx, m.ID, kindred.MailSent, "")
}

func (w *mailWorker) mark(ctx context.Context, id int64, status kindred.MailStatus, errText string) error {
	return w.store.WithTx(ctx, func(tx *store.Tx) error { return tx.MarkMail(ctx, id, status, errText) })
}

// cleanupArgs asks for expired sessions and links to be removed.
type cleanupArgs struct{}

func (cleanupArgs) Kind() string { return "cleanup" }

type cleanupWorker struct {
	river.WorkerDefaults[cleanupArgs]
	store *store.Store
}

// Work deletes expired sessions and sign-in links.
func (w *cleanupWorker) Work(ctx context.Context, _ *river.Job[cleanupArgs]) error {
	return w.store.WithTx(ctx, func(tx *store.Tx) error { return tx.DeleteExpired(ctx) })
}
