package sensemaking

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/themes"
)

// MinOverlap is how much a theme of a new run must share with the theme an
// edit was made on (Jaccard index of their member stories) to receive it.
// Below it, the theme the organizer meant is gone and the edit is skipped.
const MinOverlap = 0.3

// Apply replays edits, oldest first, on a copy of raw and returns it, largest
// theme first. Each edit finds its theme by member overlap (see MinOverlap),
// so renames, merges and splits survive re-theming. stories (by id) give the
// texts a split needs.
func Apply(ctx context.Context, raw store.ThemeResult, edits []store.ThemeEdit, stories map[int64]*kindred.Story) store.ThemeResult {
	out := raw
	out.Themes = make([]store.ThemeGroup, len(raw.Themes))
	nextKey := 1
	for i, t := range raw.Themes {
		t.Members = slices.Clone(t.Members)
		t.Keywords = slices.Clone(t.Keywords)
		t.Quotes = slices.Clone(t.Quotes)
		out.Themes[i] = t
		nextKey = max(nextKey, t.Key+1)
	}
	out.Secondary = make(map[int64]int, len(raw.Secondary))
	for id, k := range raw.Secondary {
		out.Secondary[id] = k
	}
	for _, e := range edits {
		i := match(out.Themes, e.Members, -1)
		if i < 0 {
			continue
		}
		switch e.Kind {
		case store.EditRename:
			if label := strings.TrimSpace(e.Label); label != "" {
				out.Themes[i].Label, out.Themes[i].Renamed = label, true
			}
		case store.EditMerge:
			if j := match(out.Themes, e.Other, i); j >= 0 {
				out.Themes = merge(out.Themes, i, j, out.Secondary)
			}
		case store.EditSplit:
			if halves, ok := split(ctx, out.Themes[i], stories, nextKey); ok {
				out.Themes = slices.Replace(out.Themes, i, i+1, halves...)
				nextKey += len(halves)
			}
		}
	}
	sort.SliceStable(out.Themes, func(a, b int) bool { return len(out.Themes[a].Members) > len(out.Themes[b].Members) })
	return out
}

// match returns the index of the theme whose members overlap most with
// members, or -1 when none reaches MinOverlap; skip is never chosen.
func match(list []store.ThemeGroup, members []int64, skip int) int {
	want := make(map[int64]bool, len(members))
	for _, id := range members {
		want[id] = true
	}
	best, bestScore := -1, MinOverlap
	for i, t := range list {
		if i == skip {
			continue
		}
		shared := 0
		for _, id := range t.Members {
			if want[id] {
				shared++
			}
		}
		union := len(want) + len(t.Members) - shared
		if union == 0 {
			continue
		}
		if score := float64(shared) / float64(union); score >= bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

// merge folds theme j into theme i and removes j.
func merge(list []store.ThemeGroup, i, j int, secondary map[int64]int) []store.ThemeGroup {
	a, b := &list[i], list[j]
	a.Members = append(a.Members, b.Members...)
	a.Quotes = append(a.Quotes, b.Quotes...)
	for _, k := range b.Keywords {
		if !slices.Contains(a.Keywords, k) && len(a.Keywords) < 12 {
			a.Keywords = append(a.Keywords, k)
		}
	}
	merged := make(map[int64]bool, len(a.Members))
	for _, id := range a.Members {
		merged[id] = true
	}
	for id, k := range secondary {
		switch {
		case k != a.Key && k != b.Key:
		case merged[id]: // its second theme is now its own
			delete(secondary, id)
		default:
			secondary[id] = a.Key
		}
	}
	return slices.Delete(list, j, j+1)
}

// split divides a theme in two by finding two themes among its stories.
// ok is false when the theme is too small or its stories are gone.
func split(ctx context.Context, t store.ThemeGroup, stories map[int64]*kindred.Story, nextKey int) ([]store.ThemeGroup, bool) {
	var in []kindred.Story
	for _, id := range t.Members {
		if st, ok := stories[id]; ok {
			in = append(in, *st)
		}
	}
	if len(in) < 4 {
		return nil, false
	}
	run, err := find(ctx, in, themes.Options{K: 2, Seed: Seed, NoSmooth: true})
	if err != nil || len(run.Raw.Themes) != 2 {
		return nil, false
	}
	halves := run.Raw.Themes
	placed := map[int64]bool{}
	for i := range halves {
		halves[i].Key = nextKey + i
		for _, id := range halves[i].Members {
			placed[id] = true
		}
	}
	for _, id := range t.Members { // stories without usable words stay with the first half
		if !placed[id] {
			halves[0].Members = append(halves[0].Members, id)
		}
	}
	if halves[0].Label == halves[1].Label {
		halves[1].Label = fmt.Sprintf("%s (2)", halves[1].Label)
	}
	return halves, true
}
