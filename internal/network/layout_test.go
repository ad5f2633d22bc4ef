package network

import (
	"math"
	"testing"
)

func TestGroupLayoutKeepsGroupsApart(t *testing.T) {
	t.Parallel()
	var nodes []LayoutNode
	var ties [][2]int
	for g := 0; g < 12; g++ {
		for k := 0; k < 5+g*7; k++ {
			nodes = append(nodes, LayoutNode{Group: g, Degree: k % 5})
			if k > 0 {
				ties = append(ties, [2]int{len(nodes) - 2, len(nodes) - 1})
			}
		}
		if g > 0 {
			ties = append(ties, [2]int{len(nodes) - 1, 0})
		}
	}
	l := GroupLayout(nodes, ties)
	if len(l.Nodes) != len(nodes) || len(l.Groups) != 12 {
		t.Fatalf("layout has %d nodes, %d groups", len(l.Nodes), len(l.Groups))
	}
	disc := map[int]GroupDisc{}
	for i, a := range l.Groups {
		disc[a.Group] = a
		for _, b := range l.Groups[i+1:] {
			if d := math.Hypot(a.Centre.X-b.Centre.X, a.Centre.Y-b.Centre.Y); d < a.Radius+b.Radius {
				t.Errorf("groups %d and %d overlap: %.1f apart, radii %.1f and %.1f", a.Group, b.Group, d, a.Radius, b.Radius)
			}
		}
	}
	for i, p := range l.Nodes {
		d := disc[nodes[i].Group]
		if math.Hypot(p.X-d.Centre.X, p.Y-d.Centre.Y) > d.Radius {
			t.Errorf("node %d lies outside its group's disc", i)
		}
	}
	again := GroupLayout(nodes, ties)
	for i := range l.Nodes {
		if l.Nodes[i] != again.Nodes[i] {
			t.Fatalf("the layout is not deterministic at node %d", i)
		}
	}
}

func BenchmarkGroupLayout(b *testing.B) {
	var nodes []LayoutNode
	var ties [][2]int
	for i := 0; i < 3000; i++ {
		nodes = append(nodes, LayoutNode{Group: i % 60, Degree: i % 13})
		ties = append(ties, [2]int{i, (i * 7919) % 3000}, [2]int{i, (i + 60) % 3000})
	}
	b.ReportAllocs()
	for b.Loop() {
		GroupLayout(nodes, ties)
	}
}
