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
// and if not, how long until the next one would be. An event over the limit
// is not recorded.
func (l *Limiter) Allow(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if wait := l.wait(key); wait > 0 {
		return false, wait
	}
	l.add(key)
	return true, 0
}

// Wait returns how long until key may have another event: 0 while it is
// within the limit. It records nothing, so a limit on failures can be
// checked before an attempt and counted (Add) only when the attempt fails.
func (l *Limiter) Wait(key string) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.wait(key)
}

// Add records an event for key whatever the limit.
func (l *Limiter) Add(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.add(key)
}

// wait drops key's events older than the window and returns how long until
// the oldest recent one leaves it when the limit is reached, else 0.
func (l *Limiter) wait(key string) time.Duration {
	cutoff := l.now().Add(-l.window)
	recent := l.hits[key][:0]
	for _, t := range l.hits[key] {
		if t.After(cutoff) {
			recent = append(recent, t)
		}
	}
	if len(recent) == 0 {
		delete(l.hits, key)
		return 0
	}
	l.hits[key] = recent
	if len(recent) >= l.n {
		return recent[0].Sub(cutoff)
	}
	return 0
}

func (l *Limiter) add(key string) {
	now := l.now()
	l.hits[key] = append(l.hits[key], now)
	if len(l.hits) > 100_000 {
		l.prune(now.Add(-l.window))
	}
}

// prune drops keys with no recent events, bounding memory.
func (l *Limiter) prune(cutoff time.Time) {
	for k, ts := range l.hits {
		if len(ts) == 0 || !ts[len(ts)-1].After(cutoff) {
			delete(l.hits, k)
		}
	}
}
