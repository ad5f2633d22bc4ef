package web

import (
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// profileData is what the profile page shows.
type profileData struct {
	Tokens   []kindred.APIToken
	NewToken string // a just-created token's secret, shown once
	Digest   bool
}

// profile shows the account's details, password and API tokens.
func (s *Server) profile(w http.ResponseWriter, r *http.Request) {
	s.renderProfile(w, r, http.StatusOK, page{}, "")
}

func (s *Server) renderProfile(w http.ResponseWriter, r *http.Request, status int, p page, newToken string) {
	a := accountFrom(r.Context())
	tokens, err := s.Store.APITokens(r.Context(), a.ID)
	var digest bool
	if err == nil {
		digest, err = s.Store.DigestOptIn(r.Context(), a.ID)
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p.Title, p.Data = "Your account", profileData{Tokens: tokens, NewToken: newToken, Digest: digest}
	if p.Form == nil {
		p.Form = map[string][]string{"name": {a.Name}}
	}
	s.render(w, r, status, "profile", p)
}

// failProfile shows the profile again with the problem and what was typed.
func (s *Server) failProfile(w http.ResponseWriter, r *http.Request, err error) {
	status := httpx.Status(err)
	if status >= 500 {
		s.serverError(w, r, err)
		return
	}
	s.renderProfile(w, r, status, page{Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err), Form: r.PostForm}, "")
}

// updateProfile changes the display name.
func (s *Server) updateProfile(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	a := accountFrom(r.Context())
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		return tx.UpdateAccountName(r.Context(), a.ID, r.PostForm.Get("name"))
	})
	if err != nil {
		s.failProfile(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", "Saved.")
	http.Redirect(w, r, "/me", http.StatusSeeOther)
}

// changePassword sets or changes the password. Setting a new one over an
// existing one needs the current password.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	a := accountFrom(r.Context())
	current, next := r.PostForm.Get("current_password"), r.PostForm.Get("new_password")
	r.PostForm.Del("current_password")
	r.PostForm.Del("new_password")
	var p kindred.Problems
	kindred.ValidatePassword(next, "new_password", &p)
	if err := p.Err(); err != nil {
		s.failProfile(w, r, err)
		return
	}
	if a.HasPassword {
		if _, err := s.checkPassword(r.Context(), a.Email, current); err != nil {
			s.failProfile(w, r, &kindred.Error{Code: kindred.EINVALID, Message: "Your current password is not right.",
				Fields: map[string]string{"current_password": "does not match"}})
			return
		}
	}
	hash, err := s.Password.Hash(next)
	if err == nil {
		err = s.Store.WithTx(r.Context(), func(tx *store.Tx) error { return tx.SetPasswordHash(r.Context(), a.ID, hash) })
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", "Your password is set. You can sign in with it or with an email link.")
	http.Redirect(w, r, "/me", http.StatusSeeOther)
}

// createToken makes an API token and shows its secret once.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	a := accountFrom(r.Context())
	var secret string
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		var err error
		var tok *kindred.APIToken
		if secret, tok, err = tx.CreateAPIToken(r.Context(), a.ID, r.PostForm.Get("token_name")); err != nil {
			return err
		}
		return tx.Audit(r.Context(), a.ID, "token.create", tok.Prefix, tok.Name)
	})
	if err != nil {
		s.failProfile(w, r, err)
		return
	}
	s.renderProfile(w, r, http.StatusCreated, page{}, secret)
}

// revokeToken revokes one of the account's tokens.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) {
	a := accountFrom(r.Context())
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.NotFound(w, r)
		return
	}
	err = s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		if err := tx.RevokeAPIToken(r.Context(), a.ID, id); err != nil {
			return err
		}
		return tx.Audit(r.Context(), a.ID, "token.revoke", strconv.FormatInt(id, 10), "")
	})
	if err != nil {
		s.failProfile(w, r, err)
		return
	}
	s.Sessions.Put(r.Context(), "flash", "The token is revoked; scripts using it will stop working.")
	http.Redirect(w, r, "/me", http.StatusSeeOther)
}

// setDigest turns the weekly practice digest on or off.
func (s *Server) setDigest(w http.ResponseWriter, r *http.Request) {
	a := accountFrom(r.Context())
	on := r.FormValue("digest") == "1"
	if err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error { return tx.SetDigest(r.Context(), a.ID, on) }); err != nil {
		s.serverError(w, r, err)
		return
	}
	msg := "You will get a weekly digest of new practices in your city and interests."
	if !on {
		msg = "No more weekly digests."
	}
	s.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, "/me", http.StatusSeeOther)
}
