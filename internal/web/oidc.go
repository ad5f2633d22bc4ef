package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"

	"github.com/kindredhq/kindred/internal/accounts"
	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
)

// pendingSignOnKey is the session field holding the single sign-on this
// browser started (accounts.PendingSignIn as JSON) until the provider
// answers.
const pendingSignOnKey = "oidc_pending"

// registerSingleSignOn adds the single sign-on routes. They are always
// there and answer 404 while KINDRED_OIDC_ISSUER is unset.
func (s *Server) registerSingleSignOn(mux Mux) {
	mux.HandleFunc("GET /signin/oidc", s.handle(s.startSingleSignOn))
	mux.HandleFunc("GET "+config.CallbackPath, s.handle(s.finishSingleSignOn))
}

// errNoSingleSignOn answers the single sign-on routes of an install
// without a provider.
var errNoSingleSignOn = &kindred.Error{Code: kindred.ENOTFOUND,
	Message: "This Kindred has no single sign-on. Sign in with a link by email instead."}

// startSingleSignOn is GET /signin/oidc: it keeps the sign-in's state,
// nonce and PKCE verifier in the session and sends the browser to the
// provider. A link, not a form: the form-action policy would stop a form
// whose answer leads to another site.
func (s *Server) startSingleSignOn(w http.ResponseWriter, r *http.Request) error {
	if s.SingleSignOn == nil {
		return errNoSingleSignOn
	}
	next := kindred.SafeNext(r.URL.Query().Get("next"))
	to, pending, err := s.SingleSignOn.Begin(r.Context(), next)
	if err != nil {
		return s.singleSignOnProblem(w, r, next, err)
	}
	b, err := json.Marshal(pending)
	if err != nil {
		return fmt.Errorf("keep the pending sign-on: %w", err)
	}
	s.Sessions.Put(r.Context(), pendingSignOnKey, string(b))
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// finishSingleSignOn is the provider's way back (config.CallbackPath): it
// finishes the sign-in this session started (once: the pending sign-in
// leaves the session whatever the answer), renews the session token as
// every sign-in does, and goes where the person was going.
func (s *Server) finishSingleSignOn(w http.ResponseWriter, r *http.Request) error {
	if s.SingleSignOn == nil {
		return errNoSingleSignOn
	}
	var pending accounts.PendingSignIn
	if raw := s.Sessions.PopString(r.Context(), pendingSignOnKey); raw != "" {
		if err := json.Unmarshal([]byte(raw), &pending); err != nil {
			return fmt.Errorf("read the pending sign-on: %w", err)
		}
	}
	q := r.URL.Query()
	done, err := s.SingleSignOn.Finish(r.Context(), pending,
		accounts.Callback{State: q.Get("state"), Code: q.Get("code"), Error: q.Get("error")})
	if err != nil {
		return s.singleSignOnProblem(w, r, kindred.SafeNext(pending.Next), err)
	}
	if err := s.signIn(r, done.Session); err != nil {
		return err
	}
	if done.Created {
		s.Sessions.Put(r.Context(), "flash", "Welcome to Kindred. Your account was made with your "+s.SingleSignOn.Settings.Name+" sign-in.")
	}
	http.Redirect(w, r, kindred.SafeNext(done.Next), http.StatusSeeOther)
	return nil
}

// singleSignOnProblem shows why the sign-in did not happen on the sign-in
// page, with its status (a provider that did not answer is 503, never 500),
// and logs the cause. Errors of Kindred's own go to handle.
func (s *Server) singleSignOnProblem(w http.ResponseWriter, r *http.Request, next string, err error) error {
	if kindred.ErrorCode(err) == kindred.EINTERNAL {
		return err
	}
	s.Logger.Warn("single sign-on refused", "code", kindred.ErrorCode(err), "err", err)
	s.render(w, r, httpx.Status(err), "signin", page{Title: "Sign in", Error: kindred.ErrorMessage(err),
		Form: url.Values{"next": {next}}})
	return nil
}
