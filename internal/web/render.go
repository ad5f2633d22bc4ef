package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
)

//go:embed templates static
var assets embed.FS

// views holds the parsed page templates and the static files' hashes.
type views struct {
	pages   map[string]*template.Template
	labels  map[string]map[string]string // page → field → its label (pageLabels)
	hashes  map[string]string            // file name → content hash
	orgMenu orgMenu
}

// parsedViews returns the views, parsed once per process: the templates and
// static files are embedded, so every Server of a process shares one parse
// (the page tests start hundreds of servers; parsing took 21 s of their CPU).
// Executing a parsed template is safe from many goroutines, and orgMenu locks.
var parsedViews = sync.OnceValues(newViews)

func newViews() (*views, error) {
	v := &views{pages: map[string]*template.Template{}, hashes: map[string]string{}}
	if err := v.hashStatic(); err != nil {
		return nil, err
	}
	base, err := template.New("base").Funcs(v.funcs()).ParseFS(assets, "templates/layout/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse layout templates: %w", err)
	}
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		t, err := template.Must(base.Clone()).ParseFS(assets, f)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		v.pages[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	if v.labels, err = pageLabels(assets, files); err != nil {
		return nil, fmt.Errorf("read labels: %w", err)
	}
	return v, nil
}

func (v *views) hashStatic() error {
	return fs.WalkDir(assets, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		v.hashes[strings.TrimPrefix(p, "static/")] = hex.EncodeToString(sum[:6])
		return nil
	})
}

// staticURL returns the content-hashed URL of a static file, so browsers can
// cache it forever and still see a new version after an upgrade.
func (v *views) staticURL(name string) string {
	return "/static/" + v.hashes[name] + "/" + name
}

// staticHandler serves files under /static/{hash}/{file}; a stale hash still
// gets the current file, but is not cached for long.
func (v *views) staticHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("file")
		hash, ok := v.hashes[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		b, err := assets.ReadFile("static/" + name)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if r.PathValue("hash") == hash {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
	})
}

func (v *views) funcs() template.FuncMap {
	return template.FuncMap{
		"static":    v.staticURL,
		"highlight": highlight,
		"date":      func(t time.Time) string { return t.Format("2 Jan 2006") },
		"datetime":  func(t time.Time) string { return t.Format("2 Jan 2006, 15:04 MST") },
		"ago":       ago,
		"title":     titleCase,
		"fieldCtx":  func(p page, name string) fieldCtx { return fieldCtx{Errors: p.Errors, Labels: p.Labels, Name: name} },
		"label":     fieldLabel,
		"zone":      zoneWords,
		"count":     countWords,
		"zones":     zoneOptions,
		"join":      strings.Join,
		"list":      func(xs ...string) []string { return xs },
		"pct":       func(f float64) string { return fmt.Sprintf("%.0f%%", 100*f) },
		"minus":     func(a, b int) int { return a - b },
		"otherName": func(t kindred.Tie, me int64) string { _, n := t.Other(me); return n },
		"tieKind":   tieKindWords,
		"outcome": func(o kindred.Outcome) string {
			return map[kindred.Outcome]string{kindred.OutcomeTried: "trying", kindred.OutcomeWorked: "worked", kindred.OutcomeDidNotWork: "didn't work"}[o]
		},
		"initials":         initials,
		"conversationPath": conversationPath,
		"harvestNotes": func(notes []kindred.HarvestNote, viewer int64) harvestNotesView {
			return harvestNotesView{Notes: notes, Viewer: viewer}
		},
		"consents": func() []kindred.NoteConsent { return kindred.NoteConsents },
		"hasPerson": func(ms []*kindred.Member, id int64) bool {
			return slices.ContainsFunc(ms, func(m *kindred.Member) bool { return m.ID == id })
		},
		"hasID":      slices.Contains[[]int64],
		"orgOptions": v.orgMenu.options,
		// orgOptionsTyped is orgOptions with the choice as a form sent it.
		"orgOptionsTyped": func(orgs []*kindred.Organization, typed string) template.HTML {
			id, _ := strconv.ParseInt(typed, 10, 64)
			return v.orgMenu.options(orgs, id)
		},
		"valueOptions": valueOptions,
		"cityOptions": func(cs []kindred.City, selected int64) template.HTML {
			return idOptions(cs, func(c kindred.City) (int64, string) { return c.ID, c.Name }, selected)
		},
		"seriesOptions": func(ss []kindred.Series, selected int64) template.HTML {
			return idOptions(ss, func(s kindred.Series) (int64, string) { return s.ID, s.Name }, selected)
		},
		"valueBars": valueBars,
		"primaryAffiliation": func(m *kindred.Member) *kindred.Affiliation {
			if a, ok := m.PrimaryAffiliation(); ok {
				return &a
			}
			return nil
		},
	}
}

// orgMenu writes an <option> per organization, marking the selected one.
// Menus of every organization are on the busiest pages, so the options of the
// last list (Store.OrganizationChoices returns the same cached slice until an
// organization changes) are kept, and only the selected one is marked anew.
type orgMenu struct {
	mu   sync.Mutex
	orgs []*kindred.Organization // the list html was written for
	html string
}

func (m *orgMenu) options(orgs []*kindred.Organization, selected int64) template.HTML {
	m.mu.Lock()
	if len(orgs) == 0 || len(m.orgs) != len(orgs) || &m.orgs[0] != &orgs[0] {
		m.orgs, m.html = orgs, orgOptions(orgs)
	}
	html := m.html
	m.mu.Unlock()
	if selected != 0 {
		id := `<option value="` + strconv.FormatInt(selected, 10) + `"`
		html = strings.Replace(html, id+">", id+" selected>", 1)
	}
	return template.HTML(html)
}

// orgOptions writes an <option> per organization.
func orgOptions(orgs []*kindred.Organization) string {
	var b strings.Builder
	b.Grow(len(orgs) * 48)
	for _, o := range orgs {
		b.WriteString(`<option value="`)
		b.WriteString(strconv.FormatInt(o.ID, 10))
		b.WriteString(`">`)
		template.HTMLEscape(&b, []byte(o.Name))
		b.WriteString("</option>")
	}
	return b.String()
}

// idOptions writes an <option> per item (its id and name), marking the
// selected one: the gatherings page's menus of 200 cities and 200 series took
// half of the page's rendering as template ranges.
func idOptions[T any](items []T, idName func(T) (int64, string), selected int64) template.HTML {
	var b strings.Builder
	b.Grow(len(items) * 40)
	for _, it := range items {
		id, name := idName(it)
		b.WriteString(`<option value="`)
		b.WriteString(strconv.FormatInt(id, 10))
		if id == selected {
			b.WriteString(`" selected>`)
		} else {
			b.WriteString(`">`)
		}
		template.HTMLEscape(&b, []byte(name))
		b.WriteString("</option>")
	}
	return template.HTML(b.String())
}

// valueOptions writes an <option> per value, marking the selected one: the
// directory's tag and language menus, cheaper than a template range.
func valueOptions(values []string, selected string) template.HTML {
	var b strings.Builder
	for _, v := range values {
		b.WriteString("<option")
		if v == selected {
			b.WriteString(" selected")
		}
		b.WriteString(">")
		template.HTMLEscape(&b, []byte(v))
		b.WriteString("</option>")
	}
	return template.HTML(b.String())
}

// fieldCtx is what the field-error template needs.
type fieldCtx struct {
	Errors map[string]string
	Labels map[string]string
	Name   string
}

// titleCase upper-cases the first letter and turns underscores into spaces,
// so field names read as words ("new_password" → "New password").
func titleCase(s string) string {
	if s == "" {
		return s
	}
	s = strings.ReplaceAll(s, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

// countWords says n things with the noun's right form: "1 story",
// "3 stories", never "1 story(s)".
func countWords(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// tieKindWords says how two people are connected, in words.
func tieKindWords(k kindred.TieKind) string {
	switch k {
	case kindred.TieSatTogether:
		return "Sat together"
	case kindred.TieFollowUp:
		return "Following up"
	case kindred.TieCollaborated:
		return "Worked together"
	case kindred.TieIntroduced:
		return "Introduced"
	}
	return "Know each other"
}

// initials returns up to two capital letters for a name, for faces without photos.
func initials(name string) string {
	var out []rune
	for _, w := range strings.Fields(name) {
		r := []rune(w)
		out = append(out, unicode.ToUpper(r[0]))
		if len(out) == 2 {
			break
		}
	}
	return string(out)
}

// highlight escapes s and turns the search index's match markers into <mark>.
func highlight(s string) template.HTML {
	esc := template.HTMLEscapeString(s)
	esc = strings.ReplaceAll(esc, kindred.HighlightStart, "<mark>")
	esc = strings.ReplaceAll(esc, kindred.HighlightEnd, "</mark>")
	return template.HTML(esc)
}

// ago says how long ago t was, in words.
func ago(t *time.Time) string {
	if t == nil {
		return "never"
	}
	d := time.Since(*t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h ago", int(d.Hours()))
	}
	return t.Format("2 Jan 2006")
}

// page is what every template receives.
type page struct {
	Title   string
	Nav     string // the active area's slug
	Account *kindred.Account
	Flash   string
	Error   string            // a sentence shown above the form
	Errors  map[string]string // field name → problem
	Labels  map[string]string // field name → its label on this page
	Form    url.Values        // what the person typed, shown back on error
	Data    any
	Areas   []area
	Status  int
	SignOn  string // the single sign-on provider's name, "" when there is none
}

// render writes the named page with status, rendering into a buffer first so
// a template error becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p page) {
	t, ok := s.views.pages[name]
	if !ok {
		s.serverError(w, r, fmt.Errorf("no template %q", name))
		return
	}
	p.Account = accountFrom(r.Context())
	p.Areas = areas
	if s.SingleSignOn != nil {
		p.SignOn = s.SingleSignOn.Settings.Name
	}
	p.Labels = s.views.labels[name]
	if p.Form == nil {
		p.Form = url.Values{}
	}
	if p.Flash == "" && s.Sessions != nil {
		p.Flash = s.Sessions.PopString(r.Context(), "flash")
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.serverError(w, r, fmt.Errorf("render %s: %w", name, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// renderFragment writes one named template of a page (for htmx swaps).
func (s *Server) renderFragment(w http.ResponseWriter, r *http.Request, pageName, block string, p page) {
	t, ok := s.views.pages[pageName]
	if !ok {
		s.serverError(w, r, fmt.Errorf("no template %q", pageName))
		return
	}
	p.Account = accountFrom(r.Context())
	p.Labels = s.views.labels[pageName]
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, p); err != nil {
		s.serverError(w, r, fmt.Errorf("render %s/%s: %w", pageName, block, err))
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Vary", "HX-Request")
	_, _ = buf.WriteTo(w)
}

// fail renders err for a person: field problems go back to the form page
// (keeping what was typed), anything else to the error page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, name string, p page, err error) {
	status := httpx.Status(err)
	if status >= 500 {
		s.serverError(w, r, err)
		return
	}
	p.Error = kindred.ErrorMessage(err)
	p.Errors = kindred.ErrorFields(err)
	if p.Form == nil {
		_ = r.ParseForm()
		p.Form = r.PostForm
	}
	s.render(w, r, status, name, p)
}

// errorPage renders the error page with a status and a sentence.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	s.render(w, r, status, "error", page{Title: http.StatusText(status), Error: msg, Status: status})
}

// serverError logs the cause and shows a generic sentence.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.Logger.Error("server error", "method", r.Method, "path", r.URL.Path, "err", err)
	t := s.views.pages["error"]
	var buf bytes.Buffer
	p := page{Title: "Something went wrong", Error: kindred.ErrorMessage(err), Status: 500, Areas: areas, Form: url.Values{}}
	if t == nil || t.ExecuteTemplate(&buf, "layout", p) != nil {
		http.Error(w, "Something went wrong on our side.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = buf.WriteTo(w)
}

// NotFound renders the 404 page; the app uses it for unmatched paths.
func (s *Server) NotFound(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusNotFound, "There is no page at this address. It may have moved, or the link may be incomplete.")
}

// Unreadable renders the page for requests refused by httpx.ValidText.
func (s *Server) Unreadable(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusBadRequest, "Kindred could not read this request: the address or the form holds characters that are not valid text, or the form is too large. Check what was typed or pasted, and try again.")
}

// Forbidden renders the page for cross-origin requests refused by the
// protection middleware.
func (s *Server) Forbidden(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusForbidden, "This request came from another site, so Kindred refused it. Go back, reload the page and try again.")
}
