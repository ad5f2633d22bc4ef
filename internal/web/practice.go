package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/library"
	"github.com/kindredhq/kindred/internal/store"
)

// registerPractices adds the practice library.
func (s *Server) registerPractices(mux Mux) {
	mux.Handle("GET /practices", s.signedIn(s.practices))
	mux.Handle("GET /practices/new", s.signedIn(s.newPracticePage))
	mux.Handle("POST /practices", s.signedIn(s.handle(s.createPractice)))
	mux.Handle("GET /practices/{slug}", s.signedIn(s.practicePage))
	mux.Handle("GET /practices/{slug}/edit", s.signedIn(s.editPracticePage))
	mux.Handle("POST /practices/{slug}", s.signedIn(s.handle(s.updatePractice)))
	mux.Handle("POST /practices/{slug}/adoptions", s.signedIn(s.handle(s.addAdoption)))
}

// practicesData is what the library page shows.
type practicesData struct {
	Filter store.PracticeFilter
	Hits   []store.PracticeHit
	Notes  []store.NoteHit // harvest notes the viewer may read, when searched
	Viewer int64
	Areas  []string
	Stages []kindred.Stage
	Cities []kindred.City
	// TriedBy is the organization filter as typed (its name); Unknown
	// says no organization has that name.
	TriedBy string
	Unknown bool
	// Total is how many practices match; First and Last number the ones
	// shown; Next and Prev are the offsets of the other pages (-1: none).
	Total, First, Last int
	Next, Prev         int
	Deep               bool         // a search: Total counts only its best matches
	Query              template.URL // the filters, for the pages' links
}

// practicesPage is how many practices one page of the library shows.
const practicesPage = 20

// practices lists and searches the library, a page at a time.
func (s *Server) practices(w http.ResponseWriter, r *http.Request) {
	ctx, q := r.Context(), r.URL.Query()
	f := store.PracticeFilter{Query: q.Get("q"), ThemeArea: q.Get("area"), Stage: kindred.Stage(q.Get("stage")), Limit: practicesPage}
	f.CityID, _ = strconv.ParseInt(q.Get("city"), 10, 64)
	f.OrganizationID, _ = strconv.ParseInt(q.Get("organization"), 10, 64)
	f.Offset, _ = strconv.Atoi(q.Get("from"))
	f.Offset = max(f.Offset, 0)
	d := practicesData{Stages: kindred.Stages, TriedBy: strings.TrimSpace(q.Get("tried_by")), Next: -1, Prev: -1}
	orgs, err := s.Store.OrganizationChoices(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.resolveTriedBy(orgs, &f)
	d.Filter = f
	if f.Query != "" {
		d.Viewer = viewerFrom(r).MemberID()
		d.Notes, err = s.Store.SearchNotes(ctx, kindred.ReaderOf(viewerFrom(r)), f.Query, 20)
	}
	if err == nil && !d.Unknown {
		if d.Hits, err = s.Store.ListPractices(ctx, f); err == nil {
			d.Total, err = s.practicesTotal(ctx, f, len(d.Hits))
		}
	}
	if err == nil {
		if d.Areas, err = s.Store.ThemeAreasInUse(ctx); err == nil {
			d.Cities, err = s.Store.Cities(ctx)
		}
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.pages(r.URL.Query())
	s.render(w, r, http.StatusOK, "practices", page{Title: "Practices", Nav: "practices", Data: d})
}

// resolveTriedBy reads the organization filter: an organization id (links
// from an organization's page, the API's parameter) or a name as typed,
// matched without regard to case; a name no organization has filters
// nothing and says so.
func (d *practicesData) resolveTriedBy(orgs []*kindred.Organization, f *store.PracticeFilter) {
	for _, o := range orgs {
		if (f.OrganizationID != 0 && o.ID == f.OrganizationID) || (f.OrganizationID == 0 && d.TriedBy != "" && strings.EqualFold(o.Name, d.TriedBy)) {
			f.OrganizationID, d.TriedBy = o.ID, o.Name
			return
		}
	}
	d.Unknown = d.TriedBy != ""
}

// practicesTotal is how many practices f matches: counted only when the
// page is full or not the first.
func (s *Server) practicesTotal(ctx context.Context, f store.PracticeFilter, shown int) (int, error) {
	if f.Offset == 0 && shown < f.Limit {
		return shown, nil
	}
	return s.Store.CountPractices(ctx, f)
}

// pages numbers the practices shown and finds the other pages, and keeps
// the query without its offset for their links.
func (d *practicesData) pages(q url.Values) {
	f := d.Filter
	if len(d.Hits) > 0 {
		d.First, d.Last = f.Offset+1, f.Offset+len(d.Hits)
	}
	if d.Last < d.Total {
		d.Next = d.Last
	}
	if f.Offset > 0 {
		d.Prev = max(0, f.Offset-f.Limit)
	}
	d.Deep = f.Query != "" && d.Total == store.PracticeSearchDepth
	q.Del("from")
	if d.Filter.OrganizationID != 0 {
		q.Del("tried_by")
		q.Set("organization", strconv.FormatInt(d.Filter.OrganizationID, 10))
	}
	d.Query = template.URL(q.Encode()) // encoded by url.Values: safe in a link
}

// practiceData is what a practice's page shows.
type practiceData struct {
	Practice  *kindred.Practice
	Notes     []kindred.HarvestNote // source notes the viewer may read
	Viewer    int64
	Body      template.HTML
	Orgs      []*kindred.Organization
	Diffusion template.HTML
	CanEdit   bool
	Today     string
	// Travels are the adoptions with the path that led to them, in order
	// of adoption; Travelled says which adoptions have one, by id.
	Travels   []travel
	Travelled map[int64]bool
}

// travel is an adoption with the path that led to it.
type travel struct {
	Adoption kindred.Adoption
	Path     library.Path
}

func (s *Server) loadPractice(w http.ResponseWriter, r *http.Request) (*kindred.Practice, bool) {
	p, err := s.Store.PracticeBySlug(r.Context(), r.PathValue("slug"))
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		s.NotFound(w, r)
		return nil, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	return p, true
}

// practicePage shows a practice a member would want to share: what it is,
// where it came from, who to ask and who tried it.
func (s *Server) practicePage(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadPractice(w, r)
	if !ok {
		return
	}
	s.renderPractice(w, r, p, http.StatusOK, page{})
}

func (s *Server) renderPractice(w http.ResponseWriter, r *http.Request, p *kindred.Practice, status int, pg page) {
	v := viewerFrom(r)
	body, err := s.Markdown.Render(p.Body)
	var orgs []*kindred.Organization
	if err == nil {
		orgs, err = s.Library.AdoptionChoices(r.Context(), v)
	}
	var notes []kindred.HarvestNote
	if err == nil {
		notes, err = s.sourceNotes(r, p)
	}
	var paths map[int64]library.Path
	if err == nil {
		paths, err = s.Library.Paths(r.Context(), v, p)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pg.Title, pg.Nav = p.Title, "practices"
	d := practiceData{Practice: p, Notes: notes, Viewer: v.MemberID(), Body: body, Orgs: orgs, Diffusion: diffusionChart(p.Adoptions),
		CanEdit: p.MayEdit(v) == nil, Today: s.Now().Format(time.DateOnly), Travelled: map[int64]bool{}}
	for _, a := range p.Adoptions {
		if path, ok := paths[a.ID]; ok {
			d.Travels = append(d.Travels, travel{Adoption: a, Path: path})
			d.Travelled[a.ID] = true
		}
	}
	pg.Data = d
	s.render(w, r, status, "practice", pg)
}

// addAdoption records that one of the viewer's organizations tried the
// practice; a problem shows the practice again with what was chosen.
func (s *Server) addAdoption(w http.ResponseWriter, r *http.Request) error {
	p, err := s.Store.PracticeBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	in := library.NewAdoption{PracticeID: p.ID, Outcome: kindred.Outcome(r.PostForm.Get("outcome")), Note: r.PostForm.Get("note")}
	in.OrganizationID, _ = strconv.ParseInt(r.PostForm.Get("organization"), 10, 64)
	in.AdoptedOn, _ = time.Parse(time.DateOnly, r.PostForm.Get("adopted_on"))
	_, err = s.Library.RecordAdoption(r.Context(), viewerFrom(r), in)
	if status := httpx.Status(err); err != nil && status < 500 && status != http.StatusNotFound {
		s.renderPractice(w, r, p, status, page{Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err), Form: r.PostForm})
		return nil
	}
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "Thank you: the network can now see who tried it.")
	http.Redirect(w, r, "/practices/"+p.Slug+"#adoptions", http.StatusSeeOther)
	return nil
}

// practiceFormData is what the practice form needs.
type practiceFormData struct {
	Practice *kindred.Practice
	Note     *kindred.HarvestNote // the note it is made from, if any
	New      bool
	Areas    []string
	Stages   []kindred.Stage
	Action   string
}

func (s *Server) renderPracticeForm(w http.ResponseWriter, r *http.Request, p *kindred.Practice, isNew bool, status int, err error) {
	s.renderPracticeFormFrom(w, r, p, nil, isNew, status, err)
}

func (s *Server) renderPracticeFormFrom(w http.ResponseWriter, r *http.Request, p *kindred.Practice, note *kindred.HarvestNote, isNew bool, status int, err error) {
	areas, aerr := s.Store.ThemeAreasInUse(r.Context())
	if aerr != nil {
		s.serverError(w, r, aerr)
		return
	}
	d := practiceFormData{Practice: p, Note: note, New: isNew, Areas: areas, Stages: kindred.Stages, Action: "/practices/" + p.Slug}
	pg := page{Title: "Edit practice", Nav: "practices"}
	if isNew {
		d.Action, pg.Title = "/practices", "Share a practice"
	}
	pg.Data = d
	if err != nil {
		pg.Error, pg.Errors = kindred.ErrorMessage(err), kindred.ErrorFields(err)
	}
	s.render(w, r, status, "practice_form", pg)
}

func (s *Server) newPracticePage(w http.ResponseWriter, r *http.Request) {
	p := &kindred.Practice{Stage: kindred.StageEmerging}
	if r.URL.Query().Get("note") == "" {
		s.renderPracticeForm(w, r, p, true, http.StatusOK, nil)
		return
	}
	n, ok := s.noteForPractice(w, r, r.URL.Query().Get("note"))
	if !ok {
		return
	}
	p.Body = noteQuote(n)
	s.renderPracticeFormFrom(w, r, p, n, true, http.StatusOK, nil)
}

func (s *Server) editPracticePage(w http.ResponseWriter, r *http.Request) {
	p, ok := s.loadPractice(w, r)
	if !ok {
		return
	}
	if err := p.MayEdit(viewerFrom(r)); err != nil {
		s.errorPage(w, r, http.StatusForbidden, kindred.ErrorMessage(err))
		return
	}
	s.renderPracticeForm(w, r, p, false, http.StatusOK, nil)
}

// practiceFromForm reads the form on top of base (which keeps contacts and
// sources the form does not show).
func practiceFromForm(r *http.Request, base kindred.Practice) *kindred.Practice {
	f := r.PostForm
	p := base
	p.Title, p.Summary, p.Body = f.Get("title"), f.Get("summary"), f.Get("body")
	p.ThemeArea, p.Stage, p.Tags = strings.TrimSpace(f.Get("theme_area")), kindred.Stage(f.Get("stage")), kindred.SplitList(f.Get("tags"))
	return &p
}

// createPractice adds a practice, from a harvest note when the form names
// one; the person sharing it is its first contact and its source.
func (s *Server) createPractice(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	typed := practiceFromForm(r, kindred.Practice{})
	in := library.NewPractice{Practice: *typed}
	if ref := r.PostForm.Get("note"); ref != "" {
		in.NoteID, _ = strconv.ParseInt(ref, 10, 64)
		if in.NoteID <= 0 {
			return kindred.Errorf(kindred.ENOTFOUND, "There is no such note, or it is not for you to read.")
		}
	}
	p, err := s.Library.Share(r.Context(), viewerFrom(r), in)
	if kindred.ErrorCode(err) == kindred.EINVALID {
		var note *kindred.HarvestNote
		if in.NoteID != 0 {
			var nerr error
			if note, nerr = s.Store.NoteFor(r.Context(), kindred.ReaderOf(viewerFrom(r)), in.NoteID); nerr != nil {
				return nerr
			}
		}
		s.renderPracticeFormFrom(w, r, typed, note, true, http.StatusUnprocessableEntity, err)
		return nil
	}
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "Thank you for sharing "+p.Title+".")
	http.Redirect(w, r, "/practices/"+p.Slug, http.StatusSeeOther)
	return nil
}

// updatePractice saves a curator's changes; a problem shows the form again
// as typed.
func (s *Server) updatePractice(w http.ResponseWriter, r *http.Request) error {
	old, err := s.Store.PracticeBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	typed := practiceFromForm(r, *old)
	p, err := s.Library.Update(r.Context(), viewerFrom(r), library.PracticeChange{ID: old.ID, Title: typed.Title, Summary: typed.Summary,
		Body: typed.Body, ThemeArea: typed.ThemeArea, Stage: typed.Stage, Tags: typed.Tags})
	if kindred.ErrorCode(err) == kindred.EINVALID {
		s.renderPracticeForm(w, r, typed, false, http.StatusUnprocessableEntity, err)
		return nil
	}
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "Saved.")
	http.Redirect(w, r, "/practices/"+p.Slug, http.StatusSeeOther)
	return nil
}

// diffusionChart draws adoptions over time as a step line of organizations
// that tried the practice, with a dot per adoption (SVG, so it prints).
func diffusionChart(adoptions []kindred.Adoption) template.HTML {
	if len(adoptions) == 0 {
		return ""
	}
	const w, h, pad = 560.0, 140.0, 24.0
	first, last := adoptions[0].AdoptedOn, adoptions[len(adoptions)-1].AdoptedOn
	span := last.Sub(first).Hours()
	if span <= 0 {
		span = 24
	}
	x := func(t time.Time) float64 { return pad + t.Sub(first).Hours()/span*(w-2*pad) }
	y := func(n int) float64 { return h - pad - float64(n)/float64(len(adoptions))*(h-2*pad) }
	var pts, dots []string
	seen := map[int64]bool{}
	for _, a := range adoptions {
		if !seen[a.OrganizationID] {
			seen[a.OrganizationID] = true
		}
		pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(a.AdoptedOn), y(len(seen))))
		color := map[kindred.Outcome]string{kindred.OutcomeWorked: "#0f7a4a", kindred.OutcomeDidNotWork: "#b42318"}[a.Outcome]
		if color == "" {
			color = "#5b3cc4"
		}
		dots = append(dots, fmt.Sprintf(`<circle cx="%.1f" cy="%.1f" r="5" fill="%s"><title>%s, %s: %s</title></circle>`,
			x(a.AdoptedOn), y(len(seen)), color, template.HTMLEscapeString(a.OrganizationName), a.AdoptedOn.Format("Jan 2006"), a.Outcome))
	}
	return template.HTML(fmt.Sprintf(`<svg class="diffusion" viewBox="0 0 %.0f %.0f" role="img" aria-label="%d organizations tried this practice between %s and %s">`+
		`<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#e4e1ec"/><polyline fill="none" stroke="#5b3cc4" stroke-width="2" points="%s"/>%s`+
		`<text x="%.0f" y="%.0f" font-size="11" fill="#5d5a6b">%s</text><text x="%.0f" y="%.0f" font-size="11" fill="#5d5a6b" text-anchor="end">%s</text></svg>`,
		w, h, len(seen), first.Format("Jan 2006"), last.Format("Jan 2006"), pad, h-pad, w-pad, h-pad, strings.Join(pts, " "), strings.Join(dots, ""),
		pad, h-6, first.Format("Jan 2006"), w-pad, h-6, last.Format("Jan 2006")))
}
