package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// registerDirectory adds the Network area: members, organizations, cities.
func (s *Server) registerDirectory(mux Mux) {
	mux.Handle("GET /network", s.signedIn(s.directory))
	mux.Handle("GET /network/members/new", s.signedIn(s.newMemberPage))
	mux.Handle("POST /network/members", s.signedIn(s.createMember))
	mux.Handle("GET /network/members/{id}", s.signedIn(s.memberPage))
	mux.Handle("GET /network/members/{id}/edit", s.signedIn(s.editMemberPage))
	mux.Handle("POST /network/members/{id}", s.signedIn(s.updateMember))
	mux.Handle("GET /network/members/{id}/photo", s.signedIn(s.memberPhoto))
	mux.Handle("POST /network/members/{id}/photo", s.signedIn(s.uploadPhoto))
	mux.Handle("POST /network/members/{id}/merge", s.adminOnly(s.mergeMember))
	mux.Handle("POST /network/members/{id}/know", s.signedIn(s.knowMember))
	mux.Handle("GET /me/profile", s.signedIn(s.myProfile))
	mux.Handle("POST /me/profile", s.signedIn(s.createMyProfile))

	mux.Handle("GET /network/organizations", s.signedIn(s.organizations))
	mux.Handle("GET /network/organizations/new", s.signedIn(s.newOrganizationPage))
	mux.Handle("POST /network/organizations", s.signedIn(s.createOrganization))
	mux.Handle("GET /network/organizations/{slug}", s.signedIn(s.organizationPage))
	mux.Handle("GET /network/organizations/{slug}/edit", s.signedIn(s.editOrganizationPage))
	mux.Handle("POST /network/organizations/{slug}", s.signedIn(s.updateOrganization))

	mux.Handle("GET /network/networks", s.signedIn(s.networks))
	mux.Handle("POST /network/networks", s.adminOnly(s.createNetwork))
	mux.Handle("GET /network/cities", s.signedIn(s.cities))
	mux.Handle("POST /network/cities", s.adminOnly(s.createCity))
	mux.Handle("GET /network/cities/{slug}", s.signedIn(s.cityPage))
	mux.Handle("POST /network/cities/{slug}", s.adminOnly(s.updateCity))

	mux.Handle("GET /network/import", s.signedIn(s.importPage))
	mux.Handle("POST /network/import", s.signedIn(s.importUpload))
	mux.Handle("GET /network/export/{file}", s.signedIn(s.export))
}

// directoryData is what the directory page shows.
type directoryData struct {
	Filter  store.MemberFilter
	Members []*kindred.Member
	Next    string
	Cities  []kindred.City
	Orgs    []*kindred.Organization
	Facets  store.DirectoryFacets
	CanAdd  bool
	Partial bool // some matches were hidden because of what people chose to share
}

// directory lists and searches members, with filters. With htmx, the form
// swaps only the results.
func (s *Server) directory(w http.ResponseWriter, r *http.Request) {
	ctx, viewer := r.Context(), accountFrom(r.Context())
	f := memberFilter(r.URL.Query())
	ms, next, err := s.Store.DirectoryMembers(ctx, f)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := directoryData{Filter: f, Next: next, CanAdd: canManage(viewer)}
	for _, m := range ms {
		if !store.MatchesVisibly(m, viewer, f) {
			d.Partial = true
			continue
		}
		d.Members = append(d.Members, m.VisibleTo(viewer))
	}
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "results" {
		s.renderFragment(w, r, "directory", "results", page{Data: d})
		return
	}
	if d.Cities, err = s.Store.Cities(ctx); err == nil {
		if d.Orgs, err = s.Store.OrganizationChoices(ctx); err == nil {
			d.Facets, err = s.facets.get(ctx, s.Store, s.Now())
		}
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "directory", page{Title: "Network", Nav: "network", Data: d})
}

// memberFilter reads the directory's query string.
func memberFilter(q url.Values) store.MemberFilter {
	id := func(k string) int64 { n, _ := strconv.ParseInt(q.Get(k), 10, 64); return n }
	return store.MemberFilter{Query: q.Get("q"), CityID: id("city"), OrganizationID: id("organization"),
		Tag: q.Get("tag"), Language: q.Get("language"), After: q.Get("after"), Limit: 30}
}

// canManage reports whether the account may add members and organizations.
func canManage(a *kindred.Account) bool {
	return a != nil && (a.Role == kindred.RoleAdmin || a.Role == kindred.RoleOrganizer)
}

// pathID reads a numeric path value; false when it is not a number.
func pathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}
