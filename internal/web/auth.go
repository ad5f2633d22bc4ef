package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/kindredhq/kindred/internal/kindred"
)

type ctxKey int

const accountKey ctxKey = iota

// sessionAccountKey is the session field holding the signed-in account's id.
const sessionAccountKey = "account_id"

// accountFrom returns the signed-in account, or nil.
func accountFrom(ctx context.Context) *kindred.Account {
	a, _ := ctx.Value(accountKey).(*kindred.Account)
	return a
}

// LoadAccount puts the session's account (if any) in the request context.
// A session pointing at a deleted account is treated as signed out.
func (s *Server) LoadAccount(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := s.Sessions.GetInt64(r.Context(), sessionAccountKey)
		if id == 0 {
			next.ServeHTTP(w, r)
			return
		}
		a, err := s.Store.Account(r.Context(), id)
		if err != nil {
			if kindred.ErrorCode(err) != kindred.ENOTFOUND {
				s.serverError(w, r, err)
				return
			}
			s.Sessions.Remove(r.Context(), sessionAccountKey)
			next.ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), accountKey, a)))
	})
}

// signedIn lets only signed-in people through; others go to sign-in and come
// back afterwards.
func (s *Server) signedIn(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if accountFrom(r.Context()) == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.errorPage(w, r, http.StatusUnauthorized, "Please sign in first.")
			return
		}
		h(w, r)
	})
}

// adminOnly lets only administrators through.
func (s *Server) adminOnly(h http.HandlerFunc) http.Handler {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request) {
		if !accountFrom(r.Context()).IsAdmin() {
			s.errorPage(w, r, http.StatusForbidden, "Only administrators can open this page.")
			return
		}
		h(w, r)
	})
}

// signIn starts a signed-in session for the account, renewing the session
// token so a token planted before sign-in is useless after it.
func (s *Server) signIn(r *http.Request, accountID int64) error {
	if err := s.Sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.Sessions.Put(r.Context(), sessionAccountKey, accountID)
	return nil
}

// safeNext returns next if it is a path on this site, else "/".
func safeNext(next string) string {
	if strings.HasPrefix(next, "/") && !strings.HasPrefix(next, "//") && !strings.HasPrefix(next, "/\\") {
		return next
	}
	return "/"
}
