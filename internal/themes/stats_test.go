package themes

import (
	"math"
	"testing"
	"time"
)

func TestTwoProportion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                   string
		ha, na, hb, nb         int
		wantZ, wantP           float64
		wantTestable, wantSign bool
	}{
		// p1 = .6, p2 = .4, pooled .5, se = .1 → z = 2, one-sided p = .02275.
		{"significant", 30, 50, 20, 50, 2, 0.022750131948179, true, true},
		{"not significant", 26, 50, 24, 50, 0.4, 0.344578258389676, true, false},
		{"small cell", 4, 10, 1, 40, 0, 0, false, false},
		{"empty group", 0, 0, 5, 10, 0, 1, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := TwoProportion(tt.ha, tt.na, tt.hb, tt.nb, TestOptions{})
			if tt.wantZ != 0 && (math.Abs(got.Z-tt.wantZ) > 1e-9 || math.Abs(got.P-tt.wantP) > 1e-9) {
				t.Errorf("z, p = %v, %v; want %v, %v", got.Z, got.P, tt.wantZ, tt.wantP)
			}
			if got.Testable != tt.wantTestable || got.Significant != tt.wantSign {
				t.Errorf("testable, significant = %v, %v; want %v, %v", got.Testable, got.Significant, tt.wantTestable, tt.wantSign)
			}
		})
	}
}

func TestCompareSegments(t *testing.T) {
	t.Parallel()
	// North: 30 of 50 stories in theme 1; south: 20 of 50.
	var theme []int
	var seg []string
	for i := range 100 {
		s, th := "north", 2
		if i >= 50 {
			s = "south"
		}
		if (i < 50 && i < 30) || (i >= 50 && i < 70) {
			th = 1
		}
		theme, seg = append(theme, th), append(seg, s)
	}
	theme, seg = append(theme, 0, 1), append(seg, "east", "") // ignored: no theme, no segment
	got := CompareSegments(theme, seg, TestOptions{})
	if len(got) != 4 {
		t.Fatalf("results = %d, want 4 (2 segments × 2 themes): %+v", len(got), got)
	}
	if g := got[0]; g.Segment != "north" || g.Theme != 1 || !g.Significant || g.HitsA != 30 || g.SizeA != 50 {
		t.Errorf("north/theme 1 = %+v, want significant 30/50", g)
	}
	if g := got[2]; g.Segment != "south" || g.Theme != 1 || g.Significant {
		t.Errorf("south/theme 1 = %+v, want not significant", g)
	}
	if CompareSegments([]int{1}, nil, TestOptions{}) != nil {
		t.Error("mismatched lengths: want nil")
	}
}

func TestTrends(t *testing.T) {
	t.Parallel()
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	var theme []int
	var when []time.Time
	add := func(t time.Time, th, n int) {
		for range n {
			theme, when = append(theme, th), append(when, t)
		}
	}
	add(day(1, 10), 1, 5)
	add(day(1, 10), 2, 45)
	add(day(3, 3), 1, 30) // February has no stories
	add(day(3, 3), 2, 20)
	add(time.Time{}, 1, 3) // no time: left out
	got := Trends(theme, when, Month, TestOptions{})
	if len(got) != 2 {
		t.Fatalf("trends = %d, want 2", len(got))
	}
	t1 := got[0]
	if len(t1.Points) != 3 || t1.Points[1].Total != 0 || !t1.Points[0].Start.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("points = %+v, want Jan, Feb (empty), Mar", t1.Points)
	}
	if got, want := t1.Points[2].Share, 0.6; math.Abs(got-want) > 1e-12 {
		t.Errorf("March share = %v, want %v", got, want)
	}
	if !t1.Rising || got[1].Rising {
		t.Errorf("rising = %v, %v; want true, false", t1.Rising, got[1].Rising)
	}
	weeks := Trends([]int{1, 1}, []time.Time{day(11, 25), day(11, 29)}, Week, TestOptions{})
	if got, want := weeks[0].Points[0].Start.Weekday(), time.Monday; got != want || len(weeks[0].Points) != 1 {
		t.Errorf("week start = %v (%d points), want Monday, 1 point", got, len(weeks[0].Points))
	}
}
