package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// signinPage offers a sign-in link by email, and a password for those who set one.
func (s *Server) signinPage(w http.ResponseWriter, r *http.Request) {
	form := url.Values{"next": {safeNext(r.URL.Query().Get("next"))}}
	s.render(w, r, http.StatusOK, "signin", page{Title: "Sign in", Form: form})
}

// requestLink emails a one-time sign-in link. Known and unknown addresses get
// the same answer, so the page cannot be used to find out who has an account.
func (s *Server) requestLink(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	var p kindred.Problems
	email := kindred.NormalizeEmail(r.PostForm.Get("email"), "email", &p)
	if err := p.Err(); err != nil {
		s.fail(w, r, "signin", page{Title: "Sign in"}, err)
		return
	}
	if err := s.limit(s.signinLimit, httpx.ClientIP(r)); err != nil {
		s.fail(w, r, "signin", page{Title: "Sign in"}, err)
		return
	}
	if err := s.limit(s.emailLimit, email); err != nil {
		s.fail(w, r, "signin", page{Title: "Sign in"}, err)
		return
	}
	if err := s.sendSignInLink(r.Context(), email, safeNext(r.PostForm.Get("next"))); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "signin_sent", page{Title: "Check your email", Data: email})
}

// limit returns an ERATELIMIT error when key is over l's limit.
func (s *Server) limit(l *httpx.Limiter, key string) error {
	if ok, wait := l.Allow(key); !ok {
		minutes := int(wait.Minutes()) + 1
		return kindred.Errorf(kindred.ERATELIMIT, "Too many attempts. Please wait %d minute(s) and try again.", minutes)
	}
	return nil
}

// sendSignInLink emails a link to the account with that address, if any.
func (s *Server) sendSignInLink(ctx context.Context, email, next string) error {
	a, err := s.Store.AccountByEmail(ctx, email)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		return nil
	}
	if err != nil {
		return err
	}
	return s.Store.WithTx(ctx, func(tx *store.Tx) error {
		return s.mailLink(ctx, tx, a, "signin", next, s.Config.MagicLinkTTL, nil)
	})
}

// mailLink creates a sign-in link for a and queues message name with it.
func (s *Server) mailLink(ctx context.Context, tx *store.Tx, a *kindred.Account, name, next string, ttl time.Duration, extra map[string]any) error {
	secret, err := tx.CreateMagicLink(ctx, &a.ID, store.LinkSignIn, ttl, next)
	if err != nil {
		return err
	}
	data := map[string]any{
		"Name": a.Name, "URL": s.Config.BaseURL + "/signin/link?token=" + url.QueryEscape(secret),
		"Minutes": int(ttl.Minutes()), "BaseURL": s.Config.BaseURL,
	}
	for k, v := range extra {
		data[k] = v
	}
	m, err := s.Mail.Compose(name, a.Email, data)
	if err != nil {
		return err
	}
	_, err = s.Queue.SendMail(ctx, tx, m)
	return err
}

// confirmLink shows a button that uses the link. Using it on GET would let
// mail scanners that follow links burn it before the person clicks.
func (s *Server) confirmLink(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	if err := s.Store.CheckMagicLink(r.Context(), token, store.LinkSignIn); err != nil {
		s.linkProblem(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "signin_link", page{Title: "Sign in", Form: url.Values{"token": {token}}})
}

// useLink consumes the link and signs the person in.
func (s *Server) useLink(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	var link store.MagicLink
	err := s.Store.WithTx(r.Context(), func(tx *store.Tx) error {
		var err error
		if link, err = tx.ConsumeMagicLink(r.Context(), r.PostForm.Get("token"), store.LinkSignIn); err != nil {
			return err
		}
		return tx.TouchAccount(r.Context(), link.AccountID)
	})
	if err != nil {
		s.linkProblem(w, r, err)
		return
	}
	if err := s.signIn(r, link.AccountID); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, safeNext(link.Redirect), http.StatusSeeOther)
}

// linkProblem explains a used, expired or unknown link and offers a new one.
func (s *Server) linkProblem(w http.ResponseWriter, r *http.Request, err error) {
	status := httpx.Status(err)
	if status >= 500 {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, status, "signin", page{Title: "Sign in", Error: kindred.ErrorMessage(err)})
}

// signinPassword signs in with email and password. Wrong guesses are limited
// per client address and per account.
func (s *Server) signinPassword(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, http.StatusBadRequest, "The form could not be read. Please try again.")
		return
	}
	email, pw := r.PostForm.Get("email"), r.PostForm.Get("password")
	var p kindred.Problems
	email = kindred.NormalizeEmail(email, "email", &p)
	if pw == "" {
		p.Add("password", "is required")
	}
	r.PostForm.Del("password") // never echo a password back
	if err := p.Err(); err != nil {
		s.fail(w, r, "signin", page{Title: "Sign in"}, err)
		return
	}
	if err := s.limit(s.passwordFail, httpx.ClientIP(r)+"|"+email); err != nil {
		s.fail(w, r, "signin", page{Title: "Sign in"}, err)
		return
	}
	id, err := s.checkPassword(r.Context(), email, pw)
	if err != nil {
		s.fail(w, r, "signin", page{Title: "Sign in"}, err)
		return
	}
	if err := s.signIn(r, id); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
}

// checkPassword returns the account id when pw is right. Unknown accounts and
// accounts without a password get the same answer, after the same work.
func (s *Server) checkPassword(ctx context.Context, email, pw string) (int64, error) {
	wrong := &kindred.Error{Code: kindred.EUNAUTHORIZED,
		Message: "That email and password don't match. Check them, or get a sign-in link by email instead."}
	id, hash, err := s.Store.PasswordHash(ctx, email)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND || (err == nil && hash == "") {
		s.Password.Waste(pw)
		return 0, wrong
	}
	if err != nil {
		return 0, err
	}
	ok, err := s.Password.Check(pw, hash)
	if err != nil {
		return 0, fmt.Errorf("account %d: %w", id, err)
	}
	if !ok {
		return 0, wrong
	}
	return id, nil
}

// signout ends the session.
func (s *Server) signout(w http.ResponseWriter, r *http.Request) {
	if err := s.Sessions.Destroy(r.Context()); err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
}
