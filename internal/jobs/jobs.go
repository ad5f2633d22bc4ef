// Package jobs runs Kindred's durable background work on River: jobs live in
// the database (SQLite or PostgreSQL), are retried, and are taken by exactly
// one of several kindred serve instances.
package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/mail"
	"github.com/kindredhq/kindred/internal/store"
)

// Sender delivers one message. A nil Sender keeps messages in the outbox.
type Sender interface {
	Send(ctx context.Context, m *kindred.Mail) error
}

// Queue inserts and works jobs.
type Queue struct {
	store     *store.Store
	client    *river.Client[*sql.Tx]
	composer  *mail.Composer
	baseURL   string
	reminders []time.Duration
	now       func() time.Time
	// replyDomain is the domain of conversations' reply addresses; ""
	// when Kindred takes no mail.
	replyDomain string
}

// Config configures a Queue.
type Config struct {
	Store  *store.Store
	Sender Sender // nil: mail goes to the outbox
	Logger *slog.Logger
	// PollInterval is how often idle workers look for new jobs.
	PollInterval time.Duration
	// Workers is how many jobs run at once on this instance.
	Workers int
	// Mail composes gathering emails; nil uses the embedded templates.
	Mail *mail.Composer
	// BaseURL starts links in emails (default http://127.0.0.1:8080).
	BaseURL string
	// Reminders are how long before a gathering its guests are reminded,
	// shortest first (default 2 hours and 1 day).
	Reminders []time.Duration
	// Clock is injected for tests; nil is time.Now.
	Clock func() time.Time
	// WebhookClient posts webhook deliveries; nil is a client that waits
	// at most 10 seconds for an answer and follows no redirect.
	WebhookClient *http.Client
	// WebhookBackoff is the wait before retrying a delivery after its
	// attempt-th failure; nil follows the Standard Webhooks schedule
	// (seconds, minutes, then hours).
	WebhookBackoff func(attempt int) time.Duration
	// ReplyDomain is the domain of the signed reply addresses conversation
	// notifications carry (config.Config.ReplyDomain); "" sends none.
	ReplyDomain string
}

// New builds a queue; Start begins working jobs. The schema must be migrated.
func New(cfg Config) (*Queue, error) {
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 250 * time.Millisecond
	}
	if cfg.Workers == 0 {
		cfg.Workers = 4
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	q, err := newQueue(cfg)
	if err != nil {
		return nil, err
	}
	workers := river.NewWorkers()
	river.AddWorker(workers, &mailWorker{store: cfg.Store, sender: cfg.Sender, log: cfg.Logger})
	river.AddWorker(workers, &cleanupWorker{store: cfg.Store})
	river.AddWorker(workers, &snapshotWorker{store: cfg.Store})
	digest := &digestWorker{store: cfg.Store, composer: q.composer, queue: q, baseURL: q.baseURL}
	river.AddWorker(workers, digest)
	river.AddWorker(workers, &themesWorker{store: cfg.Store})
	river.AddWorker(workers, &gatheringMailWorker{q: q})
	river.AddWorker(workers, &reminderWorker{q: q})
	river.AddWorker(workers, &followUpCheckWorker{q: q})
	river.AddWorker(workers, &fanOutWorker{q: q})
	river.AddWorker(workers, newDeliverWorker(q, cfg))
	river.AddWorker(workers, &postNotifyWorker{q: q})
	river.AddWorker(workers, &conversationDigestWorker{q: q})
	river.AddWorker(workers, &signinRequestWorker{q: q})
	river.AddWorker(workers, &inviteBatchWorker{q: q})
	river.AddWorker(workers, &guestMessageWorker{q: q})
	river.AddWorker(workers, &emailInvitationWorker{q: q})
	river.AddWorker(workers, &noteTakerWorker{q: q})
	river.AddWorker(workers, &feedbackWorker{q: q})
	client, err := river.NewClient(cfg.Store.JobDriver(), &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: cfg.Workers}},
		Workers:           workers,
		FetchPollInterval: cfg.PollInterval,
		FetchCooldown:     min(50*time.Millisecond, cfg.PollInterval),
		Logger:            slog.New(warnOnly{cfg.Logger.Handler()}).With("component", "jobs"),
		MaxAttempts:       10,
		PollOnly:          true,
		PeriodicJobs: []*river.PeriodicJob{
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return cleanupArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return snapshotArgs{IfDue: true}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(6*time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return digestArgs{}, nil },
				&river.PeriodicJobOpts{RunOnStart: true}),
			river.NewPeriodicJob(river.PeriodicInterval(RethemeEvery),
				func() (river.JobArgs, *river.InsertOpts) { return themesArgs{IfStale: true}, nil }, nil),
			river.NewPeriodicJob(river.PeriodicInterval(time.Minute),
				func() (river.JobArgs, *river.InsertOpts) { return reminderScanArgs{}, nil }, nil),
			river.NewPeriodicJob(river.PeriodicInterval(time.Hour),
				func() (river.JobArgs, *river.InsertOpts) { return conversationDigestArgs{}, nil }, nil),
		},
	})
	if err != nil {
		return nil, fmt.Errorf("job queue: %w", err)
	}
	q.client = client
	return q, nil
}

// newQueue fills in the defaults of what the gathering jobs need.
func newQueue(cfg Config) (*Queue, error) {
	composer, err := newComposer(cfg.Mail)
	if err != nil {
		return nil, err
	}
	q := &Queue{store: cfg.Store, composer: composer, baseURL: strings.TrimRight(cfg.BaseURL, "/"),
		reminders: slices.Sorted(slices.Values(cfg.Reminders)), now: cfg.Clock, replyDomain: cfg.ReplyDomain}
	if q.baseURL == "" {
		q.baseURL = "http://127.0.0.1:8080"
	}
	if len(q.reminders) == 0 {
		q.reminders = []time.Duration{2 * time.Hour, 24 * time.Hour}
	}
	if q.now == nil {
		q.now = time.Now
	}
	return q, nil
}

// Start begins working jobs until Stop.
func (q *Queue) Start(ctx context.Context) error {
	if err := q.client.Start(ctx); err != nil {
		return fmt.Errorf("start job queue: %w", err)
	}
	return nil
}

// Stop waits for running jobs to finish (or ctx to end).
func (q *Queue) Stop(ctx context.Context) error { return q.client.Stop(ctx) }

// Subscribe reports finished jobs (completed or failed), for tests that wait
// for a job instead of sleeping. Call cancel when done.
func (q *Queue) Subscribe() (<-chan *river.Event, func()) {
	return q.client.Subscribe(river.EventKindJobCompleted, river.EventKindJobFailed)
}

// SendMail stores m and schedules its delivery, both inside tx: the message
// is sent only if the transaction commits, and it is never lost once it has.
func (q *Queue) SendMail(ctx context.Context, tx *store.Tx, m kindred.Mail) (int64, error) {
	id, err := tx.InsertMail(ctx, m)
	if err != nil {
		return 0, err
	}
	if _, err := q.client.InsertTx(ctx, tx.SQL(), mailArgs{MessageID: id}, nil); err != nil {
		return 0, fmt.Errorf("schedule mail: %w", err)
	}
	return id, nil
}

// warnOnly passes on River's warnings and errors and drops its routine
// info-level chatter.
type warnOnly struct{ slog.Handler }

func (h warnOnly) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && h.Handler.Enabled(ctx, l)
}

func (h warnOnly) WithAttrs(a []slog.Attr) slog.Handler { return warnOnly{h.Handler.WithAttrs(a)} }

func (h warnOnly) WithGroup(n string) slog.Handler { return warnOnly{h.Handler.WithGroup(n)} }
