package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/listening"
	"github.com/kindredhq/kindred/internal/web/i18n"
)

// listeningPages serves the public story form and the organizers' listening
// pages. It holds what only these pages need: the form's translations.
type listeningPages struct {
	*Server
	cat *i18n.Catalog
}

// registerListening adds the listening pages to mux. The translations are
// embedded, so failing to load them is a build mistake: it panics at start.
func (s *Server) registerListening(mux Mux) {
	cat, err := i18n.Load()
	if err != nil {
		panic(err)
	}
	l := &listeningPages{Server: s, cat: cat}
	mux.HandleFunc("GET /c/{slug}", l.handle(l.storyForm))
	mux.HandleFunc("POST /c/{slug}", l.handle(l.tellStory))
	mux.HandleFunc("GET /c/{slug}/thanks", l.handle(l.thanks))
	mux.HandleFunc("GET /s/{token}", l.handle(l.editForm))
	mux.HandleFunc("POST /s/{token}", l.handle(l.saveEdit))
	mux.HandleFunc("POST /s/{token}/withdraw", l.handle(l.withdraw))
	l.registerReportBack(mux)
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
	// Text is the campaign's own words in the page's language, each
	// falling back to the campaign's language where not translated.
	Text     kindred.ShownCampaign
	Form     url.Values
	Problems map[string]string // field → translated problem
	Message  string            // a sentence above the form
	// Stamp is the form's signed stamp (listening.FormStamp); Live the code
	// of the live session the form was opened through, "" when none.
	Stamp string
	Live  string
	Path  string
	Extra map[string]any
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

// problem says what is wrong with field in the page's language: a
// sentence for that field ("problem.text.required") when the catalogue has
// one, else the one for the code.
func (v publicView) problem(field, code string) string {
	if key := "problem." + field + "." + code; v.cat.Has(key) {
		return v.T(key)
	}
	return v.T("problem." + code)
}

// Problem returns the translated problem with field, or "".
func (v publicView) Problem(field string) string { return v.Problems[field] }

// view builds the public view for r in the best language the campaign offers.
func (l *listeningPages) view(r *http.Request, c *kindred.Campaign) publicView {
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
		Problems: map[string]string{}, Path: r.URL.Path, Extra: map[string]any{}}
	if c != nil {
		v.Text = c.Text(lang)
	}
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

// openCampaign returns the campaign in the path if the viewer may tell it
// a story today; otherwise it renders the page that says why, in the
// teller's language, and returns nil (with the error when it is ours).
func (l *listeningPages) openCampaign(w http.ResponseWriter, r *http.Request) (*kindred.Campaign, error) {
	c, err := l.Listening.OpenCampaign(r.Context(), viewerFrom(r), r.PathValue("slug"))
	if err != nil {
		return nil, l.closed(w, r, err)
	}
	return c, nil
}

// closed renders why a campaign takes no story (a *listening.Closed), or
// returns err when it is something else.
func (l *listeningPages) closed(w http.ResponseWriter, r *http.Request, err error) error {
	var why *listening.Closed
	if !errors.As(err, &why) {
		return err
	}
	v := l.view(r, why.Campaign)
	if r.Method == http.MethodPost {
		v.Form = r.PostForm // shown back, so a story typed while the campaign closed is not lost
	}
	status := httpx.Status(err)
	switch why.Why {
	case listening.ClosedUnknown:
		l.renderPublic(w, r, status, "story_closed", v.T("unknown.title"), v, v.T("unknown.body"))
	case listening.ClosedMembers:
		v.Extra["SignIn"] = "/signin?next=" + url.QueryEscape(r.URL.RequestURI())
		l.renderPublic(w, r, status, "story_closed", v.T("members.title"), v, v.T("members.body"))
	case listening.ClosedInvited:
		l.renderPublic(w, r, status, "story_closed", v.T("invited.title"), v, v.T("invited.body"))
	case listening.ClosedSoon:
		l.renderPublic(w, r, status, "story_closed", v.T("closed.title"), v, strings.ReplaceAll(v.T("closed.soon"), "{date}", why.Campaign.StartsOn))
	default:
		l.renderPublic(w, r, status, "story_closed", v.T("closed.title"), v, strings.ReplaceAll(v.T("closed.ended"), "{date}", why.Campaign.EndsOn))
	}
	return nil
}

// renderPublic renders a public page; message goes above its content.
func (l *listeningPages) renderPublic(w http.ResponseWriter, r *http.Request, status int, name, title string, v publicView, message string) {
	v.Message = message
	l.render(w, r, status, name, page{Title: title, Data: v})
}

// storyForm shows the public story form.
func (l *listeningPages) storyForm(w http.ResponseWriter, r *http.Request) error {
	c, err := l.openCampaign(w, r)
	if c == nil {
		return err
	}
	v := l.view(r, c)
	v.Form.Set("lang", v.Lang)
	v.Form.Set("anonymous", "1")
	if err := l.stamp(r, &v, r.URL.Query().Get("live")); err != nil {
		return err
	}
	l.renderPublic(w, r, http.StatusOK, "story_form", v.Text.Title.Text, v, "")
	return nil
}

// tellStory takes a story from the public form through listening.Tell.
// The story is committed before the thank-you page; on any problem the
// form comes back in the teller's language with everything they typed.
func (l *listeningPages) tellStory(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	c, err := l.openCampaign(w, r)
	if c == nil {
		return err
	}
	v := l.view(r, c)
	v.Form = r.PostForm
	n, codes := storyFromForm(c, r.PostForm)
	v.Stamp, v.Live = r.PostForm.Get("stamp"), r.PostForm.Get("live")
	told, err := l.Listening.Tell(r.Context(), viewerFrom(r), listening.Telling{Slug: c.Slug, Story: n, Problems: codes,
		Client: httpx.ClientIP(r), UILang: v.Lang, Trap: r.PostForm.Get("website"), Form: true, Stamp: v.Stamp})
	if errors.Is(err, listening.ErrStamp) || errors.Is(err, listening.ErrStampExpired) {
		// A form that cannot be sent again as it is gets a new stamp,
		// so a person can send what they typed.
		if err := l.stamp(r, &v, v.Live); err != nil {
			return err
		}
	}
	if err != nil {
		return l.storyRefused(w, r, v, err)
	}
	thanks := "/c/" + c.Slug + "/thanks?lang=" + v.Lang
	if told.Mailed {
		thanks += "&mail=1"
	}
	http.Redirect(w, r, thanks, http.StatusSeeOther)
	return nil
}

// stamp gives the form v a new signed stamp, counting against the live
// session with code live when it is open (else an ordinary form).
func (l *listeningPages) stamp(r *http.Request, v *publicView, live string) error {
	stamp, session, err := l.Listening.FormStamp(r.Context(), v.Campaign, live)
	if err != nil {
		return err
	}
	v.Stamp, v.Live = stamp, ""
	if session != nil {
		v.Live = session.Code
	}
	return nil
}

// storyRefused shows the form again with why the story was refused, in
// the teller's language; errors that are not a refusal are returned.
func (l *listeningPages) storyRefused(w http.ResponseWriter, r *http.Request, v publicView, err error) error {
	var probs *listening.StoryProblems
	switch {
	case errors.Is(err, listening.ErrTooFast):
		l.renderPublic(w, r, http.StatusUnprocessableEntity, "story_form", v.Text.Title.Text, v, v.T("error.fast"))
	case errors.Is(err, listening.ErrTooMany):
		l.renderPublic(w, r, http.StatusTooManyRequests, "story_form", v.Text.Title.Text, v, v.T("error.rate"))
	case errors.Is(err, listening.ErrStamp):
		l.renderPublic(w, r, http.StatusUnprocessableEntity, "story_form", v.Text.Title.Text, v, v.T("error.stamp"))
	case errors.Is(err, listening.ErrStampExpired):
		l.renderPublic(w, r, http.StatusUnprocessableEntity, "story_form", v.Text.Title.Text, v, v.T("error.expired"))
	case errors.Is(err, listening.ErrDuplicate):
		l.renderPublic(w, r, http.StatusConflict, "story_form", v.Text.Title.Text, v, v.T("error.duplicate"))
	case errors.As(err, &probs):
		for f, code := range probs.Codes {
			v.Problems[f] = strings.ReplaceAll(v.problem(f, code), "{n}", strconv.Itoa(v.Campaign.MinStoryLength))
		}
		message := v.T("error.fix")
		if probs.Codes["text"] == kindred.ProblemRequired {
			message = v.T("error.empty") // nothing told yet: ask for the story, not for corrections
		}
		l.renderPublic(w, r, http.StatusUnprocessableEntity, "story_form", v.Text.Title.Text, v, message)
	default:
		return l.closed(w, r, err)
	}
	return nil
}

// storyFromForm reads the form into a NewStory; values that do not fit a
// signifier are returned as problem codes by field.
func storyFromForm(c *kindred.Campaign, f url.Values) (kindred.NewStory, map[string]string) {
	n := kindred.NewStory{Text: f.Get("text"), Lang: f.Get("lang"), Consent: kindred.Consent(f.Get("consent")),
		Anonymous: f.Get("anonymous") != "", Name: f.Get("name"), Email: f.Get("email"), NotifyReport: f.Get("notify_report") != "",
		Source: "form", Signifiers: map[string]kindred.SignifierValue{}, Context: map[string]string{}}
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
func (l *listeningPages) thanks(w http.ResponseWriter, r *http.Request) error {
	c, err := l.Listening.Campaign(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	v := l.view(r, c)
	v.Extra["Mailed"] = r.URL.Query().Get("mail") == "1"
	l.renderPublic(w, r, http.StatusOK, "story_thanks", v.T("thanks.title"), v, "")
	return nil
}

// editForm lets a teller who left an email edit or withdraw their story.
func (l *listeningPages) editForm(w http.ResponseWriter, r *http.Request) error {
	st, c, err := l.Listening.StoryByLink(r.Context(), r.PathValue("token"))
	if err != nil {
		return l.linkGone(w, r, err)
	}
	v := l.view(r, c)
	v.Form.Set("text", st.Text)
	l.renderPublic(w, r, http.StatusOK, "story_edit", v.T("edit.title"), v, "")
	return nil
}

// linkGone says, in the teller's language, that their link leads nowhere
// (ENOTFOUND); other errors are returned.
func (l *listeningPages) linkGone(w http.ResponseWriter, r *http.Request, err error) error {
	if kindred.ErrorCode(err) != kindred.ENOTFOUND {
		return err
	}
	v := l.view(r, nil)
	l.renderPublic(w, r, http.StatusNotFound, "story_closed", v.T("edit.title"), v, v.T("edit.gone"))
	return nil
}

// saveEdit stores the teller's new text.
func (l *listeningPages) saveEdit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	_, c, err := l.Listening.StoryByLink(r.Context(), r.PathValue("token"))
	if err != nil {
		return l.linkGone(w, r, err)
	}
	v := l.view(r, c)
	v.Form = r.PostForm
	err = l.Listening.EditStory(r.Context(), r.PathValue("token"), r.PostForm.Get("text"))
	var probs *listening.StoryProblems
	switch {
	case errors.As(err, &probs):
		v.Problems["text"] = strings.ReplaceAll(v.T("problem."+probs.Codes["text"]), "{n}", strconv.Itoa(c.MinStoryLength))
		l.renderPublic(w, r, http.StatusUnprocessableEntity, "story_edit", v.T("edit.title"), v, v.T("error.fix"))
	case err != nil:
		return l.linkGone(w, r, err)
	default:
		l.renderPublic(w, r, http.StatusOK, "story_edit", v.T("edit.title"), v, v.T("edit.saved"))
	}
	return nil
}

// withdraw erases the teller's story.
func (l *listeningPages) withdraw(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	_, c, err := l.Listening.StoryByLink(r.Context(), r.PathValue("token"))
	if err == nil {
		err = l.Listening.WithdrawStory(r.Context(), r.PathValue("token"))
	}
	if err != nil {
		return l.linkGone(w, r, err)
	}
	v := l.view(r, c)
	l.renderPublic(w, r, http.StatusOK, "story_closed", v.T("edit.title"), v, v.T("edit.withdrawn"))
	return nil
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
		if s, ok := v.Text.Signifiers[key]; ok {
			return s.Prompt
		}
	}
	if key, ok := strings.CutPrefix(field, "ctx."); ok {
		if q, ok := v.Text.Context[key]; ok {
			return q.Prompt
		}
	}
	return field
}

// Shown returns the signifier's words in the page's language.
func (v sigView) Shown() kindred.ShownQuestion { return v.View.Text.Signifiers[v.Sig.Key] }

// shownOption is one option as shown (Label, in Lang) and as sent (Value).
type shownOption struct{ Label, Value, Lang string }

// Options returns a shown question's options, each with the value sent.
func (v publicView) Options(q kindred.ShownQuestion) []shownOption {
	out := make([]shownOption, len(q.Values))
	for i := range q.Values {
		out[i] = shownOption{Label: q.Labels[i], Value: q.Values[i], Lang: q.Lang}
	}
	return out
}

// Question returns a context question's words in the page's language.
func (v publicView) Question(key string) kindred.ShownQuestion { return v.Text.Context[key] }
