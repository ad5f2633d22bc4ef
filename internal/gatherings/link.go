package gatherings

import (
	"context"

	"github.com/kindredhq/kindred/internal/kindred"
)

// Link resolves a personal RSVP link (from an invitation or a confirmation
// email) to its gathering and the member's RSVP, which is a new one with
// no status when they have not answered yet. The link is the guest's key:
// it opens the gathering without signing in. A forged or mangled link is
// EINVALID, an expired one EGONE; a gathering deleted or cancelled since
// is EGONE with its own sentence.
func (s *Service) Link(ctx context.Context, token string) (*kindred.Gathering, *kindred.RSVP, error) {
	key, err := s.Store.LinkKey(ctx, "rsvp")
	if err != nil {
		return nil, nil, err
	}
	tok, err := kindred.ParseRSVPToken(token, key, s.Store.Now())
	if err != nil {
		return nil, nil, err
	}
	g, err := s.Store.Gathering(ctx, tok.GatheringID)
	if err != nil {
		return nil, nil, kindred.Errorf(kindred.EGONE, "This gathering no longer exists.")
	}
	if g.Status == kindred.GatheringCancelled {
		return g, nil, kindred.Errorf(kindred.EGONE, "%q has been cancelled, so there is nothing to answer. We're sorry!", g.Title)
	}
	r, err := s.Store.RSVPOf(ctx, g.ID, tok.MemberID)
	if err != nil && kindred.ErrorCode(err) != kindred.ENOTFOUND {
		return nil, nil, err
	}
	if r == nil {
		r = &kindred.RSVP{GatheringID: g.ID, MemberID: tok.MemberID}
	}
	return g, r, nil
}

// RSVPByLink records the answer given through a personal link: the
// member's own answer, whoever is signed in (the link names the member).
// Errors as Link's, then as RSVP's for the answer itself.
func (s *Service) RSVPByLink(ctx context.Context, v *kindred.Viewer, token string, in Answer) (*kindred.RSVPResult, error) {
	g, r, err := s.Link(ctx, token)
	if err != nil {
		return nil, err
	}
	st, err := kindred.ParseRSVPStatus(in.Status)
	if err != nil {
		return nil, err
	}
	req := kindred.RSVPRequest{GatheringID: g.ID, MemberID: r.MemberID, Status: st, Answers: answersTo(g, in.Answers),
		ActorID: v.AccountID()}
	return s.record(ctx, v, g, req)
}
