package web

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
)

// The session fields that hold a sign-in (kindred.Session).
const (
	sessionAccountKey  = "account_id"
	sessionEpochKey    = "epoch"
	sessionSignedInKey = "signed_in_at"
	sessionSeenKey     = "seen_at"
)

// registerAccounts adds the routes of sign-in, one's own account and
// administration.
func (s *Server) registerAccounts(mux Mux) {
	mux.HandleFunc("GET /signin", s.signinPage)
	mux.HandleFunc("POST /signin/link", s.handle(s.requestLink))
	mux.HandleFunc("GET /signin/link", s.handle(s.confirmLink))
	mux.HandleFunc("POST /signin/link/use", s.handle(s.useLink))
	mux.HandleFunc("POST /signin/password", s.handle(s.signinPassword))
	mux.HandleFunc("POST /signout", s.handle(s.signout))
	mux.HandleFunc("GET /setup", s.handle(s.setupPage))
	mux.HandleFunc("POST /setup", s.handle(s.setup))

	mux.Handle("GET /me", s.signedIn(s.handle(s.profile)))
	mux.Handle("POST /me", s.signedIn(s.handle(s.updateProfile)))
	mux.Handle("POST /me/password", s.signedIn(s.handle(s.changePassword)))
	mux.Handle("POST /me/signout-everywhere", s.signedIn(s.handle(s.signoutEverywhere)))
	mux.Handle("POST /me/digest", s.signedIn(s.handle(s.setDigest)))
	mux.Handle("GET /me/export.json", s.signedIn(s.handle(s.exportMyData)))
	mux.Handle("POST /me/delete", s.signedIn(s.handle(s.deleteMyAccount)))
	mux.Handle("POST /me/tokens", s.signedIn(s.handle(s.createToken)))
	mux.Handle("POST /me/tokens/{id}/revoke", s.signedIn(s.handle(s.revokeToken)))

	mux.Handle("GET /admin/accounts", s.adminOnly(s.handle(s.accounts)))
	mux.Handle("POST /admin/accounts", s.adminOnly(s.handle(s.inviteAccount)))
	mux.Handle("POST /admin/accounts/{id}/role", s.adminOnly(s.handle(s.changeRole)))
	mux.Handle("GET /admin/outbox", s.adminOnly(s.handle(s.outbox)))
	mux.Handle("GET /admin/outbox/{id}", s.adminOnly(s.handle(s.outboxMessage)))
	mux.Handle("GET /admin/audit", s.adminOnly(s.handle(s.auditLog)))
}

// accountFrom returns the signed-in account, or nil: the account of the
// viewer LoadViewer resolved for the request.
func accountFrom(ctx context.Context) *kindred.Account { return kindred.ViewerFrom(ctx).Account }

// viewerFrom returns the viewer LoadViewer resolved for the request.
func viewerFrom(r *http.Request) *kindred.Viewer { return kindred.ViewerFrom(r.Context()) }

// LoadViewer resolves who is asking, once per request, from the session
// (accounts.Service.Resume): its account and member profile while the
// session is live, put in the request context as a kindred.Viewer. A
// session that has ended (idle too long, past its lifetime, ended by a
// password change or "sign out everywhere", its account deleted) forgets
// its account and the request is anonymous.
func (s *Server) LoadViewer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		res, err := s.Accounts.Resume(r.Context(), s.session(r))
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		switch {
		case res.Ended:
			for _, k := range []string{sessionAccountKey, sessionEpochKey, sessionSignedInKey, sessionSeenKey} {
				s.Sessions.Remove(r.Context(), k)
			}
		case res.Touched:
			s.keepSession(r, res.Session)
		}
		next.ServeHTTP(w, r.WithContext(kindred.WithViewer(r.Context(), res.Viewer)))
	})
}

// session reads the request's sign-in from its session.
func (s *Server) session(r *http.Request) kindred.Session {
	ctx := r.Context()
	at := func(key string) time.Time {
		if n := s.Sessions.GetInt64(ctx, key); n != 0 {
			return time.UnixMilli(n).UTC()
		}
		return time.Time{}
	}
	return kindred.Session{AccountID: s.Sessions.GetInt64(ctx, sessionAccountKey), Epoch: s.Sessions.GetInt64(ctx, sessionEpochKey),
		SignedInAt: at(sessionSignedInKey), SeenAt: at(sessionSeenKey)}
}

// keepSession stores a sign-in in the request's session.
func (s *Server) keepSession(r *http.Request, sess kindred.Session) {
	ctx := r.Context()
	s.Sessions.Put(ctx, sessionAccountKey, sess.AccountID)
	s.Sessions.Put(ctx, sessionEpochKey, sess.Epoch)
	s.Sessions.Put(ctx, sessionSignedInKey, sess.SignedInAt.UnixMilli())
	s.Sessions.Put(ctx, sessionSeenKey, sess.SeenAt.UnixMilli())
}

// signIn starts a signed-in session, renewing the session's id so an id
// planted or seen before sign-in is useless after it.
func (s *Server) signIn(r *http.Request, sess kindred.Session) error {
	if err := s.Sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.keepSession(r, sess)
	return nil
}

// signedIn lets only signed-in people through; others go to sign-in and come
// back afterwards (a GET), or are told to sign in (401).
func (s *Server) signedIn(h http.HandlerFunc) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if !viewerFrom(r).SignedIn() {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return nil
			}
			return kindred.Errorf(kindred.EUNAUTHORIZED, "Please sign in first.")
		}
		h(w, r)
		return nil
	})
}

// adminOnly lets only administrators through (403 for others signed in).
func (s *Server) adminOnly(h http.HandlerFunc) http.Handler {
	return s.signedIn(s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if !viewerFrom(r).IsAdmin() {
			return kindred.Errorf(kindred.EFORBIDDEN, "Only administrators can open this page.")
		}
		h(w, r)
		return nil
	}))
}
