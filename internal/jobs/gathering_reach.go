package jobs

import (
	"context"
	"fmt"
	"strconv"

	"github.com/riverqueue/river"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// InviteBatchSize is how many people one job of an "invite all" invites.
const InviteBatchSize = 100

// inviteBatchArgs asks for one batch of an invite run to be invited.
type inviteBatchArgs struct {
	RunID       int64   `json:"run_id"`
	GatheringID int64   `json:"gathering_id"`
	By          int64   `json:"by"` // the organizer's account
	MemberIDs   []int64 `json:"member_ids"`
}

func (inviteBatchArgs) Kind() string { return "gathering_invite_batch" }

// InviteInBatches schedules, inside tx, the jobs inviting memberIDs to a
// gathering for run, InviteBatchSize at a time.
func (q *Queue) InviteInBatches(ctx context.Context, tx *store.Tx, runID, gatheringID, by int64, memberIDs []int64) error {
	for start := 0; start < len(memberIDs); start += InviteBatchSize {
		batch := memberIDs[start:min(start+InviteBatchSize, len(memberIDs))]
		args := inviteBatchArgs{RunID: runID, GatheringID: gatheringID, By: by, MemberIDs: batch}
		if _, err := q.client.InsertTx(ctx, tx.SQL(), args, nil); err != nil {
			return fmt.Errorf("schedule invitations: %w", err)
		}
	}
	return nil
}

type inviteBatchWorker struct {
	river.WorkerDefaults[inviteBatchArgs]
	q *Queue
}

// Work invites the batch (those already invited or answered stay as they
// were; people without an email address are skipped), schedules each new
// invitation's email and advances the run, in one transaction.
func (w *inviteBatchWorker) Work(ctx context.Context, job *river.Job[inviteBatchArgs]) error {
	a := job.Args
	return w.q.store.WithTx(ctx, func(tx *store.Tx) error {
		inv, err := tx.Invite(ctx, a.GatheringID, a.MemberIDs, a.By)
		switch {
		case kindred.ErrorCode(err) == kindred.EINVALID: // nobody in the batch has an address
			inv = &store.Invitation{}
		case err != nil:
			return err
		}
		for _, r := range inv.Invited {
			if err := w.q.NotifyGathering(ctx, tx, MailInvitation, a.GatheringID, r.MemberID); err != nil {
				return err
			}
		}
		return tx.AdvanceInviteRun(ctx, a.RunID, len(a.MemberIDs), len(inv.Invited))
	})
}

// MailMessage is an organizer's message to a group of guests
// (template gathering_message).
const MailMessage = "message"

// guestMessageArgs asks for an organizer's message to one guest.
type guestMessageArgs struct {
	GatheringID int64  `json:"gathering_id"`
	MemberID    int64  `json:"member_id"`
	Subject     string `json:"subject"`
	Message     string `json:"message"`
}

func (guestMessageArgs) Kind() string { return "gathering_message" }

// MessageGuests schedules, inside tx, the organizer's message to each guest
// named: each gets it with their personal link, composed when sent.
func (q *Queue) MessageGuests(ctx context.Context, tx *store.Tx, gatheringID int64, subject, message string, memberIDs ...int64) error {
	for _, id := range memberIDs {
		args := guestMessageArgs{GatheringID: gatheringID, MemberID: id, Subject: subject, Message: message}
		if _, err := q.client.InsertTx(ctx, tx.SQL(), args, nil); err != nil {
			return fmt.Errorf("schedule message: %w", err)
		}
	}
	return nil
}

type guestMessageWorker struct {
	river.WorkerDefaults[guestMessageArgs]
	q *Queue
}

// Work composes the message for the guest as they are now and hands it to
// the mail queue. A guest removed since, or without an address, gets none.
func (w *guestMessageWorker) Work(ctx context.Context, job *river.Job[guestMessageArgs]) error {
	a := job.Args
	g, err := w.q.store.Gathering(ctx, a.GatheringID)
	if err != nil {
		return err
	}
	v, err := w.q.store.RSVPOf(ctx, a.GatheringID, a.MemberID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil
	}
	if err != nil || v.Email == "" {
		return err
	}
	link, err := w.q.RSVPLink(ctx, g, v.MemberID)
	if err != nil {
		return err
	}
	data := GatheringMailData{Name: v.MemberName, Title: g.Title, When: WhenText(g), City: g.CityName,
		URL: w.q.baseURL + "/gatherings/" + strconv.FormatInt(g.ID, 10), RSVPURL: link, BaseURL: w.q.baseURL,
		Subject: a.Subject, Message: a.Message}
	m, err := w.q.composer.Compose("gathering_"+MailMessage, v.Email, data)
	if err != nil {
		return err
	}
	return w.q.store.WithTx(ctx, func(tx *store.Tx) error {
		_, err := w.q.SendMail(ctx, tx, m)
		return err
	})
}

// emailInvitationArgs asks for the invitation of someone not in the
// directory to be mailed.
type emailInvitationArgs struct {
	InvitationID int64 `json:"invitation_id"`
}

func (emailInvitationArgs) Kind() string { return "gathering_email_invitation" }

// MailEmailInvitation schedules, inside tx, the invitation email of an
// invitation by address.
func (q *Queue) MailEmailInvitation(ctx context.Context, tx *store.Tx, invitationID int64) error {
	if _, err := q.client.InsertTx(ctx, tx.SQL(), emailInvitationArgs{InvitationID: invitationID}, nil); err != nil {
		return fmt.Errorf("schedule invitation: %w", err)
	}
	return nil
}

// EmailInvitationLink returns the personal RSVP link of an invitation by
// address: it works without an account until the gathering ends.
func EmailInvitationLink(ctx context.Context, s *store.Store, baseURL string, g *kindred.Gathering, invitationID int64) (string, error) {
	key, err := s.LinkKey(ctx, "email-invite")
	if err != nil {
		return "", err
	}
	tok := kindred.RSVPToken{GatheringID: g.ID, MemberID: invitationID, Expires: g.EndsAt}
	return baseURL + "/invitation/" + tok.Sign(key), nil
}

type emailInvitationWorker struct {
	river.WorkerDefaults[emailInvitationArgs]
	q *Queue
}

// Work composes the invitation with its RSVP link and hands it to the
// mail queue.
func (w *emailInvitationWorker) Work(ctx context.Context, job *river.Job[emailInvitationArgs]) error {
	inv, err := w.q.store.EmailInvitation(ctx, job.Args.InvitationID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	g, err := w.q.store.Gathering(ctx, inv.GatheringID)
	if err != nil {
		return err
	}
	link, err := EmailInvitationLink(ctx, w.q.store, w.q.baseURL, g, inv.ID)
	if err != nil {
		return err
	}
	data := GatheringMailData{Title: g.Title, Theme: g.Theme, When: WhenText(g), Venue: g.VenueName, Address: g.Address,
		Accessibility: g.AccessibilityNotes, City: g.CityName, Questions: g.Questions, URL: link, RSVPURL: link, BaseURL: w.q.baseURL}
	m, err := w.q.composer.Compose("gathering_email_invitation", inv.Email, data)
	if err != nil {
		return err
	}
	return w.q.store.WithTx(ctx, func(tx *store.Tx) error {
		_, err := w.q.SendMail(ctx, tx, m)
		return err
	})
}
