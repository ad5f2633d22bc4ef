package web

import (
	"net/http"
	"net/url"

	"github.com/kindredhq/kindred/internal/accounts"
	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
)

// signinPage offers a sign-in link by email, and a password for those who set one.
func (s *Server) signinPage(w http.ResponseWriter, r *http.Request) {
	form := url.Values{"next": {kindred.SafeNext(r.URL.Query().Get("next"))}}
	s.render(w, r, http.StatusOK, "signin", page{Title: "Sign in", Form: form})
}

// signinForm reads the sign-in form, keeping where to go next only when it
// is a path on this site.
func signinForm(r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	r.PostForm.Set("next", kindred.SafeNext(r.PostForm.Get("next")))
	return nil
}

// requestLink asks for a one-time sign-in link by email. Known and unknown
// addresses get the same answer, in the same time, so the page cannot be
// used to find out who has an account.
func (s *Server) requestLink(w http.ResponseWriter, r *http.Request) error {
	if err := signinForm(r); err != nil {
		return err
	}
	email, err := s.Accounts.RequestSignInLink(r.Context(), accounts.LinkRequest{Email: r.PostForm.Get("email"),
		Next: r.PostForm.Get("next"), ClientIP: httpx.ClientIP(r)})
	if err != nil {
		s.fail(w, r, "signin", page{Title: "Sign in"}, err)
		return nil
	}
	s.render(w, r, http.StatusOK, "signin_sent", page{Title: "Check your email", Data: email})
	return nil
}

// confirmLink shows a button that uses the link. Using it on GET would let
// mail scanners that follow links burn it before the person clicks.
func (s *Server) confirmLink(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	if err := s.Accounts.CheckSignInLink(r.Context(), token); err != nil {
		return s.linkProblem(w, r, err)
	}
	s.render(w, r, http.StatusOK, "signin_link", page{Title: "Sign in", Form: url.Values{"token": {token}}})
	return nil
}

// useLink uses the link and signs the person in.
func (s *Server) useLink(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	sess, next, err := s.Accounts.SignInWithLink(r.Context(), r.PostForm.Get("token"))
	if err != nil {
		return s.linkProblem(w, r, err)
	}
	if err := s.signIn(r, sess); err != nil {
		return err
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// linkProblem explains a used, expired or unknown link and offers a new one.
func (s *Server) linkProblem(w http.ResponseWriter, r *http.Request, err error) error {
	if httpx.Status(err) >= 500 {
		return err
	}
	s.render(w, r, httpx.Status(err), "signin", page{Title: "Sign in", Error: kindred.ErrorMessage(err)})
	return nil
}

// signinPassword signs in with email and password.
func (s *Server) signinPassword(w http.ResponseWriter, r *http.Request) error {
	if err := signinForm(r); err != nil {
		return err
	}
	in := accounts.PasswordSignIn{Email: r.PostForm.Get("email"), Password: r.PostForm.Get("password"),
		Next: r.PostForm.Get("next"), ClientIP: httpx.ClientIP(r)}
	r.PostForm.Del("password") // never echo a password back
	sess, next, err := s.Accounts.SignInWithPassword(r.Context(), in)
	if err != nil {
		s.fail(w, r, "signin", page{Title: "Sign in"}, err)
		return nil
	}
	if err := s.signIn(r, sess); err != nil {
		return err
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// signout ends the session.
func (s *Server) signout(w http.ResponseWriter, r *http.Request) error {
	if err := s.Sessions.Destroy(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// signoutEverywhere ends every other session of the account; this one
// goes on.
func (s *Server) signoutEverywhere(w http.ResponseWriter, r *http.Request) error {
	sess, err := s.Accounts.SignOutEverywhere(r.Context(), viewerFrom(r), s.session(r))
	if err != nil {
		return err
	}
	s.keepSession(r, sess)
	s.Sessions.Put(r.Context(), "flash", "You are signed out everywhere else: on other browsers and devices, signing in is needed again.")
	http.Redirect(w, r, "/me", http.StatusSeeOther)
	return nil
}
