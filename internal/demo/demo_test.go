package demo_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

func TestGenerateSmall(t *testing.T) {
	t.Parallel()
	testutil.ForEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		res, err := demo.Generate(ctx, s, demo.Small, 1)
		if err != nil {
			t.Fatal(err)
		}
		if res.Members < 270 || res.Organizations < 10 || res.Admin == nil {
			t.Errorf("result = %+v", res)
		}
		me, err := s.MemberByAccount(ctx, res.Admin.ID)
		if err != nil || me.Name != "Robin Okafor" {
			t.Errorf("admin profile = %+v, %v", me, err)
		}
		ms, _, err := s.ListMembers(ctx, store.MemberFilter{Query: "organizing", Limit: 5})
		if err != nil || len(ms) == 0 {
			t.Errorf("search in the demo found %d, %v", len(ms), err)
		}
		checkDemoGatherings(t, s)
		checkDemoHarvest(t, s)
		checkDemoConversations(t, s)
		checkDemoProposals(t, s)
		checkDemoTravel(t, s)
		checkDemoFeedback(t, s)
		if _, err := demo.Generate(ctx, s, demo.Small, 1); err == nil {
			t.Errorf("a second demo on the same database was allowed")
		}
	})
}

// checkDemoConversations: past dinners and practices have threads with
// replies.
func checkDemoConversations(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	held, err := s.ListGatherings(ctx, store.GatheringFilter{Statuses: []kindred.GatheringStatus{kindred.GatheringHeld}, Limit: 12})
	if err != nil {
		t.Fatal(err)
	}
	practices, err := s.ListPractices(ctx, store.PracticeFilter{Limit: 8})
	if err != nil {
		t.Fatal(err)
	}
	found := map[kindred.PlaceKind]int{}
	var places []kindred.Place
	for _, g := range held {
		places = append(places, kindred.Place{Kind: kindred.PlaceGathering, RefID: g.ID})
	}
	for _, p := range practices {
		places = append(places, kindred.Place{Kind: kindred.PlacePractice, RefID: p.Practice.ID})
	}
	for _, p := range places {
		c, err := s.ConversationAt(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if c.Thread == nil {
			continue
		}
		posts, _, _, err := s.Posts(ctx, c.Thread.ID, store.PostPage{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		if len(posts) >= 2 {
			found[p.Kind]++
		}
	}
	if found[kindred.PlaceGathering] == 0 || found[kindred.PlacePractice] == 0 {
		t.Errorf("threads with replies: %v, want some on past dinners and on practices", found)
	}
}
