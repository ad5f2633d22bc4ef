package gatherings

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Answer is an RSVP as given: whose (MemberID 0 for the viewer's own), the
// status as typed, and answers to the gathering's questions.
type Answer struct {
	GatheringID int64
	MemberID    int64
	Status      string
	Answers     map[string]string
}

// maxAnswer is how long an answer to a discussion question may be, in bytes.
const maxAnswer = 2000

// RSVP records an answer to a gathering v may see: a member's own, or an
// organizer's on someone's behalf (kindred.Gathering.AnswerFor), which
// skips the approval step and may set any status (approve, seat, release,
// mark attended). Taking a seat, joining the waitlist, promoting it when
// a seat frees up and the emails all happen in one transaction. Errors:
// ENOTFOUND when v may not see the gathering (or the member is unknown),
// EFORBIDDEN for someone else's answer, ECONFLICT for an account without
// a profile, EINVALID for a bad status or a gathering not taking answers.
func (s *Service) RSVP(ctx context.Context, v *kindred.Viewer, in Answer) (*kindred.RSVPResult, error) {
	g, err := s.Gathering(ctx, v, in.GatheringID)
	if err != nil {
		return nil, err
	}
	member, byOrganizer, err := g.AnswerFor(v, in.MemberID)
	if err != nil {
		return nil, err
	}
	st, err := kindred.ParseRSVPStatus(in.Status)
	if err != nil {
		return nil, err
	}
	req := kindred.RSVPRequest{GatheringID: g.ID, MemberID: member, Status: st, Answers: answersTo(g, in.Answers),
		ByOrganizer: byOrganizer, ActorID: v.AccountID()}
	return s.record(ctx, v, g, req)
}

// record writes req with its emails, the audit entry when an organizer
// answered for someone, and the event when something changed.
func (s *Service) record(ctx context.Context, v *kindred.Viewer, g *kindred.Gathering, req kindred.RSVPRequest) (*kindred.RSVPResult, error) {
	var res *kindred.RSVPResult
	err := s.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
		if res, err = tx.RSVP(ctx, req); err != nil {
			return err
		}
		if err := s.Queue.NotifyRSVP(ctx, tx, res); err != nil {
			return err
		}
		if req.ByOrganizer {
			detail := fmt.Sprintf("member %d: %s", req.MemberID, res.RSVP.Status)
			if err := tx.Audit(ctx, v.AccountID(), "gathering.rsvp", subject(g), detail); err != nil {
				return err
			}
		}
		if !res.Changed {
			return nil
		}
		return s.rsvpEvent(ctx, tx, v, g.ID)
	})
	if err != nil {
		return nil, fmt.Errorf("rsvp: %w", err)
	}
	return res, nil
}

// rsvpEvent records that a gathering's answers changed. It names no guest:
// it tells what the gathering's page tells everyone who may see it, the
// seats taken and the waitlist.
func (s *Service) rsvpEvent(ctx context.Context, tx *store.Tx, v *kindred.Viewer, gatheringID int64) error {
	g, err := tx.Gathering(ctx, gatheringID)
	if err != nil {
		return err
	}
	return s.Queue.Emit(ctx, tx, v.AccountID(), kindred.Event{Type: kindred.EventRSVPChanged, Subject: "gathering:" + subject(g),
		Data: map[string]any{"gathering_id": g.ID, "going": g.Going, "waitlisted": g.Waitlisted, "capacity": g.Capacity}})
}

// answersTo keeps the answers to g's questions, each cut to maxAnswer
// bytes; nil when there are none, so an answer without them keeps those
// given before.
func answersTo(g *kindred.Gathering, given map[string]string) map[string]string {
	var out map[string]string
	for _, q := range g.Questions {
		a, ok := given[q]
		if !ok || a == "" {
			continue
		}
		if out == nil {
			out = map[string]string{}
		}
		out[q] = cutText(a, maxAnswer)
	}
	return out
}

// cutText shortens s to at most n bytes without splitting a character.
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
