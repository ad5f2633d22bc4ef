package jobs_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// receiver is an outside system that verifies every delivery the way the
// Standard Webhooks specification tells receivers to (the reference
// library: signature over id.timestamp.body, timestamp within 5 minutes)
// and drops repeats of a message id it has already accepted.
type receiver struct {
	mu       sync.Mutex
	secrets  []string
	down     int // answer 503 to this many requests first
	always   int // when not 0, answer this status to every request
	requests []delivery
	accepted map[string]bool
}

type delivery struct {
	id, signature string
	status        int
	body          map[string]any
	verified      []bool // per secret
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	d := delivery{id: r.Header.Get("webhook-id"), signature: r.Header.Get("webhook-signature")}
	_ = json.Unmarshal(body, &d.body)
	ok := false
	for _, s := range rc.secrets {
		wh, err := standardwebhooks.NewWebhook(s)
		if err != nil {
			panic(err)
		}
		v := wh.Verify(body, r.Header) == nil
		d.verified = append(d.verified, v)
		ok = ok || v
	}
	switch {
	case rc.down > 0:
		rc.down--
		d.status = http.StatusServiceUnavailable
	case rc.always != 0:
		d.status = rc.always
	case !ok:
		d.status = http.StatusBadRequest
	default:
		d.status = http.StatusOK
		if rc.accepted[d.id] {
			d.status = http.StatusConflict // a replay of an accepted message: not acted on twice
		}
		rc.accepted[d.id] = true
	}
	rc.requests = append(rc.requests, d)
	w.WriteHeader(d.status)
	_, _ = w.Write([]byte("answered " + http.StatusText(d.status)))
}

func (rc *receiver) snapshot() []delivery {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]delivery(nil), rc.requests...)
}

// webhookQueue runs a queue whose retries come at once and whose clock the
// test sets.
func webhookQueue(t *testing.T, s *store.Store, clock func() time.Time) *jobs.Queue {
	t.Helper()
	q, err := jobs.New(jobs.Config{Store: s, PollInterval: 20 * time.Millisecond, Clock: clock,
		WebhookBackoff: func(int) time.Duration { return 10 * time.Millisecond }})
	if err != nil {
		t.Fatal(err)
	}
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = q.Stop(ctx)
	})
	return q
}

func subscribe(t *testing.T, s *store.Store, url string, types ...kindred.EventType) *kindred.Webhook {
	t.Helper()
	var w *kindred.Webhook
	err := s.WithTx(context.Background(), func(tx *store.Tx) error {
		var err error
		w, err = tx.CreateWebhook(context.Background(), kindred.Webhook{URL: url, EventTypes: types, Secret: kindred.NewWebhookSecret()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func emit(t *testing.T, s *store.Store, q *jobs.Queue, ev kindred.Event) {
	t.Helper()
	if err := s.WithTx(context.Background(), func(tx *store.Tx) error { return q.Emit(context.Background(), tx, 0, ev) }); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls cond (the receiver's side of things) until it holds, for
// as long as a loaded CI machine running the race detector may need.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestWebhookDeliveredSignedAfterAnOutage(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		rc := &receiver{down: 2, accepted: map[string]bool{}}
		srv := httptest.NewServer(rc)
		defer srv.Close()
		hook := subscribe(t, s, srv.URL, kindred.EventGatheringCreated)
		rc.secrets = []string{hook.Secret}
		q := webhookQueue(t, s, nil)
		emit(t, s, q, kindred.Event{Type: kindred.EventMemberJoined, Subject: "member:1", Data: map[string]any{"id": 1}})
		emit(t, s, q, kindred.Event{Type: kindred.EventGatheringCreated, Subject: "gathering:7",
			Data: map[string]any{"id": 7, "title": "Dinner"}})
		waitFor(t, "three logged attempts", func() bool { _, ds := deliveries(t, s, hook.ID); return len(ds) == 3 })

		got := rc.snapshot()
		if len(got) != 3 {
			t.Fatalf("the receiver got %d requests, want 3 (two during the outage, then one accepted)", len(got))
		}
		for i, d := range got {
			if d.id != got[0].id || !strings.HasPrefix(d.id, "msg_") {
				t.Errorf("attempt %d has webhook-id %q, want the same msg_ id on every attempt", i+1, d.id)
			}
			if !d.verified[0] {
				t.Errorf("attempt %d: the signature does not verify", i+1)
			}
		}
		if got[2].body["type"] != "gathering.created" || got[2].body["data"].(map[string]any)["title"] != "Dinner" {
			t.Errorf("payload = %v, want type gathering.created with its data (and nothing of member.joined)", got[2].body)
		}
		_, ds := deliveries(t, s, hook.ID)
		var statuses []int
		for _, d := range ds {
			statuses = append([]int{d.Status}, statuses...)
		}
		if len(statuses) != 3 || statuses[0] != 503 || statuses[1] != 503 || statuses[2] != 200 {
			t.Errorf("the delivery log holds statuses %v, want [503 503 200]", statuses)
		}
		if ds[0].Response != "answered OK" || ds[0].Attempt != 3 {
			t.Errorf("the last log entry = %+v, want attempt 3 answered OK", ds[0])
		}
	})
}

func TestWebhookSecretRotationSignsWithBoth(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		rc := &receiver{accepted: map[string]bool{}}
		srv := httptest.NewServer(rc)
		defer srv.Close()
		hook := subscribe(t, s, srv.URL, kindred.EventPracticeShared)
		next := kindred.NewWebhookSecret()
		err := s.WithTx(context.Background(), func(tx *store.Tx) error {
			_, err := tx.RotateWebhookSecret(context.Background(), hook.ID, next, tx.Now().Add(time.Hour))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		rc.secrets = []string{hook.Secret, next} // the receiver knows both while it switches
		q := webhookQueue(t, s, nil)
		emit(t, s, q, kindred.Event{Type: kindred.EventPracticeShared, Subject: "practice:1", Data: map[string]any{"id": 1}})
		waitFor(t, "a delivery", func() bool { return len(rc.snapshot()) == 1 })
		d := rc.snapshot()[0]
		if n := len(strings.Fields(d.signature)); n != 2 || !d.verified[0] || !d.verified[1] {
			t.Errorf("signature %q: %d signatures, verified by old/new %v; want one for each secret, both valid", d.signature, n, d.verified)
		}
	})
}

func TestStaleWebhookIsRefusedByTheReceiver(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		rc := &receiver{accepted: map[string]bool{}}
		srv := httptest.NewServer(rc)
		defer srv.Close()
		hook := subscribe(t, s, srv.URL, kindred.EventStorySubmitted)
		rc.secrets = []string{hook.Secret}
		// A delivery signed ten minutes ago is what a replay looks like: the
		// timestamp is under the signature, so it cannot be refreshed.
		q := webhookQueue(t, s, func() time.Time { return time.Now().Add(-10 * time.Minute) })
		emit(t, s, q, kindred.Event{Type: kindred.EventStorySubmitted, Subject: "story:1", Data: map[string]any{"id": 1}})
		waitFor(t, "a delivery", func() bool { return len(rc.snapshot()) >= 1 })
		if d := rc.snapshot()[0]; d.verified[0] || d.status != http.StatusBadRequest {
			t.Errorf("a delivery signed 10 minutes ago: verified %v, status %d; want refused", d.verified, d.status)
		}
	})
}

func TestFailingWebhookIsSwitchedOffAndAdminsTold(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		rc := &receiver{always: http.StatusInternalServerError, accepted: map[string]bool{}}
		srv := httptest.NewServer(rc)
		defer srv.Close()
		admin := testutil.CreateAccount(t, s, "hooks.admin@example.org", kindred.RoleAdmin)
		hook := subscribe(t, s, srv.URL, kindred.EventRSVPChanged)
		rc.secrets = []string{hook.Secret}
		q := webhookQueue(t, s, nil)
		for i := range kindred.MaxWebhookFailures + 1 {
			emit(t, s, q, kindred.Event{Type: kindred.EventRSVPChanged, Subject: "rsvp", Data: map[string]any{"n": i}})
		}
		waitFor(t, "the webhook switched off", func() bool {
			w, _ := deliveries(t, s, hook.ID)
			return !w.Active
		})
		w, ds := deliveries(t, s, hook.ID)
		if w.Failures != kindred.MaxWebhookFailures || !strings.Contains(w.DisabledReason, "HTTP 500") {
			t.Errorf("failures %d, reason %q; want %d and the last answer", w.Failures, w.DisabledReason, kindred.MaxWebhookFailures)
		}
		if n := len(ds); n < kindred.MaxWebhookFailures*jobs.WebhookAttempts {
			t.Errorf("%d attempts logged, want every attempt of %d deliveries", n, kindred.MaxWebhookFailures)
		}
		waitFor(t, "the administrators' mail", func() bool {
			m := testutil.LastMailTo(t, s, admin.Email)
			return m != nil && strings.Contains(m.Subject, "switched off") && strings.Contains(m.Text, srv.URL)
		})
	})
}

func deliveries(t *testing.T, s *store.Store, id int64) (*kindred.Webhook, []kindred.WebhookDelivery) {
	t.Helper()
	w, err := s.Webhook(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := s.Deliveries(context.Background(), id, 1000)
	if err != nil {
		t.Fatal(err)
	}
	return w, ds
}
