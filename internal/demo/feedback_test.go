package demo_test

import (
	"context"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// checkDemoFeedback: the guests of each held demo dinner answered the
// after-dinner question, enough of them for its summary to show, with
// things to try and a few pairs who want to meet each other again.
func checkDemoFeedback(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	held, err := s.ListGatherings(ctx, store.GatheringFilter{Statuses: []kindred.GatheringStatus{kindred.GatheringHeld}, Limit: 100})
	if err != nil || len(held) == 0 {
		t.Fatalf("held demo dinners: %d, %v", len(held), err)
	}
	for _, g := range held {
		sum, err := s.FeedbackSummary(ctx, store.FeedbackScope{GatheringID: g.ID})
		if err != nil || sum.Answered < emergence.MinCell || sum.Answered >= sum.Came || sum.Valued == 0 || len(sum.WillTry) == 0 {
			t.Errorf("the after-dinner answers of %s: %+v, %v", g.Title, sum, err)
		}
	}
	all, err := s.FeedbackSummary(ctx, store.FeedbackScope{Since: s.Now().Add(-365 * 24 * time.Hour)})
	if err != nil || all.Mutual == 0 || all.MeetAgain <= all.Mutual {
		t.Errorf("the network's answers: %+v, %v; want some wishes to meet again, a few mutual", all, err)
	}
}
