// Package webhooks holds the use cases of webhooks: administrators
// subscribe outside systems to events, rotate their secrets, switch them on
// and off, send a test and read the delivery log. The deliveries themselves
// are jobs (internal/jobs/webhook.go); the events come from the other use
// cases through jobs.Queue.Emit.
package webhooks

import (
	"context"
	"fmt"
	"strconv"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Service runs the webhook use cases.
type Service struct {
	Store *store.Store
	Queue *jobs.Queue
}

// List returns every webhook. EFORBIDDEN unless the viewer is an
// administrator.
func (s *Service) List(ctx context.Context, v *kindred.Viewer) ([]*kindred.Webhook, error) {
	if err := kindred.MayManageWebhooks(v); err != nil {
		return nil, err
	}
	return s.Store.Webhooks(ctx)
}

// Get returns a webhook with its newest delivery attempts (at most
// limit). EFORBIDDEN unless the viewer is an administrator, ENOTFOUND if
// there is no such webhook.
func (s *Service) Get(ctx context.Context, v *kindred.Viewer, id int64, limit int) (*kindred.Webhook, []kindred.WebhookDelivery, error) {
	if err := kindred.MayManageWebhooks(v); err != nil {
		return nil, nil, err
	}
	w, err := s.Store.Webhook(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	ds, err := s.Store.Deliveries(ctx, id, limit)
	return w, ds, err
}

// Create subscribes a new webhook, with a fresh secret. EINVALID names the
// bad fields.
func (s *Service) Create(ctx context.Context, v *kindred.Viewer, w kindred.Webhook) (*kindred.Webhook, error) {
	if err := kindred.MayManageWebhooks(v); err != nil {
		return nil, err
	}
	if err := w.Validate(); err != nil {
		return nil, err
	}
	w.Secret, w.CreatedBy = kindred.NewWebhookSecret(), v.AccountID()
	return s.write(ctx, v, "webhook.create", func(tx *store.Tx) (*kindred.Webhook, error) { return tx.CreateWebhook(ctx, w) })
}

// Update changes a webhook's address, description, events and whether it
// is on; switching it on again forgives its failures.
func (s *Service) Update(ctx context.Context, v *kindred.Viewer, w kindred.Webhook) (*kindred.Webhook, error) {
	if err := kindred.MayManageWebhooks(v); err != nil {
		return nil, err
	}
	if err := w.Validate(); err != nil {
		return nil, err
	}
	return s.write(ctx, v, "webhook.update", func(tx *store.Tx) (*kindred.Webhook, error) { return tx.UpdateWebhook(ctx, w) })
}

// Rotate gives a webhook a new secret; the old one keeps signing beside it
// for kindred.WebhookRotationOverlap, so the receiver can switch without
// missing a delivery.
func (s *Service) Rotate(ctx context.Context, v *kindred.Viewer, id int64) (*kindred.Webhook, error) {
	if err := kindred.MayManageWebhooks(v); err != nil {
		return nil, err
	}
	return s.write(ctx, v, "webhook.rotate", func(tx *store.Tx) (*kindred.Webhook, error) {
		return tx.RotateWebhookSecret(ctx, id, kindred.NewWebhookSecret(), tx.Now().Add(kindred.WebhookRotationOverlap))
	})
}

// Delete removes a webhook and its delivery log.
func (s *Service) Delete(ctx context.Context, v *kindred.Viewer, id int64) error {
	if err := kindred.MayManageWebhooks(v); err != nil {
		return err
	}
	_, err := s.write(ctx, v, "webhook.delete", func(tx *store.Tx) (*kindred.Webhook, error) {
		w, err := tx.Webhook(ctx, id)
		if err != nil {
			return nil, err
		}
		return w, tx.DeleteWebhook(ctx, id)
	})
	return err
}

// Ping sends the webhook a test event (which counts for nothing if it
// fails).
func (s *Service) Ping(ctx context.Context, v *kindred.Viewer, id int64) error {
	if err := kindred.MayManageWebhooks(v); err != nil {
		return err
	}
	_, err := s.write(ctx, v, "webhook.ping", func(tx *store.Tx) (*kindred.Webhook, error) {
		w, err := tx.Webhook(ctx, id)
		if err != nil {
			return nil, err
		}
		return w, s.Queue.Ping(ctx, tx, v.AccountID(), id)
	})
	return err
}

// write runs change in one transaction with its audit entry (the
// webhook's address as detail; never its secret).
func (s *Service) write(ctx context.Context, v *kindred.Viewer, action string, change func(tx *store.Tx) (*kindred.Webhook, error)) (*kindred.Webhook, error) {
	var w *kindred.Webhook
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		if w, err = change(tx); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), action, strconv.FormatInt(w.ID, 10), w.URL)
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", action, err)
	}
	return w, nil
}
