// Command load is Kindred's load benchmark. It builds the real binary, starts
// `kindred demo --size large` as a child process on a temporary SQLite file,
// signs in as the demo administrator, creates an API token, and drives the
// main pages and the JSON API from concurrent clients over loopback for a
// fixed time per route. In the same run it drives a bare net/http handler the
// same way, so API throughput can be read as a share of what the machine can
// serve at all. It prints requests, errors, throughput and p50/p99 latency
// per route, with the targets of issue 10:
//
//	go run ./bench/load                    # large demo, 32 clients, 10 s per route
//	go run ./bench/load --size medium      # the size the API-list target is set on
//	go run ./bench/load --rev HEAD         # build the last commit, not the working tree
//
// It stops by itself and stops the child process on exit, also on Ctrl+C.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"syscall"
	"time"
)

// options are the command-line settings.
type options struct {
	size         string
	seed         uint64
	clients      int
	duration     time.Duration
	warmup       time.Duration
	readyTimeout time.Duration
	rev          string
}

func main() {
	opts := parseFlags()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, opts)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

func parseFlags() options {
	var o options
	flag.StringVar(&o.size, "size", "large", "demo network size: small, medium or large")
	flag.Uint64Var(&o.seed, "seed", 1, "demo network seed")
	flag.IntVar(&o.clients, "clients", 32, "concurrent clients (and connections) per route")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "measured time per route")
	flag.DurationVar(&o.warmup, "warmup", time.Second, "unmeasured time per route before measuring")
	flag.DurationVar(&o.readyTimeout, "ready-timeout", 20*time.Minute, "how long to wait for the demo network to be generated")
	flag.StringVar(&o.rev, "rev", "", "build this committed revision (e.g. HEAD) instead of the working tree")
	flag.Parse()
	if o.clients < 1 || o.duration <= 0 || o.warmup < 0 {
		fmt.Fprintln(os.Stderr, "load: --clients must be at least 1, --duration positive and --warmup not negative")
		os.Exit(2)
	}
	return o
}

// run builds and starts Kindred, measures every route and prints the table.
// Everything it starts is stopped, and its temporary files removed, before it
// returns.
func run(ctx context.Context, o options) error {
	started, loadBefore := time.Now(), loadAverage()
	dir, err := os.MkdirTemp("", "kindred-load-")
	if err != nil {
		return fmt.Errorf("temporary directory: %w", err)
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "kindred")
	built, err := buildKindred(ctx, bin, dir, o.rev)
	if err != nil {
		return err
	}
	k, err := startKindred(ctx, bin, dir, o)
	if err != nil {
		return err
	}
	defer k.stop()
	plan, err := prepare(ctx, k)
	if err != nil {
		return err
	}
	bare, err := startBare(plan.membersBytes)
	if err != nil {
		return err
	}
	defer bare.close()
	results, err := measureAll(ctx, plan.routes(bare.url), o)
	if err != nil {
		return err
	}
	rep := report{opts: o, built: built, demo: k.summary, results: results, notes: plan.notes,
		loadBefore: loadBefore, loadAfter: loadAverage(), procs: runtime.GOMAXPROCS(0), started: started}
	rep.print(os.Stdout)
	k.printLogTail(os.Stdout, hasErrors(results))
	return nil
}

// measureAll drives each route in turn, printing progress on stderr.
func measureAll(ctx context.Context, routes []route, o options) ([]result, error) {
	var results []result
	for i, r := range routes {
		fmt.Fprintf(os.Stderr, "[%d/%d] %s …", i+1, len(routes), r.label())
		res := drive(ctx, r, o.clients, o.warmup, o.duration)
		if err := ctx.Err(); err != nil {
			fmt.Fprintln(os.Stderr, " interrupted")
			return nil, fmt.Errorf("measure %s: %w", r.label(), err)
		}
		fmt.Fprintf(os.Stderr, " %.0f req/s, %d errors\n", res.rate(), res.errors)
		results = append(results, res)
	}
	return results, nil
}

func hasErrors(results []result) bool {
	for _, r := range results {
		if r.errors > 0 {
			return true
		}
	}
	return false
}
