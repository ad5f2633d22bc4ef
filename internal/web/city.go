package web

import (
	"net/http"
	"net/url"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// citiesData is what the cities page shows.
type citiesData struct {
	Cities  []kindred.City
	IsAdmin bool
}

// cities lists the network's cities, with the form to add one for admins.
func (s *Server) cities(w http.ResponseWriter, r *http.Request) error {
	return s.renderCities(w, r, http.StatusOK, page{})
}

func (s *Server) renderCities(w http.ResponseWriter, r *http.Request, status int, p page) error {
	cities, err := s.Store.Cities(r.Context())
	if err != nil {
		return err
	}
	p.Title, p.Nav = "Cities", "network"
	p.Data = citiesData{Cities: cities, IsAdmin: viewerFrom(r).IsAdmin()}
	s.render(w, r, status, "cities", p)
	return nil
}

// formProblem reports whether err is about what was typed, so the form is
// shown again with it rather than the error page.
func formProblem(err error) bool {
	code := kindred.ErrorCode(err)
	return code == kindred.EINVALID || code == kindred.ECONFLICT
}

// createCity adds a city (admins).
func (s *Server) createCity(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	made, err := s.Directory.CreateCity(r.Context(), viewerFrom(r), kindred.City{Name: r.PostForm.Get("name"), TimeZone: typedZone(r.PostForm.Get("time_zone"))})
	if formProblem(err) {
		return s.renderCities(w, r, httpx.Status(err), page{Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err), Form: r.PostForm})
	}
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", made.Name+" added.")
	http.Redirect(w, r, "/network/cities", http.StatusSeeOther)
	return nil
}

// updateCity renames a city or changes its time zone (admins).
func (s *Server) updateCity(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Store.CityBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	_, err = s.Directory.UpdateCity(r.Context(), viewerFrom(r), c.ID, r.PostForm.Get("name"), typedZone(r.PostForm.Get("time_zone")))
	if formProblem(err) {
		return s.renderCity(w, r, c, httpx.Status(err), page{Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err), Form: r.PostForm})
	}
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "Saved.")
	http.Redirect(w, r, "/network/cities/"+c.Slug, http.StatusSeeOther)
	return nil
}

// cityData is what a city's page shows.
type cityData struct {
	City       kindred.City
	Organizers []*kindred.Account
	Orgs       []*kindred.Organization
	OrgsMore   int               // the city's organizations not in Orgs
	Members    []*kindred.Member // those who show the viewer their city
	After      string            // the people listed start after this cursor ("" for the first page)
	Next       string            // cursor of the next page of people, "" on the last
	IsAdmin    bool
	// Feedback is what guests said after the city's dinners, for its
	// organizers only (nil for others).
	Feedback *kindred.FeedbackSummary
}

// cityPeople is how many people one page of a city lists; cityOrgs is how
// many of its organizations the page names before pointing to the rest.
const (
	cityPeople = 60
	cityOrgs   = 200
)

// cityPage shows a city's organizers, organizations and members.
func (s *Server) cityPage(w http.ResponseWriter, r *http.Request) error {
	c, err := s.Store.CityBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	return s.renderCity(w, r, c, http.StatusOK, page{Form: url.Values{"name": {c.Name}, "time_zone": {c.TimeZone}}})
}

func (s *Server) renderCity(w http.ResponseWriter, r *http.Request, c kindred.City, status int, p page) error {
	ctx, viewer := r.Context(), viewerFrom(r)
	d := cityData{City: c, IsAdmin: viewer.IsAdmin()}
	var err error
	if d.Organizers, err = s.Store.CityOrganizers(ctx, c.ID); err != nil {
		return err
	}
	if d.Orgs, err = s.Store.ListOrganizations(ctx, store.OrganizationFilter{CityID: c.ID, Limit: cityOrgs}); err != nil {
		return err
	}
	orgs, err := s.Store.CountOrganizations(ctx, c.ID)
	if err != nil {
		return err
	}
	d.OrgsMore = max(orgs-len(d.Orgs), 0)
	d.After = r.URL.Query().Get("after")
	listed, err := s.Directory.Members(ctx, viewer, store.MemberFilter{CityID: c.ID, After: d.After, Limit: cityPeople})
	if err != nil {
		return err
	}
	d.Members, d.Next = visibleTo(listed.Members, viewer), listed.Next
	if viewer.CanOrganize(c.ID) {
		if d.Feedback, err = s.Gatherings.CityFeedback(ctx, viewer, c.ID); err != nil {
			return err
		}
	}
	p.Title, p.Nav, p.Data = c.Name, "network", d
	s.render(w, r, status, "city", p)
	return nil
}
