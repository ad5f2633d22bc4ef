package seating

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkStep measures one annealing move with incremental evaluation on
// an instance of the scale target's shape (seatgen cannot be imported here).
func BenchmarkStep(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	p := Problem{TableSize: 8, Rounds: 3}
	for i := range 1000 {
		p.Guests = append(p.Guests, Guest{ID: fmt.Sprint(i), Org: fmt.Sprint(rng.IntN(100)), Host: i < 100})
	}
	for range 20000 {
		if a, c := rng.IntN(1000), rng.IntN(1000); a != c {
			p.History = append(p.History, Meeting{fmt.Sprint(a), fmt.Sprint(c), 1})
		}
	}
	m, err := build(p, DefaultWeights())
	if err != nil {
		b.Fatal(err)
	}
	c := newChain(m, 1, 0)
	if err := c.s.construct(c.rng); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		c.step(0.1)
	}
}
