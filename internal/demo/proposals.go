package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// demoProposal is a dinner a demo member proposed in their city.
type demoProposal struct {
	city    string
	member  int // which of the city's members (0 is its organizer)
	weeks   int
	title   string
	venue   [2]string
	review  kindred.ProposalReview
	message string
}

var demoProposals = []demoProposal{
	{"Chicago", 2, 3, "Pilsen kitchen table: tenant organizers and teachers",
		[2]string{"Our apartment, 3rd floor", "1800 S Blue Island Ave, Chicago, IL"}, kindred.ProposalPending, ""},
	{"Chicago", 3, 6, "Bronzeville supper for new volunteer leads",
		[2]string{"Little Black Pearl café", "1060 E 47th St, Chicago, IL"}, kindred.ProposalApproved,
		"Lovely idea. Ask guests about their first month as leads; it fits the spring theme."},
}

// Proposals adds the demo's member-proposed dinners in one transaction:
// one waiting for an organizer's review (a draft only its proposer and
// the city's organizers see) and one approved, open with its proposer as
// host. Nobody is mailed. It runs after the directory is loaded.
func Proposals(ctx context.Context, st *store.Store, adminID int64) error {
	byCity, cityIDs, err := demoMembersByCity(ctx, st)
	if err != nil {
		return err
	}
	now := st.Now()
	return st.WithTx(ctx, func(tx *store.Tx) error {
		for _, d := range demoProposals {
			people := byCity[d.city]
			if d.member >= len(people) {
				continue
			}
			if err := createDemoProposal(ctx, tx, d, cityIDs[d.city], people[d.member], adminID, now); err != nil {
				return fmt.Errorf("demo proposal in %s: %w", d.city, err)
			}
		}
		return nil
	})
}

func createDemoProposal(ctx context.Context, tx *store.Tx, d demoProposal, cityID, memberID, adminID int64, now time.Time) error {
	base := demoGathering(demoDinner{city: d.city, weeks: d.weeks, capacity: 10}, 0, 0, nil, adminID, now)
	g := kindred.Gathering{CityID: cityID, Title: d.title, VenueName: d.venue[0], Address: d.venue[1],
		Questions: []string{"What did your first month of organizing teach you?"}, StartsAt: base.StartsAt,
		EndsAt: base.StartsAt.Add(150 * time.Minute), Capacity: 10, TableSize: 5, Visibility: kindred.VisibilityNetwork,
		Status: kindred.GatheringDraft}
	if d.review == kindred.ProposalApproved {
		g.Status, g.HostIDs = kindred.GatheringOpen, []int64{memberID}
	}
	made, err := tx.CreateGathering(ctx, g)
	if err != nil {
		return err
	}
	if err := tx.CreateProposal(ctx, made.ID, memberID, kindred.ProposalPending); err != nil {
		return err
	}
	if d.review == kindred.ProposalPending {
		return nil
	}
	return tx.ReviewProposal(ctx, made.ID, d.review, d.message, adminID)
}
