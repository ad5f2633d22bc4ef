package gatherings

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// FeedbackForm is what the after-dinner question shows a guest who came:
// their answer so far (empty before they answer) and whom they may name
// to meet again.
type FeedbackForm struct {
	Gathering *kindred.Gathering
	Answer    kindred.Feedback
	Answered  bool
	Others    []*kindred.RSVP // the other guests who came
}

// FeedbackForm reads the after-dinner question of gathering id for v:
// ENOTFOUND when v may not see the gathering, or did not come to it, or it
// has not been held (kindred.Gathering.MayGiveFeedback).
func (s *Service) FeedbackForm(ctx context.Context, v *kindred.Viewer, id int64) (*FeedbackForm, error) {
	g, err := s.Gathering(ctx, v, id)
	if err != nil {
		return nil, err
	}
	var mine *kindred.RSVP
	if v.MemberID() != 0 {
		if mine, err = s.Store.RSVPOf(ctx, g.ID, v.MemberID()); err != nil && kindred.ErrorCode(err) != kindred.ENOTFOUND {
			return nil, err
		}
	}
	if err := g.MayGiveFeedback(v, mine); err != nil {
		return nil, err
	}
	f := &FeedbackForm{Gathering: g, Answer: kindred.Feedback{GatheringID: g.ID, MemberID: v.MemberID()}}
	came, err := s.Store.ListRSVPs(ctx, g.ID, kindred.RSVPAttended)
	if err != nil {
		return nil, err
	}
	for _, r := range came {
		if r.MemberID != v.MemberID() {
			f.Others = append(f.Others, r)
		}
	}
	switch a, err := s.Store.Feedback(ctx, g.ID, v.MemberID()); kindred.ErrorCode(err) {
	case "":
		f.Answer, f.Answered = *a, true
	case kindred.ENOTFOUND:
	default:
		return nil, err
	}
	return f, nil
}

// FeedbackLink opens a guest's personal link to the after-dinner question,
// mailed to guests who came but have no account. The link is the
// credential: it returns the gathering it names and the viewer it stands
// for, the member it was sent to and no account, so it opens that
// member's question and nothing else; FeedbackForm and GiveFeedback then
// apply the same rules as to a signed-in guest. A forged, altered or
// mangled link is EINVALID, an expired one EGONE, and a member who is gone
// ENOTFOUND.
func (s *Service) FeedbackLink(ctx context.Context, token string) (*kindred.Viewer, int64, error) {
	key, err := s.Store.LinkKey(ctx, kindred.FeedbackLinkKey)
	if err != nil {
		return nil, 0, err
	}
	tok, err := kindred.ParseRSVPToken(token, key, s.Store.Now())
	switch kindred.ErrorCode(err) {
	case "":
	case kindred.EGONE:
		return nil, 0, kindred.Errorf(kindred.EGONE, "This link to the after-dinner question has expired. Thank you all the same.")
	default:
		return nil, 0, kindred.Errorf(kindred.EINVALID, "This link to the after-dinner question is not valid: it may have been copied incompletely. Open it from your email again.")
	}
	m, err := s.Store.Member(ctx, tok.MemberID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil, 0, kindred.Errorf(kindred.ENOTFOUND, "The after-dinner question is for the guests who came, once the gathering has been held.")
	}
	if err != nil {
		return nil, 0, err
	}
	return &kindred.Viewer{Member: m}, tok.GatheringID, nil
}

// otherIDs are the ids of the other guests who came.
func (f *FeedbackForm) otherIDs() []int64 {
	ids := make([]int64, len(f.Others))
	for i, r := range f.Others {
		ids[i] = r.MemberID
	}
	return ids
}

// FeedbackAnswer is a guest's answer to the after-dinner question of a
// gathering; every part may be left out.
type FeedbackAnswer struct {
	GatheringID int64
	Value       int
	WillTry     string
	MeetAgainID int64
}

// GiveFeedback stores v's answer to the gathering's after-dinner question,
// replacing their earlier one. It answers FeedbackForm's ENOTFOUND, and
// EINVALID naming value, will_try or meet_again. The audit and the event
// say that a guest answered, never what: the hosts read the answers only
// in aggregate.
func (s *Service) GiveFeedback(ctx context.Context, v *kindred.Viewer, in FeedbackAnswer) (*kindred.Feedback, error) {
	form, err := s.FeedbackForm(ctx, v, in.GatheringID)
	if err != nil {
		return nil, err
	}
	g := form.Gathering
	f := kindred.Feedback{GatheringID: g.ID, MemberID: v.MemberID(), Value: in.Value, WillTry: in.WillTry, MeetAgainID: in.MeetAgainID}
	if err := f.Validate(form.otherIDs()); err != nil {
		return nil, err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if err := tx.SaveFeedback(ctx, f); err != nil {
			return err
		}
		if err := tx.Audit(ctx, v.AccountID(), "gathering.feedback", subject(g), "answered the after-dinner question"); err != nil {
			return err
		}
		return s.Queue.Emit(ctx, tx, v.AccountID(), kindred.Event{Type: kindred.EventFeedbackGiven,
			Subject: "gathering:" + subject(g), Data: map[string]any{"gathering_id": g.ID, "title": g.Title}})
	})
	if err != nil {
		return nil, fmt.Errorf("give feedback: %w", err)
	}
	now := s.Store.Now()
	f.AnsweredAt = &now
	return &f, nil
}

// FeedbackSummary is what the guests of gathering id said after dinner,
// for its hosts and organizers, with no names; fewer than
// emergence.MinCell answers are counted but not broken down. ENOTFOUND as
// Gathering, EFORBIDDEN to others (kindred.Gathering.MaySeeFeedback).
func (s *Service) FeedbackSummary(ctx context.Context, v *kindred.Viewer, id int64) (*kindred.FeedbackSummary, *kindred.Gathering, error) {
	g, err := s.Gathering(ctx, v, id)
	if err != nil {
		return nil, nil, err
	}
	if err := g.MaySeeFeedback(v); err != nil {
		return nil, nil, err
	}
	sum, err := s.Store.FeedbackSummary(ctx, store.FeedbackScope{GatheringID: g.ID})
	if err != nil {
		return nil, nil, err
	}
	sum.Withhold(emergence.MinCell)
	return sum, g, nil
}

// FeedbackWindow is how far back the city's and the network's summaries
// of the after-dinner answers look.
const FeedbackWindow = 365 * 24 * time.Hour

// CityFeedback is what the guests of a city's gatherings held in the last
// FeedbackWindow said after dinner, for the city's organizers (and
// administrators), with no names and, below emergence.MinCell answers, no
// breakdown. EFORBIDDEN to anyone else.
func (s *Service) CityFeedback(ctx context.Context, v *kindred.Viewer, cityID int64) (*kindred.FeedbackSummary, error) {
	if !v.CanOrganize(cityID) {
		return nil, kindred.Errorf(kindred.EFORBIDDEN, "Only the city's organizers see what its guests answered.")
	}
	return s.feedbackSince(ctx, cityID)
}

// NetworkFeedback is what the guests of the whole network's gatherings
// held in the last FeedbackWindow said, as the Emergence page shows it to
// every member: counts only, and nothing below emergence.MinCell answers.
// It is read once for every viewer while the answers, RSVPs and gatherings
// stay the same (at xlarge, a year of answers is a hundred thousand rows).
// It returns the store's errors.
func (s *Service) NetworkFeedback(ctx context.Context) (*kindred.FeedbackSummary, error) {
	sum, err := s.network.Get(s.Store, store.FeedbackTables, func() (kindred.FeedbackSummary, error) {
		sum, err := s.feedbackSince(context.WithoutCancel(ctx), 0)
		if err != nil {
			return kindred.FeedbackSummary{}, err
		}
		sum.WillTry = nil // what people will try is for organizers, who read it city by city
		return *sum, nil
	})
	if err != nil {
		return nil, err
	}
	sum.Values = slices.Clone(sum.Values) // the cached summary is shared: never hand out its slice
	return &sum, nil
}

func (s *Service) feedbackSince(ctx context.Context, cityID int64) (*kindred.FeedbackSummary, error) {
	sum, err := s.Store.FeedbackSummary(ctx, store.FeedbackScope{CityID: cityID, Since: s.Store.Now().Add(-FeedbackWindow)})
	if err != nil {
		return nil, err
	}
	sum.Withhold(emergence.MinCell)
	return sum, nil
}
