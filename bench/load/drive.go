package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"
)

// result is what one route measured.
type result struct {
	route    route
	ok       int             // answers with the wanted status
	errors   int             // other statuses and transport errors
	elapsed  time.Duration   // from the first request to the last answer
	lat      []time.Duration // latencies of the ok answers, sorted
	firstErr string          // the first error, to explain the count
}

// rate is successful answers per second.
func (r result) rate() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.ok) / r.elapsed.Seconds()
}

// percentile returns the latency that a fraction p of ok answers beat or met
// (nearest rank), or 0 without answers.
func (r result) percentile(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(r.lat)))) - 1
	return r.lat[min(max(i, 0), len(r.lat)-1)]
}

// newClient returns a client for one route: one connection per client kept
// alive between requests, loopback without a proxy, redirects not followed
// (a redirect to the sign-in page is an error, not a page).
func newClient(clients int) *http.Client {
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        clients,
		MaxIdleConnsPerHost: clients,
		MaxConnsPerHost:     clients,
		IdleConnTimeout:     90 * time.Second,
	}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second, CheckRedirect: noRedirects.CheckRedirect}
}

// drive runs r from clients goroutines: unmeasured for warmup, then measured
// for d. Each goroutine sends one request at a time and stops at the
// deadline (or when ctx ends), so the loop is bounded by time.
func drive(ctx context.Context, r route, clients int, warmup, d time.Duration) result {
	client := newClient(clients)
	defer client.CloseIdleConnections()
	if warmup > 0 {
		runFor(ctx, client, r, clients, warmup, 1<<20)
	}
	return runFor(ctx, client, r, clients, d, 0)
}

// runFor sends requests for d; offset keeps request numbers (and so story
// texts) of the warm-up apart from the measured ones.
func runFor(ctx context.Context, client *http.Client, r route, clients int, d time.Duration, offset int) result {
	res := result{route: r}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	deadline := start.Add(d)
	for c := range clients {
		wg.Go(func() {
			w := worker(ctx, client, r, c, offset, deadline)
			mu.Lock()
			defer mu.Unlock()
			res.merge(w)
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	slices.Sort(res.lat)
	return res
}

// worker is one client's request loop.
func worker(ctx context.Context, client *http.Client, r route, c, offset int, deadline time.Time) result {
	var w result
	for i := offset; time.Now().Before(deadline) && ctx.Err() == nil; i++ {
		t0 := time.Now()
		err := once(ctx, client, r, c, i)
		if err != nil {
			if ctx.Err() != nil {
				break // interrupted, not the server's fault
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
	return w
}

// merge adds one worker's counts to res.
func (res *result) merge(w result) {
	res.ok += w.ok
	res.errors += w.errors
	res.lat = append(res.lat, w.lat...)
	if res.firstErr == "" {
		res.firstErr = w.firstErr
	}
}

// once sends one request and reads the whole answer, as a browser would.
func once(ctx context.Context, client *http.Client, r route, c, i int) error {
	req, err := newRequest(ctx, r, c, i)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return fmt.Errorf("read body: %w", err)
	}
	if resp.StatusCode != r.want {
		return fmt.Errorf("status %d, want %d", resp.StatusCode, r.want)
	}
	return nil
}
