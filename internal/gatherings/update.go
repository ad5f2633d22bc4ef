package gatherings

import (
	"context"
	"fmt"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Change is what changing a gathering takes: the gathering as it should be
// (its ID names it), the name of a new series to put it in ("" for none),
// and whether lowering the seats below the number going may move the
// latest to say yes back to the waitlist (Demote).
type Change struct {
	Gathering kindred.Gathering
	NewSeries string
	Demote    bool
}

// Update changes a gathering, as one transaction: the new series (if
// named), the details, the waitlist moved by a new capacity, and the
// emails (promoted, demoted, changed time or place, cancelled). v must
// organize the gathering's city, and the city it moves to
// (kindred.Gathering.MayChangeTo). Marking it held is RecordAttendance's,
// which asks who came: here it is EINVALID on status. Errors: ENOTFOUND
// when v may not see it, EFORBIDDEN, EINVALID naming the bad fields.
func (s *Service) Update(ctx context.Context, v *kindred.Viewer, in Change) (*kindred.Gathering, error) {
	old, err := s.Gathering(ctx, v, in.Gathering.ID)
	if err != nil {
		return nil, err
	}
	g := in.Gathering
	if err := old.MayChangeTo(v, &g); err != nil {
		return nil, err
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	if g.Status == kindred.GatheringHeld && old.Status != kindred.GatheringHeld {
		return nil, &kindred.Error{Code: kindred.EINVALID, Message: "Mark the gathering held by recording who came (“Who came?”), so nobody is counted absent by mistake.",
			Fields: map[string]string{"status": "becomes held when you record who came"}}
	}
	var out *kindred.Gathering
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if in.NewSeries != "" {
			sr, err := tx.CreateSeries(ctx, kindred.Series{Name: in.NewSeries})
			if err != nil {
				return err
			}
			g.SeriesID = sr.ID
		}
		if err := s.save(ctx, tx, old, &g, in.Demote); err != nil {
			return err
		}
		if out, err = tx.Gathering(ctx, g.ID); err != nil {
			return err
		}
		if err := tx.Audit(ctx, v.AccountID(), "gathering.update", subject(out), out.Title); err != nil {
			return err
		}
		return s.Queue.Emit(ctx, tx, v.AccountID(), kindred.Event{Type: changeEvent(old, out),
			Subject: "gathering:" + subject(out), Data: eventData(out)})
	})
	if err != nil {
		return nil, fmt.Errorf("update gathering: %w", err)
	}
	return out, nil
}

// changeEvent names what a change did: cancelled when it called the
// gathering off, changed otherwise.
func changeEvent(old, g *kindred.Gathering) kindred.EventType {
	if g.Status == kindred.GatheringCancelled && old.Status != kindred.GatheringCancelled {
		return kindred.EventGatheringCancelled
	}
	return kindred.EventGatheringChanged
}

// save writes g over old and schedules the emails it calls for.
func (s *Service) save(ctx context.Context, tx *store.Tx, old, g *kindred.Gathering, demote bool) error {
	promoted, demoted, err := tx.UpdateGathering(ctx, *g, demote)
	if err != nil {
		return err
	}
	for _, r := range promoted {
		if err := s.Queue.NotifyGathering(ctx, tx, jobs.MailPromoted, g.ID, r.MemberID); err != nil {
			return err
		}
	}
	for _, r := range demoted {
		if err := s.Queue.NotifyGathering(ctx, tx, jobs.MailDemoted, g.ID, r.MemberID); err != nil {
			return err
		}
	}
	return s.noticeChange(ctx, tx, old, g, promoted)
}

// noticeChange emails a cancellation to everyone who answered, or a change
// notice to those going when the time or place moved (except those just
// promoted, who get the promotion email).
func (s *Service) noticeChange(ctx context.Context, tx *store.Tx, old, g *kindred.Gathering, skip []*kindred.RSVP) error {
	cancelled := g.Status == kindred.GatheringCancelled && old.Status != kindred.GatheringCancelled
	moved := !g.StartsAt.Equal(old.StartsAt) || !g.EndsAt.Equal(old.EndsAt) || g.Address != old.Address || g.VenueName != old.VenueName
	if !cancelled && !moved {
		return nil
	}
	kind, statuses := jobs.MailChanged, []kindred.RSVPStatus{kindred.RSVPGoing}
	if cancelled {
		kind, statuses = jobs.MailCancelled, []kindred.RSVPStatus{kindred.RSVPGoing, kindred.RSVPWaitlist, kindred.RSVPPending}
	}
	rs, err := tx.ListRSVPs(ctx, g.ID, statuses...)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if containsMember(skip, r.MemberID) {
			continue
		}
		if err := s.Queue.NotifyGathering(ctx, tx, kind, g.ID, r.MemberID); err != nil {
			return err
		}
	}
	return nil
}

func containsMember(rs []*kindred.RSVP, memberID int64) bool {
	for _, r := range rs {
		if r.MemberID == memberID {
			return true
		}
	}
	return false
}
