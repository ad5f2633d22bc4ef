package network_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/network"
)

func TestExportGraphGraph(t *testing.T) {
	t.Parallel()
	x := sampleGraph()
	x.Edges = append(x.Edges,
		network.ExportEdge{Source: "m2", Target: "m1", Weight: 9}, // repeats m1–m2 the other way
		network.ExportEdge{Source: "m4", Target: "m4"},
	)
	g, skipped, err := x.Graph()
	if err != nil {
		t.Fatal(err)
	}
	if g.Len() != 4 || g.Ties() != 3 {
		t.Errorf("%d members %d ties, want 4 and 3", g.Len(), g.Ties())
	}
	for i, n := range x.Nodes {
		if g.ID(i) != n.ID || g.Attr(i, "organization") != n.Attrs["organization"] {
			t.Errorf("member %d = %q (%q), want %q (%q)", i, g.ID(i), g.Attr(i, "organization"), n.ID, n.Attrs["organization"])
		}
	}
	if got := g.Strength(0); got != 2.5+1 { // m1: 2.5 to m2, unweighted (1) to m3
		t.Errorf("strength of m1 = %v, want 3.5", got)
	}
	want := []string{"tie 4: m2–m1 repeats tie 1; skipped", "tie 5: self-loop m4–m4 skipped"}
	if !slices.Equal(skipped, want) {
		t.Errorf("skipped = %q, want %q", skipped, want)
	}

	x.Edges[0].Weight = -1
	if _, _, err := x.Graph(); !errors.Is(err, network.ErrInvalidGraph) || !strings.Contains(err.Error(), "tie 1") {
		t.Errorf("negative weight: err = %v, want ErrInvalidGraph naming tie 1", err)
	}
}

func TestExportGraphAddMetrics(t *testing.T) {
	t.Parallel()
	x := sampleGraph()
	x.NodeAttrs = append(x.NodeAttrs, network.AttrDecl{Key: "degree", Type: network.AttrString})
	x.Nodes[0].Attrs["degree"] = "lots" // replaced by the measured degree
	g, _, err := x.Graph()
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(g, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := x.AddMetrics(a); err != nil {
		t.Fatal(err)
	}
	types := declTypes(x.NodeAttrs)
	for _, d := range network.MetricAttrs() {
		if types[d.Key] != d.Type {
			t.Errorf("%s declared %q, want %q", d.Key, types[d.Key], d.Type)
		}
	}
	// community and degree were declared already: their declarations are reused.
	if n := len(x.NodeAttrs); n != 6+len(network.MetricAttrs())-2 {
		t.Errorf("%d declarations, want the 6 given and the metrics once each", n)
	}
	m1, m4 := x.Nodes[0].Attrs, x.Nodes[3].Attrs
	if m1["degree"] != "2" || m1["community"] != "0" || m1["inCore"] != "true" || m1["closeness"] != "0.6666666666666666" {
		t.Errorf("m1 metrics = %v, want degree 2, community 0, in the core, closeness 2/3", m1)
	}
	if m4["degree"] != "0" || m4["constraint"] != "" || m4["reach2"] != "0" {
		t.Errorf("isolate metrics = %v, want degree 0, no constraint, reach 0", m4)
	}
	// The annotated graph still exports and reads back with typed metrics.
	for _, f := range network.Formats() {
		sameGraph(t, importBack(t, f, export(t, f, x)), want(x, f))
	}

	other := sampleGraph()
	other.Nodes[1].ID = "someone else"
	if err := other.AddMetrics(a); !errors.Is(err, network.ErrInvalidGraph) {
		t.Errorf("AddMetrics on other nodes: err = %v, want ErrInvalidGraph", err)
	}
	if _, set := other.Nodes[0].Attrs["degree"]; set {
		t.Error("AddMetrics changed the graph before refusing it")
	}
}

func TestExportGraphOf(t *testing.T) {
	t.Parallel()
	b := network.NewBuilder()
	b.AddNode("ana", map[string]string{"organization": "Sunrise", "city": "Oakland"})
	b.AddNode("iris", map[string]string{"city": "Fresno"})
	for _, tie := range []struct {
		a, b string
		w    float64
	}{{"ben", "ana", 1}, {"ana", "ben", 0.5}, {"ben", "cal", 2}} {
		if err := b.AddTie(tie.a, tie.b, tie.w); err != nil {
			t.Fatal(err)
		}
	}
	x := network.ExportGraphOf(b.Build())
	wantDecls := []network.AttrDecl{{Key: "city", Type: network.AttrString}, {Key: "organization", Type: network.AttrString}}
	if !equalDecls(x.NodeAttrs, wantDecls) {
		t.Errorf("declarations = %v, want %v", x.NodeAttrs, wantDecls)
	}
	var nodes, ties []string
	for _, n := range x.Nodes {
		nodes = append(nodes, n.ID+":"+n.Attrs["city"])
	}
	for _, e := range x.Edges {
		ties = append(ties, fmt.Sprintf("%s-%s:%g", e.Source, e.Target, e.Weight))
	}
	if want := []string{"ana:Oakland", "iris:Fresno", "ben:", "cal:"}; !slices.Equal(nodes, want) {
		t.Errorf("nodes = %v, want %v", nodes, want)
	}
	if want := []string{"ana-ben:1.5", "ben-cal:2"}; !slices.Equal(ties, want) {
		t.Errorf("ties = %v, want %v (repeated ties summed, each once)", ties, want)
	}
}
