package directory

import (
	"context"
	"fmt"
	"strconv"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// NewIntroduction is what introducing two members takes.
type NewIntroduction struct {
	A, B    int64  // the members
	Reasons string // why they should meet, as the suggestion said
	Message string // a note from the introducer
}

// Introduce emails members A and B an introduction, each with a link to
// accept it, for a viewer who may introduce them (kindred.Viewer.MayIntroduce:
// within their cities, or anywhere with network-wide powers), audited as
// introduction.send. Each email names the other person as its recipient may
// see them. It returns the two members, and answers EFORBIDDEN, EINVALID
// when one is missing or has no email address.
func (s *Service) Introduce(ctx context.Context, v *kindred.Viewer, in NewIntroduction) (a, b *kindred.Member, err error) {
	if !v.OrganizesSomewhere() {
		return nil, nil, v.MayIntroduce(&kindred.Member{}, &kindred.Member{})
	}
	if a, err = s.introducee(ctx, in.A); err == nil {
		b, err = s.introducee(ctx, in.B)
	}
	if err != nil {
		return nil, nil, err
	}
	if err := v.MayIntroduce(a, b); err != nil {
		return nil, nil, err
	}
	if err := mailable(a, b); err != nil {
		return nil, nil, err
	}
	halves, err := s.halves(ctx, v, a, b, in)
	if err != nil {
		return nil, nil, err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error { return s.introduce(ctx, tx, v, halves, in.Message) })
	if err != nil {
		return nil, nil, fmt.Errorf("introduce: %w", err)
	}
	return a, b, nil
}

// introducee reads one of the two members.
func (s *Service) introducee(ctx context.Context, id int64) (*kindred.Member, error) {
	m, err := s.Store.Member(ctx, id)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil, kindred.Errorf(kindred.EINVALID, "One of the two members no longer exists.")
	}
	return m, err
}

// mailable checks that both members have an email address.
func mailable(ms ...*kindred.Member) error {
	for _, m := range ms {
		if m.Email == "" {
			return kindred.Errorf(kindred.EINVALID, "%s has no email address, so Kindred cannot introduce them by email.", m.Name)
		}
	}
	return nil
}

// halves are the two emails of an introduction, without their tokens: each
// names the other person as its recipient may see them.
func (s *Service) halves(ctx context.Context, v *kindred.Viewer, a, b *kindred.Member, in NewIntroduction) ([2]jobs.IntroductionMail, error) {
	var out [2]jobs.IntroductionMail
	for i, pair := range [2][2]*kindred.Member{{a, b}, {b, a}} {
		to, other := pair[0], pair[1]
		reader, err := s.reader(ctx, to)
		if err != nil {
			return out, err
		}
		out[i] = jobs.IntroductionMail{MemberID: to.ID, To: to.Email, Name: to.Name, Other: other.Name, By: v.Account.DisplayName(), Reasons: in.Reasons}
		if af, ok := other.VisibleTo(reader).PrimaryAffiliation(); ok {
			out[i].OtherOrg = af.OrganizationName
		}
	}
	return out, nil
}

// introduce records the introduction between the recipients of the two
// halves and queues them, each with its token.
func (s *Service) introduce(ctx context.Context, tx *store.Tx, v *kindred.Viewer, halves [2]jobs.IntroductionMail, message string) error {
	a, b := halves[0], halves[1]
	made, tokA, tokB, err := tx.CreateIntroduction(ctx, a.MemberID, b.MemberID, v.AccountID(), message)
	if err != nil {
		return err
	}
	a.Token, b.Token = tokA, tokB
	for _, half := range []jobs.IntroductionMail{a, b} {
		half.Message = made.Message
		if err := s.Queue.MailIntroduction(ctx, tx, half); err != nil {
			return err
		}
	}
	return tx.Audit(ctx, v.AccountID(), "introduction.send", "introduction "+strconv.FormatInt(made.ID, 10), a.Name+" ↔ "+b.Name)
}

// reader is the account an email to m is read as: m's own, or (for a member
// who has none yet) any member of the network's.
func (s *Service) reader(ctx context.Context, m *kindred.Member) (*kindred.Account, error) {
	if m.AccountID == 0 {
		return &kindred.Account{Role: kindred.RoleMember}, nil
	}
	return s.Store.Account(ctx, m.AccountID)
}

// AcceptIntroduction records that the holder of an introduction link's
// token accepts it; once both have, the introduction becomes a tie (which
// counts at once: both said yes). An unknown token is ENOTFOUND.
func (s *Service) AcceptIntroduction(ctx context.Context, token string) (store.Introduction, error) {
	var in store.Introduction
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		var err error
		in, err = tx.AcceptIntroduction(ctx, token)
		return err
	})
	if err != nil {
		return in, fmt.Errorf("accept introduction: %w", err)
	}
	return in, nil
}

// RequestSnapshot queues a fresh snapshot of the network's measures, for a
// viewer who organizes somewhere (EFORBIDDEN otherwise).
func (s *Service) RequestSnapshot(ctx context.Context, v *kindred.Viewer) error {
	if err := v.MayTakeSnapshot(); err != nil {
		return err
	}
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error { return s.Queue.TakeSnapshot(ctx, tx) })
	if err != nil {
		return fmt.Errorf("request snapshot: %w", err)
	}
	return nil
}
