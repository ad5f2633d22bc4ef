package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/kindredhq/kindred/internal/emergence"
	"github.com/kindredhq/kindred/internal/sensemaking"
)

// usage is what a meter measured.
type usage struct {
	wall, cpu time.Duration
	peakHeap  uint64 // the most live Go heap seen, sampled every 20 ms
}

// meter measures wall time, this process's CPU time and its peak Go heap.
type meter struct {
	t0    time.Time
	cpu0  time.Duration
	peak  atomic.Uint64
	quit  chan struct{}
	wg    sync.WaitGroup
	heap0 uint64
}

func startMeter() *meter {
	m := &meter{t0: time.Now(), cpu0: cpuTime(), quit: make(chan struct{}), heap0: heapBytes()}
	m.peak.Store(m.heap0)
	m.wg.Go(func() {
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-m.quit:
				return
			case <-t.C:
				if h := heapBytes(); h > m.peak.Load() {
					m.peak.Store(h)
				}
			}
		}
	})
	return m
}

func (m *meter) stop() usage {
	close(m.quit)
	m.wg.Wait()
	return usage{wall: time.Since(m.t0), cpu: cpuTime() - m.cpu0, peakHeap: m.peak.Load()}
}

// heapBytes is the Go heap's live and not yet swept objects now.
func heapBytes() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// cpuTime is the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAverage is /proc/loadavg's first three fields.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func mb(b uint64) string { return fmt.Sprintf("%.0f MB", float64(b)/(1<<20)) }

// pageTiming is one page asked for alone, one request at a time.
type pageTiming struct {
	name       string
	first      time.Duration // the first request (cold caches)
	p50, worst time.Duration // of the next ones
	bytes      int
	err        string
}

// singleRuns is how many requests after the first each page gets.
const singleRuns = 10

// measureSingle runs the parts on Kindred over the primary alone: the
// snapshot (first, so the Emergence page has one), single page requests,
// the export and the themes.
func measureSingle(ctx context.Context, cl *cluster, o options, rep *report) error {
	s, err := startServer(ctx, cl.primary, nil, filepath.Join(cl.pg.Root, "kindred-single.log"))
	if err != nil {
		return err
	}
	defer s.stop()
	session, err := s.signIn(ctx)
	if err != nil {
		return err
	}
	plan, err := newPlan(ctx, s, cl.primary, o.skipRoute)
	if err != nil {
		return err
	}
	if !o.skip["snapshot"] {
		fmt.Fprintln(os.Stderr, "a monthly snapshot …")
		stopProfile, err := startProfile(o.profile)
		if err != nil {
			return err
		}
		m := startMeter()
		_, err = emergence.Take(ctx, s.app.Store, s.app.Store.Now(), o.seed)
		rep.snapshot = m.stop()
		stopProfile()
		if err != nil {
			rep.snapshotErr = err.Error()
		}
	}
	if !o.skip["pages"] {
		for _, r := range plan.routes {
			fmt.Fprintf(os.Stderr, "page %s …\n", r.name)
			rep.pages = append(rep.pages, timePage(ctx, s.base, session, r))
		}
	}
	if !o.skip["export"] {
		fmt.Fprintln(os.Stderr, "export of the members (CSV) …")
		rep.export, rep.exportBytes, rep.exportErr = timeExport(ctx, s.base, session)
	}
	if !o.skip["themes"] {
		fmt.Fprintln(os.Stderr, "themes of the stories …")
		m := startMeter()
		run, err := sensemaking.Run(ctx, s.app.Store, plan.campaign)
		rep.themes = m.stop()
		if err != nil {
			rep.themesErr = err.Error()
		} else {
			rep.themeCount = len(run.Raw.Themes)
		}
	}
	return nil
}

// startProfile starts a CPU profile into path, or nothing when path is "".
func startProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// timePage requests r once cold, then singleRuns times.
func timePage(ctx context.Context, base string, session *http.Cookie, r route) pageTiming {
	pt := pageTiming{name: r.name}
	var lat []time.Duration
	for i := range singleRuns + 1 {
		t0 := time.Now()
		n, err := get(ctx, base+r.path(i), session, r.want)
		if err != nil {
			pt.err = err.Error()
			return pt
		}
		d := time.Since(t0)
		if i == 0 {
			pt.first, pt.bytes = d, n
			continue
		}
		lat = append(lat, d)
	}
	slices.Sort(lat)
	pt.p50, pt.worst = lat[len(lat)/2], lat[len(lat)-1]
	return pt
}

// timeExport downloads the members export, measuring this process's peak
// heap while Kindred streams it.
func timeExport(ctx context.Context, base string, session *http.Cookie) (usage, int, string) {
	m := startMeter()
	n, err := get(ctx, base+"/network/export/members.csv", session, http.StatusOK)
	u := m.stop()
	if err != nil {
		return u, n, err.Error()
	}
	return u, n, ""
}

// get asks for url with the session and reads the whole answer, returning
// its size.
func get(ctx context.Context, u string, session *http.Cookie, want int) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.AddCookie(session)
	resp, err := noRedirects.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return int(n), err
	}
	if resp.StatusCode != want {
		return int(n), fmt.Errorf("GET %s: status %d, want %d", u, resp.StatusCode, want)
	}
	return int(n), nil
}
