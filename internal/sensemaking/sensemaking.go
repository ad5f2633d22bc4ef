// Package sensemaking themes a campaign's stories and keeps the results: it
// runs themes.Find over the approved stories, stores the run (for the theme
// job), and replays the organizers' renames, merges and splits on every new
// run (Apply). Organizers' edits are a use case: listening.EditTheme.
package sensemaking

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/themes"
)

// ErrNoStories is returned by Run when the campaign has no approved story
// with usable words.
var ErrNoStories = errors.New("no approved story to theme yet")

// Seed is the seed of every run, so the same stories give the same themes.
const Seed = 1

// Quotable reports whether a story may give representative quotes: only
// approved, unflagged stories whose teller allowed public quoting.
func Quotable(st *kindred.Story) bool {
	return st.State == kindred.StateApproved && !st.PII && st.Consent == kindred.ConsentPublic
}

// Run themes the campaign's approved stories, stores the run with the
// organizers' edits applied, and returns it. It returns ErrNoStories when
// nothing can be themed, and the store's or the theme finder's error
// otherwise.
func Run(ctx context.Context, st *store.Store, campaignID int64) (*store.ThemeRun, error) {
	stories, err := st.Stories(ctx, campaignID, store.StoryQuery{Reader: kindred.ReaderOrganizer, State: kindred.StateApproved})
	if err != nil {
		return nil, err
	}
	began := time.Now()
	run, err := find(ctx, stories, themes.Options{Seed: Seed})
	if err != nil {
		return nil, err
	}
	run.CampaignID = campaignID
	run.Params.Millis = time.Since(began).Milliseconds()
	edits, err := st.ThemeEdits(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	run.Result = Apply(ctx, run.Raw, edits, byID(stories))
	err = st.WithTx(ctx, func(tx *store.Tx) error { return tx.SaveThemeRun(ctx, run) })
	if err != nil {
		return nil, err
	}
	return run, nil
}

// find runs the theme finder over stories and converts its result to story ids.
func find(ctx context.Context, stories []kindred.Story, opt themes.Options) (*store.ThemeRun, error) {
	if len(stories) == 0 {
		return nil, ErrNoStories
	}
	in := make([]themes.Story, len(stories))
	quotable := 0
	for i := range stories {
		q := Quotable(&stories[i])
		if q {
			quotable++
		}
		in[i] = themes.Story{ID: fmt.Sprint(stories[i].ID), Text: stories[i].Text, Lang: stories[i].Lang, Quotable: q}
	}
	res, err := themes.Find(ctx, in, opt)
	if errors.Is(err, themes.ErrTooFew) {
		return nil, ErrNoStories
	}
	if err != nil {
		return nil, fmt.Errorf("find themes: %w", err)
	}
	run := &store.ThemeRun{Params: store.ThemeParams{Seed: opt.Seed, K: opt.K, Lang: res.Lang,
		Representation: string(res.Representation), Stories: len(stories), Quotable: quotable, Silhouette: res.Silhouette}}
	ids := func(idx []int) []int64 {
		out := make([]int64, len(idx))
		for i, x := range idx {
			out[i] = stories[x].ID
		}
		return out
	}
	quotes := func(qs []themes.Quote) []store.ThemeQuote {
		out := make([]store.ThemeQuote, len(qs))
		for i, q := range qs {
			out[i] = store.ThemeQuote{StoryID: stories[q.Story].ID, Start: q.Start, End: q.End}
		}
		return out
	}
	all := byID(stories)
	for _, t := range res.Themes {
		qs := quotes(t.Quotes)
		run.Raw.Themes = append(run.Raw.Themes, store.ThemeGroup{Key: t.ID, Label: phraseLabel(qs, all, t.Label), Keywords: t.Keywords,
			Members: ids(t.Members), Quotes: qs})
	}
	for i, w := range res.WeakSignals {
		run.Raw.WeakSignals = append(run.Raw.WeakSignals, store.ThemeGroup{Key: i + 1, Label: w.Label, Keywords: w.Keywords,
			Members: ids(w.Stories), Quotes: quotes(w.Quotes)})
	}
	run.Raw.Secondary = map[int64]int{}
	for i, s := range res.Secondary {
		if s != 0 {
			run.Raw.Secondary[stories[i].ID] = s
		}
	}
	run.Raw.Outliers = ids(res.Outliers)
	return run, nil
}

func byID(stories []kindred.Story) map[int64]*kindred.Story {
	m := make(map[int64]*kindred.Story, len(stories))
	for i := range stories {
		m[stories[i].ID] = &stories[i]
	}
	return m
}
