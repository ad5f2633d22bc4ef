package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/web/i18n"
)

// listening serves the public story form and the organizers' listening
// pages. It holds what only these pages need.
type listening struct {
	*Server
	cat     *i18n.Catalog
	limit   *httpx.Limiter // stories per client address (the address is never stored)
	minFill time.Duration  // faster than this is a bot, or a paste worth a second look
}

// Limits of the public form's spam protection.
const (
	storyLimitN      = 20
	storyLimitWindow = 10 * time.Minute
	storyMinFill     = 3 * time.Second
)

// registerListening adds the listening pages to mux. The translations are
// embedded, so failing to load them is a build mistake: it panics at start.
func (s *Server) registerListening(mux Mux) {
	cat, err := i18n.Load()
	if err != nil {
		panic(err)
	}
	l := &listening{Server: s, cat: cat, limit: httpx.NewLimiter(storyLimitN, storyLimitWindow, s.Now), minFill: storyMinFill}
	mux.HandleFunc("GET /c/{slug}", l.storyForm)
	mux.HandleFunc("POST /c/{slug}", l.tellStory)
	mux.HandleFunc("GET /c/{slug}/thanks", l.thanks)
	mux.HandleFunc("GET /s/{token}", l.editForm)
	mux.HandleFunc("POST /s/{token}", l.saveEdit)
	mux.HandleFunc("POST /s/{token}/withdraw", l.withdraw)
	l.registerOrganizing(mux)
}

// publicView is what the public pages' templates receive as Data: the
// campaign, the language, and the form with its problems in that language.
type publicView struct {
	cat      *i18n.Catalog
	Lang     string
	Dir      string
	Langs    []langOption
	Campaign *kindred.Campaign
	Form     url.Values
	Problems map[string]string // field → translated problem
	Message  string            // a sentence above the form
	Started  int64
	Path     string
	Extra    map[string]any
}

type langOption struct {
	Code, Name string
	Current    bool
}

// T translates key into the page's language.
func (v publicView) T(key string) string { return v.cat.T(v.Lang, key) }

// Val returns what was typed in field.
func (v publicView) Val(field string) string { return v.Form.Get(field) }

// Has reports whether field was given value (checkboxes, radios).
func (v publicView) Has(field, value string) bool {
	for _, x := range v.Form[field] {
		if x == value {
			return true
		}
	}
	return false
}

// Problem returns the translated problem with field, or "".
func (v publicView) Problem(field string) string { return v.Problems[field] }

// view builds the public view for r in the best language the campaign offers.
func (l *listening) view(r *http.Request, c *kindred.Campaign) publicView {
	var offered []string
	if c != nil {
		offered = c.Languages
	}
	explicit := r.URL.Query().Get("lang")
	if r.Method == http.MethodPost {
		explicit = r.PostFormValue("ui")
	}
	lang := l.cat.Match(explicit, r.Header.Get("Accept-Language"), offered)
	v := publicView{cat: l.cat, Lang: lang, Dir: l.cat.Dir(lang), Campaign: c, Form: url.Values{},
		Problems: map[string]string{}, Started: l.Now().Unix(), Path: r.URL.Path, Extra: map[string]any{}}
	for _, code := range l.cat.Languages() {
		if offered == nil || contains(offered, code) {
			v.Langs = append(v.Langs, langOption{Code: code, Name: l.cat.T(code, "name"), Current: code == lang})
		}
	}
	return v
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// openCampaign returns the campaign in the path if r may tell it a story
// today; otherwise it renders the page that explains why and returns nil.
func (l *listening) openCampaign(w http.ResponseWriter, r *http.Request) *kindred.Campaign {
	c, err := l.Store.CampaignBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		if kindred.ErrorCode(err) != kindred.ENOTFOUND {
			l.serverError(w, r, err)
			return nil
		}
		v := l.view(r, nil)
		l.renderPublic(w, r, http.StatusNotFound, "story_closed", v.T("unknown.title"), v, v.T("unknown.body"))
		return nil
	}
	v := l.view(r, c)
	if r.Method == http.MethodPost {
		v.Form = r.PostForm // shown back, so a story typed while the campaign closed is not lost
	}
	if err := l.Store.MayTell(r.Context(), c, accountFrom(r.Context())); err != nil {
		switch kindred.ErrorCode(err) {
		case kindred.EUNAUTHORIZED:
			v.Extra["SignIn"] = "/signin?next=" + url.QueryEscape(r.URL.RequestURI())
			l.renderPublic(w, r, http.StatusUnauthorized, "story_closed", v.T("members.title"), v, v.T("members.body"))
		case kindred.EFORBIDDEN:
			l.renderPublic(w, r, http.StatusForbidden, "story_closed", v.T("invited.title"), v, v.T("invited.body"))
		default:
			l.serverError(w, r, err)
		}
		return nil
	}
	if err := c.OpenOn(l.Now().UTC().Format(time.DateOnly)); err != nil {
		msg := strings.ReplaceAll(v.T("closed.ended"), "{date}", c.EndsOn)
		if kindred.ErrorCode(err) == kindred.EFORBIDDEN {
			msg = strings.ReplaceAll(v.T("closed.soon"), "{date}", c.StartsOn)
		}
		l.renderPublic(w, r, httpx.Status(err), "story_closed", v.T("closed.title"), v, msg)
		return nil
	}
	return c
}

// renderPublic renders a public page; message goes above its content.
func (l *listening) renderPublic(w http.ResponseWriter, r *http.Request, status int, name, title string, v publicView, message string) {
	v.Message = message
	l.render(w, r, status, name, page{Title: title, Data: v})
}

// storyForm shows the public story form.
func (l *listening) storyForm(w http.ResponseWriter, r *http.Request) {
	c := l.openCampaign(w, r)
	if c == nil {
		return
	}
	v := l.view(r, c)
	v.Form.Set("lang", v.Lang)
	v.Form.Set("anonymous", "1")
	l.renderPublic(w, r, http.StatusOK, "story_form", c.Title, v, "")
}

// tellStory takes a story from the public form. The story is committed
// before the thank-you page; on any problem the form comes back in the
// teller's language with everything they typed.
func (l *listening) tellStory(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		l.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please go back and try again.")
		return
	}
	c := l.openCampaign(w, r)
	if c == nil {
		return
	}
	v := l.view(r, c)
	v.Form = r.PostForm
	thanks := "/c/" + c.Slug + "/thanks?lang=" + v.Lang
	if r.PostForm.Get("website") != "" { // the honeypot: only bots fill it; they get a thank-you and nothing is stored
		http.Redirect(w, r, thanks, http.StatusSeeOther)
		return
	}
	if started, err := strconv.ParseInt(r.PostForm.Get("started"), 10, 64); err != nil || l.Now().Sub(time.Unix(started, 0)) < l.minFill {
		l.renderPublic(w, r, http.StatusUnprocessableEntity, "story_form", c.Title, v, v.T("error.fast"))
		return
	}
	if ok, _ := l.limit.Allow(httpx.ClientIP(r)); !ok {
		l.renderPublic(w, r, http.StatusTooManyRequests, "story_form", c.Title, v, v.T("error.rate"))
		return
	}
	n, codes := storyFromForm(c, r.PostForm)
	for f, code := range c.CheckStory(&n) {
		if _, ok := codes[f]; !ok {
			codes[f] = code
		}
	}
	if len(codes) > 0 {
		for f, code := range codes {
			v.Problems[f] = v.T("problem." + code)
		}
		l.renderPublic(w, r, http.StatusUnprocessableEntity, "story_form", c.Title, v, v.T("error.fix"))
		return
	}
	mailed, err := l.storeStory(r, c, n, v)
	if err != nil {
		l.serverError(w, r, err)
		return
	}
	if mailed {
		thanks += "&mail=1"
	}
	http.Redirect(w, r, thanks, http.StatusSeeOther)
}

// storeStory commits the story and, when the teller left an email, the
// message with their edit/withdraw link, in one transaction.
func (l *listening) storeStory(r *http.Request, c *kindred.Campaign, n kindred.NewStory, v publicView) (bool, error) {
	var mailed bool
	err := l.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		_, secret, err := tx.CreateStory(r.Context(), c, n)
		if err != nil || secret == "" {
			return err
		}
		link := l.Config.BaseURL + "/s/" + secret + "?lang=" + v.Lang
		m := kindred.Mail{To: n.Email, Subject: v.T("mail.subject"), Text: v.T("mail.body") + "\n\n" + link + "\n\n— " + c.Title + "\n"}
		_, err = l.Queue.SendMail(r.Context(), tx, m)
		mailed = err == nil
		return err
	})
	return mailed, err
}

// storyFromForm reads the form into a NewStory; values that do not fit a
// signifier are returned as problem codes by field.
func storyFromForm(c *kindred.Campaign, f url.Values) (kindred.NewStory, map[string]string) {
	n := kindred.NewStory{Text: f.Get("text"), Lang: f.Get("lang"), Consent: kindred.Consent(f.Get("consent")),
		Anonymous: f.Get("anonymous") != "", Name: f.Get("name"), Email: f.Get("email"), Source: "form",
		Signifiers: map[string]kindred.SignifierValue{}, Context: map[string]string{}}
	if n.Lang == "other" {
		n.Lang = "und"
	}
	codes := map[string]string{}
	for _, s := range c.Signifiers {
		v, given, ok := signifierFromForm(&s, f)
		switch {
		case !ok:
			codes["sig."+s.Key] = kindred.ProblemRange
		case given:
			n.Signifiers[s.Key] = v
		}
	}
	for _, q := range c.Context {
		if val := f.Get("ctx." + q.Key); val != "" {
			n.Context[q.Key] = val
		}
	}
	return n, codes
}

// signifierFromForm reads one signifier: given is false when the teller
// left it out, ok is false when what they sent does not parse.
func signifierFromForm(s *kindred.Signifier, f url.Values) (v kindred.SignifierValue, given, ok bool) {
	name := "sig." + s.Key
	switch s.Kind {
	case kindred.KindSlider:
		if f.Get(name+".na") != "" { // a range input always has a value; this box says "skip it"
			return v, false, true
		}
	case kindred.KindTriad:
		a, b, c := f.Get(name+".0"), f.Get(name+".1"), f.Get(name+".2")
		if a == "" && b == "" && c == "" {
			return v, false, true
		}
		v, ok = s.ParseText(zero(a) + "/" + zero(b) + "/" + zero(c))
		return v, true, ok
	case kindred.KindMulti:
		if len(f[name]) == 0 {
			return v, false, true
		}
		return kindred.SignifierValue{Choices: f[name]}, true, true
	}
	if f.Get(name) == "" {
		return v, false, true
	}
	v, ok = s.ParseText(f.Get(name))
	return v, true, ok
}

func zero(s string) string {
	if strings.TrimSpace(s) == "" {
		return "0"
	}
	return s
}

// thanks confirms a story was stored.
func (l *listening) thanks(w http.ResponseWriter, r *http.Request) {
	c, err := l.Store.CampaignBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		l.NotFound(w, r)
		return
	}
	v := l.view(r, c)
	v.Extra["Mailed"] = r.URL.Query().Get("mail") == "1"
	l.renderPublic(w, r, http.StatusOK, "story_thanks", v.T("thanks.title"), v, "")
}

// editForm lets a teller who left an email edit or withdraw their story.
func (l *listening) editForm(w http.ResponseWriter, r *http.Request) {
	st, c, ok := l.storyByLink(w, r)
	if !ok {
		return
	}
	v := l.view(r, c)
	v.Form.Set("text", st.Text)
	l.renderPublic(w, r, http.StatusOK, "story_edit", v.T("edit.title"), v, "")
}

// storyByLink finds the story of the secret in the path, or renders why not.
func (l *listening) storyByLink(w http.ResponseWriter, r *http.Request) (*kindred.Story, *kindred.Campaign, bool) {
	st, err := l.Store.StoryByEditToken(r.Context(), r.PathValue("token"))
	var c *kindred.Campaign
	if err == nil {
		c, err = l.Store.CampaignByID(r.Context(), st.CampaignID)
	}
	if err != nil {
		if kindred.ErrorCode(err) != kindred.ENOTFOUND {
			l.serverError(w, r, err)
			return nil, nil, false
		}
		v := l.view(r, nil)
		l.renderPublic(w, r, http.StatusNotFound, "story_closed", v.T("edit.title"), v, v.T("edit.gone"))
		return nil, nil, false
	}
	return st, c, true
}

// saveEdit stores the teller's new text.
func (l *listening) saveEdit(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	_, c, ok := l.storyByLink(w, r)
	if !ok {
		return
	}
	v := l.view(r, c)
	v.Form = r.PostForm
	err := l.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		return tx.EditStory(r.Context(), c, r.PathValue("token"), r.PostForm.Get("text"))
	})
	if code := kindred.ErrorCode(err); code == kindred.EINVALID {
		n := kindred.NewStory{Text: r.PostForm.Get("text")}
		v.Problems["text"] = v.T("problem." + c.CheckStory(&n)["text"])
		l.renderPublic(w, r, http.StatusUnprocessableEntity, "story_edit", v.T("edit.title"), v, v.T("error.fix"))
		return
	} else if err != nil {
		l.serverError(w, r, err)
		return
	}
	l.renderPublic(w, r, http.StatusOK, "story_edit", v.T("edit.title"), v, v.T("edit.saved"))
}

// withdraw erases the teller's story.
func (l *listening) withdraw(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	_, c, ok := l.storyByLink(w, r)
	if !ok {
		return
	}
	v := l.view(r, c)
	if err := l.Store.WithTx(r.Context(), func(tx *store.Tx) error { return tx.WithdrawStory(r.Context(), r.PathValue("token")) }); err != nil {
		l.serverError(w, r, err)
		return
	}
	l.renderPublic(w, r, http.StatusOK, "story_closed", v.T("edit.title"), v, v.T("edit.withdrawn"))
}

// storyLanguages are offered for the language a story is written in, by
// their own names; "other" covers the rest of the world's languages.
var storyLanguages = [][2]string{
	{"en", "English"}, {"es", "Español"}, {"fr", "Français"}, {"pt", "Português"}, {"de", "Deutsch"},
	{"ar", "العربية"}, {"sw", "Kiswahili"}, {"hi", "हिन्दी"}, {"id", "Bahasa Indonesia"}, {"zh", "中文"},
	{"ru", "Русский"}, {"tr", "Türkçe"},
}

// StoryLangs lists the choices for the story's language.
func (v publicView) StoryLangs() []langOption {
	out := make([]langOption, 0, len(storyLanguages)+1)
	for _, l := range storyLanguages {
		out = append(out, langOption{Code: l[0], Name: l[1], Current: v.Val("lang") == l[0]})
	}
	return append(out, langOption{Code: "other", Name: v.T("lang.other"), Current: v.Val("lang") == "other"})
}

// sigView is what the signifier template needs: the view and one signifier.
type sigView struct {
	View publicView
	Sig  kindred.Signifier
}

// Sig pairs the view with a signifier, for the signifier template.
func (v publicView) Sig(s kindred.Signifier) sigView { return sigView{View: v, Sig: s} }

// Consents lists the consent choices, widest first.
func (v publicView) Consents() []string {
	return []string{string(kindred.ConsentPublic), string(kindred.ConsentNetwork), string(kindred.ConsentOrganizers)}
}

// Label names a form field in the error summary: the translated label, or
// the campaign's own prompt for signifiers and context questions.
func (v publicView) Label(field string) string {
	switch field {
	case "text":
		return v.T("story.label")
	case "lang":
		return v.T("lang.label")
	case "consent":
		return v.T("consent.legend")
	case "name":
		return v.T("name.label")
	case "email":
		return v.T("email.label")
	}
	if v.Campaign == nil {
		return field
	}
	if key, ok := strings.CutPrefix(field, "sig."); ok {
		if s := v.Campaign.Signifier(key); s != nil {
			return s.Prompt
		}
	}
	for _, q := range v.Campaign.Context {
		if "ctx."+q.Key == field {
			return q.Prompt
		}
	}
	return field
}
