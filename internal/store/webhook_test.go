package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// TestWebhookFailuresSwitchItOff: only the last attempt of a delivery
// counts; at kindred.MaxWebhookFailures in a row the webhook is switched
// off once, a success forgives, and switching it on again starts afresh.
func TestWebhookFailuresSwitchItOff(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var hook *kindred.Webhook
		var event int64
		err := s.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			hook, err = tx.CreateWebhook(ctx, kindred.Webhook{URL: "https://crm.example.org/h", Secret: kindred.NewWebhookSecret(),
				EventTypes: []kindred.EventType{kindred.EventMemberJoined}})
			if err == nil {
				event, err = tx.RecordEvent(ctx, 0, kindred.Event{Type: kindred.EventMemberJoined, Subject: "member:1"})
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		record := func(status int, last bool) bool {
			t.Helper()
			var off bool
			err := s.WithTx(ctx, func(tx *store.Tx) error {
				var err error
				off, err = tx.RecordDelivery(ctx, kindred.WebhookDelivery{WebhookID: hook.ID, EventID: event, Attempt: 1, Status: status}, last, "gone")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return off
		}
		record(500, false) // a retry to come: not counted
		for range kindred.MaxWebhookFailures - 1 {
			record(500, true)
		}
		record(200, false) // a success forgives
		if w, _ := s.Webhook(ctx, hook.ID); w.Failures != 0 || !w.Active {
			t.Fatalf("after a success: failures %d, active %v", w.Failures, w.Active)
		}
		var offs int
		for range kindred.MaxWebhookFailures + 2 {
			if record(503, true) {
				offs++
			}
		}
		w, _ := s.Webhook(ctx, hook.ID)
		if w.Active || offs != 1 || w.Failures != kindred.MaxWebhookFailures || w.DisabledReason != "gone" {
			t.Errorf("active %v, switched off %d times, failures %d, reason %q; want off once at %d", w.Active, offs, w.Failures,
				w.DisabledReason, kindred.MaxWebhookFailures)
		}
		w.Active = true
		err = s.WithTx(ctx, func(tx *store.Tx) error { _, err := tx.UpdateWebhook(ctx, *w); return err })
		if w, _ = s.Webhook(ctx, hook.ID); err != nil || !w.Active || w.Failures != 0 || w.DisabledReason != "" {
			t.Errorf("switched on again: %v, active %v, failures %d, reason %q", err, w.Active, w.Failures, w.DisabledReason)
		}
		if ds, err := s.Deliveries(ctx, hook.ID, 100); err != nil || len(ds) != 2*kindred.MaxWebhookFailures+3 {
			t.Errorf("%d deliveries logged (%v)", len(ds), err)
		}
		if got := w.Secrets(time.Now()); len(got) != 1 {
			t.Errorf("secrets without a rotation = %d", len(got))
		}
	})
}
