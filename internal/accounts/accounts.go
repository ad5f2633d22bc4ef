// Package accounts holds the use cases of accounts: setup, sign-in by link
// and password, sessions, roles, API tokens, and a person's own data (export
// and deletion). Each method takes the viewer and does the whole job —
// checks the domain rule, runs one transaction, audits once, schedules the
// mail — so pages, the API and the CLI behave alike. Errors are
// *kindred.Error for the person, wrapped causes otherwise.
//
// Account flows record no domain event: nothing about an account is for the
// whole network to see.
package accounts

import (
	"log/slog"
	"time"

	"github.com/kindredhq/kindred/internal/jobs"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/password"
	"github.com/kindredhq/kindred/internal/store"
)

// Service runs the accounts use cases.
type Service struct {
	Store *store.Store
	Queue *jobs.Queue
	// Settings are the install's sign-in settings; zero fields take the
	// defaults (see Settings).
	Settings Settings
	// Log receives what goes wrong without failing the request.
	Log    *slog.Logger
	limits *limits
}

// Settings tune sign-in.
type Settings struct {
	// LinkTTL is how long an emailed sign-in link works (20 minutes).
	LinkTTL time.Duration
	// WelcomeTTL is how long the link in a welcome email works (3 days).
	WelcomeTTL time.Duration
	// Sessions bound a signed-in session (7 days idle, 30 days in all).
	Sessions kindred.SessionLimits
	// Password hashes and checks passwords (argon2id defaults).
	Password *password.Hasher
}

// Default settings.
const (
	DefaultLinkTTL    = 20 * time.Minute
	DefaultWelcomeTTL = 72 * time.Hour
)

// New returns the service over st and q, with default settings and rate
// limits on the store's clock.
func New(st *store.Store, q *jobs.Queue) *Service {
	return &Service{Store: st, Queue: q, Log: slog.Default(), limits: newLimits(st.Now)}
}

// settings returns s.Settings with defaults filled in.
func (s *Service) settings() Settings {
	c := s.Settings
	if c.LinkTTL == 0 {
		c.LinkTTL = DefaultLinkTTL
	}
	if c.WelcomeTTL == 0 {
		c.WelcomeTTL = DefaultWelcomeTTL
	}
	if c.Sessions.Idle == 0 {
		c.Sessions.Idle = kindred.DefaultSessionIdle
	}
	if c.Sessions.Lifetime == 0 {
		c.Sessions.Lifetime = kindred.DefaultSessionLifetime
	}
	if c.Password == nil {
		c.Password = password.Default()
	}
	return c
}

// signedIn returns EUNAUTHORIZED for an anonymous viewer.
func signedIn(v *kindred.Viewer) error {
	if !v.SignedIn() || v.IsOperator() {
		return kindred.Errorf(kindred.EUNAUTHORIZED, "Please sign in first.")
	}
	return nil
}

// joinProblems returns the one error among errs, or one EINVALID error with
// the field problems of all of them; an error other than EINVALID comes
// first.
func joinProblems(errs ...error) error {
	var found []error
	for _, err := range errs {
		if err == nil {
			continue
		}
		if kindred.ErrorCode(err) != kindred.EINVALID {
			return err
		}
		found = append(found, err)
	}
	switch len(found) {
	case 0:
		return nil
	case 1:
		return found[0]
	}
	var p kindred.Problems
	for _, err := range found {
		for f, msg := range kindred.ErrorFields(err) {
			p.Add(f, msg)
		}
	}
	return p.Err()
}
