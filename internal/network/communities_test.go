package network

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/simple"
)

func TestCommunitiesTwoCliques(t *testing.T) {
	t.Parallel()
	g := cliques(t)
	label := Communities(g, 1, 1)
	for i := range g.Len() {
		want := label[0]
		if g.ID(i)[0] == 'y' {
			want = 1 - label[0]
		}
		if label[i] != want {
			t.Fatalf("labels = %v, want one community per clique", label)
		}
	}
	// m = 13; each clique: 6 ties inside, degree 13 → 2·(6/13 − 1/4).
	if got, want := Modularity(g, label, 1), 2*(6.0/13-0.25); !near(got, want) {
		t.Errorf("modularity = %v, want %v", got, want)
	}
}

func TestModularityMatchesGonum(t *testing.T) {
	t.Parallel()
	g, err := Generate(LedgerShape{Members: 500, Ties: 3000, Organizations: 20, Cities: 4, WithinOrg: 0.7, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	// Reweight the ties so weights matter.
	wb := NewBuilder()
	forEachTie(g, func(v, u int) {
		if err := wb.AddTie(g.ID(v), g.ID(u), float64((v+u)%3+1)); err != nil {
			t.Fatal(err)
		}
	})
	g = wb.Build()
	ug := simple.NewWeightedUndirectedGraph(0, 0)
	for v := range g.Len() {
		nb, wt := g.Neighbors(v)
		for k, u := range nb {
			ug.SetWeightedEdge(ug.NewWeightedEdge(simple.Node(v), simple.Node(u), wt[k]))
		}
	}
	label := Communities(g, 1, 1)
	groups := make([][]int64, slices.Max(label)+1)
	for i, c := range label {
		groups[c] = append(groups[c], int64(i))
	}
	var sets [][]graph.Node
	for _, grp := range groups {
		var s []graph.Node
		for _, id := range grp {
			s = append(s, simple.Node(id))
		}
		sets = append(sets, s)
	}
	want := community.Q(ug, sets, 1)
	if got := Modularity(g, label, 1); !near(got, want) {
		t.Errorf("modularity = %v, gonum = %v", got, want)
	}
}

func TestCommunitiesFollowWeights(t *testing.T) {
	t.Parallel()
	b := NewBuilder()
	ring := []string{"a", "b", "c", "d", "e", "f"}
	for i, x := range ring {
		w := 1.0
		if i%2 == 0 {
			w = 10
		}
		if err := b.AddTie(x, ring[(i+1)%len(ring)], w); err != nil {
			t.Fatal(err)
		}
	}
	g := b.Build()
	label := Communities(g, 1, 1)
	for i := 0; i < len(ring); i += 2 {
		if label[i] != label[i+1] || (i > 0 && label[i] == label[i-1]) {
			t.Fatalf("labels = %v, want pairs a–b, c–d, e–f", label)
		}
	}
}

func TestCommunitiesConnectedAndDeterministic(t *testing.T) {
	t.Parallel()
	g, err := Generate(LedgerShape{Members: 2000, Ties: 10000, Organizations: 40, Cities: 5, WithinOrg: 0.7, Seed: 9})
	if err != nil {
		t.Fatal(err)
	}
	for seed := uint64(1); seed <= 4; seed++ {
		label := Communities(g, 1, seed)
		if again := Communities(g, 1, seed); !slices.Equal(label, again) {
			t.Fatalf("seed %d: two runs differ", seed)
		}
		if got := disconnectedCommunities(g, label); got != 0 {
			t.Errorf("seed %d: %d internally disconnected communities, want 0", seed, got)
		}
		if q := Modularity(g, label, 1); q < 0.3 {
			t.Errorf("seed %d: modularity %v, want > 0.3", seed, q)
		}
	}
	fine := Communities(g, 2, 1)
	coarse := Communities(g, 0.5, 1)
	if slices.Max(fine) <= slices.Max(coarse) {
		t.Errorf("resolution 2 gave %d communities, 0.5 gave %d; want more at 2", slices.Max(fine)+1, slices.Max(coarse)+1)
	}
}

// disconnectedCommunities counts communities whose members are not connected
// through members of the same community.
func disconnectedCommunities(g *Graph, label []int) int {
	parts := splitDisconnected(g, label)
	perComm := make(map[int]map[int]bool)
	for i, c := range label {
		if perComm[c] == nil {
			perComm[c] = make(map[int]bool)
		}
		perComm[c][parts[i]] = true
	}
	bad := 0
	for _, p := range perComm {
		if len(p) > 1 {
			bad++
		}
	}
	return bad
}

func TestSplitDisconnected(t *testing.T) {
	t.Parallel()
	g := build(t, "a b", "c d")
	got := splitDisconnected(g, []int{0, 0, 0, 0})
	if want := []int{0, 0, 1, 1}; !slices.Equal(got, want) {
		t.Errorf("split = %v, want %v", got, want)
	}
}

// TestCommunitiesKarate checks the best known modularity of Zachary's karate
// club (0.4198). It reads the shared development data and is skipped without it.
func TestCommunitiesKarate(t *testing.T) {
	t.Parallel()
	f, err := os.Open(filepath.Join("..", "..", "..", "shared", "data", "karate", "edges.txt"))
	if err != nil {
		t.Skip("shared data not available:", err)
	}
	defer f.Close()
	el, err := ParseEdges(f)
	if err != nil {
		t.Fatal(err)
	}
	b := NewBuilder()
	for _, e := range el.Edges {
		if err := b.AddTie(e.Src, e.Dst, e.Weight); err != nil {
			t.Fatal(err)
		}
	}
	g := b.Build()
	label := Communities(g, 1, 1)
	if got := Modularity(g, label, 1); got < 0.4197 {
		t.Errorf("karate modularity = %.4f, want 0.4198", got)
	}
}

// TestLeidenRefinementKeepsCommunitiesConnected checks the refinement itself,
// before the final split that Communities applies as a safety net.
func TestLeidenRefinementKeepsCommunitiesConnected(t *testing.T) {
	t.Parallel()
	g, err := Generate(LedgerShape{Members: 3000, Ties: 12000, Organizations: 60, Cities: 5, WithinOrg: 0.7, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	base := fromGraph(g)
	for seed := uint64(1); seed <= 3; seed++ {
		rng := rand.New(rand.NewPCG(seed, 1))
		comm := make([]int32, g.Len())
		for i := range comm {
			comm[i] = int32(i)
		}
		for it := range 3 {
			comm = leidenIteration(base, comm, 1, rng)
			if got := disconnectedCommunities(g, toInts(comm)); got != 0 {
				t.Errorf("seed %d iteration %d: %d disconnected communities, want 0", seed, it, got)
			}
		}
	}
}
