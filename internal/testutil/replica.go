package testutil

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/pgcluster"
)

// ReplicaPair is a PostgreSQL primary with one streaming replica of it,
// started for one test from the server's own programs (initdb, pg_ctl,
// pg_basebackup; see internal/pgcluster) in a temporary directory, and
// stopped and removed when the test ends. The test PostgreSQL
// (KINDRED_TEST_POSTGRES) may not allow replication connections, so the
// pair is a cluster of its own.
type ReplicaPair struct {
	// Primary and Replica are DSNs of the database "kindred" (empty, not
	// migrated) on each server.
	Primary, Replica string

	c           *pgcluster.Cluster
	replicaPort int
}

// NewReplicaPair starts a primary and a replica following it. It skips the
// test when the PostgreSQL server programs are not installed, unless CI=true,
// where their absence fails it.
func NewReplicaPair(t testing.TB) *ReplicaPair {
	t.Helper()
	root, err := os.MkdirTemp("", "kindred-replica-")
	if err != nil {
		t.Fatal(err)
	}
	c, err := pgcluster.New(root)
	if errors.Is(err, pgcluster.ErrNoServerPrograms) {
		os.RemoveAll(root)
		if os.Getenv("CI") == "true" {
			t.Fatalf("%v; run the tests with ./test.sh", err)
		}
		t.Skip(err)
	}
	if err != nil {
		os.RemoveAll(root)
		t.Fatalf("replica pair: %v", err)
	}
	p := &ReplicaPair{c: c}
	t.Cleanup(p.tearDown)
	if err := p.setUp(t); err != nil {
		t.Fatalf("replica pair: %v", err)
	}
	return p
}

// setUp makes the primary, starts it, copies it with pg_basebackup into a
// standby and starts that.
func (p *ReplicaPair) setUp(t testing.TB) error {
	primaryPort, err := pgcluster.FreePort()
	if err != nil {
		return err
	}
	if p.replicaPort, err = pgcluster.FreePort(); err != nil {
		return err
	}
	if err := p.c.InitPrimary("primary", "fsync = off\nmax_connections = 100\nshared_buffers = 16MB"); err != nil {
		return err
	}
	if err := p.c.Start("primary", primaryPort); err != nil {
		return err
	}
	p.Primary = pgcluster.DSN(primaryPort, "kindred")
	if err := adminExec(pgcluster.DSN(primaryPort, "postgres"), "CREATE DATABASE kindred"); err != nil {
		return err
	}
	if err := p.c.BaseBackup("replica", primaryPort); err != nil {
		return err
	}
	if err := p.c.Start("replica", p.replicaPort); err != nil {
		return err
	}
	p.Replica = pgcluster.DSN(p.replicaPort, "kindred")
	t.Logf("replica pair: primary on port %d, replica on port %d, in %s", primaryPort, p.replicaPort, p.c.Root)
	return nil
}

// StopReplica stops the replica the way an operator would (pg_ctl's fast
// shutdown: open connections are cut).
func (p *ReplicaPair) StopReplica(t testing.TB) {
	t.Helper()
	if err := p.c.Stop("replica", "fast"); err != nil {
		t.Fatalf("stop replica: %v", err)
	}
}

// StartReplica starts the stopped replica again; it catches up on its own.
func (p *ReplicaPair) StartReplica(t testing.TB) {
	t.Helper()
	if err := p.c.Start("replica", p.replicaPort); err != nil {
		t.Fatalf("start replica: %v", err)
	}
}

// PauseReplay makes the replica stop applying the primary's changes (it
// keeps receiving them), so it falls behind on purpose.
func (p *ReplicaPair) PauseReplay(t testing.TB) {
	t.Helper()
	if err := adminExec(p.Replica, "SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatalf("pause replay: %v", err)
	}
}

// ResumeReplay lets the replica catch up again.
func (p *ReplicaPair) ResumeReplay(t testing.TB) {
	t.Helper()
	if err := adminExec(p.Replica, "SELECT pg_wal_replay_resume()"); err != nil {
		t.Fatalf("resume replay: %v", err)
	}
}

// WaitCaughtUp waits until the replica has replayed everything the primary
// has written so far (at most a minute).
func (p *ReplicaPair) WaitCaughtUp(t testing.TB) {
	t.Helper()
	primary, err := sql.Open("pgx", p.Primary)
	if err != nil {
		t.Fatal(err)
	}
	defer primary.Close()
	replica, err := sql.Open("pgx", p.Replica)
	if err != nil {
		t.Fatal(err)
	}
	defer replica.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var target string
	if err := primary.QueryRowContext(ctx, "SELECT pg_current_wal_insert_lsn()::text").Scan(&target); err != nil {
		t.Fatalf("primary WAL position: %v", err)
	}
	for {
		var done bool
		err := replica.QueryRowContext(ctx, "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", target).Scan(&done)
		if err == nil && done {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("replica did not replay up to %s within a minute (last error: %v)", target, err)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// tearDown stops both servers and removes their files.
func (p *ReplicaPair) tearDown() {
	p.c.StopAll()
	os.RemoveAll(p.c.Root)
}
