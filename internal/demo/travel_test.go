package demo_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/library"
	"github.com/kindredhq/kindred/internal/store"
)

// checkDemoTravel: practices of the small demo travel along the ties of its
// held dinners, so a member sees adoptions with the dinner that led to them.
// TestGenerateSmall calls it on the demo it made.
func checkDemoTravel(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	hits, err := s.ListPractices(ctx, store.PracticeFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	member := &kindred.Viewer{Account: &kindred.Account{ID: -1, Role: kindred.RoleMember}}
	svc := &library.Service{Store: s}
	atDinners, practices := 0, 0
	for _, h := range hits {
		p, err := s.Practice(ctx, h.Practice.ID)
		if err != nil {
			t.Fatal(err)
		}
		paths, err := svc.Paths(ctx, member, p)
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) > 0 {
			practices++
		}
		for _, path := range paths {
			if path.Gathering != nil && path.Gathering.Status == kindred.GatheringHeld && path.On.Equal(path.Gathering.LocalDay()) {
				atDinners++
			}
		}
	}
	if atDinners < 8 || practices < 4 {
		t.Errorf("%d adoptions in %d practices followed a demo dinner, want at least 8 in 4", atDinners, practices)
	}
}
