package web

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/sensemaking"
	"github.com/kindredhq/kindred/internal/store"
)

// registerSensemaking adds a campaign's sensemaking pages: the themes for
// everyone signed in, edits and the selection round for organizers, and the
// printable "What we heard" report.
func (l *listening) registerSensemaking(mux Mux) {
	mux.Handle("GET /listening/{slug}/themes", l.signedIn(l.themesPage))
	mux.Handle("POST /listening/{slug}/themes/run", l.organizing(l.findThemes))
	mux.Handle("POST /listening/{slug}/themes/edit", l.organizing(l.editTheme))
	mux.Handle("POST /listening/{slug}/selection", l.organizing(l.selectStory))
	mux.Handle("POST /listening/{slug}/selection/{story}/remove", l.organizing(l.unselectStory))
	mux.Handle("GET /listening/{slug}/report", l.signedIn(l.report))
	mux.Handle("POST /listening/{slug}/selection/{story}/practice", l.organizing(l.promoteBrightSpot))
}

// sensePage is what the sensemaking template shows.
type sensePage struct {
	Campaign   *kindred.Campaign
	Organizer  bool
	View       *sensemaking.View // nil before the first run
	Stories    map[int64]kindred.Story
	Selected   map[int64]*store.Selection // nil: not shortlisted
	Selections []store.Selection
	Sparks     map[int]template.HTML // by theme key
}

// load reads the campaign's latest run and builds what the pages show.
// A campaign never themed gives a nil View.
func (l *listening) load(r *http.Request, c *kindred.Campaign) (*sensePage, error) {
	ctx := r.Context()
	p := &sensePage{Campaign: c, Organizer: accountFrom(ctx).CanOrganizeListening(), Sparks: map[int]template.HTML{},
		Stories: map[int64]kindred.Story{}, Selected: map[int64]*store.Selection{}}
	run, err := l.Store.LatestThemeRun(ctx, c.ID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return p, nil
	}
	if err != nil {
		return nil, err
	}
	all, err := l.Store.Stories(ctx, c.ID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
	if err != nil {
		return nil, err
	}
	p.View = sensemaking.Build(run, c, all)
	for _, t := range p.View.Themes {
		if len(t.Trend) > 1 {
			vals := make([]float64, len(t.Trend))
			for i, pt := range t.Trend {
				vals[i] = pt.Share
			}
			p.Sparks[t.Key] = sparkline(vals)
		}
	}
	if p.Selections, err = l.Store.Selections(ctx, c.ID); err != nil {
		return nil, err
	}
	for i := range p.Selections {
		p.Selected[p.Selections[i].StoryID] = &p.Selections[i]
	}
	// Organizers read stories as told; the page shows members nothing but
	// public quotes, so only organizers get the texts.
	if p.Organizer {
		for _, st := range all {
			p.Stories[st.ID] = st
		}
	}
	return p, nil
}

// themesPage shows a campaign's themes.
func (l *listening) themesPage(w http.ResponseWriter, r *http.Request) {
	c, ok := l.campaign(w, r)
	if !ok {
		return
	}
	p, err := l.load(r, c)
	if err != nil {
		l.serverError(w, r, err)
		return
	}
	l.render(w, r, http.StatusOK, "sensemaking", page{Title: "Themes · " + c.Title, Nav: "listening", Data: p})
}

// findThemes schedules a new theme run.
func (l *listening) findThemes(w http.ResponseWriter, r *http.Request) {
	c, ok := l.campaign(w, r)
	if !ok {
		return
	}
	err := l.Store.WithTx(r.Context(), func(tx *store.Tx) error { return l.Queue.FindThemes(r.Context(), tx, c.ID) })
	if err != nil {
		l.serverError(w, r, err)
		return
	}
	l.Sessions.Put(r.Context(), "flash", "Finding themes in the approved stories. Reload this page in a few seconds to see them.")
	http.Redirect(w, r, "/listening/"+c.Slug+"/themes", http.StatusSeeOther)
}

// editTheme renames, merges or splits a theme of the latest run.
func (l *listening) editTheme(w http.ResponseWriter, r *http.Request) {
	c, ok := l.campaign(w, r)
	if !ok {
		return
	}
	run, err := l.Store.LatestThemeRun(r.Context(), c.ID)
	if err != nil {
		l.fail(w, r, "error", page{}, err)
		return
	}
	members := func(field string) []int64 {
		key, _ := strconv.Atoi(r.PostFormValue(field))
		for _, t := range run.Result.Themes {
			if t.Key == key {
				return t.Members
			}
		}
		return nil
	}
	e := store.ThemeEdit{CampaignID: c.ID, Kind: r.PostFormValue("kind"), Members: members("theme"),
		Label: r.PostFormValue("label"), By: accountFrom(r.Context()).ID}
	if e.Kind == store.EditMerge {
		e.Other = members("other")
	}
	if _, err := sensemaking.Edit(r.Context(), l.Store, e); err != nil {
		l.senseError(w, r, c, err)
		return
	}
	l.Sessions.Put(r.Context(), "flash", map[string]string{store.EditRename: "Theme renamed.", store.EditMerge: "Themes merged.",
		store.EditSplit: "Theme split in two."}[e.Kind]+" Your change will be kept when the stories are themed again.")
	http.Redirect(w, r, "/listening/"+c.Slug+"/themes", http.StatusSeeOther)
}

// senseError shows the themes page again with the problem named.
func (l *listening) senseError(w http.ResponseWriter, r *http.Request, c *kindred.Campaign, err error) {
	var kerr *kindred.Error
	if !errors.As(err, &kerr) {
		l.serverError(w, r, err)
		return
	}
	p, lerr := l.load(r, c)
	if lerr != nil {
		l.serverError(w, r, lerr)
		return
	}
	l.fail(w, r, "sensemaking", page{Title: "Themes · " + c.Title, Nav: "listening", Form: r.PostForm, Data: p}, err)
}

// selectStory shortlists a story with the reason it matters, or names it a
// bright spot.
func (l *listening) selectStory(w http.ResponseWriter, r *http.Request) {
	c, ok := l.campaign(w, r)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(r.PostFormValue("story"), 10, 64)
	sel := store.Selection{CampaignID: c.ID, StoryID: id, Theme: r.PostFormValue("theme"), Reason: r.PostFormValue("reason"),
		BrightSpot: r.PostFormValue("bright_spot") == "1", By: accountFrom(r.Context()).ID}
	err := l.Store.WithTx(r.Context(), func(tx *store.Tx) error { return tx.SelectStory(r.Context(), sel) })
	if err != nil {
		l.senseError(w, r, c, err)
		return
	}
	msg := "Story shortlisted."
	if sel.BrightSpot {
		msg = "Named a bright spot. It appears in the “What we heard” report."
	}
	l.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, "/listening/"+c.Slug+"/themes#selection", http.StatusSeeOther)
}

// unselectStory takes a story off the shortlist.
func (l *listening) unselectStory(w http.ResponseWriter, r *http.Request) {
	c, ok := l.campaign(w, r)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("story"), 10, 64)
	err := l.Store.WithTx(r.Context(), func(tx *store.Tx) error { return tx.UnselectStory(r.Context(), c.ID, id) })
	if err != nil {
		l.fail(w, r, "error", page{}, err)
		return
	}
	l.Sessions.Put(r.Context(), "flash", "Taken off the shortlist.")
	http.Redirect(w, r, "/listening/"+c.Slug+"/themes#selection", http.StatusSeeOther)
}

// reportPage is what the "What we heard" report shows: nothing a teller did
// not allow to be quoted publicly.
type reportPage struct {
	Campaign    *kindred.Campaign
	View        *sensemaking.View
	BrightSpots []brightSpot
}

type brightSpot struct {
	Theme, Reason string
	Text          string // "" when the teller did not allow public quoting
}

// report shows the printable "What we heard" report.
func (l *listening) report(w http.ResponseWriter, r *http.Request) {
	c, ok := l.campaign(w, r)
	if !ok {
		return
	}
	p, err := l.load(r, c)
	if err != nil {
		l.serverError(w, r, err)
		return
	}
	rp := reportPage{Campaign: c, View: p.View}
	if p.View != nil {
		all, err := l.Store.Stories(r.Context(), c.ID, store.StoryQuery{Reader: kindred.ReaderPublic})
		if err != nil {
			l.serverError(w, r, err)
			return
		}
		public := map[int64]string{}
		for _, st := range all {
			public[st.ID] = st.Text
		}
		for _, s := range p.Selections {
			if s.BrightSpot {
				rp.BrightSpots = append(rp.BrightSpots, brightSpot{Theme: s.Theme, Reason: s.Reason, Text: public[s.StoryID]})
			}
		}
	}
	l.render(w, r, http.StatusOK, "whatweheard", page{Title: "What we heard · " + c.Title, Nav: "listening", Data: rp})
}

// Typical returns up to eight of a theme's most typical stories, as
// organizers read them (the selection round's candidates).
func (p *sensePage) Typical(t sensemaking.ThemeView) []kindred.Story {
	var out []kindred.Story
	for _, id := range t.Members {
		if st, ok := p.Stories[id]; ok {
			out = append(out, st)
		}
		if len(out) == 8 {
			break
		}
	}
	return out
}

// StoryText returns a shortlisted story's text for organizers.
func (p *sensePage) StoryText(id int64) string { return p.Stories[id].Text }
