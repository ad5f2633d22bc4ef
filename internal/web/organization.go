package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// organizationsData is what the organizations page shows.
type organizationsData struct {
	Orgs   []*kindred.Organization
	Cities []kindred.City
	CityID int64
	Next   string
	CanAdd bool
}

// organizations lists organizations, optionally in one city.
func (s *Server) organizations(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	cityID, _ := strconv.ParseInt(r.URL.Query().Get("city"), 10, 64)
	orgs, err := s.Store.ListOrganizations(ctx, store.OrganizationFilter{CityID: cityID, After: r.URL.Query().Get("after"), Limit: 60})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	cities, err := s.Store.Cities(ctx)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := organizationsData{Orgs: orgs, Cities: cities, CityID: cityID, CanAdd: canManage(accountFrom(ctx))}
	if len(orgs) == 60 {
		d.Next = orgs[len(orgs)-1].Name
	}
	s.render(w, r, http.StatusOK, "organizations", page{Title: "Organizations", Nav: "network", Data: d})
}

// organizationData is what an organization's page shows.
type organizationData struct {
	Org      *kindred.Organization
	Cities   []kindred.City
	Networks []kindred.Network
	Members  []*kindred.Member
	Hidden   int // affiliated people who do not show this affiliation to the viewer
	CanEdit  bool
}

// organizationPage shows an organization and the people currently there.
func (s *Server) organizationPage(w http.ResponseWriter, r *http.Request) {
	ctx, viewer := r.Context(), accountFrom(r.Context())
	o, ok := s.loadOrg(w, r)
	if !ok {
		return
	}
	f := store.MemberFilter{OrganizationID: o.ID, Limit: 1000}
	ms, _, err := s.Store.ListMembers(ctx, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := organizationData{Org: o, CanEdit: o.CanEdit(viewer)}
	for _, m := range ms {
		if store.MatchesVisibly(m, viewer, f) {
			d.Members = append(d.Members, m.VisibleTo(viewer))
		} else {
			d.Hidden++
		}
	}
	if d.Networks, err = s.Store.NetworksOf(ctx, o.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	if d.Cities, err = s.citiesByID(r, o.CityIDs); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "organization", page{Title: o.Name, Nav: "network", Data: d})
}

func (s *Server) citiesByID(r *http.Request, ids []int64) ([]kindred.City, error) {
	var out []kindred.City
	for _, id := range ids {
		c, err := s.Store.City(r.Context(), id)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func (s *Server) loadOrg(w http.ResponseWriter, r *http.Request) (*kindred.Organization, bool) {
	o, err := s.Store.OrganizationBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		if kindred.ErrorCode(err) == kindred.ENOTFOUND {
			s.NotFound(w, r)
		} else {
			s.serverError(w, r, err)
		}
		return nil, false
	}
	return o, true
}

// orgFormData is what the organization form needs.
type orgFormData struct {
	Org       *kindred.Organization
	New       bool
	Cities    []kindred.City
	SizeBands []string
	Kinds     []string
	Action    string
}

func (s *Server) renderOrgForm(w http.ResponseWriter, r *http.Request, status int, o *kindred.Organization, isNew bool, err error) {
	cities, cerr := s.Store.Cities(r.Context())
	if cerr != nil {
		s.serverError(w, r, cerr)
		return
	}
	d := orgFormData{Org: o, New: isNew, Cities: cities, SizeBands: kindred.SizeBands, Kinds: kindred.OrganizationKinds,
		Action: "/network/organizations/" + o.Slug}
	p := page{Title: "Edit " + o.Name, Nav: "network", Data: d}
	if isNew {
		d.Action, p.Title = "/network/organizations", "Add an organization"
		p.Data = d
	}
	if err != nil {
		p.Error, p.Errors = kindred.ErrorMessage(err), kindred.ErrorFields(err)
	}
	s.render(w, r, status, "organization_form", p)
}

func (s *Server) newOrganizationPage(w http.ResponseWriter, r *http.Request) {
	if !canManage(accountFrom(r.Context())) {
		s.errorPage(w, r, http.StatusForbidden, "Only organizers and administrators can add organizations.")
		return
	}
	s.renderOrgForm(w, r, http.StatusOK, &kindred.Organization{}, true, nil)
}

func (s *Server) editOrganizationPage(w http.ResponseWriter, r *http.Request) {
	o, ok := s.loadOrg(w, r)
	if !ok {
		return
	}
	if !o.CanEdit(accountFrom(r.Context())) {
		s.errorPage(w, r, http.StatusForbidden, cannotEditOrg)
		return
	}
	s.renderOrgForm(w, r, http.StatusOK, o, false, nil)
}

// cannotEditOrg explains a refused edit of an organization.
const cannotEditOrg = "Only administrators and the organizers of a city this organization works in can edit it."

// orgFromForm reads the organization form on top of base.
func orgFromForm(r *http.Request, base kindred.Organization) kindred.Organization {
	f := r.PostForm
	o := base
	o.Name, o.Kind, o.SizeBand, o.Website, o.Description = f.Get("name"), f.Get("kind"), f.Get("size_band"), f.Get("website"), f.Get("description")
	o.CityIDs = nil
	for _, c := range f["city"] {
		if id, err := strconv.ParseInt(c, 10, 64); err == nil {
			o.CityIDs = append(o.CityIDs, id)
		}
	}
	return o
}

func (s *Server) createOrganization(w http.ResponseWriter, r *http.Request) {
	viewer := accountFrom(r.Context())
	if !canManage(viewer) {
		s.errorPage(w, r, http.StatusForbidden, "Only organizers and administrators can add organizations.")
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	typed := orgFromForm(r, kindred.Organization{})
	var made *kindred.Organization
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		var err error
		if made, err = tx.CreateOrganization(r.Context(), typed); err != nil {
			return err
		}
		return tx.Audit(r.Context(), viewer.ID, "organization.create", made.Slug, made.Name)
	})
	if err != nil {
		s.failOrgForm(w, r, &typed, true, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", made.Name+" is in the directory.")
	http.Redirect(w, r, "/network/organizations/"+made.Slug, http.StatusSeeOther)
}

func (s *Server) updateOrganization(w http.ResponseWriter, r *http.Request) {
	o, ok := s.loadOrg(w, r)
	if !ok {
		return
	}
	viewer := accountFrom(r.Context())
	if !o.CanEdit(viewer) {
		s.errorPage(w, r, http.StatusForbidden, cannotEditOrg)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	typed := orgFromForm(r, *o)
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		if err := tx.UpdateOrganization(r.Context(), typed); err != nil {
			return err
		}
		return tx.Audit(r.Context(), viewer.ID, "organization.update", o.Slug, typed.Name)
	})
	if err != nil {
		s.failOrgForm(w, r, &typed, false, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", "Saved.")
	http.Redirect(w, r, fmt.Sprintf("/network/organizations/%s", o.Slug), http.StatusSeeOther)
}

func (s *Server) failOrgForm(w http.ResponseWriter, r *http.Request, o *kindred.Organization, isNew bool, err error) {
	if httpx.Status(err) >= 500 {
		s.serverError(w, r, err)
		return
	}
	s.renderOrgForm(w, r, httpx.Status(err), o, isNew, err)
}
