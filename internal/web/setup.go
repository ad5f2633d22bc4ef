package web

import (
	"net/http"
	"net/url"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// setupPage asks for the first administrator's details. It only works with
// the one-time link kindred serve prints on an empty install.
func (s *Server) setupPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if n, err := s.Store.CountAccounts(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	} else if n > 0 {
		s.errorPage(w, r, http.StatusGone, "Kindred is already set up. Sign in instead, or ask an administrator for an account.")
		return
	}
	if err := s.Store.CheckMagicLink(r.Context(), token, store.LinkSetup); err != nil {
		s.errorPage(w, r, httpx.Status(err), kindred.ErrorMessage(err)+" Restart kindred serve to print a new setup link.")
		return
	}
	s.render(w, r, http.StatusOK, "setup", page{Title: "Set up Kindred", Form: url.Values{"token": {token}}})
}

// setup creates the first administrator and signs them in.
func (s *Server) setup(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	n := kindred.NewAccount{Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"),
		Role: kindred.RoleAdmin, Password: r.PostForm.Get("password")}
	r.PostForm.Del("password")
	if err := n.Validate(); err != nil {
		s.fail(w, r, "setup", page{Title: "Set up Kindred"}, err)
		return
	}
	hash, err := s.hashIfSet(n.Password)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var a *kindred.Account
	err = s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		if _, err := tx.ConsumeMagicLink(r.Context(), r.PostForm.Get("token"), store.LinkSetup); err != nil {
			return err
		}
		if a, err = tx.CreateAccount(r.Context(), n, hash); err != nil {
			return err
		}
		return tx.Audit(r.Context(), a.ID, "setup", a.Email, "first administrator")
	})
	if err != nil {
		s.fail(w, r, "setup", page{Title: "Set up Kindred"}, err)
		return
	}
	if err := s.signIn(r, a.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", "Welcome to Kindred! You are its first administrator.")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// hashIfSet hashes pw, or returns "" for no password.
func (s *Server) hashIfSet(pw string) (string, error) {
	if pw == "" {
		return "", nil
	}
	return s.Password.Hash(pw)
}
