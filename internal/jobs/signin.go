package jobs

import (
	"context"
	"fmt"
	"net/url"
	"time"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// SendSignInMail stores m, whose sign-in link reads kindred.HiddenSecret in
// place of its token, and schedules its delivery inside tx: the mail job
// makes the link as it hands the message to the mail server (see
// mailWorker.Work), so neither the outbox nor the job holds a usable link.
func (q *Queue) SendSignInMail(ctx context.Context, tx *store.Tx, m kindred.Mail, link SignInLink) (int64, error) {
	id, err := tx.InsertMail(ctx, m)
	if err != nil {
		return 0, err
	}
	if _, err := q.client.InsertTx(ctx, tx.SQL(), mailArgs{MessageID: id, Link: &link}, nil); err != nil {
		return 0, fmt.Errorf("schedule mail: %w", err)
	}
	return id, nil
}

// MailSignInLink composes message name ("signin", "welcome") for a, with
// extra template data, and sends it with its sign-in link (SendSignInMail).
func (q *Queue) MailSignInLink(ctx context.Context, tx *store.Tx, a *kindred.Account, name string, link SignInLink, extra map[string]any) error {
	data := map[string]any{
		"Name": a.Name, "URL": q.baseURL + "/signin/link?token=" + url.QueryEscape(kindred.HiddenSecret),
		"Minutes": int(link.TTL.Minutes()), "BaseURL": q.baseURL,
	}
	for k, v := range extra {
		data[k] = v
	}
	m, err := q.composer.Compose(name, a.Email, data)
	if err != nil {
		return err
	}
	link.AccountID = a.ID
	_, err = q.SendSignInMail(ctx, tx, m, link)
	return err
}

// signinRequestArgs asks for a sign-in link for whoever holds Email.
type signinRequestArgs struct {
	Email    string        `json:"email"`
	Redirect string        `json:"redirect"`
	TTL      time.Duration `json:"ttl"`
}

func (signinRequestArgs) Kind() string { return "signin_request" }

// RequestSignInLink schedules, inside tx, a sign-in link for the account
// holding email, if there is one, leading to redirect. The job, not the
// request, looks the address up: a request for an address without an
// account does the same work, in the same time, as one for an address with
// one, so its answer tells nobody which addresses have accounts.
func (q *Queue) RequestSignInLink(ctx context.Context, tx *store.Tx, email, redirect string, ttl time.Duration) error {
	_, err := q.client.InsertTx(ctx, tx.SQL(), signinRequestArgs{Email: email, Redirect: redirect, TTL: ttl}, nil)
	if err != nil {
		return fmt.Errorf("schedule sign-in link: %w", err)
	}
	return nil
}

type signinRequestWorker struct {
	river.WorkerDefaults[signinRequestArgs]
	q *Queue
}

// Work mails a sign-in link to the account with the address, and does
// nothing for an address without one.
func (w *signinRequestWorker) Work(ctx context.Context, job *river.Job[signinRequestArgs]) error {
	a, err := w.q.store.AccountByEmail(ctx, job.Args.Email)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	return w.q.store.WithTx(ctx, func(tx *store.Tx) error {
		return w.q.MailSignInLink(ctx, tx, a, "signin", SignInLink{Redirect: job.Args.Redirect, TTL: job.Args.TTL}, nil)
	})
}
