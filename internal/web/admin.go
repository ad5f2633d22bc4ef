package web

import (
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// accountsData is what the accounts page shows.
type accountsData struct {
	Accounts []*kindred.Account
	Hits     []kindred.SearchHit
	Query    string
	Cities   []kindred.City
	Roles    []kindred.Role
}

// accounts lists accounts, or searches them, with the form to add one.
func (s *Server) accounts(w http.ResponseWriter, r *http.Request) {
	s.renderAccounts(w, r, http.StatusOK, page{})
}

func (s *Server) renderAccounts(w http.ResponseWriter, r *http.Request, status int, p page) {
	ctx := r.Context()
	d := accountsData{Query: r.URL.Query().Get("q"), Roles: []kindred.Role{kindred.RoleMember, kindred.RoleOrganizer, kindred.RoleAdmin}}
	var err error
	if d.Query != "" {
		d.Hits, err = s.Store.Search(ctx, kindred.SearchQuery{Text: d.Query, Kinds: []string{"account"}, Limit: 50})
	} else {
		d.Accounts, err = s.Store.ListAccounts(ctx, r.URL.Query().Get("after"), 100)
	}
	if err == nil {
		d.Cities, err = s.Store.Cities(ctx)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p.Title, p.Nav, p.Data = "Accounts", "admin", d
	s.render(w, r, status, "admin_accounts", p)
}

// inviteAccount creates an account and emails the person a sign-in link.
func (s *Server) inviteAccount(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	admin := accountFrom(r.Context())
	n := kindred.NewAccount{Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Role: kindred.Role(r.PostForm.Get("role"))}
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		a, err := tx.CreateAccount(r.Context(), n, "")
		if err != nil {
			return err
		}
		if err := tx.Audit(r.Context(), admin.ID, "account.create", a.Email, string(a.Role)); err != nil {
			return err
		}
		return s.mailLink(r.Context(), tx, a, "welcome", "/me", welcomeLinkTTL, map[string]any{"InvitedBy": admin.DisplayName()})
	})
	if err != nil {
		if httpx.Status(err) >= 500 {
			s.serverError(w, r, err)
			return
		}
		s.renderAccounts(w, r, httpx.Status(err), page{Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err), Form: r.PostForm})
		return
	}
	s.Sessions.Put(r.Context(), "flash", "Account created; a welcome email with a sign-in link is on its way to "+n.Email+".")
	http.Redirect(w, r, "/admin/accounts", http.StatusSeeOther)
}

// changeRole sets an account's role (and an organizer's cities).
func (s *Server) changeRole(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	admin := accountFrom(r.Context())
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.NotFound(w, r)
		return
	}
	role, err := kindred.ParseRole(r.PostForm.Get("role"))
	if err == nil && role == kindred.RoleOrganizer && r.PostForm.Get("cities_offered") != "" && len(r.PostForm["city_id"]) == 0 {
		err = &kindred.Error{Code: kindred.EINVALID, Message: "Choose the cities this organizer looks after.",
			Fields: map[string]string{"city_id": "choose at least one city for an organizer"}}
	}
	if err == nil && id == admin.ID && role != kindred.RoleAdmin {
		err = &kindred.Error{Code: kindred.EINVALID, Message: "You cannot remove your own administrator role; ask another administrator.",
			Fields: map[string]string{"role": "must stay admin for your own account"}}
	}
	var cities []int64
	for _, c := range r.PostForm["city_id"] {
		if cid, perr := strconv.ParseInt(c, 10, 64); perr == nil {
			cities = append(cities, cid)
		}
	}
	if err == nil {
		err = s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
			if err := tx.SetRole(r.Context(), id, role, cities); err != nil {
				return err
			}
			return tx.Audit(r.Context(), admin.ID, "account.role", strconv.FormatInt(id, 10), string(role))
		})
	}
	if err != nil {
		s.renderAccounts(w, r, httpx.Status(err), page{Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err)})
		return
	}
	s.Sessions.Put(r.Context(), "flash", "Role updated.")
	http.Redirect(w, r, "/admin/accounts", http.StatusSeeOther)
}

// outbox lists the mail Kindred has queued, sent or kept.
func (s *Server) outbox(w http.ResponseWriter, r *http.Request) {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	msgs, err := s.Store.ListMail(r.Context(), before, 50)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_outbox", page{Title: "Outbox", Nav: "admin",
		Data: map[string]any{"Messages": msgs, "SMTP": s.Config.SMTPURL != ""}})
}

// outboxMessage shows one message as it was (or would have been) sent.
func (s *Server) outboxMessage(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.NotFound(w, r)
		return
	}
	m, err := s.Store.Mail(r.Context(), id)
	if err != nil {
		if kindred.ErrorCode(err) == kindred.ENOTFOUND {
			s.NotFound(w, r)
			return
		}
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_mail", page{Title: m.Subject, Nav: "admin", Data: m})
}

// auditLog lists recent organizer and admin actions.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	entries, err := s.Store.AuditLog(r.Context(), 200)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_audit", page{Title: "Audit log", Nav: "admin", Data: entries})
}
