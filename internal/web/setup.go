package web

import (
	"net/http"
	"net/url"

	"github.com/kindredhq/kindred/internal/kindred"
)

// setupPage asks for the first administrator's details. It only works with
// the one-time link kindred serve prints on an empty install.
func (s *Server) setupPage(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	if err := s.Accounts.CheckSetup(r.Context(), token); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "setup", page{Title: "Set up Kindred", Form: url.Values{"token": {token}}})
	return nil
}

// setup creates the first administrator and signs them in.
func (s *Server) setup(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	n := kindred.NewAccount{Email: r.PostForm.Get("email"), Name: r.PostForm.Get("name"), Password: r.PostForm.Get("password")}
	r.PostForm.Del("password")
	sess, err := s.Accounts.Setup(r.Context(), r.PostForm.Get("token"), n)
	if err != nil {
		s.fail(w, r, "setup", page{Title: "Set up Kindred"}, err)
		return nil
	}
	if err := s.signIn(r, sess); err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), "flash", "Welcome to Kindred! You are its first administrator.")
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
