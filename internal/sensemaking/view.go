package sensemaking

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/themes"
)

// MaxWeak is how many weak signals the pages list: the largest ones; more
// would bury the few worth a closer look.
const MaxWeak = 8

// View is what the sensemaking page and the report show of a run: only
// stories still approved count, and quotes come only from stories that may
// be quoted publicly, masked.
type View struct {
	Run      *store.ThemeRun
	Total    int // approved stories with a theme
	Themes   []ThemeView
	Weak     []ThemeView // the largest MaxWeak groups
	MoreWeak int         // weak signals beyond those
	Period   themes.Period
	Segments []SegmentTable
}

// ThemeView is one theme as shown.
type ThemeView struct {
	Key      int
	Label    string
	Renamed  bool
	Keywords []string
	Members  []int64 // still approved, most typical first
	Size     int
	Share    float64
	Also     int // stories whose second theme this is
	Quotes   []QuoteView
	Trend    []themes.TrendPoint
	Rising   bool
}

// QuoteView is a verbatim quote, masked, with the story it comes from and
// the language it was told in.
type QuoteView struct {
	StoryID int64
	Text    string
	Lang    string
}

// SegmentTable lists the themes over-represented in the segments of one
// dimension (region, organization, role, language, a signifier's range).
type SegmentTable struct {
	Name   string
	Tested int // segment × theme pairs with every cell of at least 5 stories
	Rows   []SegmentRow
}

// SegmentRow is one significant over-representation.
type SegmentRow struct {
	Segment  string
	Theme    string
	In, Size int // stories of the theme in the segment, stories in the segment
	ShareIn  float64
	ShareOut float64
	P        float64
}

// Build shows run over the campaign's stories (as organizers read them:
// Build decides what stays visible). Only approved stories count, and only
// the texts of quoted stories are read, so all may hold just the approved
// stories, with texts for the quoted ones only (see QuotedStories).
func Build(run *store.ThemeRun, c *kindred.Campaign, all []kindred.Story) *View {
	byID := byID(all)
	live := func(id int64) *kindred.Story {
		if st := byID[id]; st != nil && st.State == kindred.StateApproved {
			return st
		}
		return nil
	}
	v := &View{Run: run}
	var themed []*kindred.Story
	var theme []int
	for i, t := range run.Result.Themes {
		tv := view(t, live, byID)
		for _, id := range tv.Members {
			themed, theme = append(themed, byID[id]), append(theme, i+1)
		}
		for _, k := range run.Result.Secondary {
			if k == t.Key {
				tv.Also++
			}
		}
		v.Themes = append(v.Themes, tv)
	}
	for _, w := range run.Result.WeakSignals {
		if wv := view(w, live, byID); wv.Size > 0 {
			v.Weak = append(v.Weak, wv)
		}
	}
	sort.SliceStable(v.Weak, func(i, j int) bool { return v.Weak[i].Size > v.Weak[j].Size })
	if len(v.Weak) > MaxWeak {
		v.MoreWeak, v.Weak = len(v.Weak)-MaxWeak, v.Weak[:MaxWeak]
	}
	v.Total = len(themed)
	for i := range v.Themes {
		if v.Total > 0 {
			v.Themes[i].Share = float64(v.Themes[i].Size) / float64(v.Total)
		}
	}
	v.trends(themed, theme)
	v.Segments = segments(c, themed, theme, v.Themes)
	return v
}

// QuotedStories returns the ids of the stories run quotes, in its themes
// and weak signals: the only texts Build reads.
func QuotedStories(run *store.ThemeRun) []int64 {
	var ids []int64
	for _, groups := range [][]store.ThemeGroup{run.Result.Themes, run.Result.WeakSignals} {
		for _, g := range groups {
			for _, q := range g.Quotes {
				ids = append(ids, q.StoryID)
			}
		}
	}
	return ids
}

func view(t store.ThemeGroup, live func(int64) *kindred.Story, byID map[int64]*kindred.Story) ThemeView {
	tv := ThemeView{Key: t.Key, Label: t.Label, Renamed: t.Renamed, Keywords: t.Keywords}
	for _, id := range t.Members {
		if live(id) != nil {
			tv.Members = append(tv.Members, id)
		}
	}
	tv.Size = len(tv.Members)
	for _, q := range t.Quotes {
		if text, ok := PublicQuote(byID[q.StoryID], q); ok {
			tv.Quotes = append(tv.Quotes, QuoteView{StoryID: q.StoryID, Text: text, Lang: byID[q.StoryID].Lang})
		}
	}
	return tv
}

// PublicQuote returns the quote's text as anyone may read it: only from an
// approved, unflagged story its teller allowed to be quoted publicly, with
// emails and phone numbers masked, and only when the masked quote is still a
// verbatim part of the masked story.
func PublicQuote(st *kindred.Story, q store.ThemeQuote) (string, bool) {
	if st == nil || !st.VisibleTo(kindred.ReaderPublic) || q.Start < 0 || q.End > len(st.Text) || q.Start >= q.End {
		return "", false
	}
	text := kindred.MaskPII(st.Text[q.Start:q.End])
	if !strings.Contains(kindred.MaskPII(st.Text), text) {
		return "", false
	}
	return text, true
}

// trends computes each theme's share by week, or by month for campaigns
// longer than four months.
func (v *View) trends(themed []*kindred.Story, theme []int) {
	if len(themed) == 0 {
		return
	}
	when := make([]time.Time, len(themed))
	first, last := themed[0].CreatedAt, themed[0].CreatedAt
	for i, st := range themed {
		when[i] = st.CreatedAt
		first, last = minTime(first, st.CreatedAt), maxTime(last, st.CreatedAt)
	}
	v.Period = themes.Week
	if last.Sub(first) > 120*24*time.Hour {
		v.Period = themes.Month
	}
	for _, tr := range themes.Trends(theme, when, v.Period, themes.TestOptions{}) {
		if i := tr.Theme - 1; i >= 0 && i < len(v.Themes) {
			v.Themes[i].Trend, v.Themes[i].Rising = tr.Points, tr.Rising
		}
	}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// segments compares the themes across each dimension, keeping only the
// over-representations that pass the test with every cell of at least 5.
func segments(c *kindred.Campaign, themed []*kindred.Story, theme []int, tv []ThemeView) []SegmentTable {
	type dim struct {
		name string
		of   func(*kindred.Story) string
	}
	dims := []dim{
		{"Region", func(s *kindred.Story) string { return s.Context["region"] }},
		{"Organization", func(s *kindred.Story) string { return s.Context["organization"] }},
		{"Role", func(s *kindred.Story) string { return s.Context["role"] }},
		{"Language", func(s *kindred.Story) string { return s.Lang }},
	}
	for _, sig := range c.Signifiers {
		if sig.Kind == kindred.KindSlider {
			dims = append(dims, dim{sig.Prompt, sliderRange(sig)})
		}
	}
	var out []SegmentTable
	for _, d := range dims {
		seg := make([]string, len(themed))
		for i, st := range themed {
			seg[i] = d.of(st)
		}
		table := SegmentTable{Name: d.name}
		for _, r := range themes.CompareSegments(theme, seg, themes.TestOptions{}) {
			if r.Testable {
				table.Tested++
			}
			if r.Significant && r.Theme >= 1 && r.Theme <= len(tv) {
				table.Rows = append(table.Rows, SegmentRow{Segment: r.Segment, Theme: tv[r.Theme-1].Label,
					In: r.HitsA, Size: r.SizeA, ShareIn: r.ShareA, ShareOut: r.ShareB, P: r.P})
			}
		}
		out = append(out, table)
	}
	return out
}

// sliderRange puts a slider answer in the lower, middle or upper third.
func sliderRange(sig kindred.Signifier) func(*kindred.Story) string {
	return func(s *kindred.Story) string {
		v, ok := s.Signifiers[sig.Key]
		if !ok || v.Slider == nil || len(sig.Labels) < 2 {
			return ""
		}
		switch x := *v.Slider; {
		case x <= 33:
			return fmt.Sprintf("Towards %s (0–33)", sig.Labels[0])
		case x >= 67:
			return fmt.Sprintf("Towards %s (67–100)", sig.Labels[1])
		default:
			return "Middle (34–66)"
		}
	}
}
