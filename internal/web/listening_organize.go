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
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/store"
)

// registerOrganizing adds the listening area: campaigns for everyone signed
// in; creation for organizers; a campaign's dashboard, moderation, import
// and export for its organizers (kindred.Campaign.OrganizedBy, checked by
// the use cases).
func (l *listeningPages) registerOrganizing(mux Mux) {
	mux.Handle("GET /listening", l.signedIn(l.handle(l.campaigns)))
	mux.Handle("GET /listening/new", l.signedIn(l.handle(l.newCampaign)))
	mux.Handle("POST /listening", l.signedIn(l.handle(l.createCampaign)))
	mux.Handle("GET /listening/{slug}", l.signedIn(l.handle(l.dashboard)))
	mux.Handle("GET /listening/{slug}/edit", l.signedIn(l.handle(l.editCampaign)))
	mux.Handle("POST /listening/{slug}/edit", l.signedIn(l.handle(l.updateCampaign)))
	mux.Handle("GET /listening/{slug}/stories", l.signedIn(l.handle(l.stories)))
	mux.Handle("POST /listening/{slug}/stories/{id}", l.signedIn(l.handle(l.moderate)))
	mux.Handle("GET /listening/{slug}/export", l.signedIn(l.handle(l.export)))
	mux.Handle("GET /listening/{slug}/import", l.signedIn(l.handle(l.importPage)))
	mux.Handle("POST /listening/{slug}/import", l.signedIn(l.handle(l.importStories)))
	mux.Handle("POST /listening/{slug}/live", l.signedIn(l.handle(l.openLive)))
	mux.Handle("POST /listening/{slug}/live/close", l.signedIn(l.handle(l.closeLive)))
	l.registerSensemaking(mux)
}

// campaignRow is a campaign in the list, with whether it takes stories
// today and whether the viewer organizes it.
type campaignRow struct {
	store.CampaignSummary
	Open, Organizes bool
}

// campaigns lists the listening campaigns.
func (l *listeningPages) campaigns(w http.ResponseWriter, r *http.Request) error {
	list, err := l.Store.Campaigns(r.Context())
	if err != nil {
		return err
	}
	v, today := viewerFrom(r), l.Now().UTC().Format(time.DateOnly)
	rows := make([]campaignRow, 0, len(list))
	for _, c := range list {
		rows = append(rows, campaignRow{c, c.OpenOn(today) == nil, c.OrganizedBy(v)})
	}
	l.render(w, r, http.StatusOK, "listening_campaigns", page{Title: "Listening", Nav: "listening",
		Data: map[string]any{"Campaigns": rows, "Organizer": kindred.MayRunCampaigns(v)}})
	return nil
}

// campaignForm is the data of the campaign create/edit page.
type campaignForm struct {
	Slug      string // the stored slug when editing, "" when creating
	Languages []langOption
	Sources   []langOption   // the languages the campaign's own words may be written in
	Cities    []kindred.City // the cities the viewer may run a campaign in
	Network   bool           // the viewer may run a campaign for the whole network
	Builder   *builder
	Problems  []fieldProblem // the error summary, fields named as labelled
}

// fieldProblem is one line of the form's error summary.
type fieldProblem struct{ Field, Label, Problem string }

// campaignLangs are the interface languages as the form offers them,
// checked when in chosen.
func (l *listeningPages) campaignLangs(chosen []string) []langOption {
	var out []langOption
	for _, code := range l.cat.Languages() {
		out = append(out, langOption{Code: code, Name: l.cat.T(code, "name"), Current: contains(chosen, code)})
	}
	return out
}

// translationLangs are the languages the campaign's words are translated
// into: the form's languages but the one they are written in.
func translationLangs(all []langOption, source string) []langOption {
	if source == "" {
		source = "en"
	}
	var out []langOption
	for _, l := range all {
		if l.Current && l.Code != source {
			out = append(out, l)
		}
	}
	return out
}

// campaignPage renders the campaign form with the builder b (read from
// form when nil); err, when given, names the fields to fix (its status is
// the error's).
func (l *listeningPages) campaignPage(w http.ResponseWriter, r *http.Request, slug string, form url.Values, b *builder, err error) error {
	v := viewerFrom(r)
	d := campaignForm{Slug: slug, Network: v.OrganizesNetwork(), Languages: l.campaignLangs(form["languages"]),
		Sources: l.campaignLangs([]string{or(form.Get("source_lang"), "en")})}
	if b == nil {
		b = builderFrom(form, translationLangs(d.Languages, form.Get("source_lang")))
	}
	preview := kindred.Campaign{Title: form.Get("title"), Prompt: form.Get("prompt"), SourceLang: form.Get("source_lang")}
	b.apply(&preview)
	b.number(&preview)
	b.Errors, d.Builder = kindred.ErrorFields(err), b
	for field, msg := range b.Errors {
		d.Problems = append(d.Problems, fieldProblem{field, campaignFieldLabel(field, func(c string) string { return l.cat.T(c, "name") }), msg})
	}
	sort.Slice(d.Problems, func(i, j int) bool { return d.Problems[i].Field < d.Problems[j].Field })
	cities, cerr := l.Store.Cities(r.Context())
	if cerr != nil {
		return cerr
	}
	for _, c := range cities {
		if (&kindred.Campaign{CityID: c.ID}).OrganizedBy(v) {
			d.Cities = append(d.Cities, c)
		}
	}
	p := page{Title: "New campaign", Nav: "listening", Form: form, Data: d}
	if slug != "" {
		p.Title = "Edit campaign"
	}
	if err != nil {
		l.fail(w, r, "campaign_form", p, err)
		return nil
	}
	l.render(w, r, http.StatusOK, "campaign_form", p)
	return nil
}

func or(s, dflt string) string {
	if s == "" {
		return dflt
	}
	return s
}

// newCampaign shows an empty campaign form with an example framework.
func (l *listeningPages) newCampaign(w http.ResponseWriter, r *http.Request) error {
	if !kindred.MayRunCampaigns(viewerFrom(r)) {
		return kindred.Errorf(kindred.EFORBIDDEN, "Only organizers can open this page.")
	}
	ex := kindred.Campaign{Signifiers: []kindred.Signifier{
		{Key: "energy", Kind: kindred.KindSlider, Prompt: "Where did the energy come from?", Labels: []string{"Staff", "Volunteers"}},
		{Key: "drivers", Kind: kindred.KindTriad, Prompt: "What made it work?", Labels: []string{"Relationships", "Tools", "Timing"}},
		{Key: "scale", Kind: kindred.KindChoice, Prompt: "How far did it reach?", Labels: []string{"Local", "National", "Global"}},
	}, Context: []kindred.ContextQuestion{{Key: "region", Prompt: "Region", Options: []string{"Africa", "Asia Pacific", "Europe", "Latin America", "Middle East", "North America"}}, {Key: "organization", Prompt: "Organization"}}}
	form := url.Values{"audience": {"open"}, "languages": {"en", "es", "fr", "pt", "de", "ar"}, "source_lang": {"en"},
		"starts_on": {l.Now().UTC().Format(time.DateOnly)}, "min_story_runes": {strconv.Itoa(kindred.DefaultMinStoryRunes)}}
	b := builderOf(&ex, translationLangs(l.campaignLangs(form["languages"]), "en"))
	return l.campaignPage(w, r, "", form, b, nil)
}

// campaignFromForm reads the campaign form and its builder; problems are
// field errors.
func campaignFromForm(f url.Values, b *builder) (listening.CampaignInput, error) {
	c := kindred.Campaign{Slug: f.Get("slug"), Title: f.Get("title"), Prompt: f.Get("prompt"),
		Audience: kindred.Audience(f.Get("audience")), Languages: f["languages"], StartsOn: f.Get("starts_on"), EndsOn: f.Get("ends_on"),
		SourceLang: f.Get("source_lang")}
	var p kindred.Problems
	if s := f.Get("city_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			p.Add("city_id", "is not a city")
		}
		c.CityID = id
	}
	if s := strings.TrimSpace(f.Get("min_story_runes")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			p.Add("min_story_runes", "must be a number from 1 to "+strconv.Itoa(kindred.MaxMinStoryRunes))
		}
		c.MinStoryLength = n
	}
	b.apply(&c)
	if err := p.Err(); err != nil {
		for f, msg := range kindred.ErrorFields(c.Validate()) {
			p.Add(f, msg)
		}
		return listening.CampaignInput{}, p.Err()
	}
	return listening.CampaignInput{Campaign: c, Invited: strings.Fields(f.Get("invited"))}, nil
}

// builderOp handles the builder's own buttons (add, move, remove,
// preview): the form comes back changed, nothing is saved. It reports
// whether the request was one of them.
func (l *listeningPages) builderOp(w http.ResponseWriter, r *http.Request, slug string) (bool, error) {
	op := r.PostFormValue("op")
	if op == "" {
		return false, nil
	}
	if slug != "" {
		if _, err := l.Listening.Organized(r.Context(), viewerFrom(r), slug); err != nil {
			return true, err
		}
	}
	b := builderFrom(r.PostForm, translationLangs(l.campaignLangs(r.PostForm["languages"]), r.PostForm.Get("source_lang")))
	if op != "preview" && !b.change(op) {
		return false, nil
	}
	return true, l.campaignPage(w, r, slug, r.PostForm, b, nil)
}

// createCampaign makes a campaign through listening.CreateCampaign and
// opens its dashboard.
func (l *listeningPages) createCampaign(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if !kindred.MayRunCampaigns(viewerFrom(r)) {
		return kindred.Errorf(kindred.EFORBIDDEN, "Only organizers run listening campaigns.")
	}
	if done, err := l.builderOp(w, r, ""); done {
		return err
	}
	in, err := campaignFromForm(r.PostForm, l.formBuilder(r))
	var made *kindred.Campaign
	if err == nil {
		made, err = l.Listening.CreateCampaign(r.Context(), viewerFrom(r), in)
	}
	if err != nil {
		return l.campaignFormFailed(w, r, "", err)
	}
	l.Sessions.Put(r.Context(), "flash", "Campaign created. Share its link: /c/"+made.Slug)
	http.Redirect(w, r, "/listening/"+made.Slug, http.StatusSeeOther)
	return nil
}

// formBuilder reads the builder from the posted form.
func (l *listeningPages) formBuilder(r *http.Request) *builder {
	return builderFrom(r.PostForm, translationLangs(l.campaignLangs(r.PostForm["languages"]), r.PostForm.Get("source_lang")))
}

// campaignFormFailed shows the form again for problems with what was
// typed; a refusal of the viewer themselves is the error page.
func (l *listeningPages) campaignFormFailed(w http.ResponseWriter, r *http.Request, slug string, err error) error {
	if kindred.ErrorFields(err) == nil && kindred.ErrorCode(err) != kindred.EINVALID {
		return err
	}
	return l.campaignPage(w, r, slug, r.PostForm, nil, err)
}

// editCampaign shows the campaign form filled in, to its organizers.
func (l *listeningPages) editCampaign(w http.ResponseWriter, r *http.Request) error {
	c, err := l.Listening.Organized(r.Context(), viewerFrom(r), r.PathValue("slug"))
	if err != nil {
		return err
	}
	invited, err := l.Store.CampaignInvites(r.Context(), c.ID)
	if err != nil {
		return err
	}
	form := url.Values{"slug": {c.Slug}, "title": {c.Title}, "prompt": {c.Prompt}, "audience": {string(c.Audience)},
		"invited": {strings.Join(invited, "\n")}, "city_id": {cityValue(c.CityID)},
		"languages": c.Languages, "starts_on": {c.StartsOn}, "ends_on": {c.EndsOn}, "source_lang": {c.OwnLang()},
		"min_story_runes": {strconv.Itoa(c.MinStoryLength)}}
	for lang, t := range c.Translations {
		form.Set("translations."+lang+".title", t.Title)
		form.Set("translations."+lang+".prompt", t.Prompt)
	}
	b := builderOf(c, translationLangs(l.campaignLangs(c.Languages), c.OwnLang()))
	return l.campaignPage(w, r, c.Slug, form, b, nil)
}

// cityValue is a city id as the form's select holds it ("" for none).
func cityValue(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// updateCampaign saves the campaign form through listening.UpdateCampaign.
func (l *listeningPages) updateCampaign(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	slug := r.PathValue("slug")
	if done, err := l.builderOp(w, r, slug); done {
		return err
	}
	in, err := campaignFromForm(r.PostForm, l.formBuilder(r))
	var saved *kindred.Campaign
	if err == nil {
		saved, err = l.Listening.UpdateCampaign(r.Context(), viewerFrom(r), slug, in)
	}
	if err != nil {
		return l.campaignFormFailed(w, r, slug, err)
	}
	l.Sessions.Put(r.Context(), "flash", "Campaign saved.")
	http.Redirect(w, r, "/listening/"+saved.Slug, http.StatusSeeOther)
	return nil
}

// dashboard shows a campaign's organizers its counts and signifier charts;
// everyone else goes to the stories they may read.
func (l *listeningPages) dashboard(w http.ResponseWriter, r *http.Request) error {
	c, err := l.Listening.Campaign(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if !c.OrganizedBy(viewerFrom(r)) {
		http.Redirect(w, r, r.URL.Path+"/stories", http.StatusSeeOther)
		return nil
	}
	all, err := l.Store.Stories(r.Context(), c.ID, store.StoryQuery{Reader: kindred.ReaderOrganizer})
	if err != nil {
		return err
	}
	d := dashboardData(c, all, l.Now())
	d.FormLimit, d.LiveLimit, d.LiveHours = listening.FormLimit, listening.LiveLimit, int(listening.LiveFor.Hours())
	d.Live, err = l.Listening.LiveSession(r.Context(), viewerFrom(r), c.Slug)
	if err != nil && kindred.ErrorCode(err) != kindred.ENOTFOUND {
		return err
	}
	if d.Live != nil {
		d.LiveURL = strings.TrimRight(l.Config.BaseURL, "/") + "/c/" + url.PathEscape(c.Slug) + "?live=" + d.Live.Code
	}
	l.render(w, r, http.StatusOK, "listening_dashboard", page{Title: c.Title, Nav: "listening", Data: d})
	return nil
}

// openLive opens a live session through listening.OpenLive and goes back
// to the dashboard, which shows its link.
func (l *listeningPages) openLive(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if _, err := l.Listening.OpenLive(r.Context(), viewerFrom(r), r.PathValue("slug")); err != nil {
		return err
	}
	http.Redirect(w, r, "/listening/"+url.PathEscape(r.PathValue("slug"))+"#live", http.StatusSeeOther)
	return nil
}

// closeLive ends the live session through listening.CloseLive.
func (l *listeningPages) closeLive(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if err := l.Listening.CloseLive(r.Context(), viewerFrom(r), r.PathValue("slug")); err != nil {
		return err
	}
	http.Redirect(w, r, "/listening/"+url.PathEscape(r.PathValue("slug"))+"#live", http.StatusSeeOther)
	return nil
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
	// Live is the live session open now (nil when none), LiveURL its link.
	Live    *kindred.LiveSession
	LiveURL string
	// The allowances the live session panel explains (listening's).
	FormLimit, LiveLimit int
	LiveHours            int
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

// stories lists a campaign's stories: its organizers moderate them
// (filtered by state); everyone else reads the approved ones their consent
// allows, masked (kindred.Campaign.ReaderFor).
func (l *listeningPages) stories(w http.ResponseWriter, r *http.Request) error {
	q := store.StoryQuery{}
	state := r.URL.Query().Get("state")
	c, err := l.Listening.Campaign(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	organizer := c.OrganizedBy(viewerFrom(r))
	if organizer {
		if state == "" {
			state = string(kindred.StatePending)
		}
		q.State = kindred.ParseStoryState(state)
	}
	_, list, _, err := l.Listening.Stories(r.Context(), viewerFrom(r), c.Slug, q)
	if err != nil {
		return err
	}
	sort.Slice(list, func(i, j int) bool { return list[i].ID > list[j].ID })
	if len(list) > 200 {
		list = list[:200]
	}
	var tr *listening.Translations
	if organizer {
		if tr, err = l.translations(r, c, list); err != nil {
			return err
		}
	}
	l.render(w, r, http.StatusOK, "listening_stories", page{Title: c.Title, Nav: "listening", Data: map[string]any{
		"Campaign": c, "Stories": list, "Organizer": organizer, "State": state, "Signals": signals(c, list),
		"States": []string{"pending", "approved", "hidden"}, "Translations": tr, "TargetName": l.cat.T(c.OwnLang(), "name")}})
	return nil
}

// moderationFrom reads a moderation button: approve, hide, pending, or
// pii with the flag's new value (pii=1 flags, pii=0 clears).
func moderationFrom(f url.Values) kindred.Moderation {
	var m kindred.Moderation
	switch f.Get("action") {
	case "approve":
		m.State = kindred.StateApproved
	case "hide":
		m.State = kindred.StateHidden
	case "pending":
		m.State = kindred.StatePending
	case "pii":
		flag := f.Get("pii") != "0"
		m.PII = &flag
	}
	return m
}

// moderate approves, hides or flags a story through listening.Moderate.
func (l *listeningPages) moderate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	slug := r.PathValue("slug")
	if _, err := l.Listening.Moderate(r.Context(), viewerFrom(r), slug, id, moderationFrom(r.PostForm)); err != nil {
		return err
	}
	back := "/listening/" + url.PathEscape(slug) + "/stories?state=" + url.QueryEscape(r.PostFormValue("from"))
	http.Redirect(w, r, back+"#story-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
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

// translations asks listening.Translate for the stories' translations
// into the campaign's language (nil when translation is off).
func (l *listeningPages) translations(r *http.Request, c *kindred.Campaign, list []kindred.Story) (*listening.Translations, error) {
	texts, langs := make(map[int64]string, len(list)), make(map[int64]string, len(list))
	for _, st := range list {
		texts[st.ID], langs[st.ID] = st.Text, st.Lang
	}
	return l.Listening.Translate(r.Context(), viewerFrom(r), c.Slug, texts, langs)
}
