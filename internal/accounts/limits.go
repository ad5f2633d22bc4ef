package accounts

import (
	"time"

	"github.com/kindredhq/kindred/internal/httpx"
	"github.com/kindredhq/kindred/internal/kindred"
)

// limits slow down guessing and mail floods. They are kept in memory, per
// instance, and keyed by the address as typed whether or not an account has
// it, so a limit reached says nothing about who has an account.
//
// None of them can lock a person out of the link sign-in from their own
// address: a link request is refused only for too many requests from the
// same client address, for that address and email together, or for that
// email from any address beyond what a mail flood would need; wrong
// passwords never count against links.
type limits struct {
	linkPerClient *httpx.Limiter // link requests per client address
	linkPerPair   *httpx.Limiter // link requests per client address and email
	linkPerEmail  *httpx.Limiter // link requests per email, from any address
	tryPerPair    *httpx.Limiter // password attempts per client address and email
	failPerEmail  *httpx.Limiter // wrong passwords per email, from any address
	failPerClient *httpx.Limiter // wrong passwords per client address, for any email
}

// The limits: so many events per window.
const (
	LinkPerClient, LinkPerClientWindow = 20, 10 * time.Minute
	LinkPerPair, LinkPerPairWindow     = 5, 15 * time.Minute
	LinkPerEmail, LinkPerEmailWindow   = 30, time.Hour
	TryPerPair, TryPerPairWindow       = 8, 15 * time.Minute
	FailPerEmail, FailPerEmailWindow   = 20, time.Hour
	FailPerClient, FailPerClientWindow = 30, 15 * time.Minute
)

func newLimits(now func() time.Time) *limits {
	return &limits{
		linkPerClient: httpx.NewLimiter(LinkPerClient, LinkPerClientWindow, now),
		linkPerPair:   httpx.NewLimiter(LinkPerPair, LinkPerPairWindow, now),
		linkPerEmail:  httpx.NewLimiter(LinkPerEmail, LinkPerEmailWindow, now),
		tryPerPair:    httpx.NewLimiter(TryPerPair, TryPerPairWindow, now),
		failPerEmail:  httpx.NewLimiter(FailPerEmail, FailPerEmailWindow, now),
		failPerClient: httpx.NewLimiter(FailPerClient, FailPerClientWindow, now),
	}
}

// linkRequest counts a request for a sign-in link, or refuses it.
func (l *limits) linkRequest(client, email string) error {
	for _, c := range []struct {
		lim *httpx.Limiter
		key string
	}{{l.linkPerClient, client}, {l.linkPerPair, client + "|" + email}, {l.linkPerEmail, email}} {
		if ok, wait := c.lim.Allow(c.key); !ok {
			return tooMany(wait)
		}
	}
	return nil
}

// passwordAttempt counts an attempt to sign in with a password, or refuses
// it when the pair has tried too often, or when the email or the client
// address has had too many wrong passwords.
func (l *limits) passwordAttempt(client, email string) error {
	if ok, wait := l.tryPerPair.Allow(client + "|" + email); !ok {
		return tooMany(wait)
	}
	return l.passwordBlocked(client, email)
}

// passwordBlocked refuses when the email or the client address has had too
// many wrong passwords; the email's refusal points to the link sign-in,
// which stays open.
func (l *limits) passwordBlocked(client, email string) error {
	if wait := l.failPerEmail.Wait(email); wait > 0 {
		return kindred.Errorf(kindred.ERATELIMIT, "Too many wrong passwords for this account. Get a sign-in link by email instead, or wait %d minute(s).",
			minutes(wait))
	}
	if client != "" {
		if wait := l.failPerClient.Wait(client); wait > 0 {
			return tooMany(wait)
		}
	}
	return nil
}

// passwordFailed counts a wrong password.
func (l *limits) passwordFailed(client, email string) {
	l.failPerEmail.Add(email)
	if client != "" {
		l.failPerClient.Add(client)
	}
}

func tooMany(wait time.Duration) error {
	return kindred.Errorf(kindred.ERATELIMIT, "Too many attempts. Please wait %d minute(s) and try again.", minutes(wait))
}

func minutes(d time.Duration) int { return int(d.Minutes()) + 1 }
