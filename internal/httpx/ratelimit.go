package httpx

import (
	"sync"
	"time"
)

// Limiter allows at most N events per key within a sliding window. It keeps
// state in memory: with several instances, each enforces its own limit.
type Limiter struct {
	mu     sync.Mutex
	n      int
	window time.Duration
	now    func() time.Time
	hits   map[string][]time.Time
}

// NewLimiter allows n events per key per window.
func NewLimiter(n int, window time.Duration, now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{n: n, window: window, now: now, hits: map[string][]time.Time{}}
}

// Allow records an event for key and reports whether it is within the limit,
// and if not, how long until the next one would be.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	cutoff := now.Add(-l.window)
	recent := l.hits[key][:0]
	for _, t := range l.hits[key] {
		if t.After(cutoff) {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.n {
		l.hits[key] = recent
		return false, recent[0].Sub(cutoff)
	}
	l.hits[key] = append(recent, now)
	if len(l.hits) > 100_000 {
		l.prune(cutoff)
	}
	return true, 0
}

// prune drops keys with no recent events, bounding memory.
func (l *Limiter) prune(cutoff time.Time) {
	for k, ts := range l.hits {
		if len(ts) == 0 || !ts[len(ts)-1].After(cutoff) {
			delete(l.hits, k)
		}
	}
}
