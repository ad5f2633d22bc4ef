package jobs

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// mailArgs asks for one stored message to be delivered.
type mailArgs struct {
	MessageID int64 `json:"message_id"`
	// Link, when set, is the sign-in link the message carries: the stored
	// message holds kindred.HiddenSecret in place of its token, and the
	// worker makes the link as it hands the message to the mail server.
	Link *SignInLink `json:"link,omitempty"`
}

func (mailArgs) Kind() string { return "send_mail" }

// SignInLink describes the sign-in link a message carries, without its
// secret: whose account it signs in, where it leads, how long it works.
type SignInLink struct {
	AccountID int64         `json:"account_id"`
	Redirect  string        `json:"redirect"`
	TTL       time.Duration `json:"ttl"`
}

type mailWorker struct {
	river.WorkerDefaults[mailArgs]
	store  *store.Store
	sender Sender
	log    *slog.Logger
}

// Work delivers the message once. A message already sent (a retry after a
// crash between sending and recording) is not sent again. A message with a
// sign-in link gets a new link at each attempt, made just before sending
// and revoked if the sending fails; kept in the outbox (no mail server), it
// gets none, so nobody reading the outbox can sign in as its recipient.
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
	secret, err := w.fillLink(ctx, m, job.Args.Link)
	if err != nil {
		return err
	}
	if err := w.sender.Send(ctx, m); err != nil {
		w.log.Warn("mail delivery failed", "mail_id", m.ID, "attempt", job.Attempt, "err", err)
		if markErr := w.failed(ctx, m.ID, secret, err); markErr != nil {
			w.log.Error("record mail failure", "mail_id", m.ID, "err", markErr)
		}
		return err
	}
	return w.mark(ctx, m.ID, kindred.MailSent, "")
}

// fillLink makes the message's sign-in link, if it has one, and puts its
// secret in the message in place of kindred.HiddenSecret. It returns the
// secret ("" for none).
func (w *mailWorker) fillLink(ctx context.Context, m *kindred.Mail, link *SignInLink) (string, error) {
	if link == nil {
		return "", nil
	}
	var secret string
	err := w.store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		secret, err = tx.CreateMagicLink(ctx, &link.AccountID, store.LinkSignIn, link.TTL, link.Redirect)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("make the sign-in link of mail %d: %w", m.ID, err)
	}
	m.Text = strings.ReplaceAll(m.Text, kindred.HiddenSecret, secret)
	m.HTML = strings.ReplaceAll(m.HTML, kindred.HiddenSecret, secret)
	return secret, nil
}

// failed records a failed attempt and revokes the link made for it.
func (w *mailWorker) failed(ctx context.Context, id int64, secret string, cause error) error {
	return w.store.WithTx(ctx, func(tx *store.Tx) error {
		if secret != "" {
			if err := tx.RevokeMagicLink(ctx, secret); err != nil {
				return err
			}
		}
		return tx.MarkMail(ctx, id, kindred.MailFailed, cause.Error())
	})
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
