package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// CityScope is a set of cities a read is limited to: Every, or the listed
// IDs (none means no city at all).
type CityScope struct {
	Every bool
	IDs   []int64
}

// where returns the SQL condition on column and its arguments.
func (c CityScope) where(column string) (string, []any) {
	if c.Every {
		return "1 = 1", nil
	}
	if len(c.IDs) == 0 {
		return "1 = 0", nil
	}
	args := make([]any, len(c.IDs))
	for i, id := range c.IDs {
		args[i] = id
	}
	return column + " IN (" + strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ") + ")", args
}

// GatheringWork is a gathering with what waits for its organizers.
type GatheringWork struct {
	ID       int64
	Title    string
	CityName string
	StartsAt time.Time
	Going    int
	Pending  int // RSVPs waiting for an organizer's approval
	Waitlist int
	Notes    int // harvest notes written at its tables
}

// OrganizerWork is what waits for the organizers of some cities.
type OrganizerWork struct {
	Next          []GatheringWork // upcoming gatherings, soonest first
	Upcoming      int             // every upcoming gathering, Next or not
	Pending       int             // RSVPs waiting for approval, every upcoming gathering
	Waitlist      int             // people on a waitlist, every upcoming gathering
	WithPending   []GatheringWork // upcoming gatherings with RSVPs waiting, soonest first
	PendingIn     int             // upcoming gatherings with RSVPs waiting, listed or not
	WithWaitlist  []GatheringWork // upcoming gatherings with a waitlist, soonest first
	WaitlistIn    int             // upcoming gatherings with a waitlist, listed or not
	RecentNotes   []GatheringWork // gatherings of the last weeks with harvest notes, latest first
	NotesTotal    int             // notes at every gathering of RecentNotes' span
	NotesGathered int             // gatherings with notes in that span
}

// OrganizerWork reads what waits for the organizers of scope at now: the
// next upcoming gatherings (at most limit in each list), RSVPs waiting for
// approval and waitlists over every upcoming gathering, and the harvest
// notes of gatherings held since notesSince. Cancelled and draft
// gatherings are left out.
func (s *Store) OrganizerWork(ctx context.Context, scope CityScope, now, notesSince time.Time, limit int) (*OrganizerWork, error) {
	w := &OrganizerWork{}
	cond, args := scope.where("g.city_id")
	upcoming, err := s.gatheringWork(ctx, `g.starts_at >= ? AND g.status NOT IN ('cancelled', 'draft') AND `+cond, append([]any{now.UTC()}, args...), "g.starts_at, g.id")
	if err != nil {
		return nil, fmt.Errorf("organizer work: %w", err)
	}
	w.Upcoming = len(upcoming)
	for _, g := range upcoming {
		w.Pending += g.Pending
		w.Waitlist += g.Waitlist
		if len(w.Next) < limit {
			w.Next = append(w.Next, g)
		}
		if g.Pending > 0 {
			w.PendingIn++
			if len(w.WithPending) < limit {
				w.WithPending = append(w.WithPending, g)
			}
		}
		if g.Waitlist > 0 {
			w.WaitlistIn++
			if len(w.WithWaitlist) < limit {
				w.WithWaitlist = append(w.WithWaitlist, g)
			}
		}
	}
	past, err := s.gatheringWork(ctx, `g.starts_at < ? AND g.starts_at >= ? AND g.status <> 'cancelled' AND `+cond,
		append([]any{now.UTC(), notesSince.UTC()}, args...), "g.starts_at DESC, g.id DESC")
	if err != nil {
		return nil, fmt.Errorf("organizer work: %w", err)
	}
	for _, g := range past {
		if g.Notes == 0 {
			continue
		}
		w.NotesTotal += g.Notes
		w.NotesGathered++
		if len(w.RecentNotes) < limit {
			w.RecentNotes = append(w.RecentNotes, g)
		}
	}
	return w, nil
}

// gatheringWork lists the gatherings matching cond with their counts.
func (s *Store) gatheringWork(ctx context.Context, cond string, args []any, order string) ([]GatheringWork, error) {
	rows, err := s.query(ctx, `SELECT g.id, g.title, c.name, g.starts_at,
		(SELECT COUNT(*) FROM rsvps r WHERE r.gathering_id = g.id AND r.status = 'going'),
		(SELECT COUNT(*) FROM rsvps r WHERE r.gathering_id = g.id AND r.status = 'pending'),
		(SELECT COUNT(*) FROM rsvps r WHERE r.gathering_id = g.id AND r.status = 'waitlist'),
		(SELECT COUNT(*) FROM harvest_notes n WHERE n.gathering_id = g.id)
		FROM gatherings g JOIN cities c ON c.id = g.city_id WHERE `+cond+` ORDER BY `+order, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []GatheringWork
	for rows.Next() {
		var g GatheringWork
		if err := rows.Scan(&g.ID, &g.Title, &g.CityName, &g.StartsAt, &g.Going, &g.Pending, &g.Waitlist, &g.Notes); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}
