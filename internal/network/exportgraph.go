package network

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// Graph builds the Graph to analyse from x: every node in x's order with its
// attributes, so that node i of the Graph (and of its Analysis) is
// x.Nodes[i], and one tie per edge weighted by its Weight (1 when 0).
// Self-loops and pairs already tied (in either direction) are skipped and
// described in skipped, as ParseEdges does for edge lists. It returns
// ErrInvalidGraph (wrapped) when x fails Export's checks or a weight is
// negative.
func (x *ExportGraph) Graph() (g *Graph, skipped []string, err error) {
	if _, err := planExport(x); err != nil {
		return nil, nil, err
	}
	b := NewBuilder()
	for _, n := range x.Nodes {
		b.AddNode(n.ID, n.Attrs)
	}
	seen := make(map[[2]string]int, len(x.Edges))
	for i, e := range x.Edges {
		key := [2]string{min(e.Source, e.Target), max(e.Source, e.Target)}
		first, dup := seen[key]
		switch {
		case e.Source == e.Target:
			skipped = append(skipped, fmt.Sprintf("tie %d: self-loop %s–%s skipped", i+1, e.Source, e.Target))
			continue
		case dup:
			skipped = append(skipped, fmt.Sprintf("tie %d: %s–%s repeats tie %d; skipped", i+1, e.Source, e.Target, first))
			continue
		}
		seen[key] = i + 1
		w := e.Weight
		if w == 0 {
			w = 1
		}
		if err := b.AddTie(e.Source, e.Target, w); err != nil {
			if errors.Is(err, ErrBadWeight) {
				err = fmt.Errorf("%w: %w", err, ErrInvalidGraph)
			}
			return nil, nil, fmt.Errorf("tie %d: %w", i+1, err)
		}
	}
	return b.Build(), skipped, nil
}

// MetricAttrs declares the node attributes AddMetrics sets, in order.
func MetricAttrs() []AttrDecl {
	return []AttrDecl{
		{"community", AttrInteger},
		{"degree", AttrInteger},
		{"strength", AttrDouble},
		{"betweenness", AttrDouble},
		{"closeness", AttrDouble},
		{"constraint", AttrDouble},
		{"effectiveSize", AttrDouble},
		{"coreNumber", AttrInteger},
		{"coreness", AttrDouble},
		{"inCore", AttrBoolean},
		{"reach2", AttrInteger},
	}
}

// AddMetrics writes each member's measures from a — the Analysis of
// x.Graph() — into x as node attributes named as in MetricAttrs (and as in
// the JSON of NodeMetrics), declaring them and replacing attributes of the
// same names. Closeness is left out when betweenness was sampled, constraint
// for members without ties. It returns ErrInvalidGraph when a's members are
// not x's nodes in the same order, and changes nothing then.
func (x *ExportGraph) AddMetrics(a *Analysis) error {
	if len(a.Nodes) != len(x.Nodes) {
		return fmt.Errorf("add metrics: %d measured members for %d nodes: %w", len(a.Nodes), len(x.Nodes), ErrInvalidGraph)
	}
	for i, m := range a.Nodes {
		if m.ID != x.Nodes[i].ID {
			return fmt.Errorf("add metrics: member %d is %q, node %d is %q: %w", i+1, m.ID, i+1, x.Nodes[i].ID, ErrInvalidGraph)
		}
	}
	decls := MetricAttrs()
	for _, d := range decls {
		if i := slices.IndexFunc(x.NodeAttrs, func(o AttrDecl) bool { return o.Key == d.Key }); i >= 0 {
			x.NodeAttrs[i].Type = d.Type
		} else {
			x.NodeAttrs = append(x.NodeAttrs, d)
		}
	}
	for i, m := range a.Nodes {
		n := &x.Nodes[i]
		if n.Attrs == nil {
			n.Attrs = make(map[string]string, len(decls))
		}
		for k, v := range metricValues(m) {
			n.Attrs[k] = v
		}
	}
	return nil
}

func metricValues(m NodeMetrics) map[string]string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	opt := func(v *float64) string {
		if v == nil {
			return ""
		}
		return f(*v)
	}
	return map[string]string{
		"community":     strconv.Itoa(m.Community),
		"degree":        strconv.Itoa(m.Degree),
		"strength":      f(m.Strength),
		"betweenness":   f(m.Betweenness),
		"closeness":     opt(m.Closeness),
		"constraint":    opt(m.Constraint),
		"effectiveSize": f(m.Effective),
		"coreNumber":    strconv.Itoa(m.CoreNumber),
		"coreness":      f(m.Coreness),
		"inCore":        strconv.FormatBool(m.InCore),
		"reach2":        strconv.Itoa(m.Reach2),
	}
}

// ExportGraphOf returns g as an ExportGraph to write with Export: its
// members in order with their attributes (declared as strings, in key
// order) and no labels, and each tie once with its weight, the member added
// first as the source.
func ExportGraphOf(g *Graph) *ExportGraph {
	x := &ExportGraph{Nodes: make([]ExportNode, g.Len()), Edges: make([]ExportEdge, 0, g.Ties())}
	keys := map[string]bool{}
	for i := range g.Len() {
		x.Nodes[i] = ExportNode{ID: g.ids[i], Attrs: cloneAttrs(g.attrs[i])}
		for k := range g.attrs[i] {
			keys[k] = true
		}
	}
	x.NodeAttrs = appendExtra(nil, keys)
	for v := range g.Len() {
		nbr, wt := g.Neighbors(v)
		for k, u := range nbr {
			if int(u) > v {
				x.Edges = append(x.Edges, ExportEdge{Source: g.ids[v], Target: g.ids[u], Weight: wt[k]})
			}
		}
	}
	return x
}
