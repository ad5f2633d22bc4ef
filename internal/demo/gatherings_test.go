package demo_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// checkDemoGatherings: the small demo's past dinners were held, with
// locked plans whose ties match their tables; the upcoming ones keep their
// seats and waitlists. TestGenerateSmall calls it on the demo it made
// (generating one costs a minute under the race detector).
func checkDemoGatherings(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	past, err := s.ListGatherings(ctx, store.GatheringFilter{Now: s.Now(), Past: true})
	if err != nil || len(past) != 4 {
		t.Fatalf("past dinners: %d, %v", len(past), err)
	}
	for _, g := range past {
		came, _ := s.ListRSVPs(ctx, g.ID, kindred.RSVPAttended)
		if g.Status != kindred.GatheringHeld || len(came) == 0 || g.SeriesName != demo.WinterSeries {
			t.Errorf("%s: %s with %d attended, series %q", g.Title, g.Status, len(came), g.SeriesName)
		}
		checkDemoTables(t, s, g)
	}
	all, err := s.ListGatherings(ctx, store.GatheringFilter{Now: s.Now()})
	var up []*kindred.Gathering // the organizers' own; members' proposals are checkDemoProposals'
	for _, g := range all {
		if g.ProposedBy == 0 {
			up = append(up, g)
		}
	}
	if err != nil || len(up) != 6 {
		t.Fatalf("upcoming: %d, %v", len(up), err)
	}
	full := 0
	for _, g := range up {
		if g.Going > g.Capacity {
			t.Errorf("%s: %d going over %d seats", g.Title, g.Going, g.Capacity)
		}
		if g.Waitlisted > 0 {
			full++
		}
	}
	if full == 0 {
		t.Error("no upcoming dinner has a waitlist")
	}
}
