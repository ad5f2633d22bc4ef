// Command scale is Kindred's benchmark on the xlarge demo network (300,000
// members, 5,000 organizations, 3 million ties, 200 cities, two years of
// weekly dinners, 100,000 stories) on PostgreSQL with a streaming replica:
//
//	go run ./bench/scale                          # generate xlarge in a scratch cluster, measure, remove it
//	go run ./bench/scale --dir D --keep           # keep the cluster in D; a later run with --dir D reuses it
//	go run ./bench/scale --fraction 0.1           # a tenth of the xlarge demo, for a quicker run
//
// It runs a PostgreSQL primary of its own (initdb, see internal/pgcluster),
// generates the demo into it (timed), copies it into a streaming replica
// with pg_basebackup, then measures in this process: single requests to the
// main pages, a monthly Emergence snapshot and the themes of the stories
// (wall time, CPU time, peak Go heap), an export's peak heap, and every page
// under N concurrent clients against Kindred on the primary alone and on the
// primary with the replica. It prints one table per part and the targets of
// issue 21 with pass/fail.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// options are the command-line settings.
type options struct {
	dir      string
	keep     bool
	fraction float64
	seed     uint64
	clients  int
	duration time.Duration
	warmup   time.Duration
	skip     map[string]bool
	// skipRoute names pages left out of the single and load parts.
	skipRoute map[string]bool
	profile   string // CPU profile of the snapshot, when set
}

func main() {
	o := parseFlags()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, o)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
}

func parseFlags() options {
	var o options
	var skip, skipRoute string
	flag.StringVar(&o.dir, "dir", "", "cluster directory (kept, and reused when it holds a generated demo); empty: a temporary one")
	flag.BoolVar(&o.keep, "keep", false, "leave the servers' data in --dir for the next run (they are stopped either way)")
	flag.Float64Var(&o.fraction, "fraction", 1, "generate this fraction (0 < f <= 1) of the xlarge demo")
	flag.Uint64Var(&o.seed, "seed", 1, "demo network seed")
	flag.IntVar(&o.clients, "clients", 32, "concurrent clients per route in the load part")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "measured time per route in the load part")
	flag.DurationVar(&o.warmup, "warmup", 2*time.Second, "unmeasured time per route first")
	flag.StringVar(&o.profile, "snapshot-cpuprofile", "", "write a CPU profile of the snapshot to this file")
	flag.StringVar(&skipRoute, "skip-route", "", "comma-separated page names to leave out, as the report names them (e.g. \"Emergence map data\")")
	flag.StringVar(&skip, "skip", "", "comma-separated parts to skip: pages, snapshot, themes, export, load")
	flag.Parse()
	if o.fraction <= 0 || o.fraction > 1 || o.clients < 1 || o.duration <= 0 {
		fmt.Fprintln(os.Stderr, "scale: --fraction must be in (0, 1], --clients at least 1, --duration positive")
		os.Exit(2)
	}
	o.skip = map[string]bool{}
	for _, s := range splitComma(skip) {
		o.skip[s] = true
	}
	o.skipRoute = map[string]bool{}
	for _, s := range splitComma(skipRoute) {
		o.skipRoute[s] = true
	}
	return o
}

// run sets up the cluster and runs every part not skipped.
func run(ctx context.Context, o options) error {
	started, loadBefore := time.Now(), loadAverage()
	cl, err := openCluster(ctx, o)
	if err != nil {
		return err
	}
	defer cl.close()
	rep := &report{opts: o, started: started, loadBefore: loadBefore, gen: cl.gen}
	if err := measureSingle(ctx, cl, o, rep); err != nil {
		return err
	}
	if !o.skip["load"] {
		if err := measureLoad(ctx, cl, o, rep); err != nil {
			return err
		}
	}
	rep.loadAfter = loadAverage()
	rep.print(os.Stdout)
	return nil
}
