package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/kindredhq/kindred/internal/accounts"
	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// accountsData is what the accounts page shows.
type accountsData struct {
	Accounts []*kindred.Account
	Hits     []kindred.SearchHit
	HitsMore int // accounts matching the search beyond Hits
	Query    string
	Cities   []kindred.City
	Roles    []kindred.Role
	Total    int    // every account, listed on this page or not
	After    string // the page starts after this address ("" for the first)
	Next     string // the address the next page starts after; "" on the last
}

// accountsPage is how many accounts one page of Admin → Accounts lists.
const accountsPage = 100

// accounts lists accounts, or searches them, with the form to add one.
func (s *Server) accounts(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccounts(w, r, http.StatusOK, page{})
}

func (s *Server) renderAccounts(w http.ResponseWriter, r *http.Request, status int, p page) error {
	ctx := r.Context()
	d := accountsData{Query: r.URL.Query().Get("q"), Roles: []kindred.Role{kindred.RoleMember, kindred.RoleOrganizer, kindred.RoleAdmin}}
	var err error
	if d.Query != "" {
		err = s.searchAccounts(ctx, &d)
	} else {
		err = s.accountsPage(ctx, &d, r.URL.Query().Get("after"))
	}
	if err == nil {
		d.Cities, err = s.Store.Cities(ctx)
	}
	if err != nil {
		return err
	}
	p.Title, p.Nav, p.Data = "Accounts", "admin", d
	s.render(w, r, status, "admin_accounts", p)
	return nil
}

// accountHits is how many accounts a search on Admin → Accounts lists.
const accountHits = 50

// searchAccounts finds the accounts best matching d.Query and says how many
// more match than are listed.
func (s *Server) searchAccounts(ctx context.Context, d *accountsData) error {
	q := kindred.SearchQuery{Text: d.Query, Kinds: []string{"account"}, Limit: accountHits}
	var err error
	if d.Hits, err = s.Store.Search(ctx, q); err != nil {
		return err
	}
	total, err := s.Store.CountSearch(ctx, q)
	d.HitsMore = max(total-len(d.Hits), 0)
	return err
}

// accountsPage lists one page of accounts after the address, saying how
// many there are in all and where the next page starts.
func (s *Server) accountsPage(ctx context.Context, d *accountsData, after string) error {
	accounts, err := s.Store.ListAccounts(ctx, after, accountsPage+1)
	if err != nil {
		return err
	}
	if len(accounts) > accountsPage {
		accounts = accounts[:accountsPage]
		d.Next = accounts[accountsPage-1].Email
	}
	d.Accounts, d.After = accounts, after
	d.Total, err = s.Store.CountAccounts(ctx)
	return err
}

// failAccounts shows the accounts page again with the problem and, when
// given, what was typed in the form to add someone.
func (s *Server) failAccounts(w http.ResponseWriter, r *http.Request, err error, typed url.Values) error {
	if httpx.Status(err) >= 500 {
		return err
	}
	return s.renderAccounts(w, r, httpx.Status(err), page{Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err), Form: typed})
}

// accessForm reads what an account may do from a form: role, city_id (any
// number) and network_wide.
func accessForm(f url.Values) kindred.Access {
	x := kindred.Access{Role: kindred.Role(f.Get("role")), NetworkWide: f.Get("network_wide") == "1"}
	for _, c := range f["city_id"] {
		if id, err := strconv.ParseInt(c, 10, 64); err == nil {
			x.CityIDs = append(x.CityIDs, id)
		}
	}
	return x
}

// inviteAccount creates an account and emails the person a sign-in link.
func (s *Server) inviteAccount(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	in := accounts.NewAccount{NewAccount: kindred.NewAccount{Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name")},
		Access: accessForm(r.PostForm)}
	a, err := s.Accounts.Invite(r.Context(), viewerFrom(r), in)
	if err != nil {
		return s.failAccounts(w, r, err, r.PostForm)
	}
	s.Sessions.Put(r.Context(), "flash", "Account created; a welcome email with a sign-in link is on its way to "+a.Email+".")
	http.Redirect(w, r, "/admin/accounts", http.StatusSeeOther)
	return nil
}

// changeRole sets what an account may do: its role, an organizer's cities
// and the network-wide grant.
func (s *Server) changeRole(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kindred.Errorf(kindred.ENOTFOUND, "There is no such account.")
	}
	if err := s.Accounts.SetAccess(r.Context(), viewerFrom(r), id, accessForm(r.PostForm)); err != nil {
		return s.failAccounts(w, r, err, nil)
	}
	s.Sessions.Put(r.Context(), "flash", "Role updated.")
	http.Redirect(w, r, "/admin/accounts", http.StatusSeeOther)
	return nil
}

// outbox lists the mail Kindred has queued, sent or kept. Sign-in links in
// it are hidden: only their recipients ever get them.
func (s *Server) outbox(w http.ResponseWriter, r *http.Request) error {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	msgs, err := s.Store.ListMail(r.Context(), before, 50)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin_outbox", page{Title: "Outbox", Nav: "admin",
		Data: map[string]any{"Messages": msgs, "SMTP": s.Config.SMTPURL != ""}})
	return nil
}

// outboxMessage shows one message as it was (or would have been) sent,
// with any sign-in link hidden.
func (s *Server) outboxMessage(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kindred.Errorf(kindred.ENOTFOUND, "There is no such message.")
	}
	m, err := s.Store.Mail(r.Context(), id)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return kindred.Errorf(kindred.ENOTFOUND, "There is no such message.")
	}
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin_mail", page{Title: m.Subject, Nav: "admin", Data: m})
	return nil
}

// auditData is what the audit log page shows.
type auditData struct {
	Entries []store.AuditEntry
	Total   int   // every entry, on this page or not
	After   int64 // the page starts after (older than) this entry; 0 for the first
	Next    int64 // the entry the next page starts after; 0 on the last
}

// auditPage is how many entries one page of the audit log lists.
const auditPage = 200

// auditLog lists organizer and admin actions, newest first, a page at a
// time, saying how many there are in all.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	var d auditData
	d.After, _ = strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	var err error
	if d.Entries, d.Next, err = s.Store.AuditPage(r.Context(), d.After, auditPage); err != nil {
		return err
	}
	if d.Total, err = s.Store.CountAudit(r.Context()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin_audit", page{Title: "Audit log", Nav: "admin", Data: d})
	return nil
}
