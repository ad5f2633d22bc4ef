package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/library"
	"github.com/kindredhq/kindred/internal/store"
)

// practiceJSON is a practice as the API shows it.
type practiceJSON struct {
	ID        int64          `json:"id"`
	Slug      string         `json:"slug"`
	Title     string         `json:"title"`
	Summary   string         `json:"summary"`
	Body      string         `json:"body,omitempty"` // Markdown
	ThemeArea string         `json:"theme_area"`
	Stage     string         `json:"stage"`
	Tags      []string       `json:"tags"`
	Adoptions []adoptionJSON `json:"adoptions,omitempty"`
	Tried     int            `json:"tried_by"`
	Worked    int            `json:"worked_for"`
	Highlight string         `json:"highlight,omitempty"` // matched words in «», when searched
	UpdatedAt time.Time      `json:"updated_at"`
}

// adoptionJSON is an adoption as the API shows it.
type adoptionJSON struct {
	ID             int64  `json:"id"`
	OrganizationID int64  `json:"organization_id"`
	Organization   string `json:"organization,omitempty"`
	Outcome        string `json:"outcome"`
	Note           string `json:"note"`
	AdoptedOn      string `json:"adopted_on"` // YYYY-MM-DD
	// Path is how the practice reached the organization, as the practice's
	// page tells it to the same viewer; only on one practice's answer.
	Path *pathJSON `json:"path,omitempty"`
}

// pathJSON is a library.Path as the API shows it: what the practice page
// says, no more. The adopting organization and its date are the adoption's.
type pathJSON struct {
	Kind   string      `json:"kind"` // sat_together, follow_up or introduced
	On     string      `json:"on"`   // YYYY-MM-DD, when they met
	Member contactJSON `json:"member"`
	Met    contactJSON `json:"met"`
	// Earlier is the organization of Met, and since when it had been trying
	// the practice.
	Earlier   earlierJSON        `json:"earlier"`
	Gathering *pathGatheringJSON `json:"gathering,omitempty"`
	// EarlierMeetings counts the other such ties before the adoption.
	EarlierMeetings int `json:"earlier_meetings"`
}

// contactJSON is a person as a path names them.
type contactJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// earlierJSON is the organization already trying the practice.
type earlierJSON struct {
	OrganizationID int64  `json:"organization_id"`
	Organization   string `json:"organization"`
	Since          string `json:"since"` // YYYY-MM-DD, its first adoption
}

// pathGatheringJSON is the gathering where a path's tie was made.
type pathGatheringJSON struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	City  string `json:"city"`
	Date  string `json:"date"` // YYYY-MM-DD, in the city's time zone
}

// toPath shows a path library.Service.Paths found for the caller.
func toPath(p library.Path) *pathJSON {
	out := &pathJSON{Kind: string(p.Kind), On: p.On.Format(time.DateOnly),
		Member: contactJSON{p.Member.MemberID, p.Member.Name}, Met: contactJSON{p.Met.MemberID, p.Met.Name},
		Earlier:         earlierJSON{p.Earlier.OrganizationID, p.Earlier.OrganizationName, p.Earlier.AdoptedOn.Format(time.DateOnly)},
		EarlierMeetings: p.Others}
	if g := p.Gathering; g != nil {
		out.Gathering = &pathGatheringJSON{g.ID, g.Title, g.CityName, g.LocalDay().Format(time.DateOnly)}
	}
	return out
}

func toPractice(p *kindred.Practice) practiceJSON {
	out := practiceJSON{ID: p.ID, Slug: p.Slug, Title: p.Title, Summary: p.Summary, Body: p.Body, ThemeArea: p.ThemeArea,
		Stage: string(p.Stage), Tags: orEmpty(p.Tags), UpdatedAt: p.UpdatedAt}
	for _, a := range p.Adoptions {
		out.Adoptions = append(out.Adoptions, adoptionJSON{a.ID, a.OrganizationID, a.OrganizationName, string(a.Outcome), a.Note, a.AdoptedOn.Format(time.DateOnly), nil})
		out.Tried++
		if a.Outcome == kindred.OutcomeWorked {
			out.Worked++
		}
	}
	return out
}

// listPractices searches the library (?q=) with the page's filters.
func (a *API) listPractices(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, err := queryLimit(r)
	f := store.PracticeFilter{Query: q.Get("q"), ThemeArea: q.Get("theme_area"), Stage: kindred.Stage(q.Get("stage")), Limit: limit}
	if err == nil {
		f.CityID, err = queryID(r, "city_id")
	}
	if err == nil {
		f.OrganizationID, err = queryID(r, "organization_id")
	}
	var from int64
	if err == nil {
		from, err = queryID(r, "next") // the offset of the page, as the page's ?from=
	}
	f.Offset = int(from)
	var hits []store.PracticeHit
	if err == nil {
		hits, err = a.Store.ListPractices(r.Context(), f)
	}
	total := len(hits)
	if err == nil && (f.Offset > 0 || len(hits) == f.Limit) {
		total, err = a.Store.CountPractices(r.Context(), f)
	}
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	out := list[practiceJSON]{Items: []practiceJSON{}}
	if shown := f.Offset + len(hits); shown < total {
		out.Next, out.More = strconv.Itoa(shown), total-shown
	}
	for _, h := range hits {
		p := toPractice(h.Practice)
		p.Body, p.Tried, p.Worked = "", h.Adoptions, h.Worked
		if f.Query != "" {
			p.Highlight = markHighlights(h.Snippet)
		}
		out.Items = append(out.Items, p)
	}
	writeJSON(w, http.StatusOK, out)
}

// markHighlights turns the search index's markers into «» for JSON readers.
func markHighlights(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch string(r) {
		case kindred.HighlightStart:
			r = '«'
		case kindred.HighlightEnd:
			r = '»'
		}
		out = append(out, r)
	}
	return string(out)
}

func (a *API) getPractice(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var p *kindred.Practice
	if err == nil {
		p, err = a.Store.Practice(r.Context(), id)
	}
	var paths map[int64]library.Path
	if err == nil {
		paths, err = a.Library.Paths(r.Context(), kindred.ViewerFrom(r.Context()), p)
	}
	if err != nil {
		writeError(w, r, err, a.Logger)
		return
	}
	out := toPractice(p)
	for i, ad := range out.Adoptions {
		if path, ok := paths[ad.ID]; ok {
			out.Adoptions[i].Path = toPath(path)
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// createPractice adds a practice to the library (any member), as the page
// does: the caller is its first contact and a source.
func (a *API) createPractice(w http.ResponseWriter, r *http.Request) error {
	var in practiceJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	shared, err := a.Library.Share(r.Context(), kindred.ViewerFrom(r.Context()), library.NewPractice{Practice: kindred.Practice{
		Title: in.Title, Summary: in.Summary, Body: in.Body, ThemeArea: in.ThemeArea, Stage: kindred.Stage(in.Stage), Tags: in.Tags}})
	if err != nil {
		return err
	}
	p, err := a.Store.Practice(r.Context(), shared.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toPractice(p))
	return nil
}

// createAdoption records that one of the caller's organizations tried a
// practice.
func (a *API) createAdoption(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var in adoptionJSON
	if err := decode(r, &in); err != nil {
		return err
	}
	ad := library.NewAdoption{PracticeID: id, OrganizationID: in.OrganizationID, Outcome: kindred.Outcome(in.Outcome), Note: in.Note}
	if in.AdoptedOn != "" {
		if ad.AdoptedOn, err = time.Parse(time.DateOnly, in.AdoptedOn); err != nil {
			return &kindred.Error{Code: kindred.EINVALID, Message: "adopted_on must be a date like 2026-04-01.",
				Fields: map[string]string{"adopted_on": "must be YYYY-MM-DD"}}
		}
	}
	made, err := a.Library.RecordAdoption(r.Context(), kindred.ViewerFrom(r.Context()), ad)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, adoptionJSON{ID: made.ID, OrganizationID: made.OrganizationID, Organization: made.OrganizationName,
		Outcome: string(made.Outcome), Note: made.Note, AdoptedOn: made.AdoptedOn.Format(time.DateOnly)})
	return nil
}
