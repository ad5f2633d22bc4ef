package seating

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
)

func TestDesignsSeatEveryoneWithoutRepeats(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		guests, size int
		rounds       int
	}{
		{"rows over Z_2^3 (8-4-8)", 32, 4, 8},
		{"rows and a row split (8-4-9)", 32, 4, 9},
		{"orbit (8-4-10, the original golfer problem)", 32, 4, 10},
		{"pairs (16-4-21, the most rounds 64 guests allow)", 64, 4, 21},
		{"pairs (4-4-5)", 16, 4, 5},
		{"rows over Z_10 (10-4-7)", 40, 4, 7},
		{"rows (10-6-6)", 60, 6, 6},
		{"rows (15-8-5)", 120, 8, 5},
		{"orbit over Z_6 (6-3-6)", 18, 3, 6},
		{"rows with a short row (30 guests, tables of 4)", 30, 4, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := Problem{TableSize: tt.size, Rounds: tt.rounds}
			for i := range tt.guests {
				p.Guests = append(p.Guests, Guest{ID: fmt.Sprint("g", i), Org: fmt.Sprint("o", i)})
			}
			m, err := build(p, DefaultWeights())
			if err != nil {
				t.Fatal(err)
			}
			d := m.findDesign()
			if d == nil {
				t.Fatal("findDesign() = nil")
			}
			s := newState(m)
			s.loadDesign(d, rand.New(rand.NewPCG(1, 1)))
			plan := m.plan(s.snapshot(nil))
			if bad := checkPlan(p, plan); len(bad) > 0 {
				t.Fatalf("broken constraints %v", bad)
			}
			if got := plan.Score.RepeatPairs; got != 0 {
				t.Errorf("repeats = %d, want 0", got)
			}
			// With full tables every guest meets the most people possible;
			// a short row leaves the missing seats unevenly spread, which
			// the search then evens out.
			if got, want := s.objective(), m.objectiveBound(); tt.guests%tt.size == 0 && got < want-1e-6 {
				t.Errorf("objective %.2f below the bound %.2f", got, want)
			}
		})
	}
}

func TestDesignSeatsColleaguesApart(t *testing.T) {
	t.Parallel()
	// 40 guests from 8 organizations of 5 at tables of 4 for 7 rounds:
	// two organizations fill a row of the design, and a row never meets.
	p := golferProblem(10, 4, 7, false)
	for i := range p.Guests {
		p.Guests[i].Org = fmt.Sprint("org", i%8)
	}
	plan, err := Solve(context.Background(), p, Options{Seed: 3})
	if err != nil {
		t.Fatalf("Solve() error = %v", err)
	}
	if s := plan.Score; s.RepeatPairs != 0 || s.SameOrgPairs != 0 || !plan.Optimal {
		t.Errorf("repeats %d, same-org %d, optimal %v; want 0, 0, true", s.RepeatPairs, s.SameOrgPairs, plan.Optimal)
	}
	if plan.Iterations > 10 {
		t.Errorf("%d moves: the design should have met the bound at once", plan.Iterations)
	}
}

func TestDesignsStayOutOfConstrainedGatherings(t *testing.T) {
	t.Parallel()
	base := func() Problem { return golferProblem(8, 4, 8, false) }
	tests := []struct {
		name   string
		change func(*Problem)
	}{
		{"hosts", func(p *Problem) { p.Guests[0].Host = true }},
		{"pins", func(p *Problem) { p.Pins = []Pin{{Guest: "g1", Round: 0, Table: 2}} }},
		{"keep-together", func(p *Problem) { p.Together = []Pair{{"g1", "g2"}} }},
		{"languages", func(p *Problem) { p.Guests[3].Languages = []string{"fr"} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.change(&p)
			m, err := build(p, DefaultWeights())
			if err != nil {
				t.Fatal(err)
			}
			if d := m.findDesign(); d != nil {
				t.Errorf("findDesign() gave a design although the gathering has %s", tt.name)
			}
		})
	}
}

func TestDifferenceArray(t *testing.T) {
	t.Parallel()
	for _, g := range []group{{n: 7}, {n: 8, xor: true}, {n: 10}} {
		rows, weeks := 4, 6
		c := differenceArray(g, rows, weeks)
		if c == nil {
			t.Fatalf("%+v: no difference array", g)
		}
		for i := range rows {
			for k := i + 1; k < rows; k++ {
				seen := map[int]bool{}
				for w := range weeks {
					d := g.sub(c[k][w], c[i][w])
					if seen[d] {
						t.Errorf("%+v: rows %d and %d repeat difference %d", g, i, k, d)
					}
					seen[d] = true
				}
			}
		}
	}
}
