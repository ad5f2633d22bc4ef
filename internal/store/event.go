package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// RecordEvent writes ev to the events outbox in this transaction, so it
// exists exactly when the change it reports was committed, and returns its
// id. actorID is the account that caused it (0 for none). Use cases call
// jobs.Queue.Emit, which also schedules its webhook deliveries.
func (tx *Tx) RecordEvent(ctx context.Context, actorID int64, ev kindred.Event) (int64, error) {
	data, err := json.Marshal(ev.Data)
	if err != nil {
		return 0, fmt.Errorf("record event %s: %w", ev.Type, err)
	}
	id, err := tx.insertID(ctx, `INSERT INTO events (type, subject, data, actor_id, created_at) VALUES (?, ?, ?, ?, ?)`,
		string(ev.Type), ev.Subject, string(data), nullInt(actorID), tx.now)
	if err != nil {
		return 0, fmt.Errorf("record event %s: %w", ev.Type, err)
	}
	return id, nil
}

// StoredEvent is an event as the outbox keeps it.
type StoredEvent struct {
	ID int64
	kindred.Event
	ActorID int64
	At      time.Time
}

// EventsAfter returns up to limit events with ids above afterID, oldest
// first, with their Data decoded.
func (s *Store) EventsAfter(ctx context.Context, afterID int64, limit int) ([]StoredEvent, error) {
	rows, err := s.query(ctx, `SELECT id, type, subject, data, COALESCE(actor_id, 0), created_at FROM events WHERE id > ? ORDER BY id LIMIT ?`,
		afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	defer rows.Close()
	var out []StoredEvent
	for rows.Next() {
		var e StoredEvent
		var typ, data string
		if err := rows.Scan(&e.ID, &typ, &e.Subject, &data, &e.ActorID, &e.At); err != nil {
			return nil, fmt.Errorf("events: %w", err)
		}
		e.Type = kindred.EventType(typ)
		if err := json.Unmarshal([]byte(data), &e.Data); err != nil {
			return nil, fmt.Errorf("event %d: %w", e.ID, err)
		}
		e.At = e.At.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
