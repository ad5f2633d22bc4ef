package network_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/kindredhq/kindred/internal/network"
)

// sampleGraph is a small network with every kind of value the exporters
// handle: typed and undeclared attributes, labels with markup characters and
// several scripts, a member without a label, an isolate, an unweighted tie.
func sampleGraph() *network.ExportGraph {
	return &network.ExportGraph{
		NodeAttrs: []network.AttrDecl{
			{Key: "organization", Type: network.AttrString},
			{Key: "city", Type: network.AttrString},
			{Key: "community", Type: network.AttrInteger},
			{Key: "score", Type: network.AttrDouble},
			{Key: "steward", Type: network.AttrBoolean},
		},
		EdgeAttrs: []network.AttrDecl{
			{Key: "kind", Type: network.AttrString},
			{Key: "firstMet", Type: network.AttrString},
			{Key: "count", Type: network.AttrInteger},
		},
		Nodes: []network.ExportNode{
			{ID: "m1", Label: `Ana "Nana" <López> & Co`, Attrs: map[string]string{
				"organization": "Sunrise & <Friends>", "city": "Oakland", "community": "0", "score": "0.25", "steward": "true",
				"note": "line one\nline two\r\n\ttabbed 'quoted'"}},
			{ID: "m2", Label: "Zhāng Wěi 张伟 🌱", Attrs: map[string]string{
				"organization": "350 Bay Area", "city": "San José", "community": "1", "score": "2", "steward": "false"}},
			{ID: "m3", Attrs: map[string]string{"organization": "Sunrise & <Friends>", "community": "0", "score": "1e-05"}},
			{ID: "m4", Label: "Isolated Iris"},
		},
		Edges: []network.ExportEdge{
			{Source: "m1", Target: "m2", Weight: 2.5, Attrs: map[string]string{"kind": "met at dinner", "firstMet": "2026-01-02", "count": "3"}},
			{Source: "m2", Target: "m3", Weight: 1, Attrs: map[string]string{"kind": "introduced"}},
			{Source: "m3", Target: "m1"},
		},
	}
}

// want returns what reading g back should give in format f: the undeclared
// "note" declared as a string; in Kumu, a missing label is the id and only
// attributes with values are declared.
func want(g *network.ExportGraph, f network.Format) *network.ExportGraph {
	w := &network.ExportGraph{
		NodeAttrs: append(slices.Clone(g.NodeAttrs), network.AttrDecl{Key: "note", Type: network.AttrString}),
		EdgeAttrs: slices.Clone(g.EdgeAttrs),
		Edges:     g.Edges,
	}
	for _, n := range g.Nodes {
		if f == network.FormatKumu && n.Label == "" {
			n.Label = n.ID
		}
		w.Nodes = append(w.Nodes, n)
	}
	return w
}

func export(t *testing.T, f network.Format, g *network.ExportGraph) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := network.Export(&buf, f, g); err != nil {
		t.Fatalf("export %s: %v", f, err)
	}
	return buf.Bytes()
}

func importBack(t *testing.T, f network.Format, data []byte) *network.ExportGraph {
	t.Helper()
	g, got, err := network.Import(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("import %s: %v\n%s", f, err, data)
	}
	if got != f {
		t.Fatalf("import detected %q, want %q", got, f)
	}
	return g
}

// sameGraph compares nodes, ties, attribute values and declared types.
// Declarations are compared by key: Kumu has no declaration order.
func sameGraph(t *testing.T, got, want *network.ExportGraph) {
	t.Helper()
	if g, w := declTypes(got.NodeAttrs), usedDecls(want.NodeAttrs, nodeAttrs(want)); !maps.Equal(g, w) {
		t.Errorf("node attributes = %v, want %v", g, w)
	}
	if g, w := declTypes(got.EdgeAttrs), usedDecls(want.EdgeAttrs, edgeAttrs(want)); !maps.Equal(g, w) {
		t.Errorf("tie attributes = %v, want %v", g, w)
	}
	if len(got.Nodes) != len(want.Nodes) {
		t.Fatalf("%d nodes, want %d", len(got.Nodes), len(want.Nodes))
	}
	for i, w := range want.Nodes {
		g := got.Nodes[i]
		if g.ID != w.ID || g.Label != w.Label || !sameAttrs(g.Attrs, w.Attrs) {
			t.Errorf("node %d = %q %q %q, want %q %q %q", i, g.ID, g.Label, g.Attrs, w.ID, w.Label, w.Attrs)
		}
	}
	if len(got.Edges) != len(want.Edges) {
		t.Fatalf("%d ties, want %d", len(got.Edges), len(want.Edges))
	}
	for i, w := range want.Edges {
		g := got.Edges[i]
		if g.Source != w.Source || g.Target != w.Target || g.Weight != w.Weight || !sameAttrs(g.Attrs, w.Attrs) {
			t.Errorf("tie %d = %+v, want %+v", i, g, w)
		}
	}
}

func declTypes(decls []network.AttrDecl) map[string]network.AttrType {
	m := map[string]network.AttrType{}
	for _, d := range decls {
		m[d.Key] = d.Type
	}
	return m
}

// usedDecls keeps the declarations whose key has a value somewhere, unless
// every declaration is kept by the format (used == nil).
func usedDecls(decls []network.AttrDecl, used map[string]bool) map[string]network.AttrType {
	m := declTypes(decls)
	if used != nil {
		maps.DeleteFunc(m, func(k string, _ network.AttrType) bool { return !used[k] })
	}
	return m
}

func nodeAttrs(g *network.ExportGraph) map[string]bool {
	used := map[string]bool{}
	for _, n := range g.Nodes {
		for k, v := range n.Attrs {
			used[k] = used[k] || v != ""
		}
	}
	return used
}

func edgeAttrs(g *network.ExportGraph) map[string]bool {
	used := map[string]bool{}
	for _, e := range g.Edges {
		for k, v := range e.Attrs {
			used[k] = used[k] || v != ""
		}
	}
	return used
}

// sameAttrs compares attributes, an empty value being no value.
func sameAttrs(a, b map[string]string) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

func TestExportRoundTrip(t *testing.T) {
	t.Parallel()
	for _, f := range network.Formats() {
		t.Run(string(f), func(t *testing.T) {
			g := sampleGraph()
			data := export(t, f, g)
			got := importBack(t, f, data)
			sameGraph(t, got, want(g, f))
			// Writing what was read gives the same file: nothing drifts.
			if again := export(t, f, got); f != network.FormatKumu && !bytes.Equal(again, data) {
				t.Errorf("second export differs:\n%s\nfirst:\n%s", again, data)
			}
		})
	}
}

// TestExportXMLWellFormed parses each XML export with encoding/xml from
// start to end and checks the namespace, version and declarations.
func TestExportXMLWellFormed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		format           network.Format
		root, ns         string
		version          string
		decl, declAttr   string
		wantDeclarations int
	}{
		{network.FormatGEXF, "gexf", "http://gexf.net/1.3", "1.3", "attribute", "title", 9},
		// GraphML declares the label and the weight as keys too.
		{network.FormatGraphML, "graphml", "http://graphml.graphdrawing.org/xmlns", "", "key", "attr.name", 11},
	}
	for _, tt := range tests {
		t.Run(string(tt.format), func(t *testing.T) {
			data := export(t, tt.format, sampleGraph())
			if !bytes.HasPrefix(data, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
				t.Errorf("no UTF-8 XML declaration: %.60s", data)
			}
			dec := xml.NewDecoder(bytes.NewReader(data))
			decls := 0
			for {
				tok, err := dec.Token()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("not well formed: %v", err)
				}
				se, ok := tok.(xml.StartElement)
				if !ok {
					continue
				}
				if se.Name.Space != tt.ns {
					t.Errorf("<%s> is in namespace %q, want %q", se.Name.Local, se.Name.Space, tt.ns)
				}
				if se.Name.Local == tt.root && attr(se, "version") != tt.version {
					t.Errorf("version = %q, want %q", attr(se, "version"), tt.version)
				}
				if se.Name.Local == tt.decl && attr(se, tt.declAttr) != "" {
					decls++
				}
			}
			if decls != tt.wantDeclarations {
				t.Errorf("%d declarations, want %d", decls, tt.wantDeclarations)
			}
		})
	}
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func TestExportRefusesInvalidGraphs(t *testing.T) {
	t.Parallel()
	str := network.AttrString
	tests := []struct {
		name string
		edit func(g *network.ExportGraph)
		want string
	}{
		{"repeated id", func(g *network.ExportGraph) { g.Nodes[1].ID = "m1" }, `node "m1" is listed twice`},
		{"empty id", func(g *network.ExportGraph) { g.Nodes[2].ID = "" }, "node 3: id is empty"},
		{"control character in id", func(g *network.ExportGraph) { g.Nodes[0].ID = "m\x001" }, "control characters"},
		{"invalid UTF-8 in id", func(g *network.ExportGraph) { g.Nodes[0].ID = "m\xff" }, "invalid UTF-8"},
		{"tie to a node not given", func(g *network.ExportGraph) { g.Edges[0].Target = "hidden" }, `"hidden" is not a node`},
		{"weight not finite", func(g *network.ExportGraph) { g.Edges[1].Weight = posInf() }, "not a finite number"},
		{"reserved node key", func(g *network.ExportGraph) { g.Nodes[0].Attrs["label"] = "x" }, `key "label" is reserved`},
		{"reserved tie key", func(g *network.ExportGraph) {
			g.EdgeAttrs = append(g.EdgeAttrs, network.AttrDecl{Key: "weight", Type: str})
		}, `key "weight" is reserved`},
		{"not a whole number", func(g *network.ExportGraph) { g.Nodes[1].Attrs["community"] = "1.5" }, `attribute "community": "1.5" is not a whole number`},
		{"NaN double", func(g *network.ExportGraph) { g.Nodes[1].Attrs["score"] = "NaN" }, `"NaN" is not a finite number`},
		{"not a boolean", func(g *network.ExportGraph) { g.Nodes[1].Attrs["steward"] = "maybe" }, "not true or false"},
		{"unknown type", func(g *network.ExportGraph) { g.NodeAttrs[0].Type = "date" }, `unknown type "date"`},
		{"declared twice", func(g *network.ExportGraph) {
			g.NodeAttrs = append(g.NodeAttrs, network.AttrDecl{Key: "city", Type: str})
		}, `"city" is declared twice`},
		{"empty key", func(g *network.ExportGraph) { g.Edges[0].Attrs[""] = "x" }, "key is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := sampleGraph()
			tt.edit(g)
			for _, f := range network.Formats() {
				var buf bytes.Buffer
				err := network.Export(&buf, f, g)
				if !errors.Is(err, network.ErrInvalidGraph) || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%s: err = %v, want ErrInvalidGraph with %q", f, err, tt.want)
				}
				if buf.Len() > 0 {
					t.Errorf("%s: wrote %d bytes of an invalid graph", f, buf.Len())
				}
			}
		})
	}
	if err := network.Export(io.Discard, "dot", sampleGraph()); !errors.Is(err, network.ErrUnknownFormat) {
		t.Errorf("unknown format: err = %v, want ErrUnknownFormat", err)
	}
}

func posInf() float64 {
	var zero float64
	return 1 / zero
}

// failingWriter fails after n bytes, like a client that hangs up.
type failingWriter struct{ n int }

var errHungUp = errors.New("client hung up")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return w.n, errHungUp
	}
	w.n -= len(p)
	return len(p), nil
}

func TestExportReportsWriteErrors(t *testing.T) {
	t.Parallel()
	g := sampleGraph()
	for i := range 200 {
		g.Nodes = append(g.Nodes, network.ExportNode{ID: strings.Repeat("x", 500) + string(rune('a'+i%26)) + strings.Repeat("y", i)})
	}
	for _, f := range network.Formats() {
		if err := network.Export(&failingWriter{n: 1000}, f, g); !errors.Is(err, errHungUp) {
			t.Errorf("%s: err = %v, want the write error", f, err)
		}
	}
}

func TestFormats(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		path string
		want network.Format
	}{{"ties.gexf", network.FormatGEXF}, {"dir.x/TIES.GraphML", network.FormatGraphML}, {"kumu.json", network.FormatKumu}} {
		if got, err := network.FormatOf(tt.path); got != tt.want || err != nil {
			t.Errorf("FormatOf(%q) = %q, %v; want %q", tt.path, got, err, tt.want)
		}
	}
	if _, err := network.FormatOf("ties.csv"); !errors.Is(err, network.ErrUnknownFormat) {
		t.Errorf("FormatOf(ties.csv) err = %v, want ErrUnknownFormat", err)
	}
	for name, want := range map[string]network.Format{"GEXF": network.FormatGEXF, "graphml": network.FormatGraphML, "json": network.FormatKumu, "kumu": network.FormatKumu} {
		if got, err := network.ParseFormat(name); got != want || err != nil {
			t.Errorf("ParseFormat(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
	if _, err := network.ParseFormat("dot"); !errors.Is(err, network.ErrUnknownFormat) {
		t.Errorf("ParseFormat(dot) err = %v, want ErrUnknownFormat", err)
	}
}
