package web

import (
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// registerOrganizing adds the listening area: campaigns for everyone signed
// in, creation, moderation, dashboard, import and export for organizers.
func (l *listening) registerOrganizing(mux Mux) {
	mux.Handle("GET /listening", l.signedIn(l.campaigns))
	mux.Handle("GET /listening/new", l.organizing(l.newCampaign))
	mux.Handle("POST /listening", l.organizing(l.createCampaign))
	mux.Handle("GET /listening/{slug}", l.signedIn(l.dashboard))
	mux.Handle("GET /listening/{slug}/edit", l.organizing(l.editCampaign))
	mux.Handle("POST /listening/{slug}/edit", l.organizing(l.updateCampaign))
	mux.Handle("GET /listening/{slug}/stories", l.signedIn(l.stories))
	mux.Handle("POST /listening/{slug}/stories/{id}", l.organizing(l.moderate))
	mux.Handle("GET /listening/{slug}/export", l.organizing(l.export))
	mux.Handle("GET /listening/{slug}/import", l.organizing(l.importPage))
	mux.Handle("POST /listening/{slug}/import", l.organizing(l.importStories))
	l.registerSensemaking(mux)
}

// organizing lets only organizers and administrators through.
func (l *listening) organizing(h http.HandlerFunc) http.Handler {
	return l.signedIn(func(w http.ResponseWriter, r *http.Request) {
		if !accountFrom(r.Context()).CanOrganizeListening() {
			l.errorPage(w, r, http.StatusForbidden, "Only organizers can open this page.")
			return
		}
		h(w, r)
	})
}

// campaigns lists the listening campaigns.
func (l *listening) campaigns(w http.ResponseWriter, r *http.Request) {
	list, err := l.Store.Campaigns(r.Context())
	if err != nil {
		l.serverError(w, r, err)
		return
	}
	today := l.Now().UTC().Format(time.DateOnly)
	type row struct {
		store.CampaignSummary
		Open bool
	}
	rows := make([]row, 0, len(list))
	for _, c := range list {
		rows = append(rows, row{c, c.OpenOn(today) == nil})
	}
	l.render(w, r, http.StatusOK, "listening_campaigns", page{Title: "Listening", Nav: "listening",
		Data: map[string]any{"Campaigns": rows, "Organizer": accountFrom(r.Context()).CanOrganizeListening()}})
}

// campaignForm is the data of the campaign create/edit page.
type campaignForm struct {
	Slug      string // the stored slug when editing, "" when creating
	Languages []langOption
}

func (l *listening) campaignPage(w http.ResponseWriter, r *http.Request, status int, slug string, form url.Values, err error) {
	chosen := form["languages"]
	var langs []langOption
	for _, code := range l.cat.Languages() {
		langs = append(langs, langOption{Code: code, Name: l.cat.T(code, "name"), Current: contains(chosen, code)})
	}
	p := page{Title: "New campaign", Nav: "listening", Form: form, Data: campaignForm{Slug: slug, Languages: langs}}
	if slug != "" {
		p.Title = "Edit campaign"
	}
	if err != nil {
		l.fail(w, r, "campaign_form", p, err)
		return
	}
	l.render(w, r, status, "campaign_form", p)
}

// newCampaign shows an empty campaign form with an example framework.
func (l *listening) newCampaign(w http.ResponseWriter, r *http.Request) {
	ex := kindred.Campaign{Signifiers: []kindred.Signifier{
		{Key: "energy", Kind: kindred.KindSlider, Prompt: "Where did the energy come from?", Labels: []string{"Staff", "Volunteers"}},
		{Key: "drivers", Kind: kindred.KindTriad, Prompt: "What made it work?", Labels: []string{"Relationships", "Tools", "Timing"}},
		{Key: "scale", Kind: kindred.KindChoice, Prompt: "How far did it reach?", Labels: []string{"Local", "National", "Global"}},
	}, Context: []kindred.ContextQuestion{{Key: "region", Prompt: "Region", Options: []string{"Africa", "Asia Pacific", "Europe", "Latin America", "Middle East", "North America"}}, {Key: "organization", Prompt: "Organization"}}}
	form := url.Values{"audience": {"open"}, "languages": {"en", "es", "fr", "pt", "de", "ar"},
		"starts_on": {l.Now().UTC().Format(time.DateOnly)}, "signifiers": {kindred.FormatSignifiers(ex.Signifiers)},
		"context": {kindred.FormatContext(ex.Context)}}
	l.campaignPage(w, r, http.StatusOK, "", form, nil)
}

// campaignFromForm reads the campaign form; problems are field errors.
func campaignFromForm(f url.Values) (kindred.Campaign, error) {
	c := kindred.Campaign{Slug: f.Get("slug"), Title: f.Get("title"), Prompt: f.Get("prompt"),
		Audience: kindred.Audience(f.Get("audience")), Languages: f["languages"], StartsOn: f.Get("starts_on"), EndsOn: f.Get("ends_on")}
	var p kindred.Problems
	var err error
	if c.Signifiers, err = kindred.ParseSignifiers(f.Get("signifiers")); err != nil {
		p.Add("signifiers", kindred.ErrorFields(err)["signifiers"])
	}
	if c.Context, err = kindred.ParseContext(f.Get("context")); err != nil {
		p.Add("context", kindred.ErrorFields(err)["context"])
	}
	for f, msg := range kindred.ErrorFields(c.Validate()) {
		p.Add(f, msg) // line problems, added first, win over the summary
	}
	return c, p.Err()
}

// createCampaign stores a new campaign and opens its dashboard.
func (l *listening) createCampaign(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	c, err := campaignFromForm(r.PostForm)
	if err == nil {
		err = l.Store.WithTx(r.Context(), func(tx *store.Tx) error {
			made, err := tx.CreateCampaign(r.Context(), c)
			if err != nil {
				return err
			}
			return tx.SetCampaignInvites(r.Context(), made.ID, strings.Fields(r.PostForm.Get("invited")))
		})
	}
	if err != nil {
		l.campaignPage(w, r, 0, "", r.PostForm, err)
		return
	}
	l.Sessions.Put(r.Context(), "flash", "Campaign created. Share its link: /c/"+c.Slug)
	http.Redirect(w, r, "/listening/"+c.Slug, http.StatusSeeOther)
}

// editCampaign shows the campaign form filled in.
func (l *listening) editCampaign(w http.ResponseWriter, r *http.Request) {
	c, ok := l.campaign(w, r)
	if !ok {
		return
	}
	invited, err := l.Store.CampaignInvites(r.Context(), c.ID)
	if err != nil {
		l.serverError(w, r, err)
		return
	}
	form := url.Values{"slug": {c.Slug}, "title": {c.Title}, "prompt": {c.Prompt}, "audience": {string(c.Audience)},
		"invited":   {strings.Join(invited, "\n")},
		"languages": c.Languages, "starts_on": {c.StartsOn}, "ends_on": {c.EndsOn},
		"signifiers": {kindred.FormatSignifiers(c.Signifiers)}, "context": {kindred.FormatContext(c.Context)}}
	l.campaignPage(w, r, http.StatusOK, c.Slug, form, nil)
}

// updateCampaign saves the campaign form.
func (l *listening) updateCampaign(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	old, ok := l.campaign(w, r)
	if !ok {
		return
	}
	c, err := campaignFromForm(r.PostForm)
	c.ID = old.ID
	if err == nil {
		err = l.Store.WithTx(r.Context(), func(tx *store.Tx) error {
			if err := tx.UpdateCampaign(r.Context(), c); err != nil {
				return err
			}
			return tx.SetCampaignInvites(r.Context(), c.ID, strings.Fields(r.PostForm.Get("invited")))
		})
	}
	if err != nil {
		l.campaignPage(w, r, 0, old.Slug, r.PostForm, err)
		return
	}
	l.Sessions.Put(r.Context(), "flash", "Campaign saved.")
	http.Redirect(w, r, "/listening/"+c.Slug, http.StatusSeeOther)
}

// campaign loads the campaign in the path or renders the 404 page.
func (l *listening) campaign(w http.ResponseWriter, r *http.Request) (*kindred.Campaign, bool) {
	c, err := l.Store.CampaignBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		if kindred.ErrorCode(err) == kindred.ENOTFOUND {
			l.NotFound(w, r)
		} else {
			l.serverError(w, r, err)
		}
		return nil, false
	}
	return c, true
}

// dashboard shows organizers a campaign's counts and signifier charts;
// members go to the stories they may read.
func (l *listening) dashboard(w http.ResponseWriter, r *http.Request) {
	if !accountFrom(r.Context()).CanOrganizeListening() {
		http.Redirect(w, r, r.URL.Path+"/stories", http.StatusSeeOther)
		return
	}
	c, ok := l.campaign(w, r)
	if !ok {
		return
	}
	all, err := l.Store.Stories(r.Context(), c.ID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
	if err != nil {
		l.serverError(w, r, err)
		return
	}
	l.render(w, r, http.StatusOK, "listening_dashboard", page{Title: c.Title, Nav: "listening",
		Data: dashboardData(c, all, l.Now())})
}

// dashboard is what the dashboard template shows.
type dashboard struct {
	Campaign *kindred.Campaign
	Total    int
	States   map[string]int // by moderation state
	Consents map[string]int
	Anon     int
	Charts   []chart
	Signals  []chart
}

type chart struct {
	Title string
	SVG   template.HTML
}

// dashboardData tallies the stories for the dashboard's charts.
func dashboardData(c *kindred.Campaign, all []kindred.Story, now time.Time) dashboard {
	d := dashboard{Campaign: c, Total: len(all), States: map[string]int{}, Consents: map[string]int{}}
	byDay, byLang, byRegion, byOrg := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for _, st := range all {
		d.States[string(st.State)]++
		d.Consents[string(st.Consent)]++
		if st.Anonymous {
			d.Anon++
		}
		byDay[st.CreatedAt.Format(time.DateOnly)]++
		byLang[st.Lang]++
		byRegion[orUnknown(st.Context["region"])]++
		byOrg[orUnknown(st.Context["organization"])]++
	}
	d.Charts = []chart{
		{"Stories by day, last 90 days", columnsSVG("Stories by day", lastDays(byDay, now, 90))},
		{"By language", barsSVG("Stories by language", sortedCounts(byLang, 10))},
		{"By region", barsSVG("Stories by region", sortedCounts(byRegion, 10))},
		{"By organization", barsSVG("Stories by organization", sortedCounts(byOrg, 10))},
	}
	d.Signals = signifierCharts(c, all)
	return d
}

func orUnknown(s string) string {
	if s == "" {
		return "Not given"
	}
	return s
}

// lastDays returns one count per day for the n days up to now, oldest first.
func lastDays(byDay map[string]int, now time.Time, n int) []count {
	out := make([]count, n)
	for i := range out {
		day := now.UTC().AddDate(0, 0, i-n+1).Format(time.DateOnly)
		out[i] = count{day, byDay[day]}
	}
	return out
}

// signifierCharts draws each signifier: histograms for sliders, scatter
// plots for triads, bars for choices.
func signifierCharts(c *kindred.Campaign, all []kindred.Story) []chart {
	var out []chart
	for _, s := range c.Signifiers {
		var sliders []int
		var points [][]int
		tally := map[string]int{}
		for _, st := range all {
			v, ok := st.Signifiers[s.Key]
			if !ok {
				continue
			}
			switch {
			case v.Slider != nil:
				sliders = append(sliders, *v.Slider)
			case len(v.Triad) == 3:
				points = append(points, v.Triad)
			case v.Choice != "":
				tally[v.Choice]++
			}
			for _, ch := range v.Choices {
				tally[ch]++
			}
		}
		switch s.Kind {
		case kindred.KindSlider:
			out = append(out, chart{s.Prompt, histogramSVG(s.Prompt, s.Labels[0], s.Labels[1], sliders)})
		case kindred.KindTriad:
			out = append(out, chart{s.Prompt, triadSVG(s.Prompt, s.Labels, points)})
		default:
			out = append(out, chart{s.Prompt, barsSVG(s.Prompt, sortedCounts(tally, 12))})
		}
	}
	return out
}

// stories lists a campaign's stories: organizers moderate them (filtered by
// state); members read the approved ones their consent allows, masked.
func (l *listening) stories(w http.ResponseWriter, r *http.Request) {
	c, ok := l.campaign(w, r)
	if !ok {
		return
	}
	reader := kindred.ReaderFor(accountFrom(r.Context()))
	q := store.StoryQuery{Reader: reader}
	state := r.URL.Query().Get("state")
	if reader == kindred.ReaderOrganizer {
		if state == "" {
			state = string(kindred.StatePending)
		}
		q.State = kindred.ParseStoryState(state)
	}
	list, err := l.Store.Stories(r.Context(), c.ID, q)
	if err != nil {
		l.serverError(w, r, err)
		return
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID > list[j].ID })
	if len(list) > 200 {
		list = list[:200]
	}
	l.render(w, r, http.StatusOK, "listening_stories", page{Title: c.Title, Nav: "listening", Data: map[string]any{
		"Campaign": c, "Stories": list, "Organizer": reader == kindred.ReaderOrganizer, "State": state, "Signals": signals(c, list),
		"States": []string{"pending", "approved", "hidden"}}})
}

// moderate approves, hides or flags a story for personal information.
func (l *listening) moderate(w http.ResponseWriter, r *http.Request) {
	c, ok := l.campaign(w, r)
	if !ok {
		return
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	st, err := l.Store.Story(r.Context(), c.ID, id)
	if err != nil {
		l.fail(w, r, "error", page{}, err)
		return
	}
	state, pii := st.State, st.PII
	switch r.PostFormValue("action") {
	case "approve":
		state = kindred.StateApproved
	case "hide":
		state = kindred.StateHidden
	case "pending":
		state = kindred.StatePending
	case "pii":
		pii = !pii
	}
	err = l.Store.WithTx(r.Context(), func(tx *store.Tx) error { return tx.ModerateStory(r.Context(), c.ID, id, state, pii) })
	if err != nil {
		l.fail(w, r, "error", page{}, err)
		return
	}
	back := "/listening/" + c.Slug + "/stories?state=" + url.QueryEscape(r.PostFormValue("from"))
	http.Redirect(w, r, back+"#story-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// signals summarizes each story's signifier answers in one line, by id.
func signals(c *kindred.Campaign, list []kindred.Story) map[int64]string {
	out := make(map[int64]string, len(list))
	for _, st := range list {
		var parts []string
		for _, s := range c.Signifiers {
			if v, ok := st.Signifiers[s.Key]; ok {
				parts = append(parts, s.Key+" "+v.Text())
			}
		}
		out[st.ID] = strings.Join(parts, " · ")
	}
	return out
}
