package gatherings

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Invitations names whom to invite: members chosen by id, and members
// named by email address (as pasted from a spreadsheet column).
type Invitations struct {
	GatheringID int64
	MemberIDs   []int64
	Emails      []string
}

// Invite invites the members named who have not answered yet and emails
// each a personal link, in one transaction. v must organize the
// gathering's city (EFORBIDDEN). Naming nobody, or an address no member
// has, is EINVALID (on member_ids and emails); so is a choice of members
// none of whom has an email address. Those already invited or answered
// are left as they were, and listed.
func (s *Service) Invite(ctx context.Context, v *kindred.Viewer, in Invitations) (*store.Invitation, error) {
	g, err := s.Organized(ctx, v, in.GatheringID)
	if err != nil {
		return nil, err
	}
	ids, err := s.invitees(ctx, in)
	if err != nil {
		return nil, err
	}
	var inv *store.Invitation
	err = s.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
		if inv, err = tx.Invite(ctx, g.ID, ids, v.AccountID()); err != nil {
			return err
		}
		for _, r := range inv.Invited {
			if err := s.Queue.NotifyGathering(ctx, tx, jobs.MailInvitation, g.ID, r.MemberID); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, v.AccountID(), "gathering.invite", subject(g), strconv.Itoa(len(inv.Invited)))
	})
	if err != nil {
		return nil, fmt.Errorf("invite: %w", err)
	}
	return inv, nil
}

// invitees resolves the addresses to members and adds them to the ids.
func (s *Service) invitees(ctx context.Context, in Invitations) ([]int64, error) {
	ids := append([]int64(nil), in.MemberIDs...)
	var unknown []string
	for _, addr := range in.Emails {
		m, err := s.Store.MemberByEmail(ctx, addr)
		switch kindred.ErrorCode(err) {
		case "":
			ids = append(ids, m.ID)
		case kindred.ENOTFOUND:
			unknown = append(unknown, addr)
		default:
			return nil, err
		}
	}
	if len(unknown) > 0 {
		return nil, &kindred.Error{Code: kindred.EINVALID, Message: "No member has these addresses: " + strings.Join(unknown, ", ") +
			". Add them to the directory first, or remove them from the list.", Fields: map[string]string{"emails": "lists unknown addresses"}}
	}
	if len(ids) == 0 {
		return nil, &kindred.Error{Code: kindred.EINVALID, Message: "Choose at least one person to invite.",
			Fields: map[string]string{"member_ids": "none chosen"}}
	}
	return ids, nil
}

// CheckIn marks a guest arrived at the door (or, with arrived false,
// undoes it). v must organize the gathering's city (EFORBIDDEN); a member
// without an RSVP is ENOTFOUND, one who is not going EINVALID.
func (s *Service) CheckIn(ctx context.Context, v *kindred.Viewer, gatheringID, memberID int64, arrived bool) (*kindred.RSVP, error) {
	g, err := s.Organized(ctx, v, gatheringID)
	if err != nil {
		return nil, err
	}
	var r *kindred.RSVP
	err = s.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
		if r, err = tx.CheckIn(ctx, g.ID, memberID, arrived); err != nil {
			return err
		}
		action := "gathering.checkin"
		if !arrived {
			action = "gathering.checkin.undo"
		}
		return tx.Audit(ctx, v.AccountID(), action, subject(g), strconv.FormatInt(memberID, 10))
	})
	if err != nil {
		return nil, fmt.Errorf("check in: %w", err)
	}
	return r, nil
}
