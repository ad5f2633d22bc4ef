// Package seatgen generates seating instances reproducibly for benchmarks
// and tests: organizations of very unequal (Zipf-like) sizes, a share of
// hosts and a random history of who already met.
package seatgen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/kindredhq/kindred/internal/seating"
)

// Config describes an instance family; the same Config gives the same instance.
type Config struct {
	Guests int
	Orgs   int
	// Zipf is the exponent of organization sizes: the k-th organization
	// gets a share proportional to 1/k^Zipf.
	Zipf float64
	// HostShare is the share of guests who host, capped at MaxHosts.
	HostShare float64
	MaxHosts  int
	// HistoryPairs is the number of distinct pairs who already met, 1–3 times.
	HistoryPairs int
	Seed         uint64
}

// Generate builds the guests and history of an instance. It panics if the
// config asks for more history pairs than there are pairs.
func Generate(c Config) ([]seating.Guest, []seating.Meeting) {
	rng := rand.New(rand.NewPCG(c.Seed, 0x5ea7))
	sizes := orgSizes(c.Guests, max(min(c.Orgs, c.Guests), 1), c.Zipf)
	guests := make([]seating.Guest, 0, c.Guests)
	for o, s := range sizes {
		for range s {
			guests = append(guests, seating.Guest{
				ID:  fmt.Sprintf("g%04d", len(guests)+1),
				Org: fmt.Sprintf("org%02d", o+1),
			})
		}
	}
	rng.Shuffle(len(guests), func(i, j int) { guests[i], guests[j] = guests[j], guests[i] })
	hosts := min(int(math.Round(c.HostShare*float64(c.Guests))), c.MaxHosts)
	for i := range max(hosts, 0) {
		guests[i].Host = true
	}
	rng.Shuffle(len(guests), func(i, j int) { guests[i], guests[j] = guests[j], guests[i] })
	return guests, history(rng, guests, c.HistoryPairs)
}

// orgSizes splits n guests over k organizations by largest remainder, at
// least one each.
func orgSizes(n, k int, s float64) []int {
	w := make([]float64, k)
	total := 0.0
	for i := range w {
		w[i] = 1 / math.Pow(float64(i+1), s)
		total += w[i]
	}
	sizes := make([]int, k)
	rest := make([]float64, k)
	used := 0
	for i := range w {
		exact := float64(n-k) * w[i] / total
		sizes[i] = 1 + int(exact)
		rest[i] = exact - float64(int(exact))
		used += sizes[i]
	}
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case rest[a] > rest[b]:
			return -1
		case rest[a] < rest[b]:
			return 1
		}
		return 0
	})
	for i := 0; used < n; i++ {
		sizes[order[i%k]]++
		used++
	}
	return sizes
}

func history(rng *rand.Rand, guests []seating.Guest, n int) []seating.Meeting {
	g := len(guests)
	if n > g*(g-1)/2 {
		panic(fmt.Sprintf("seatgen: %d history pairs asked, only %d pairs exist", n, g*(g-1)/2))
	}
	seen := make(map[[2]int]bool, n)
	out := make([]seating.Meeting, 0, n)
	for len(out) < n {
		a, b := rng.IntN(g), rng.IntN(g)
		if a == b {
			continue
		}
		a, b = min(a, b), max(a, b)
		if seen[[2]int{a, b}] {
			continue
		}
		seen[[2]int{a, b}] = true
		times := 1
		switch x := rng.IntN(10); {
		case x == 0:
			times = 3
		case x < 3:
			times = 2
		}
		out = append(out, seating.Meeting{A: guests[a].ID, B: guests[b].ID, Times: times})
	}
	return out
}
