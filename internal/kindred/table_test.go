package kindred_test

import (
	"reflect"
	"testing"

	"github.com/kindredhq/kindred/internal/kindred"
)

// TestTablePlanLayout checks that the one-pass layout puts every seat where
// Tables and Seat, which scan the plan per call, find it.
func TestTablePlanLayout(t *testing.T) {
	t.Parallel()
	p := &kindred.TablePlan{Rounds: 2, TableSize: 3}
	for r, tables := range [][][]int64{{{1, 2}, {3}, {}}, {{3, 1}, {}, {2}}} {
		for tab, members := range tables {
			for _, m := range members {
				p.Seats = append(p.Seats, kindred.Seat{Round: r + 1, Table: tab + 1, MemberID: m, Pinned: m == 3})
			}
		}
	}
	layout := p.Layout()
	if len(layout) != 2 || len(layout[0]) != 3 || len(layout[1]) != 3 {
		t.Fatalf("layout has %d rounds of %d and %d tables, want 2 of 3", len(layout), len(layout[0]), len(layout[1]))
	}
	for r, tables := range layout {
		var ids [][]int64
		for tab, seats := range tables {
			members := []int64{}
			for _, s := range seats {
				if want, _ := p.Seat(r+1, s.MemberID); s != want || s.Table != tab+1 {
					t.Errorf("round %d table %d holds %+v, but the plan seats them %+v", r+1, tab+1, s, want)
				}
				members = append(members, s.MemberID)
			}
			ids = append(ids, members)
		}
		want := p.Tables(r + 1)
		for i := range want {
			if want[i] == nil {
				want[i] = []int64{}
			}
		}
		if !reflect.DeepEqual(ids, want) {
			t.Errorf("round %d: layout %v, Tables %v", r+1, ids, want)
		}
	}
}
