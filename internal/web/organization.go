package web

import (
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
func (s *Server) organizations(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	cityID, _ := strconv.ParseInt(r.URL.Query().Get("city"), 10, 64)
	const perPage = 60
	// One more than a page tells whether a next page exists, so the last
	// page never links to an empty one.
	orgs, err := s.Store.ListOrganizations(ctx, store.OrganizationFilter{CityID: cityID, After: r.URL.Query().Get("after"), Limit: perPage + 1})
	if err != nil {
		return err
	}
	more := len(orgs) > perPage
	orgs = orgs[:min(len(orgs), perPage)]
	cities, err := s.Store.Cities(ctx)
	if err != nil {
		return err
	}
	d := organizationsData{Orgs: orgs, Cities: cities, CityID: cityID, CanAdd: viewerFrom(r).OrganizesSomewhere()}
	if more {
		d.Next = orgs[len(orgs)-1].Name
	}
	s.render(w, r, http.StatusOK, "organizations", page{Title: "Organizations", Nav: "network", Data: d})
	return nil
}

// organizationData is what an organization's page shows.
type organizationData struct {
	Org      *kindred.Organization
	Cities   []kindred.City
	Networks []kindred.Network
	Members  []*kindred.Member // those who show the viewer they are there
	After    string            // the people listed start after this cursor ("" for the first page)
	Next     string            // cursor of the next page of people, "" on the last
	CanEdit  bool
}

// organizationPeople is how many people one page of an organization lists.
const organizationPeople = 100

// organizationPage shows an organization and the people currently there
// who show the viewer their affiliation, a page at a time (no count of the
// others: it would tell what they keep to themselves).
func (s *Server) organizationPage(w http.ResponseWriter, r *http.Request) error {
	ctx, viewer := r.Context(), viewerFrom(r)
	o, err := s.Store.OrganizationBySlug(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	after := r.URL.Query().Get("after")
	listed, err := s.Directory.Members(ctx, viewer, store.MemberFilter{OrganizationID: o.ID, After: after, Limit: organizationPeople})
	if err != nil {
		return err
	}
	d := organizationData{Org: o, CanEdit: o.CanEdit(viewer.Account), Members: visibleTo(listed.Members, viewer),
		After: after, Next: listed.Next}
	if d.Networks, err = s.Store.NetworksOf(ctx, o.ID); err != nil {
		return err
	}
	if d.Cities, err = s.citiesByID(r, o.CityIDs); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "organization", page{Title: o.Name, Nav: "network", Data: d})
	return nil
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

// orgFormData is what the organization form needs.
type orgFormData struct {
	Org       *kindred.Organization
	New       bool
	Cities    []kindred.City
	SizeBands []string
	Kinds     []string
	Action    string
}

// renderOrgForm shows the organization form with o in it; slug is the
// stored organization's ("" for a new one).
func (s *Server) renderOrgForm(w http.ResponseWriter, r *http.Request, status int, slug string, o *kindred.Organization, err error) error {
	cities, cerr := s.Store.Cities(r.Context())
	if cerr != nil {
		return cerr
	}
	d := orgFormData{Org: o, New: slug == "", Cities: cities, SizeBands: kindred.SizeBands, Kinds: kindred.OrganizationKinds,
		Action: "/network/organizations/" + slug}
	p := page{Title: "Edit " + o.Name, Nav: "network", Data: d}
	if slug == "" {
		d.Action, p.Title = "/network/organizations", "Add an organization"
		p.Data = d
	}
	if err != nil {
		p.Error, p.Errors = kindred.ErrorMessage(err), kindred.ErrorFields(err)
	}
	s.render(w, r, status, "organization_form", p)
	return nil
}

// failOrgForm shows the form again with what was typed and the problems, or
// hands a refusal or a failure to the error page.
func (s *Server) failOrgForm(w http.ResponseWriter, r *http.Request, slug string, typed *kindred.Organization, err error) error {
	if !formProblem(err) {
		return err
	}
	return s.renderOrgForm(w, r, httpx.Status(err), slug, typed, err)
}

func (s *Server) newOrganizationPage(w http.ResponseWriter, r *http.Request) error {
	o := &kindred.Organization{}
	if err := o.MayCreate(viewerFrom(r)); err != nil {
		return err
	}
	return s.renderOrgForm(w, r, http.StatusOK, "", o, nil)
}

func (s *Server) editOrganizationPage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.Store.OrganizationBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if err := o.MayEdit(viewerFrom(r)); err != nil {
		return err
	}
	return s.renderOrgForm(w, r, http.StatusOK, o.Slug, o, nil)
}

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

func (s *Server) createOrganization(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	typed := orgFromForm(r, kindred.Organization{})
	made, err := s.Directory.CreateOrganization(r.Context(), viewerFrom(r), typed)
	if err != nil {
		return s.failOrgForm(w, r, "", &typed, err)
	}
	s.Sessions.Put(r.Context(), "flash", made.Name+" is in the directory.")
	http.Redirect(w, r, "/network/organizations/"+made.Slug, http.StatusSeeOther)
	return nil
}

func (s *Server) updateOrganization(w http.ResponseWriter, r *http.Request) error {
	o, err := s.Store.OrganizationBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	typed := orgFromForm(r, *o)
	if _, err := s.Directory.UpdateOrganization(r.Context(), viewerFrom(r), o.ID, typed); err != nil {
		return s.failOrgForm(w, r, o.Slug, &typed, err)
	}
	s.Sessions.Put(r.Context(), "flash", "Saved.")
	http.Redirect(w, r, "/network/organizations/"+o.Slug, http.StatusSeeOther)
	return nil
}
