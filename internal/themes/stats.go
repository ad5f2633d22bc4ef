package themes

import (
	"math"
	"slices"
	"time"
)

// TestOptions set the significance rule shared by segment comparison and
// trends: a one-sided two-proportion z-test at level Alpha, applied only when
// every cell of the 2×2 table holds at least MinCell stories (small cells
// give spurious findings and could identify tellers).
type TestOptions struct {
	Alpha   float64 // 0 means 0.1, as Polis uses
	MinCell int     // 0 means 5
}

func (o TestOptions) withDefaults() TestOptions {
	if o.Alpha == 0 {
		o.Alpha = 0.1
	}
	if o.MinCell == 0 {
		o.MinCell = 5
	}
	return o
}

// ProportionTest is the outcome of a one-sided two-proportion z-test of
// "share A is greater than share B".
type ProportionTest struct {
	HitsA, SizeA int // stories of the theme in group A, stories in group A
	HitsB, SizeB int
	ShareA       float64
	ShareB       float64
	Z, P         float64 // P is one-sided: the chance of a share gap this large if there is none
	Testable     bool    // every cell holds at least MinCell stories
	Significant  bool    // Testable and P < Alpha
}

// TwoProportion runs the one-sided test of hitsA/sizeA > hitsB/sizeB with
// the pooled standard error. Sizes of zero give an untestable result.
func TwoProportion(hitsA, sizeA, hitsB, sizeB int, o TestOptions) ProportionTest {
	o = o.withDefaults()
	t := ProportionTest{HitsA: hitsA, SizeA: sizeA, HitsB: hitsB, SizeB: sizeB, P: 1}
	if sizeA == 0 || sizeB == 0 {
		return t
	}
	t.ShareA, t.ShareB = float64(hitsA)/float64(sizeA), float64(hitsB)/float64(sizeB)
	pool := float64(hitsA+hitsB) / float64(sizeA+sizeB)
	se := math.Sqrt(pool * (1 - pool) * (1/float64(sizeA) + 1/float64(sizeB)))
	if se > 0 {
		t.Z = (t.ShareA - t.ShareB) / se
		t.P = 0.5 * math.Erfc(t.Z/math.Sqrt2)
	}
	t.Testable = min(hitsA, sizeA-hitsA, hitsB, sizeB-hitsB) >= o.MinCell
	t.Significant = t.Testable && t.P < o.Alpha
	return t
}

// SegmentResult says whether one theme is over-represented in one segment
// (a region, organization, role, language or signifier range) compared with
// all other stories.
type SegmentResult struct {
	Segment string
	Theme   int
	ProportionTest
}

// CompareSegments tests every theme against every segment. theme and
// segment are indexed by story (theme IDs as in Result.Theme; stories with
// theme 0 or an empty segment are left out). Results come ordered by
// segment, then theme. The slices must have equal lengths; otherwise the
// result is nil.
func CompareSegments(theme []int, segment []string, o TestOptions) []SegmentResult {
	if len(theme) != len(segment) {
		return nil
	}
	hits := map[string]map[int]int{}
	size, themeTotal, total := map[string]int{}, map[int]int{}, 0
	for i, t := range theme {
		s := segment[i]
		if t <= 0 || s == "" {
			continue
		}
		if hits[s] == nil {
			hits[s] = map[int]int{}
		}
		hits[s][t]++
		size[s]++
		themeTotal[t]++
		total++
	}
	var out []SegmentResult
	for _, s := range sortedStrings(size) {
		for _, t := range sortedInts(themeTotal) {
			h := hits[s][t]
			test := TwoProportion(h, size[s], themeTotal[t]-h, total-size[s], o)
			out = append(out, SegmentResult{Segment: s, Theme: t, ProportionTest: test})
		}
	}
	return out
}

// Period is the bucket of a trend.
type Period string

// Trend periods: ISO weeks starting on Monday, or calendar months (UTC).
const (
	Week  Period = "week"
	Month Period = "month"
)

// TrendPoint is one theme's share of the stories told in one period.
type TrendPoint struct {
	Start time.Time
	Count int // stories of the theme
	Total int // all stories with a theme in the period
	Share float64
}

// Trend is one theme's share over time. Rising compares the last period with
// all earlier ones by the same test as segments (Test holds it).
type Trend struct {
	Theme  int
	Points []TrendPoint
	Rising bool
	Test   ProportionTest
}

// Trends computes each theme's share per period from the first to the last
// story, empty periods included. Stories with a zero time or theme 0 are
// left out. The slices must have equal lengths; otherwise the result is nil.
func Trends(theme []int, when []time.Time, period Period, o TestOptions) []Trend {
	if len(theme) != len(when) {
		return nil
	}
	starts, counts, totals, themeIDs := bucket(theme, when, period)
	var out []Trend
	for _, t := range themeIDs {
		tr := Trend{Theme: t}
		for i, s := range starts {
			p := TrendPoint{Start: s, Count: counts[i][t], Total: totals[i]}
			if p.Total > 0 {
				p.Share = float64(p.Count) / float64(p.Total)
			}
			tr.Points = append(tr.Points, p)
		}
		if n := len(tr.Points); n >= 2 {
			last := tr.Points[n-1]
			before, beforeTotal := 0, 0
			for _, p := range tr.Points[:n-1] {
				before += p.Count
				beforeTotal += p.Total
			}
			tr.Test = TwoProportion(last.Count, last.Total, before, beforeTotal, o)
			tr.Rising = tr.Test.Significant
		}
		out = append(out, tr)
	}
	return out
}

// bucket counts stories per period and theme.
func bucket(theme []int, when []time.Time, period Period) ([]time.Time, []map[int]int, []int, []int) {
	var first, last time.Time
	seen := map[int]int{}
	for i, w := range when {
		if w.IsZero() || theme[i] <= 0 {
			continue
		}
		s := periodStart(w, period)
		if first.IsZero() || s.Before(first) {
			first = s
		}
		if s.After(last) {
			last = s
		}
		seen[theme[i]]++
	}
	if first.IsZero() {
		return nil, nil, nil, nil
	}
	var starts []time.Time
	index := map[time.Time]int{}
	for s := first; !s.After(last); s = nextPeriod(s, period) {
		index[s] = len(starts)
		starts = append(starts, s)
	}
	counts, totals := make([]map[int]int, len(starts)), make([]int, len(starts))
	for i := range counts {
		counts[i] = map[int]int{}
	}
	for i, w := range when {
		if w.IsZero() || theme[i] <= 0 {
			continue
		}
		j := index[periodStart(w, period)]
		counts[j][theme[i]]++
		totals[j]++
	}
	return starts, counts, totals, sortedInts(seen)
}

func periodStart(t time.Time, p Period) time.Time {
	t = t.UTC()
	if p == Month {
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
}

func nextPeriod(t time.Time, p Period) time.Time {
	if p == Month {
		return t.AddDate(0, 1, 0)
	}
	return t.AddDate(0, 0, 7)
}

func sortedStrings(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func sortedInts(m map[int]int) []int {
	out := make([]int, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
