package accounts

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// SingleSignOn signs people in with their organization's OpenID Connect
// provider: the authorization code flow with PKCE, its state and nonce kept
// in the browser's session between Begin and Finish, the ID token verified
// (signature, issuer, audience, expiry, nonce). Accounts are matched by
// the address the provider has verified; a first sign-in makes a member
// account (and, if asked, its directory profile). Roles are granted in
// Kindred only.
type SingleSignOn struct {
	Store    *store.Store
	Queue    *jobs.Queue // announces the profiles it makes
	Settings SingleSignOnSettings
	// Client makes the requests to the provider (NewSingleSignOn gives it
	// a timeout).
	Client *http.Client

	mu       sync.Mutex
	provider *oidc.Provider // discovered on first use, kept once found
}

// NewSingleSignOn returns the sign-in with the provider settings name, over
// st and q. The provider is discovered at the first sign-in, so Kindred starts
// while the provider is down.
func NewSingleSignOn(st *store.Store, q *jobs.Queue, settings SingleSignOnSettings) *SingleSignOn {
	return &SingleSignOn{Store: st, Queue: q, Settings: settings, Client: &http.Client{Timeout: ProviderTimeout}}
}

// ProviderTimeout bounds each request Kindred makes to the provider.
const ProviderTimeout = 10 * time.Second

// SingleSignOnSettings are the install's provider and client.
type SingleSignOnSettings struct {
	Name         string // the provider as the sign-in button names it
	Issuer       string // exactly as the provider's discovery document has it
	ClientID     string
	ClientSecret string
	RedirectURL  string // Kindred's callback, allowed at the provider
	// CreateProfiles gives a new account its directory profile.
	CreateProfiles bool
	// PendingTTL is how long a started sign-in may take (DefaultPendingTTL).
	PendingTTL time.Duration
}

// DefaultPendingTTL is how long a person has at the provider before the
// sign-in they started must be started again.
const DefaultPendingTTL = 15 * time.Minute

// PendingSignIn is what the browser's session keeps between Begin and
// Finish. It never leaves the server: the session holds it, the cookie
// only names the session.
type PendingSignIn struct {
	State     string    `json:"state"`
	Nonce     string    `json:"nonce"`
	Verifier  string    `json:"verifier"` // the PKCE code verifier
	Next      string    `json:"next"`
	StartedAt time.Time `json:"started_at"`
}

// Callback is what the provider sent back to Kindred's callback address.
type Callback struct {
	State, Code string
	// Error is the provider's error code (access_denied, login_required…),
	// empty when it sent a code.
	Error string
}

// SignedIn is a finished single sign-on.
type SignedIn struct {
	Session   kindred.Session // the new signed-in session, for the browser's
	Next      string          // where the person was going: a path on this site
	Created   bool            // the sign-in made the account
	ProfileID int64           // the directory profile a new account got, 0 if none
}

// Begin starts a sign-in at the provider. It returns the provider's
// address to send the browser to and what the browser's session must keep
// for Finish. next is where to go afterwards; only a path on this site
// survives (kindred.SafeNext). EUNAVAILABLE when the provider cannot be
// reached.
func (s *SingleSignOn) Begin(ctx context.Context, next string) (string, PendingSignIn, error) {
	p, err := s.discover(ctx)
	if err != nil {
		return "", PendingSignIn{}, err
	}
	pending := PendingSignIn{State: rand.Text(), Nonce: rand.Text(), Verifier: oauth2.GenerateVerifier(),
		Next: kindred.SafeNext(next), StartedAt: s.Store.Now()}
	url := s.oauth(p).AuthCodeURL(pending.State, oidc.Nonce(pending.Nonce), oauth2.S256ChallengeOption(pending.Verifier))
	return url, pending, nil
}

// Finish completes the sign-in the browser's session started (pending,
// the zero value when it has none) with what the provider sent back, and
// starts the session of the account with the provider's verified address,
// else of a new member account (audited as account.create). It
// answers EGONE when no sign-in was started in this browser or it took too
// long, EFORBIDDEN when the state is not the one this browser's session
// holds (a forged or replayed answer) or the address is not verified,
// EUNAUTHORIZED when the provider refused or its answer does not verify,
// EUNAVAILABLE when the provider cannot be reached. Causes are wrapped
// beside the person's message, for the log.
func (s *SingleSignOn) Finish(ctx context.Context, pending PendingSignIn, cb Callback) (SignedIn, error) {
	if err := s.checkCallback(pending, cb); err != nil {
		return SignedIn{}, err
	}
	id, err := s.identify(ctx, pending, cb.Code)
	if err != nil {
		return SignedIn{}, err
	}
	email, err := id.AccountEmail()
	if err != nil {
		return SignedIn{}, err
	}
	done, err := s.signIn(ctx, id, email)
	if kindred.ErrorCode(err) == kindred.ECONFLICT { // the same person, signing in twice at once
		done, err = s.signIn(ctx, id, email)
	}
	if err != nil {
		return SignedIn{}, fmt.Errorf("single sign-on: %w", err)
	}
	done.Next = kindred.SafeNext(pending.Next)
	return done, nil
}

// checkCallback checks that the answer belongs to the sign-in this browser
// started, in time, and that the provider sent a code.
func (s *SingleSignOn) checkCallback(pending PendingSignIn, cb Callback) error {
	name := s.Settings.Name
	if pending.State == "" {
		return kindred.Errorf(kindred.EGONE, "This sign-in with %s was already finished, or was not started in this browser. Start again.", name)
	}
	if subtle.ConstantTimeCompare([]byte(cb.State), []byte(pending.State)) != 1 {
		return kindred.Errorf(kindred.EFORBIDDEN, "This answer from %s does not belong to the sign-in started in this browser, so Kindred did not sign you in. Start again from this page.", name)
	}
	if s.Store.Now().Sub(pending.StartedAt) > s.pendingTTL() {
		return kindred.Errorf(kindred.EGONE, "This sign-in with %s took too long and has expired. Start again.", name)
	}
	if cb.Error != "" {
		return providerRefusal(name, cb.Error)
	}
	if cb.Code == "" {
		return kindred.Errorf(kindred.EUNAUTHORIZED, "%s sent Kindred no answer it can use. Start again.", name)
	}
	return nil
}

// providerRefusal explains an error the provider sent back. The code comes
// from the address bar, so only known codes are named.
func providerRefusal(name, code string) error {
	msg := fmt.Sprintf("%s did not sign you in, so Kindred did not either. Start again, or sign in with a link by email.", name)
	switch code {
	case "access_denied":
		msg = fmt.Sprintf("You did not allow Kindred to use your %s sign-in, so you are not signed in. Start again to allow it, or sign in with a link by email.", name)
	case "login_required", "interaction_required", "consent_required", "account_selection_required":
		msg = fmt.Sprintf("%s needs you to sign in there first. Start again.", name)
	case "temporarily_unavailable", "server_error":
		return kindred.Errorf(kindred.EUNAVAILABLE, "%s could not sign you in just now. Try again in a few minutes, or sign in with a link by email.", name)
	}
	return &kindred.Error{Code: kindred.EUNAUTHORIZED, Message: msg}
}

// identify exchanges the code (with the PKCE verifier) and returns who the
// verified ID token, and if need be the provider's userinfo, says it is.
func (s *SingleSignOn) identify(ctx context.Context, pending PendingSignIn, code string) (kindred.Identity, error) {
	p, err := s.discover(ctx)
	if err != nil {
		return kindred.Identity{}, err
	}
	ctx = oidc.ClientContext(context.WithValue(ctx, oauth2.HTTPClient, s.client()), s.client())
	tok, err := s.oauth(p).Exchange(ctx, code, oauth2.VerifierOption(pending.Verifier))
	if err != nil {
		return kindred.Identity{}, s.exchangeProblem(err)
	}
	idToken, err := s.verify(ctx, p, pending, tok)
	if err != nil {
		return kindred.Identity{}, errors.Join(kindred.Errorf(kindred.EUNAUTHORIZED,
			"Kindred could not verify the answer from %s, so it did not sign you in. Start again.", s.Settings.Name), err)
	}
	c, err := s.claims(ctx, p, idToken, tok)
	if err != nil {
		return kindred.Identity{}, err
	}
	return kindred.Identity{Provider: s.Settings.Name, Subject: idToken.Subject, Email: c.Email,
		EmailVerified: bool(c.EmailVerified), Name: c.name()}, nil
}

// verify checks the ID token: signature, issuer, audience (and the
// authorized party when there are several), expiry on Kindred's clock, the
// nonce this browser's session holds, and the access token's hash when the
// token carries one.
func (s *SingleSignOn) verify(ctx context.Context, p *oidc.Provider, pending PendingSignIn, tok *oauth2.Token) (*oidc.IDToken, error) {
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return nil, errors.New("the token response has no id_token")
	}
	idToken, err := p.Verifier(&oidc.Config{ClientID: s.Settings.ClientID, Now: s.Store.Now}).Verify(ctx, raw)
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(idToken.Nonce), []byte(pending.Nonce)) != 1 {
		return nil, errors.New("the id token's nonce is not this sign-in's")
	}
	if len(idToken.Audience) > 1 {
		var azp struct {
			AuthorizedParty string `json:"azp"`
		}
		if err := idToken.Claims(&azp); err != nil || azp.AuthorizedParty != s.Settings.ClientID {
			return nil, fmt.Errorf("the id token was issued to %q, not to Kindred", azp.AuthorizedParty)
		}
	}
	if idToken.AccessTokenHash != "" {
		if err := idToken.VerifyAccessToken(tok.AccessToken); err != nil {
			return nil, err
		}
	}
	return idToken, nil
}

// personClaims are the standard claims Kindred reads about a person.
type personClaims struct {
	Subject       string   `json:"sub"`
	Email         string   `json:"email"`
	EmailVerified flexBool `json:"email_verified"`
	Name          string   `json:"name"`
	GivenName     string   `json:"given_name"`
	FamilyName    string   `json:"family_name"`
	Username      string   `json:"preferred_username"`
}

// name is the person's name as the provider gives it, the most complete
// form first.
func (c personClaims) name() string {
	if n := strings.TrimSpace(c.Name); n != "" {
		return n
	}
	if n := strings.TrimSpace(c.GivenName + " " + c.FamilyName); n != "" {
		return n
	}
	return c.Username
}

// claims reads the person's claims from the ID token; providers that keep
// the email out of it (as the standard allows when an access token is
// issued) answer at their userinfo address, whose subject must be the ID
// token's.
func (s *SingleSignOn) claims(ctx context.Context, p *oidc.Provider, idToken *oidc.IDToken, tok *oauth2.Token) (personClaims, error) {
	var c personClaims
	if err := idToken.Claims(&c); err != nil {
		return c, errors.Join(kindred.Errorf(kindred.EUNAUTHORIZED, "Kindred could not read the answer from %s. Start again.", s.Settings.Name), err)
	}
	if c.Email != "" || p.UserInfoEndpoint() == "" {
		return c, nil
	}
	info, err := p.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil {
		return c, errors.Join(kindred.Errorf(kindred.EUNAVAILABLE, "Kindred could not ask %s who you are. Try again in a few minutes, or sign in with a link by email.", s.Settings.Name), err)
	}
	var more personClaims
	if err := info.Claims(&more); err != nil || more.Subject != idToken.Subject {
		return c, errors.Join(kindred.Errorf(kindred.EUNAUTHORIZED, "Kindred could not verify the answer from %s, so it did not sign you in. Start again.", s.Settings.Name),
			fmt.Errorf("userinfo for subject %q answered for %q (%v)", idToken.Subject, more.Subject, err))
	}
	return more, nil
}

// flexBool reads a JSON boolean, or the strings "true" and "false" some
// providers send instead.
type flexBool bool

// UnmarshalJSON implements json.Unmarshaler; anything but true or "true"
// is false.
func (b *flexBool) UnmarshalJSON(data []byte) error {
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*b = v == true || v == "true"
	return nil
}

// exchangeProblem explains a failed code exchange: a code the provider no
// longer honours means starting again; anything else is the provider's or
// the settings' fault, for the log.
func (s *SingleSignOn) exchangeProblem(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.ErrorCode == "invalid_grant" {
		return errors.Join(kindred.Errorf(kindred.EGONE, "This sign-in with %s has expired or was already used. Start again.", s.Settings.Name), err)
	}
	return errors.Join(kindred.Errorf(kindred.EUNAVAILABLE,
		"Kindred could not finish your sign-in with %s. Try again in a few minutes, or sign in with a link by email; if it keeps happening, tell your administrator.", s.Settings.Name),
		fmt.Errorf("exchange the code: %w", err))
}

// signIn starts the session of the account with the verified address, or
// makes the account.
func (s *SingleSignOn) signIn(ctx context.Context, id kindred.Identity, email string) (SignedIn, error) {
	a, err := s.Store.AccountByEmail(ctx, email)
	switch kindred.ErrorCode(err) {
	case "":
		var done SignedIn
		err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
			var err error
			done.Session, err = startSession(ctx, tx, a.ID)
			return err
		})
		return done, err
	case kindred.ENOTFOUND:
		return s.create(ctx, id, email)
	}
	return SignedIn{}, err
}

// create makes the member account of a first sign-in, audited as
// account.create by the new account itself, with its directory profile when
// the settings ask for one (linking a profile already listed with the
// address, else a new one announced as member.joined).
func (s *SingleSignOn) create(ctx context.Context, id kindred.Identity, email string) (SignedIn, error) {
	done := SignedIn{Created: true}
	_, listedErr := s.Store.MemberByEmail(ctx, email)
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		a, err := tx.CreateAccount(ctx, id.NewAccount(email), "")
		if err != nil {
			return err
		}
		if err := id.MayKeepNewAccount(a); err != nil {
			return err
		}
		if done.Session, err = startSession(ctx, tx, a.ID); err != nil {
			return err
		}
		if err := tx.Audit(ctx, a.ID, "account.create", a.Email, string(a.Role)+", by single sign-on with "+id.Provider); err != nil {
			return err
		}
		if !s.Settings.CreateProfiles {
			return nil
		}
		if done.ProfileID, err = tx.LinkOrCreateMember(ctx, a); err != nil || kindred.ErrorCode(listedErr) != kindred.ENOTFOUND {
			return err
		}
		return s.Queue.Emit(ctx, tx, a.ID, kindred.Event{Type: kindred.EventMemberJoined,
			Subject: fmt.Sprintf("member:%d", done.ProfileID), Data: map[string]any{"id": done.ProfileID, "name": a.DisplayName()}})
	})
	return done, err
}

// discover returns the provider, reading its discovery document on first
// use; a failure is tried again at the next sign-in. The lock is not held
// while the provider is asked, so sign-ins while it is down each wait for
// their own request only. EUNAVAILABLE when it cannot be read.
func (s *SingleSignOn) discover(ctx context.Context) (*oidc.Provider, error) {
	s.mu.Lock()
	p := s.provider
	s.mu.Unlock()
	if p != nil {
		return p, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, s.client()), s.Settings.Issuer)
	if err != nil {
		return nil, errors.Join(kindred.Errorf(kindred.EUNAVAILABLE,
			"Kindred cannot reach %s just now. Try again in a few minutes, or sign in with a link by email.", s.Settings.Name),
			fmt.Errorf("discover %s: %w", s.Settings.Issuer, err))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.provider == nil {
		s.provider = p
	}
	return s.provider, nil
}

// oauth is the OAuth 2 client for provider p.
func (s *SingleSignOn) oauth(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: s.Settings.ClientID, ClientSecret: s.Settings.ClientSecret,
		Endpoint: p.Endpoint(), RedirectURL: s.Settings.RedirectURL,
		Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

// client makes the requests to the provider.
func (s *SingleSignOn) client() *http.Client {
	if s.Client != nil {
		return s.Client
	}
	return http.DefaultClient
}

func (s *SingleSignOn) pendingTTL() time.Duration {
	if s.Settings.PendingTTL > 0 {
		return s.Settings.PendingTTL
	}
	return DefaultPendingTTL
}
