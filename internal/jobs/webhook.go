package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/riverqueue/river"
	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// WebhookAttempts is how many times one event is offered to a webhook
// before the delivery counts as failed.
const WebhookAttempts = 8

// webhookSchedule is the wait before each retry, after the Standard
// Webhooks recommendation (seconds, then minutes, then hours); the last
// entry repeats.
var webhookSchedule = []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour,
	5 * time.Hour, 10 * time.Hour, 10 * time.Hour}

// Emit records ev in the events outbox and schedules its delivery to the
// webhooks subscribed to its type, both inside tx: nothing is told of a
// change that did not commit, and nothing committed goes untold. actorID
// is the account that caused it (0 for none).
func (q *Queue) Emit(ctx context.Context, tx *store.Tx, actorID int64, ev kindred.Event) error {
	id, err := tx.RecordEvent(ctx, actorID, ev)
	if err != nil {
		return err
	}
	if _, err := q.client.InsertTx(ctx, tx.SQL(), fanOutArgs{EventID: id}, nil); err != nil {
		return fmt.Errorf("schedule event %s: %w", ev.Type, err)
	}
	return nil
}

// fanOutArgs asks for one event to be offered to every webhook that wants it.
type fanOutArgs struct {
	EventID int64 `json:"event_id"`
}

func (fanOutArgs) Kind() string { return "webhook_fan_out" }

type fanOutWorker struct {
	river.WorkerDefaults[fanOutArgs]
	q *Queue
}

// Work schedules one delivery per subscribed webhook, all at once.
func (w *fanOutWorker) Work(ctx context.Context, job *river.Job[fanOutArgs]) error {
	ev, err := w.q.store.Event(ctx, job.Args.EventID)
	if err != nil {
		return err
	}
	hooks, err := w.q.store.Webhooks(ctx)
	if err != nil {
		return err
	}
	var params []river.InsertManyParams
	for _, h := range hooks {
		if h.Wants(ev.Type) {
			params = append(params, river.InsertManyParams{Args: deliverArgs{WebhookID: h.ID, EventID: ev.ID},
				InsertOpts: &river.InsertOpts{MaxAttempts: WebhookAttempts}})
		}
	}
	if len(params) == 0 {
		return nil
	}
	return w.q.store.WithTx(ctx, func(tx *store.Tx) error {
		_, err := w.q.client.InsertManyTx(ctx, tx.SQL(), params)
		return err
	})
}

// deliverArgs asks for one event to be delivered to one webhook.
type deliverArgs struct {
	WebhookID int64 `json:"webhook_id"`
	EventID   int64 `json:"event_id"`
}

func (deliverArgs) Kind() string { return "webhook_deliver" }

type deliverWorker struct {
	river.WorkerDefaults[deliverArgs]
	q       *Queue
	client  *http.Client
	backoff func(attempt int) time.Duration
}

func newDeliverWorker(q *Queue, cfg Config) *deliverWorker {
	w := &deliverWorker{q: q, client: cfg.WebhookClient, backoff: cfg.WebhookBackoff}
	if w.client == nil {
		w.client = &http.Client{Timeout: 10 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if w.backoff == nil {
		w.backoff = webhookBackoff
	}
	return w
}

// NextRetry waits as the Standard Webhooks schedule says, on the queue's
// own (real) clock.
func (w *deliverWorker) NextRetry(job *river.Job[deliverArgs]) time.Time {
	return time.Now().Add(w.backoff(job.Attempt))
}

// webhookBackoff is the default wait after the attempt-th failure.
func webhookBackoff(attempt int) time.Duration {
	return webhookSchedule[min(max(attempt, 1), len(webhookSchedule))-1]
}

// Work posts the event, signed, and logs the answer. A webhook switched
// off or deleted since is skipped. A failure is retried by the queue until
// the last attempt, whose failure counts against the webhook (see
// store.Tx.RecordDelivery), which may disable it and tell the
// administrators.
func (w *deliverWorker) Work(ctx context.Context, job *river.Job[deliverArgs]) error {
	hook, err := w.q.store.Webhook(ctx, job.Args.WebhookID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	ev, err := w.q.store.Event(ctx, job.Args.EventID)
	if err != nil {
		return err
	}
	if !hook.Active {
		return nil
	}
	d := w.post(ctx, hook, ev)
	d.Attempt = job.Attempt
	last := job.Attempt >= job.MaxAttempts && ev.Type != kindred.EventPing // a failed test counts for nothing
	if err := w.record(ctx, hook, d, last); err != nil {
		return err
	}
	if !d.OK() {
		return fmt.Errorf("webhook %d answered %d %s", hook.ID, d.Status, d.Error)
	}
	return nil
}

// payload is the body of a delivery, in the Standard Webhooks shape.
type payload struct {
	Type      kindred.EventType `json:"type"`
	Timestamp time.Time         `json:"timestamp"`
	Data      map[string]any    `json:"data"`
}

// post sends one attempt and describes what came of it.
func (w *deliverWorker) post(ctx context.Context, hook *kindred.Webhook, ev *store.StoredEvent) kindred.WebhookDelivery {
	d := kindred.WebhookDelivery{WebhookID: hook.ID, EventID: ev.ID, EventType: ev.Type}
	body, err := json.Marshal(payload{Type: ev.Type, Timestamp: ev.At, Data: ev.Data})
	if err != nil {
		d.Error = err.Error()
		return d
	}
	req, err := w.signedRequest(ctx, hook, "msg_"+strconv.FormatInt(ev.ID, 10), body)
	if err != nil {
		d.Error = err.Error()
		return d
	}
	start := time.Now()
	resp, err := w.client.Do(req)
	d.DurationMS = int(time.Since(start).Milliseconds())
	if err != nil {
		d.Error = err.Error()
		return d
	}
	defer resp.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	d.Status, d.Response = resp.StatusCode, validPrefix(head)
	return d
}

// signedRequest builds the POST with webhook-id (the same for every attempt
// of one event, so receivers can drop repeats), webhook-timestamp and one
// signature per secret in use.
func (w *deliverWorker) signedRequest(ctx context.Context, hook *kindred.Webhook, msgID string, body []byte) (*http.Request, error) {
	now := w.q.now()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, hook.URL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	var sigs []byte
	for _, secret := range hook.Secrets(now) {
		signer, err := standardwebhooks.NewWebhook(secret)
		if err != nil {
			return nil, fmt.Errorf("webhook %d secret: %w", hook.ID, err)
		}
		sig, err := signer.Sign(msgID, now, body)
		if err != nil {
			return nil, err
		}
		if len(sigs) > 0 {
			sigs = append(sigs, ' ')
		}
		sigs = append(sigs, sig...)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Kindred-Webhooks/1")
	req.Header.Set("webhook-id", msgID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("webhook-signature", string(sigs))
	return req, nil
}

// record logs the attempt; when it disables the webhook, the
// administrators are emailed in the same transaction.
func (w *deliverWorker) record(ctx context.Context, hook *kindred.Webhook, d kindred.WebhookDelivery, last bool) error {
	reason := fmt.Sprintf("%d deliveries in a row failed every attempt; the last answer: %s", kindred.MaxWebhookFailures, answer(d))
	return w.q.store.WithTx(ctx, func(tx *store.Tx) error {
		disabled, err := tx.RecordDelivery(ctx, d, last, reason)
		if err != nil || !disabled {
			return err
		}
		admins, err := tx.AdminEmails(ctx)
		if err != nil {
			return err
		}
		for _, to := range admins {
			m := kindred.Mail{To: to, Subject: "A webhook was switched off: " + hook.URL,
				Text: fmt.Sprintf("Kindred stopped sending events to %s because %s.\n\nFix the receiver, then switch the webhook on again: %s/admin/webhooks/%d\n",
					hook.URL, reason, w.q.baseURL, hook.ID)}
			if _, err := w.q.SendMail(ctx, tx, m); err != nil {
				return err
			}
		}
		return nil
	})
}

// answer describes a delivery's outcome in a few words.
func answer(d kindred.WebhookDelivery) string {
	if d.Status == 0 {
		return "no answer (" + d.Error + ")"
	}
	return "HTTP " + strconv.Itoa(d.Status)
}

// validPrefix keeps the start of a receiver's answer as valid text.
func validPrefix(b []byte) string {
	for len(b) > 0 && !utf8.Valid(b) {
		b = b[:len(b)-1]
	}
	return string(b)
}

// Ping records a test event and schedules its delivery to one webhook
// only, inside tx.
func (q *Queue) Ping(ctx context.Context, tx *store.Tx, actorID, webhookID int64) error {
	id, err := tx.RecordEvent(ctx, actorID, kindred.Event{Type: kindred.EventPing,
		Subject: "webhook:" + strconv.FormatInt(webhookID, 10), Data: map[string]any{"webhook_id": webhookID}})
	if err != nil {
		return err
	}
	_, err = q.client.InsertTx(ctx, tx.SQL(), deliverArgs{WebhookID: webhookID, EventID: id},
		&river.InsertOpts{MaxAttempts: 1})
	if err != nil {
		return fmt.Errorf("schedule test delivery: %w", err)
	}
	return nil
}
