package gatherings

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// Dinner is what a member proposes: the dinner as typed. A proposal is
// always open to the whole network once approved, with the proposer as its
// host; the rest (series, tables, co-hosts) is the organizers' to add.
type Dinner struct {
	CityID    int64 // 0: the city on the proposer's profile
	Title     string
	Theme     string
	VenueName string
	Address   string
	Questions []string
	StartsAt  time.Time
	EndsAt    time.Time
	Capacity  int
}

// onto writes the dinner's fields over g.
func (d Dinner) onto(g *kindred.Gathering) {
	g.Title, g.Theme, g.VenueName, g.Address, g.Questions = d.Title, d.Theme, d.VenueName, d.Address, d.Questions
	g.StartsAt, g.EndsAt, g.Capacity = d.StartsAt, d.EndsAt, d.Capacity
}

// Propose records a dinner v proposes in their city (kindred.Gathering.
// MayPropose). It waits, a draft only v and the city's organizers see, for
// an organizer's review, and the organizers of the city (the administrators
// when it has none) are mailed; when v is a trusted host there, or
// organizes the city, it opens at once with v as its host. Errors: EINVALID
// naming the bad fields, EFORBIDDEN on city_id outside v's city, ECONFLICT
// without a member profile.
func (s *Service) Propose(ctx context.Context, v *kindred.Viewer, d Dinner) (*kindred.Proposal, error) {
	g := kindred.Gathering{CityID: d.CityID, Status: kindred.GatheringDraft, Visibility: kindred.VisibilityNetwork, CreatedBy: v.AccountID()}
	if g.CityID == 0 && v.Member != nil {
		g.CityID = v.Member.CityID
	}
	d.onto(&g)
	if err := g.MayPropose(v); err != nil {
		return nil, err
	}
	if err := g.Validate(); err != nil {
		return nil, err
	}
	var p *kindred.Proposal
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		trusted, err := tx.TrustedHost(ctx, g.CityID, v.MemberID())
		if err != nil {
			return err
		}
		direct := g.PublishesDirectly(v, trusted)
		review := kindred.ProposalPending
		if direct {
			g.Status, g.HostIDs, review = kindred.GatheringOpen, []int64{v.MemberID()}, kindred.ProposalApproved
		}
		made, err := tx.CreateGathering(ctx, g)
		if err != nil {
			return err
		}
		if err := tx.CreateProposal(ctx, made.ID, v.MemberID(), review); err != nil {
			return err
		}
		if p, err = tx.Proposal(ctx, made.ID); err != nil {
			return err
		}
		if err := tx.Audit(ctx, v.AccountID(), "gathering.propose", subject(made), made.Title+" ("+string(review)+")"); err != nil {
			return err
		}
		if direct {
			return s.Queue.Emit(ctx, tx, v.AccountID(), kindred.Event{Type: kindred.EventGatheringCreated,
				Subject: "gathering:" + subject(made), Data: eventData(made)})
		}
		if err := s.Queue.MailProposalReviewers(ctx, tx, p, false); err != nil {
			return err
		}
		return s.emitProposal(ctx, tx, v, kindred.EventGatheringProposed, p)
	})
	if err != nil {
		return nil, fmt.Errorf("propose dinner: %w", err)
	}
	return p, nil
}

// ProposerCity is the city v may propose dinners in: the one on their
// member profile (kindred.Gathering.MayPropose: ECONFLICT without a
// profile, EFORBIDDEN on city_id without a city on it).
func (s *Service) ProposerCity(ctx context.Context, v *kindred.Viewer) (kindred.City, error) {
	var cityID int64
	if v.Member != nil {
		cityID = v.Member.CityID
	}
	if err := (&kindred.Gathering{CityID: cityID}).MayPropose(v); err != nil {
		return kindred.City{}, err
	}
	return s.Store.City(ctx, cityID)
}

// Revision is a proposer's change to their proposal, sent again.
type Revision struct {
	GatheringID int64
	Dinner      Dinner // its CityID is ignored: a proposal stays in its city
}

// Revise changes v's own proposal and sends it back to the organizers
// (pending again, mailed to them), while it waits for a review or for the
// changes asked (kindred.Proposal.MayRevise). Errors: ENOTFOUND when v may
// not see it, EFORBIDDEN for anyone but its proposer, ECONFLICT once
// declined or approved, EINVALID naming the bad fields.
func (s *Service) Revise(ctx context.Context, v *kindred.Viewer, in Revision) (*kindred.Proposal, error) {
	p, err := s.Proposal(ctx, v, in.GatheringID)
	if err != nil {
		return nil, err
	}
	if err := p.MayRevise(v); err != nil {
		return nil, err
	}
	g := *p.Gathering
	in.Dinner.onto(&g)
	if err := g.Validate(); err != nil {
		return nil, err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if _, _, err := tx.UpdateGathering(ctx, g, false); err != nil {
			return err
		}
		if err := tx.ResubmitProposal(ctx, g.ID); err != nil {
			return err
		}
		if p, err = tx.Proposal(ctx, g.ID); err != nil {
			return err
		}
		if err := tx.Audit(ctx, v.AccountID(), "gathering.propose.revise", subject(&g), g.Title); err != nil {
			return err
		}
		if err := s.Queue.MailProposalReviewers(ctx, tx, p, true); err != nil {
			return err
		}
		return s.emitProposal(ctx, tx, v, kindred.EventGatheringProposed, p)
	})
	if err != nil {
		return nil, fmt.Errorf("revise proposal: %w", err)
	}
	return p, nil
}

// Decision is an organizer's review of a proposal: "approve", "changes"
// (with a message saying what should change) or "decline".
type Decision struct {
	GatheringID int64
	Decision    string
	Message     string
}

// Review records an organizer's decision on a proposal and mails its
// proposer. Approving opens the dinner with its proposer as host (and is
// told outside as gathering.created); asking for changes or declining
// keeps it a draft. v must organize its city (kindred.Proposal.MayReview).
// Errors: ENOTFOUND when v may not see it, EFORBIDDEN, ECONFLICT when it
// was decided already, EINVALID on decision or message.
func (s *Service) Review(ctx context.Context, v *kindred.Viewer, in Decision) (*kindred.Proposal, error) {
	p, err := s.Proposal(ctx, v, in.GatheringID)
	if err != nil {
		return nil, err
	}
	if err := p.MayReview(v); err != nil {
		return nil, err
	}
	review, message, err := kindred.ParseReview(in.Decision, in.Message)
	if err != nil {
		return nil, err
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if review == kindred.ProposalApproved {
			if err := s.open(ctx, tx, p); err != nil {
				return err
			}
		}
		if err := tx.ReviewProposal(ctx, p.Gathering.ID, review, message, v.AccountID()); err != nil {
			return err
		}
		if p, err = tx.Proposal(ctx, p.Gathering.ID); err != nil {
			return err
		}
		if err := tx.Audit(ctx, v.AccountID(), "gathering.review", subject(p.Gathering), string(review)); err != nil {
			return err
		}
		if err := s.Queue.MailProposer(ctx, tx, reviewMail[review], p); err != nil {
			return err
		}
		if review == kindred.ProposalApproved {
			return s.Queue.Emit(ctx, tx, v.AccountID(), kindred.Event{Type: kindred.EventGatheringCreated,
				Subject: "gathering:" + subject(p.Gathering), Data: eventData(p.Gathering)})
		}
		return s.emitProposal(ctx, tx, v, kindred.EventGatheringReviewed, p)
	})
	if err != nil {
		return nil, fmt.Errorf("review proposal: %w", err)
	}
	return p, nil
}

// reviewMail is the mail to the proposer for each decision.
var reviewMail = map[kindred.ProposalReview]string{kindred.ProposalApproved: jobs.MailProposalApproved,
	kindred.ProposalChanges: jobs.MailProposalChanges, kindred.ProposalDeclined: jobs.MailProposalDeclined}

// open makes the proposed dinner open, with its proposer among its hosts
// (which seats them).
func (s *Service) open(ctx context.Context, tx *store.Tx, p *kindred.Proposal) error {
	g := *p.Gathering
	g.Status = kindred.GatheringOpen
	if !slices.Contains(g.HostIDs, p.MemberID) {
		g.HostIDs = append(slices.Clone(g.HostIDs), p.MemberID)
	}
	_, _, err := tx.UpdateGathering(ctx, g, false)
	return err
}

// emitProposal records a proposal's event: its id, city and review only,
// since a proposal waiting for review is not the network's to see.
func (s *Service) emitProposal(ctx context.Context, tx *store.Tx, v *kindred.Viewer, t kindred.EventType, p *kindred.Proposal) error {
	return s.Queue.Emit(ctx, tx, v.AccountID(), kindred.Event{Type: t, Subject: "gathering:" + subject(p.Gathering),
		Data: map[string]any{"id": p.Gathering.ID, "city_id": p.Gathering.CityID, "review": string(p.Review)}})
}

// Proposal reads the proposal of gathering id as v may see it: its
// proposer, and organizers of its city. ENOTFOUND otherwise, or when the
// gathering was not proposed by a member.
func (s *Service) Proposal(ctx context.Context, v *kindred.Viewer, id int64) (*kindred.Proposal, error) {
	if _, err := s.Gathering(ctx, v, id); err != nil {
		return nil, err
	}
	p, err := s.Store.Proposal(ctx, id)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil, kindred.Errorf(kindred.ENOTFOUND, "There is no such proposal.")
	}
	return p, err
}

// Proposals are the proposals a viewer follows.
type Proposals struct {
	Mine    []*kindred.Proposal // the viewer's own, the latest changed first
	Waiting []*kindred.Proposal // waiting for a review in the cities the viewer organizes
}

// Proposals lists v's own proposals and, for organizers, those waiting for
// their review. Only a failing database is an error.
func (s *Service) Proposals(ctx context.Context, v *kindred.Viewer) (Proposals, error) {
	var out Proposals
	var err error
	if v.MemberID() != 0 {
		if out.Mine, err = s.Store.Proposals(ctx, store.ProposalFilter{MemberID: v.MemberID()}); err != nil {
			return out, err
		}
	}
	every, ids := v.OrganizedCities()
	if every || len(ids) > 0 {
		out.Waiting, err = s.Store.Proposals(ctx, store.ProposalFilter{Scope: store.CityScope{Every: every, IDs: ids},
			Reviews: []kindred.ProposalReview{kindred.ProposalPending}})
	}
	return out, err
}

// Trust is an organizer marking a member a trusted host in a city, or
// taking the mark away.
type Trust struct {
	CityID   int64
	MemberID int64
	Trusted  bool
}

// SetTrustedHost marks (or unmarks) a member a trusted host in a city v
// organizes: their later proposals there open without review. It is
// audited, not told outside (whom organizers trust is theirs to know).
// Errors: EFORBIDDEN outside v's cities, ENOTFOUND for an unknown member.
func (s *Service) SetTrustedHost(ctx context.Context, v *kindred.Viewer, in Trust) error {
	if !v.CanOrganize(in.CityID) {
		return kindred.Errorf(kindred.EFORBIDDEN, "Only organizers of the city can say whom they trust to host there.")
	}
	m, err := s.Store.Member(ctx, in.MemberID)
	if err != nil {
		return err
	}
	action := "host.untrust"
	if in.Trusted {
		action = "host.trust"
	}
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.SetTrustedHost(ctx, in.CityID, m.ID, v.AccountID(), in.Trusted); err != nil {
			return err
		}
		return tx.Audit(ctx, v.AccountID(), action, "member:"+strconv.FormatInt(m.ID, 10), "city:"+strconv.FormatInt(in.CityID, 10))
	})
	if err != nil {
		return fmt.Errorf("trusted host: %w", err)
	}
	return nil
}

// Hosted reads the gathering id for its host's view (the guest list and
// the door's check-in): ENOTFOUND as Gathering, EFORBIDDEN when v neither
// organizes its city nor proposed it (kindred.Gathering.MayHost).
func (s *Service) Hosted(ctx context.Context, v *kindred.Viewer, id int64) (*kindred.Gathering, error) {
	g, err := s.Gathering(ctx, v, id)
	if err != nil {
		return nil, err
	}
	if err := g.MayHost(v); err != nil {
		return nil, err
	}
	return g, nil
}
