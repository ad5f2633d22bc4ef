package network

import (
	"bytes"
	"testing"
)

// ledger30k is the benchmark ledger of the issue: 30,000 members, 300,000 ties.
func ledger30k(b *testing.B) *Graph {
	b.Helper()
	g, err := Generate(LedgerShape{Members: 30000, Ties: 300000, Organizations: 600, Cities: 8, WithinOrg: 0.6, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	return g
}

func BenchmarkAnalyze30k(b *testing.B) {
	g := ledger30k(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Analyze(g, Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCommunities30k(b *testing.B) {
	g := ledger30k(b)
	b.ResetTimer()
	for b.Loop() {
		Communities(g, 1, 1)
	}
}

func BenchmarkSampledBetweenness30k(b *testing.B) {
	g := ledger30k(b)
	b.ResetTimer()
	for b.Loop() {
		ShortestPaths(g, DefaultExactLimit, DefaultPivots, 1)
	}
}

func BenchmarkConstraint30k(b *testing.B) {
	g := ledger30k(b)
	b.ResetTimer()
	for b.Loop() {
		Constraint(g)
	}
}

func BenchmarkExactBetweenness3k(b *testing.B) {
	g, err := Generate(LedgerShape{Members: 3000, Ties: 15000, Organizations: 60, Cities: 4, WithinOrg: 0.6, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		ShortestPaths(g, 0, 0, 1)
	}
}

func BenchmarkParseEdges(b *testing.B) {
	g, err := Generate(LedgerShape{Members: 3000, Ties: 15000, Organizations: 60, Cities: 4, WithinOrg: 0.6, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	var text []byte
	forEachTie(g, func(v, u int) { text = append(text, g.ID(v)+" "+g.ID(u)+"\n"...) })
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		if _, err := ParseEdges(bytes.NewReader(text)); err != nil {
			b.Fatal(err)
		}
	}
}
