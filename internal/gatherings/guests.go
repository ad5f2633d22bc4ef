package gatherings

import (
	"context"
	"fmt"
	"strconv"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Invitations names whom to invite: members chosen by id, and addresses
// (as pasted from a spreadsheet column), of members or of people not in
// the directory.
type Invitations struct {
	GatheringID int64
	MemberIDs   []int64
	Emails      []string
}

// Invited is what inviting came to.
type Invited struct {
	// Members are the members named, by id or address: invited, already
	// invited or answered, or without an address; nil when none was named.
	Members *store.Invitation
	// ByEmail is how many people not in the directory were newly invited
	// by address (see InviteByEmail).
	ByEmail int
}

// Invite invites the members named who have not answered yet and emails
// each a personal link; an address no member has is invited by address,
// as InviteByEmail does; all in one transaction. v must organize the
// gathering's city (EFORBIDDEN). Naming nobody is EINVALID on member_ids;
// a malformed address EINVALID on emails; so is a choice of members none
// of whom has an email address. Those already invited or answered are
// left as they were, and listed.
func (s *Service) Invite(ctx context.Context, v *kindred.Viewer, in Invitations) (*Invited, error) {
	g, err := s.Organized(ctx, v, in.GatheringID)
	if err != nil {
		return nil, err
	}
	ids, strangers, err := s.invitees(ctx, in)
	if err != nil {
		return nil, err
	}
	out := &Invited{}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) (err error) {
		if len(strangers) > 0 {
			if out.ByEmail, err = s.inviteAddresses(ctx, tx, v, g, strangers); err != nil {
				return err
			}
		}
		if len(ids) == 0 {
			return nil
		}
		if out.Members, err = tx.Invite(ctx, g.ID, ids, v.AccountID()); err != nil {
			return err
		}
		for _, r := range out.Members.Invited {
			if err := s.Queue.NotifyGathering(ctx, tx, jobs.MailInvitation, g.ID, r.MemberID); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, v.AccountID(), "gathering.invite", subject(g), strconv.Itoa(len(out.Members.Invited)))
	})
	if err != nil {
		return nil, fmt.Errorf("invite: %w", err)
	}
	return out, nil
}

// invitees resolves the addresses: members' are added to the ids, the
// others (checked to be addresses) are returned apart.
func (s *Service) invitees(ctx context.Context, in Invitations) (ids []int64, strangers []string, err error) {
	ids = append([]int64(nil), in.MemberIDs...)
	for _, addr := range in.Emails {
		m, err := s.Store.MemberByEmail(ctx, addr)
		switch kindred.ErrorCode(err) {
		case "":
			ids = append(ids, m.ID)
		case kindred.ENOTFOUND:
			strangers = append(strangers, addr)
		default:
			return nil, nil, err
		}
	}
	if len(ids) == 0 && len(strangers) == 0 {
		return nil, nil, &kindred.Error{Code: kindred.EINVALID, Message: "Choose at least one person to invite.",
			Fields: map[string]string{"member_ids": "none chosen"}}
	}
	return ids, strangers, checkAddresses(strangers)
}

// CheckIn marks a guest arrived at the door (or, with arrived false,
// undoes it). v must host it (kindred.Gathering.MayHost: EFORBIDDEN); a member
// without an RSVP is ENOTFOUND, one who is not going EINVALID.
func (s *Service) CheckIn(ctx context.Context, v *kindred.Viewer, gatheringID, memberID int64, arrived bool) (*kindred.RSVP, error) {
	g, err := s.Hosted(ctx, v, gatheringID)
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
