package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"

	"github.com/kindredhq/kindred/internal/app"
	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/pgcluster"
	"github.com/kindredhq/kindred/internal/store"
)

// serverConf is the primary's postgresql.conf for the benchmark: sized for
// a 2-core machine with a few GB to spare, durability off (a scratch
// cluster; the figures are about Kindred's reads, not fsync).
const serverConf = `fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 1GB
work_mem = 32MB
maintenance_work_mem = 512MB
max_wal_size = 8GB
checkpoint_timeout = 30min`

// generatedFile, in the cluster directory, records that the demo was
// generated there and how long it took.
const generatedFile = "generated.txt"

// cluster is the primary and its replica, running.
type cluster struct {
	pg               *pgcluster.Cluster
	primary, replica string // DSNs of the kindred database
	remove           bool   // the servers' files, at close
	temp             bool   // the whole directory, at close
	gen              string // how the demo was generated (generatedFile)
}

// openCluster starts (making if needed) the primary, generates the demo
// into it unless the directory already holds it, and starts a streaming
// replica of it.
func openCluster(ctx context.Context, o options) (*cluster, error) {
	dir, remove, temp := o.dir, !o.keep, o.dir == ""
	if temp {
		var err error
		if dir, err = os.MkdirTemp("", "kindred-scale-"); err != nil {
			return nil, err
		}
	}
	pg, err := pgcluster.New(dir)
	if err != nil {
		return nil, err
	}
	cl := &cluster{pg: pg, remove: remove, temp: temp}
	if err := cl.startPrimary(ctx, o); err != nil {
		cl.close()
		return nil, err
	}
	if err := cl.startReplica(ctx); err != nil {
		cl.close()
		return nil, err
	}
	return cl, nil
}

// startPrimary starts the primary and generates the demo into it once.
func (cl *cluster) startPrimary(ctx context.Context, o options) error {
	port, err := pgcluster.FreePort()
	if err != nil {
		return err
	}
	fresh := !cl.pg.Exists("primary")
	if fresh {
		if err := cl.pg.InitPrimary("primary", serverConf); err != nil {
			return err
		}
	}
	if err := cl.pg.Start("primary", port); err != nil {
		return err
	}
	cl.primary = pgcluster.DSN(port, "kindred")
	if fresh {
		if err := execSQL(ctx, pgcluster.DSN(port, "postgres"), "CREATE DATABASE kindred"); err != nil {
			return err
		}
	}
	marker := filepath.Join(cl.pg.Root, generatedFile)
	if b, err := os.ReadFile(marker); err == nil {
		cl.gen = strings.TrimSpace(string(b))
		fmt.Fprintf(os.Stderr, "reusing the demo generated earlier in %s:\n%s\n", cl.pg.Root, cl.gen)
		return nil
	}
	if !fresh {
		return fmt.Errorf("%s holds a primary without %s (a generation that did not finish): remove it", cl.pg.Root, generatedFile)
	}
	if cl.gen, err = generate(ctx, cl.primary, o); err != nil {
		return err
	}
	return os.WriteFile(marker, []byte(cl.gen+"\n"), 0o644)
}

// generate fills the primary with the xlarge demo and describes the run.
func generate(ctx context.Context, dsn string, o options) (string, error) {
	cfg, err := kindredConfig(dsn, nil)
	if err != nil {
		return "", err
	}
	a, err := app.New(ctx, cfg, app.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return "", err
	}
	defer a.Close()
	fmt.Fprintf(os.Stderr, "generating the xlarge demo (fraction %g) into %s\n", o.fraction, dsn)
	var lines []string
	m := startMeter()
	res, err := demo.Generate(ctx, a.Store, demo.XLarge, o.seed, demo.WithFraction(o.fraction), demo.WithoutSnapshots(), demo.WithProgress(func(line string) {
		fmt.Fprintln(os.Stderr, line)
		lines = append(lines, line)
	}))
	if err != nil {
		return "", err
	}
	u := m.stop()
	return fmt.Sprintf("xlarge demo, fraction %g, seed %d: %d members, %d organizations, %d cities\n"+
		"generated in %s wall, %s CPU (this process; PostgreSQL not counted), peak Go heap %s; load average %s before\n%s",
		o.fraction, o.seed, res.Members, res.Organizations, res.Cities, u.wall.Round(time.Second), u.cpu.Round(time.Second),
		mb(u.peakHeap), loadAverage(), strings.Join(lines, "\n")), nil
}

// startReplica makes the replica from the primary with pg_basebackup once,
// starts it and waits until it has caught up.
func (cl *cluster) startReplica(ctx context.Context) error {
	port, err := pgcluster.FreePort()
	if err != nil {
		return err
	}
	u, _ := url.Parse(cl.primary)
	primaryPort, _ := strconv.Atoi(u.Port())
	if !cl.pg.Exists("replica") {
		fmt.Fprintln(os.Stderr, "copying the primary into a streaming replica (pg_basebackup)")
		if err := cl.pg.BaseBackup("replica", primaryPort); err != nil {
			return err
		}
	} else if err := cl.pg.FollowPrimary("replica", primaryPort); err != nil {
		return err
	}
	if err := cl.pg.Start("replica", port); err != nil {
		return err
	}
	cl.replica = pgcluster.DSN(port, "kindred")
	return waitCaughtUp(ctx, cl.primary, cl.replica)
}

// close stops the servers and, unless kept, removes their files.
func (cl *cluster) close() {
	cl.pg.StopAll()
	switch {
	case cl.temp:
		os.RemoveAll(cl.pg.Root)
	case cl.remove:
		for _, name := range []string{"primary", "replica", "primary.log", "replica.log", generatedFile} {
			os.RemoveAll(filepath.Join(cl.pg.Root, name))
		}
	}
}

// kindredConfig is Kindred's configuration on dsn with replicas.
func kindredConfig(dsn string, replicas []string) (config.Config, error) {
	env := map[string]string{"KINDRED_DB": dsn, "KINDRED_ADDR": "127.0.0.1:0", "KINDRED_BASE_URL": "http://127.0.0.1"}
	if len(replicas) > 0 {
		env["KINDRED_DB_REPLICAS"] = strings.Join(replicas, ",")
	}
	return config.FromEnv(func(k string) string { return env[k] })
}

// server is Kindred serving on a loopback port in this process.
type server struct {
	app  *app.App
	base string
	stop func()
	done chan error
}

// startServer opens Kindred on dsn (with replicas) and serves it.
func startServer(ctx context.Context, dsn string, replicas []string, logPath string) (*server, error) {
	cfg, err := kindredConfig(dsn, replicas)
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	a, err := app.New(ctx, cfg, app.Options{Logger: slog.New(slog.NewTextHandler(logf, nil))})
	if err != nil {
		logf.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		a.Close()
		logf.Close()
		return nil, err
	}
	// The pages only: no job workers, so a scheduled snapshot or reminder
	// run does not share the two cores with what is measured.
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second}
	s := &server{app: a, base: "http://" + ln.Addr().String(), done: make(chan error, 1)}
	go func() { s.done <- srv.Serve(ln) }()
	s.stop = func() {
		_ = srv.Close()
		<-s.done
		a.Close()
		logf.Close()
	}
	return s, nil
}

// signIn signs the demo administrator in and returns the session cookie.
func (s *server) signIn(ctx context.Context) (*http.Cookie, error) {
	admin, err := s.app.Store.AccountByEmail(ctx, demo.AdminEmail)
	if err != nil {
		return nil, fmt.Errorf("the demo administrator: %w", err)
	}
	var token string
	err = s.app.Store.WithTx(ctx, func(tx *store.Tx) error {
		token, err = tx.CreateMagicLink(ctx, &admin.ID, store.LinkSignIn, time.Hour, "/")
		return err
	})
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.base+"/signin/link/use",
		strings.NewReader(url.Values{"token": {token}}.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := noRedirects.Do(req)
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	resp.Body.Close()
	for _, c := range resp.Cookies() {
		if c.Name == "kindred_session" && c.Value != "" {
			return c, nil
		}
	}
	return nil, fmt.Errorf("sign in: %s without a session cookie", resp.Status)
}

// noRedirects returns redirects instead of following them.
var noRedirects = &http.Client{Timeout: 2 * time.Minute,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// execSQL runs one statement on dsn.
func execSQL(ctx context.Context, dsn, q string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, q)
	return err
}

// waitCaughtUp waits until the replica has replayed what the primary had
// written when it was called.
func waitCaughtUp(ctx context.Context, primary, replica string) error {
	p, err := sql.Open("pgx", primary)
	if err != nil {
		return err
	}
	defer p.Close()
	r, err := sql.Open("pgx", replica)
	if err != nil {
		return err
	}
	defer r.Close()
	var target string
	if err := p.QueryRowContext(ctx, "SELECT pg_current_wal_insert_lsn()::text").Scan(&target); err != nil {
		return err
	}
	deadline := time.Now().Add(10 * time.Minute)
	for {
		var done bool
		err := r.QueryRowContext(ctx, "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", target).Scan(&done)
		if err == nil && done {
			return nil
		}
		if time.Now().After(deadline) {
			return errors.Join(errors.New("the replica did not catch up within 10 minutes"), err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// splitComma splits a comma-separated flag, dropping empty entries.
func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
