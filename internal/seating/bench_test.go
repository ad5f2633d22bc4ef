package seating_test

import (
	"context"
	"testing"

	"github.com/kindredhq/kindred/internal/seating"
	"github.com/kindredhq/kindred/internal/seating/seatgen"
)

func benchProblem(guests, orgs, size, rounds, history int, zipf float64) seating.Problem {
	tables := (guests + size - 1) / size
	g, h := seatgen.Generate(seatgen.Config{
		Guests: guests, Orgs: orgs, Zipf: zipf, HostShare: 0.10, MaxHosts: tables,
		HistoryPairs: history, Seed: 1,
	})
	return seating.Problem{Guests: g, History: h, TableSize: size, Rounds: rounds}
}

func benchSolve(b *testing.B, p seating.Problem) {
	b.Helper()
	var plan *seating.Plan
	for b.Loop() {
		var err error
		plan, err = seating.Solve(context.Background(), p, seating.Options{Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
	}
	s := plan.Score
	b.ReportMetric(100*float64(s.NewCrossOrgPairs)/float64(s.SeatedPairs), "%new-xorg")
	b.ReportMetric(100*float64(s.NewCrossOrgPairs)/float64(s.UpperBound), "%of-bound")
	b.ReportMetric(float64(s.Violations), "violations")
	b.ReportMetric(float64(s.MinNewPeople), "min-new")
}

// BenchmarkSolveScale is the scale target: 1,000 guests, tables of
// 8, 3 rounds, 20,000 history pairs.
func BenchmarkSolveScale(b *testing.B) {
	benchSolve(b, benchProblem(1000, 100, 8, 3, 20000, 1.0))
}

// BenchmarkSolveDinner is a large city dinner: 120 guests, 3 courses.
func BenchmarkSolveDinner(b *testing.B) {
	benchSolve(b, benchProblem(120, 30, 8, 3, 600, 1.0))
}

// BenchmarkSolveSmall is an instance the exact solver also handles.
func BenchmarkSolveSmall(b *testing.B) {
	benchSolve(b, benchProblem(16, 6, 4, 2, 20, 1.2))
}

func BenchmarkSolveExact(b *testing.B) {
	p := benchProblem(12, 4, 4, 2, 12, 1.2)
	for b.Loop() {
		if _, err := seating.SolveExact(context.Background(), p, seating.Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
