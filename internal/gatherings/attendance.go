package gatherings

import (
	"context"
	"fmt"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/tableplan"
)

// Attendance is who came to a gathering, as its organizer records it
// afterwards (the door's check-in is where it starts).
type Attendance struct {
	GatheringID int64
	Came        []int64 // members who came; every other guest going did not
}

// Held is what recording attendance came to.
type Held struct {
	Gathering *kindred.Gathering
	First     bool            // this marked the gathering held
	Came      int             // guests who came
	NoShows   int             // guests going who did not
	Ties      *tableplan.Ties // what the table plan gave the ledger, when First
}

// RecordAttendance marks a gathering held with who came, or corrects who
// came once it is held; the answers of the others (the waitlist, declines)
// are kept, so nothing is lost and it can be corrected at any time. The
// first time, those who came are asked whom they will follow up with and
// the after-dinner question, and the table pairs go to the relationship
// ledger; a correction asks those newly counted as having come. v must organize the city (EFORBIDDEN); a
// gathering that has not started, or was cancelled, is EINVALID on status.
func (s *Service) RecordAttendance(ctx context.Context, v *kindred.Viewer, in Attendance) (*Held, error) {
	g, err := s.Organized(ctx, v, in.GatheringID)
	if err != nil {
		return nil, err
	}
	if err := g.MayHold(s.Store.Now()); err != nil {
		return nil, err
	}
	out := &Held{First: g.Status != kindred.GatheringHeld}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		newly, err := tx.SetAttendance(ctx, g.ID, in.Came)
		if err != nil {
			return err
		}
		if out.First {
			err = s.hold(ctx, tx, g.ID, out)
		} else {
			err = s.Queue.NotifyGathering(ctx, tx, jobs.MailFollowUp, g.ID, newly...)
		}
		if err == nil {
			err = s.askFeedback(ctx, tx, g.ID, out.First, newly)
		}
		if err != nil {
			return err
		}
		if err := s.countAttendance(ctx, tx, out, g.ID); err != nil {
			return err
		}
		return s.recordHeld(ctx, tx, v, out)
	})
	if err != nil {
		return nil, fmt.Errorf("record attendance: %w", err)
	}
	return out, nil
}

// hold marks the gathering held: those who came are asked whom they will
// follow up with, and the table pairs go to the ledger.
func (s *Service) hold(ctx context.Context, tx *store.Tx, id int64, out *Held) error {
	if err := tx.SetGatheringStatus(ctx, id, kindred.GatheringHeld); err != nil {
		return err
	}
	if err := s.Queue.AskFollowUps(ctx, tx, id); err != nil {
		return err
	}
	ties, err := tableplan.WriteTies(ctx, tx, id)
	out.Ties = &ties
	return err
}

// askFeedback asks those who came the after-dinner question: everyone who
// came when the gathering is first marked held, those newly counted as
// having come when it is corrected (the job mails each guest once).
func (s *Service) askFeedback(ctx context.Context, tx *store.Tx, id int64, first bool, newly []int64) error {
	if !first {
		return s.Queue.AskFeedback(ctx, tx, id, newly...)
	}
	came, err := tx.ListRSVPs(ctx, id, kindred.RSVPAttended)
	if err != nil {
		return err
	}
	ids := make([]int64, len(came))
	for i, r := range came {
		ids[i] = r.MemberID
	}
	return s.Queue.AskFeedback(ctx, tx, id, ids...)
}

func (s *Service) countAttendance(ctx context.Context, tx *store.Tx, out *Held, id int64) error {
	rs, err := tx.ListRSVPs(ctx, id, kindred.RSVPAttended, kindred.RSVPNoShow)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.Status == kindred.RSVPAttended {
			out.Came++
		} else {
			out.NoShows++
		}
	}
	out.Gathering, err = tx.Gathering(ctx, id)
	return err
}

// recordHeld audits the attendance, and the first time records the event
// that the gathering was held (with the number who came, not their names).
func (s *Service) recordHeld(ctx context.Context, tx *store.Tx, v *kindred.Viewer, out *Held) error {
	detail := fmt.Sprintf("%d came, %d did not", out.Came, out.NoShows)
	if !out.First {
		return tx.Audit(ctx, v.AccountID(), "gathering.attendance", subject(out.Gathering), detail)
	}
	if err := tx.Audit(ctx, v.AccountID(), "gathering.held", subject(out.Gathering), detail); err != nil {
		return err
	}
	data := eventData(out.Gathering)
	data["came"] = out.Came
	return s.Queue.Emit(ctx, tx, v.AccountID(), kindred.Event{Type: kindred.EventGatheringHeld,
		Subject: "gathering:" + subject(out.Gathering), Data: data})
}
