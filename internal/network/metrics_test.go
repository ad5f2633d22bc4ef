package network

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"
)

// build makes a graph from "a-b" pairs.
func build(t testing.TB, pairs ...string) *Graph {
	t.Helper()
	b := NewBuilder()
	for _, p := range pairs {
		var x, y string
		if _, err := fmt.Sscanf(p, "%s %s", &x, &y); err != nil {
			t.Fatalf("bad pair %q: %v", p, err)
		}
		if err := b.AddTie(x, y, 1); err != nil {
			t.Fatalf("AddTie(%q): %v", p, err)
		}
	}
	return b.Build()
}

func path5(t testing.TB) *Graph   { return build(t, "a b", "b c", "c d", "d e") }
func star5(t testing.TB) *Graph   { return build(t, "c l1", "c l2", "c l3", "c l4") }
func cliques(t testing.TB) *Graph { return twoCliques(t, 4) }

// twoCliques is two k-cliques (x0.. and y0..) joined by the tie x0–y0.
func twoCliques(t testing.TB, k int) *Graph {
	var pairs []string
	for _, p := range []string{"x", "y"} {
		for i := range k {
			for j := i + 1; j < k; j++ {
				pairs = append(pairs, fmt.Sprintf("%s%d %s%d", p, i, p, j))
			}
		}
	}
	return build(t, append(pairs, "x0 y0")...)
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func byID(g *Graph, v []float64) map[string]float64 {
	m := make(map[string]float64, len(v))
	for i, x := range v {
		m[g.ID(i)] = x
	}
	return m
}

func TestShortestPathsKnownValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		g           *Graph
		betweenness map[string]float64
		closeness   map[string]float64
	}{
		{"path", path5(t),
			map[string]float64{"a": 0, "b": 0.5, "c": 4.0 / 6, "d": 0.5, "e": 0},
			map[string]float64{"a": 0.4, "b": 4.0 / 7, "c": 4.0 / 6, "d": 4.0 / 7, "e": 0.4}},
		{"star", star5(t),
			map[string]float64{"c": 1, "l1": 0, "l4": 0},
			map[string]float64{"c": 1, "l1": 4.0 / 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := ShortestPaths(tt.g, 0, 0, 1)
			b, c := byID(tt.g, ps.Betweenness), byID(tt.g, ps.Closeness)
			for id, want := range tt.betweenness {
				if got := b[id]; !near(got, want) {
					t.Errorf("betweenness[%s] = %v, want %v", id, got, want)
				}
			}
			for id, want := range tt.closeness {
				if got := c[id]; !near(got, want) {
					t.Errorf("closeness[%s] = %v, want %v", id, got, want)
				}
			}
		})
	}
}

func TestCentralization(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name            string
		g               *Graph
		degree, between float64
		density         float64
	}{
		{"path", path5(t), 2.0 / 12, 5.0 / 12, 0.4},
		{"star", star5(t), 1, 1, 0.4},
		{"two cliques", cliques(t), 6.0 / 42, 24.0 / 49, 13.0 / 28},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DegreeCentralization(tt.g); !near(got, tt.degree) {
				t.Errorf("degree centralization = %v, want %v", got, tt.degree)
			}
			b := ShortestPaths(tt.g, 0, 0, 1).Betweenness
			if got := BetweennessCentralization(b); !near(got, tt.between) {
				t.Errorf("betweenness centralization = %v, want %v", got, tt.between)
			}
			if got := Density(tt.g); !near(got, tt.density) {
				t.Errorf("density = %v, want %v", got, tt.density)
			}
		})
	}
}

func TestSampledBetweennessWithAllPivotsIsExact(t *testing.T) {
	t.Parallel()
	g, err := Generate(LedgerShape{Members: 300, Ties: 1200, Organizations: 10, Cities: 3, WithinOrg: 0.6, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	exact := ShortestPaths(g, 0, 0, 1)
	sampled := ShortestPaths(g, 100, 150, 7)
	if !sampled.Sampled || sampled.Closeness != nil {
		t.Fatalf("sampled = %v with closeness %v, want sampled without closeness", sampled.Sampled, sampled.Closeness != nil)
	}
	// The sampled top broker should be among the exact top five.
	top := func(b []float64) []int {
		idx := make([]int, len(b))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(x, y int) int { return cmpDesc(b[x], b[y]) })
		return idx[:5]
	}
	if got := top(sampled.Betweenness)[0]; !slices.Contains(top(exact.Betweenness), got) {
		t.Errorf("sampled top broker %s not in exact top five", g.ID(got))
	}
	all := ShortestPaths(g, 100, g.Len(), 7)
	for i := range all.Betweenness {
		if !near(all.Betweenness[i], exact.Betweenness[i]) {
			t.Fatalf("pivots = n: betweenness[%d] = %v, want %v", i, all.Betweenness[i], exact.Betweenness[i])
		}
	}
}

func cmpDesc(a, b float64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

func TestComponentsAndReach(t *testing.T) {
	t.Parallel()
	b := NewBuilder()
	for _, p := range [][2]string{{"a", "b"}, {"b", "c"}, {"d", "e"}} {
		if err := b.AddTie(p[0], p[1], 1); err != nil {
			t.Fatal(err)
		}
	}
	b.AddNode("loner", nil)
	g := b.Build()
	label, sizes := Components(g)
	if want := []int{3, 2, 1}; !slices.Equal(sizes, want) {
		t.Errorf("sizes = %v, want %v", sizes, want)
	}
	if label[0] != 0 || label[3] != 1 || label[5] != 2 {
		t.Errorf("labels = %v, want largest component first", label)
	}
	if got, want := TwoStepReach(g), []int{2, 2, 2, 1, 1, 0}; !slices.Equal(got, want) {
		t.Errorf("two-step reach = %v, want %v", got, want)
	}
}

func TestConstraintAndEffectiveSize(t *testing.T) {
	t.Parallel()
	g := star5(t)
	c, e := byID(g, Constraint(g)), byID(g, EffectiveSize(g))
	if got, want := c["c"], 0.25; !near(got, want) {
		t.Errorf("constraint[center] = %v, want %v", got, want)
	}
	if got, want := c["l1"], 1.0; !near(got, want) {
		t.Errorf("constraint[leaf] = %v, want %v", got, want)
	}
	if got, want := e["c"], 4.0; !near(got, want) {
		t.Errorf("effective size[center] = %v, want %v", got, want)
	}
	k := cliques(t)
	// In a 4-clique member x1: three neighbors, three ties among them: 3 - 6/3.
	if got, want := byID(k, EffectiveSize(k))["x1"], 1.0; !near(got, want) {
		t.Errorf("effective size[x1] = %v, want %v", got, want)
	}
}

func TestFragility(t *testing.T) {
	t.Parallel()
	g := cliques(t)
	cuts, bridges := Fragility(g)
	if len(bridges) != 1 || bridges[0].BreaksOff != 4 {
		t.Fatalf("bridges = %+v, want one cutting off 4", bridges)
	}
	ids := []string{}
	for _, c := range cuts {
		ids = append(ids, g.ID(c.Node))
		if c.BreaksOff != 3 || !slices.Equal(c.Pieces, []int{4, 3}) {
			t.Errorf("cut %s = %+v, want pieces [4 3] breaking off 3", g.ID(c.Node), c)
		}
	}
	if want := []string{"x0", "y0"}; !slices.Equal(ids, want) {
		t.Errorf("cut points = %v, want %v", ids, want)
	}
	p := path5(t)
	cuts, _ = Fragility(p)
	if len(cuts) != 3 || p.ID(cuts[0].Node) != "c" || cuts[0].BreaksOff != 2 {
		t.Errorf("path cuts = %+v, want c first, breaking off 2", cuts)
	}
}

func TestCorePeriphery(t *testing.T) {
	t.Parallel()
	// A 5-clique core with a pendant on each core member.
	var pairs []string
	for i := range 5 {
		for j := i + 1; j < 5; j++ {
			pairs = append(pairs, fmt.Sprintf("c%d c%d", i, j))
		}
		pairs = append(pairs, fmt.Sprintf("c%d p%d", i, i))
	}
	g := build(t, pairs...)
	cp := FindCorePeriphery(g)
	if cp.CoreK != 4 || cp.CoreSize != 5 || !near(cp.CoreDensity, 1) || !near(cp.Fit, 1) {
		t.Errorf("core = k %d size %d density %v fit %v, want 4, 5, 1, 1", cp.CoreK, cp.CoreSize, cp.CoreDensity, cp.Fit)
	}
	c := byID(g, cp.Coreness)
	if !(c["c0"] > c["p0"]) || !near(c["c0"], 1) {
		t.Errorf("coreness c0 %v p0 %v, want core at 1 above periphery", c["c0"], c["p0"])
	}
	if cp.CorenessFit <= 0.5 {
		t.Errorf("coreness fit = %v, want > 0.5", cp.CorenessFit)
	}
}

func TestEIIndexAndMatrix(t *testing.T) {
	t.Parallel()
	b := NewBuilder()
	b.AddNode("a1", map[string]string{"organization": "A"})
	b.AddNode("a2", map[string]string{"organization": "A"})
	b.AddNode("b1", map[string]string{"organization": "B"})
	b.AddNode("n", nil)
	for _, p := range [][2]string{{"a1", "a2"}, {"a1", "b1"}, {"b1", "n"}} {
		if err := b.AddTie(p[0], p[1], 1); err != nil {
			t.Fatal(err)
		}
	}
	g := b.Build()
	ei := EIIndex(g, "organization")
	if ei.Counted != 2 || !near(ei.EI, 0) || !near(ei.CrossShare, 0.5) {
		t.Errorf("network E–I = %+v, want 2 counted, E–I 0, cross 0.5", ei)
	}
	want := []GroupBridging{{"A", 2, 1, 1, 0}, {"B", 1, 0, 1, 1}}
	if !slices.Equal(ei.Groups, want) {
		t.Errorf("groups = %+v, want %+v", ei.Groups, want)
	}
	m := TieMatrix(g, "organization")
	if !slices.Equal(m.Groups, []string{"A", "B"}) || m.Ties[0][0] != 1 || m.Ties[0][1] != 1 || m.Ties[1][0] != 1 || m.Ties[1][1] != 0 {
		t.Errorf("matrix = %+v, want [[1 1] [1 0]]", m)
	}
}

func TestBuilder(t *testing.T) {
	t.Parallel()
	b := NewBuilder()
	tests := []struct {
		a, c string
		w    float64
		want error
	}{
		{"a", "b", 1, nil},
		{"b", "a", 2, nil}, // same pair: weights add up
		{"a", "a", 1, ErrSelfLoop},
		{"", "a", 1, ErrEmptyID},
		{"a", "c", 0, ErrBadWeight},
		{"a", "c", math.NaN(), ErrBadWeight},
		{"a", "c", math.Inf(1), ErrBadWeight},
	}
	for _, tt := range tests {
		if err := b.AddTie(tt.a, tt.c, tt.w); !errors.Is(err, tt.want) {
			t.Errorf("AddTie(%q, %q, %v) = %v, want %v", tt.a, tt.c, tt.w, err, tt.want)
		}
	}
	g := b.Build()
	if g.Len() != 2 || g.Ties() != 1 || g.Strength(0) != 3 || !g.HasTie(0, 1) {
		t.Errorf("graph = %d members %d ties strength %v, want 2, 1, 3", g.Len(), g.Ties(), g.Strength(0))
	}
}

func TestTieWeights(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	tw := TieWeights{Kinds: map[string]float64{"met": 1, "collaborated": 3}, Default: 0.5, HalfLife: 100 * time.Hour, Floor: 0.1}
	tests := []struct {
		kind string
		age  time.Duration
		want float64
	}{
		{"met", 0, 1},
		{"collaborated", 100 * time.Hour, 1.5},
		{"collaborated", 200 * time.Hour, 0.75},
		{"unknown", 0, 0.5},
		{"met", -50 * time.Hour, 1}, // future ties count as new
		{"met", 10000 * time.Hour, 0.1},
	}
	for _, tt := range tests {
		got, err := tw.Weight(tt.kind, now.Add(-tt.age), now)
		if err != nil || !near(got, tt.want) {
			t.Errorf("Weight(%s, age %v) = %v, %v; want %v", tt.kind, tt.age, got, err, tt.want)
		}
	}
	if _, err := (TieWeights{}).Weight("x", now, now); !errors.Is(err, ErrBadWeight) {
		t.Errorf("zero default weight: err = %v, want ErrBadWeight", err)
	}
}

func TestAnalyze(t *testing.T) {
	t.Parallel()
	if _, err := Analyze(NewBuilder().Build(), Options{}); !errors.Is(err, ErrEmptyGraph) {
		t.Errorf("empty graph: err = %v, want ErrEmptyGraph", err)
	}
	a, err := Analyze(cliques(t), Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if a.CommunityCount != 2 || a.Components != 1 || len(a.Bridges) != 1 || a.Nodes[0].Closeness == nil {
		t.Errorf("analysis = %d communities, %d components, %d bridges; want 2, 1, 1 and closeness", a.CommunityCount, a.Components, len(a.Bridges))
	}
}

func TestSubgraph(t *testing.T) {
	t.Parallel()
	b := NewBuilder()
	for _, m := range [][2]string{{"a", "Chicago"}, {"b", "Chicago"}, {"c", "Boston"}, {"d", "Chicago"}} {
		b.AddNode(m[0], map[string]string{"city": m[1]})
	}
	for _, p := range [][2]string{{"a", "b"}, {"b", "c"}, {"c", "d"}, {"d", "a"}} {
		if err := b.AddTie(p[0], p[1], 2); err != nil {
			t.Fatal(err)
		}
	}
	g := b.Build()
	sub := g.Subgraph(func(i int) bool { return g.Attr(i, "city") == "Chicago" })
	if sub.Len() != 3 || sub.Ties() != 2 || sub.ID(2) != "d" || sub.Attr(0, "city") != "Chicago" || sub.TotalWeight() != 4 {
		t.Errorf("subgraph = %d members, %d ties, weight %v; want 3, 2, 4 in order a b d", sub.Len(), sub.Ties(), sub.TotalWeight())
	}
}
