// Package gatherings holds the use cases of convening: creating and
// changing gatherings, their series, RSVPs and invitations. Each method
// takes the viewer and does the whole job — checks the domain rule, runs
// one transaction, audits once, schedules the mail, records the event —
// so pages, the API and the CLI behave alike. Errors are *kindred.Error
// for the person, wrapped causes otherwise.
package gatherings

import (
	"context"
	"fmt"
	"strconv"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Service runs the gathering use cases.
type Service struct {
	Store *store.Store
	Queue *jobs.Queue
	// network is the network's feedback summary (NetworkFeedback), the
	// same for every viewer: read again once an answer, an RSVP or a
	// gathering changes, or after store.CacheTTL (the window moves on).
	network store.Cached[kindred.FeedbackSummary]
}

// NewGathering is what creating a gathering takes: the gathering as typed,
// and the name of a new series to put it in ("" for none).
type NewGathering struct {
	Gathering kindred.Gathering
	NewSeries string
}

// Create makes a gathering in a city the viewer organizes, creating its
// new series first when one is named. It answers EINVALID naming the bad
// fields, EFORBIDDEN (on city_id) outside the viewer's cities.
func (s *Service) Create(ctx context.Context, v *kindred.Viewer, in NewGathering) (*kindred.Gathering, error) {
	g := in.Gathering
	if err := g.Validate(); err != nil {
		return nil, err
	}
	if err := g.MayCreate(v); err != nil {
		return nil, err
	}
	g.CreatedBy = v.AccountID()
	var made *kindred.Gathering
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if in.NewSeries != "" {
			sr, err := tx.CreateSeries(ctx, kindred.Series{Name: in.NewSeries})
			if err != nil {
				return err
			}
			g.SeriesID = sr.ID
		}
		var err error
		if made, err = tx.CreateGathering(ctx, g); err != nil {
			return err
		}
		if err := tx.Audit(ctx, v.AccountID(), "gathering.create", subject(made), made.Title); err != nil {
			return err
		}
		return s.Queue.Emit(ctx, tx, v.AccountID(), kindred.Event{Type: kindred.EventGatheringCreated,
			Subject: "gathering:" + subject(made), Data: eventData(made)})
	})
	if err != nil {
		return nil, fmt.Errorf("create gathering: %w", err)
	}
	return made, nil
}

// Gathering reads the gathering id as v may see it (kindred.Gathering.
// VisibleTo): ENOTFOUND when it does not exist or v may not see it (the
// two are not told apart).
func (s *Service) Gathering(ctx context.Context, v *kindred.Viewer, id int64) (*kindred.Gathering, error) {
	g, err := s.Store.Gathering(ctx, id)
	if err != nil {
		return nil, err
	}
	seen, err := s.Store.SeesGathering(ctx, v, g)
	if err != nil {
		return nil, err
	}
	if !seen {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no such gathering, or it is not open to you.")
	}
	return g, nil
}

// Organized reads the gathering id for v to manage (its guest list,
// tables, check-in): ENOTFOUND as Gathering, EFORBIDDEN when v may see it
// but does not organize its city (kindred.Gathering.MayManage).
func (s *Service) Organized(ctx context.Context, v *kindred.Viewer, id int64) (*kindred.Gathering, error) {
	g, err := s.Gathering(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if err := g.MayManage(v); err != nil {
		return nil, err
	}
	return g, nil
}

// GatheringPage is one page of a list of gatherings.
type GatheringPage struct {
	Gatherings []*kindred.Gathering // those the viewer may see
	// Next is the cursor (store.GatheringFilter.After) of the next page, 0
	// for the last: a listed gathering, so it tells nothing of the others.
	Next int64
	// More is how many gatherings the viewer may see come after this page.
	More int
}

// List lists a page of the gatherings matching f (f.Now set: upcoming or
// past; otherwise by id after f.AfterID) that v may see, after the cursor
// f.After, with the next page's cursor and how many more follow. The
// page, its cursor and the count read only gatherings v may see
// (kindred.Viewer.GatheringsSeen; each is checked again with VisibleTo); a
// cursor naming a gathering v may not see starts from the first page, as a
// missing one does. f.Limit <= 0 means 50. Only a failing database is an
// error.
func (s *Service) List(ctx context.Context, v *kindred.Viewer, f store.GatheringFilter) (GatheringPage, error) {
	want := f.Limit
	if want <= 0 {
		want = 50
	}
	var page GatheringPage
	if f.After != 0 {
		if _, err := s.Gathering(ctx, v, f.After); kindred.ErrorCode(err) == kindred.ENOTFOUND {
			f.After = 0
		} else if err != nil {
			return page, err
		}
	}
	seen := v.GatheringsSeen()
	f.Seen, f.Limit = &seen, want+1
	gs, err := s.Store.ListGatherings(ctx, f)
	if err != nil {
		return page, err
	}
	total := len(gs)
	if len(gs) > want {
		gs = gs[:want]
		if total, err = s.Store.CountGatherings(ctx, f); err != nil {
			return page, err
		}
	}
	if page.Gatherings, err = s.Visible(ctx, v, gs); err != nil {
		return page, err
	}
	if n := len(page.Gatherings); total > want && n > 0 {
		page.Next, page.More = page.Gatherings[n-1].ID, total-want
	}
	return page, nil
}

// Visible keeps the gatherings of gs that v may see, in order. Only a
// failing database is an error.
func (s *Service) Visible(ctx context.Context, v *kindred.Viewer, gs []*kindred.Gathering) ([]*kindred.Gathering, error) {
	out := make([]*kindred.Gathering, 0, len(gs))
	for _, g := range gs {
		seen, err := s.Store.SeesGathering(ctx, v, g)
		if err != nil {
			return nil, err
		}
		if seen {
			out = append(out, g)
		}
	}
	return out, nil
}

// subject is how the audit log names a gathering.
func subject(g *kindred.Gathering) string { return strconv.FormatInt(g.ID, 10) }

// eventData is what an outside system is told about a gathering: what
// anyone it is open to sees on its page (an invite-only dinner's event
// still names no guests).
func eventData(g *kindred.Gathering) map[string]any {
	return map[string]any{"id": g.ID, "title": g.Title, "city_id": g.CityID, "series_id": g.SeriesID,
		"starts_at": g.StartsAt, "ends_at": g.EndsAt, "time_zone": g.TimeZone, "visibility": g.Visibility,
		"status": string(g.Status), "capacity": g.Capacity}
}
