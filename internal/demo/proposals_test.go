package demo_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// checkDemoProposals: the demo has two member-proposed dinners, one waiting
// for review (a draft) and one approved (open, hosted by its proposer).
func checkDemoProposals(t *testing.T, s *store.Store) {
	t.Helper()
	ps, err := s.Proposals(context.Background(), store.ProposalFilter{Scope: store.CityScope{Every: true}})
	if err != nil || len(ps) != 2 {
		t.Fatalf("demo proposals: %d, %v", len(ps), err)
	}
	got := map[kindred.ProposalReview]*kindred.Proposal{}
	for _, p := range ps {
		got[p.Review] = p
	}
	if p := got[kindred.ProposalPending]; p == nil || p.Gathering.Status != kindred.GatheringDraft {
		t.Errorf("the pending demo proposal: %+v", p)
	}
	if p := got[kindred.ProposalApproved]; p == nil || p.Gathering.Status != kindred.GatheringOpen ||
		len(p.Gathering.HostIDs) != 1 || p.Gathering.HostIDs[0] != p.MemberID || p.Message == "" {
		t.Errorf("the approved demo proposal: %+v", p)
	}
}
