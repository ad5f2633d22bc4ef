package kindred

import "time"

// Session is what a signed-in browser session remembers of its sign-in.
// The session's id (its cookie) is renewed at every sign-in.
type Session struct {
	AccountID int64
	// Epoch is the account's SessionEpoch when it signed in: a password
	// change or "sign out everywhere" moves the account's on, ending every
	// session that kept the old one.
	Epoch      int64
	SignedInAt time.Time
	SeenAt     time.Time // last use, refreshed at most every SessionLimits.touchEvery
}

// SessionLimits are how long a session lasts: Idle without use, Lifetime
// in all however busy.
type SessionLimits struct {
	Idle     time.Duration // KINDRED_SESSION_IDLE
	Lifetime time.Duration // KINDRED_SESSION_LIFETIME
}

// Default session limits.
const (
	DefaultSessionIdle     = 7 * 24 * time.Hour
	DefaultSessionLifetime = 30 * 24 * time.Hour
)

// NewSession starts a session for a at now.
func NewSession(a *Account, now time.Time) Session {
	return Session{AccountID: a.ID, Epoch: a.SessionEpoch, SignedInAt: now, SeenAt: now}
}

// Live reports whether the session still signs a in at now: it belongs to
// a, began at a known time, is within its lifetime, was used within the idle
// time, and no password change or "sign out everywhere" came after it.
func (s Session) Live(a *Account, now time.Time, l SessionLimits) bool {
	switch {
	case a == nil || s.AccountID != a.ID || s.SignedInAt.IsZero() || s.SeenAt.IsZero():
		return false
	case s.Epoch != a.SessionEpoch:
		return false
	case now.Sub(s.SignedInAt) >= l.Lifetime:
		return false
	}
	return now.Sub(s.SeenAt) < l.Idle
}

// Touched returns the session as used at now, and whether that changed
// what must be stored: the last use is kept to the nearest touchEvery, so
// a busy session is written a few times an hour rather than at every page.
func (s Session) Touched(now time.Time, l SessionLimits) (Session, bool) {
	if now.Sub(s.SeenAt) < l.touchEvery() {
		return s, false
	}
	s.SeenAt = now
	return s, true
}

// touchEvery is how stale the last use may be: a tenth of the idle time,
// at most five minutes.
func (l SessionLimits) touchEvery() time.Duration { return min(l.Idle/10, 5*time.Minute) }
