package jobs

import (
	"context"
	"fmt"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// The mails of a proposed dinner's review: to the organizers of its city
// when it is proposed (or sent again), and to its proposer at each decision.
const (
	MailProposalReceived = "proposal_received" // to the reviewers: a member proposes a dinner
	MailProposalApproved = "proposal_approved" // to the proposer: it is open, and they host it
	MailProposalChanges  = "proposal_changes"  // to the proposer: the organizer asks for changes
	MailProposalDeclined = "proposal_declined" // to the proposer: it will not take place
)

// MailProposalReviewers composes MailProposalReceived to each account that
// reviews proposals in p's city (store.Tx.ProposalReviewers) and sends it
// (see SendMail) in tx. again says it was sent back after changes.
func (q *Queue) MailProposalReviewers(ctx context.Context, tx *store.Tx, p *kindred.Proposal, again bool) error {
	to, err := tx.ProposalReviewers(ctx, p.Gathering.CityID)
	if err != nil {
		return err
	}
	for _, a := range to {
		if err := q.mailProposal(ctx, tx, MailProposalReceived, a.Email, a.DisplayName(), p, map[string]any{"Again": again}); err != nil {
			return err
		}
	}
	return nil
}

// MailProposer composes kind (MailProposalApproved, MailProposalChanges or
// MailProposalDeclined) to p's proposer and sends it in tx; a proposer
// without an address is skipped.
func (q *Queue) MailProposer(ctx context.Context, tx *store.Tx, kind string, p *kindred.Proposal) error {
	m, err := tx.Member(ctx, p.MemberID)
	if err != nil {
		return err
	}
	if m.Email == "" {
		return nil
	}
	return q.mailProposal(ctx, tx, kind, m.Email, m.Name, p, nil)
}

func (q *Queue) mailProposal(ctx context.Context, tx *store.Tx, kind, to, name string, p *kindred.Proposal, extra map[string]any) error {
	g := p.Gathering
	data := map[string]any{"Name": name, "Title": g.Title, "City": g.CityName, "When": WhenText(g),
		"Venue": g.VenueName, "Address": g.Address, "Questions": g.Questions, "Proposer": p.MemberName,
		"Message": p.Message, "URL": fmt.Sprintf("%s/proposals/%d", q.baseURL, g.ID),
		"GatheringURL": fmt.Sprintf("%s/gatherings/%d", q.baseURL, g.ID)}
	for k, v := range extra {
		data[k] = v
	}
	m, err := q.composer.Compose(kind, to, data)
	if err != nil {
		return fmt.Errorf("%s mail: %w", kind, err)
	}
	_, err = q.SendMail(ctx, tx, m)
	return err
}
