package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"
	"time"
)

// Issue 10's targets.
const (
	pageP99     = 100 * time.Millisecond
	storyRate   = 500.0
	storyP99    = 200 * time.Millisecond
	apiShareMin = 0.30
)

// report is everything the table and its header show.
type report struct {
	opts                  options
	built                 string // what kindred was built from
	demo                  string // "3001 people, 150 organizations, 6 cities."
	results               []result
	notes                 []string
	loadBefore, loadAfter string
	procs                 int
	started               time.Time
}

// print writes the header, the table, the verdicts and the notes.
func (rep report) print(w io.Writer) {
	fmt.Fprintf(w, "\nKindred load benchmark, %s\n", rep.started.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(w, "kindred: built from the %s\n", rep.built)
	fmt.Fprintf(w, "demo network: %s (%s), SQLite on a temporary file\n", rep.opts.size, strings.TrimSuffix(rep.demo, "."))
	fmt.Fprintf(w, "clients: %d concurrent per route over loopback, one route at a time, %s measured after %s warm-up\n",
		rep.opts.clients, rep.opts.duration, rep.opts.warmup)
	fmt.Fprintf(w, "machine: %d CPUs (GOMAXPROCS %d), %s %s/%s; load generator, bare handler and kindred share them\n",
		runtime.NumCPU(), rep.procs, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(w, "load average (1, 5, 15 min) before: %s, after: %s\n\n", rep.loadBefore, rep.loadAfter)
	met, total := rep.table(w)
	fmt.Fprintf(w, "\ntargets met: %d of %d\n", met, total)
	fmt.Fprintf(w, "issue 10 sets the page and story targets on the large demo and the API-list share on the medium demo; this run: %s\n", rep.opts.size)
	for _, n := range rep.notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	for _, r := range rep.results {
		if r.firstErr != "" {
			fmt.Fprintf(w, "first error of %s: %s\n", r.route.label(), r.firstErr)
		}
	}
}

// table writes one row per route and returns how many targets were met of
// how many apply.
func (rep report) table(w io.Writer) (met, total int) {
	bare := rep.bareRate()
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "route\trequests\terrors\treq/s\tp50 ms\tp99 ms\ttarget\tresult")
	for _, r := range rep.results {
		target, verdict, applies, ok := judge(r, bare)
		if applies {
			total++
			if ok {
				met++
			}
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.0f\t%s\t%s\t%s\t%s\n", r.route.label(), r.ok+r.errors, r.errors, r.rate(),
			ms(r.percentile(0.50)), ms(r.percentile(0.99)), target, verdict)
	}
	tw.Flush()
	return met, total
}

// bareRate is the bare handler's mean requests per second over its runs.
func (rep report) bareRate() float64 {
	sum, n := 0.0, 0
	for _, r := range rep.results {
		if r.route.target == baseline {
			sum, n = sum+r.rate(), n+1
		}
	}
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}

// judge holds a result to its route's target. Every target also asks for no
// errors.
func judge(r result, bare float64) (target, verdict string, applies, ok bool) {
	clean := r.errors == 0 && r.ok > 0
	switch r.route.target {
	case baseline:
		return "baseline", fmt.Sprintf("mean %.0f/s", bare), false, false
	case pageTarget:
		ok = clean && r.percentile(0.99) < pageP99
		return fmt.Sprintf("p99 < %d ms", pageP99.Milliseconds()), passFail(ok), true, ok
	case storyTarget:
		ok = clean && r.rate() >= storyRate && r.percentile(0.99) < storyP99
		return fmt.Sprintf("≥ %.0f/s, p99 < %d ms", storyRate, storyP99.Milliseconds()), passFail(ok), true, ok
	case apiTarget:
		share := shareOf(r, bare)
		ok = clean && share >= apiShareMin
		return fmt.Sprintf("≥ %.0f%% of bare", apiShareMin*100), fmt.Sprintf("%s (%.0f%%)", passFail(ok), share*100), true, ok
	case apiShare:
		return "none", fmt.Sprintf("%.0f%% of bare", shareOf(r, bare)*100), false, false
	}
	return "", "", false, false
}

// shareOf is r's requests per second as a share of the bare handler's.
func shareOf(r result, bare float64) float64 {
	if bare <= 0 {
		return 0
	}
	return r.rate() / bare
}

func passFail(ok bool) string {
	if ok {
		return "pass"
	}
	return "FAIL"
}

// ms formats d in milliseconds with three significant digits at most, so
// sub-millisecond latencies do not print as 0.0.
func ms(d time.Duration) string {
	v := float64(d.Microseconds()) / 1000
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 1:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// loadAverage returns the 1, 5 and 15 minute load averages, or a note when
// the system does not say.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unavailable"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unavailable"
	}
	return strings.Join(f[:3], " ")
}
