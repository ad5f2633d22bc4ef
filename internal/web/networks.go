package web

import (
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
)

// networksData is what the networks page shows.
type networksData struct {
	Networks []*kindred.Network
	Orgs     []*kindred.Organization
	Names    map[int64]*kindred.Organization
	IsAdmin  bool
}

// networks lists networks of organizations (coalitions) with their members,
// and lets admins form a new one.
func (s *Server) networks(w http.ResponseWriter, r *http.Request) error {
	return s.renderNetworks(w, r, http.StatusOK, page{})
}

func (s *Server) renderNetworks(w http.ResponseWriter, r *http.Request, status int, p page) error {
	ctx := r.Context()
	nets, err := s.Store.Networks(ctx)
	var orgs []*kindred.Organization
	if err == nil {
		orgs, err = s.Store.OrganizationChoices(ctx)
	}
	if err != nil {
		return err
	}
	d := networksData{Networks: nets, Orgs: orgs, Names: map[int64]*kindred.Organization{}, IsAdmin: viewerFrom(r).IsAdmin()}
	for _, o := range orgs {
		d.Names[o.ID] = o
	}
	p.Title, p.Nav, p.Data = "Networks", "network", d
	s.render(w, r, status, "networks", p)
	return nil
}

// createNetwork forms a network of organizations (admins).
func (s *Server) createNetwork(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	n := kindred.Network{Name: r.PostForm.Get("name"), Description: r.PostForm.Get("description")}
	for _, v := range r.PostForm["organization"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			n.OrganizationIDs = append(n.OrganizationIDs, id)
		}
	}
	made, err := s.Directory.CreateNetwork(r.Context(), viewerFrom(r), n)
	if formProblem(err) {
		return s.renderNetworks(w, r, httpx.Status(err), page{Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err), Form: r.PostForm})
	}
	if err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", made.Name+" formed.")
	http.Redirect(w, r, "/network/networks", http.StatusSeeOther)
	return nil
}
