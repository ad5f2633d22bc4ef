package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
	"github.com/kindredhq/kindred/internal/testutil"
)

// replicaReads is how many reads s's replicas answered.
func replicaReads(s *store.Store) uint64 {
	var n uint64
	for _, r := range s.ReadStats().Replicas {
		n += r.Reads
	}
	return n
}

// readsGoTo runs read and reports which pool answered it: "replica",
// "primary", or "both" (a replica failed and the primary answered).
func readsGoTo(t *testing.T, s *store.Store, read func() error) string {
	t.Helper()
	r0, p0 := replicaReads(s), s.ReadStats().Primary
	if err := read(); err != nil {
		t.Fatalf("read: %v", err)
	}
	r, p := replicaReads(s) > r0, s.ReadStats().Primary > p0
	switch {
	case r && p:
		return "both"
	case r:
		return "replica"
	case p:
		return "primary"
	}
	return "neither (cached)"
}

// openWithReplica opens a store on the pair's primary that reads from its
// replica, checked only when the test says so (CheckReplicas).
func openWithReplica(t *testing.T, p *testutil.ReplicaPair, maxLag time.Duration) *store.Store {
	t.Helper()
	return testutil.OpenStore(t, p.Primary, store.WithReplicas([]string{p.Replica},
		store.ReplicaOptions{MaxLag: maxLag, CheckEvery: time.Hour}))
}

// TestReplicas runs a Store against a real streaming replica (a second
// PostgreSQL made with pg_basebackup): reads marked lag-tolerant go to the
// replica, unmarked ones to the primary; a write is never hidden — not from
// the visitor who made it (in this instance or, through the marker, in
// another), and not by a cache refilled from a replica that has not replayed
// it; a replica too far behind, or stopped, is skipped without an error.
func TestReplicas(t *testing.T) {
	pair := testutil.NewReplicaPair(t)
	ctx := context.Background()
	lag := store.LagTolerant(ctx)
	a := openWithReplica(t, pair, 5*time.Second)
	f := seedDirectory(t, a)
	createMember(t, a, &kindred.Member{Name: "Grace Lee", Email: "grace@example.org", CityID: f.chicago})
	b := openWithReplica(t, pair, 5*time.Second) // another instance
	pair.WaitCaughtUp(t)
	a.CheckReplicas(ctx)
	b.CheckReplicas(ctx)
	city := func(s *store.Store, ctx context.Context) func() error {
		return func() error { _, err := s.CityBySlug(ctx, "chicago"); return err }
	}

	t.Run("lag-tolerant reads go to the replica, others to the primary", func(t *testing.T) {
		if got := readsGoTo(t, a, city(a, lag)); got != "replica" {
			t.Errorf("a lag-tolerant read went to the %s", got)
		}
		if got := readsGoTo(t, a, city(a, ctx)); got != "primary" {
			t.Errorf("an unmarked read went to the %s", got)
		}
	})

	t.Run("no stale read after a write while the replica lags", func(t *testing.T) {
		all := store.MemberFilter{Limit: 50}
		for _, s := range []*store.Store{a, b} { // fill both instances' page caches from the replica
			if page, _, err := s.DirectoryMembers(lag, all); err != nil || len(page) != 1 {
				t.Fatalf("directory before = %d members, %v", len(page), err)
			}
		}
		pair.PauseReplay(t)
		bVersion := b.Version("members")
		visitor, w := store.TrackWrites(lag, "")
		ada := createMemberCtx(t, a, visitor, &kindred.Member{Name: "Ada Okafor", Email: "ada@example.org", CityID: f.chicago})
		marker := w.Marker()
		if marker == "" {
			t.Fatal("a write left no marker")
		}
		if m, err := a.Member(visitor, ada.ID); err != nil || m.Name != "Ada Okafor" {
			t.Errorf("the writer's own read: %v, %v", m, err)
		}
		if page, _, err := a.DirectoryMembers(lag, all); err != nil || !hasMember(page, "Ada Okafor") {
			t.Errorf("the writing instance's cached directory hides the write: %v, %v", memberNames(page), err)
		}
		waitFor(t, "b to hear a's commit", func() bool { return b.Version("members") != bVersion })
		if page, _, err := b.DirectoryMembers(lag, all); err != nil || !hasMember(page, "Ada Okafor") {
			t.Errorf("another instance's cached directory hides the write: %v, %v", memberNames(page), err)
		}
		// The marker (a cookie) sends the visitor's next requests, on any
		// instance, to the primary until the replica has replayed past it;
		// other visitors keep reading the (lagging) replica.
		next, _ := store.TrackWrites(lag, marker)
		if got := readsGoTo(t, b, city(b, next)); got != "primary" {
			t.Errorf("with the writer's marker another instance read from the %s", got)
		}
		if got := readsGoTo(t, b, city(b, lag)); got != "replica" {
			t.Errorf("another visitor's read of an unchanged table went to the %s", got)
		}
		pair.ResumeReplay(t)
		pair.WaitCaughtUp(t)
		b.CheckReplicas(ctx)
		if got := readsGoTo(t, b, city(b, next)); got != "replica" {
			t.Errorf("with the marker, once the replica replayed it, the read went to the %s", got)
		}
	})

	t.Run("a replica too far behind is skipped", func(t *testing.T) {
		strict := openWithReplica(t, pair, 300*time.Millisecond)
		// A replica that has replayed everything is as far behind as the
		// check took, which on a loaded machine can pass the bound once.
		waitFor(t, "the caught-up replica to be within 300 ms", func() bool {
			strict.CheckReplicas(ctx)
			return strict.ReadStats().Replicas[0].Up
		})
		if got := readsGoTo(t, strict, city(strict, lag)); got != "replica" {
			t.Errorf("before the lag: %s", got)
		}
		pair.PauseReplay(t)
		createMember(t, a, &kindred.Member{Name: "Lin Wu", Email: "lin@example.org"})
		waitFor(t, "the replica to fall 300 ms behind", func() bool {
			strict.CheckReplicas(ctx)
			return !strict.ReadStats().Replicas[0].Up
		})
		if got := readsGoTo(t, strict, city(strict, lag)); got != "primary" {
			t.Errorf("a read while the replica lags went to the %s", got)
		}
		pair.ResumeReplay(t)
		pair.WaitCaughtUp(t)
		waitFor(t, "the replica to be back within 300 ms", func() bool {
			strict.CheckReplicas(ctx)
			return strict.ReadStats().Replicas[0].Up
		})
		if got := readsGoTo(t, strict, city(strict, lag)); got != "replica" {
			t.Errorf("a read once the replica caught up went to the %s", got)
		}
	})

	t.Run("a stopped replica is skipped without an error", func(t *testing.T) {
		if got := readsGoTo(t, a, city(a, lag)); got != "replica" {
			t.Fatalf("before the stop: %s", got)
		}
		pair.StopReplica(t)
		// The pool still holds connections to the stopped server: the
		// first read fails there and is answered by the primary.
		if got := readsGoTo(t, a, city(a, lag)); got != "both" && got != "primary" {
			t.Errorf("the first read after the stop went to the %s", got)
		}
		if st := a.ReadStats().Replicas[0]; st.Up {
			t.Errorf("after a failed read the replica is still up: %+v", st)
		}
		a.CheckReplicas(ctx)
		if st := a.ReadStats().Replicas[0]; st.Up || st.Err == "" {
			t.Errorf("a check of the stopped replica: %+v", st)
		}
		page, _, err := a.DirectoryMembers(lag, store.MemberFilter{Limit: 50})
		if err != nil || !hasMember(page, "Lin Wu") {
			t.Errorf("directory with the replica stopped: %v, %v", memberNames(page), err)
		}
		pair.StartReplica(t)
		pair.WaitCaughtUp(t)
		a.CheckReplicas(ctx)
		if got := readsGoTo(t, a, city(a, lag)); got != "replica" {
			t.Errorf("after the replica came back the read went to the %s", got)
		}
	})
}

// createMemberCtx stores m in a transaction with ctx.
func createMemberCtx(t *testing.T, s *store.Store, ctx context.Context, m *kindred.Member) *kindred.Member {
	t.Helper()
	if err := s.WithTx(ctx, func(tx *store.Tx) error { _, err := tx.CreateMember(ctx, m); return err }); err != nil {
		t.Fatalf("create member %s: %v", m.Name, err)
	}
	return m
}

func hasMember(ms []*kindred.Member, name string) bool {
	for _, m := range ms {
		if m.Name == name {
			return true
		}
	}
	return false
}

func memberNames(ms []*kindred.Member) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}

// TestReplicasNeedPostgres: SQLite has no replicas, and says so on Open.
func TestReplicasNeedPostgres(t *testing.T) {
	_, err := store.Open(context.Background(), ":memory:", store.WithReplicas([]string{"postgres://r/kindred"}, store.ReplicaOptions{}))
	if err == nil {
		t.Fatal("Open on SQLite with a replica succeeded")
	}
}
