package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
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
func (s *Server) networks(w http.ResponseWriter, r *http.Request) {
	s.renderNetworks(w, r, http.StatusOK, page{})
}

func (s *Server) renderNetworks(w http.ResponseWriter, r *http.Request, status int, p page) {
	ctx := r.Context()
	nets, err := s.Store.Networks(ctx)
	var orgs []*kindred.Organization
	if err == nil {
		orgs, err = s.Store.OrganizationChoices(ctx)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := networksData{Networks: nets, Orgs: orgs, Names: map[int64]*kindred.Organization{}, IsAdmin: accountFrom(ctx).IsAdmin()}
	for _, o := range orgs {
		d.Names[o.ID] = o
	}
	p.Title, p.Nav, p.Data = "Networks", "network", d
	s.render(w, r, status, "networks", p)
}

// createNetwork forms a network of organizations (admins).
func (s *Server) createNetwork(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	n := kindred.Network{Name: strings.TrimSpace(r.PostForm.Get("name")), Description: strings.TrimSpace(r.PostForm.Get("description"))}
	for _, v := range r.PostForm["organization"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			n.OrganizationIDs = append(n.OrganizationIDs, id)
		}
	}
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		made, err := tx.CreateNetwork(r.Context(), n)
		if err != nil {
			return err
		}
		return tx.Audit(r.Context(), accountFrom(r.Context()).ID, "network.create", made.Slug, strconv.Itoa(len(n.OrganizationIDs))+" organizations")
	})
	if err != nil {
		if httpx.Status(err) >= 500 {
			s.serverError(w, r, err)
			return
		}
		s.renderNetworks(w, r, httpx.Status(err), page{Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err), Form: r.PostForm})
		return
	}
	s.Sessions.Put(r.Context(), "flash", n.Name+" formed.")
	http.Redirect(w, r, "/network/networks", http.StatusSeeOther)
}
