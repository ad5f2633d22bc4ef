// Command stories benchmarks sustained story submissions: it starts the real
// Kindred server (the same wiring as kindred serve) on loopback, on SQLite
// and on PostgreSQL, and drives POST /api/v1/campaigns/{slug}/stories from
// concurrent clients for a fixed time, then prints stories per second and
// latency percentiles:
//
//	go run ./bench/stories                      # SQLite only
//	go run ./bench/stories -pg postgres://…     # and PostgreSQL (a fresh database is created and dropped)
//
// Every story is committed before its 201, so the figures include the
// durable write (SQLite WAL with synchronous=NORMAL; PostgreSQL defaults).
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/kindredhq/kindred/internal/app"
	"github.com/kindredhq/kindred/internal/config"
	"github.com/kindredhq/kindred/internal/demo"
	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/store"
)

func main() {
	pg := flag.String("pg", os.Getenv("KINDRED_TEST_POSTGRES"), "PostgreSQL server DSN (empty: SQLite only)")
	seconds := flag.Float64("seconds", 10, "duration of each run")
	conc := flag.String("c", "1,8,32", "concurrent clients, comma-separated")
	flag.Parse()
	fmt.Printf("story submission benchmark (GOMAXPROCS=%d, %s, %.0fs per run)\n\n", runtime.GOMAXPROCS(0), runtime.Version(), *seconds)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "engine\tclients\tstories\tstories/s\tp50 ms\tp99 ms\tmax ms\terrors\t")
	engines := []string{"sqlite"}
	if *pg != "" {
		engines = append(engines, "postgres")
	}
	for _, e := range engines {
		for _, c := range parseInts(*conc) {
			r, err := runOne(e, *pg, c, time.Duration(*seconds*float64(time.Second)))
			if err != nil {
				fmt.Fprintf(os.Stderr, "%s, %d clients: %v\n", e, c, err)
				os.Exit(1)
			}
			fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%.1f\t%.1f\t%.1f\t%d\t\n", e, c, r.n, r.rate, ms(r.p50), ms(r.p99), ms(r.max), r.errors)
			fmt.Fprintf(os.Stderr, "  done: %s with %d clients\n", e, c)
		}
	}
	tw.Flush()
}

type result struct {
	n, errors     int
	rate          float64
	p50, p99, max time.Duration
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func parseInts(s string) []int {
	var out []int
	for _, p := range strings.Split(s, ",") {
		var n int
		if _, err := fmt.Sscan(strings.TrimSpace(p), &n); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// runOne starts a server on a fresh database and measures one load level.
func runOne(engine, pgAdmin string, clients int, d time.Duration) (result, error) {
	dsn, cleanup, err := freshDB(engine, pgAdmin)
	if err != nil {
		return result{}, err
	}
	defer cleanup()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, token, stop, err := startServer(ctx, dsn)
	if err != nil {
		return result{}, err
	}
	defer stop()
	return drive(base, token, clients, d), nil
}

// freshDB returns an empty database for the engine and a function that
// removes it.
func freshDB(engine, pgAdmin string) (string, func(), error) {
	if engine == "sqlite" {
		dir, err := os.MkdirTemp("", "kindred-bench-")
		if err != nil {
			return "", nil, err
		}
		return filepath.Join(dir, "bench.db"), func() { os.RemoveAll(dir) }, nil
	}
	admin, err := sql.Open("pgx", pgAdmin)
	if err != nil {
		return "", nil, err
	}
	name := fmt.Sprintf("kbench_%d", time.Now().UnixNano())
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		return "", nil, err
	}
	u, err := url.Parse(pgAdmin)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	u.Path = "/" + name
	return u.String(), func() {
		_, _ = admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	}, nil
}

// startServer runs the real app on 127.0.0.1:0 with an open campaign and an
// organizer's token (token holders are not rate limited).
func startServer(ctx context.Context, dsn string) (string, string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", "", nil, err
	}
	base := "http://" + ln.Addr().String()
	cfg := config.Config{Addr: ln.Addr().String(), DB: dsn, BaseURL: base}
	cfg.Defaults()
	a, err := app.New(ctx, cfg, app.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return "", "", nil, err
	}
	var token string
	err = a.Store.WithTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.CreateCampaign(ctx, demo.BrightSpots(a.Store.Now())); err != nil {
			return err
		}
		acct, err := tx.CreateAccount(ctx, kindred.NewAccount{Email: "bench@example.org", Role: kindred.RoleAdmin}, "")
		if err != nil {
			return err
		}
		token, _, err = tx.CreateAPIToken(ctx, acct.ID, "bench")
		return err
	})
	if err != nil {
		a.Close()
		return "", "", nil, err
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.Serve(sctx, ln) }()
	return base, token, func() { cancel(); <-done; a.Close() }, nil
}

// drive posts stories from clients goroutines for d and reports throughput
// and latency of the acknowledged ones.
func drive(base, token string, clients int, d time.Duration) result {
	var mu sync.Mutex
	var lat []time.Duration
	errs := 0
	deadline := time.Now().Add(d)
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var mine []time.Duration
			bad := 0
			for i := 0; time.Now().Before(deadline); i++ {
				t0 := time.Now()
				if err := post(client, base, token, c, i); err != nil {
					bad++
					continue
				}
				mine = append(mine, time.Since(t0))
			}
			mu.Lock()
			lat = append(lat, mine...)
			errs += bad
			mu.Unlock()
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	r := result{n: len(lat), errors: errs, rate: float64(len(lat)) / elapsed.Seconds()}
	if len(lat) > 0 {
		r.p50, r.p99, r.max = lat[len(lat)/2], lat[min(len(lat)-1, len(lat)*99/100)], lat[len(lat)-1]
	}
	return r
}

var sampleText = strings.Repeat("Neighbours called neighbours and the council listened. ", 8)

func post(client *http.Client, base, token string, c, i int) error {
	body, _ := json.Marshal(map[string]any{
		"text": fmt.Sprintf("%s (client %d, story %d)", sampleText, c, i), "lang": "en", "consent": "network", "anonymous": true,
		"signifiers": map[string]any{"energy": i % 101, "drivers": []int{c + 1, i%7 + 1, 3}, "scale": "Local", "tactics": []string{"Events"}},
		"context":    map[string]string{"region": "Europe", "organization": "Open Doors"},
	})
	req, _ := http.NewRequest("POST", base+"/api/v1/campaigns/bright-spots/stories", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}
