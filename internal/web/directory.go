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
	mux.Handle("GET /network", s.signedIn(s.handle(s.directory)))
	mux.Handle("GET /network/members/new", s.signedIn(s.handle(s.newMemberPage)))
	mux.Handle("POST /network/members", s.signedIn(s.handle(s.createMember)))
	mux.Handle("GET /network/members/{id}", s.signedIn(s.handle(s.memberPage)))
	mux.Handle("GET /network/members/{id}/edit", s.signedIn(s.handle(s.editMemberPage)))
	mux.Handle("POST /network/members/{id}", s.signedIn(s.handle(s.updateMember)))
	mux.Handle("GET /network/members/{id}/photo", s.signedIn(s.handle(s.memberPhoto)))
	mux.Handle("POST /network/members/{id}/photo", s.signedIn(s.handle(s.uploadPhoto)))
	mux.Handle("POST /network/members/{id}/merge", s.signedIn(s.handle(s.mergeMember)))
	mux.Handle("POST /network/members/{id}/know", s.signedIn(s.handle(s.knowMember)))
	mux.Handle("GET /me/profile", s.signedIn(s.myProfile))
	mux.Handle("POST /me/profile", s.signedIn(s.handle(s.createMyProfile)))

	mux.Handle("GET /network/organizations", s.signedIn(s.handle(s.organizations)))
	mux.Handle("GET /network/organizations/new", s.signedIn(s.handle(s.newOrganizationPage)))
	mux.Handle("POST /network/organizations", s.signedIn(s.handle(s.createOrganization)))
	mux.Handle("GET /network/organizations/{slug}", s.signedIn(s.handle(s.organizationPage)))
	mux.Handle("GET /network/organizations/{slug}/edit", s.signedIn(s.handle(s.editOrganizationPage)))
	mux.Handle("POST /network/organizations/{slug}", s.signedIn(s.handle(s.updateOrganization)))

	mux.Handle("GET /network/networks", s.signedIn(s.handle(s.networks)))
	mux.Handle("POST /network/networks", s.signedIn(s.handle(s.createNetwork)))
	mux.Handle("GET /network/cities", s.signedIn(s.handle(s.cities)))
	mux.Handle("POST /network/cities", s.signedIn(s.handle(s.createCity)))
	mux.Handle("GET /network/cities/{slug}", s.signedIn(s.handle(s.cityPage)))
	mux.Handle("POST /network/cities/{slug}", s.signedIn(s.handle(s.updateCity)))

	mux.Handle("GET /network/import", s.signedIn(s.handle(s.importPage)))
	mux.Handle("POST /network/import", s.signedIn(s.handle(s.importUpload)))
	mux.Handle("GET /network/export/{file}", s.signedIn(s.export))
}

// directoryData is what the directory page shows.
type directoryData struct {
	Filter  store.MemberFilter
	Members []*kindred.Member // as the viewer may see them
	Next    string
	Cities  []kindred.City
	Orgs    []*kindred.Organization
	Facets  store.DirectoryFacets
	CanAdd  bool
	Partial bool // the filter reads fields people may keep to themselves
}

// directory lists and searches members, with filters. With htmx, the form
// swaps only the results.
func (s *Server) directory(w http.ResponseWriter, r *http.Request) error {
	ctx, viewer := r.Context(), viewerFrom(r)
	f := memberFilter(r.URL.Query())
	listed, err := s.Directory.Members(ctx, viewer, f)
	if err != nil {
		return err
	}
	d := directoryData{Filter: f, Next: listed.Next, CanAdd: viewer.OrganizesSomewhere(), Partial: listed.Filtered,
		Members: visibleTo(listed.Members, viewer)}
	if r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "results" {
		s.renderFragment(w, r, "directory", "results", page{Data: d})
		return nil
	}
	if d.Cities, err = s.Store.Cities(ctx); err == nil {
		if d.Orgs, err = s.Store.OrganizationChoices(ctx); err == nil {
			d.Facets, err = s.facets.get(ctx, s.Store, s.Now())
		}
	}
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "directory", page{Title: "Network", Nav: "network", Data: d})
	return nil
}

// visibleTo shows each member as the viewer may see them.
func visibleTo(ms []*kindred.Member, v *kindred.Viewer) []*kindred.Member {
	out := make([]*kindred.Member, len(ms))
	for i, m := range ms {
		out[i] = m.VisibleTo(v.Account)
	}
	return out
}

// memberFilter reads the directory's query string.
func memberFilter(q url.Values) store.MemberFilter {
	id := func(k string) int64 { n, _ := strconv.ParseInt(q.Get(k), 10, 64); return n }
	return store.MemberFilter{Query: q.Get("q"), CityID: id("city"), OrganizationID: id("organization"),
		Tag: q.Get("tag"), Language: q.Get("language"), After: q.Get("after"), Limit: 30}
}

// canManage reports whether the account organizes somewhere
// (kindred.Viewer.OrganizesSomewhere). The directory no longer uses it;
// it stays, as the one rule, for the pages of other areas that still call
// it until they ask the viewer themselves.
func canManage(a *kindred.Account) bool {
	return (&kindred.Viewer{Account: a}).OrganizesSomewhere()
}

// pathID reads a numeric path value; false when it is not a number.
func pathID(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	return id, err == nil && id > 0
}
