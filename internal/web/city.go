package web

import (
	"net/http"
	"net/url"
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

// updateCity renames a city or changes its time zone (admins).
func (s *Server) updateCity(w http.ResponseWriter, r *http.Request) {
	c, err := s.Store.CityBySlug(r.Context(), r.PathValue("slug"))
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		s.NotFound(w, r)
		return
	}
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		c.Name, c.TimeZone = strings.TrimSpace(r.PostForm.Get("name")), strings.TrimSpace(r.PostForm.Get("time_zone"))
		err = s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
			if err := tx.UpdateCity(r.Context(), c); err != nil {
				return err
			}
			return tx.Audit(r.Context(), accountFrom(r.Context()).ID, "city.update", c.Slug, c.Name+" "+c.TimeZone)
		})
	}
	if err != nil {
		if httpx.Status(err) >= 500 {
			s.serverError(w, r, err)
			return
		}
		s.renderCity(w, r, c, httpx.Status(err), page{Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err), Form: r.PostForm})
		return
	}
	s.Sessions.Put(r.Context(), "flash", "Saved.")
	http.Redirect(w, r, "/network/cities/"+c.Slug, http.StatusSeeOther)
}

// cityData is what a city's page shows.
type cityData struct {
	City       kindred.City
	Organizers []*kindred.Account
	Orgs       []*kindred.Organization
	Members    []*kindred.Member
	More       bool
	IsAdmin    bool
}

// cityPage shows a city's organizers, organizations and members.
func (s *Server) cityPage(w http.ResponseWriter, r *http.Request) {
	c, err := s.Store.CityBySlug(r.Context(), r.PathValue("slug"))
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		s.NotFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderCity(w, r, c, http.StatusOK, page{Form: url.Values{"name": {c.Name}, "time_zone": {c.TimeZone}}})
}

func (s *Server) renderCity(w http.ResponseWriter, r *http.Request, c kindred.City, status int, p page) {
	ctx, viewer := r.Context(), accountFrom(r.Context())
	var err error
	d := cityData{City: c, IsAdmin: viewer.IsAdmin()}
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
	p.Title, p.Nav, p.Data = c.Name, "network", d
	s.render(w, r, status, "city", p)
}
