package network_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/kindredhq/kindred/internal/network"
)

// systemPython is the interpreter with Debian's python3-networkx; the
// python3 first on PATH may not see it.
const systemPython = "/usr/bin/python3"

// networkxScript reads a file with networkx (or Python's json for Kumu) and
// prints its nodes and edges with typed attributes, or writes a small graph
// with networkx for Import to read.
//
// networkx releases before their GEXF 1.3 support (added in 2025) look for
// the 1.1 and 1.2 namespaces only; the script registers the 1.3 namespace
// exactly as that support does, so the files are read by networkx's own
// GEXF reader either way.
const networkxScript = `
import json, sys
import networkx as nx
from networkx.readwrite import gexf

if "1.3" not in gexf.GEXF.versions:
    gexf.GEXF.versions["1.3"] = {
        "NS_GEXF": "http://gexf.net/1.3",
        "NS_VIZ": "http://gexf.net/1.3/viz",
        "NS_XSI": "http://www.w3.org/2001/XMLSchema-instance",
        "SCHEMALOCATION": "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
        "VERSION": "1.3",
    }

def typed(v):
    if isinstance(v, bool):
        return ["bool", "true" if v else "false"]
    if isinstance(v, int):
        return ["int", str(v)]
    if isinstance(v, float):
        return ["float", repr(v)]
    if isinstance(v, str):
        return ["str", v]
    return [type(v).__name__, repr(v)]

def dump(G):
    return {
        "directed": G.is_directed(),
        "multigraph": G.is_multigraph(),
        "nodes": {str(n): {k: typed(v) for k, v in d.items()} for n, d in G.nodes(data=True)},
        "edges": [[str(u), str(v), {k: typed(x) for k, x in d.items()}] for u, v, d in G.edges(data=True)],
    }

mode, path = sys.argv[1], sys.argv[2]
if mode == "gexf":
    print(json.dumps(dump(nx.read_gexf(path))))
elif mode == "graphml":
    print(json.dumps(dump(nx.read_graphml(path))))
elif mode == "kumu":
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    G = nx.Graph()
    for el in doc["elements"]:
        G.add_node(el["id"], **{k: v for k, v in el.items() if k != "id"})
    for c in doc["connections"]:
        G.add_edge(c["from"], c["to"], **{k: v for k, v in c.items() if k not in ("from", "to", "direction")})
    print(json.dumps(dump(G)))
elif mode == "igraph":
    import math, igraph
    g = igraph.Graph.Read_GraphML(path)
    def absent(x):
        return x is None or x == "" or (isinstance(x, float) and math.isnan(x))
    def data(attrs):
        return {k: typed(x) for k, x in attrs.items() if k != "id" and not absent(x)}
    print(json.dumps({
        "directed": g.is_directed(),
        "multigraph": any(g.is_multiple()),
        "nodes": {v["id"]: data(v.attributes()) for v in g.vs},
        "edges": [[g.vs[e.source]["id"], g.vs[e.target]["id"], data(e.attributes())] for e in g.es],
    }))
elif mode == "write":
    G = nx.Graph()
    G.add_node("a", label="Ana <&> \"Nana\"", organization="Sunrise & Co", community=1, score=0.5, steward=True)
    G.add_node("b", organization="350 Bay Area", community=2, score=1.25, steward=False)
    G.add_node("c", organization="Isolated")
    G.add_edge("a", "b", weight=2.0, kind="met at dinner", count=3)
    nx.write_gexf(G, path + ".gexf")
    nx.write_graphml(G, path + ".graphml")
`

// requireNetworkx returns the interpreter, or skips the test when it lacks
// networkx — except in CI, where the check must run.
func requireNetworkx(t *testing.T) string {
	t.Helper()
	return requirePythonModule(t, "networkx")
}

// requirePythonModule is requireNetworkx for any module of the system Python.
func requirePythonModule(t *testing.T, module string) string {
	t.Helper()
	out, err := exec.Command(systemPython, "-c", "import "+module+"; print("+module+".__version__)").CombinedOutput()
	if err != nil {
		msg := fmt.Sprintf("%s cannot import %s (%v: %s); install Debian's python3-%s to read the exports with it", systemPython, module, err, bytes.TrimSpace(out), module)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	t.Logf("%s %s", module, bytes.TrimSpace(out))
	return systemPython
}

// pyGraph is the script's dump: attributes as [python type, value].
type pyGraph struct {
	Directed   bool                            `json:"directed"`
	Multigraph bool                            `json:"multigraph"`
	Nodes      map[string]map[string][2]string `json:"nodes"`
	Edges      [][3]json.RawMessage            `json:"edges"`
}

func runNetworkx(t *testing.T, py, mode, path string) pyGraph {
	t.Helper()
	cmd := exec.Command(py, "-c", networkxScript, mode, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("networkx %s: %v\n%s", mode, err, stderr.String())
	}
	var g pyGraph
	if err := json.Unmarshal(out, &g); err != nil {
		t.Fatalf("networkx %s output: %v\n%s", mode, err, out)
	}
	return g
}

// pyValue is what networkx should hold for a value of type t.
func pyValue(t network.AttrType, v string) [2]string {
	switch t {
	case network.AttrInteger:
		return [2]string{"int", v}
	case network.AttrDouble:
		return [2]string{"float", v}
	case network.AttrBoolean:
		return [2]string{"bool", v}
	}
	return [2]string{"str", v}
}

// samePyValue compares floats as numbers (Python writes 2.0 where Go writes 2).
func samePyValue(got, want [2]string) bool {
	if got[0] != want[0] {
		return false
	}
	if got[0] == "float" {
		g, err1 := strconv.ParseFloat(got[1], 64)
		w, err2 := strconv.ParseFloat(want[1], 64)
		return err1 == nil && err2 == nil && g == w
	}
	return got[1] == want[1]
}

func sameData(got, want map[string][2]string) bool {
	if len(got) != len(want) {
		return false
	}
	for k, w := range want {
		if g, ok := got[k]; !ok || !samePyValue(g, w) {
			return false
		}
	}
	return true
}

// wantPyNodes is what networkx should read for each node of g (as cleaned
// and read back by Import): its typed attributes and, in GEXF always, its label.
func wantPyNodes(g *network.ExportGraph, f network.Format) map[string]map[string][2]string {
	types := declTypes(g.NodeAttrs)
	out := map[string]map[string][2]string{}
	for _, n := range g.Nodes {
		d := map[string][2]string{}
		for k, v := range n.Attrs {
			if v != "" {
				d[k] = pyValue(types[k], v)
			}
		}
		switch {
		case n.Label != "":
			d["label"] = [2]string{"str", n.Label}
		case f == network.FormatGEXF: // networkx sets label None when absent
			d["label"] = [2]string{"NoneType", "None"}
		}
		out[n.ID] = d
	}
	return out
}

func wantPyEdge(g *network.ExportGraph, e network.ExportEdge) map[string][2]string {
	types := declTypes(g.EdgeAttrs)
	d := map[string][2]string{}
	for k, v := range e.Attrs {
		if v != "" {
			d[k] = pyValue(types[k], v)
		}
	}
	if e.Weight != 0 {
		d["weight"] = [2]string{"float", strconv.FormatFloat(e.Weight, 'g', -1, 64)}
	}
	return d
}

// TestNetworkxReadsExports writes the sample network in each format and
// checks networkx reads the same nodes, ties and typed attributes — labels
// and values as Export cleans them (a control character and a line break in
// a label here). The Kumu blueprint is read with Python's json module into a
// networkx graph: integers, doubles and booleans keep their types there too.
func TestNetworkxReadsExports(t *testing.T) {
	t.Parallel()
	py := requireNetworkx(t)
	g := sampleGraph()
	g.Nodes[3].Label = "Isolated\x01 Iris\n"
	dir := t.TempDir()
	for _, f := range network.Formats() {
		t.Run(string(f), func(t *testing.T) {
			data := export(t, f, g)
			path := filepath.Join(dir, "ties"+f.Extension())
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			read := importBack(t, f, data) // the cleaned values, as Go reads them
			nx := runNetworkx(t, py, string(f), path)
			if nx.Directed || nx.Multigraph {
				t.Errorf("networkx read directed=%v multigraph=%v, want a simple undirected graph", nx.Directed, nx.Multigraph)
			}
			want := wantPyNodes(read, f)
			if len(nx.Nodes) != len(want) {
				t.Errorf("networkx has %d nodes, want %d", len(nx.Nodes), len(want))
			}
			for id, w := range want {
				if got := nx.Nodes[id]; !sameData(got, w) {
					t.Errorf("node %q = %v, want %v", id, got, w)
				}
			}
			checkPyEdges(t, nx, read, f)
		})
	}
}

func checkPyEdges(t *testing.T, nx pyGraph, g *network.ExportGraph, f network.Format) {
	t.Helper()
	if len(nx.Edges) != len(g.Edges) {
		t.Fatalf("networkx has %d ties, want %d", len(nx.Edges), len(g.Edges))
	}
	byPair := map[[2]string]map[string][2]string{}
	for _, raw := range nx.Edges {
		var u, v string
		var d map[string][2]string
		if json.Unmarshal(raw[0], &u) != nil || json.Unmarshal(raw[1], &v) != nil || json.Unmarshal(raw[2], &d) != nil {
			t.Fatalf("bad edge %s", raw)
		}
		byPair[[2]string{min(u, v), max(u, v)}] = d
	}
	for _, e := range g.Edges {
		got, ok := byPair[[2]string{min(e.Source, e.Target), max(e.Source, e.Target)}]
		if want := wantPyEdge(g, e); !ok || !sameData(got, want) {
			t.Errorf("%s: tie %s–%s = %v, want %v", f, e.Source, e.Target, got, want)
		}
	}
}

// TestIgraphReadsGraphML reads the GraphML export with igraph, whose reader
// is libxml2 rather than Python's expat. igraph holds every number as a
// float and gives members without a value NaN, "" or False.
func TestIgraphReadsGraphML(t *testing.T) {
	t.Parallel()
	py := requirePythonModule(t, "igraph")
	g := sampleGraph()
	g.Nodes[3].Label = "Isolated\x01 Iris\n"
	data := export(t, network.FormatGraphML, g)
	path := filepath.Join(t.TempDir(), "ties.graphml")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	read := importBack(t, network.FormatGraphML, data)
	ig := runNetworkx(t, py, "igraph", path)
	if ig.Directed || ig.Multigraph {
		t.Errorf("igraph read directed=%v multigraph=%v, want a simple undirected graph", ig.Directed, ig.Multigraph)
	}
	want := igraphView(wantPyNodes(read, network.FormatGraphML), read.NodeAttrs)
	if len(ig.Nodes) != len(want) {
		t.Errorf("igraph has %d nodes, want %d", len(ig.Nodes), len(want))
	}
	for id, w := range want {
		if got := ig.Nodes[id]; !sameData(got, w) {
			t.Errorf("node %q = %v, want %v", id, got, w)
		}
	}
	pyEdges := map[string]map[string][2]string{}
	for _, e := range read.Edges {
		pyEdges[e.Source+"–"+e.Target] = igraphData(wantPyEdge(read, e), read.EdgeAttrs)
	}
	for _, raw := range ig.Edges {
		var u, v string
		var d map[string][2]string
		if json.Unmarshal(raw[0], &u) != nil || json.Unmarshal(raw[1], &v) != nil || json.Unmarshal(raw[2], &d) != nil {
			t.Fatalf("bad edge %s", raw)
		}
		w, ok := pyEdges[u+"–"+v]
		if !ok {
			w, ok = pyEdges[v+"–"+u]
		}
		if !ok || !sameData(d, w) {
			t.Errorf("tie %s–%s = %v, want %v", u, v, d, w)
		}
	}
	if len(ig.Edges) != len(read.Edges) {
		t.Errorf("igraph has %d ties, want %d", len(ig.Edges), len(read.Edges))
	}
}

func igraphView(nodes map[string]map[string][2]string, decls []network.AttrDecl) map[string]map[string][2]string {
	for id, d := range nodes {
		nodes[id] = igraphData(d, decls)
	}
	return nodes
}

// igraphData is what igraph holds for a networkx view: integers as floats,
// booleans not given as false.
func igraphData(d map[string][2]string, decls []network.AttrDecl) map[string][2]string {
	out := map[string][2]string{}
	for k, v := range d {
		if v[0] == "int" {
			v[0] = "float"
		}
		out[k] = v
	}
	for _, dec := range decls {
		if _, set := out[dec.Key]; !set && dec.Type == network.AttrBoolean {
			out[dec.Key] = [2]string{"bool", "false"}
		}
	}
	return out
}

// TestImportReadsNetworkx reads files networkx writes (GEXF 1.2draft and
// GraphML) with Import: same nodes, ties and typed attributes.
func TestImportReadsNetworkx(t *testing.T) {
	t.Parallel()
	py := requireNetworkx(t)
	base := filepath.Join(t.TempDir(), "nx")
	cmd := exec.Command(py, "-c", networkxScript, "write", base)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("networkx write: %v\n%s", err, out)
	}
	for _, f := range []network.Format{network.FormatGEXF, network.FormatGraphML} {
		t.Run(string(f), func(t *testing.T) {
			file, err := os.Open(base + f.Extension())
			if err != nil {
				t.Fatal(err)
			}
			defer file.Close()
			g, got, err := network.Import(file)
			if err != nil || got != f {
				t.Fatalf("import = %q, %v", got, err)
			}
			types := declTypes(g.NodeAttrs)
			for k, w := range map[string]network.AttrType{"organization": network.AttrString, "community": network.AttrInteger, "score": network.AttrDouble, "steward": network.AttrBoolean} {
				if types[k] != w {
					t.Errorf("%s declared %q, want %q", k, types[k], w)
				}
			}
			bLabel := ""
			if f == network.FormatGEXF {
				bLabel = "b" // networkx labels GEXF nodes with their id
			}
			checkNode(t, g.Nodes[0], "a", `Ana <&> "Nana"`, map[string]string{"organization": "Sunrise & Co", "community": "1", "score": "0.5", "steward": "true"})
			checkNode(t, g.Nodes[1], "b", bLabel, map[string]string{"organization": "350 Bay Area", "community": "2", "score": "1.25", "steward": "false"})
			if len(g.Nodes) != 3 || len(g.Edges) != 1 {
				t.Fatalf("%d nodes %d ties, want 3 and 1", len(g.Nodes), len(g.Edges))
			}
			e := g.Edges[0]
			if e.Source != "a" || e.Target != "b" || e.Weight != 2 || !sameAttrs(e.Attrs, map[string]string{"kind": "met at dinner", "count": "3"}) {
				t.Errorf("tie = %+v, want a–b weight 2 met at dinner, count 3", e)
			}
		})
	}
}
