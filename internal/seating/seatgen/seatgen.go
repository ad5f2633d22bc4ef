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

// SeasonConfig describes a season: a cohort and its dinners' guest lists.
type SeasonConfig struct {
	Cohort, Orgs int
	Zipf         float64
	HostShare    float64
	Dinners      int
	// Attend is the share of the cohort coming to the first dinner.
	Attend float64
	// ChangeMin and ChangeMax bound the share of the cohort whose RSVP
	// flips from one guest list to the next.
	ChangeMin, ChangeMax float64
	TableSize, Rounds    int
	Seed                 uint64
}

// Season builds a season whose dinners' guest lists drift: each list
// flips the RSVPs of ChangeMin–ChangeMax of the cohort from the one before,
// half of them cancelling and half joining.
func Season(c SeasonConfig) seating.SeasonProblem {
	guests, _ := Generate(Config{Guests: c.Cohort, Orgs: c.Orgs, Zipf: c.Zipf, HostShare: c.HostShare,
		MaxHosts: c.Cohort / max(c.TableSize, 2) / 2, Seed: c.Seed})
	rng := rand.New(rand.NewPCG(c.Seed, 0x5ea5))
	coming := make([]bool, c.Cohort)
	for g := range coming {
		coming[g] = rng.Float64() < c.Attend
	}
	p := seating.SeasonProblem{Guests: guests}
	for d := range c.Dinners {
		if d > 0 {
			Drift(rng, coming, c.ChangeMin, c.ChangeMax)
		}
		dn := seating.Dinner{TableSize: c.TableSize, Rounds: c.Rounds}
		for g, ok := range coming {
			if ok {
				dn.Guests = append(dn.Guests, guests[g].ID)
			}
		}
		p.Dinners = append(p.Dinners, dn)
	}
	return p
}

// Drift flips the RSVPs of a share between lo and hi of the cohort, half
// cancelling and half joining (as many as there are).
func Drift(rng *rand.Rand, coming []bool, lo, hi float64) {
	k := int(math.Round((lo + rng.Float64()*(hi-lo)) * float64(len(coming))))
	var in, out []int
	for g, ok := range coming {
		if ok {
			in = append(in, g)
		} else {
			out = append(out, g)
		}
	}
	rng.Shuffle(len(in), func(i, j int) { in[i], in[j] = in[j], in[i] })
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	join := min(k/2+rng.IntN(2)*(k%2), len(out))
	leave := min(k-join, len(in))
	for _, g := range in[:leave] {
		coming[g] = false
	}
	for _, g := range out[:join] {
		coming[g] = true
	}
}
