package accounts

import (
	"context"
	"fmt"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

// LinkRequest asks for a sign-in link by email.
type LinkRequest struct {
	Email    string
	Next     string // where to go after signing in; only a path on this site survives
	ClientIP string // for the rate limits
}

// RequestSignInLink schedules a sign-in link for the account with the
// address, if there is one, and returns the address as normalized. The
// request only schedules a job, which looks the address up: a known and an
// unknown address get the same answer in the same time. EINVALID for a
// malformed address, ERATELIMIT past the limits.
func (s *Service) RequestSignInLink(ctx context.Context, in LinkRequest) (string, error) {
	var p kindred.Problems
	email := kindred.NormalizeEmail(in.Email, "email", &p)
	if err := p.Err(); err != nil {
		return email, err
	}
	if err := s.limits.linkRequest(in.ClientIP, email); err != nil {
		return email, err
	}
	next, ttl := kindred.SafeNext(in.Next), s.settings().LinkTTL
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error { return s.Queue.RequestSignInLink(ctx, tx, email, next, ttl) })
	if err != nil {
		return email, fmt.Errorf("request sign-in link: %w", err)
	}
	return email, nil
}

// CheckSignInLink tells whether a sign-in link could be used now, without
// using it: ENOTFOUND for an unknown link, EGONE for a used or expired one.
func (s *Service) CheckSignInLink(ctx context.Context, token string) error {
	return s.Store.CheckMagicLink(ctx, token, store.LinkSignIn)
}

// SignInWithLink uses a sign-in link: it starts a session for its account
// and returns it with where to go next (a path on this site). ENOTFOUND for
// an unknown link, EGONE for a used or expired one.
func (s *Service) SignInWithLink(ctx context.Context, token string) (kindred.Session, string, error) {
	var sess kindred.Session
	var next string
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		link, err := tx.ConsumeMagicLink(ctx, token, store.LinkSignIn)
		if err != nil {
			return err
		}
		next = link.Redirect
		sess, err = startSession(ctx, tx, link.AccountID)
		return err
	})
	if err != nil {
		return sess, "", fmt.Errorf("sign in with a link: %w", err)
	}
	return sess, kindred.SafeNext(next), nil
}

// PasswordSignIn is a sign-in with email and password.
type PasswordSignIn struct {
	Email, Password string
	Next            string // where to go after signing in; only a path on this site survives
	ClientIP        string // for the rate limits
}

// SignInWithPassword checks the password and starts a session, returned
// with where to go next. EINVALID for a missing field, EUNAUTHORIZED for a
// wrong email or password (the same answer, after the same work, whether
// or not the account exists), ERATELIMIT past the limits: per client
// address and email, per email from any address, per address for any email.
func (s *Service) SignInWithPassword(ctx context.Context, in PasswordSignIn) (kindred.Session, string, error) {
	var p kindred.Problems
	email := kindred.NormalizeEmail(in.Email, "email", &p)
	if in.Password == "" {
		p.Add("password", "is required")
	}
	if err := p.Err(); err != nil {
		return kindred.Session{}, "", err
	}
	if err := s.limits.passwordAttempt(in.ClientIP, email); err != nil {
		return kindred.Session{}, "", err
	}
	id, err := s.checkPassword(ctx, in.ClientIP, email, in.Password)
	if err != nil {
		return kindred.Session{}, "", err
	}
	var sess kindred.Session
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		sess, err = startSession(ctx, tx, id)
		return err
	})
	if err != nil {
		return sess, "", fmt.Errorf("sign in with a password: %w", err)
	}
	return sess, kindred.SafeNext(in.Next), nil
}

// errWrongPassword is the one answer to a wrong email or password.
var errWrongPassword = &kindred.Error{Code: kindred.EUNAUTHORIZED,
	Message: "That email and password don't match. Check them, or get a sign-in link by email instead."}

// checkPassword returns the account id when pw is right, counting a wrong
// one against the limits. Unknown accounts and accounts without a password
// get the same answer, after the same work.
func (s *Service) checkPassword(ctx context.Context, client, email, pw string) (int64, error) {
	hasher := s.settings().Password
	id, hash, err := s.Store.PasswordHash(ctx, email)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND || (err == nil && hash == "") {
		hasher.Waste(pw)
		s.limits.passwordFailed(client, email)
		return 0, errWrongPassword
	}
	if err != nil {
		return 0, err
	}
	ok, err := hasher.Check(pw, hash)
	if err != nil {
		return 0, fmt.Errorf("account %d: %w", id, err)
	}
	if !ok {
		s.limits.passwordFailed(client, email)
		return 0, errWrongPassword
	}
	return id, nil
}

// startSession notes the sign-in and returns the new session's state.
func startSession(ctx context.Context, tx *store.Tx, accountID int64) (kindred.Session, error) {
	if err := tx.TouchAccount(ctx, accountID); err != nil {
		return kindred.Session{}, err
	}
	a, err := tx.Account(ctx, accountID)
	if err != nil {
		return kindred.Session{}, err
	}
	return kindred.NewSession(a, tx.Now()), nil
}

// Resumed is what resuming a session found.
type Resumed struct {
	// Viewer is who the session signs in (anonymous when none).
	Viewer *kindred.Viewer
	// Ended is true when the session no longer signs its account in (idle
	// too long, past its lifetime, ended by a password change or "sign out
	// everywhere", or its account deleted): forget its account.
	Ended bool
	// Touched is true when Session's last use moved: store it again.
	Touched bool
	Session kindred.Session
}

// Resume resolves the viewer of a request from its session, once per
// request: the session's account and own profile while the session is live.
func (s *Service) Resume(ctx context.Context, sess kindred.Session) (Resumed, error) {
	anonymous := Resumed{Viewer: &kindred.Viewer{}}
	if sess.AccountID == 0 {
		return anonymous, nil
	}
	a, err := s.Store.Account(ctx, sess.AccountID)
	if kindred.ErrorCode(err) == kindred.ENOTFOUND {
		a, err = nil, nil
	}
	if err != nil {
		return anonymous, err
	}
	now, lim := s.Store.Now(), s.settings().Sessions
	if !sess.Live(a, now, lim) {
		anonymous.Ended = true
		return anonymous, nil
	}
	r := Resumed{}
	r.Session, r.Touched = sess.Touched(now, lim)
	r.Viewer, err = s.Store.Viewer(ctx, a)
	return r, err
}

// SignOutEverywhere ends every other session of the viewer's account and
// returns current, the viewer's own session, as it goes on under the new
// epoch. EUNAUTHORIZED when nobody is signed in.
func (s *Service) SignOutEverywhere(ctx context.Context, v *kindred.Viewer, current kindred.Session) (kindred.Session, error) {
	if err := signedIn(v); err != nil {
		return current, err
	}
	return s.endOtherSessions(ctx, v, current, "account.signout_everywhere", nil)
}

// endOtherSessions moves the account's session epoch on in one transaction
// with do, audits it as action, and returns current under the new epoch.
func (s *Service) endOtherSessions(ctx context.Context, v *kindred.Viewer, current kindred.Session, action string, do func(tx *store.Tx) error) (kindred.Session, error) {
	err := s.Store.WithTx(ctx, func(tx *store.Tx) error {
		if do != nil {
			if err := do(tx); err != nil {
				return err
			}
		}
		epoch, err := tx.NextSessionEpoch(ctx, v.AccountID())
		if err != nil {
			return err
		}
		current.AccountID, current.Epoch = v.AccountID(), epoch
		return tx.Audit(ctx, v.AccountID(), action, v.Account.Email, "other sessions ended")
	})
	if err != nil {
		return current, fmt.Errorf("%s: %w", action, err)
	}
	return current, nil
}
