package diffusion_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kindredhq/kindred/internal/diffusion"
)

// BenchmarkTravelled measures the figure on a large network's scale: 300
// organizations of 10 people, 50 practices adopted by 40 organizations
// each, 200,000 gathering ties over three years, 1,000 shuffles.
func BenchmarkTravelled(b *testing.B) {
	rng := rand.New(rand.NewPCG(5, 6))
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	var ms []diffusion.Membership
	for m := range 3000 {
		ms = append(ms, diffusion.Membership{Member: int64(m), Org: int64(m / 10)})
	}
	var ads []diffusion.Adoption
	for p := range 50 {
		for _, o := range rng.Perm(300)[:40] {
			ads = append(ads, diffusion.Adoption{ID: int64(len(ads) + 1), Practice: int64(p), Org: int64(o), On: start.AddDate(0, 0, rng.IntN(1000))})
		}
	}
	ties := make([]diffusion.Tie, 200_000)
	for i := range ties {
		ties[i] = diffusion.Tie{ID: int64(i), A: int64(rng.IntN(3000)), B: int64(rng.IntN(3000)), Kind: "sat_together", On: start.AddDate(0, 0, rng.IntN(1000))}
	}
	b.ResetTimer()
	for b.Loop() {
		diffusion.Travelled(ads, ties, ms, 1000, 1)
	}
}
