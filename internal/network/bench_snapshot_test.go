package network

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkSnapshot times what a monthly snapshot computes from the graph
// (Analyze and SuggestWeaving, side by side) on ledgers of the xlarge demo's shape: 300,000
// members, 3 million ties, 5,000 organizations, and a tenth of it for quick
// iterations. It reports wall time, this process's CPU time and the peak
// live Go heap (sampled every 20 ms, the graph included). Run one size with
//
//	go test -run '^$' -bench 'Snapshot/members=300000' -benchtime 1x ./internal/network/
func BenchmarkSnapshot(b *testing.B) {
	for _, fraction := range []float64{0.1, 1} {
		shape := LedgerShape{Members: int(300000 * fraction), Ties: int(3000000 * fraction),
			Organizations: int(5000 * fraction), Cities: 200, WithinOrg: 0.6, Seed: 1}
		b.Run(fmt.Sprintf("members=%d", shape.Members), func(b *testing.B) {
			g, err := Generate(shape)
			if err != nil {
				b.Fatal(err)
			}
			profiles := benchProfiles(g, 1)
			runtime.GC()
			b.ResetTimer()
			for b.Loop() {
				// Side by side, as emergence.Take runs them.
				m := startHeapMeter()
				var wg sync.WaitGroup
				wg.Go(func() { SuggestWeaving(g, profiles, "organization", 12) })
				_, err := Analyze(g, Options{Seed: 1})
				wg.Wait()
				if err != nil {
					b.Fatal(err)
				}
				wall, cpu, peak := m.stop()
				b.ReportMetric(wall.Seconds(), "wall-s/op")
				b.ReportMetric(cpu.Seconds(), "cpu-s/op")
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			}
		})
	}
}

// benchProfiles gives every member tags like the xlarge demo's: one to five
// interests out of 25 topics, up to three asks, and about half their
// interests as offers.
func benchProfiles(g *Graph, seed uint64) map[string]Profile {
	r := rand.New(rand.NewPCG(seed, 0x70726f66))
	topics := make([]string, 25)
	for i := range topics {
		topics[i] = fmt.Sprintf("topic %d", i)
	}
	out := make(map[string]Profile, g.Len())
	for i := range g.Len() {
		var p Profile
		for range 1 + r.IntN(5) {
			p.Interests = append(p.Interests, topics[r.IntN(len(topics))])
		}
		for range r.IntN(4) {
			p.Asks = append(p.Asks, topics[r.IntN(len(topics))])
		}
		for _, t := range p.Interests {
			if r.Float64() < 0.45 {
				p.Offers = append(p.Offers, t)
			}
		}
		out[g.ID(i)] = p
	}
	return out
}

// heapMeter measures wall time, CPU time and the peak live Go heap, like
// bench/scale's meter.
type heapMeter struct {
	t0   time.Time
	cpu0 time.Duration
	peak atomic.Uint64
	quit chan struct{}
	wg   sync.WaitGroup
}

func startHeapMeter() *heapMeter {
	m := &heapMeter{t0: time.Now(), cpu0: processCPU(), quit: make(chan struct{})}
	m.peak.Store(liveHeap())
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-m.quit:
				return
			case <-t.C:
				if h := liveHeap(); h > m.peak.Load() {
					m.peak.Store(h)
				}
			}
		}
	}()
	return m
}

func (m *heapMeter) stop() (wall, cpu time.Duration, peak uint64) {
	close(m.quit)
	m.wg.Wait()
	return time.Since(m.t0), processCPU() - m.cpu0, m.peak.Load()
}

// liveHeap is the Go heap's live and not yet swept objects now.
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}
