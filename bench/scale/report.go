package main

import (
	"fmt"
	"io"
	"runtime"
	"time"
)

// report is everything measured, printed at the end.
type report struct {
	opts                  options
	started               time.Time
	loadBefore, loadAfter string
	gen                   string

	pages       []pageTiming
	export      usage
	exportBytes int
	exportErr   string
	snapshot    usage
	snapshotErr string
	themes      usage
	themeCount  int
	themesErr   string
	load        []loadRun
}

// Targets of issue 21.
const (
	targetP99          = 200 * time.Millisecond
	targetSnapshot     = 60 * time.Second
	targetSnapshotHeap = 4 << 30
	targetReplicaShare = 0.40
)

func (r *report) print(w io.Writer) {
	fmt.Fprintf(w, "Kindred scale benchmark, %s UTC, GOMAXPROCS=%d, %s\n", r.started.UTC().Format("2006-01-02 15:04"),
		runtime.GOMAXPROCS(0), runtime.Version())
	fmt.Fprintf(w, "load average before %s, after %s; took %s\n\n", r.loadBefore, r.loadAfter, time.Since(r.started).Round(time.Second))
	fmt.Fprintf(w, "%s\n\n", r.gen)
	if len(r.pages) > 0 {
		fmt.Fprintln(w, "Pages, one request at a time (Kindred on the primary alone):")
		fmt.Fprintf(w, "  %-34s %10s %10s %10s %10s\n", "page", "first", "p50", "worst", "KB")
		for _, p := range r.pages {
			if p.err != "" {
				fmt.Fprintf(w, "  %-34s error: %s\n", p.name, p.err)
				continue
			}
			fmt.Fprintf(w, "  %-34s %10s %10s %10s %10.0f\n", p.name, ms(p.first), ms(p.p50), ms(p.worst), float64(p.bytes)/1024)
		}
		fmt.Fprintln(w)
	}
	if r.exportBytes > 0 || r.exportErr != "" {
		fmt.Fprintf(w, "Members export (CSV, streamed): %.1f MB in %s, peak Go heap of the process %s %s\n\n",
			float64(r.exportBytes)/(1<<20), r.export.wall.Round(time.Millisecond), mb(r.export.peakHeap), r.exportErr)
	}
	if r.snapshot.wall > 0 {
		fmt.Fprintf(w, "Monthly snapshot (communities, centralities with sampled betweenness): %s wall, %s CPU, peak Go heap %s %s %s\n",
			r.snapshot.wall.Round(100*time.Millisecond), r.snapshot.cpu.Round(100*time.Millisecond), mb(r.snapshot.peakHeap),
			passFail(r.snapshot.wall < targetSnapshot && r.snapshot.peakHeap < targetSnapshotHeap, "target < 60 s and < 4 GB"), r.snapshotErr)
	}
	if r.themes.wall > 0 {
		fmt.Fprintf(w, "Themes of the stories: %d themes in %s wall, %s CPU, peak Go heap %s %s\n\n",
			r.themeCount, r.themes.wall.Round(100*time.Millisecond), r.themes.cpu.Round(100*time.Millisecond), mb(r.themes.peakHeap), r.themesErr)
	}
	r.printLoad(w)
}

// printLoad prints the load part: one column pair per configuration.
func (r *report) printLoad(w io.Writer) {
	if len(r.load) == 0 {
		return
	}
	fmt.Fprintf(w, "Pages under %d clients, %s each after %s warm-up (req/s, p50, p99, errors):\n", r.opts.clients, r.opts.duration, r.opts.warmup)
	header := fmt.Sprintf("  %-34s", "page")
	for _, l := range r.load {
		header += fmt.Sprintf(" | %-36s", l.name)
	}
	fmt.Fprintln(w, header)
	worst := make([]time.Duration, len(r.load))
	for i := range r.load[0].results {
		line := fmt.Sprintf("  %-34s", r.load[0].results[i].route.name)
		for k, l := range r.load {
			res := l.results[i]
			p99 := res.percentile(0.99)
			worst[k] = max(worst[k], p99)
			line += fmt.Sprintf(" | %6.1f/s %8s %8s %4d err", res.rate(), ms(res.percentile(0.5)), ms(p99), res.errors)
		}
		fmt.Fprintln(w, line)
	}
	for _, l := range r.load {
		reads := l.primaryReads + l.replicaReads
		share := 0.0
		if reads > 0 {
			share = float64(l.replicaReads) / float64(reads)
		}
		fmt.Fprintf(w, "  %s: %d reads on the primary, %d on replicas (%.0f%%), %d fallbacks %s\n", l.name, l.primaryReads,
			l.replicaReads, 100*share, l.fallbacks, l.replicaStatus)
		if l.replicaStatus != "" {
			fmt.Fprintf(w, "  replica share of reads: %s\n", passFail(share >= targetReplicaShare, "target ≥ 40%"))
		}
		for _, res := range l.results {
			if res.firstErr != "" {
				fmt.Fprintf(w, "  first error on %s: %s\n", res.route.name, res.firstErr)
			}
		}
	}
	for k, l := range r.load {
		fmt.Fprintf(w, "  every page p99 < 200 ms, %s: worst %s %s\n", l.name, ms(worst[k]), passFail(worst[k] < targetP99, ""))
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func passFail(ok bool, what string) string {
	s := "MISSED"
	if ok {
		s = "met"
	}
	if what != "" {
		return s + " (" + what + ")"
	}
	return s
}
