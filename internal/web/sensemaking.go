package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/store"
)

// registerSensemaking adds a campaign's sensemaking pages: the themes for
// everyone signed in, edits and the selection round for the campaign's
// organizers (checked by the use cases), and the printable "What we heard"
// report.
func (l *listeningPages) registerSensemaking(mux Mux) {
	mux.Handle("GET /listening/{slug}/themes", l.signedIn(l.handle(l.themesPage)))
	mux.Handle("POST /listening/{slug}/themes/run", l.signedIn(l.handle(l.findThemes)))
	mux.Handle("POST /listening/{slug}/themes/edit", l.signedIn(l.handle(l.editTheme)))
	mux.Handle("POST /listening/{slug}/selection", l.signedIn(l.handle(l.selectStory)))
	mux.Handle("POST /listening/{slug}/selection/{story}/remove", l.signedIn(l.handle(l.unselectStory)))
	mux.Handle("GET /listening/{slug}/report", l.signedIn(l.handle(l.report)))
	mux.Handle("POST /listening/{slug}/report/publish", l.signedIn(l.handle(l.publishReport)))
	mux.Handle("POST /listening/{slug}/selection/{story}/practice", l.signedIn(l.handle(l.promoteBrightSpot)))
}

// sensePage is what the sensemaking template shows: the use case's page
// (listening.ThemesPage), with the sparklines and the shortlist by story.
type sensePage struct {
	*listening.ThemesPage
	Selected map[int64]*store.Selection // nil: not shortlisted
	Sparks   map[int]template.HTML      // by theme key
}

// load reads the themes page through listening.ThemesPage and adds what
// only the page draws.
func (l *listeningPages) load(r *http.Request) (*sensePage, error) {
	tp, err := l.Listening.ThemesPage(r.Context(), viewerFrom(r), r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	p := &sensePage{ThemesPage: tp, Selected: map[int64]*store.Selection{}, Sparks: map[int]template.HTML{}}
	if p.View != nil {
		for _, t := range p.View.Themes {
			if len(t.Trend) > 1 {
				vals := make([]float64, len(t.Trend))
				for i, pt := range t.Trend {
					vals[i] = pt.Share
				}
				p.Sparks[t.Key] = sparkline(vals)
			}
		}
	}
	for i, sel := range p.Selections {
		p.Selected[sel.StoryID] = &p.Selections[i]
	}
	return p, nil
}

// themesPage shows a campaign's themes.
func (l *listeningPages) themesPage(w http.ResponseWriter, r *http.Request) error {
	p, err := l.load(r)
	if err != nil {
		return err
	}
	l.render(w, r, http.StatusOK, "sensemaking", page{Title: "Themes · " + p.Campaign.Title, Nav: "listening", Data: p})
	return nil
}

// findThemes schedules a new theme run through listening.FindThemes.
func (l *listeningPages) findThemes(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	if err := l.Listening.FindThemes(r.Context(), viewerFrom(r), slug); err != nil {
		return err
	}
	l.Sessions.Put(r.Context(), "flash", "Finding themes in the approved stories. Reload this page in a few seconds to see them.")
	http.Redirect(w, r, "/listening/"+url.PathEscape(slug)+"/themes", http.StatusSeeOther)
	return nil
}

// editTheme renames, merges or splits a theme of the latest run through
// listening.EditTheme.
func (l *listeningPages) editTheme(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	slug := r.PathValue("slug")
	theme, _ := strconv.Atoi(r.PostFormValue("theme"))
	other, _ := strconv.Atoi(r.PostFormValue("other"))
	in := listening.ThemeChange{Kind: r.PostFormValue("kind"), Theme: theme, Other: other, Label: r.PostFormValue("label")}
	if _, err := l.Listening.EditTheme(r.Context(), viewerFrom(r), slug, in); err != nil {
		return l.senseError(w, r, err)
	}
	l.Sessions.Put(r.Context(), "flash", map[string]string{store.EditRename: "Theme renamed.", store.EditMerge: "Themes merged.",
		store.EditSplit: "Theme split in two."}[in.Kind]+" Your change will be kept when the stories are themed again.")
	http.Redirect(w, r, "/listening/"+url.PathEscape(slug)+"/themes", http.StatusSeeOther)
	return nil
}

// senseError shows the themes page again with the problem named, for what
// was typed (EINVALID); other errors are returned for the error page.
func (l *listeningPages) senseError(w http.ResponseWriter, r *http.Request, err error) error {
	if code := kindred.ErrorCode(err); code != kindred.EINVALID && code != kindred.ECONFLICT {
		return err
	}
	p, lerr := l.load(r)
	if lerr != nil {
		return lerr
	}
	l.fail(w, r, "sensemaking", page{Title: "Themes · " + p.Campaign.Title, Nav: "listening", Form: r.PostForm, Data: p}, err)
	return nil
}

// selectStory shortlists a story with the reason it matters, or names it a
// bright spot, through listening.Select.
func (l *listeningPages) selectStory(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	slug := r.PathValue("slug")
	id, _ := strconv.ParseInt(r.PostFormValue("story"), 10, 64)
	sel := store.Selection{StoryID: id, Theme: r.PostFormValue("theme"), Reason: r.PostFormValue("reason"),
		BrightSpot: r.PostFormValue("bright_spot") == "1"}
	if err := l.Listening.Select(r.Context(), viewerFrom(r), slug, sel); err != nil {
		return l.senseError(w, r, err)
	}
	msg := "Story shortlisted."
	if sel.BrightSpot {
		msg = "Named a bright spot. It appears in the “What we heard” report."
	}
	l.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, "/listening/"+url.PathEscape(slug)+"/themes#selection", http.StatusSeeOther)
	return nil
}

// unselectStory takes a story off the shortlist through listening.Unselect.
func (l *listeningPages) unselectStory(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	id, _ := strconv.ParseInt(r.PathValue("story"), 10, 64)
	if err := l.Listening.Unselect(r.Context(), viewerFrom(r), slug, id); err != nil {
		return err
	}
	l.Sessions.Put(r.Context(), "flash", "Taken off the shortlist.")
	http.Redirect(w, r, "/listening/"+url.PathEscape(slug)+"/themes#selection", http.StatusSeeOther)
	return nil
}

// reportPage is what the "What we heard" report shows (listening.Report),
// with machine translations of its quotes when translation is on.
type reportPage struct {
	*listening.Report
	Translated map[string]string // quote → its machine translation into the campaign's language
	TargetName string
	Failed     string
	PublicURL  string // the published page's address, for organizers
}

// report shows the printable "What we heard" report to people signed in,
// with the organizers' publishing form.
func (l *listeningPages) report(w http.ResponseWriter, r *http.Request) error {
	rp, err := l.Listening.Report(r.Context(), viewerFrom(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	p := reportPage{Report: rp, PublicURL: listening.ReportPath(rp.Campaign.Slug)}
	if err := l.translateReport(r, &p); err != nil {
		return err
	}
	l.render(w, r, http.StatusOK, "whatweheard", page{Title: "What we heard · " + rp.Campaign.Title, Nav: "listening", Data: p})
	return nil
}

// translateReport puts a machine translation beside each quote of the
// report through listening.Translate, when translation is on.
func (l *listeningPages) translateReport(r *http.Request, rp *reportPage) error {
	texts, langs, byKey := map[int64]string{}, map[int64]string{}, map[int64]string{}
	add := func(text, lang string) {
		k := int64(len(texts) + 1)
		texts[k], langs[k], byKey[k] = text, lang, text
	}
	for _, t := range rp.Named {
		for _, q := range t.Quotes {
			add(q.Text, q.Lang)
		}
	}
	for _, b := range rp.BrightSpots {
		if b.Text != "" {
			add(b.Text, b.Lang)
		}
	}
	tr, err := l.Listening.Translate(r.Context(), viewerFrom(r), rp.Campaign.Slug, texts, langs)
	if err != nil || tr == nil {
		return err
	}
	rp.Translated, rp.TargetName, rp.Failed = map[string]string{}, l.cat.T(tr.Target, "name"), tr.Failed
	for k, text := range tr.Text {
		rp.Translated[byKey[k]] = text
	}
	return nil
}
