package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Read replicas (PostgreSQL streaming replicas, KINDRED_DB_REPLICAS).
//
// A read goes to a replica only when all of these hold, and to the primary
// otherwise:
//
//   - its context was marked with LagTolerant by the caller;
//   - the replica answered the last check, is in recovery, and was at most
//     the lag bound behind the primary (see replicaSet.check);
//   - the replica has replayed the write-ahead log past every commit this
//     Store knows of to a table the query names (its own commits and those
//     other instances announce), so a read cached against Version never holds
//     less than the version says;
//   - it has replayed past the commits the context's Writes carry: the
//     visitor's own writes, in this request and, through Writes.Marker kept in
//     a cookie, in the requests before.
//
// A replica that fails a read is skipped until it answers a check again, and
// the read is retried on the primary, so a replica going away costs a retry,
// not an error.

// lsn is a position in PostgreSQL's write-ahead log (pg_lsn as a number).
type lsn uint64

// parseLSN reads PostgreSQL's text form of an LSN, "16/B374D848".
func parseLSN(s string) (lsn, error) {
	hi, lo, ok := strings.Cut(s, "/")
	h, err1 := strconv.ParseUint(hi, 16, 32)
	l, err2 := strconv.ParseUint(lo, 16, 32)
	if !ok || err1 != nil || err2 != nil {
		return 0, fmt.Errorf("not a WAL position: %q", s)
	}
	return lsn(h<<32 | l), nil
}

// String writes l as PostgreSQL does.
func (l lsn) String() string { return fmt.Sprintf("%X/%X", uint64(l)>>32, uint64(l)&0xffffffff) }

// maxLSN stores l in a when it is larger than what a holds.
func maxLSN(a *atomic.Uint64, l lsn) {
	for {
		old := a.Load()
		if uint64(l) <= old || a.CompareAndSwap(old, uint64(l)) {
			return
		}
	}
}

type ctxKey int

const (
	lagTolerantKey ctxKey = iota
	writesKey
)

// LagTolerant returns ctx marked so that the Store may answer the reads made
// with it from a replica that is a few seconds behind the primary (at most
// KINDRED_DB_REPLICA_MAX_LAG). Mark reads whose answer may miss another
// person's latest changes: directory and practice pages, search, the
// Emergence page, exports. Reads that decide a write (capacity, permissions,
// sign-in) stay unmarked. Without replicas the mark changes nothing.
func LagTolerant(ctx context.Context) context.Context {
	return context.WithValue(ctx, lagTolerantKey, true)
}

// isLagTolerant reports whether ctx was marked with LagTolerant.
func isLagTolerant(ctx context.Context) bool {
	ok, _ := ctx.Value(lagTolerantKey).(bool)
	return ok
}

// Writes follows one visitor's writes so that their own later reads see them
// even when marked LagTolerant: a replica answers only once it has replayed
// past the visitor's last commit. It is safe for concurrent use.
type Writes struct {
	after atomic.Uint64 // from the marker of earlier requests
	wrote atomic.Uint64 // the last commit made with this context
}

// TrackWrites returns ctx carrying a new Writes, which WithTx fills in when
// it commits with that context. marker is the value of Writes.Marker kept
// from the visitor's earlier requests (a cookie), "" for none; a malformed
// marker is ignored (it can only make reads fresher or less fresh for the
// one visitor who sent it).
func TrackWrites(ctx context.Context, marker string) (context.Context, *Writes) {
	w := &Writes{}
	if l, err := parseMarker(marker); err == nil {
		w.after.Store(uint64(l))
	}
	return context.WithValue(ctx, writesKey, w), w
}

// Marker returns the value to keep for the visitor's next requests (a
// cookie) when they committed a write with this context, or "" when they did
// not or the Store has no replicas.
func (w *Writes) Marker() string {
	if w == nil || w.wrote.Load() == 0 {
		return ""
	}
	return strconv.FormatUint(w.wrote.Load(), 16)
}

// parseMarker reads a Writes.Marker.
func parseMarker(s string) (lsn, error) {
	if s == "" || len(s) > 16 {
		return 0, errors.New("no marker")
	}
	n, err := strconv.ParseUint(s, 16, 64)
	return lsn(n), err
}

// writesFrom returns the Writes in ctx, or nil.
func writesFrom(ctx context.Context) *Writes {
	w, _ := ctx.Value(writesKey).(*Writes)
	return w
}

// needs returns the WAL position a replica must have replayed to answer
// ctx's reads: past the visitor's writes known to w.
func (w *Writes) needs() lsn {
	if w == nil {
		return 0
	}
	return lsn(max(w.after.Load(), w.wrote.Load()))
}

// ReplicaOptions tune the replicas of a Store; see WithReplicas.
type ReplicaOptions struct {
	// MaxLag is how far behind the primary a replica may be and still
	// answer reads; 0 means config.DefaultReplicaMaxLag.
	MaxLag time.Duration
	// CheckEvery is how often each replica's lag is checked; 0 means a
	// second. A read that finds every replica behind its writes asks for
	// an earlier check.
	CheckEvery time.Duration
}

// WithReplicas makes the Store answer reads marked LagTolerant from the
// PostgreSQL streaming replicas at dsns (see replica.go). Open fails when a
// replica cannot be set up (a bad DSN, SQLite as the primary), not when one
// is down: a replica that is down is skipped until it answers.
func WithReplicas(dsns []string, o ReplicaOptions) Option {
	return func(s *Store) {
		if len(dsns) == 0 {
			return
		}
		s.replicaDSNs, s.replicaOpts = dsns, o
	}
}

// replicaSet is a Store's replicas and what their last checks found.
type replicaSet struct {
	list     []*replica
	maxLag   time.Duration
	every    time.Duration
	next     atomic.Uint32 // where the next pick starts, to spread reads
	nudge    chan struct{}
	samples  walSamples // the primary's WAL position over time (checker only)
	checking sync.Mutex // one check at a time
}

// replica is one replica and what the last check of it found.
type replica struct {
	name  string // host and port, for logs and metrics
	db    *sql.DB
	close func()
	state atomic.Pointer[replicaState]
	reads atomic.Uint64 // reads it answered
}

// replicaState is what a check of a replica found.
type replicaState struct {
	up       bool          // answered, and is a standby
	replayed lsn           // WAL replayed, at the check
	lag      time.Duration // how far behind the primary it was, at most
	err      error         // why it is not up
}

// walSample is the primary's WAL insert position at a time.
type walSample struct {
	at  time.Time
	pos lsn
}

// walSamples keeps the recent samples, newest last.
type walSamples []walSample

// add appends a sample and forgets those older than keep.
func (w *walSamples) add(s walSample, keep time.Duration) {
	*w = append(*w, s)
	i := 0
	for i < len(*w)-1 && s.at.Sub((*w)[i].at) > keep {
		i++
	}
	*w = (*w)[i:]
}

// lagOf bounds how far behind the primary a replica that replayed up to
// pos is at now: the replica holds everything the primary held at the
// newest sample at or below pos. It returns false when no sample is.
func (w walSamples) lagOf(pos lsn, now time.Time) (time.Duration, bool) {
	for i := len(w) - 1; i >= 0; i-- {
		if w[i].pos <= pos {
			return max(0, now.Sub(w[i].at)), true
		}
	}
	return 0, false
}

// openReplicas connects to the replicas named by s.replicaDSNs and starts
// checking them; the checker stops when ctx ends.
func (s *Store) openReplicas(ctx context.Context) error {
	o := s.replicaOpts
	if o.MaxLag <= 0 {
		o.MaxLag = 5 * time.Second
	}
	if o.CheckEvery <= 0 {
		o.CheckEvery = time.Second
	}
	rs := &replicaSet{maxLag: o.MaxLag, every: o.CheckEvery, nudge: make(chan struct{}, 1)}
	for i, dsn := range s.replicaDSNs {
		db, closeDB, err := s.d.openReplica(ctx, dsn)
		if err != nil {
			rs.close()
			return fmt.Errorf("KINDRED_DB_REPLICAS: entry %d: %w", i+1, err)
		}
		r := &replica{name: replicaName(dsn, i), db: db, close: closeDB}
		r.state.Store(&replicaState{err: errors.New("not checked yet")})
		rs.list = append(rs.list, r)
	}
	s.replicas = rs
	rs.check(ctx, s)
	return nil
}

// replicaName is the host and port of a replica's DSN.
func replicaName(dsn string, i int) string {
	if u, err := url.Parse(dsn); err == nil && u.Host != "" {
		return u.Host
	}
	return fmt.Sprintf("replica %d", i+1)
}

// close closes every replica's pool.
func (rs *replicaSet) close() {
	if rs == nil {
		return
	}
	for _, r := range rs.list {
		r.close()
	}
}

// minNudgeGap is the least time between two checks asked for by reads, so
// a stream of writes and reads cannot keep the checker busy.
const minNudgeGap = 10 * time.Millisecond

// checkLoop checks the replicas every rs.every, and sooner when nudged,
// until ctx ends.
func (rs *replicaSet) checkLoop(ctx context.Context, s *Store) {
	tick := time.NewTicker(rs.every)
	defer tick.Stop()
	for {
		nudged := false
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-rs.nudge:
			nudged = true
		}
		rs.check(ctx, s)
		if nudged {
			select {
			case <-ctx.Done():
				return
			case <-time.After(minNudgeGap):
			}
		}
	}
}

// check samples the primary's WAL position, then asks each replica how far
// it has replayed. A replica is up when it answers, is still a standby and
// is at most maxLag behind. How far behind is bounded two ways, the smaller
// kept: by the age of the newest primary sample it has replayed past (a
// replica that replayed everything is current however long ago the last
// commit was), and by the age of the last transaction it replayed,
// pg_last_xact_replay_timestamp (what it misses came after that). A
// replica behind on both counts is asked again, briefly, until it passes
// this check's sample or maxLag has gone by, so WAL written without a
// commit (checkpoints, vacuum) does not make a replica that keeps up look
// stale.
func (rs *replicaSet) check(ctx context.Context, s *Store) {
	rs.checking.Lock()
	defer rs.checking.Unlock()
	ctx, cancel := context.WithTimeout(ctx, rs.maxLag+2*time.Second)
	defer cancel()
	if pos, err := s.d.walPosition(ctx, s.write); err == nil {
		rs.samples.add(walSample{at: time.Now(), pos: pos}, rs.maxLag+2*rs.every)
	}
	var wg sync.WaitGroup
	for _, r := range rs.list {
		wg.Go(func() {
			st := rs.checkOne(ctx, s, r)
			if old := r.state.Swap(st); old.up != st.up {
				if st.up {
					s.log.Info("replica answers reads again", "replica", r.name, "lag", st.lag)
				} else {
					s.log.Warn("replica skipped: reads go to the primary", "replica", r.name, "err", st.err)
				}
			}
		})
	}
	wg.Wait()
}

// recheckEvery is how often check asks a replica that seems behind again.
const recheckEvery = 10 * time.Millisecond

// checkOne checks one replica.
func (rs *replicaSet) checkOne(ctx context.Context, s *Store, r *replica) *replicaState {
	started := time.Now()
	for {
		replayed, replayAge, err := s.d.replicaStatus(ctx, r.db)
		if err != nil {
			return &replicaState{err: err}
		}
		lag := replayAge
		if l, ok := rs.samples.lagOf(replayed, time.Now()); ok && l < lag {
			lag = l
		}
		if lag <= rs.maxLag {
			return &replicaState{up: true, replayed: replayed, lag: lag}
		}
		if time.Since(started) > rs.maxLag {
			return &replicaState{replayed: replayed, lag: lag,
				err: fmt.Errorf("%s behind the primary, more than %s", lag.Round(time.Millisecond), rs.maxLag)}
		}
		select {
		case <-ctx.Done():
			return &replicaState{replayed: replayed, err: ctx.Err()}
		case <-time.After(recheckEvery):
		}
	}
}

// pick returns a replica that is up and has replayed past need, starting
// from a different one each time, or nil. When some replica is up but
// behind need, it asks for an early check.
func (rs *replicaSet) pick(need lsn) *replica {
	n := len(rs.list)
	start := int(rs.next.Add(1))
	behind := false
	for i := range n {
		r := rs.list[(start+i)%n]
		st := r.state.Load()
		if !st.up {
			continue
		}
		if st.replayed >= need {
			return r
		}
		behind = true
	}
	if behind {
		select {
		case rs.nudge <- struct{}{}:
		default:
		}
	}
	return nil
}

// failed marks r down after a failed read, until a check finds it up.
func (rs *replicaSet) failed(s *Store, r *replica, err error) {
	old := r.state.Load()
	if !old.up {
		return
	}
	if r.state.CompareAndSwap(old, &replicaState{replayed: old.replayed, err: err}) {
		s.log.Warn("replica failed a read: reads go to the primary until it answers again", "replica", r.name, "err", err)
	}
}

// readerFor returns the replica that should answer q with ctx, or nil for
// the primary.
func (s *Store) readerFor(ctx context.Context, q string) *replica {
	if s.replicas == nil || !isLagTolerant(ctx) {
		return nil
	}
	need := max(writesFrom(ctx).needs(), s.changes.freshness(q))
	return s.replicas.pick(need)
}

// retryOnPrimary reports whether a read that failed on r with err should run
// again on the primary: yes unless ctx ended. A lost connection also marks r
// down.
func (s *Store) retryOnPrimary(ctx context.Context, r *replica, err error) bool {
	if ctx.Err() != nil {
		return false
	}
	if s.d.lostConnection(err) {
		s.replicas.failed(s, r, err)
	}
	s.reads.fallbacks.Add(1)
	return true
}

// readCounts counts where reads went.
type readCounts struct {
	primary   atomic.Uint64
	fallbacks atomic.Uint64 // replica reads that failed and ran on the primary
}

// ReplicaStatus is what the last check found of one replica.
type ReplicaStatus struct {
	Name string // host and port
	Up   bool   // answering reads
	// Lag is how far behind the primary it was at most, when up.
	Lag   time.Duration
	Err   string // why it is skipped, when not up
	Reads uint64 // reads it answered
}

// ReadStats says where the Store's reads went since it opened.
type ReadStats struct {
	Primary   uint64 // reads the primary answered (outside transactions)
	Fallbacks uint64 // reads a replica failed and the primary answered
	Replicas  []ReplicaStatus
}

// ReadStats returns where reads went and the replicas' last checks.
func (s *Store) ReadStats() ReadStats {
	st := ReadStats{Primary: s.reads.primary.Load(), Fallbacks: s.reads.fallbacks.Load()}
	if s.replicas == nil {
		return st
	}
	for _, r := range s.replicas.list {
		rs := r.state.Load()
		status := ReplicaStatus{Name: r.name, Up: rs.up, Lag: rs.lag, Reads: r.reads.Load()}
		if rs.err != nil {
			status.Err = rs.err.Error()
		}
		st.Replicas = append(st.Replicas, status)
	}
	return st
}

// CheckReplicas checks every replica now instead of waiting for the next
// periodic check, so tests and tools see the state they just made.
func (s *Store) CheckReplicas(ctx context.Context) {
	if s.replicas != nil {
		s.replicas.check(ctx, s)
	}
}

// errNoReplicas is the answer of engines without replicas.
var errNoReplicas = errors.New("read replicas need PostgreSQL")
