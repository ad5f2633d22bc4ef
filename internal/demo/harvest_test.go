package demo_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// checkDemoHarvest: the held dinners carry notes of every consent, follow-up
// ties (some confirmed), and a practice made from a note keeps its source.
func checkDemoHarvest(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	held, err := s.ListGatherings(ctx, store.GatheringFilter{Statuses: []kindred.GatheringStatus{kindred.GatheringHeld}})
	if err != nil || len(held) == 0 {
		t.Fatalf("held dinners: %d, %v", len(held), err)
	}
	seen := map[kindred.NoteConsent]int{}
	for _, g := range held {
		tables, err := s.HarvestTables(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, tb := range tables {
			notes, err := s.NotesFor(ctx, kindred.NoteReader{MemberID: tb.NoteTakerID}, g.ID, tb.Table)
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range notes {
				seen[n.Consent]++
			}
		}
	}
	for _, c := range kindred.NoteConsents {
		if seen[c] == 0 {
			t.Errorf("the demo has no %s notes (%v)", c, seen)
		}
	}
	ties, err := s.Ledger(ctx, store.LedgerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	status := map[string]int{}
	for _, tie := range ties {
		if tie.Kind == kindred.TieFollowUp {
			status[tie.Status]++
		}
	}
	if status["active"] == 0 || status["confirmed"] == 0 {
		t.Errorf("follow-up ties by status %v; want some active and some confirmed", status)
	}
	p, err := s.PracticeBySlug(ctx, "budget-circles-in-every-chapter")
	if err != nil || len(p.Sources) != 2 || p.Sources[0].Kind != "note" {
		t.Errorf("practice from a note: %+v, %v", p, err)
	}
}
