package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

const webhookColumns = `id, url, description, event_types, secret, previous_secret, previous_until, active, failures,
	disabled_reason, COALESCE(created_by, 0), created_at, updated_at`

func scanWebhook(r rowScanner) (*kindred.Webhook, error) {
	var w kindred.Webhook
	var types string
	var until sql.NullTime
	if err := r.Scan(&w.ID, &w.URL, &w.Description, &types, &w.Secret, &w.PreviousSecret, &until, &w.Active,
		&w.Failures, &w.DisabledReason, &w.CreatedBy, &w.CreatedAt, &w.UpdatedAt); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(types), &w.EventTypes); err != nil {
		return nil, fmt.Errorf("webhook %d event types: %w", w.ID, err)
	}
	w.PreviousUntil = nullTime(until)
	w.CreatedAt, w.UpdatedAt = w.CreatedAt.UTC(), w.UpdatedAt.UTC()
	return &w, nil
}

// CreateWebhook stores a new webhook (validated by the caller) and returns it.
func (tx *Tx) CreateWebhook(ctx context.Context, w kindred.Webhook) (*kindred.Webhook, error) {
	id, err := tx.insertID(ctx, `INSERT INTO webhooks (url, description, event_types, secret, active, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, w.URL, w.Description, jsonText(w.EventTypes), w.Secret, true, nullInt(w.CreatedBy), tx.now, tx.now)
	if err != nil {
		return nil, fmt.Errorf("create webhook: %w", err)
	}
	return tx.Webhook(ctx, id)
}

// UpdateWebhook changes a webhook's address, description, events and
// whether it is active; turning it on again clears its failures.
// ENOTFOUND if there is no such webhook.
func (tx *Tx) UpdateWebhook(ctx context.Context, w kindred.Webhook) (*kindred.Webhook, error) {
	if _, err := tx.Webhook(ctx, w.ID); err != nil {
		return nil, err
	}
	_, err := tx.exec(ctx, `UPDATE webhooks SET url = ?, description = ?, event_types = ?, active = ?,
		failures = CASE WHEN ? THEN 0 ELSE failures END, disabled_reason = CASE WHEN ? THEN '' ELSE disabled_reason END,
		updated_at = ? WHERE id = ?`, w.URL, w.Description, jsonText(w.EventTypes), w.Active, w.Active, w.Active, tx.now, w.ID)
	if err != nil {
		return nil, fmt.Errorf("update webhook: %w", err)
	}
	return tx.Webhook(ctx, w.ID)
}

// RotateWebhookSecret makes secret the webhook's secret and keeps the old
// one signing until overlapUntil. ENOTFOUND if there is no such webhook.
func (tx *Tx) RotateWebhookSecret(ctx context.Context, id int64, secret string, overlapUntil time.Time) (*kindred.Webhook, error) {
	res, err := tx.exec(ctx, `UPDATE webhooks SET previous_secret = secret, previous_until = ?, secret = ?, updated_at = ?
		WHERE id = ?`, overlapUntil, secret, tx.now, id)
	if err := oneRow("rotate webhook secret", res, err); err != nil {
		return nil, err
	}
	return tx.Webhook(ctx, id)
}

// DeleteWebhook removes a webhook and its delivery log. ENOTFOUND if there
// is no such webhook.
func (tx *Tx) DeleteWebhook(ctx context.Context, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM webhooks WHERE id = ?`, id)
	return oneRow("delete webhook", res, err)
}

// Webhook reads a webhook in the transaction. ENOTFOUND if missing.
func (tx *Tx) Webhook(ctx context.Context, id int64) (*kindred.Webhook, error) {
	w, err := scanWebhook(tx.queryRow(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("webhook %d: %w", id, tx.d.translate(err))
	}
	return w, nil
}

// Webhook returns a webhook. ENOTFOUND if missing.
func (s *Store) Webhook(ctx context.Context, id int64) (*kindred.Webhook, error) {
	w, err := scanWebhook(s.queryRow(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE id = ?`, id))
	if err != nil {
		return nil, fmt.Errorf("webhook %d: %w", id, s.d.translate(err))
	}
	return w, nil
}

// Webhooks lists every webhook, oldest first.
func (s *Store) Webhooks(ctx context.Context) ([]*kindred.Webhook, error) {
	rows, err := s.query(ctx, `SELECT `+webhookColumns+` FROM webhooks ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("webhooks: %w", err)
	}
	defer rows.Close()
	var out []*kindred.Webhook
	for rows.Next() {
		w, err := scanWebhook(rows)
		if err != nil {
			return nil, fmt.Errorf("webhooks: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Event returns one stored event. ENOTFOUND if missing.
func (s *Store) Event(ctx context.Context, id int64) (*StoredEvent, error) {
	evs, err := s.EventsAfter(ctx, id-1, 1)
	if err != nil {
		return nil, err
	}
	if len(evs) == 0 || evs[0].ID != id {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "No such event.")
	}
	return &evs[0], nil
}

// RecordDelivery logs one delivery attempt. When it was the last attempt
// and failed, the webhook's failures grow by one, and the webhook is
// disabled with reason once they reach kindred.MaxWebhookFailures; a
// success sets them back to zero. It reports whether this attempt disabled
// the webhook.
func (tx *Tx) RecordDelivery(ctx context.Context, d kindred.WebhookDelivery, last bool, reason string) (disabled bool, err error) {
	if _, err := tx.exec(ctx, `INSERT INTO webhook_deliveries (webhook_id, event_id, attempt, status, response, error, duration_ms, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, d.WebhookID, d.EventID, d.Attempt, d.Status, d.Response, d.Error, d.DurationMS, tx.now); err != nil {
		return false, fmt.Errorf("record delivery: %w", err)
	}
	switch {
	case d.OK():
		_, err = tx.exec(ctx, `UPDATE webhooks SET failures = 0 WHERE id = ? AND failures > 0`, d.WebhookID)
	case last:
		var failures int
		err = tx.queryRow(ctx, `UPDATE webhooks SET failures = failures + 1 WHERE id = ? AND active = ? RETURNING failures`,
			d.WebhookID, true).Scan(&failures)
		if errors.Is(err, sql.ErrNoRows) { // switched off meanwhile: nothing more to count
			return false, nil
		}
		if err == nil && failures >= kindred.MaxWebhookFailures {
			var res sql.Result
			res, err = tx.exec(ctx, `UPDATE webhooks SET active = ?, disabled_reason = ?, updated_at = ? WHERE id = ? AND active = ?`,
				false, reason, tx.now, d.WebhookID, true)
			if n, _ := rowsAffected(res, err); n == 1 {
				disabled = true
			}
		}
	}
	if err != nil {
		return false, fmt.Errorf("record delivery: %w", tx.d.translate(err))
	}
	return disabled, nil
}

func rowsAffected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Deliveries returns a webhook's newest delivery attempts first, with
// their events' types.
func (s *Store) Deliveries(ctx context.Context, webhookID int64, limit int) ([]kindred.WebhookDelivery, error) {
	rows, err := s.query(ctx, `SELECT d.id, d.webhook_id, d.event_id, e.type, d.attempt, d.status, d.response, d.error,
		d.duration_ms, d.created_at FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
		WHERE d.webhook_id = ? ORDER BY d.id DESC LIMIT ?`, webhookID, limit)
	if err != nil {
		return nil, fmt.Errorf("deliveries: %w", err)
	}
	defer rows.Close()
	var out []kindred.WebhookDelivery
	for rows.Next() {
		var d kindred.WebhookDelivery
		var typ string
		if err := rows.Scan(&d.ID, &d.WebhookID, &d.EventID, &typ, &d.Attempt, &d.Status, &d.Response, &d.Error,
			&d.DurationMS, &d.CreatedAt); err != nil {
			return nil, fmt.Errorf("deliveries: %w", err)
		}
		d.EventType, d.CreatedAt = kindred.EventType(typ), d.CreatedAt.UTC()
		out = append(out, d)
	}
	return out, rows.Err()
}

// AdminEmails returns every administrator's address, for what they alone
// must hear (a webhook disabled after repeated failures).
func (tx *Tx) AdminEmails(ctx context.Context) ([]string, error) {
	rows, err := tx.query(ctx, `SELECT email FROM accounts WHERE role = ? ORDER BY id`, string(kindred.RoleAdmin))
	if err != nil {
		return nil, fmt.Errorf("admin emails: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var e string
		if err := rows.Scan(&e); err != nil {
			return nil, fmt.Errorf("admin emails: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
