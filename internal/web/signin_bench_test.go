package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/kindred"
	"github.com/kindredhq/kindred/internal/testutil"
)

// BenchmarkSignInLinkTiming answers POST /signin/link for an address that
// has an account and for one that has none, in turn, and reports the median
// time of each (issue #14 item 13): when they differ, the answer's time tells
// a stranger who has an account. "quiet" waits for the background jobs to
// finish between requests, so each request is timed alone; "back-to-back"
// sends them as fast as they are answered. Run it with a fixed count:
//
//	go test -run '^$' -bench SignInLinkTiming -benchtime 400x ./internal/web/
func BenchmarkSignInLinkTiming(b *testing.B) {
	for _, e := range testutil.Engines(b) {
		for _, quiet := range []bool{true, false} {
			name := e.Name + "/back-to-back"
			if quiet {
				name = e.Name + "/quiet"
			}
			b.Run(name, func(b *testing.B) { benchSignInLinkTiming(b, e, quiet) })
		}
	}
}

func benchSignInLinkTiming(b *testing.B, e testutil.Engine, quiet bool) {
	clock := newManualClock()
	opts := testutil.ServerOptions{Clock: clock.Now}
	if e.Name != "sqlite" {
		opts.DSN = e.DSN(b)
	}
	srv := testutil.StartServer(b, opts)
	known := testutil.CreateAccount(b, srv.Store, "known@example.org", kindred.RoleMember)
	c := testutil.Client()
	times := map[string][]time.Duration{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		clock.Advance(time.Hour) // stay under the rate limits, which would answer early
		for j, who := range []string{"known", "unknown"} {
			if i%2 == 1 { // alternate which goes first
				who = []string{"unknown", "known"}[j]
			}
			email := known.Email
			if who == "unknown" {
				email = fmt.Sprintf("nobody%d@example.org", i)
			}
			if quiet {
				waitForNoJobs(b, srv)
			}
			start := time.Now()
			resp, err := c.PostForm(srv.URL+"/signin/link", url.Values{"email": {email}})
			times[who] = append(times[who], time.Since(start))
			if err != nil {
				b.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Fatalf("POST /signin/link for the %s address: status %d", who, resp.StatusCode)
			}
		}
	}
	b.StopTimer()
	k, u := median(times["known"]), median(times["unknown"])
	b.ReportMetric(ms(k), "known-ms")
	b.ReportMetric(ms(u), "unknown-ms")
	b.ReportMetric(ms(k)-ms(u), "diff-ms")
	b.Logf("median known %.2f ms, unknown %.2f ms over %d requests each", ms(k), ms(u), b.N)
}

// waitForNoJobs waits until no job is waiting or running. It polls: the
// benchmark must also run on code whose requests schedule no job.
func waitForNoJobs(b *testing.B, srv *testutil.Server) {
	b.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		err := srv.Store.DB().QueryRow(`SELECT COUNT(*) FROM river_job WHERE state IN ('available', 'running', 'retryable', 'pending')`).Scan(&n)
		if err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			return
		}
		time.Sleep(time.Millisecond)
	}
	b.Fatal("jobs still pending after 30s")
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
