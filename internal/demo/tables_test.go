package demo_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// checkDemoTables checks a held demo dinner's locked table plan and that its
// ledger ties are exactly the table pairs of guests who came, once each.
func checkDemoTables(t *testing.T, s *store.Store, g *kindred.Gathering) {
	t.Helper()
	ctx := context.Background()
	plan, err := s.TablePlan(ctx, g.ID)
	if err != nil {
		t.Fatalf("%s: %v", g.Title, err)
	}
	if !plan.Locked() || plan.TiesWrittenAt == nil || plan.Summary.Violations != 0 || plan.Summary.NewCrossOrgPairs == 0 {
		t.Errorf("%s: plan locked %v, ties written %v, summary %+v", g.Title, plan.Locked(), plan.TiesWrittenAt, plan.Summary)
	}
	came := map[int64]bool{}
	attended, _ := s.ListRSVPs(ctx, g.ID, kindred.RSVPAttended)
	for _, v := range attended {
		came[v.MemberID] = true
	}
	want := map[[2]int64]bool{}
	for _, p := range plan.TablePairs() {
		if came[p[0]] && came[p[1]] {
			want[p] = true
		}
	}
	ledger, err := s.Ledger(ctx, store.LedgerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[[2]int64]int{}
	for _, tie := range ledger {
		if tie.SourceRef == g.Title && tie.Kind == kindred.TieSatTogether { // not the harvest's follow-ups
			got[[2]int64{tie.A, tie.B}]++
		}
	}
	if len(got) != len(want) || len(want) == 0 {
		t.Errorf("%s: %d tied pairs, want %d (the table pairs of guests who came)", g.Title, len(got), len(want))
	}
	for p, n := range got {
		if !want[p] || n != 1 {
			t.Errorf("%s: pair %v has %d ties, want it once and only if both came", g.Title, p, n)
		}
	}
}
