package web

import (
	"net/http"
	"strings"

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
func (s *Server) cities(w http.ResponseWriter, r *http.Request) {
	s.renderCities(w, r, http.StatusOK, page{})
}

func (s *Server) renderCities(w http.ResponseWriter, r *http.Request, status int, p page) {
	cities, err := s.Store.Cities(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p.Title, p.Nav = "Cities", "network"
	p.Data = citiesData{Cities: cities, IsAdmin: accountFrom(r.Context()).IsAdmin()}
	s.render(w, r, status, "cities", p)
}

// createCity adds a city (admins).
func (s *Server) createCity(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	name := strings.TrimSpace(r.PostForm.Get("name"))
	c := kindred.City{Name: name, Slug: kindred.Slugify(name), TimeZone: strings.TrimSpace(r.PostForm.Get("time_zone"))}
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		made, err := tx.CreateCity(r.Context(), c)
		if err != nil {
			return err
		}
		return tx.Audit(r.Context(), accountFrom(r.Context()).ID, "city.create", made.Slug, made.TimeZone)
	})
	if err != nil {
		if httpx.Status(err) >= 500 {
			s.serverError(w, r, err)
			return
		}
		s.renderCities(w, r, httpx.Status(err), page{Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err), Form: r.PostForm})
		return
	}
	s.Sessions.Put(r.Context(), "flash", name+" added.")
	http.Redirect(w, r, "/network/cities", http.StatusSeeOther)
}

// cityData is what a city's page shows.
type cityData struct {
	City       kindred.City
	Organizers []*kindred.Account
	Orgs       []*kindred.Organization
	Members    []*kindred.Member
	More       bool
}

// cityPage shows a city's organizers, organizations and members.
func (s *Server) cityPage(w http.ResponseWriter, r *http.Request) {
	ctx, viewer := r.Context(), accountFrom(r.Context())
	c, err := s.Store.CityBySlug(ctx, r.PathValue("slug"))
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		s.NotFound(w, r)
		return
	}
	d := cityData{City: c}
	if err == nil {
		d.Organizers, err = s.Store.CityOrganizers(ctx, c.ID)
	}
	if err == nil {
		d.Orgs, err = s.Store.ListOrganizations(ctx, store.OrganizationFilter{CityID: c.ID, Limit: 200})
	}
	var ms []*kindred.Member
	f := store.MemberFilter{CityID: c.ID, Limit: 60}
	if err == nil {
		var next string
		ms, next, err = s.Store.ListMembers(ctx, f)
		d.More = next != ""
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for _, m := range ms {
		if store.MatchesVisibly(m, viewer, f) {
			d.Members = append(d.Members, m.VisibleTo(viewer))
		}
	}
	s.render(w, r, http.StatusOK, "city", page{Title: c.Name, Nav: "network", Data: d})
}
