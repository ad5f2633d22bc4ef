package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// route is one page the benchmark asks for.
type route struct {
	name string
	path func(i int) string // the i-th request's path
	want int
}

// plan is what the routes need to know of the demo.
type plan struct {
	routes   []route
	campaign int64
}

// newPlan finds the members and the campaign and lists the routes.
// Routes named in skip (--skip-route) are left out.
func newPlan(ctx context.Context, s *server, dsn string, skip map[string]bool) (*plan, error) {
	c, err := s.app.Store.CampaignBySlug(ctx, "bright-spots")
	if err != nil {
		return nil, fmt.Errorf("the demo campaign: %w", err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var lo, hi int64
	if err := db.QueryRowContext(ctx, "SELECT MIN(id), MAX(id) FROM members").Scan(&lo, &hi); err != nil {
		return nil, fmt.Errorf("member ids: %w", err)
	}
	fixed := func(p string) func(int) string { return func(int) string { return p } }
	// Member pages go round the ids in big steps, so the page cache
	// (per member) seldom answers.
	member := func(i int) string { return fmt.Sprintf("/network/members/%d", lo+int64(i)*7919%(hi-lo+1)) }
	routes := []route{
		{"directory /network", fixed("/network"), http.StatusOK},
		{"directory search ?q=organizing", fixed("/network?q=organizing"), http.StatusOK},
		{"member page", member, http.StatusOK},
		{"organizations", fixed("/network/organizations"), http.StatusOK},
		{"gatherings list", fixed("/gatherings"), http.StatusOK},
		{"practices search ?q=youth", fixed("/practices?q=youth"), http.StatusOK},
		{"Emergence page", fixed("/emergence"), http.StatusOK},
		{"Emergence map data", fixed("/emergence/map.json"), http.StatusOK},
		{"themes page", fixed("/listening/bright-spots/themes"), http.StatusOK},
	}
	return &plan{campaign: c.ID, routes: slices.DeleteFunc(routes, func(r route) bool { return skip[r.name] })}, nil
}

// loadRun is one configuration's load results.
type loadRun struct {
	name          string
	results       []result
	replicaReads  uint64
	primaryReads  uint64
	fallbacks     uint64
	replicaStatus string
}

// measureLoad drives every route from o.clients clients against Kindred on
// the primary alone, then on the primary with the replica.
func measureLoad(ctx context.Context, cl *cluster, o options, rep *report) error {
	for _, cfg := range []struct {
		name     string
		replicas []string
	}{{"primary alone", nil}, {"primary + 1 replica", []string{cl.replica}}} {
		run, err := loadOne(ctx, cl, o, cfg.name, cfg.replicas)
		if err != nil {
			return fmt.Errorf("%s: %w", cfg.name, err)
		}
		rep.load = append(rep.load, run)
	}
	return nil
}

// loadOne starts Kindred with replicas and drives every route.
func loadOne(ctx context.Context, cl *cluster, o options, name string, replicas []string) (loadRun, error) {
	run := loadRun{name: name}
	s, err := startServer(ctx, cl.primary, replicas, filepath.Join(cl.pg.Root, fmt.Sprintf("kindred-load-%d.log", len(replicas))))
	if err != nil {
		return run, err
	}
	defer s.stop()
	session, err := s.signIn(ctx)
	if err != nil {
		return run, err
	}
	p, err := newPlan(ctx, s, cl.primary, o.skipRoute)
	if err != nil {
		return run, err
	}
	before := s.app.Store.ReadStats()
	for _, r := range p.routes {
		fmt.Fprintf(os.Stderr, "[%s] %s, %d clients …", name, r.name, o.clients)
		res := drive(ctx, s.base, session, r, o.clients, o.warmup, o.duration)
		if err := ctx.Err(); err != nil {
			return run, err
		}
		fmt.Fprintf(os.Stderr, " %.0f req/s, p99 %s, %d errors\n", res.rate(), res.percentile(0.99).Round(time.Millisecond), res.errors)
		run.results = append(run.results, res)
	}
	after := s.app.Store.ReadStats()
	run.primaryReads = after.Primary - before.Primary
	run.fallbacks = after.Fallbacks - before.Fallbacks
	for i, r := range after.Replicas {
		run.replicaReads += r.Reads - before.Replicas[i].Reads
		run.replicaStatus = fmt.Sprintf("%s up=%v lag≤%s %s", r.Name, r.Up, r.Lag.Round(time.Millisecond), r.Err)
	}
	return run, nil
}

// result is what one route measured under load.
type result struct {
	route    route
	ok       int
	errors   int
	elapsed  time.Duration
	lat      []time.Duration // of the ok answers, sorted
	firstErr string
}

func (r result) rate() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.ok) / r.elapsed.Seconds()
}

// percentile is the latency a fraction p of the ok answers met (nearest
// rank), or 0 without answers.
func (r result) percentile(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(r.lat)))) - 1
	return r.lat[min(max(i, 0), len(r.lat)-1)]
}

// drive sends r from clients goroutines, each one request at a time on its
// own kept-alive connection: unmeasured for warmup, then measured for d
// (as bench/load does).
func drive(ctx context.Context, base string, session *http.Cookie, r route, clients int, warmup, d time.Duration) result {
	tr := &http.Transport{Proxy: nil, DialContext: (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	client := &http.Client{Transport: tr, Timeout: 2 * time.Minute, CheckRedirect: noRedirects.CheckRedirect}
	defer client.CloseIdleConnections()
	if warmup > 0 {
		runFor(ctx, client, base, session, r, clients, warmup, 1<<20)
	}
	return runFor(ctx, client, base, session, r, clients, d, 0)
}

func runFor(ctx context.Context, client *http.Client, base string, session *http.Cookie, r route, clients int, d time.Duration, offset int) result {
	res := result{route: r}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for c := range clients {
		wg.Go(func() {
			var w result
			for i := offset + c; time.Now().Before(deadline) && ctx.Err() == nil; i += clients {
				t0 := time.Now()
				if err := once(ctx, client, base+r.path(i), session, r.want); err != nil {
					if ctx.Err() != nil {
						break
					}
					w.errors++
					if w.firstErr == "" {
						w.firstErr = err.Error()
					}
					continue
				}
				w.ok++
				w.lat = append(w.lat, time.Since(t0))
			}
			mu.Lock()
			defer mu.Unlock()
			res.ok += w.ok
			res.errors += w.errors
			res.lat = append(res.lat, w.lat...)
			if res.firstErr == "" {
				res.firstErr = w.firstErr
			}
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	slices.Sort(res.lat)
	return res
}

// once sends one request and reads the whole answer.
func once(ctx context.Context, client *http.Client, u string, session *http.Cookie, want int) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	req.AddCookie(session)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return err
	}
	if resp.StatusCode != want {
		return fmt.Errorf("status %d, want %d", resp.StatusCode, want)
	}
	return nil
}
