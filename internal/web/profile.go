package web

import (
	"net/http"
	"strconv"

	"github.com/kindredhq/kindred/internal/accounts"
	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
)

// profileData is what the profile page shows.
type profileData struct {
	Tokens   []kindred.APIToken
	NewToken string // a just-created token's secret, shown once
	Digest   bool
}

// profile shows the account's details, password, sessions and API tokens.
func (s *Server) profile(w http.ResponseWriter, r *http.Request) error {
	return s.renderProfile(w, r, http.StatusOK, page{}, "")
}

func (s *Server) renderProfile(w http.ResponseWriter, r *http.Request, status int, p page, newToken string) error {
	a := accountFrom(r.Context())
	tokens, err := s.Store.APITokens(r.Context(), a.ID)
	var digest bool
	if err == nil {
		digest, err = s.Store.DigestOptIn(r.Context(), a.ID)
	}
	if err != nil {
		return err
	}
	p.Title, p.Data = "Your account", profileData{Tokens: tokens, NewToken: newToken, Digest: digest}
	if p.Form == nil {
		p.Form = map[string][]string{"name": {a.Name}}
	}
	s.render(w, r, status, "profile", p)
	return nil
}

// failProfile shows the profile again with the problem and what was typed.
func (s *Server) failProfile(w http.ResponseWriter, r *http.Request, err error) error {
	if httpx.Status(err) >= 500 {
		return err
	}
	return s.renderProfile(w, r, httpx.Status(err), page{Error: kindred.ErrorMessage(err), Errors: kindred.ErrorFields(err), Form: r.PostForm}, "")
}

// updateProfile changes the display name.
func (s *Server) updateProfile(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	if err := s.Accounts.Rename(r.Context(), viewerFrom(r), r.PostForm.Get("name")); err != nil {
		return s.failProfile(w, r, err)
	}
	s.Sessions.Put(r.Context(), "flash", "Saved.")
	http.Redirect(w, r, "/me", http.StatusSeeOther)
	return nil
}

// changePassword sets or changes the password, which signs out every other
// session of the account.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	in := accounts.PasswordChange{Current: r.PostForm.Get("current_password"), New: r.PostForm.Get("new_password"), ClientIP: httpx.ClientIP(r)}
	r.PostForm.Del("current_password")
	r.PostForm.Del("new_password")
	sess, err := s.Accounts.ChangePassword(r.Context(), viewerFrom(r), s.session(r), in)
	if err != nil {
		return s.failProfile(w, r, err)
	}
	s.keepSession(r, sess)
	s.Sessions.Put(r.Context(), "flash", "Your password is set. You can sign in with it or with an email link; other browsers and devices are signed out.")
	http.Redirect(w, r, "/me", http.StatusSeeOther)
	return nil
}

// createToken makes an API token and shows its secret once.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	v := viewerFrom(r)
	secret, _, err := s.Accounts.CreateToken(r.Context(), v, accounts.TokenRequest{AccountID: v.AccountID(), Name: r.PostForm.Get("token_name")})
	if err != nil {
		return s.failProfile(w, r, err)
	}
	return s.renderProfile(w, r, http.StatusCreated, page{}, secret)
}

// revokeToken revokes one of the account's tokens.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return kindred.Errorf(kindred.ENOTFOUND, "There is no such token.")
	}
	if err := s.Accounts.RevokeToken(r.Context(), viewerFrom(r), id); err != nil {
		return s.failProfile(w, r, err)
	}
	s.Sessions.Put(r.Context(), "flash", "The token is revoked; scripts using it will stop working.")
	http.Redirect(w, r, "/me", http.StatusSeeOther)
	return nil
}

// setDigest turns the weekly practice digest on or off.
func (s *Server) setDigest(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	on := r.PostForm.Get("digest") == "1"
	if err := s.Accounts.SetDigest(r.Context(), viewerFrom(r), on); err != nil {
		return err
	}
	msg := "You will get a weekly digest of new practices in your city and interests."
	if !on {
		msg = "No more weekly digests."
	}
	s.Sessions.Put(r.Context(), "flash", msg)
	http.Redirect(w, r, "/me", http.StatusSeeOther)
	return nil
}
