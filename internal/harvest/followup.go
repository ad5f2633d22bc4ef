package harvest

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// FollowUp is what a guest's follow-up link opens: "whom from your table
// will you follow up with?", and the follow-ups that became mutual.
type FollowUp struct {
	Gathering *kindred.Gathering
	MemberID  int64
	// Choices are whom the guest may nominate: the people seated at any of
	// their tables in any round, or every other guest without a plan.
	Choices   []*kindred.RSVP
	Chosen    []int64
	FollowUps []store.FollowUp
	HasPlan   bool
}

// FollowUp opens a follow-up link. The link is the credential: whoever
// holds it acts as the guest it was sent to, without signing in. It answers
// EINVALID for a mangled link, EGONE for an expired one or a gathering not
// held (or gone), ENOTFOUND when the guest did not come.
func (s *Service) FollowUp(ctx context.Context, token string) (*FollowUp, error) {
	key, err := s.Store.LinkKey(ctx, "followup")
	if err != nil {
		return nil, err
	}
	tok, err := kindred.ParseRSVPToken(token, key, s.Store.Now())
	switch kindred.ErrorCode(err) {
	case "":
	case kindred.EGONE:
		return nil, kindred.Errorf(kindred.EGONE, "This follow-up link has expired. Sign in to see your ties.")
	default:
		return nil, kindred.Errorf(kindred.EINVALID, "This follow-up link is not valid: it may have been copied incompletely. Open it from your latest email, or sign in and open the gathering's harvest.")
	}
	g, err := s.Store.Gathering(ctx, tok.GatheringID)
	if err != nil {
		return nil, kindred.Errorf(kindred.EGONE, "This gathering no longer exists.")
	}
	if g.Status != kindred.GatheringHeld {
		return nil, kindred.Errorf(kindred.EGONE, "Follow-ups open once %q has been held.", g.Title)
	}
	if err := s.cameTo(ctx, g.ID, tok.MemberID); err != nil {
		return nil, err
	}
	f := &FollowUp{Gathering: g, MemberID: tok.MemberID}
	if err := s.fillFollowUp(ctx, f); err != nil {
		return nil, err
	}
	return f, nil
}

// cameTo is nil when the member came to the gathering (checked in, or still
// going when nobody marked the no-shows), and ENOTFOUND otherwise.
func (s *Service) cameTo(ctx context.Context, gatheringID, memberID int64) error {
	came, err := s.comes(ctx, gatheringID, memberID)
	if err != nil {
		return err
	}
	if !came {
		return kindred.Errorf(kindred.ENOTFOUND, "Follow-ups are for the guests who came.")
	}
	return nil
}

// fillFollowUp lists whom the guest may nominate, whom they did and their
// follow-ups.
func (s *Service) fillFollowUp(ctx context.Context, f *FollowUp) error {
	guests, err := s.Store.ListRSVPs(ctx, f.Gathering.ID, kindred.RSVPGoing, kindred.RSVPAttended)
	if err != nil {
		return err
	}
	if f.HasPlan, err = s.Store.HasTablePlan(ctx, f.Gathering.ID); err != nil {
		return err
	}
	mates, err := s.tableMatesOf(ctx, f.Gathering.ID, f.MemberID)
	if err != nil {
		return err
	}
	for _, r := range guests {
		if r.MemberID != f.MemberID && (!f.HasPlan || slices.Contains(mates, r.MemberID)) {
			f.Choices = append(f.Choices, r)
		}
	}
	if f.Chosen, err = s.Store.Nominations(ctx, f.Gathering.ID, f.MemberID); err != nil {
		return err
	}
	f.FollowUps, err = s.Store.FollowUpsOf(ctx, f.Gathering.ID, f.MemberID)
	return err
}

// tableMatesOf lists everyone seated with the member at any of their tables.
func (s *Service) tableMatesOf(ctx context.Context, gatheringID, memberID int64) ([]int64, error) {
	tables, err := s.Store.TableOf(ctx, gatheringID, memberID)
	if err != nil {
		return nil, err
	}
	var out []int64
	for _, t := range tables {
		ids, err := s.Store.TableMates(ctx, gatheringID, t)
		if err != nil {
			return nil, err
		}
		out = append(out, ids...)
	}
	return out, nil
}

// Nomination is whom the holder of a follow-up link will follow up with.
type Nomination struct {
	Token    string
	Nominees []int64
}

// Nominate replaces the guest's nominations, keeping only those they may
// nominate (FollowUp.Choices); each that is now mutual becomes a follow_up
// tie, with its 30-day question scheduled, in one transaction. It returns
// how many became mutual, and FollowUp's errors for the link.
func (s *Service) Nominate(ctx context.Context, in Nomination) (mutual int, err error) {
	f, err := s.FollowUp(ctx, in.Token)
	if err != nil {
		return 0, err
	}
	var chosen []int64
	for _, id := range in.Nominees {
		if slices.ContainsFunc(f.Choices, func(r *kindred.RSVP) bool { return r.MemberID == id }) {
			chosen = append(chosen, id)
		}
	}
	var made []store.FollowUp
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if made, err = tx.SetNominations(ctx, f.Gathering.ID, f.MemberID, chosen); err != nil {
			return err
		}
		return s.Queue.ScheduleFollowUpChecks(ctx, tx, made)
	})
	if err != nil {
		return 0, fmt.Errorf("nominate: %w", err)
	}
	return len(made), nil
}

// FollowUpAnswer says whether a follow-up happened.
type FollowUpAnswer struct {
	Token    string
	TieID    int64
	Happened bool
}

// AnswerFollowUp records whether the follow-up happened: yes confirms the
// tie; no fades it unless the other person confirmed it. ENOTFOUND when the
// tie is not one of the guest's follow-ups from the link's gathering, and
// FollowUp's errors for the link.
func (s *Service) AnswerFollowUp(ctx context.Context, in FollowUpAnswer) error {
	f, err := s.FollowUp(ctx, in.Token)
	if err != nil {
		return err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		return tx.AnswerFollowUp(ctx, f.Gathering.ID, in.TieID, f.MemberID, in.Happened)
	})
	if err != nil {
		return fmt.Errorf("answer follow-up: %w", err)
	}
	return nil
}

// FollowUpLink returns the path of v's own follow-up link for the
// gathering, for a guest who signed in instead of opening their email.
// ENOTFOUND when the gathering is not for v or v did not come.
func (s *Service) FollowUpLink(ctx context.Context, v *kindred.Viewer, gatheringID int64) (string, error) {
	g, err := s.gathering(ctx, v, gatheringID)
	if err != nil {
		return "", err
	}
	if v.MemberID() == 0 {
		return "", kindred.Errorf(kindred.ENOTFOUND, "Follow-ups are for the guests who came.")
	}
	if err := s.cameTo(ctx, g.ID, v.MemberID()); err != nil {
		return "", err
	}
	key, err := s.Store.LinkKey(ctx, "followup")
	if err != nil {
		return "", err
	}
	// Signed in, the guest has shown who they are: their link works for a
	// day from now even when the emailed one has expired (it answered 410
	// "sign in" to someone signed in).
	tok := kindred.FollowUpToken(g, v.MemberID())
	tok.Expires = later(tok.Expires, s.Store.Now().Add(24*time.Hour))
	return "/followup/" + tok.Sign(key), nil
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
